"""The wire: a typed client for the Freshservice API v2 (no knowledge of screens)."""

from fstui.api.client import FreshserviceClient, Page, normalize_base_url
from fstui.api.errors import (
    AccessDenied,
    ApiError,
    AuthenticationError,
    ConfigError,
    ConnectFailed,
    FieldError,
    FreshserviceError,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ServerError,
    TransportError,
    ValidationError,
)
from fstui.api.models import Upload
from fstui.api.ratelimit import RateBudget

__all__ = [
    "AccessDenied",
    "ApiError",
    "AuthenticationError",
    "ConfigError",
    "ConnectFailed",
    "FieldError",
    "FreshserviceClient",
    "FreshserviceError",
    "NotFound",
    "OutcomeUnknown",
    "Page",
    "RateBudget",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Upload",
    "ValidationError",
    "normalize_base_url",
]
