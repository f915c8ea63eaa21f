"""Facet filtering and counting over matched documents.

Counts are of *agenda items* (distinct item ids), not documents. Several values of one facet
are ORed; different facets are ANDed. Each facet is counted with every filter applied except
its own, so the other values of a facet stay visible and selectable ("multi-select" facets).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from indexer.schema import FACETS, KIND_ALIASES, KIND_LABELS

MAX_VALUES = 25
KEY_DECISION_LABELS = {"yes": "Key decision", "no": "Not a key decision", "unknown": "Not stated"}


@dataclass(frozen=True)
class Row:
    """One matched document: its item and its facet values (several for officers)."""

    item_id: str
    values: Mapping[str, tuple[str, ...]]


def normalise_filters(filters: Iterable[tuple[str, str]]) -> tuple[dict[str, set[str]], list[str]]:
    """Group (facet, value) pairs by facet, lower-cased; returns (filters, notices)."""
    out: dict[str, set[str]] = {}
    notices: list[str] = []
    for name, value in filters:
        name = (name or "").strip().lower().replace("-", "_")
        if name in ("officers", "author"):
            name = "officer"
        if name == "key":
            name = "key_decision"
        if name not in FACETS:
            notices.append(f"Unknown filter “{name}” ignored (filters: {', '.join(FACETS)}).")
            continue
        v = (value or "").strip()
        if not v:
            continue
        if name == "kind":
            v = KIND_ALIASES.get(v.lower(), v.lower())
        if name == "key_decision":
            v = {"true": "yes", "1": "yes", "false": "no", "0": "no"}.get(v.lower(), v.lower())
        out.setdefault(name, set()).add(v.lower())
    return out, notices


def row_passes(row: Row, filters: Mapping[str, set[str]], skip: str | None = None) -> bool:
    for name, wanted in filters.items():
        if name == skip:
            continue
        values = row.values.get(name, ())
        if not any(v.lower() in wanted for v in values):
            return False
    return True


def _label(name: str, value: str) -> str:
    if name == "kind":
        return KIND_LABELS.get(value, value)
    if name == "key_decision":
        return KEY_DECISION_LABELS.get(value, value)
    return value


def count_facets(
    rows: Sequence[Row],
    filters: Mapping[str, set[str]],
    names: Sequence[str] = FACETS,
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
        if name == "year":
            entries.sort(key=lambda e: e[0], reverse=True)
        elif name == "key_decision":
            order = {"yes": 0, "no": 1, "unknown": 2}
            entries.sort(key=lambda e: order.get(e[0], 3))
        elif name == "kind":
            from indexer.schema import KINDS

            order = {k: i for i, k in enumerate(KINDS)}
            entries.sort(key=lambda e: (-e[1], order.get(e[0], 99)))
        else:
            entries.sort(key=lambda e: (-e[1], e[0].lower()))
        keep = [e for e in entries if e[2]] + [e for e in entries if not e[2]]
        keep = keep[: max(max_values, len(selected))]
        keep_set = {e[0] for e in keep}
        entries = [e for e in entries if e[0] in keep_set]
        result[name] = tuple(FacetValue(value=v, count=c, selected=s, label=_label(name, v)) for v, c, s in entries)
    return result


__all__ = ["Row", "normalise_filters", "row_passes", "count_facets", "KEY_DECISION_LABELS"]
