"""The seeded desk: deterministic, realistic, hostile strings included, fast at 50,000 tickets."""

from __future__ import annotations

import time

from fstui.sandbox import DEMO_AGENT_EMAIL
from fstui.sandbox.seed import conversations_for, describe, generate

ANCHOR = 1_767_225_600.0


def test_deterministic_for_a_seed_and_anchor():
    a, b = generate(3, 300, ANCHOR), generate(3, 300, ANCHOR)
    assert a.tickets.keys() == b.tickets.keys()
    assert [t["subject"] for t in a.tickets.values()] == [t["subject"] for t in b.tickets.values()]
    assert describe(a.tickets[7]) == describe(b.tickets[7])
    other = generate(4, 300, ANCHOR)
    assert [t["subject"] for t in a.tickets.values()] != [t["subject"] for t in other.tickets.values()]


def test_realistic_mix():
    d = generate(1, 2000, ANCHOR)
    # the IT desk (primary workspace); HR and Facilities are pinned in test_current_api.py
    tickets = [t for t in d.tickets.values() if t["workspace_id"] == 2]
    assert len(tickets) == 2000
    assert min(t["created_at"] for t in tickets) >= ANCHOR - 60 * 86400
    assert sum(t["created_at"] < ANCHOR - 30 * 86400 for t in tickets) > 500
    assert any(t["deleted"] for t in tickets) and any(t["spam"] for t in tickets)
    with_conv = [t for t in tickets if t["_nconv"]]
    assert 150 <= len(with_conv) <= 500
    assert any(t["_nconv"] > 30 for t in tickets)
    assert max(t["_nconv"] for t in tickets) <= 40
    assert {t["status"] for t in tickets} == {2, 3, 4, 5}
    it_groups = [g for g in d.groups.values() if g["workspace_id"] == 2]
    assert 50 <= len(d.agents) <= 70 and len(it_groups) == 8 and len(d.roles) == 6
    assert any(a["occasional"] for a in d.agents.values())
    assert len(d.requesters) >= 500 and len([a for a in d.assets.values() if a["workspace_id"] == 2]) == 400
    assert len({a["ci_type_id"] for a in d.assets.values()}) >= 5
    assert [a for a in d.agents.values() if a["email"] == DEMO_AGENT_EMAIL]
    kinds = set()
    agent_ids = list(d.agents)
    for t in with_conv:
        for c in conversations_for(t, agent_ids):
            kinds.add((c["source"], c["incoming"], c["private"]))
            assert t["created_at"] <= c["created_at"]
    assert {(0, False, False), (0, True, False), (2, False, True), (2, False, False)} <= kinds


def test_hostile_strings_are_present():
    d = generate(1, 2000, ANCHOR)
    subjects = " ".join(t["subject"] for t in d.tickets.values())
    assert "[bold" in subjects and "[@click=" in subjects and "\x1b[" in subjects and "\u202e" in subjects
    names = " ".join(f"{r['first_name']} {r['last_name']}" for r in d.requesters.values())
    assert "[bold]" in names and "\x1b[" in names and "\u202e" in names
    bodies = " ".join(describe(t)[0] for t in d.tickets.values())
    assert "<script>" in bodies and "[@click=" in bodies and "<ul>" in bodies and "<blockquote>" in bodies
    assert '<a href="' in bodies


def test_fifty_thousand_tickets_start_fast():
    start = time.monotonic()
    d = generate(1, 50_000, ANCHOR)
    assert len([t for t in d.tickets.values() if t["workspace_id"] == 2]) == 50_000
    assert time.monotonic() - start < 10
