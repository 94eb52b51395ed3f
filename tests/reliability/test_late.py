"""Short versions of the late-applied cases (the reliability command runs them with real-life times)."""

from __future__ import annotations

from tests.reliability.late import late_write


async def test_write_applied_late_within_the_landing_window_is_not_posted_twice(make_service, control,
                                                                                   sandbox_url):
    got = await late_write(make_service, control, sandbox_url, kind="reply", late=1.0, landing=1.6,
                           text="late reply within the window")
    assert got["copies"] == 1 and got["confirmed_by"] == "found" and got["twin"] is None


async def test_late_twin_of_a_note_is_deleted_and_the_agent_told(make_service, control, sandbox_url):
    got = await late_write(make_service, control, sandbox_url, kind="note", late=1.6, landing=1.0,
                           text="late note beyond the window")
    assert got["confirmed_by"] == "sent" and got["twin"]["action"] == "deleted"
    assert got["copies"] == 1  # the twin is gone from the server
    assert any("late copy of your note" in n for n in got["notices"])


async def test_late_twin_of_a_reply_is_reported(make_service, control, sandbox_url):
    got = await late_write(make_service, control, sandbox_url, kind="reply", late=1.6, landing=1.0,
                           text="late reply beyond the window")
    assert got["twin"]["action"] == "reported" and got["copies"] == 2  # emailed twice: said, not hidden
    assert any("delivered twice" in n for n in got["notices"])
    assert got["status"].startswith("DELIVERED TWICE")  # the outbox screen's and `fstui outbox`'s words
    assert "1 reply was delivered twice" in got["warning"]  # every later CLI run says so
