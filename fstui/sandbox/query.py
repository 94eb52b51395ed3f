"""The filter query language of /api/v2/assets?query= and /api/v2/tickets/filter?query=.

    "priority:4 AND (status:2 OR status:3) AND created_at:>'2024-01-01' AND group_id:null"

- The whole query is enclosed in double quotes and is at most 512 characters (inside the quotes).
- Conditions are ``field:value``; ``:>`` means greater than or equal, ``:<`` less than or equal
  (numbers and dates only). Strings are in single quotes; ``null`` matches a field with no value.
- AND binds tighter than OR; parentheses group. Date values are 'YYYY-MM-DD' (UTC); ``:`` on a
  date field matches the whole day.
- String comparison is case-insensitive (as the real search index is).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .dates import day_start, parse_datetime

MAX_QUERY_LENGTH = 512

Getter = Callable[[str], Any]
Predicate = Callable[[Getter], bool]


class QueryError(ValueError):
    """``kind``: "syntax", "field" (an unsupported field) or "type" (a value of the wrong type)."""

    def __init__(self, message: str, kind: str = "syntax") -> None:
        super().__init__(message)
        self.kind = kind


_TOKEN_RE = re.compile(
    r"\s*(?:(?P<sw>~\[[A-Za-z_|]+\])|(?P<lp>\()|(?P<rp>\))|(?P<op>:>|:<|:)|'(?P<str>(?:[^'\\]|\\.)*)'"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*)|(?P<num>-?\d+(?:\.\d+)?))"
)


def unquote(raw: str | None) -> str:
    """The query inside its double quotes; QueryError when missing, unquoted or too long."""
    if raw is None or not raw.strip():
        raise QueryError("Query is missing. It should be enclosed in double quotes")
    raw = raw.strip()
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        raise QueryError("Query should be enclosed in double quotes")
    inner = raw[1:-1]
    if len(inner) > MAX_QUERY_LENGTH:
        raise QueryError(f"Query length should not exceed {MAX_QUERY_LENGTH} characters")
    if not inner.strip():
        raise QueryError("Query is missing")
    return inner


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise QueryError(f"Invalid query near position {pos + 1}: {text[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        value = m.group(kind)
        if kind == "str":
            value = value.replace("\\'", "'")
        tokens.append((kind, value))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], fields: dict[str, str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.fields = fields

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise QueryError("Query ended unexpectedly")
        self.pos += 1
        return tok

    def is_word(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "word" and tok[1] == word

    def parse(self) -> Predicate:
        pred = self.parse_or()
        if self.peek() is not None:
            raise QueryError(f"Unexpected {self.peek()[1]!r} in query")  # type: ignore[index]
        return pred

    def parse_or(self) -> Predicate:
        parts = [self.parse_and()]
        while self.is_word("OR"):
            self.take()
            parts.append(self.parse_and())
        if len(parts) == 1:
            return parts[0]
        return lambda get: any(p(get) for p in parts)

    def parse_and(self) -> Predicate:
        parts = [self.parse_term()]
        while self.is_word("AND"):
            self.take()
            parts.append(self.parse_term())
        if len(parts) == 1:
            return parts[0]
        return lambda get: all(p(get) for p in parts)

    def parse_term(self) -> Predicate:
        kind, value = self.take()
        if kind == "lp":
            pred = self.parse_or()
            kind2, _ = self.take()
            if kind2 != "rp":
                raise QueryError("Missing closing parenthesis in query")
            return pred
        if kind == "sw":
            return self.parse_starts_with(value[2:-1].split("|"))
        if kind != "word" or value in ("AND", "OR"):
            raise QueryError(f"Expected a field name, got {value!r}")
        field = value
        ftype = self.fields.get(field)
        if ftype is None:
            raise QueryError(f"{field} is not a supported field. Supported: {', '.join(sorted(self.fields))}",
                             "field")
        okind, op = self.take()
        if okind != "op":
            raise QueryError(f"Expected ':' after {field}")
        vkind, raw = self.take()
        return _condition(field, ftype, op, vkind, raw)


    def parse_starts_with(self, names: list[str]) -> Predicate:
        """``~[first_name|last_name]:'abc'``: any of the fields starts with the text (people filters)."""
        allowed = self.fields.get("~", "").split("|")
        for name in names:
            if name not in allowed:
                raise QueryError(f"{name} cannot be used with ~[...]. Supported: {', '.join(allowed)}", "field")
        okind, op = self.take()
        if okind != "op" or op != ":":
            raise QueryError("Expected ':' after ~[...]")
        vkind, raw = self.take()
        if vkind not in ("str", "num", "word"):
            raise QueryError("~[...] expects a value in single quotes")
        needle = raw.lower()
        return lambda get: any(str(get(n) or "").lower().startswith(needle) for n in names)


def _condition(field: str, ftype: str, op: str, vkind: str, raw: str) -> Predicate:
    if vkind == "word" and raw == "null":
        if op != ":":
            raise QueryError(f"null can only be used with ':' ({field})")
        return lambda get: get(field) in (None, "", [])
    if ftype == "date":
        if vkind != "str":
            raise QueryError(f"{field} expects a date in single quotes, e.g. '2024-01-31'")
        when = parse_datetime(raw)
        if when is None:
            raise QueryError(f"{raw!r} is not a valid date for {field}")
        start = day_start(when) if len(raw.strip()) <= 10 else when
        end = start + 86400 - 1 if len(raw.strip()) <= 10 else when
        if op == ":>":
            return lambda get: get(field) is not None and get(field) >= start
        if op == ":<":
            return lambda get: get(field) is not None and get(field) <= end
        return lambda get: get(field) is not None and start <= get(field) <= end
    if ftype == "int_list":  # ids of which a record has several (an agent's department_ids): any equals
        if op != ":" or not (vkind == "num" or (vkind == "str" and raw.strip().isdigit())):
            raise QueryError(f"{field} expects a number, got {raw!r}", "type")
        number = int(float(raw))
        return lambda get: number in (get(field) or ())
    if ftype in ("int", "number"):
        if vkind == "num":
            number = float(raw)
        elif vkind == "str" and re.fullmatch(r"-?\d+(\.\d+)?", raw.strip()):
            number = float(raw)
        else:
            raise QueryError(f"{field} expects a number, got {raw!r}", "type")
        if op == ":>":
            return lambda get: get(field) is not None and get(field) >= number
        if op == ":<":
            return lambda get: get(field) is not None and get(field) <= number
        return lambda get: get(field) is not None and get(field) == number
    if ftype == "bool":
        if vkind != "word" or raw not in ("true", "false"):
            raise QueryError(f"{field} expects true or false")
        flag = raw == "true"
        if op != ":":
            raise QueryError(f"{field} only supports ':'")
        return lambda get: bool(get(field)) == flag
    # strings and lists of strings (tags)
    if op != ":":
        raise QueryError(f":> and :< can only be used with numbers and dates ({field})")
    if vkind not in ("str", "num", "word"):
        raise QueryError(f"{field} expects a value in single quotes")
    needle = raw.lower()
    if ftype == "list":
        return lambda get: any(str(v).lower() == needle for v in (get(field) or ()))
    if ftype == "text":  # a search: the value anywhere in the field, case-insensitive
        return lambda get: get(field) is not None and needle in str(get(field)).lower()
    return lambda get: get(field) is not None and str(get(field)).lower() == needle


def compile_query(raw: str | None, fields: dict[str, str]) -> Predicate:
    """Compile a quoted query into a predicate over ``get(field_name) -> value``.

    ``fields`` maps the supported field names to "int", "date", "str", "bool", "list" (of strings),
    "int_list" (of ids: the value must be a number, else a "type" error) or "text" (contains, case-insensitive:
    a search).
    Date values handed to the predicate must be epoch seconds.
    """
    inner = unquote(raw)
    return _Parser(_tokenize(inner), fields).parse()
