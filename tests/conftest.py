"""Fixtures shared by every test.

Autouse: config, cache and data dirs point at tmp_path, so no test reads or writes the
developer's own files, and the cursor does not blink and the local time zone is fixed, so snapshots are
deterministic.
"""

from __future__ import annotations

import time

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("FSTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FSTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FSTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FRESHSERVICE_API_KEY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_CURSOR_BLINK", "0")
    monkeypatch.setenv("TZ", "Europe/Berlin")  # local times (the focused message's) are the same everywhere
    time.tzset()
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


# --- the sandbox (engineer B): one running server per session, reset before each test that uses it ---


@pytest.fixture(scope="session")
def sandbox():
    """A running SandboxServer (seed 1, 2000 tickets) shared by the whole session."""
    from fstui.sandbox.server import SandboxServer

    server = SandboxServer(seed=1, tickets=2000)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox_url(sandbox):
    """The base URL of the session sandbox, freshly reset (seeded data, faults off, full budget)."""
    import httpx

    httpx.post(f"{sandbox.url}/_sandbox/reset", timeout=10).raise_for_status()
    return sandbox.url
