"""What the service tells its subscribers (the TUI turns these into messages).

Callbacks run on the service's event loop, synchronously; they must be quick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fstui.service.outbox import OutboxEntry

log = logging.getLogger(__name__)


def notify(listeners: Iterable[Callable[[Any], None]], event: Any) -> None:
    """Call every listener with `event`; one that fails is logged, the others still hear it."""
    for callback in list(listeners):
        try:
            callback(event)
        except Exception:  # noqa: BLE001
            log.exception("listener failed for %s", type(event).__name__)


@dataclass(frozen=True)
class BudgetChanged:
    """The rate budget was updated from a response's headers (can replace its predecessor)."""

    budget: Any  # fstui.api.ratelimit.RateBudget


@dataclass(frozen=True)
class OnlineChanged:
    online: bool
    message: str = ""
    #: going offline: the exception that said so (a refused connection, a timeout: it names the host);
    #: the CLI words its error from it, the TUI shows ``message``
    error: BaseException | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TicketsChanged:
    """Tickets changed on the server (sync) or by our own writes. `new_ids` ⊆ `ids`: not seen before."""

    ids: frozenset[int]
    new_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ConversationsChanged:
    """A ticket's cached thread changed (our own reply/note/edit/delete was confirmed)."""

    ticket_id: int


@dataclass(frozen=True)
class OutboxChanged:
    entry: "OutboxEntry"


@dataclass(frozen=True)
class NoticeAdded:
    """Something the user should know (e.g. the cache was reset); also kept in `service.notices`."""

    message: str


@dataclass(frozen=True)
class SharedChanged:
    """The team's shared backend (Redis) was reached or lost: `joined` False = local cache, own budget."""

    joined: bool
    message: str = ""


@dataclass
class ServiceStats:
    """Every decision the service makes, counted (status bar, benchmark)."""

    api_calls: int = 0
    credits: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    prefetch_done: int = 0
    prefetch_skipped: int = 0
    online: bool = True
    outbox_pending: int = 0
    extra: dict[str, int] = field(default_factory=dict)


Event = (BudgetChanged | OnlineChanged | TicketsChanged | ConversationsChanged | OutboxChanged | NoticeAdded
         | SharedChanged)
