"""The errors the client raises.

Every documented HTTP status and every documented error code maps to a typed exception that
carries the field errors, so a screen can show "priority: invalid_value — ..." at the field.

Messages are built from the status, the server's description and the request's method and
path only — never from headers — so no credential can end up in an exception message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Documented error codes and what they mean (from the reference's "Error Codes" table).
ERROR_CODES: dict[str, str] = {
    "missing_field": "A mandatory attribute is missing.",
    "invalid_value": "The value is incorrect, blank or in an invalid format.",
    "duplicate_value": "This value already exists.",
    "datatype_mismatch": "The value does not match the expected data type.",
    "invalid_field": "An unexpected field was part of the request.",
    "invalid_json": "The request is not valid JSON.",
    "invalid_credentials": "Incorrect or missing API credentials.",
    "access_denied": "Insufficient privileges to perform this action.",
    "require_feature": "A feature has to be enabled in the Freshservice portal for this.",
    "account_suspended": "The account has been suspended.",
    "ssl_required": "HTTPS is required in the API URL.",
    "readonly_field": "Read-only field cannot be altered.",
    "password_lockout": "The agent has reached the maximum number of failed login attempts.",
    "password_expired": "The agent's password has expired.",
    "no_content_required": "No JSON data required.",
    "inaccessible_field": "The agent is not authorized to update this field.",
    "incompatible_field": "The field cannot be updated due to the current state of the record.",
}


@dataclass(frozen=True)
class FieldError:
    """One entry of an error body's ``errors`` list."""

    field: str | None
    message: str
    code: str

    def describe(self) -> str:
        """``"priority: invalid_value — It should be one of these values: '1,2,3,4'"``."""
        head = f"{self.field}: {self.code}" if self.field else self.code
        return f"{head} — {self.message}" if self.message else head

    @classmethod
    def from_json(cls, data: Any) -> FieldError:
        if not isinstance(data, Mapping):
            return cls(field=None, message=str(data), code="")
        field = data.get("field")
        return cls(
            field=str(field) if field not in (None, "") else None,
            message=str(data.get("message") or ""),
            code=str(data.get("code") or ""),
        )


class FreshserviceError(Exception):
    """Base of everything the API layer raises."""

    title = "Freshservice error"
    #: True when the request may have been applied by the server although we got no answer.
    outcome_unknown = False


class ConfigError(FreshserviceError, ValueError):
    """Bad base URL, domain or authentication settings (nothing was sent)."""

    title = "Configuration error"


class AttachmentsTooLarge(FreshserviceError, ValueError):
    """The attachments exceed the 40 MB the API accepts (checked before sending)."""

    title = "Attachments too large"


class RedirectRefused(FreshserviceError):
    """The server redirected somewhere we will not send credentials to."""

    title = "Redirect refused"

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(message)
        self.location = location


class InvalidResponse(FreshserviceError):
    """The server answered, but not with the JSON the reference describes."""

    title = "Unexpected response"
    outcome_unknown = True


# --------------------------------------------------------------------------- HTTP errors


class ApiError(FreshserviceError):
    """An HTTP error response. ``errors`` holds the per-field errors of the body."""

    title = "Request failed"
    status_code: int = 0

    def __init__(
        self,
        status: int,
        description: str = "",
        errors: list[FieldError] | None = None,
        code: str | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.status = status
        self.description = description
        self.errors: list[FieldError] = list(errors or [])
        self.code = code or (self.errors[0].code if self.errors else None) or None
        self.method = method
        self.path = path
        super().__init__(self._message())

    def _message(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        text = self.description or self.title
        if self.code and self.code not in text:
            text = f"{text} [{self.code}]"
        if self.errors:
            text += ": " + "; ".join(e.describe() for e in self.errors)
        return f"HTTP {self.status}: {text}{where}"

    def field_errors(self) -> dict[str, list[FieldError]]:
        """Field errors grouped by field name (errors without a field under ``""``)."""
        out: dict[str, list[FieldError]] = {}
        for err in self.errors:
            out.setdefault(err.field or "", []).append(err)
        return out


class ValidationError(ApiError):
    title = "Validation failed"
    status_code = 400


class InvalidJSON(ValidationError):
    title = "Invalid JSON"


class AuthenticationError(ApiError):
    title = "Authentication failed"
    status_code = 401


class AccessDenied(ApiError):
    title = "Access denied"
    status_code = 403


class FeatureRequired(AccessDenied):
    title = "Feature not enabled"


class AccountSuspended(AccessDenied):
    title = "Account suspended"


class PasswordLockout(AccessDenied):
    title = "Too many failed logins"


class PasswordExpired(AccessDenied):
    title = "Password expired"


class SSLRequired(AccessDenied):
    title = "HTTPS required"


class NotFound(ApiError):
    title = "Not found"
    status_code = 404


class MethodNotAllowed(ApiError):
    title = "Method not allowed"
    status_code = 405


class NotAcceptable(ApiError):
    title = "Not acceptable"
    status_code = 406


class Conflict(ApiError):
    title = "Conflict"
    status_code = 409


class UnsupportedMediaType(ApiError):
    title = "Unsupported content type"
    status_code = 415


class RateLimited(ApiError):
    title = "Rate limit reached"
    status_code = 429

    def __init__(self, status: int = 429, description: str = "", errors=None, code=None, *,
                 retry_after: float = 0.0, method: str | None = None,
                 path: str | None = None) -> None:
        self.retry_after = float(retry_after)
        super().__init__(status, description, errors, code, method=method, path=path)

    def _message(self) -> str:
        return f"{super()._message()}; retry after {self.retry_after:.0f}s"


class ServerError(ApiError):
    """5xx: the server may or may not have applied a write."""

    title = "Server error"
    status_code = 500
    outcome_unknown = True


STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AccessDenied,
    404: NotFound,
    405: MethodNotAllowed,
    406: NotAcceptable,
    409: Conflict,
    415: UnsupportedMediaType,
    429: RateLimited,
}

# Codes that deserve a more specific class than their status gives. The code refines the
# status class only when it is a subclass of it (a code never overrides the status).
CODE_ERRORS: dict[str, type[ApiError]] = {
    "invalid_json": InvalidJSON,
    "invalid_credentials": AuthenticationError,
    "access_denied": AccessDenied,
    "require_feature": FeatureRequired,
    "account_suspended": AccountSuspended,
    "password_lockout": PasswordLockout,
    "password_expired": PasswordExpired,
    "ssl_required": SSLRequired,
    "missing_field": ValidationError,
    "invalid_value": ValidationError,
    "duplicate_value": ValidationError,
    "datatype_mismatch": ValidationError,
    "invalid_field": ValidationError,
    "readonly_field": ValidationError,
    "no_content_required": ValidationError,
    "inaccessible_field": ValidationError,
    "incompatible_field": ValidationError,
}


def error_class(status: int, code: str | None = None) -> type[ApiError]:
    """The exception class for a status and (optional) machine-readable code."""
    if status in STATUS_ERRORS:
        base = STATUS_ERRORS[status]
    elif 500 <= status <= 599:
        base = ServerError
    elif status == 0:
        base = CODE_ERRORS.get(code or "", ApiError)
    else:
        base = ApiError
    refined = CODE_ERRORS.get(code or "")
    if refined is not None and issubclass(refined, base):
        return refined
    return base


def error_from_body(
    status: int,
    body: Any,
    *,
    retry_after: float | None = None,
    method: str | None = None,
    path: str | None = None,
) -> ApiError:
    """Build the typed exception for an error response's status and (parsed) JSON body.

    Accepts the documented body (``{"description", "errors": [{"field","message","code"}]}``)
    and the short form real accounts send for 401/403 (``{"code", "message"}``).
    """
    description = ""
    errors: list[FieldError] = []
    code: str | None = None
    if isinstance(body, Mapping):
        description = str(body.get("description") or body.get("message") or "")
        raw_errors = body.get("errors")
        if isinstance(raw_errors, list):
            errors = [FieldError.from_json(e) for e in raw_errors]
        elif isinstance(raw_errors, Mapping):
            errors = [FieldError.from_json(raw_errors)]
        if body.get("code"):
            code = str(body["code"])
        if body.get("message") and body.get("description"):
            description = f"{body['description']}: {body['message']}"
    elif isinstance(body, str):
        description = body.strip()[:200]
    if code is None and errors:
        code = next((e.code for e in errors if e.code), None)
    cls = error_class(status, code)
    if cls is RateLimited or issubclass(cls, RateLimited):
        return RateLimited(status, description, errors, code,
                           retry_after=retry_after if retry_after is not None else 0.0,
                           method=method, path=path)
    return cls(status, description, errors, code, method=method, path=path)


# --------------------------------------------------------------------------- transport


class TransportError(FreshserviceError):
    """No HTTP response was received."""

    title = "Network error"


class ConnectFailed(TransportError):
    """The request never reached the server (DNS, refused, TLS, pool): safe to resend."""

    title = "Cannot reach Freshservice"


class OutcomeUnknown(TransportError):
    """The request was (maybe) sent but no answer came: the server may have applied it."""

    title = "No answer from Freshservice"
    outcome_unknown = True


class RequestTimeout(OutcomeUnknown):
    title = "Request timed out"


class ConnectionDropped(OutcomeUnknown):
    title = "Connection dropped"
