"""Canned responses (API-SUPPLEMENT §4, the documented reads) and solutions (§5, the reads and the
search), from seed_kb; and the attachment download (§3.4 ``GET /api/v2/attachments/{id}``).

Choices where the sources are silent: the single canned response/folder wrappers are ``canned_response``
and ``canned_response_folder`` (the OAS spelling; the docs' are typos); the search matches every word
of ``search_term`` (case-insensitive) in the title, the text or the keywords of published articles,
``user_email`` must name a user (else 403, as the docs say when the caller may not act for them); the
attachment download answers the bytes inline (200, the file's content type, a Content-Disposition with
its name) rather than a redirect.
"""

from __future__ import annotations

import re

from ..app import Ctx, Resp
from ..html_text import html_to_text
from ..store_rest import out
from ..validation import simple_error
from .common import check_params, get_or_404, int_param
from .kit import paged, simple_list
from .workspaces import can_access

FOLDER_KEYS = ("id", "name", "type", "responses_count", "created_at", "updated_at", "workspace_id")
RESPONSE_KEYS = ("id", "title", "folder_id", "content", "content_html", "created_at", "updated_at", "workspace_id")
CATEGORY_KEYS = ("id", "created_at", "updated_at", "name", "description", "default_category", "position",
                 "visible_in_portals", "workspace_id")
SFOLDER_KEYS = ("id", "name", "description", "category_id", "position", "visibility", "default_folder",
                "workspace_id", "created_at", "updated_at")
ARTICLE_KEYS = ("id", "title", "description", "description_text", "status", "approval_status", "position",
                "folder_id", "category_id", "thumbs_up", "thumbs_down", "modified_by", "modified_at",
                "inserted_into_tickets", "url", "article_type", "agent_id", "views", "keywords", "review_date",
                "workspace_id", "created_at", "updated_at")


def _kb(ctx: Ctx) -> dict:
    return ctx.store.rest.knowledge


def folder_out(f: dict) -> dict:
    return out(f, FOLDER_KEYS)


def response_out(r: dict, *, detail: bool = False) -> dict:
    body = out(r, RESPONSE_KEYS)
    if detail:
        body["attachments"] = [dict(a, attachment_url=None) for a in r.get("attachments") or []]
    return body


def article_out(a: dict, *, detail: bool = False) -> dict:
    body = out(a, ARTICLE_KEYS)
    body["description_text"] = html_to_text(a.get("description"))
    body["modified_at"] = body["updated_at"]
    if detail:
        body.update(tags=list(a.get("tags") or []), attachments=[], approvals=[], cloud_files=[])
    return body


def list_folders(ctx: Ctx) -> Resp:
    return simple_list(ctx, _kb(ctx)["canned_folders"].values(), "canned_response_folders", folder_out,
                       workspace=True)


def view_folder(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"canned_response_folder": folder_out(get_or_404(_kb(ctx)["canned_folders"], ctx.params["id"]))})


def folder_responses(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    get_or_404(_kb(ctx)["canned_folders"], ctx.params["id"])
    items = [r for r in _kb(ctx)["canned_responses"].values() if r["folder_id"] == ctx.params["id"]]
    return paged(ctx, items, "canned_responses", response_out)


def list_responses(ctx: Ctx) -> Resp:
    return simple_list(ctx, _kb(ctx)["canned_responses"].values(), "canned_responses", response_out, workspace=True)


def view_response(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    r = get_or_404(_kb(ctx)["canned_responses"], ctx.params["id"])
    return Resp(200, {"canned_response": response_out(r, detail=True)})


def list_categories(ctx: Ctx) -> Resp:
    return simple_list(ctx, _kb(ctx)["categories"].values(), "categories", lambda c: out(c, CATEGORY_KEYS),
                       workspace=True)


def _children(ctx: Ctx, param: str, parents: str, children: str, plural: str, out_fn) -> Resp:
    """A list that names its parent in a mandatory query parameter (folders of a category, articles of
    a folder): 400 missing_field without it, 404 for an unknown parent."""
    from ..validation import field_error, validation_failed

    check_params(ctx, {param, "page", "per_page"})
    parent_id = int_param(ctx, param)
    if parent_id is None:
        raise validation_failed([field_error(param, "Mandatory attribute missing", "missing_field")])
    get_or_404(_kb(ctx)[parents], parent_id)
    return paged(ctx, [r for r in _kb(ctx)[children].values() if r[param] == parent_id], plural, out_fn)


def list_solution_folders(ctx: Ctx) -> Resp:
    return _children(ctx, "category_id", "categories", "solution_folders", "folders", lambda f: out(f, SFOLDER_KEYS))


def list_articles(ctx: Ctx) -> Resp:
    return _children(ctx, "folder_id", "solution_folders", "articles", "articles", article_out)


def view_article(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"article": article_out(get_or_404(_kb(ctx)["articles"], ctx.params["id"]), detail=True)})


def search_articles(ctx: Ctx) -> Resp:
    check_params(ctx, {"search_term", "user_email", "page", "per_page"})
    email = (ctx.query.get("user_email") or "").strip().lower()
    if email and not any((u.get("primary_email") or u.get("email") or "").lower() == email
                         for u in list(ctx.store.requesters.values()) + list(ctx.store.agents.values())):
        raise simple_error(403, "access_denied", "You are not authorized to perform this action.")
    words = [w for w in re.split(r"\W+", (ctx.query.get("search_term") or "").lower()) if w]
    found = []
    for a in _kb(ctx)["articles"].values():
        if a["status"] != 2 or not can_access(ctx, a.get("workspace_id")):
            continue
        haystack = " ".join([a["title"], html_to_text(a["description"]), " ".join(a.get("keywords") or [])]).lower()
        if words and all(w in haystack for w in words):
            found.append(a)
    resp = paged(ctx, found, "articles", article_out)
    page, per_page = int_param(ctx, "page", 1) or 1, int_param(ctx, "per_page", 30) or 30
    resp.body["meta"] = {"total_items": len(found), "total_pages": max(1, -(-len(found) // per_page)),
                         "current_page": page}
    return resp


def download_attachment(ctx: Ctx) -> Resp:
    """GET /api/v2/attachments/{id}: the bytes of an uploaded or seeded attachment."""
    check_params(ctx, set())
    att_id = ctx.params["id"]
    seeded = _kb(ctx).get("attachments", {}).get(att_id)
    if seeded is not None:
        name, content_type, content = seeded
    else:
        content = ctx.store.uploads.get(att_id)
        if content is None:
            return get_or_404({}, att_id)
        name, content_type = f"attachment-{att_id}", "application/octet-stream"
        for ticket in ctx.store.tickets.values():
            for att in ticket.get("attachments") or []:
                if att.get("id") == att_id:
                    name, content_type = att.get("name") or name, att.get("content_type") or content_type
    safe = re.sub(r'["\\\r\n]', "_", name)
    return Resp(200, bytes(content), {"content-type": content_type,
                                      "content-disposition": f'attachment; filename="{safe}"'})


ROUTES = [
    ("/api/v2/canned_response_folders", {"GET": list_folders}),
    ("/api/v2/canned_response_folders/{id}", {"GET": view_folder}),
    ("/api/v2/canned_response_folders/{id}/canned_responses", {"GET": folder_responses}),
    ("/api/v2/canned_responses", {"GET": list_responses}),
    ("/api/v2/canned_responses/{id}", {"GET": view_response}),
    ("/api/v2/solutions/categories", {"GET": list_categories}),
    ("/api/v2/solutions/folders", {"GET": list_solution_folders}),
    ("/api/v2/solutions/articles", {"GET": list_articles}),
    ("/api/v2/solutions/articles/search", {"GET": search_articles}),  # before {id}
    ("/api/v2/solutions/articles/{id}", {"GET": view_article}),
    ("/api/v2/attachments/{id}", {"GET": download_attachment}),
]
