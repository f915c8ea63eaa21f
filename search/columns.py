"""Per-document values every match needs (item id, date, prior, facet values), read as whole
columns once per index generation and shared by all requests.

Reading Whoosh column readers document by document took about a third of a search's time on a
14,000-document index; plain lists indexed by document number make it a lookup.

Columns are read segment by segment (`reader.leaf_readers()`), each for exactly its own
document count. whoosh-reloaded's multi-segment column reader leaves out a segment that has no
file for a column (a segment whose packs named no contact officer has no `officer_f` column),
so the whole-index column came out shorter than the index and every document after the gap
read another document's value or ran off the end (IndexError in every search).
"""
from __future__ import annotations

from typing import Any

from core.fields import FACET_COLUMNS
from core.schema import MULTI_VALUE_SEP

_NO_PRIOR = 1_000_000  # a prior outside (0, this) is the column's "no value": count it as 1.0


class Columns:
    """Whole columns as lists, indexed by document number (fast for every match of a query)."""

    def __init__(self, item_id: list[str], date: list[str], prior: list[float], values: list[tuple], n_items: int,
                 n_sections: int = 0):
        self.item_id, self.date, self.prior, self.values = item_id, date, prior, values
        self.n_items = n_items  # distinct agenda items among live documents
        self.n_sections = n_sections  # live section and minute documents (term counts include deleted ones)

    @classmethod
    def read(cls, reader) -> Columns:
        names = ["item_id", "doc_type", "date", "prior", *FACET_COLUMNS.values()]
        cols = {name: read_column(reader, name) for name in names}
        prior = [p / 1000.0 if isinstance(p, int) and 0 < p < _NO_PRIOR else 1.0 for p in cols["prior"]]
        facet_cols = [(name, cols[column]) for name, column in FACET_COLUMNS.items()]
        values = []
        for n in range(len(prior)):
            row = []
            for name, column in facet_cols:
                v = column[n] or ""
                row.append((name, tuple(x for x in v.split(MULTI_VALUE_SEP) if x) if name == "officer"
                            else ((v,) if v else ())))
            values.append(tuple(row))
        item_id = [i or "" for i in cols["item_id"]]
        deleted = _deleted(reader)
        live = {i for n, i in enumerate(item_id) if i and n not in deleted}
        sections = sum(1 for n, t in enumerate(cols["doc_type"]) if t in ("section", "minute") and n not in deleted)
        return cls(item_id, [d or "" for d in cols["date"]], prior, values, len(live), sections)


def _deleted(reader) -> set[int]:
    """Document numbers of deleted documents (whole-index numbering)."""
    out: set[int] = set()
    for leaf, base in reader.leaf_readers():
        if leaf.has_deletions():
            out.update(base + n for n in range(leaf.doc_count_all()) if leaf.is_deleted(n))
    return out


def read_column(reader, name: str) -> list[Any]:
    """One column over the whole index, one value per document number (None where a segment has
    no such column), whatever the number of segments."""
    out: list[Any] = []
    for leaf, base in reader.leaf_readers():
        count = leaf.doc_count_all()
        if len(out) < base:  # never expected: keep document numbers aligned all the same
            out.extend([None] * (base - len(out)))
        values = list(leaf.column_reader(name)) if count and leaf.has_column(name) else []
        if len(values) != count:
            values = (values + [None] * count)[:count]
        out.extend(values)
    return out


def generation_key(reader) -> tuple:
    """What identifies one committed state of an index: its generation and its segments.

    The generation alone is not enough: an index created anew (a rebuild, a fresh index folder
    at the same path) counts generations from 0 again, and cached columns of the old index
    would be read for the new one."""
    try:
        segments = tuple((s.segment_id(), s.deleted_count()) for s in (reader.segments() or ()))
    except AttributeError:  # a reader without segments (empty index)
        segments = ()
    return reader.generation(), segments


_COLUMN_CACHE: dict[tuple, Columns] = {}


def columns_for(reader, index_dir: str) -> Columns:
    """The columns of this reader's generation of the index in `index_dir` (cached)."""
    key = (index_dir, generation_key(reader))
    cols = _COLUMN_CACHE.get(key)
    if cols is None:
        if len(_COLUMN_CACHE) >= 4:
            _COLUMN_CACHE.clear()  # the current state of each index of a folder (public, full) is plenty
        cols = _COLUMN_CACHE[key] = Columns.read(reader)
    return cols


__all__ = ["Columns", "columns_for", "generation_key", "read_column"]
