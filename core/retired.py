"""Item and pack ids that no longer exist, and what stands for them now (`retired.json`).

Item ids are built from the meeting and the item number (indexer.documents.paper_base), so a
corrected file keeps them. Some still change: the correction fixes the meeting's date, or
inserts an item so that the old item 8 is now item 9. A link someone saved must still lead to
the item, so when a pack is replaced the writer maps each of its item ids that is gone to the
same item in the new pack (same number and close title, or a close title: `same_item`, the rule
that folds one item's papers together in search results), and the old pack id (its meeting
page, its file) to the new pack id. The website answers a retired id with a permanent redirect.

The map is kept inside each generation (core.generations), so it always agrees with the
index it sits beside. A live id always wins over a retired one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .identity import SAME_TITLE_LIKENESS, same_item, title_likeness

RETIRED_FILE = "retired.json"
MAX_HOPS = 16
MIN_SHARED_ITEMS = 0.6  # a pack of another meeting (date…) succeeds one only if most items are the same

ItemRef = tuple[str, str | None, str | None]  # (item id, number as printed, title)


@dataclass
class RetiredIds:
    items: dict[str, str] = field(default_factory=dict)  # retired item id → its successor
    packs: dict[str, str] = field(default_factory=dict)  # retired pack id → its successor
    changed: bool = False

    @classmethod
    def load(cls, folder: Path | None) -> RetiredIds:
        try:
            data = json.loads((Path(folder) / RETIRED_FILE).read_text(encoding="utf-8")) if folder else {}
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        items, packs = data.get("items"), data.get("packs")
        return cls(dict(items) if isinstance(items, dict) else {}, dict(packs) if isinstance(packs, dict) else {})

    def to_json(self) -> dict:
        return {"items": dict(sorted(self.items.items())), "packs": dict(sorted(self.packs.items()))}

    def retire_pack(self, old_pack: str, new_pack: str, old_items: Iterable[ItemRef],
                    new_items: Iterable[ItemRef]) -> None:
        """`old_pack` was replaced by `new_pack`: map its item ids that are gone to their successors."""
        new, old = list(new_items), list(old_items)
        live = {i for i, _, _ in new}
        targets = [successor(number, title, new) for _, number, title in old]
        if old and new and _paper(old[0][0]) != _paper(new[0][0]) \
                and sum(1 for t in targets if t) < MIN_SHARED_ITEMS * len(old):
            return  # another meeting saved over the file, not a correction of it: nothing leads there
        if old_pack != new_pack:
            self._map(self.packs, old_pack, new_pack)
        for (item_id, _number, _title), target in zip(old, targets, strict=True):
            if item_id not in live and target:
                self._map(self.items, item_id, target)
            # links of the older "<pack hash>:<key>" form to this pack lead to the same item
            hash_form = f"{old_pack}:{item_id.partition(':')[2]}"
            if old_pack != new_pack and target:
                self._map(self.items, hash_form, target)

    def _map(self, table: dict[str, str], old: str, new: str) -> None:
        for k, v in list(table.items()):  # earlier links to `old` now lead straight to `new`
            if v == old:
                table[k] = new
        table.pop(new, None)  # `new` is live: it is nobody's retired id
        if old != new:
            table[old] = new
        self.changed = True

    def resolve_item(self, item_id: str) -> str | None:
        return _follow(self.items, item_id)

    def resolve_pack(self, pack_id: str) -> str | None:
        return _follow(self.packs, pack_id)


def _paper(item_id: str) -> str:
    return item_id.partition(":")[0]


def _follow(table: dict[str, str], key: str) -> str | None:
    seen = {key}
    target = table.get(key)
    for _ in range(MAX_HOPS):
        if target is None:
            return None
        nxt = table.get(target)
        if nxt is None or nxt in seen:
            return target
        seen.add(target)
        target = nxt
    return target


def successor(number: str | None, title: str | None, candidates: list[ItemRef]) -> str | None:
    """The id of the item among `candidates` that is the same agenda item, or None."""
    best, best_score = None, 0.0
    for item_id, cand_number, cand_title in candidates:
        if not same_item(number, title, cand_number, cand_title):
            continue
        score = title_likeness(title, cand_title) + (0.5 if (number or "").strip() == (cand_number or "").strip() else 0)
        if score > best_score:
            best, best_score = item_id, score
    if best is None and not title:  # untitled: only the same number will do
        best = next((i for i, n, _ in candidates if (n or "").strip() == (number or "").strip() and n), None)
    return best if best is not None and (best_score > 0 or not title) else None


__all__ = ["RETIRED_FILE", "RetiredIds", "ItemRef", "successor", "SAME_TITLE_LIKENESS"]
