"""The data service: what the screens talk to (no widget imports httpx or diskcache).

    service = await DataService.open(profile)
    async for cached in service.queue_page(QueueView(), 1): ...
    entry = service.reply(ticket_id, "Hello")   # persisted in the outbox, sent in the background
    await service.close()
"""

from fstui.service.data import Cached, DataService, QueuePage, QueueView, ServiceConfig
from fstui.service.errors import OfflineError, ReadOnlyError, ServiceError
from fstui.service.events import (
    BudgetChanged,
    ConversationsChanged,
    NoticeAdded,
    OnlineChanged,
    OutboxChanged,
    ServiceStats,
    TicketsChanged,
)
from fstui.service.outbox import Outbox, OutboxEntry

__all__ = [
    "BudgetChanged",
    "Cached",
    "ConversationsChanged",
    "DataService",
    "NoticeAdded",
    "OfflineError",
    "OnlineChanged",
    "Outbox",
    "OutboxChanged",
    "OutboxEntry",
    "QueuePage",
    "QueueView",
    "ReadOnlyError",
    "ServiceConfig",
    "ServiceError",
    "ServiceStats",
    "TicketsChanged",
]
