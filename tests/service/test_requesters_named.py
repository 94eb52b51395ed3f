"""A requester's name is looked up on the server: the requesters ``query=`` filter (API-SUPPLEMENT 2.3,
starts-with on first name, last name, full name and email), else the requester list read page by page
where an account refuses the query (issue 11, section 4)."""

from __future__ import annotations

from fstui.api.client import Page
from fstui.api.errors import ValidationError
from fstui.api.models import Requester

from tests.tui.harness import make_sandbox, open_service


async def test_name_lookup_asks_the_server_filter():
    service = await open_service(make_sandbox())
    try:
        found, complete = await service.requesters_named("gita AHMED")
        assert complete and found and all((r.first_name, r.last_name) == ("Gita", "Ahmed") for r in found)
        assert await service.requesters_named("Nobody Nowhere") == ([], True)
    finally:
        await service.close()


async def test_name_lookup_pages_through_requesters_where_the_query_is_refused():
    service = await open_service(make_sandbox())

    async def refused(query: str, page: int = 1, **_: object) -> Page[Requester]:
        raise ValidationError(400, "Validation failed", errors=[])

    service.client.filter_requesters = refused
    try:
        found, complete = await service.requesters_named("gita AHMED")
        assert complete and found and all((r.first_name, r.last_name) == ("Gita", "Ahmed") for r in found)
        found, complete = await service.browse.requesters_named("a", max_pages=2)  # 500 people, 100 a page
        assert not complete and len(found) <= 200
    finally:
        await service.close()


async def test_name_lookup_sends_the_starts_with_query():
    service = await open_service(make_sandbox())
    calls = []

    async def filter_requesters(query: str, page: int = 1, **_: object) -> Page[Requester]:
        calls.append(query)
        people = [Requester(id=1, first_name="Gita", last_name="Ahmed", primary_email="g@x.example"),
                  Requester(id=2, first_name="Gitana", last_name="Ahmedova", primary_email="h@x.example")]
        return Page(items=people, page=1, next_page=None, total=None)

    service.client.filter_requesters = filter_requesters
    try:
        found, complete = await service.requesters_named("Gita  Ahmed")
        assert calls == ["~[first_name|last_name|name|primary_email]:'Gita Ahmed'"]
        assert complete and [r.id for r in found] == [1, 2]
    finally:
        await service.close()
