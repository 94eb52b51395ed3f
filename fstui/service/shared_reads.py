"""Shared reads: API responses shared between all fstui processes of one account through Redis.

A wrapper around the client's httpx transport (the client, its models and the service's local cache
are unchanged): a GET another process fetched recently is answered from Redis instead of the
server, and every GET this process fetches is offered to the others. One process refreshing a view
saves the others that request; when several ask at once, one fetches (a short lock) and the others
wait for its answer (a few hundred milliseconds, in the worker that asked: never on a key press).

Freshness, the same rules as the local cache:
- queue pages: ``queue_ttl``; look-ups (agents, groups, roles, fields, requesters): ``lookup_ttl``;
- a ticket and its thread: current until a change is seen, for at most 2.5 sync intervals (as long as
  the local rule keeps what the sync watches current). A change is seen when any process's response
  (a list, a view, an ``updated_since`` sync poll) shows a newer ``updated_at``, or a process writes to
  the ticket: its version moves past the versions of the responses stored before.

Sync polls (``updated_since``) are shared as a feed: a poll another process made recently, from a
time no later than ours, holds every change ours would (and some older ones, merged harmlessly); the
changes after it come with our next poll, which starts from the newest ``updated_at`` it reported. So
the team's auto-refresh costs about one poll per interval, not one per agent. A background poll
accepts a feed entry up to half a sync interval old, the agent's own refresh one a few seconds old.

Never shared: requests whose answer depends on who asks (``filter=new_and_my_open``/``watching``)
and anything that is not a GET. Request headers are never stored, so neither is the
API key; response bodies and the Content-Type/Link headers are.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from fstui.service.core import BACKGROUND_CALL, SHARED_MAX_AGE
from fstui.service.shared import SharedBackend, SharedUnavailable
from fstui.service.shared_budget import SharedBudget

log = logging.getLogger(__name__)

_TICKET = re.compile(r"/tickets/(\d+)(?:/|$)")
_THREAD = re.compile(r"/tickets/\d+/conversations$")
_CONVERSATION_WRITE = re.compile(r"/conversations/\d+")
_LOOKUPS = re.compile(r"/(agents|groups|roles|ticket_fields|ticket_form_fields|requester_fields|requesters/\d+)$")
#: whose answer depends on the agent asking: never shared
PERSONAL_FILTERS = frozenset({"new_and_my_open", "watching"})
#: the response headers worth keeping (paging, type); never Set-Cookie or the rate-limit headers
KEPT_HEADERS = ("content-type", "link")
#: how long a process waits for another's fetch of the same page before fetching it itself
PEER_WAIT = 5.0
PEER_POLL = 0.02

# KEYS: upd (hash id -> updated_at), ver (hash id -> seq), seq; ARGV: id1, updated_at1, id2, ...
# A ticket seen with a newer updated_at than any process saw before gets a new version.
# Returns {id, version, ...} of the tickets it gave one.
_OBSERVE = """
local bumped = {}
for i = 1, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  if (not old) or ARGV[i + 1] > old then
    local v = redis.call('INCR', KEYS[3])
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    redis.call('HSET', KEYS[2], ARGV[i], v)
    table.insert(bumped, ARGV[i])
    table.insert(bumped, v)
  end
end
-- kept a day after the last sighting (every answer that depends on them expires long before)
redis.call('PEXPIRE', KEYS[1], 86400000)
redis.call('PEXPIRE', KEYS[2], 86400000)
return bumped
"""


@dataclass(frozen=True)
class SharedTtls:
    """Seconds a shared response stays usable, by kind (from the ServiceConfig)."""

    queue: float = 60.0
    ticket: float = 150.0
    lookup: float = 24 * 3600.0
    other: float = 60.0
    #: the age of another process's sync poll a background poll accepts (half a sync interval)
    feed: float = 30.0
    #: ... and the agent's own refresh
    feed_interactive: float = 3.0


def ttl_for(path: str, ttls: SharedTtls) -> float:
    if _TICKET.search(path):
        return ttls.ticket
    if path.endswith("/tickets") or path.endswith("/tickets/filter"):
        return ttls.queue
    if _LOOKUPS.search(path):
        return ttls.lookup
    return ttls.other


def shareable(request: httpx.Request) -> bool:
    """A GET whose answer is the same for every agent of the account."""
    if request.method != "GET":
        return False
    params = request.url.params
    if params.get("filter") in PERSONAL_FILTERS:
        return False
    return "/me" not in request.url.path


def _tickets_in(body: bytes) -> list[tuple[int, str]]:
    """(id, updated_at) of every ticket in a response body (a view, a list, the list-in-a-list shape)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    found: list[tuple[int, str]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "ticket" in item and isinstance(item["ticket"], dict):
                stack.append(item["ticket"])
            if "tickets" in item:
                stack.append(item["tickets"])
            tid, updated = item.get("id"), item.get("updated_at")
            if isinstance(tid, int) and isinstance(updated, str) and ("subject" in item or "status" in item):
                found.append((tid, updated))
    return found


class SharedTransport(httpx.AsyncBaseTransport):
    """Wraps the client's transport: shared reads, the shared budget's gate, ticket versions."""

    def __init__(self, inner: httpx.AsyncBaseTransport, backend: SharedBackend, budget: SharedBudget | None,
                 ttls: SharedTtls) -> None:
        self.inner = inner
        self.backend = backend
        self.budget = budget
        self.ttls = ttls
        self._seq = backend.key("seq")
        self._ver = backend.key("ver")
        self._upd = backend.key("upd")
        self._cgen = backend.key("cgen")
        self._observe = backend.redis.register_script(_OBSERVE)
        #: per feed, the time (ms) of the newest poll this process used or made
        self._feed_last: dict[str, int] = {}

    async def aclose(self) -> None:
        await self.inner.aclose()

    # ------------------------------------------------------------------ the request path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        match = _TICKET.search(path)
        ticket_id = match.group(1) if match else None
        key = None
        max_age = SHARED_MAX_AGE.get()
        # max_age 0: only the server's answer will do (it is still offered to the others afterwards)
        look = self.backend.joined and shareable(request) and max_age != 0
        since = _since(request) if look else None
        if since is not None:
            feed = self._feed_key(request)
            hit = await self._feed_lookup(feed, since, request, max_age)
            if hit is not None:
                return hit
        elif look:
            key = self.backend.key("r", hashlib.sha256(str(request.url).encode()).hexdigest()[:32])
            hit = await self._peek(key, ticket_id, path, request, max_age)
            if hit is not None:
                return hit
        elif self.backend.joined and shareable(request) and _since(request) is None:
            key = self.backend.key("r", hashlib.sha256(str(request.url).encode()).hexdigest()[:32])
        # the credits first (this may wait for the team's share), then the fetch: whoever waited for
        # the budget looks again, since another process may have fetched it meanwhile
        member = None
        if self.budget is not None:
            member = await self.budget.before(request.method, path, request.url.params.get("include"),
                                              background=BACKGROUND_CALL.get())
        lock = None
        seq = 0
        try:
            if key is not None and self.backend.joined and max_age == 0:
                seq = await self._seq_now()
            elif key is not None and self.backend.joined:
                hit, seq, lock = await self._lookup(key, ticket_id, path, request, max_age)
                if hit is not None:
                    if self.budget is not None:
                        await self.budget.refund(member)
                    return hit
            response = await self.inner.handle_async_request(request)
            try:
                body = await response.aread()
            finally:
                await response.aclose()
            fresh = httpx.Response(response.status_code, headers=_plain_headers(response.headers), content=body,
                                   request=request, extensions=response.extensions)
            await self._after(request, fresh, body, key, seq, ticket_id, member)
            return fresh
        finally:
            if lock is not None:
                await self._unlock(lock)

    async def _after(self, request: httpx.Request, response: httpx.Response, body: bytes, key: str | None,
                     seq: int, ticket_id: str | None, member: str | None) -> None:
        if self.budget is not None:
            await self.budget.after(member, response.status_code, response.headers)
        if not self.backend.joined:
            return
        status = response.status_code
        write = request.method not in ("GET", "HEAD")
        try:
            if not write and status == 200:
                seen = _tickets_in(body)
                if seen:
                    args: list[Any] = []
                    for tid, updated in seen:
                        args += [tid, updated]
                    bumped = await self.backend.call(
                        lambda: self._observe(keys=[self._upd, self._ver, self._seq], args=args))
                    # this very answer is what moved the ticket's version: it is current at that version
                    for i in range(0, len(bumped) - 1, 2):
                        if ticket_id is not None and _text(bumped[i]) == ticket_id:
                            seq = max(seq, int(bumped[i + 1]))
                if key is not None:
                    await self._store(key, seq, response, body, request.url.path)
                elif self.backend.joined and shareable(request) and _since(request) is not None:
                    await self._feed_store(request, response, body)
            elif write and 200 <= status < 300:
                await self._changed(ticket_id, request.url.path)
        except SharedUnavailable:
            pass

    # ------------------------------------------------------------------ reading and storing

    async def _seq_now(self) -> int:
        try:
            return int(await self.backend.call(lambda: self.backend.redis.get(self._seq)) or 0)
        except SharedUnavailable:
            return 0

    async def _peek(self, key: str, ticket_id: str | None, path: str, request: httpx.Request,
                    max_age: float | None) -> httpx.Response | None:
        """A current shared answer, or None (no lock taken, no waiting)."""
        try:
            entry, _seq, ver, cgen = await self._read(key, ticket_id, bool(_THREAD.search(path)))
        except SharedUnavailable:
            return None
        hit = self._valid(entry, ver, cgen, request, max_age)
        if hit is not None:
            self.backend.count("hits")
        return hit

    async def _lookup(self, key: str, ticket_id: str | None, path: str, request: httpx.Request,
                      max_age: float | None) -> tuple[httpx.Response | None, int, str | None]:
        """(a shared answer or None, the version counter before fetching, the lock taken or None)."""
        lock_key = key + ":lock"
        thread = bool(_THREAD.search(path))
        try:
            entry, seq, ver, cgen = await self._read(key, ticket_id, thread)
            hit = self._valid(entry, ver, cgen, request, max_age)
            if hit is not None:
                self.backend.count("hits")
                return hit, seq, None
            token = uuid.uuid4().hex
            lock_ms = int(PEER_WAIT * 1000)
            if await self.backend.call(lambda: self.backend.redis.set(lock_key, token, nx=True, px=lock_ms)):
                self.backend.count("misses")
                return None, seq, lock_key
            # another process is fetching this right now: wait for its answer
            deadline = time.monotonic() + PEER_WAIT
            self.backend.count("peer_waits")
            while time.monotonic() < deadline:
                await asyncio.sleep(PEER_POLL)
                entry, seq, ver, cgen = await self._read(key, ticket_id, thread)
                hit = self._valid(entry, ver, cgen, request, max_age)
                if hit is not None:
                    self.backend.count("hits")
                    return hit, seq, None
                if await self.backend.call(lambda: self.backend.redis.set(lock_key, token, nx=True, px=lock_ms)):
                    self.backend.count("misses")
                    return None, seq, lock_key  # its fetch failed or expired: ours now
            self.backend.count("misses")
            return None, seq, None
        except SharedUnavailable:
            return None, 0, None

    async def _read(self, key: str, ticket_id: str | None, thread: bool) -> tuple[Any, int, int, int]:
        async def read() -> list[Any]:
            async with self.backend.redis.pipeline(transaction=False) as pipe:
                pipe.get(key)
                pipe.get(self._seq)
                pipe.hget(self._ver, ticket_id or "-")
                pipe.get(self._cgen)
                return await pipe.execute()

        entry, seq, ver, cgen = await self.backend.call(read)
        return (entry, int(seq or 0), int(ver or 0) if ticket_id else 0, int(cgen or 0) if thread else 0)

    def _valid(self, entry: Any, ver: int, cgen: int, request: httpx.Request,
               max_age: float | None = None) -> httpx.Response | None:
        if entry is None:
            return None
        try:
            data = json.loads(entry)
            q = int(data["q"])
            if ver > q or cgen > q:
                return None  # the ticket (or a thread) changed since this answer was fetched
            if max_age is not None and time.time() * 1000 - int(data.get("t", 0)) > max_age * 1000:
                return None  # the agent asked for a refresh: only an answer seconds old stands for it
            headers = [(k, v) for k, v in data["h"] if k in KEPT_HEADERS]
            return httpx.Response(int(data["s"]), headers=headers, content=data["b"].encode("utf-8"), request=request,
                                  extensions={"fstui_shared": True})
        except (ValueError, KeyError, TypeError):
            return None

    async def _store(self, key: str, seq: int, response: httpx.Response, body: bytes, path: str) -> None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        headers = [[k, v] for k, v in response.headers.items() if k.lower() in KEPT_HEADERS]
        value = json.dumps({"q": seq, "t": int(time.time() * 1000), "s": response.status_code, "h": headers,
                            "b": text}, separators=(",", ":"))
        ttl = ttl_for(path, self.ttls)
        await self.backend.call(lambda: self.backend.redis.set(key, value, px=max(1, int(ttl * 1000))))
        self.backend.count("stored")

    async def _changed(self, ticket_id: str | None, path: str) -> None:
        """Our write changed a ticket (or a conversation): what others hold of it is no longer current."""
        async def bump() -> None:
            seq = await self.backend.redis.incr(self._seq)
            if ticket_id is not None:
                await self.backend.redis.hset(self._ver, ticket_id, seq)
            if _CONVERSATION_WRITE.search(path):
                await self.backend.redis.set(self._cgen, seq)

        await self.backend.call(bump)

    # ------------------------------------------------------------------ the sync feed

    def _feed_key(self, request: httpx.Request) -> str:
        """One feed per query without its updated_since (so polls of the same kind share)."""
        rest = sorted((k, v) for k, v in request.url.params.multi_items() if k != "updated_since")
        digest = hashlib.sha256((request.url.path + "?" + repr(rest)).encode()).hexdigest()[:24]
        return self.backend.key("feed", digest)

    async def _feed_lookup(self, feed: str, since: float, request: httpx.Request,
                           asked_age: float | None) -> httpx.Response | None:
        max_age = self.ttls.feed if BACKGROUND_CALL.get() else self.ttls.feed_interactive
        if asked_age is not None:
            max_age = min(max_age, asked_age)
        now = time.time()
        try:
            # only polls newer than the one this process last used or made: an older answer would
            # hand it the same changes again and never the ones after them
            newer_than = max(int((now - max_age) * 1000), self._feed_last.get(feed, 0) + 1)
            members = await self.backend.call(lambda: self.backend.redis.zrangebyscore(
                feed, newer_than, "+inf", withscores=True))
            usable = [(m.decode(), int(at)) for m, at in members if float(m.decode().split("|", 1)[0]) <= since]
            for member, at in reversed(usable):  # the newest poll first
                entry = await self.backend.call(lambda: self.backend.redis.get(member.split("|", 1)[1]))
                hit = self._valid(entry, 0, 0, request)
                if hit is not None:
                    self._feed_last[feed] = at
                    self.backend.count("feed_hits")
                    return hit
        except (SharedUnavailable, ValueError):
            return None
        return None

    async def _feed_store(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        since = _since(request)
        if since is None or response.headers.get("link"):
            return  # only a complete answer (one page) stands for the poll
        feed = self._feed_key(request)
        key = feed + ":" + uuid.uuid4().hex[:12]
        value = json.dumps({"q": 0, "s": response.status_code,
                            "h": [[k, v] for k, v in response.headers.items() if k.lower() in KEPT_HEADERS],
                            "b": body.decode("utf-8", "replace")}, separators=(",", ":"))
        now_ms = int(time.time() * 1000)
        keep_ms = int(self.ttls.feed * 2000)
        self._feed_last[feed] = now_ms

        async def store() -> None:
            async with self.backend.redis.pipeline(transaction=False) as pipe:
                pipe.set(key, value, px=keep_ms)
                pipe.zadd(feed, {f"{since}|{key}": now_ms})
                pipe.zremrangebyscore(feed, "-inf", now_ms - keep_ms)
                pipe.pexpire(feed, keep_ms)
                await pipe.execute()

        await self.backend.call(store)
        self.backend.count("feed_stored")

    async def _unlock(self, lock: str) -> None:
        try:
            await self.backend.call(lambda: self.backend.redis.delete(lock))
        except SharedUnavailable:
            pass


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _since(request: httpx.Request) -> float | None:
    """The poll's updated_since as epoch seconds (None: not a poll, or unreadable)."""
    value = request.url.params.get("updated_since")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _plain_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The response's headers for a body already decoded: no Content-Encoding/Length to decode again."""
    return [(k, v) for k, v in headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
