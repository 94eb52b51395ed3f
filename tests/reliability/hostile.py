"""A fake Freshservice that answers every request with hostile text: the corpus of terminal attacks in
bodies (error descriptions, field errors, subjects, names, conversation bodies) and in headers.

`HostileServer(status)` answers every request with that status; `status=200` answers with well-formed
tickets/conversations whose every string is hostile. `escapes_in(text)` says which attack bytes
reached a terminal's stream.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: one string carrying each attack: OSC 0 (window title, BEL-terminated), OSC 52 (clipboard), ESC [ 2 J
#: (clear screen), C1 CSI 0x9b, bidi override U+202E, bidi marks U+200F/U+200E, an OSC ended by ESC \
HOSTILE = ("evil\x1b]0;pwned-title\x07 \x1b]52;c;cHduZWQ=\x07 \x1b[2J \x9b31m \u202eRTL\u202c "
           "\u200fmark\u200e \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ [bold]B[/bold]")

#: statuses the corpus is played for (every documented error, a few undocumented, and success)
STATUSES = (200, 400, 401, 403, 404, 405, 406, 409, 415, 429, 500, 502, 503)

#: what must never reach a terminal from the data
ATTACKS = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u200f", "\u200e")


def no_backoff(monkeypatch) -> None:
    """Reads still retry a 5xx (the corpus goes through every retry), without waiting between tries."""
    from fstui.api.retry import ReadRetry

    monkeypatch.setattr(ReadRetry, "delay", lambda self, retry, retry_after=None: 0.0)


def escapes_in(text: str) -> list[str]:
    """The attack characters present in `text` (the empty list: clean)."""
    return [repr(a) for a in ATTACKS if a in text]


def _ticket(tid: int) -> dict:
    return {"id": tid, "subject": HOSTILE, "description": f"<p>{HOSTILE}</p>", "description_text": HOSTILE,
            "status": 2, "priority": 1, "source": 2, "requester_id": 1, "responder_id": 2, "group_id": 3,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "tags": [HOSTILE],
            "type": "Incident", "custom_fields": {"cf": HOSTILE}}


def _conversation(cid: int, tid: int) -> dict:
    return {"id": cid, "ticket_id": tid, "body": f"<p>{HOSTILE}</p>", "body_text": HOSTILE, "incoming": False,
            "private": False, "source": 0, "user_id": 2, "to_emails": [HOSTILE], "cc_emails": [],
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}


def _ok_body(method: str, path: str) -> dict:
    parts = [p for p in path.split("?")[0].split("/") if p]
    tid = next((int(p) for p in parts if p.isdigit()), 1)
    if path.startswith("/api/v2/agents/me"):
        return {"agent": {"id": 2, "first_name": HOSTILE, "last_name": HOSTILE, "email": "me@example.com"}}
    if "conversations" in parts or "reply" in parts or "notes" in parts:
        if method == "GET":
            return {"conversations": [_conversation(100 + i, tid) for i in range(2)]}
        return {"conversation": _conversation(900, tid)}
    if parts[-1] == "tickets":
        return {"tickets": [_ticket(i) for i in range(1, 4)]}
    if parts[-1] in ("agents", "groups", "requesters", "ticket_form_fields"):
        return {parts[-1]: []}
    return {"ticket": _ticket(tid)}


def _error_body(status: int) -> dict:
    return {"code": HOSTILE, "message": HOSTILE, "description": HOSTILE,
            "errors": [{"field": HOSTILE, "message": HOSTILE, "code": "invalid_value"}]}


class HostileServer:
    """A threaded HTTP server on 127.0.0.1 answering every request with `status` and hostile text."""

    def __init__(self, status: int = 500) -> None:
        self.status = status
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                outer.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status = outer.status
                body = _ok_body(self.command, self.path) if status < 300 else _error_body(status)
                data = json.dumps(body).encode()
                self.send_response(status, "Evil\x1b]0;reason\x07")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Evil", HOSTILE.encode("utf-8").decode("latin-1"))
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("X-RateLimit-Total", "100")
                self.send_header("X-RateLimit-Remaining", "99")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "HostileServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Terminal(__import__("io").StringIO):
    """Captured output that says whether it is a terminal (table output) or not (JSON lines)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


#: the CLI commands the corpus is played through ({body} is a body file)
COMMANDS = (
    ("tickets", "list"),
    ("tickets", "show", "1"),
    ("tickets", "show", "1", "--conversations"),
    ("reply", "1", "--body-file", "{body}", "--timeout", "0.5"),
    ("note", "1", "--body-file", "{body}", "--timeout", "0.5"),
    ("outbox",),  # the failed writes above, their errors the server's text
)


def run_cli(argv: list[str], *, table: bool) -> tuple[int, str, str]:
    """fstui's CLI in-process, its stdout a terminal (`table`) or a pipe: (exit code, stdout, stderr)."""
    import contextlib

    from fstui import cli

    out, err = _Terminal(table), _Terminal(table)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def play_cli(status: int, body: str, *, table: bool, commands=COMMANDS) -> tuple[int, list[tuple]]:
    """Every command against a server answering `status`: (runs, the runs whose output had attack bytes)."""
    import os

    os.environ.setdefault("FRESHSERVICE_API_KEY", "k" * 20)
    dirty = []
    with HostileServer(status) as server:
        for command in commands:
            argv = [a.format(body=body) for a in command] + ["--url", server.url]
            code, out, err = run_cli(argv, table=table)
            found = escapes_in(out + err)
            if found:
                dirty.append((status, command[:2], code, found, (out + err)[:300]))
    return len(commands), dirty
