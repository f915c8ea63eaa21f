"""When two items of one meeting, in different papers, are the same meeting item.

A meeting's item can be indexed from several files: the agenda front sheet, a supplementary
report pack and the printed minutes all have "Item 7: Transfer the 18-25 section…". Two items
are the same when they share meeting name, date and item number and their titles share words
(so a minutes pack numbered differently from its agenda is never folded in wrongly). The
writer (stable ids across runs, core.retired) and the searcher (one hit per item,
search.merge) must agree on this, so the rule lives here once.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from .analysis import analyze

SAME_NUMBER_LIKENESS = 0.25  # same number: titles must share at least a quarter of their words
SAME_TITLE_LIKENESS = 0.6  # related papers without a matching number: titles must mostly agree


def title_likeness(a: str | None, b: str | None) -> float:
    """Share of the shorter title's words found in the other (0..1); numbers and identifiers ignored."""
    wa = {t for t in analyze(a or "") if not any(ch.isdigit() for ch in t)}
    wb = {t for t in analyze(b or "") if not any(ch.isdigit() for ch in t)}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def same_item(number_a: str | None, title_a: str | None, number_b: str | None, title_b: str | None) -> bool:
    """Two items of one meeting, in different papers, are the same item: a close title, or the
    same number with titles that share words ("24/00109 - Transfer the 18-25 section…" in the
    minutes is "Transfer the 18-25 section…" on the agenda)."""
    likeness = title_likeness(title_a, title_b)
    same_number = (number_a or "").strip().lower() == (number_b or "").strip().lower()
    return likeness >= SAME_TITLE_LIKENESS or (same_number and likeness >= SAME_NUMBER_LIKENESS)


def item_number(item_id: str) -> str:
    """The item number part of an item id ("<pack>:7~2" → "7")."""
    return item_id.partition(":")[2].split("~")[0].strip().lower()


def canonical_ids(
    items: Mapping[str, tuple[str, str | None]],
    title_of: Callable[[str], str | None],
) -> dict[str, str]:
    """item id → the id standing for its meeting item (itself unless folded into another).

    `items` maps each item id to its (date, meeting name). `title_of` is only asked about
    items that share meeting, date and number with an item of another pack.
    """
    by_key: dict[tuple[str, str, str], list[str]] = {}
    for item_id, (date, meeting) in items.items():
        number = item_number(item_id)
        if date and meeting and number:
            by_key.setdefault((date, meeting.strip().lower(), number), []).append(item_id)
    out = {item_id: item_id for item_id in items}
    for ids in by_key.values():
        if len({i.partition(":")[0] for i in ids}) < 2:
            continue
        ids = sorted(ids)
        heads: list[str] = []
        for item_id in ids:
            for head in heads:
                if head.partition(":")[0] != item_id.partition(":")[0] and \
                        same_item(item_number(head), title_of(head), item_number(item_id), title_of(item_id)):
                    out[item_id] = head
                    break
            else:
                heads.append(item_id)
    return out
