"""The SLA-first order (fstui/service/sla_order.py): a paused clock is never "breached"."""

from __future__ import annotations

from types import SimpleNamespace

from fstui.service.sla_order import order_ids, sla_paused

NOW = 1_800_000_000.0


def ticket(tid: int, status: int, due_hours: float) -> SimpleNamespace:
    from datetime import datetime, timezone

    due = datetime.fromtimestamp(NOW + due_hours * 3600, tz=timezone.utc)
    return SimpleNamespace(id=tid, status=status, due_by=due, fr_due_by=None, is_escalated=False,
                           fr_escalated=False)


def test_paused_tickets_come_after_every_running_clock_never_as_breached():
    """Breaker of issue 12: Pending/Waiting tickets 40 days past due sat above a 14-days-late Open one."""
    tickets = {1: ticket(1, 3, -960), 2: ticket(2, 6, -900), 3: ticket(3, 2, -336), 4: ticket(4, 2, 5),
               5: ticket(5, 4, -1000), 6: ticket(6, 12, 2)}
    assert order_ids(list(tickets), tickets, "sla", NOW) == [3, 4, 1, 2, 6, 5]
    assert sla_paused(3) and sla_paused(6) and sla_paused(12) and not sla_paused(2) and not sla_paused(5)
