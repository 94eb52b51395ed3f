"""A requester's name is looked up on the server: the query= filter when the client has it, else the
requester list read page by page (issue 11, section 4)."""

from __future__ import annotations

from fstui.api.client import Page
from fstui.api.models import Requester

from tests.tui.harness import make_sandbox, open_service


async def test_name_lookup_pages_through_requesters_without_a_query_filter():
    service = await open_service(make_sandbox())
    try:
        found, complete = await service.requesters_named("gita AHMED")
        assert complete and found and all((r.first_name, r.last_name) == ("Gita", "Ahmed") for r in found)
        assert await service.requesters_named("Nobody Nowhere") == ([], True)
        found, complete = await service.browse.requesters_named("a", max_pages=2)  # 500 people, 100 a page
        assert not complete and len(found) <= 200
    finally:
        await service.close()


async def test_name_lookup_uses_the_query_filter_when_the_client_has_it():
    service = await open_service(make_sandbox())
    calls = []

    async def list_requesters(*, query: str | None = None, email=None, mobile_phone_number=None,
                              work_phone_number=None, page: int = 1, per_page: int = 30) -> Page[Requester]:
        calls.append(query)
        people = [Requester(id=1, first_name="Gita", last_name="Ahmed", primary_email="g@x.example"),
                  Requester(id=2, first_name="Gitana", last_name="Ahmedova", primary_email="h@x.example")]
        return Page(items=people, page=1, next_page=None, total=None)

    service.client.list_requesters = list_requesters
    try:
        found, complete = await service.requesters_named("Gita  Ahmed")
        assert calls == ["~[first_name|last_name|name]:'Gita Ahmed'"]
        assert complete and [r.id for r in found] == [1, 2]
    finally:
        await service.close()
