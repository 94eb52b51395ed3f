"""Request validation with the reference's error body and codes.

400 -> {"description": "Validation failed", "errors": [{"field", "message", "code"}]}.
Other statuses carry {"code", "message"} (the reference: ``field`` applies to 400 errors only).
"""

from __future__ import annotations

import re
from typing import Any

from .dates import parse_datetime

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ApiError(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def field_error(field: str | None, message: str, code: str) -> dict:
    return {"field": field, "message": message, "code": code}


def one_of(field: str, choices) -> dict:
    """The invalid_value error of a field that takes one of a few values."""
    return field_error(field, f"It should be one of these values: '{','.join(str(c) for c in choices)}'",
                       "invalid_value")


def validation_failed(errors: list[dict], status: int = 400) -> ApiError:
    return ApiError(status, {"description": "Validation failed", "errors": errors})


def simple_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> ApiError:
    return ApiError(status, {"code": code, "message": message}, headers)


def not_found() -> ApiError:
    return ApiError(404, {"code": "not_found", "message": "The requested resource could not be found"})


def _jtype(value: Any) -> str:
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "key/value pair"
    return type(value).__name__


_EXPECTED = {
    "int": "Integer", "str": "String", "bool": "Boolean", "email": "String", "date": "String",
    "str_list": "Array", "email_list": "Array", "int_list": "Array", "dict": "key/value pair", "phone": "String",
}


def coerce_form(value: Any, ftype: str) -> Any:
    """Multipart values are strings; turn them into the JSON types the field expects."""
    if isinstance(value, str):
        if ftype == "int" and re.fullmatch(r"-?\d+", value.strip()):
            return int(value)
        if ftype == "bool" and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if ftype in ("str_list", "email_list"):
            return [value]
        if ftype == "int_list" and re.fullmatch(r"-?\d+", value.strip()):
            return [int(value)]
    if isinstance(value, list) and ftype == "int_list":
        return [int(v) if isinstance(v, str) and re.fullmatch(r"-?\d+", v.strip()) else v for v in value]
    return value


class Validator:
    """Collects every error of a payload, then raises them together."""

    def __init__(self, payload: dict, spec: dict[str, str], *, form: bool = False) -> None:
        self.payload = payload
        self.spec = spec
        self.errors: list[dict] = []
        self.clean: dict[str, Any] = {}
        for name, value in payload.items():
            ftype = spec.get(name)
            if ftype is None:
                self.errors.append(field_error(name, "Unexpected/invalid field in request", "invalid_field"))
                continue
            if form:
                value = coerce_form(value, ftype)
            checked = self._check(name, value, ftype)
            if checked is not _INVALID:
                self.clean[name] = checked

    def _mismatch(self, name: str, value: Any, ftype: str) -> object:
        self.errors.append(field_error(
            name, f"Value set is of type {_jtype(value)}.It should be a/an {_EXPECTED.get(ftype, ftype)}",
            "datatype_mismatch"))
        return _INVALID

    def _check(self, name: str, value: Any, ftype: str) -> Any:
        if value is None:
            return None  # blank: accepted, mandatory checks happen separately
        if ftype == "any":
            return value
        if ftype == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return self._mismatch(name, value, ftype)
            return value
        if ftype == "bool":
            if not isinstance(value, bool):
                return self._mismatch(name, value, ftype)
            return value
        if ftype in ("str", "email", "phone"):
            if ftype == "phone" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                return self._mismatch(name, value, ftype)
            if ftype == "email" and not EMAIL_RE.match(value.strip()):
                self.errors.append(field_error(name, f"It should be in the 'valid email address' format", "invalid_value"))
                return _INVALID
            return value.strip() if ftype == "email" else value
        if ftype == "date":
            if not isinstance(value, str):
                return self._mismatch(name, value, ftype)
            when = parse_datetime(value)
            if when is None:
                self.errors.append(field_error(
                    name, "It should be in the 'valid date time' format (YYYY-MM-DDTHH:MM:SSZ)", "invalid_value"))
                return _INVALID
            return when
        if ftype in ("str_list", "email_list", "int_list"):
            if not isinstance(value, list):
                return self._mismatch(name, value, ftype)
            item_type = {"str_list": str, "email_list": str, "int_list": int}[ftype]
            for item in value:
                if isinstance(item, bool) or not isinstance(item, item_type):
                    self.errors.append(field_error(
                        name, f"It should contain elements of type {_EXPECTED['int' if item_type is int else 'str']} only",
                        "datatype_mismatch"))
                    return _INVALID
            if ftype == "email_list":
                bad = [v for v in value if not EMAIL_RE.match(v.strip())]
                if bad:
                    self.errors.append(field_error(name, f"It should contain valid email addresses (got {bad[0]!r})",
                                                   "invalid_value"))
                    return _INVALID
            return list(value)
        if ftype == "dict":
            if not isinstance(value, dict):
                return self._mismatch(name, value, ftype)
            return dict(value)
        raise AssertionError(ftype)

    def choice(self, name: str, choices: list) -> None:
        value = self.clean.get(name)
        if value is not None and value not in choices:
            self.clean.pop(name, None)
            self.errors.append(one_of(name, choices))

    def require(self, *names: str) -> None:
        for name in names:
            value = self.payload.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if not any(e["field"] == name for e in self.errors):
                    self.errors.append(field_error(name, "Mandatory attribute missing", "missing_field"))

    def add(self, field: str | None, message: str, code: str) -> None:
        self.errors.append(field_error(field, message, code))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise validation_failed(self.errors)


_INVALID = object()
