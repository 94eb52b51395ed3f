"""ServiceConfig: the knobs of the data service (tests shorten the times)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ServiceConfig:
    """Knobs of the service (tests shorten the times)."""

    #: prefetch stops when remaining/total falls below this
    reserve_fraction: float = 0.2
    #: incremental sync interval; doubled below 2x the reserve, x4 below the reserve
    sync_interval: float = 60.0
    sync_enabled: bool = True
    #: the cursor must rest this long before its row is prefetched
    cursor_debounce: float = 0.4
    #: prefetch the row under the cursor
    prefetch_cursor: bool = True
    #: prefetch up to this many rows after it, while the user opens tickets in order
    prefetch_next_rows: int = 1
    #: prefetch the next queue page, while the user pages forward
    prefetch_next_page: bool = True
    per_page: int = 30
    #: queue pages embed the requester (+2 credits a page): the queue shows requester names and the
    #: ticket header their email, and one include per 30 rows is far cheaper than a lookup per requester
    include_requester: bool = True
    #: a queue page fetched this recently is shown without asking again (unless forced)
    queue_ttl: float = 60.0
    #: without a working sync, something fetched this recently counts as current
    volatile_ttl: float = 60.0
    #: agents, groups, roles, fields, requesters: refreshed after this long
    lookup_ttl: float = 24 * 3600.0
    #: server clock vs ours, tolerated when comparing timestamps
    clock_skew: float = 600.0
    offline_backoff_base: float = 1.0
    offline_backoff_max: float = 60.0
    #: max pages of changes one sync poll reads (100 per page)
    sync_max_pages: int = 3
    request_timeout: float | None = None
    outbox_backoff_base: float = 1.0
    outbox_backoff_max: float = 60.0
    outbox_lease_seconds: float = 120.0
    #: before looking whether an unanswered write was applied, wait this long after sending it
    #: (the request may still be running on the server); default: the client's read timeout
    reconcile_grace: float | None = None
