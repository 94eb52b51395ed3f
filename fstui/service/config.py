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
    #: the live refresh pauses while remaining/total is below this (the agent's own requests need it)
    sync_pause_fraction: float = 0.1
    #: the cursor must rest this long before its row is prefetched
    cursor_debounce: float = 0.4
    #: prefetch the row under the cursor
    prefetch_cursor: bool = True
    #: prefetch up to this many rows after it, while the user opens tickets in order
    prefetch_next_rows: int = 1
    #: prefetch the next queue page when the cursor nears the end of the loaded rows
    #: (``queue_cursor`` hint; a UI that only sends ``queue_shown``: while the user pages forward)
    prefetch_next_page: bool = True
    #: "near the end": the cursor is this many rows or fewer above the last loaded row
    prefetch_near_end_rows: int = 10
    #: rows per queue list call: the reference allows 100, and one call (+2 for the requester) then
    #: covers 100 rows instead of 30 (the UI's pages are invisible: it appends whatever a page carries)
    per_page: int = 100
    #: queue pages embed the requester (+2 credits a page): the queue shows requester names and the
    #: ticket header their email, and one include per 100 rows is far cheaper than a lookup per requester
    include_requester: bool = True
    #: queue pages embed the tags too (+2 credits a page; the API supplement: "tags" on list, seen in two
    #: clients, not in the reference): opening a listed ticket then shows its tags without a view call.
    #: A server that answers 400 to it is asked again without, and not again this session.
    include_tags: bool = True
    #: refresh page 1 of the "recent" view with ONE updated_since call (1 credit) merged into the
    #: cached page, instead of listing it again (3 credits with the requester)
    incremental_refresh: bool = True
    #: ... but list it again (a full reload) when its last full load is older than this
    queue_full_reload: float = 600.0
    #: an incremental refresh that brings more new rows with unknown requesters than this is
    #: replaced by a full reload (names embedded); fewer are looked up one by one in the background
    refresh_name_lookups: int = 2
    #: the "recent" view (the default list) shows tickets created in the last this many days
    recent_days: int = 30
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
    #: a write without an answer may still be applied by the server this long after it was sent: a reply,
    #: note or new ticket is posted again only after it (and after looking); default: 4x the read
    #: timeout, at least 120 s. A re-posted write is watched for a late twin as long again.
    landing_window: float | None = None
