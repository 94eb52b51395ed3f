"""`fstui serve`: the app in a browser through textual-serve, on loopback unless told otherwise."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time

import httpx

from fstui.serve import app_command, exposure_warning


async def _session_output(port: int, timeout: float = 30.0) -> bytes:
    """What the app sends to a browser tab until its queue is drawn (textual-serve's websocket)."""
    import aiohttp

    received = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws:
            deadline = asyncio.get_running_loop().time() + timeout
            while b"shown" not in received and asyncio.get_running_loop().time() < deadline:
                try:
                    message = await ws.receive(timeout=2)
                except asyncio.TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    received += message.data.encode()
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
            await ws.send_json(["stdin", "q"])
    return received


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_starts_and_serves_the_page(isolated_dirs):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fstui.cli", "serve", "--port", str(port), "--read-only"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 30
        page = None
        while time.monotonic() < deadline:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode())
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
        assert "<div>fstui</div>" in page.text and f"ws://127.0.0.1:{port}/ws" in page.text
        screen = asyncio.run(_session_output(port))  # a browser tab: fstui runs and draws the demo desk
        assert b"DEMO" in screen and b"READ-ONLY" in screen
    finally:
        proc.terminate()
        try:
            _out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
    assert b"WARNING" not in err  # loopback: nothing to warn about


def test_serve_warns_when_bound_beyond_loopback():
    assert exposure_warning("127.0.0.1") is None and exposure_warning("localhost") is None
    warning = exposure_warning("0.0.0.0")
    assert warning and "authentication" in warning and "0.0.0.0" in warning


def test_each_session_runs_fstui_with_the_same_account_options():
    command = app_command(["--profile", "acme", "--read-only"])
    assert command.endswith("-m fstui.cli --profile acme --read-only")
