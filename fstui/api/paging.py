"""Pages of list endpoints: the ``Page`` type, the Link header, and the page/per_page checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

MAX_PER_PAGE = 100
FILTER_PAGE_SIZE = 30  # "The number of objects returned per page is 30."
TOTAL_HEADERS = ("X-Total-Count", "Total", "X-Total")


@dataclass
class Page(Generic[T]):
    """One page of a list endpoint."""

    items: list[T]
    page: int
    next_page: int | None = None
    total: int | None = None
    next_url: str | None = field(default=None, repr=False)

    @property
    def has_next(self) -> bool:
        return self.next_page is not None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


_LINK_RE = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def parse_next_link(header: str | None) -> str | None:
    """The URL of the ``rel="next"`` entry of a Link header, if any."""
    if not header:
        return None
    for match in _LINK_RE.finditer(header):
        target, params = match.group(1), match.group(2)
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "rel" and "next" in value.strip().strip('"').split():
                return target.strip()
    return None


def page_number(url: str) -> int | None:
    """The ``page`` query parameter of a URL, if it is a number."""
    values = parse_qs(urlsplit(url).query).get("page")
    if not values:
        return None
    try:
        return int(values[0])
    except ValueError:
        return None


def make_page(items: list[T], page: int, data: Any, headers: Mapping[str, str]) -> Page[T]:
    """A Page from parsed items, the response body (``total``) and its headers (link, totals)."""
    next_url = parse_next_link(headers.get("link"))
    next_page = None
    if next_url:
        next_page = page_number(next_url) or page + 1
    total = None
    if isinstance(data, dict) and isinstance(data.get("total"), int):
        total = data["total"]
    else:
        for header in TOTAL_HEADERS:
            value = headers.get(header)
            if value and value.strip().isdigit():
                total = int(value)
                break
    return Page(items=items, page=page, next_page=next_page, total=total, next_url=next_url)


def filter_next(page: Page[T], max_page: int) -> Page[T]:
    """Filter responses carry ``total`` rather than a link header: derive next_page from it,
    never beyond the endpoint's page limit."""
    if page.next_page is None and page.total is not None and page.items:
        if page.page * FILTER_PAGE_SIZE < page.total and page.page < max_page:
            page.next_page = page.page + 1
    if page.next_page is not None and page.next_page > max_page:
        page.next_page = None
    return page


def check_paging(page: int, per_page: int | None = None) -> None:
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be a positive integer, not {page!r}")
    if per_page is not None and (not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE):
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page!r}")


def check_filter_page(page: int, max_page: int, what: str) -> None:
    """A filter endpoint's page: positive and at most ``max_page``."""
    check_paging(page)
    if page > max_page:
        raise ValueError(f"the {what} filter only pages up to {max_page}")
