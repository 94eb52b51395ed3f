"""Helpers shared by the endpoint modules: query parameters, paging, 404s, uploads, responses."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..app import Ctx, Resp, Upload, attachment_total_ok
from ..dates import fmt
from ..query import QueryError, compile_query
from ..validation import Validator, field_error, not_found, one_of, validation_failed

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
FILTER_PER_PAGE = 30
FILTER_MAX_PAGE = 40


# --- query parameters ------------------------------------------------------------------------------------


def check_params(ctx: Ctx, allowed: set[str]) -> None:
    errors = [field_error(k, "Unexpected/invalid field in request", "invalid_field")
              for k in ctx.query.keys() if k not in allowed]
    if errors:
        raise validation_failed(errors)


def int_param(ctx: Ctx, name: str, default: int | None = None) -> int | None:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise validation_failed([field_error(name, f"Value set is of type String.It should be a/an Integer",
                                             "datatype_mismatch")]) from None


def choice_param(ctx: Ctx, name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    """A query parameter that takes one of a few values (400 invalid_value otherwise)."""
    value = ctx.query.get(name, default)
    if value is not None and value not in allowed:
        raise validation_failed([one_of(name, allowed)])
    return value


def includes(ctx: Ctx, allowed: tuple[str, ...]) -> list[str]:
    raw = ctx.query.get("include")
    if raw is None:
        return []
    names: list[str] = []
    for name in raw.split(","):
        name = name.strip()
        if not name:
            continue
        if name not in allowed:
            raise validation_failed([one_of("include", allowed)])
        if name not in names:
            names.append(name)
    return names


def order_type(ctx: Ctx) -> bool:
    """True for descending (the default)."""
    return choice_param(ctx, "order_type", ("asc", "desc"), "desc") == "desc"


def compile_filter(ctx: Ctx, fields: dict[str, str], param: str = "query"):
    """The ``query`` (or ``param``) parameter as a predicate (400 invalid_value when it does not parse)."""
    try:
        return compile_query(ctx.query.get(param), fields)
    except QueryError as exc:
        raise validation_failed([field_error(param, str(exc), "invalid_value")]) from None


# --- paging --------------------------------------------------------------------------------------------


def paging(ctx: Ctx) -> tuple[int, int]:
    page = int_param(ctx, "page", 1)
    per_page = int_param(ctx, "per_page", DEFAULT_PER_PAGE)
    errors = []
    if page is None or page < 1:
        errors.append(field_error("page", "It should be a Positive Integer", "invalid_value"))
    if per_page is None or per_page < 1 or per_page > MAX_PER_PAGE:
        errors.append(field_error("per_page", f"It should be a Positive Integer less than or equal to {MAX_PER_PAGE}",
                                  "invalid_value"))
    if errors:
        raise validation_failed(errors)
    return page, per_page  # type: ignore[return-value]


def next_link(ctx: Ctx, page: int) -> str:
    """The request's URL with only ``page`` changed, every other parameter kept in its place and
    spelling (a client reading the first ``page=`` must not find ``per_page=`` first)."""
    url = ctx.request.url
    parts = url.query.split("&") if url.query else []
    out, done = [], False
    for part in parts:
        if part.split("=", 1)[0] == "page":
            if not done:
                out.append(f"page={page + 1}")
                done = True
            continue
        out.append(part)
    if not done:
        out.append(f"page={page + 1}")
    return f'<{url.replace(query="&".join(out))}>; rel="next"'


def page_of(ctx: Ctx, items: list, page: int, per_page: int) -> tuple[list, dict[str, str]]:
    start = (page - 1) * per_page
    chunk = items[start:start + per_page]
    headers = {}
    if len(items) > start + per_page:
        headers["Link"] = next_link(ctx, page)
    return chunk, headers


def filter_page(ctx: Ctx) -> int:
    """The ``page`` of a filter request (30 per page, at most FILTER_MAX_PAGE)."""
    page = int_param(ctx, "page", 1)
    if page is None or page < 1 or page > FILTER_MAX_PAGE:
        raise validation_failed([field_error(
            "page", f"It should be a Positive Integer less than or equal to {FILTER_MAX_PAGE}", "invalid_value")])
    return page


def filter_chunk(matches: list, page: int) -> list:
    start = (page - 1) * FILTER_PER_PAGE
    return matches[start:start + FILTER_PER_PAGE]


def list_by_id(ctx: Ctx, records: Iterable[dict], plural: str, out: Callable[[dict], dict],
               extra: Iterable[str] = ()) -> Resp:
    """GET of a small collection in id order, paged (roles, groups); ``extra``: more parameters
    the caller has already read."""
    check_params(ctx, {"page", "per_page"} | set(extra))
    page, per_page = paging(ctx)
    items = sorted(records, key=lambda r: r["id"])
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {plural: [out(r) for r in chunk]}, headers)


# --- records -------------------------------------------------------------------------------------------


def get_or_404(mapping: dict, key: int) -> dict:
    record = mapping.get(key)
    if record is None:
        raise not_found()
    return record


def delete_record(ctx: Ctx, mapping: dict) -> Resp:
    """DELETE of a record that is simply removed (404 when it is not there)."""
    get_or_404(mapping, ctx.params["id"])
    del mapping[ctx.params["id"]]
    return Resp(204)


def created(ctx: Ctx, key: str, body: dict, path: str) -> Resp:
    """201 with the new record under ``key`` and its Location (``path`` below /api/v2/)."""
    return Resp(201, {key: body}, {"Location": f"{ctx.base_url}/api/v2/{path}"})


def not_blank(ctx: Ctx, v: Validator, name: str) -> None:
    """An update may leave ``name`` out, but not send it empty."""
    if name in ctx.payload and not (ctx.payload[name] or "").strip():
        v.add(name, "It should not be blank", "invalid_value")


def duplicate(name: str) -> Exception:
    return validation_failed([field_error(name, "It should be a unique value", "duplicate_value")], 409)


def check_ids(v: Validator, name: str, known: dict, noun: str) -> None:
    """Every id in the list field ``name`` must be a key of ``known`` (the first unknown is reported)."""
    for item_id in v.clean.get(name) or ():
        if item_id not in known:
            v.add(name, f"There is no {noun} with id {item_id}", "invalid_value")
            break


def fields_out(fields: list[dict]) -> list[dict]:
    """Field definitions (ticket/requester fields) with their timestamps formatted."""
    out = []
    for f in fields:
        item = dict(f)
        item["created_at"] = fmt(item["created_at"])
        item["updated_at"] = fmt(item["updated_at"])
        out.append(item)
    return out


# --- attachments ---------------------------------------------------------------------------------------


def save_attachments(ctx: Ctx, ticket_id: int | None) -> list[dict]:
    """Validate and store the uploaded files; 400 when the ticket's total would pass 40 MB."""
    if "attachments" in ctx.payload:
        value = ctx.payload["attachments"]
        if value not in ([], None):
            raise validation_failed([field_error(
                "attachments", "It should be a/an valid file format (send attachments as multipart/form-data)",
                "datatype_mismatch")])
    if not ctx.files:
        return []
    if not attachment_total_ok(ctx.store, ticket_id, ctx.files):
        raise validation_failed([field_error(
            "attachments", "The cumulative size of all the attachments cannot exceed 40MB", "invalid_value")])
    out = []
    for upload in ctx.files:
        out.append(store_upload(ctx, upload))
    return out


def store_upload(ctx: Ctx, upload: Upload) -> dict:
    att_id = ctx.store.new_attachment_id()
    ctx.store.uploads[att_id] = upload.content
    safe_name = upload.name.replace("/", "_").replace("\\", "_") or "attachment"
    return {"id": att_id, "content_type": upload.content_type, "size": len(upload.content), "name": upload.name,
            "attachment_url": f"{ctx.base_url}/_sandbox/attachments/{att_id}/{safe_name}",
            "created_at": ctx.now, "updated_at": ctx.now}
