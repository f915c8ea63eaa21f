"""Facet filtering and counting over matched documents.

Counts are of *agenda items* (distinct item ids), not documents. Several values of one facet
are ORed; different facets are ANDed. Each facet is counted with every filter applied except
its own, so the other values of a facet stay visible and selectable ("multi-select" facets).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.fields import FACET, FACET_NAMES, Facet, facet_named, facet_value, value_label

MAX_VALUES = 25


@dataclass(frozen=True)
class Row:
    """One matched document: its item and its facet values (several for officers)."""

    item_id: str
    values: Mapping[str, tuple[str, ...]]


def normalise_filters(filters: Iterable[tuple[str, str]]) -> tuple[dict[str, set[str]], list[str]]:
    """Group (facet, value) pairs by facet (names and values as core.fields resolves them); returns
    (filters, notices)."""
    out: dict[str, set[str]] = {}
    notices: list[str] = []
    for name, value in filters:
        facet = facet_named(name)
        if facet is None:
            shown = (name or "").strip().lower().replace("-", "_")
            notices.append(f"Unknown filter “{shown}” ignored (filters: {', '.join(FACET_NAMES)}).")
            continue
        if not (value or "").strip():
            continue
        out.setdefault(facet.name, set()).add(facet_value(facet, value))
    return out, notices


def row_passes(row: Row, filters: Mapping[str, set[str]], skip: str | None = None) -> bool:
    for name, wanted in filters.items():
        if name == skip:
            continue
        values = row.values.get(name, ())
        if not any(v.lower() in wanted for v in values):
            return False
    return True


def _sort_entries(entries: list[tuple[str, int, bool]], facet: Facet) -> None:
    """(value, count, selected) in the facet's display order (core.fields.Facet.order)."""
    fixed = {v: i for i, v in enumerate(facet.fixed_order)}
    if facet.order == "value_desc":
        entries.sort(key=lambda e: e[0], reverse=True)
    elif facet.order == "fixed":
        entries.sort(key=lambda e: fixed.get(e[0], len(fixed)))
    elif facet.order == "count_then_fixed":
        entries.sort(key=lambda e: (-e[1], fixed.get(e[0], len(fixed))))
    else:
        entries.sort(key=lambda e: (-e[1], e[0].lower()))


def count_facets(
    rows: Sequence[Row],
    filters: Mapping[str, set[str]],
    names: Sequence[str] = FACET_NAMES,
    max_values: int = MAX_VALUES,
):
    """{facet name: tuple[FacetValue]} for the rows, honouring `filters` as described above."""
    from search.results import FacetValue

    # item ids passing all filters but the named one, cached per skipped facet
    result = {}
    for name in names:
        counts: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for row in rows:
            if not row_passes(row, filters, skip=name):
                continue
            for v in row.values.get(name, ()):
                if not v:
                    continue
                key = v.lower()
                display.setdefault(key, v)
                counts.setdefault(key, set()).add(row.item_id)
        selected = filters.get(name, set())
        entries = [(display[k], len(ids), k in selected) for k, ids in counts.items()]
        for k in selected:
            if k not in counts:
                entries.append((k, 0, True))
        _sort_entries(entries, FACET[name])
        keep = [e for e in entries if e[2]] + [e for e in entries if not e[2]]
        keep = keep[: max(max_values, len(selected))]
        keep_set = {e[0] for e in keep}
        entries = [e for e in entries if e[0] in keep_set]
        result[name] = tuple(FacetValue(value=v, count=c, selected=s, label=value_label(name, v)) for v, c, s in entries)
    return result


__all__ = ["Row", "normalise_filters", "row_passes", "count_facets"]
