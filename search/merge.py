"""One hit per meeting item, whichever of the meeting's papers it was found in.

A meeting's item can be indexed from several files: the agenda front sheet, a supplementary
report pack and the printed minutes all have "Item 7: Transfer the 18-25 section…". Searches
show it once: the best-matching paper leads, and the others are listed with it ("also in").
Which items are the same is core.identity's rule.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def fold(ordered_ids: Iterable[str], canonical: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Ranked item ids → [(leading id, [the same item's ids in other papers])], keeping rank order."""
    out: list[tuple[str, list[str]]] = []
    where: dict[str, int] = {}
    for item_id in ordered_ids:
        key = canonical.get(item_id, item_id)
        if key in where:
            out[where[key]][1].append(item_id)
        else:
            where[key] = len(out)
            out.append((item_id, []))
    return out


__all__ = ["fold"]
