"""The secrets scan, short version: in-process commands (list, show, reply, a 404 write, outbox) with a
distinctive key; the key is in no file fstui wrote and in no output."""

from __future__ import annotations

from fstui import cli, locations
from tests.reliability.secrets import SECRET, scan_files, scan_text


def test_key_is_nowhere(monkeypatch, capsys, tmp_path):
    from fstui.sandbox.server import SandboxServer

    monkeypatch.setenv("FRESHSERVICE_API_KEY", SECRET)
    body = tmp_path / "body.txt"
    body.write_text("hello")
    with SandboxServer(tickets=50, api_key=SECRET) as server:
        for argv in (["tickets", "list"], ["tickets", "show", "50", "--conversations"],
                     ["reply", "50", "--body-file", str(body)], ["note", "99999", "--body-file", str(body)],
                     ["outbox", "--json"]):
            cli.main([*argv, "--url", server.url])
    out = capsys.readouterr()
    assert not scan_text(out.out + out.err)
    roots = [locations.config_dir(), locations.cache_dir(), locations.data_dir()]
    assert scan_files(roots) == [] and scan_files.scanned > 3  # type: ignore[attr-defined]
