"""Facets as plain dicts, modelled on Datasette's facet results.

`build_facets` is a pure function of the engine's facet counts, the current
request and the page path: every value becomes
    {"value", "label", "count", "selected", "toggle_url"}
where `toggle_url` is the permalink with that value ticked (or unticked), so
the same dicts drive the HTML checkboxes, the "remove filter" links and the
JSON output.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.fields import FACET, facet_value
from search.results import FacetValue, SearchRequest

from .formatting import tidy_name
from .params import FACET_FIELDS, search_url, toggle_filter, without

VISIBLE_VALUES = 8  # the rest sit behind "Show more"


def facet_label(field: str) -> str:
    facet = FACET.get(field)
    return facet.label if facet else field.replace("_", " ").capitalize()


def value_label(field: str, value: str, label: str = "") -> str:
    """The engine's label if it gave one, else the registry's (core.fields), else a tidied value."""
    if label:
        return label
    facet = FACET.get(field)
    if facet and facet.value_labels:
        known = facet_value(facet, value)
        if known in facet.value_labels:
            return facet.value_labels[known]
        return value.replace("_", " ").capitalize() if field == "kind" else value
    if field in ("meeting", "council"):
        return tidy_name(value)
    return value


def _order(fields: Sequence[str]) -> list[str]:
    known = [f for f in FACET_FIELDS if f in fields]
    return known + sorted(f for f in fields if f not in FACET_FIELDS)


def _same(a: str, b: str) -> bool:
    """Facet values match as the engine matches them: regardless of case ("cabinet" is "Cabinet")."""
    return a.casefold() == b.casefold()


def build_facets(facets: Mapping[str, Sequence[FacetValue]], req: SearchRequest, path: str) -> list[dict]:
    """Datasette-style facet dicts for the template and the JSON output.

    A value is ticked when the engine says it is selected or the request filters by it in any
    case (`?meeting=cabinet` ticks "Cabinet"). Selected values the engine did not return
    (e.g. no longer matching) are still listed, with count 0, so they can be unticked.
    """
    selected: dict[str, list[str]] = {}
    for field, value in req.filters:
        selected.setdefault(field, []).append(value)
    fields = _order(list({*facets.keys(), *selected.keys()}))
    out: list[dict] = []
    for field in fields:
        values: list[dict] = []
        seen: set[str] = set()
        wanted = selected.get(field, [])
        for fv in facets.get(field, ()):
            if fv.value.casefold() in seen:
                continue
            seen.add(fv.value.casefold())
            is_selected = bool(fv.selected) or any(_same(fv.value, w) for w in wanted)
            values.append({
                "value": fv.value,
                "label": value_label(field, fv.value, fv.label),
                "count": int(fv.count),
                "selected": is_selected,
                "toggle_url": search_url(path, toggle_filter(req, field, fv.value)),
            })
        for value in wanted:
            if value.casefold() not in seen:
                seen.add(value.casefold())
                values.append({
                    "value": value,
                    "label": value_label(field, value),
                    "count": 0,
                    "selected": True,
                    "toggle_url": search_url(path, toggle_filter(req, field, value)),
                })
        if not values:
            continue
        # Ticked values first so they are never hidden behind "Show more".
        values.sort(key=lambda v: not v["selected"])
        n_selected = sum(v["selected"] for v in values)
        visible = max(VISIBLE_VALUES, n_selected)
        out.append({
            "name": field,
            "label": facet_label(field),
            "values": values,
            "visible": values[:visible],
            "more": values[visible:],
            "selected_count": n_selected,
            "clear_url": search_url(path, without(req, [field])) if n_selected else None,
        })
    return out


def active_filters(facets: list[dict], req: SearchRequest, path: str) -> list[dict]:
    """The chips above the results: one per active filter or date bound, each with a remove link."""
    chips: list[dict] = []
    for facet in facets:
        for v in facet["values"]:
            if v["selected"]:
                chips.append({"label": f"{facet['label']}: {v['label']}", "remove_url": v["toggle_url"]})
    if req.date_from:
        chips.append({"label": f"From {req.date_from}", "remove_url": search_url(path, without(req, ["from"]))})
    if req.date_to:
        chips.append({"label": f"To {req.date_to}", "remove_url": search_url(path, without(req, ["to"]))})
    return chips


def pagination(total: int, page: int, limit: int, req: SearchRequest, path: str, window: int = 2) -> dict:
    """Previous/next and numbered page links ('…' gaps as None)."""
    last = max(1, -(-total // limit))
    numbers: list[int | None] = []
    for n in range(1, last + 1):
        if n in (1, last) or abs(n - page) <= window:
            numbers.append(n)
        elif numbers and numbers[-1] is not None:
            numbers.append(None)
    return {
        "page": page,
        "last": last,
        "prev_url": search_url(path, req, page=page - 1) if page > 1 else None,
        "next_url": search_url(path, req, page=page + 1) if page < last else None,
        "pages": [{"number": n, "url": search_url(path, req, page=n) if n else None, "current": n == page}
                  for n in numbers],
    }
