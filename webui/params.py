"""Turn query-string arguments into a `SearchRequest`, and back into clean URLs.

Every search state is a plain GET URL. Parsing is strict about *known*
parameters (a bad page number or date is a 400 that says what to type instead)
and ignores unknown ones (tracking tags, typos), so shared links keep working.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from urllib.parse import urlencode

from core.dates import DateError, period
from core.fields import DEFAULT_SORT, FACET_NAMES
from core.fields import SORTS as SORT_DEFS
from search.results import SearchRequest

# Facet fields the website accepts as filters, in display order (URL parameter = facet name), and
# the sorts with their labels: both from core.fields
FACET_FIELDS: tuple[str, ...] = FACET_NAMES
SORTS: dict[str, str] = {s.name: s.label for s in SORT_DEFS}

DEFAULT_LIMIT = 10
MAX_LIMIT_HTML = 100
MAX_LIMIT_DATA = 500
MAX_PAGE = 1000
MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 200
MAX_FILTERS = 50


class BadParameter(ValueError):
    """A query-string parameter the user can fix; shown as a helpful 400 page."""

    def __init__(self, param: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.param = param
        self.message = message
        self.hint = hint


def _one(args: Mapping, name: str) -> str:
    getter = getattr(args, "get", None)
    value = getter(name, "") if getter else ""
    return (value or "").strip()


def _int(args: Mapping, name: str, default: int, low: int, high: int, what: str) -> int:
    raw = _one(args, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"The {what} must be a whole number, not “{raw[:40]}”.",
                           f"Use a number from {low} to {high}.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"The {what} must be between {low} and {high}; you asked for {value}.",
                           f"Use a number from {low} to {high}.")
    return value


def _date(args: Mapping, name: str, what: str, *, end: bool) -> str | None:
    """A typed date as the first (from) or last (to) day of the period it names: what date inputs
    send (2017-06-20), and whatever else `core.dates` reads (2017, June 2017, 20/06/2017)."""
    raw = _one(args, name)
    if not raw:
        return None
    try:
        first, last = period(raw)
    except DateError:
        raise BadParameter(name, f"The {what} date “{raw[:40]}” is not a date I can read.",
                           "Write a year (2017), a month (2017-06 or June 2017) or a day "
                           "(2017-06-20 or 20/06/2017).") from None
    return last if end else first


def parse_search_args(args: Mapping, *, max_limit: int = MAX_LIMIT_HTML) -> SearchRequest:
    """Validate request.args (a MultiDict) into a SearchRequest or raise BadParameter."""
    query = _one(args, "q")
    if len(query) > MAX_QUERY_CHARS:
        raise BadParameter("q", f"The search is too long ({len(query)} characters).",
                           f"Use at most {MAX_QUERY_CHARS} characters; a few distinctive words work best.")
    filters: list[tuple[str, str]] = []
    getlist = getattr(args, "getlist", None)
    for field in FACET_FIELDS:
        values = getlist(field) if getlist else ([args[field]] if field in args else [])
        for value in values:
            value = (value or "").strip()
            if not value:
                continue
            if len(value) > MAX_VALUE_CHARS:
                raise BadParameter(field, f"The {field.replace('_', ' ')} filter value is too long.",
                                   "Pick filter values from the list beside the results.")
            if not any(f == field and v.casefold() == value.casefold() for f, v in filters):
                filters.append((field, value))  # values of a facet are matched regardless of case
    if len(filters) > MAX_FILTERS:
        raise BadParameter("filters", f"Too many filters ({len(filters)}).", f"Use at most {MAX_FILTERS}.")
    date_from = _date(args, "from", "“from”", end=False)
    date_to = _date(args, "to", "“to”", end=True)
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", f"The “from” date ({date_from}) is after the “to” date ({date_to}).",
                           "Swap the two dates, or leave one of them empty.")
    sort = _one(args, "sort") or DEFAULT_SORT
    if sort not in SORTS:
        raise BadParameter("sort", f"I don't know how to sort by “{sort[:40]}”.",
                           "Sort by one of: " + ", ".join(SORTS) + ".")
    limit = _int(args, "limit", DEFAULT_LIMIT, 1, max_limit, "number of results per page")
    page = _int(args, "page", 1, 1, MAX_PAGE, "page number")
    return SearchRequest(query=query, filters=tuple(filters), date_from=date_from, date_to=date_to,
                         sort=sort, page=page, limit=limit)


def request_pairs(req: SearchRequest) -> list[tuple[str, str]]:
    """The canonical, minimal query-string pairs for a request (defaults omitted)."""
    pairs: list[tuple[str, str]] = []
    if req.query:
        pairs.append(("q", req.query))
    pairs.extend(req.filters)
    if req.date_from:
        pairs.append(("from", req.date_from))
    if req.date_to:
        pairs.append(("to", req.date_to))
    if req.sort != DEFAULT_SORT:
        pairs.append(("sort", req.sort))
    if req.limit != DEFAULT_LIMIT:
        pairs.append(("limit", str(req.limit)))
    if req.page != 1:
        pairs.append(("page", str(req.page)))
    return pairs


def search_url(path: str, req: SearchRequest, **changes) -> str:
    """URL of `path` for `req` with dataclass field changes, e.g. search_url('/', req, page=2)."""
    if changes:
        req = replace(req, **changes)
    qs = urlencode(request_pairs(req))
    return path + ("?" + qs if qs else "")


def toggle_filter(req: SearchRequest, field: str, value: str) -> SearchRequest:
    """The request with (field, value) added if absent or removed if present; back to page 1.

    Present means in any case, as the engine compares facet values: unticking "Cabinet" removes
    a typed `meeting=cabinet`.
    """
    folded = value.casefold()
    kept = tuple(f for f in req.filters if not (f[0] == field and f[1].casefold() == folded))
    filters = kept if len(kept) < len(req.filters) else req.filters + ((field, value),)
    return replace(req, filters=filters, page=1)


def without(req: SearchRequest, fields: Iterable[str]) -> SearchRequest:
    fields = set(fields)
    changes: dict = {"page": 1}
    if "from" in fields:
        changes["date_from"] = None
    if "to" in fields:
        changes["date_to"] = None
    if "q" in fields:
        changes["query"] = ""
    changes["filters"] = tuple(f for f in req.filters if f[0] not in fields)
    return replace(req, **changes)
