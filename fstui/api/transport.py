"""The one place for transport concerns: auth, sending (429 waits, redirects, timeouts), the rate
budget and credit accounting, and turning failures into :mod:`fstui.api.errors`.

:class:`Transport` is the base of :class:`fstui.api.client.FreshserviceClient`; the endpoint
methods only say which path, which model and which parameters.

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
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Self
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError as PydanticValidationError

from fstui.api import errors as E
from fstui.api.models import Upload, parse_list, parse_one, to_wire
from fstui.api.multipart import check_uploads, dict_multi, file_parts, form_fields
from fstui.api.paging import Page, T, make_page
from fstui.api.ratelimit import RateBudget, parse_retry_after
from fstui.api.retry import RETRY_STATUSES, ReadRetry, say_tried
from fstui.api.urls import is_loopback, normalize_base_url

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)
DEFAULT_RETRY_AFTER = 10.0  # when a 429 comes without Retry-After (Freshservice always sends one)
MAX_REDIRECTS = 3

Sleep = Callable[[float], Awaitable[Any]]


class BasicAuth(httpx.Auth):
    """Basic auth whose secret never shows in a repr."""

    def __init__(self, username: str, password: str) -> None:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.__header = f"Basic {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self.__header
        yield request

    def __repr__(self) -> str:
        return "<BasicAuth [secret]>"


def retry_after_of(response: httpx.Response) -> float:
    """The wait a 429 asks for (DEFAULT_RETRY_AFTER when it does not say)."""
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    return DEFAULT_RETRY_AFTER if retry_after is None else retry_after


class Transport:
    """One shared ``httpx.AsyncClient`` and everything about sending on it.

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
        read_retry: ReadRetry | None = None,
    ) -> None:
        self.base_url = normalize_base_url(url=base_url)
        if api_key:
            auth: httpx.Auth = BasicAuth(api_key, "X")
            self.auth_kind = "api_key"
        elif email and password:
            auth = BasicAuth(email, password)
            self.auth_kind = "password"
        else:
            raise E.ConfigError(
                "no credentials: set FRESHSERVICE_API_KEY (or an api_key in the profile), "
                "or an agent email and password"
            )
        self.email = email
        #: which credentials these are, without them: who-am-I answers are kept per key (a colleague's
        #: key on the same account is another agent). A one-way hash, never the key itself.
        self.credential_id = hashlib.sha256(
            f"{self.auth_kind}\0{api_key or ''}\0{email or ''}\0{password or ''}".encode()).hexdigest()[:16]
        self.budget = budget if budget is not None else RateBudget()
        self.calls = 0
        self.credits = 0
        self._sleep = sleep
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        #: reads sent again after a 5xx or a dropped/refused connection (fstui/api/retry.py)
        self.read_retry = read_retry if read_retry is not None else ReadRetry()
        parts = urlsplit(self.base_url)
        self._origin = (parts.scheme, parts.netloc.lower())
        self._api_prefix = parts.path
        if timeout is None:
            timeout_obj = DEFAULT_TIMEOUT
        elif isinstance(timeout, httpx.Timeout):
            timeout_obj = timeout
        else:
            timeout_obj = httpx.Timeout(timeout)
        self._http_client: httpx.AsyncClient | None = None
        self._http_options: dict[str, Any] = dict(
            auth=auth,
            timeout=timeout_obj,
            transport=transport,
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": user_agent},
            limits=httpx.Limits(max_connections=10, max_keepalive_connections=5),
            # Proxy settings from the environment apply to the real service, never to the
            # loopback sandbox (a proxy would see the sandbox traffic or break it).
            trust_env=transport is None and not is_loopback(parts.hostname or ""),
        )

    @property
    def _http(self) -> httpx.AsyncClient:
        """The httpx client, made on first use: its TLS context (reading the CA bundle, ~15 ms) and
        connection pool are not needed to show what the cache holds when the app starts."""
        client = self._http_client
        if client is None:
            client = self._http_client = httpx.AsyncClient(**self._http_options)
        return client

    @property
    def http_timeout(self) -> httpx.Timeout:
        """The requests' timeouts (connect/read/write/pool, seconds), without making the client."""
        client = self._http_client
        return client.timeout if client is not None else self._http_options["timeout"]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url} auth={self.auth_kind}>"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def closed(self) -> bool:
        return self._http_client is not None and self._http_client.is_closed

    # ------------------------------------------------------------------ sending

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
        retry = 0  # reads sent again after a 5xx or a dropped/refused connection
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
            try:
                response = await self._send_once(method, url, clean_params, json_body, form, files,
                                                 read=read, display_path=display_path)
            except (E.ConnectionDropped, E.ConnectFailed) as exc:
                if not (read and self.read_retry.allowed(retry + 1, self.budget.fraction_remaining())):
                    raise say_tried(exc, retry + 1)
                retry += 1
                log.info("%s on %s %s; retry %d", type(exc).__name__, method, display_path, retry)
                await self._sleep(self.read_retry.delay(retry))
                continue
            if read and response.status_code in RETRY_STATUSES:
                if self.read_retry.allowed(retry + 1, self.budget.fraction_remaining()):
                    retry += 1
                    await response.aclose()
                    log.info("HTTP %s on %s %s; retry %d", response.status_code, method, display_path, retry)
                    if self.budget.retry_after_remaining() <= 0:  # else the wait above honours Retry-After
                        await self._sleep(self.read_retry.delay(retry))
                    continue
                await response.aread()
                raise say_tried(self._error(response, method, display_path), retry + 1)
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
        retry_after = retry_after_of(response) if response.status_code == 429 else None
        return E.error_from_body(response.status_code, body, retry_after=retry_after,
                                 method=method, path=path)

    async def _call(self, method: str, path: str, *, params=None, json_body=None,
                    uploads: Sequence[Upload] = (), form_payload: Mapping[str, Any] | None = None,
                    read: bool | None = None, expect_body: bool = True) -> tuple[Any, httpx.Response]:
        is_read = method in ("GET", "HEAD") if read is None else read
        files = None
        form = None
        if uploads:
            form = form_fields(form_payload or {})
            files = file_parts(uploads)
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

    # ------------------------------------------------------------------ request shapes

    async def _get_one(self, model: type[T], path: str, key: str, params=None) -> T:
        data, _ = await self._call("GET", path, params=params)
        return self._parse(lambda: parse_one(model, data, key), "GET", path)

    async def _get_list(self, model: type[T], path: str, plural: str, singular: str,
                        params=None) -> list[T]:
        """An unpaged list (the field definitions)."""
        data, _ = await self._call("GET", path, params=params)
        return self._parse(lambda: parse_list(model, data, plural, singular), "GET", path)

    async def _write_one(self, method: str, model: type[T], path: str, key: str,
                         payload: Mapping[str, Any], uploads: Sequence[Upload] = ()) -> T:
        uploads = check_uploads(uploads)
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
        return make_page(items, page, data, response.headers)

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
