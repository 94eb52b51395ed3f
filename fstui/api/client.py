"""FreshserviceClient: a thin typed layer over one shared ``httpx.AsyncClient``.

One method per endpoint of the reference (models in, models out). Transport concerns — auth,
redirect and HTTPS rules, the rate budget, waiting after a 429, error mapping — live in
:meth:`FreshserviceClient._send`, not in the endpoint methods.

Security rules:
- https only, except for a loopback host (the embedded sandbox);
- redirects are never followed automatically: a 3xx is only followed for a read to the same
  origin, anything else raises :class:`RedirectRefused` (credentials never go to another host
  or over plain http);
- the API key / password are never part of a repr, a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from fstui.api import errors as E
from fstui.api.models import (
    AGENT_CREATE_FIELDS,
    AGENT_UPDATE_FIELDS,
    GROUP_FIELDS,
    MAX_ATTACHMENTS_BYTES,
    REQUESTER_FIELDS,
    TICKET_CREATE_FIELDS,
    TICKET_UPDATE_FIELDS,
    Agent,
    Asset,
    Conversation,
    Group,
    Requester,
    RequesterField,
    Role,
    Ticket,
    TicketField,
    Upload,
    check_fields,
    format_utc,
    parse_list,
    parse_one,
    to_wire,
)
from fstui.api.ratelimit import RateBudget, parse_retry_after

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)

API_PATH = "/api/v2"
MAX_PER_PAGE = 100
MAX_FILTER_QUERY = 512
MAX_TICKET_FILTER_PAGE = 10  # the real service's limit for /tickets/filter
MAX_ASSET_FILTER_PAGE = 40  # "The page number starts with 1 and should not exceed 40."
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)
DEFAULT_RETRY_AFTER = 10.0  # when a 429 comes without Retry-After (Freshservice always sends one)
MAX_REDIRECTS = 3

TICKET_FILTERS = frozenset({"new_and_my_open", "watching", "spam", "deleted"})
TICKET_LIST_INCLUDES = frozenset({"stats", "requester"})
TICKET_VIEW_INCLUDES = frozenset({
    "conversations", "requester", "company", "tags", "stats", "problem", "assets", "change",
    "related_tickets",
})
ORDER_TYPES = frozenset({"asc", "desc"})
ASSET_ORDER_BY = frozenset({"id", "created_at", "updated_at"})
AGENT_STATES = frozenset({"fulltime", "occasional"})


# --------------------------------------------------------------------------- base URL


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_DOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def normalize_base_url(domain: str | None = None, url: str | None = None) -> str:
    """The API root (``.../api/v2``, no trailing slash) for a domain or a full URL.

    ``domain``: ``"acme"`` or ``"acme.freshservice.com"`` -> ``https://acme.freshservice.com/api/v2``.
    ``url``: the account root (``http://127.0.0.1:8765``) or the API root (``.../api/v2``).
    Plain http is refused unless the host is loopback. Raises :class:`ConfigError`.
    """
    if (domain is None) == (url is None):
        raise E.ConfigError("give either a Freshservice domain or a URL")
    if domain is not None:
        name = domain.strip().lower().rstrip("/")
        if "://" in name or "/" in name:
            raise E.ConfigError(f"{domain!r} is a URL, not a domain: use --url for it")
        if name.endswith(".freshservice.com"):
            name = name[: -len(".freshservice.com")]
        if not _DOMAIN_RE.match(name):
            raise E.ConfigError(
                f"{domain!r} is not a Freshservice domain (expected 'acme' or "
                "'acme.freshservice.com'; use --url for other hosts)"
            )
        return f"https://{name}.freshservice.com{API_PATH}"

    assert url is not None
    text = url.strip()
    if "://" not in text:
        raise E.ConfigError(f"URL {url!r} must start with https://")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise E.ConfigError(f"URL scheme {parts.scheme!r} is not supported (use https)")
    if parts.username is not None or parts.password is not None:
        raise E.ConfigError("the URL must not contain credentials")
    if parts.query or parts.fragment:
        raise E.ConfigError("the URL must not contain a query or a fragment")
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise E.ConfigError(f"invalid URL {url!r}") from exc
    if not host:
        raise E.ConfigError(f"URL {url!r} has no host")
    if scheme == "http" and not _is_loopback(host):
        raise E.ConfigError(f"plain http is only allowed for a loopback host, not {host!r}")
    host_part = f"[{host}]" if ":" in host else host
    netloc = host_part if port is None else f"{host_part}:{port}"
    path = parts.path.rstrip("/")
    if not path.endswith(API_PATH):
        path = path + API_PATH
    return f"{scheme}://{netloc}{path}"


# --------------------------------------------------------------------------- paging


@dataclass
class Page(Generic[T]):
    """One page of a list endpoint."""

    items: list[T]
    page: int
    next_page: int | None = None
    total: int | None = None
    next_url: str | None = field(default=None, repr=False)

    @property
    def has_next(self) -> bool:
        return self.next_page is not None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


_LINK_RE = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def parse_next_link(header: str | None) -> str | None:
    """The URL of the ``rel="next"`` entry of a Link header, if any."""
    if not header:
        return None
    for match in _LINK_RE.finditer(header):
        target, params = match.group(1), match.group(2)
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "rel" and "next" in value.strip().strip('"').split():
                return target.strip()
    return None


def _page_of(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("page")
    if not values:
        return None
    try:
        return int(values[0])
    except ValueError:
        return None


FILTER_PAGE_SIZE = 30  # "The number of objects returned per page is 30."


def _filter_next(page: Page[T], max_page: int) -> Page[T]:
    """Filter responses carry ``total`` rather than a link header: derive next_page from it,
    never beyond the endpoint's page limit."""
    if page.next_page is None and page.total is not None and page.items:
        if page.page * FILTER_PAGE_SIZE < page.total and page.page < max_page:
            page.next_page = page.page + 1
    if page.next_page is not None and page.next_page > max_page:
        page.next_page = None
    return page


def _check_paging(page: int, per_page: int | None = None) -> None:
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be a positive integer, not {page!r}")
    if per_page is not None and (not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE):
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page!r}")


def _choice(value: str | None, allowed: frozenset[str], name: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(sorted(allowed))}, not {value!r}")
    return value


def _includes(include: Iterable[str] | str, allowed: frozenset[str]) -> str | None:
    names = [include] if isinstance(include, str) else list(include)
    names = [n.strip() for name in names for n in name.split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise ValueError(f"unknown include(s) {', '.join(unknown)}")
    return ",".join(dict.fromkeys(names)) or None


def _quoted_query(query: str) -> str:
    """The filter query wrapped in the double quotes the API requires (checked <= 512)."""
    text = query.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    if not text:
        raise ValueError("the filter query is empty")
    if len(text) > MAX_FILTER_QUERY:
        raise ValueError(f"the filter query is longer than {MAX_FILTER_QUERY} characters")
    return f'"{text}"'


# --------------------------------------------------------------------------- auth


class _BasicAuth(httpx.Auth):
    """Basic auth whose secret never shows in a repr."""

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.__header = f"Basic {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self.__header
        yield request

    def __repr__(self) -> str:
        return "<BasicAuth [secret]>"


# --------------------------------------------------------------------------- multipart


def _form_fields(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A JSON-ish payload as multipart form fields (Rails conventions: ``a[]``, ``h[k]``)."""
    out: list[tuple[str, str]] = []

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return ""
        return str(value)

    for key, value in payload.items():
        value = to_wire(value)
        if isinstance(value, list):
            for item in value:
                out.append((f"{key}[]", scalar(item)))
        elif isinstance(value, dict):
            for sub, item in value.items():
                out.append((f"{key}[{sub}]", scalar(item)))
        elif value is not None:
            out.append((key, scalar(value)))
    return out


def _check_uploads(attachments: Sequence[Upload]) -> list[Upload]:
    uploads = list(attachments or ())
    for upload in uploads:
        if not isinstance(upload, Upload):
            raise TypeError(f"attachments must be Upload objects, not {type(upload).__name__}")
    total = sum(u.size for u in uploads)
    if total > MAX_ATTACHMENTS_BYTES:
        raise E.AttachmentsTooLarge(
            f"attachments total {total / 1048576:.1f} MB; the limit is "
            f"{MAX_ATTACHMENTS_BYTES // 1048576} MB"
        )
    return uploads


# --------------------------------------------------------------------------- client


Sleep = Callable[[float], Awaitable[Any]]


class FreshserviceClient:
    """The Freshservice API v2, one async method per endpoint.

    ``base_url``: account root or API root (see :func:`normalize_base_url`).
    Auth: ``api_key`` (sent as Basic ``key:X``) or ``email`` + ``password``.
    ``transport``: an httpx transport (tests pass ``httpx.MockTransport``).
    ``sleep``: how to wait after a 429 (tests inject a fake). Reads wait at most
    ``max_retry_wait`` seconds per attempt and retry ``max_retries`` times; writes never wait.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        email: str | None = None,
        password: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        budget: RateBudget | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 3,
        max_retry_wait: float = 120.0,
        user_agent: str = "fstui/0.1",
    ) -> None:
        self.base_url = normalize_base_url(url=base_url)
        if api_key:
            auth: httpx.Auth = _BasicAuth(api_key, "X")
            self.auth_kind = "api_key"
        elif email and password:
            auth = _BasicAuth(email, password)
            self.auth_kind = "password"
        else:
            raise E.ConfigError(
                "no credentials: set FRESHSERVICE_API_KEY (or an api_key in the profile), "
                "or an agent email and password"
            )
        self.email = email
        self.budget = budget if budget is not None else RateBudget()
        self.calls = 0
        self.credits = 0
        self._sleep = sleep
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        parts = urlsplit(self.base_url)
        self._origin = (parts.scheme, parts.netloc.lower())
        self._api_prefix = parts.path
        if timeout is None:
            timeout_obj = DEFAULT_TIMEOUT
        elif isinstance(timeout, httpx.Timeout):
            timeout_obj = timeout
        else:
            timeout_obj = httpx.Timeout(timeout)
        self._http = httpx.AsyncClient(
            auth=auth,
            timeout=timeout_obj,
            transport=transport,
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": user_agent},
            limits=httpx.Limits(max_connections=10, max_keepalive_connections=5),
            # Proxy settings from the environment apply to the real service, never to the
            # loopback sandbox (a proxy would see the sandbox traffic or break it).
            trust_env=transport is None and not _is_loopback(urlsplit(self.base_url).hostname or ""),
        )

    def __repr__(self) -> str:
        return f"<FreshserviceClient {self.base_url} auth={self.auth_kind}>"

    async def __aenter__(self) -> FreshserviceClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def closed(self) -> bool:
        return self._http.is_closed

    # ------------------------------------------------------------------ transport core

    def _url(self, path: str) -> str:
        return self.base_url + path

    def _same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme.lower(), parts.netloc.lower()) == self._origin

    async def _send(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        form: list[tuple[str, str]] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
        read: bool,
    ) -> httpx.Response:
        """Send one logical request: waits/retries 429 for reads, maps every error."""
        url = path_or_url if "://" in path_or_url else self._url(path_or_url)
        display_path = urlsplit(url).path
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            wait = self.budget.retry_after_remaining()
            if wait > 0:
                if not read:
                    raise E.RateLimited(429, "rate limit reached; not sent", retry_after=wait,
                                        method=method, path=display_path)
                if wait > self.max_retry_wait:
                    raise E.RateLimited(429, "rate limit reached", retry_after=wait,
                                        method=method, path=display_path)
                await self._sleep(wait)
            response = await self._send_once(method, url, clean_params, json_body, form, files,
                                             read=read, display_path=display_path)
            if response.status_code != 429:
                return response
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is None:
                retry_after = DEFAULT_RETRY_AFTER
                self.budget.set_retry_after(retry_after)
            if not read or attempt >= self.max_retries or retry_after > self.max_retry_wait:
                raise self._error(response, method, display_path)
            attempt += 1
            log.info("429 on %s %s; retrying in %.1fs", method, display_path, retry_after)
            # The loop's pre-send wait honours the deadline the 429 just set.

    async def _send_once(self, method, url, params, json_body, form, files, *, read: bool,
                         display_path: str) -> httpx.Response:
        redirects = 0
        while True:
            try:
                request = self._http.build_request(
                    method, url, params=params or None,
                    json=json_body if form is None and files is None else None,
                    data=dict_multi(form) if form is not None or files else None,
                    files=files or None,
                )
                response = await self._http.send(request)
            except httpx.ConnectTimeout as exc:
                raise E.ConnectFailed(f"connection to {self._origin[1]} timed out") from exc
            except httpx.PoolTimeout as exc:
                raise E.ConnectFailed("no free connection (pool timeout)") from exc
            except httpx.ConnectError as exc:
                raise E.ConnectFailed(f"cannot connect to {self._origin[1]}") from exc
            except httpx.TimeoutException as exc:
                raise E.RequestTimeout(f"{method} {display_path} timed out") from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError,
                    httpx.CloseError) as exc:
                raise E.ConnectionDropped(f"connection dropped during {method} {display_path}") from exc
            except httpx.UnsupportedProtocol as exc:
                raise E.ConfigError(f"unsupported URL for {method} {display_path}") from exc
            except httpx.TransportError as exc:
                raise E.ConnectionDropped(f"network error during {method} {display_path}") from exc
            self._account(response)
            log.debug("%s %s -> %s", method, display_path, response.status_code)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                target = str(response.url.join(location)) if location else ""
                await response.aclose()
                if not target:
                    raise E.RedirectRefused(f"{method} {display_path}: redirect without Location")
                if not self._same_origin(target):
                    raise E.RedirectRefused(
                        f"{method} {display_path} was redirected to another host or to http "
                        f"({urlsplit(target).scheme}://{urlsplit(target).hostname}); "
                        "credentials are not sent there — check the domain/URL",
                        location=target,
                    )
                if not read or redirects >= MAX_REDIRECTS:
                    raise E.RedirectRefused(
                        f"{method} {display_path} was redirected; not followed for a write",
                        location=target,
                    )
                redirects += 1
                url, params = target, None
                continue
            return response

    def _account(self, response: httpx.Response) -> None:
        self.calls += 1
        used = response.headers.get("X-RateLimit-Used-CurrentRequest")
        if used is not None:
            try:
                self.credits += int(float(used))
            except ValueError:
                pass
        self.budget.update(response.headers)

    def _error(self, response: httpx.Response, method: str, path: str) -> E.ApiError:
        body: Any = None
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            body = response.text if response.text else None
        retry_after = None
        if response.status_code == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is None:
                retry_after = DEFAULT_RETRY_AFTER
        return E.error_from_body(response.status_code, body, retry_after=retry_after,
                                 method=method, path=path)

    async def _call(self, method: str, path: str, *, params=None, json_body=None,
                    uploads: Sequence[Upload] = (), form_payload: Mapping[str, Any] | None = None,
                    read: bool | None = None, expect_body: bool = True) -> tuple[Any, httpx.Response]:
        is_read = method in ("GET", "HEAD") if read is None else read
        files = None
        form = None
        if uploads:
            form = _form_fields(form_payload or {})
            files = [("attachments[]", (u.filename, u.content, u.content_type)) for u in uploads]
            json_body = None
        response = await self._send(method, path, params=params, json_body=json_body, form=form,
                                    files=files, read=is_read)
        display_path = urlsplit(str(response.url)).path
        try:
            if 300 <= response.status_code < 400:
                raise E.RedirectRefused(
                    f"{method} {display_path}: unexpected HTTP {response.status_code}")
            if response.status_code >= 400 or response.status_code < 200:
                await response.aread()
                raise self._error(response, method, display_path)
            if not expect_body or response.status_code == 204 or not response.content:
                return None, response
            try:
                return response.json(), response
            except ValueError as exc:
                raise E.InvalidResponse(
                    f"{method} {display_path}: the response is not JSON") from exc
        finally:
            await response.aclose()

    def _parse(self, fn: Callable[[], Any], method: str, path: str) -> Any:
        try:
            return fn()
        except (ValueError, PydanticValidationError) as exc:
            raise E.InvalidResponse(
                f"{method} {path}: the response does not match the documented shape: "
                f"{str(exc).splitlines()[0]}"
            ) from exc

    async def _get_one(self, model: type[T], path: str, key: str, params=None) -> T:
        data, _ = await self._call("GET", path, params=params)
        return self._parse(lambda: parse_one(model, data, key), "GET", path)

    async def _write_one(self, method: str, model: type[T], path: str, key: str,
                         payload: Mapping[str, Any], uploads: Sequence[Upload] = ()) -> T:
        uploads = _check_uploads(uploads)
        data, _ = await self._call(method, path, json_body=to_wire(dict(payload)),
                                   uploads=uploads, form_payload=payload)
        return self._parse(lambda: parse_one(model, data, key), method, path)

    async def _delete(self, path: str) -> None:
        await self._call("DELETE", path, expect_body=False)

    async def _get_page(self, model: type[T], path_or_url: str, plural: str, page: int,
                        params: Mapping[str, Any] | None = None,
                        singular: str | None = None) -> Page[T]:
        data, response = await self._call("GET", path_or_url, params=params)
        items = self._parse(lambda: parse_list(model, data if data is not None else {plural: []},
                                               plural, singular), "GET", path_or_url)
        next_url = parse_next_link(response.headers.get("link"))
        next_page = None
        if next_url:
            next_page = _page_of(next_url) or page + 1
        total = None
        if isinstance(data, dict) and isinstance(data.get("total"), int):
            total = data["total"]
        else:
            for header in ("X-Total-Count", "Total", "X-Total"):
                value = response.headers.get(header)
                if value and value.strip().isdigit():
                    total = int(value)
                    break
        return Page(items=items, page=page, next_page=next_page, total=total, next_url=next_url)

    async def _iterate(self, model: type[T], path: str, plural: str,
                       params: Mapping[str, Any], singular: str | None = None) -> AsyncIterator[T]:
        """Follow ``link: <...>; rel="next"`` until it is absent."""
        page_no = int(params.get("page") or 1)
        current: str = path
        current_params: Mapping[str, Any] | None = params
        seen: set[str] = set()
        while True:
            page = await self._get_page(model, current, plural, page_no, current_params, singular)
            for item in page.items:
                yield item
            if not page.next_url:
                return
            target = str(httpx.URL(self._url(path)).join(page.next_url))
            if not self._same_origin(target):
                raise E.RedirectRefused(
                    "the next-page link points to another host or to http; not followed",
                    location=target,
                )
            if target in seen:  # a server that links a page to itself must not loop us
                return
            seen.add(target)
            current, current_params = target, None
            page_no = page.next_page or page_no + 1

    # ------------------------------------------------------------------ tickets

    def _ticket_list_params(self, *, filter, requester_id, email, updated_since, order_type,
                            include, per_page) -> dict[str, Any]:
        if isinstance(updated_since, (datetime, date)):
            updated_since = format_utc(updated_since) if isinstance(updated_since, datetime) \
                else updated_since.isoformat()
        return {
            "filter": _choice(filter, TICKET_FILTERS, "filter"),
            "requester_id": requester_id,
            "email": email,
            "updated_since": updated_since,
            "order_type": _choice(order_type, ORDER_TYPES, "order_type"),
            "include": _includes(include, TICKET_LIST_INCLUDES),
            "per_page": per_page,
        }

    async def list_tickets(self, *, filter: str | None = None, requester_id: int | None = None,
                           email: str | None = None,
                           updated_since: datetime | date | str | None = None,
                           order_type: str | None = None, include: Iterable[str] = (),
                           page: int = 1, per_page: int = 30) -> Page[Ticket]:
        """GET /tickets (one page). ``include``: stats, requester (2 extra credits each)."""
        _check_paging(page, per_page)
        params = self._ticket_list_params(filter=filter, requester_id=requester_id, email=email,
                                          updated_since=updated_since, order_type=order_type,
                                          include=include, per_page=per_page)
        params["page"] = page
        return await self._get_page(Ticket, "/tickets", "tickets", page, params, "ticket")

    def iter_tickets(self, *, filter: str | None = None, requester_id: int | None = None,
                     email: str | None = None, updated_since: datetime | date | str | None = None,
                     order_type: str | None = None, include: Iterable[str] = (),
                     per_page: int = 100) -> AsyncIterator[Ticket]:
        _check_paging(1, per_page)
        params = self._ticket_list_params(filter=filter, requester_id=requester_id, email=email,
                                          updated_since=updated_since, order_type=order_type,
                                          include=include, per_page=per_page)
        params["page"] = 1
        return self._iterate(Ticket, "/tickets", "tickets", params, "ticket")

    async def get_ticket(self, id: int, include: Iterable[str] = ()) -> Ticket:
        """GET /tickets/[id]; ``include``: conversations, requester, tags, stats, problem, ..."""
        params = {"include": _includes(include, TICKET_VIEW_INCLUDES)}
        return await self._get_one(Ticket, f"/tickets/{int(id)}", "ticket", params)

    async def create_ticket(self, fields: Mapping[str, Any],
                            attachments: Sequence[Upload] = ()) -> Ticket:
        payload = check_fields(dict(fields), TICKET_CREATE_FIELDS, "create ticket")
        return await self._write_one("POST", Ticket, "/tickets", "ticket", payload, attachments)

    async def update_ticket(self, id: int, fields: Mapping[str, Any],
                            attachments: Sequence[Upload] = ()) -> Ticket:
        payload = check_fields(dict(fields), TICKET_UPDATE_FIELDS, "update ticket")
        return await self._write_one("PUT", Ticket, f"/tickets/{int(id)}", "ticket", payload,
                                     attachments)

    async def delete_ticket(self, id: int) -> None:
        await self._delete(f"/tickets/{int(id)}")

    async def restore_ticket(self, id: int) -> None:
        """PUT /tickets/[id]/restore (the reference's heading says GET; its sample and the
        real service use PUT with an empty body)."""
        await self._call("PUT", f"/tickets/{int(id)}/restore", expect_body=False)

    async def list_ticket_fields(self, type: str | None = None) -> list[TicketField]:
        path = "/ticket_fields"
        data, _ = await self._call("GET", path, params={"type": type})
        return self._parse(lambda: parse_list(TicketField, data, "ticket_fields", "ticket_field"),
                           "GET", path)

    async def filter_tickets(self, query: str, page: int = 1) -> Page[Ticket]:
        """GET /tickets/filter?query="..." (30 per page, ``total`` set, page <= 10)."""
        _check_paging(page)
        if page > MAX_TICKET_FILTER_PAGE:
            raise ValueError(f"the ticket filter only pages up to {MAX_TICKET_FILTER_PAGE}")
        params = {"query": _quoted_query(query), "page": page}
        result = await self._get_page(Ticket, "/tickets/filter", "tickets", page, params, "ticket")
        return _filter_next(result, MAX_TICKET_FILTER_PAGE)

    # ------------------------------------------------------------------ conversations

    async def create_reply(self, ticket_id: int, body: str, *, from_email: str | None = None,
                           cc_emails: Sequence[str] | None = None,
                           bcc_emails: Sequence[str] | None = None,
                           user_id: int | None = None,
                           attachments: Sequence[Upload] = ()) -> Conversation:
        payload: dict[str, Any] = {"body": body}
        if from_email is not None:
            payload["from_email"] = from_email
        if user_id is not None:
            payload["user_id"] = user_id
        if cc_emails:
            payload["cc_emails"] = list(cc_emails)
        if bcc_emails:
            payload["bcc_emails"] = list(bcc_emails)
        return await self._write_one("POST", Conversation, f"/tickets/{int(ticket_id)}/reply",
                                     "conversation", payload, attachments)

    async def create_note(self, ticket_id: int, body: str, *, private: bool = True,
                          notify_emails: Sequence[str] | None = None,
                          incoming: bool | None = None, user_id: int | None = None,
                          attachments: Sequence[Upload] = ()) -> Conversation:
        payload: dict[str, Any] = {"body": body, "private": bool(private)}
        if notify_emails:
            payload["notify_emails"] = list(notify_emails)
        if incoming is not None:
            payload["incoming"] = bool(incoming)
        if user_id is not None:
            payload["user_id"] = user_id
        return await self._write_one("POST", Conversation, f"/tickets/{int(ticket_id)}/notes",
                                     "conversation", payload, attachments)

    async def update_conversation(self, id: int, body: str,
                                  attachments: Sequence[Upload] = ()) -> Conversation:
        return await self._write_one("PUT", Conversation, f"/conversations/{int(id)}",
                                     "conversation", {"body": body}, attachments)

    async def delete_conversation(self, id: int) -> None:
        await self._delete(f"/conversations/{int(id)}")

    async def list_conversations(self, ticket_id: int, page: int = 1,
                                 per_page: int = 30) -> Page[Conversation]:
        _check_paging(page, per_page)
        return await self._get_page(Conversation, f"/tickets/{int(ticket_id)}/conversations",
                                    "conversations", page, {"page": page, "per_page": per_page},
                                    "conversation")

    def iter_conversations(self, ticket_id: int, per_page: int = 100) -> AsyncIterator[Conversation]:
        _check_paging(1, per_page)
        return self._iterate(Conversation, f"/tickets/{int(ticket_id)}/conversations",
                             "conversations", {"page": 1, "per_page": per_page}, "conversation")

    # ------------------------------------------------------------------ assets

    def _asset_params(self, order_by, order_type, trashed, include_type_fields, per_page):
        return {
            "order_by": _choice(order_by, ASSET_ORDER_BY, "order_by"),
            "order_type": _choice(order_type, ORDER_TYPES, "order_type"),
            "trashed": "true" if trashed else None,
            "include": "type_fields" if include_type_fields else None,
            "per_page": per_page,
        }

    async def list_assets(self, *, order_by: str | None = None, order_type: str | None = None,
                          trashed: bool = False, include_type_fields: bool = False,
                          page: int = 1, per_page: int = 30) -> Page[Asset]:
        """GET /assets (``include_type_fields`` costs 2 extra credits)."""
        _check_paging(page, per_page)
        params = self._asset_params(order_by, order_type, trashed, include_type_fields, per_page)
        params["page"] = page
        return await self._get_page(Asset, "/assets", "assets", page, params, "asset")

    def iter_assets(self, *, order_by: str | None = None, order_type: str | None = None,
                    trashed: bool = False, include_type_fields: bool = False,
                    per_page: int = 100) -> AsyncIterator[Asset]:
        _check_paging(1, per_page)
        params = self._asset_params(order_by, order_type, trashed, include_type_fields, per_page)
        params["page"] = 1
        return self._iterate(Asset, "/assets", "assets", params, "asset")

    async def get_asset(self, display_id: int, include_type_fields: bool = False) -> Asset:
        params = {"include": "type_fields" if include_type_fields else None}
        return await self._get_one(Asset, f"/assets/{int(display_id)}", "asset", params)

    async def filter_assets(self, query: str, page: int = 1,
                            include_type_fields: bool = False) -> Page[Asset]:
        """GET /assets?query="..." (30 per page, ``total`` set, page <= 40)."""
        _check_paging(page)
        if page > MAX_ASSET_FILTER_PAGE:
            raise ValueError(f"the asset filter only pages up to {MAX_ASSET_FILTER_PAGE}")
        params = {
            "include": "type_fields" if include_type_fields else None,
            "query": _quoted_query(query),
            "page": page,
        }
        result = await self._get_page(Asset, "/assets", "assets", page, params, "asset")
        return _filter_next(result, MAX_ASSET_FILTER_PAGE)

    # ------------------------------------------------------------------ requesters

    async def list_requesters(self, *, email: str | None = None,
                              mobile_phone_number: str | None = None,
                              work_phone_number: str | None = None, page: int = 1,
                              per_page: int = 30) -> Page[Requester]:
        _check_paging(page, per_page)
        params = {"email": email, "mobile_phone_number": mobile_phone_number,
                  "work_phone_number": work_phone_number, "page": page, "per_page": per_page}
        return await self._get_page(Requester, "/requesters", "requesters", page, params,
                                    "requester")

    def iter_requesters(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                        work_phone_number: str | None = None,
                        per_page: int = 100) -> AsyncIterator[Requester]:
        _check_paging(1, per_page)
        params = {"email": email, "mobile_phone_number": mobile_phone_number,
                  "work_phone_number": work_phone_number, "page": 1, "per_page": per_page}
        return self._iterate(Requester, "/requesters", "requesters", params, "requester")

    async def get_requester(self, id: int) -> Requester:
        return await self._get_one(Requester, f"/requesters/{int(id)}", "requester")

    async def create_requester(self, fields: Mapping[str, Any]) -> Requester:
        payload = check_fields(dict(fields), REQUESTER_FIELDS, "create requester")
        return await self._write_one("POST", Requester, "/requesters", "requester", payload)

    async def update_requester(self, id: int, fields: Mapping[str, Any]) -> Requester:
        payload = check_fields(dict(fields), REQUESTER_FIELDS, "update requester")
        return await self._write_one("PUT", Requester, f"/requesters/{int(id)}", "requester",
                                     payload)

    async def delete_requester(self, id: int) -> None:
        await self._delete(f"/requesters/{int(id)}")

    async def list_requester_fields(self) -> list[RequesterField]:
        path = "/requester_fields"
        data, _ = await self._call("GET", path)
        return self._parse(
            lambda: parse_list(RequesterField, data, "requester_fields", "requester_field"),
            "GET", path)

    # ------------------------------------------------------------------ agents

    async def list_agents(self, *, email: str | None = None,
                          mobile_phone_number: str | None = None,
                          work_phone_number: str | None = None, state: str | None = None,
                          page: int = 1, per_page: int = 30) -> Page[Agent]:
        _check_paging(page, per_page)
        params = {"email": email, "mobile_phone_number": mobile_phone_number,
                  "work_phone_number": work_phone_number,
                  "state": _choice(state, AGENT_STATES, "state"),
                  "page": page, "per_page": per_page}
        return await self._get_page(Agent, "/agents", "agents", page, params, "agent")

    def iter_agents(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                    work_phone_number: str | None = None, state: str | None = None,
                    per_page: int = 100) -> AsyncIterator[Agent]:
        _check_paging(1, per_page)
        params = {"email": email, "mobile_phone_number": mobile_phone_number,
                  "work_phone_number": work_phone_number,
                  "state": _choice(state, AGENT_STATES, "state"),
                  "page": 1, "per_page": per_page}
        return self._iterate(Agent, "/agents", "agents", params, "agent")

    async def get_agent(self, id: int) -> Agent:
        return await self._get_one(Agent, f"/agents/{int(id)}", "agent")

    async def create_agent(self, fields: Mapping[str, Any]) -> Agent:
        payload = check_fields(dict(fields), AGENT_CREATE_FIELDS, "create agent")
        return await self._write_one("POST", Agent, "/agents", "agent", payload)

    async def update_agent(self, id: int, fields: Mapping[str, Any]) -> Agent:
        payload = check_fields(dict(fields), AGENT_UPDATE_FIELDS, "update agent")
        return await self._write_one("PUT", Agent, f"/agents/{int(id)}", "agent", payload)

    async def delete_agent(self, id: int) -> None:
        await self._delete(f"/agents/{int(id)}")

    # ------------------------------------------------------------------ roles

    async def list_roles(self, page: int = 1, per_page: int = 30) -> Page[Role]:
        _check_paging(page, per_page)
        return await self._get_page(Role, "/roles", "roles", page,
                                    {"page": page, "per_page": per_page}, "role")

    def iter_roles(self, per_page: int = 100) -> AsyncIterator[Role]:
        _check_paging(1, per_page)
        return self._iterate(Role, "/roles", "roles", {"page": 1, "per_page": per_page}, "role")

    async def get_role(self, id: int) -> Role:
        return await self._get_one(Role, f"/roles/{int(id)}", "role")

    # ------------------------------------------------------------------ groups

    async def list_groups(self, page: int = 1, per_page: int = 30) -> Page[Group]:
        _check_paging(page, per_page)
        return await self._get_page(Group, "/groups", "groups", page,
                                    {"page": page, "per_page": per_page}, "group")

    def iter_groups(self, per_page: int = 100) -> AsyncIterator[Group]:
        _check_paging(1, per_page)
        return self._iterate(Group, "/groups", "groups", {"page": 1, "per_page": per_page},
                             "group")

    async def get_group(self, id: int) -> Group:
        return await self._get_one(Group, f"/groups/{int(id)}", "group")

    async def create_group(self, fields: Mapping[str, Any]) -> Group:
        payload = check_fields(dict(fields), GROUP_FIELDS, "create group")
        return await self._write_one("POST", Group, "/groups", "group", payload)

    async def update_group(self, id: int, fields: Mapping[str, Any]) -> Group:
        payload = check_fields(dict(fields), GROUP_FIELDS, "update group")
        return await self._write_one("PUT", Group, f"/groups/{int(id)}", "group", payload)

    async def delete_group(self, id: int) -> None:
        await self._delete(f"/groups/{int(id)}")


def dict_multi(form: list[tuple[str, str]] | None) -> dict[str, Any] | None:
    """httpx ``data=`` wants a dict; repeated keys (``a[]``) become lists."""
    if form is None:
        return None
    out: dict[str, Any] = {}
    for key, value in form:
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = [value] if key.endswith("[]") else value
    return out
