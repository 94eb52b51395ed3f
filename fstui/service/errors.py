"""Errors raised by the data service (the API's own errors pass through unchanged)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the service's own errors. `title` is safe to show to the user."""

    title = "fstui error"


class ReadOnlyError(ServiceError):
    """A write was asked of a read-only profile."""

    title = "This profile is read-only"


class CacheCorrupt(ServiceError):
    """The disk cache could not be read; it is discarded and rebuilt."""

    title = "The cache was unreadable and has been reset"


class OfflineError(ServiceError):
    """The server cannot be reached and nothing usable is cached."""

    title = "Offline: the server cannot be reached"


class UnknownOutboxEntry(ServiceError):
    title = "No such outbox entry"


class TooLarge(ServiceError):
    """A write's body (or whole payload) is larger than fstui queues (outbox_store.MAX_BODY_BYTES); refused
    before it is queued, so nothing was sent."""

    title = "Too large to send"
