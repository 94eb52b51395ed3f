"""Messages that cross widgets and screens (past tense: they say what happened)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


class ServiceOpened(Message):
    """The data service is open and the first screen can be shown."""


@dataclass
class ServiceEvent(Message):
    """An event the data service published (BudgetChanged, OnlineChanged, TicketsChanged, OutboxChanged)."""

    event: Any


class StatusChanged(Message):
    """Something the status bar shows changed; replaces an unprocessed predecessor."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StatusChanged)


@dataclass
class QueuePageLoaded(Message):
    """A page of the ticket queue arrived (``cached`` is a service ``Cached[QueuePage]``)."""

    cached: Any
    generation: int


@dataclass
class TicketLoaded(Message):
    cached: Any  # Cached[Ticket]
    ticket_id: int | None = None  # whose: a reused ticket screen drops a late answer for the previous one


@dataclass
class ConversationsLoaded(Message):
    cached: Any  # Cached[list[Conversation]]
    ticket_id: int | None = None


@dataclass
class WriteQueued(Message):
    """A write went into the outbox (its entry shows as pending until sent)."""

    entry: Any
    label: str
