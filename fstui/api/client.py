"""FreshserviceClient: one async method per endpoint of the reference (models in, models out).

The endpoint methods only name the path, the model and the parameters. Everything else lives in
small modules beside this one, and the names they define stay importable from here:
- :mod:`fstui.api.transport` — auth, sending (429 waits, redirects, timeouts), budget/credit
  accounting, error mapping (the base class :class:`Transport`);
- :mod:`fstui.api.urls` — :func:`normalize_base_url`, the https-except-loopback rule;
- :mod:`fstui.api.paging` — :class:`Page`, Link header parsing, page/per_page checks;
- :mod:`fstui.api.params` — the allowed values of query parameters;
- :mod:`fstui.api.multipart` — attachments and the multipart form.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from fstui.api.models import (
    AGENT_CREATE_FIELDS,
    AGENT_UPDATE_FIELDS,
    GROUP_FIELDS,
    REQUESTER_FIELDS,
    TICKET_CREATE_FIELDS,
    TICKET_UPDATE_FIELDS,
    Agent,
    Asset,
    Conversation,
    Group,
    Requester,
    RequesterField,
    Role,
    Ticket,
    TicketField,
    Upload,
    check_fields,
)
from fstui.api.multipart import dict_multi
from fstui.api.paging import (
    FILTER_PAGE_SIZE,
    MAX_PER_PAGE,
    Page,
    T,
    check_filter_page,
    check_paging,
    filter_next,
    parse_next_link,
)
from fstui.api.params import (
    AGENT_STATES,
    bool_param,
    ASSET_ORDER_BY,
    MAX_ASSET_FILTER_PAGE,
    MAX_FILTER_QUERY,
    MAX_TICKET_FILTER_PAGE,
    ORDER_TYPES,
    TICKET_FILTERS,
    TICKET_LIST_INCLUDES,
    TICKET_VIEW_INCLUDES,
    asset_list_params,
    choice,
    includes,
    page_params,
    people_params,
    quoted_query,
    ticket_list_params,
    type_fields,
)
from fstui.api.transport import (
    DEFAULT_RETRY_AFTER,
    DEFAULT_TIMEOUT,
    MAX_REDIRECTS,
    Sleep,
    Transport,
)
from fstui.api.asset_types import AssetTypesApi
from fstui.api.attachments import AttachmentsApi
from fstui.api.assets_filter import AssetsFilterApi
from fstui.api.canned import CannedResponsesApi
from fstui.api.departments import DepartmentsApi
from fstui.api.form_fields import FormFieldsApi
from fstui.api.locations import LocationsApi
from fstui.api.people_filters import PeopleFiltersApi
from fstui.api.sla import SlaApi
from fstui.api.solutions import SolutionsApi
from fstui.api.tasks import TasksApi
from fstui.api.ticket_details import TicketDetailsApi
from fstui.api.ticket_links import TicketLinksApi
from fstui.api.time_entries import TimeEntriesApi
from fstui.api.urls import API_PATH, normalize_base_url
from fstui.api.workspaces import WorkspaceParam, WorkspacesApi, with_workspace, workspace_param

__all__ = [
    "AGENT_STATES", "API_PATH", "ASSET_ORDER_BY", "DEFAULT_RETRY_AFTER", "DEFAULT_TIMEOUT",
    "FILTER_PAGE_SIZE", "MAX_ASSET_FILTER_PAGE", "MAX_FILTER_QUERY", "MAX_PER_PAGE", "MAX_REDIRECTS",
    "MAX_TICKET_FILTER_PAGE", "ORDER_TYPES", "TICKET_FILTERS", "TICKET_LIST_INCLUDES",
    "TICKET_VIEW_INCLUDES", "FreshserviceClient", "Page", "Sleep", "T", "dict_multi",
    "normalize_base_url", "parse_next_link",
]


class FreshserviceClient(WorkspacesApi, FormFieldsApi, PeopleFiltersApi, DepartmentsApi, LocationsApi,
                         AssetTypesApi, AssetsFilterApi, SlaApi, CannedResponsesApi, SolutionsApi, TasksApi,
                         TimeEntriesApi, TicketLinksApi, AttachmentsApi,
                         TicketDetailsApi, Transport):
    """The Freshservice API v2, one async method per endpoint (the current API's endpoints beyond
    the reference come from one mixin per resource: workspaces, form_fields, people_filters, ...).

    ``workspace_id`` arguments: None -> the primary workspace (the server's default), 0 or "all" ->
    every workspace the key's agent can access, N -> that one (fstui.api.workspaces).

    ``base_url``: account root or API root (see :func:`normalize_base_url`).
    Auth: ``api_key`` (sent as Basic ``key:X``) or ``email`` + ``password``.
    ``transport``: an httpx transport (tests pass ``httpx.MockTransport``).
    ``sleep``: how to wait after a 429 (tests inject a fake). Reads wait at most
    ``max_retry_wait`` seconds per attempt and retry ``max_retries`` times; writes never wait.
    """

    # ------------------------------------------------------------------ tickets

    async def list_tickets(self, *, filter: str | None = None, requester_id: int | None = None,
                           email: str | None = None,
                           updated_since: datetime | date | str | None = None,
                           order_type: str | None = None, include: Iterable[str] = (),
                           page: int = 1, per_page: int = 30,
                           workspace_id: WorkspaceParam = None,
                           type: str | None = None) -> Page[Ticket]:
        """GET /tickets (one page). ``include``: stats, requester, ... (2 extra credits each);
        ``type``: "Incident", "Service Request" (case-sensitive)."""
        check_paging(page, per_page)
        params = ticket_list_params(filter=filter, requester_id=requester_id, email=email,
                                    updated_since=updated_since, order_type=order_type,
                                    include=include, per_page=per_page,
                                    workspace_id=workspace_param(workspace_id), type=type)
        params["page"] = page
        return await self._get_page(Ticket, "/tickets", "tickets", page, params, "ticket")

    def iter_tickets(self, *, filter: str | None = None, requester_id: int | None = None,
                     email: str | None = None, updated_since: datetime | date | str | None = None,
                     order_type: str | None = None, include: Iterable[str] = (),
                     per_page: int = 100, workspace_id: WorkspaceParam = None,
                     type: str | None = None) -> AsyncIterator[Ticket]:
        check_paging(1, per_page)
        params = ticket_list_params(filter=filter, requester_id=requester_id, email=email,
                                    updated_since=updated_since, order_type=order_type,
                                    include=include, per_page=per_page,
                                    workspace_id=workspace_param(workspace_id), type=type)
        params["page"] = 1
        return self._iterate(Ticket, "/tickets", "tickets", params, "ticket")

    async def get_ticket(self, id: int, include: Iterable[str] = ()) -> Ticket:
        """GET /tickets/[id]; ``include``: conversations, requester, tags, stats, problem, ..."""
        params = {"include": includes(include, TICKET_VIEW_INCLUDES)}
        return await self._get_one(Ticket, f"/tickets/{int(id)}", "ticket", params)

    async def create_ticket(self, fields: Mapping[str, Any],
                            attachments: Sequence[Upload] = ()) -> Ticket:
        payload = check_fields(dict(fields), TICKET_CREATE_FIELDS, "create ticket")
        return await self._write_one("POST", Ticket, "/tickets", "ticket", payload, attachments)

    async def update_ticket(self, id: int, fields: Mapping[str, Any],
                            attachments: Sequence[Upload] = ()) -> Ticket:
        payload = check_fields(dict(fields), TICKET_UPDATE_FIELDS, "update ticket")
        return await self._write_one("PUT", Ticket, f"/tickets/{int(id)}", "ticket", payload,
                                     attachments)

    async def delete_ticket(self, id: int) -> None:
        await self._delete(f"/tickets/{int(id)}")

    async def restore_ticket(self, id: int) -> None:
        """PUT /tickets/[id]/restore (the reference's heading says GET; its sample and the
        real service use PUT with an empty body)."""
        await self._call("PUT", f"/tickets/{int(id)}/restore", expect_body=False)

    async def list_ticket_fields(self, type: str | None = None) -> list[TicketField]:
        return await self._get_list(TicketField, "/ticket_fields", "ticket_fields", "ticket_field",
                                    {"type": type})

    async def filter_tickets(self, query: str, page: int = 1,
                             workspace_id: WorkspaceParam = None) -> Page[Ticket]:
        """GET /tickets/filter?query="..." (30 per page, ``total`` set, page <= 10);
        ``workspace_id`` as the ticket list's (it may also appear inside the query)."""
        check_filter_page(page, MAX_TICKET_FILTER_PAGE, "ticket")
        params = with_workspace({"query": quoted_query(query), "page": page}, workspace_id)
        result = await self._get_page(Ticket, "/tickets/filter", "tickets", page, params, "ticket")
        return filter_next(result, MAX_TICKET_FILTER_PAGE)

    # ------------------------------------------------------------------ conversations

    async def create_reply(self, ticket_id: int, body: str, *, from_email: str | None = None,
                           cc_emails: Sequence[str] | None = None,
                           bcc_emails: Sequence[str] | None = None,
                           user_id: int | None = None,
                           attachments: Sequence[Upload] = ()) -> Conversation:
        payload: dict[str, Any] = {"body": body}
        if from_email is not None:
            payload["from_email"] = from_email
        if user_id is not None:
            payload["user_id"] = user_id
        if cc_emails:
            payload["cc_emails"] = list(cc_emails)
        if bcc_emails:
            payload["bcc_emails"] = list(bcc_emails)
        return await self._write_one("POST", Conversation, f"/tickets/{int(ticket_id)}/reply",
                                     "conversation", payload, attachments)

    async def create_note(self, ticket_id: int, body: str, *, private: bool = True,
                          notify_emails: Sequence[str] | None = None,
                          incoming: bool | None = None, user_id: int | None = None,
                          attachments: Sequence[Upload] = ()) -> Conversation:
        payload: dict[str, Any] = {"body": body, "private": bool(private)}
        if notify_emails:
            payload["notify_emails"] = list(notify_emails)
        if incoming is not None:
            payload["incoming"] = bool(incoming)
        if user_id is not None:
            payload["user_id"] = user_id
        return await self._write_one("POST", Conversation, f"/tickets/{int(ticket_id)}/notes",
                                     "conversation", payload, attachments)

    async def update_conversation(self, id: int, body: str,
                                  attachments: Sequence[Upload] = ()) -> Conversation:
        return await self._write_one("PUT", Conversation, f"/conversations/{int(id)}",
                                     "conversation", {"body": body}, attachments)

    async def delete_conversation(self, id: int) -> None:
        await self._delete(f"/conversations/{int(id)}")

    async def list_conversations(self, ticket_id: int, page: int = 1,
                                 per_page: int = 30) -> Page[Conversation]:
        check_paging(page, per_page)
        return await self._get_page(Conversation, f"/tickets/{int(ticket_id)}/conversations",
                                    "conversations", page, page_params(page, per_page),
                                    "conversation")

    def iter_conversations(self, ticket_id: int, per_page: int = 100) -> AsyncIterator[Conversation]:
        check_paging(1, per_page)
        return self._iterate(Conversation, f"/tickets/{int(ticket_id)}/conversations",
                             "conversations", page_params(1, per_page), "conversation")

    # ------------------------------------------------------------------ assets

    async def list_assets(self, *, order_by: str | None = None, order_type: str | None = None,
                          trashed: bool = False, include_type_fields: bool = False,
                          page: int = 1, per_page: int = 30,
                          workspace_id: WorkspaceParam = None) -> Page[Asset]:
        """GET /assets (``include_type_fields`` costs 2 extra credits)."""
        check_paging(page, per_page)
        params = asset_list_params(order_by, order_type, trashed, include_type_fields, per_page,
                                   workspace_param(workspace_id))
        params["page"] = page
        return await self._get_page(Asset, "/assets", "assets", page, params, "asset")

    def iter_assets(self, *, order_by: str | None = None, order_type: str | None = None,
                    trashed: bool = False, include_type_fields: bool = False,
                    per_page: int = 100, workspace_id: WorkspaceParam = None) -> AsyncIterator[Asset]:
        check_paging(1, per_page)
        params = asset_list_params(order_by, order_type, trashed, include_type_fields, per_page,
                                   workspace_param(workspace_id))
        params["page"] = 1
        return self._iterate(Asset, "/assets", "assets", params, "asset")

    async def get_asset(self, display_id: int, include_type_fields: bool = False) -> Asset:
        params = {"include": type_fields(include_type_fields)}
        return await self._get_one(Asset, f"/assets/{int(display_id)}", "asset", params)

    async def filter_assets(self, query: str, page: int = 1,
                            include_type_fields: bool = False,
                            workspace_id: WorkspaceParam = None) -> Page[Asset]:
        """GET /assets?query="..." (30 per page, ``total`` set, page <= 40); the current API's
        ``filter=``/``search=`` are :meth:`filter_assets_by` and :meth:`search_assets`."""
        check_filter_page(page, MAX_ASSET_FILTER_PAGE, "asset")
        params = with_workspace({"include": type_fields(include_type_fields), "query": quoted_query(query),
                                 "page": page}, workspace_id)
        result = await self._get_page(Asset, "/assets", "assets", page, params, "asset")
        return filter_next(result, MAX_ASSET_FILTER_PAGE)

    # ------------------------------------------------------------------ requesters

    async def list_requesters(self, *, email: str | None = None,
                              mobile_phone_number: str | None = None,
                              work_phone_number: str | None = None, page: int = 1,
                              per_page: int = 30, active: bool | None = None,
                              include_agents: bool = False) -> Page[Requester]:
        """GET /requesters; ``active``, ``include_agents`` (agents listed too, ``is_agent``) are the
        current API's (filter queries: :meth:`filter_requesters`)."""
        check_paging(page, per_page)
        params = people_params(email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number, page=page, per_page=per_page,
                               active=bool_param(active),
                               include_agents="true" if include_agents else None)
        return await self._get_page(Requester, "/requesters", "requesters", page, params,
                                    "requester")

    def iter_requesters(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                        work_phone_number: str | None = None,
                        per_page: int = 100) -> AsyncIterator[Requester]:
        check_paging(1, per_page)
        params = people_params(email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number, page=1, per_page=per_page)
        return self._iterate(Requester, "/requesters", "requesters", params, "requester")

    async def get_requester(self, id: int) -> Requester:
        return await self._get_one(Requester, f"/requesters/{int(id)}", "requester")

    async def create_requester(self, fields: Mapping[str, Any]) -> Requester:
        payload = check_fields(dict(fields), REQUESTER_FIELDS, "create requester")
        return await self._write_one("POST", Requester, "/requesters", "requester", payload)

    async def update_requester(self, id: int, fields: Mapping[str, Any]) -> Requester:
        payload = check_fields(dict(fields), REQUESTER_FIELDS, "update requester")
        return await self._write_one("PUT", Requester, f"/requesters/{int(id)}", "requester",
                                     payload)

    async def delete_requester(self, id: int) -> None:
        await self._delete(f"/requesters/{int(id)}")

    async def list_requester_fields(self) -> list[RequesterField]:
        return await self._get_list(RequesterField, "/requester_fields", "requester_fields",
                                    "requester_field")

    # ------------------------------------------------------------------ agents

    async def list_agents(self, *, email: str | None = None,
                          mobile_phone_number: str | None = None,
                          work_phone_number: str | None = None, state: str | None = None,
                          page: int = 1, per_page: int = 30,
                          active: bool | None = None) -> Page[Agent]:
        """GET /agents (``active``: the current API's; filter queries: :meth:`filter_agents`)."""
        check_paging(page, per_page)
        params = people_params(email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number,
                               state=choice(state, AGENT_STATES, "state"), active=bool_param(active),
                               page=page, per_page=per_page)
        return await self._get_page(Agent, "/agents", "agents", page, params, "agent")

    def iter_agents(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                    work_phone_number: str | None = None, state: str | None = None,
                    per_page: int = 100) -> AsyncIterator[Agent]:
        check_paging(1, per_page)
        params = people_params(email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number,
                               state=choice(state, AGENT_STATES, "state"),
                               page=1, per_page=per_page)
        return self._iterate(Agent, "/agents", "agents", params, "agent")

    async def get_agent(self, id: int) -> Agent:
        return await self._get_one(Agent, f"/agents/{int(id)}", "agent")

    async def create_agent(self, fields: Mapping[str, Any]) -> Agent:
        payload = check_fields(dict(fields), AGENT_CREATE_FIELDS, "create agent")
        return await self._write_one("POST", Agent, "/agents", "agent", payload)

    async def update_agent(self, id: int, fields: Mapping[str, Any]) -> Agent:
        payload = check_fields(dict(fields), AGENT_UPDATE_FIELDS, "update agent")
        return await self._write_one("PUT", Agent, f"/agents/{int(id)}", "agent", payload)

    async def delete_agent(self, id: int) -> None:
        await self._delete(f"/agents/{int(id)}")

    # ------------------------------------------------------------------ roles

    async def list_roles(self, page: int = 1, per_page: int = 30) -> Page[Role]:
        check_paging(page, per_page)
        return await self._get_page(Role, "/roles", "roles", page, page_params(page, per_page),
                                    "role")

    def iter_roles(self, per_page: int = 100) -> AsyncIterator[Role]:
        check_paging(1, per_page)
        return self._iterate(Role, "/roles", "roles", page_params(1, per_page), "role")

    async def get_role(self, id: int) -> Role:
        return await self._get_one(Role, f"/roles/{int(id)}", "role")

    # ------------------------------------------------------------------ groups

    async def list_groups(self, page: int = 1, per_page: int = 30,
                          workspace_id: WorkspaceParam = None) -> Page[Group]:
        """GET /groups (since Dec 2023 only the given workspace's; None = the primary one)."""
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(Group, "/groups", "groups", page, params, "group")

    def iter_groups(self, per_page: int = 100,
                    workspace_id: WorkspaceParam = None) -> AsyncIterator[Group]:
        check_paging(1, per_page)
        params = with_workspace(page_params(1, per_page), workspace_id)
        return self._iterate(Group, "/groups", "groups", params, "group")

    async def get_group(self, id: int) -> Group:
        return await self._get_one(Group, f"/groups/{int(id)}", "group")

    async def create_group(self, fields: Mapping[str, Any]) -> Group:
        payload = check_fields(dict(fields), GROUP_FIELDS, "create group")
        return await self._write_one("POST", Group, "/groups", "group", payload)

    async def update_group(self, id: int, fields: Mapping[str, Any]) -> Group:
        payload = check_fields(dict(fields), GROUP_FIELDS, "update group")
        return await self._write_one("PUT", Group, f"/groups/{int(id)}", "group", payload)

    async def delete_group(self, id: int) -> None:
        await self._delete(f"/groups/{int(id)}")
