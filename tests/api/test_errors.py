"""Every documented status and error code maps to a typed exception carrying field errors."""

from __future__ import annotations

import httpx
import pytest

from fstui.api import errors as E

from .conftest import reference

STATUSES = [
    (400, E.ValidationError), (401, E.AuthenticationError), (403, E.AccessDenied),
    (404, E.NotFound), (405, E.MethodNotAllowed), (406, E.NotAcceptable), (409, E.Conflict),
    (415, E.UnsupportedMediaType), (429, E.RateLimited), (500, E.ServerError),
    (502, E.ServerError), (503, E.ServerError),
]


@pytest.mark.parametrize("status, cls", STATUSES)
async def test_status_maps_to_exception(make_client, server, status, cls):
    client = make_client(max_retries=0)
    server.reply(httpx.Response(status, json={"description": "nope", "errors": []},
                                headers={"Retry-After": "3"}))
    with pytest.raises(cls) as info:
        await client.update_ticket(5, {"status": 2})
    exc = info.value
    assert type(exc) is cls
    assert exc.status == status and exc.title
    assert exc.outcome_unknown is (status >= 500)
    assert "PUT /api/v2/tickets/5" in str(exc)
    await client.aclose()


async def test_validation_error_carries_field_errors(client, server):
    server.reply(httpx.Response(400, json=reference("error_validation")))
    with pytest.raises(E.ValidationError) as info:
        await client.create_requester({"first_name": ""})
    exc = info.value
    assert exc.description == "Validation failed" and exc.code == "missing_field"
    assert exc.errors == [E.FieldError("name", "Mandatory attribute missing", "missing_field")]
    assert exc.field_errors() == {"name": exc.errors}
    assert exc.errors[0].describe() == "name: missing_field — Mandatory attribute missing"
    assert "name: missing_field" in str(exc)


CODE_CASES = [
    (400, "missing_field", E.ValidationError), (400, "invalid_value", E.ValidationError),
    (400, "duplicate_value", E.ValidationError), (400, "datatype_mismatch", E.ValidationError),
    (400, "invalid_field", E.ValidationError), (400, "invalid_json", E.InvalidJSON),
    (401, "invalid_credentials", E.AuthenticationError), (403, "access_denied", E.AccessDenied),
    (403, "require_feature", E.FeatureRequired), (403, "account_suspended", E.AccountSuspended),
    (403, "ssl_required", E.SSLRequired), (400, "readonly_field", E.ValidationError),
    (403, "password_lockout", E.PasswordLockout), (403, "password_expired", E.PasswordExpired),
    (400, "no_content_required", E.ValidationError),
    (400, "inaccessible_field", E.ValidationError), (400, "incompatible_field", E.ValidationError),
]


def test_every_documented_code_is_known():
    assert {c for _, c, _ in CODE_CASES} == set(E.ERROR_CODES) == set(E.CODE_ERRORS)


@pytest.mark.parametrize("status, code, cls", CODE_CASES)
async def test_code_in_field_errors(client, server, status, code, cls):
    server.reply(httpx.Response(status, json={"description": "Validation failed", "errors": [
        {"field": "priority", "message": "It should be one of these values: '1,2,3,4'",
         "code": code}]}))
    with pytest.raises(cls) as info:
        await client.update_ticket(1, {"priority": 9})
    assert type(info.value) is cls and info.value.code == code
    assert info.value.errors[0].field == "priority"


@pytest.mark.parametrize("status, code, cls", [c for c in CODE_CASES if c[0] != 400])
async def test_code_in_short_body(client, server, status, code, cls):
    server.reply(httpx.Response(status, json={"code": code, "message": "Access denied"}))
    with pytest.raises(cls) as info:
        await client.get_ticket(1)
    assert type(info.value) is cls and info.value.code == code
    assert info.value.description == "Access denied"


def test_code_never_overrides_status():
    assert E.error_class(404, "access_denied") is E.NotFound
    assert E.error_class(400, "password_lockout") is E.ValidationError
    assert E.error_class(418) is E.ApiError


async def test_error_without_json_body(client, server):
    server.default = httpx.Response(502, text="<html>Bad gateway</html>")  # every retry of the read too
    with pytest.raises(E.ServerError) as info:
        await client.get_ticket(1)
    assert info.value.outcome_unknown


async def test_non_json_success_is_invalid_response(client, server):
    server.reply(httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(E.InvalidResponse):
        await client.get_ticket(1)


async def test_wrong_shape_is_invalid_response(client, server):
    server.reply(httpx.Response(200, json={"something": 1}))
    with pytest.raises(E.InvalidResponse):
        await client.get_ticket(1)
    server.reply(httpx.Response(200, json={"tickets": [{"no_id": True}]}))
    with pytest.raises(E.InvalidResponse):
        await client.list_tickets()


@pytest.mark.parametrize("exc, cls, unknown", [
    (httpx.ConnectError("refused"), E.ConnectFailed, False),
    (httpx.ConnectTimeout("slow"), E.ConnectFailed, False),
    (httpx.PoolTimeout("pool"), E.ConnectFailed, False),
    (httpx.ReadTimeout("slow"), E.RequestTimeout, True),
    (httpx.WriteTimeout("slow"), E.RequestTimeout, True),
    (httpx.RemoteProtocolError("Server disconnected"), E.ConnectionDropped, True),
    (httpx.ReadError("reset"), E.ConnectionDropped, True),
])
async def test_transport_errors(client, server, exc, cls, unknown):
    server.reply(exc)
    with pytest.raises(cls) as info:
        await client.create_note(1, "hello")
    assert isinstance(info.value, E.TransportError)
    assert info.value.outcome_unknown is unknown
    assert isinstance(info.value, E.OutcomeUnknown) is unknown
