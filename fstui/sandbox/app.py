"""The sandbox ASGI app: a Freshservice API v2 compatible server (Starlette).

``create_app()`` builds it; every /api/v2 request goes through ``Sandbox.handle_api``, which applies,
in this order: rate limit (429), Accept (406), authentication (401), routing (404/405), content type
and JSON (415/400), permission (403), then the endpoint. Every API response carries the
X-RateLimit-* headers; invalid requests are charged too.

Control endpoints (no auth, loopback clients only; documented in README):
    GET  /_sandbox/stats     {"requests", "credits", "by_endpoint", "by_status", "faults", "rate"}
    POST /_sandbox/reset     back to the seeded data; faults off, plan and counters as at start
    POST /_sandbox/faults    {"rate_429", "rate_500", "drop", "slow", "timeout_after_apply", "seed",
                              "retry_after", "slow_seconds", "timeout_seconds"}; {} turns faults off
    POST /_sandbox/plan      {"plan": "starter", "total": N, "window_seconds": N, "list_limit": N,
                              "remaining": N}: change the rate plan / budget (counters restart)
    POST /_sandbox/clock     {"advance": seconds}: move the server's clock forward (rate windows, "now")
    GET  /_sandbox/attachments/{id}/{name}   the bytes of an uploaded attachment
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import DEMO_API_KEY
from . import persist
from . import seed as seedmod
from .faults import FaultConfig, FaultInjector
from .limits import DEFAULT_PLAN, RateLimiter, endpoint_class, request_cost
from .store import MAX_ATTACHMENT_BYTES, Store
from .validation import ApiError, simple_error

API_VERSION_HEADER = ("X-Freshservice-Api-Version", "latest=v2; requested=v2")


@dataclass
class Upload:
    name: str
    content_type: str
    content: bytes


@dataclass
class Ctx:
    sb: Sandbox
    request: Request
    agent: dict
    params: dict[str, int]
    payload: dict = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)
    form: bool = False
    now: float = 0.0

    @property
    def query(self):
        return self.request.query_params

    @property
    def store(self) -> Store:
        return self.sb.store

    @property
    def base_url(self) -> str:
        return str(self.request.base_url).rstrip("/")


@dataclass
class Resp:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    cost: int = 1


Handler = Callable[[Ctx], Resp]


@dataclass
class RouteSpec:
    template: str
    regex: re.Pattern
    methods: dict[str, Handler]


def _compile(template: str) -> re.Pattern:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return re.compile("^" + pattern + "/?$")


class Sandbox:
    """The state behind one app: the account's data, rate budget, faults and request statistics."""

    #: Serve assets as the reference's API index has them (view and list only; writes 405). The default is
    #: today's accounts, which accept asset writes (routes/asset_writes.py). Set it on ``app.state.sandbox``
    #: (``fstui sandbox --assets-read-only`` does).
    assets_read_only: bool = False

    def __init__(
        self,
        *,
        seed: int = 1,
        tickets: int = 2000,
        plan: str = DEFAULT_PLAN,
        faults: FaultConfig | dict | str | None = None,
        api_key: str = DEMO_API_KEY,
        clock: Callable[[], float] | None = None,
        state_path: str | Path | None = None,
        workspaces: bool = True,
    ) -> None:
        self.clock = clock or time.time
        self.workspaces = workspaces  # False: an account with one (primary) workspace
        self.clock_offset = 0.0
        self.seed = seed
        self.ticket_count = tickets
        # The demo desk keeps its account between runs (persist.py); without a path: seeded, nothing saved.
        self.state_path = Path(state_path) if state_path is not None else None
        saved = persist.read_state(self.state_path, seed=seed, tickets=tickets) if self.state_path else None
        self.api_key = api_key
        self.initial_plan = plan
        if isinstance(faults, str):
            faults = FaultConfig.parse_spec(faults)
        self.initial_faults = faults if isinstance(faults, FaultConfig) else FaultConfig.from_dict(faults)
        self.seed_data = seedmod.generate(seed, tickets, float(saved["anchor"]) if saved else self.clock(),
                                          workspaces=workspaces)
        self.store = Store(self.seed_data)
        if saved:
            persist.apply_state(self.store, saved)
        self._state_mark = self._state_file_mark()
        self.limiter = RateLimiter(plan)
        self.faults = FaultInjector(self.initial_faults)
        self._reset_stats()
        from . import routes  # the endpoint handlers

        self.routes: list[RouteSpec] = [
            RouteSpec(t, _compile(t), methods) for t, methods in routes.ROUTES
        ]

    # --- control -----------------------------------------------------------------------------------
    def now(self) -> float:
        return self.clock() + self.clock_offset

    def _reset_stats(self) -> None:
        self.requests = 0
        self.credits = 0
        self.by_endpoint: Counter[str] = Counter()
        self.by_status: Counter[str] = Counter()

    def save_state(self) -> None:
        """Write the account's changes to the state file (the demo desk; no-op without one)."""
        if self.state_path is not None:
            persist.write_state(self.state_path, persist.snapshot(
                self.store, seed=self.seed, tickets=self.ticket_count, anchor=self.seed_data.anchor))
            self._state_mark = self._state_file_mark()

    def _state_file_mark(self) -> tuple[int, int] | None:
        try:
            stat = self.state_path.stat() if self.state_path is not None else None
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size) if stat is not None else None

    def load_changes_from_disk(self) -> None:
        """Another process on the same demo desk (the CLI while the TUI runs) saved the account: take its
        state before answering, so both see one account and the next save does not undo the other's."""
        mark = self._state_file_mark()
        if mark is None or mark == self._state_mark:
            return
        self._state_mark = mark
        saved = persist.read_state(self.state_path, seed=self.seed, tickets=self.ticket_count)
        if saved is None or float(saved["anchor"]) != self.seed_data.anchor:
            return
        self.store.reset()
        persist.apply_state(self.store, saved)

    def reset(self) -> None:
        self.store.reset()
        self.save_state()
        self.limiter = RateLimiter(self.initial_plan)
        self.faults.configure(self.initial_faults)
        self.clock_offset = 0.0
        self._reset_stats()

    def stats(self) -> dict:
        return {
            "requests": self.requests,
            "credits": self.credits,
            "by_endpoint": dict(self.by_endpoint),
            "by_status": dict(self.by_status),
            "faults": dict(self.faults.counts),
            "rate": self.limiter.describe(self.now()),
        }

    # --- auth --------------------------------------------------------------------------------------
    def authenticate(self, header: str | None) -> dict | None:
        if not header or not header.lower().startswith("basic "):
            return None
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        if not sep:
            return None
        agents = self.store.agents
        if "@" in user:
            for agent in agents.values():
                if (agent.get("email") or "").lower() == user.lower() and agent.get("_password") and \
                        agent["_password"] == password:
                    return agent
            return None
        if user == self.api_key:
            demo = agents.get(seedmod.USER_ID_BASE + 1)
            return demo
        for agent in agents.values():
            if agent.get("_api_key") and agent["_api_key"] == user:
                return agent
        return None

    def match(self, path: str) -> tuple[RouteSpec, dict[str, int]] | None:
        for spec in self.routes:
            m = spec.regex.match(path)
            if m:
                params = {}
                for key, value in m.groupdict().items():
                    if not value.isdigit():
                        return spec, {"__bad__": 1}
                    params[key] = int(value)
                return spec, params
        return None

    # --- the API -----------------------------------------------------------------------------------
    async def handle_api(self, request: Request) -> Response:
        if self.state_path is not None:
            self.load_changes_from_disk()
        now = self.now()
        method = request.method
        matched = self.match(request.url.path)
        template = matched[0].template if matched else "(unknown)"
        ticket_list = method == "GET" and template == "/api/v2/tickets"
        endpoint = endpoint_class(method, template)
        self.requests += 1
        self.by_endpoint[f"{method} {template}"] += 1

        if self.limiter.exhausted(now, ticket_list=ticket_list, endpoint=endpoint):
            retry_after = self.limiter.retry_after(now)
            headers = self.limiter.headers(now, 0)
            headers["Retry-After"] = str(retry_after)
            return self._finish(429, {"code": "rate_limit_exceeded",
                                      "message": f"You have exceeded the limit of requests. Retry after {retry_after} seconds."},
                                headers)
        cost = 1
        try:
            resp = await self._dispatch(request, matched, now)
            cost = resp.cost
        except ApiError as exc:
            resp = Resp(exc.status, exc.body, exc.headers)
        self.limiter.charge(now, cost, ticket_list=ticket_list, endpoint=endpoint)
        self.credits += cost
        if self.state_path is not None and method not in ("GET", "HEAD") and resp.status < 400:
            self.save_state()  # at once: a write the client was told succeeded is on disk
        headers = self.limiter.headers(now, cost)
        headers.update(resp.headers)
        return self._finish(resp.status, resp.body, headers)

    def _finish(self, status: int, body: Any, headers: dict[str, str]) -> Response:
        self.by_status[str(status)] += 1
        headers[API_VERSION_HEADER[0]] = API_VERSION_HEADER[1]
        if status == 204 or body is None:
            return Response(status_code=status, headers=headers)
        if isinstance(body, (bytes, bytearray)):  # a file download (routes/knowledge.py)
            return Response(bytes(body), status_code=status, headers=headers,
                            media_type=headers.pop("content-type", "application/octet-stream"))
        return JSONResponse(body, status_code=status, headers=headers, media_type="application/json; charset=utf-8")

    async def _dispatch(self, request: Request, matched, now: float) -> Resp:
        _check_accept(request.headers.get("accept"))
        agent = self.authenticate(request.headers.get("authorization"))
        if agent is None:
            raise simple_error(401, "invalid_credentials", "You have to be logged in to perform this action.")
        if matched is None or "__bad__" in matched[1]:
            raise simple_error(404, "not_found", "The requested resource could not be found")
        spec, params = matched
        handler = spec.methods.get(request.method)
        if handler is None:
            allowed = ", ".join(spec.methods)
            raise simple_error(405, "method_not_allowed", f"{allowed} method(s) allowed for this resource",
                               {"Allow": allowed})
        ctx = Ctx(self, request, agent, params, now=now)
        if request.method in ("POST", "PUT"):
            await _read_body(request, ctx)
        elif request.method == "DELETE":
            body = await request.body()
            if body.strip():
                raise simple_error(400, "no_content_required", "No JSON data required")
        if request.method != "GET" and seedmod.READONLY_ROLE_ID in (agent.get("role_ids") or ()):
            raise simple_error(403, "access_denied", "You are not authorized to perform this action.")
        return handler(ctx)


def _check_accept(accept: str | None) -> None:
    if not accept or not accept.strip():
        return
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ("application/json", "*/*", "application/*", "multipart/form-data", "*"):
            return
    raise simple_error(406, "invalid_accept_header",
                       "Only application/json and */* are supported in the Accept header")


async def _read_body(request: Request, ctx: Ctx) -> None:
    raw = await request.body()
    ctype = (request.headers.get("content-type") or "").lower()
    if ctype.startswith("multipart/form-data"):
        ctx.form = True
        try:
            form = await request.form(max_files=200, max_fields=2000, max_part_size=16 * 1024 * 1024)
        except Exception as exc:  # malformed multipart
            raise ApiError(400, {"description": "Validation failed", "errors": [
                {"field": None, "message": f"Invalid multipart body: {exc}", "code": "invalid_value"}]}) from None
        payload: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key not in ("attachments[]", "attachments"):
                    raise ApiError(400, {"description": "Validation failed", "errors": [
                        {"field": key, "message": "Unexpected/invalid field in request", "code": "invalid_field"}]})
                ctx.files.append(Upload(value.filename or "attachment", value.content_type or "application/octet-stream",
                                        await value.read()))
                continue
            m = re.fullmatch(r"(\w+)\[(\w*)\]", key)
            if m and m.group(2) == "":
                payload.setdefault(m.group(1), []).append(value)
            elif m:
                payload.setdefault(m.group(1), {})[m.group(2)] = value
            else:
                payload[key] = value
        ctx.payload = payload
        return
    if not raw.strip():
        ctx.payload = {}
        return
    if ctype and "json" not in ctype:
        media = ctype.split(";")[0]
        raise simple_error(415, "invalid_content_type",
                           f"Content-Type header is set to {media}. It should be set to application/json")
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise ApiError(400, {"description": "Validation failed", "errors": [
            {"field": None, "message": "Request body has invalid json format", "code": "invalid_json"}]})
    ctx.payload = payload


# --- faults (a pure ASGI middleware, so a dropped connection never becomes a 500) -------------------


class DroppedConnection(ConnectionResetError):
    """Raised when no socket can be closed (in-process ASGI transport)."""


class FaultMiddleware:
    def __init__(self, app, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        sb = self.sandbox
        fault = sb.faults.decide(scope["method"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        cfg = sb.faults.config
        if fault in ("rate_429", "rate_500"):
            sb.requests += 1
            now = sb.now()
            headers = sb.limiter.headers(now, 0)
            if fault == "rate_429":
                headers["Retry-After"] = str(cfg.retry_after)
                response = sb._finish(429, {"code": "rate_limit_exceeded",
                                            "message": "You have exceeded the limit of requests (injected fault)"}, headers)
            else:
                response = sb._finish(500, {"code": "internal_error",
                                            "message": "We're sorry, but something went wrong (injected fault)"}, headers)
            await response(scope, receive, send)
            return
        if fault == "drop":
            sb.requests += 1
            sb.by_status["dropped"] += 1
            _drop_connection(receive)
            return
        if fault == "slow":
            await asyncio.sleep(cfg.slow_seconds)
            await self.app(scope, receive, send)
            return
        if fault == "late_apply":
            await _apply_late(self.app, scope, receive, send, sb, cfg.late_seconds)
            return
        # timeout_after_apply: apply the write, then hold the response past the client's timeout.
        held: list = []

        async def hold(message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        sb.by_status["timeout_after_apply"] += 1
        await asyncio.sleep(cfg.timeout_seconds)
        for message in held:
            try:
                await send(message)
            except Exception:  # the client has gone
                return


async def _apply_late(app, scope, receive, send, sb: Sandbox, delay: float) -> None:
    """late_apply: read the request, hold it `delay` seconds, then apply it (the client may be gone)."""
    body: list = []
    while True:
        message = await receive()
        body.append(message)
        if message.get("type") != "http.request" or not message.get("more_body"):
            break
    sb.by_status["late_apply"] += 1
    await asyncio.sleep(delay)
    replay = iter(body)

    async def again():
        return next(replay, {"type": "http.disconnect"})

    async def answer(message) -> None:
        try:
            await send(message)
        except Exception:  # the client has gone: the write is applied all the same
            pass

    await app(scope, again, answer)


def _drop_connection(receive) -> None:
    """Close the socket under this request without a response (uvicorn's h11 protocol)."""
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise DroppedConnection("connection dropped (injected fault)")
    transport.abort()
    # Tell uvicorn the client is gone, so it does not try to answer with a 500.
    if hasattr(cycle, "disconnected"):
        cycle.disconnected = True


# --- control endpoints -----------------------------------------------------------------------------

_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


def _loopback_only(func):
    async def wrapper(request: Request) -> Response:
        client = request.client.host if request.client else None
        if client is not None and client not in _LOOPBACK and not client.startswith("127."):
            return JSONResponse({"code": "access_denied", "message": "control endpoints are loopback only"},
                                status_code=403)
        return await func(request)

    return wrapper


async def _json_body(request: Request) -> dict:
    raw = await request.body()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


def _control_routes(sb: Sandbox) -> list[Route]:
    @_loopback_only
    async def stats(request: Request) -> Response:
        return JSONResponse(sb.stats())

    @_loopback_only
    async def reset(request: Request) -> Response:
        sb.reset()
        return JSONResponse({"reset": True})

    @_loopback_only
    async def faults(request: Request) -> Response:
        try:
            sb.faults.configure(FaultConfig.from_dict(await _json_body(request)))
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(sb.faults.config.to_dict())

    @_loopback_only
    async def plan(request: Request) -> Response:
        try:
            body = await _json_body(request)
            unknown = set(body) - {"plan", "total", "window_seconds", "list_limit", "remaining"}
            if unknown:
                raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
            kwargs: dict[str, Any] = {}
            if "total" in body:
                kwargs["total"] = int(body["total"])
            if "window_seconds" in body:
                kwargs["window"] = int(body["window_seconds"])
            if "list_limit" in body:
                kwargs["list_limit"] = None if body["list_limit"] is None else int(body["list_limit"])
            sb.limiter.set_plan(body.get("plan", sb.limiter.plan.name), **kwargs)
            if "remaining" in body:
                sb.limiter.set_remaining(sb.now(), int(body["remaining"]))
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(sb.limiter.describe(sb.now()))

    @_loopback_only
    async def clock(request: Request) -> Response:
        try:
            body = await _json_body(request)
            sb.clock_offset += float(body.get("advance", 0))
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"now": sb.now(), "offset": sb.clock_offset})

    @_loopback_only
    async def attachment(request: Request) -> Response:
        att_id = request.path_params["att_id"]
        content = sb.store.uploads.get(att_id)
        if content is None:
            return JSONResponse({"code": "not_found", "message": "no such attachment"}, status_code=404)
        return Response(content, media_type="application/octet-stream")

    return [
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/faults", faults, methods=["POST", "PUT"]),
        Route("/_sandbox/plan", plan, methods=["POST"]),
        Route("/_sandbox/clock", clock, methods=["POST"]),
        Route("/_sandbox/attachments/{att_id:int}/{name}", attachment, methods=["GET"]),
    ]


ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]


def create_app(
    *,
    seed: int = 1,
    tickets: int = 2000,
    plan: str = DEFAULT_PLAN,
    faults: FaultConfig | dict | str | None = None,
    api_key: str = DEMO_API_KEY,
    clock: Callable[[], float] | None = None,
    state_path: str | Path | None = None,
    workspaces: bool = True,
) -> Starlette:
    """The sandbox as a Starlette app; ``app.state.sandbox`` is its ``Sandbox``. ``state_path``: a file
    that keeps the account's changes between runs (the demo desk, see persist.py). ``workspaces``:
    IT, HR and Facilities (the default) or one primary workspace only."""
    sb = Sandbox(seed=seed, tickets=tickets, plan=plan, faults=faults, api_key=api_key, clock=clock,
                 state_path=state_path, workspaces=workspaces)

    async def api(request: Request) -> Response:
        return await sb.handle_api(request)

    async def not_api(request: Request) -> Response:
        return JSONResponse({"code": "not_found", "message": "The requested resource could not be found"},
                            status_code=404)

    routes = _control_routes(sb) + [
        Route("/api/{rest:path}", api, methods=ALL_METHODS),
        Route("/{rest:path}", not_api, methods=ALL_METHODS),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(FaultMiddleware, sandbox=sb)])
    app.state.sandbox = sb
    return app


def attachment_total_ok(store: Store, ticket_id: int | None, files: list[Upload]) -> bool:
    existing = store.attachment_bytes(ticket_id) if ticket_id is not None else 0
    return existing + sum(len(f.content) for f in files) <= MAX_ATTACHMENT_BYTES


__all__ = ["create_app", "Sandbox", "Ctx", "Resp", "Upload", "request_cost"]
