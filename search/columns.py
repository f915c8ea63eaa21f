"""Per-document values every match needs (item id, date, prior, facet values), read as whole
columns once per index generation and shared by all requests.

Reading Whoosh column readers document by document took about a third of a search's time on a
14,000-document index; plain lists indexed by document number make it a lookup.
"""
from __future__ import annotations

from indexer.schema import FACET_COLUMNS, MULTI_VALUE_SEP


class Columns:
    """Whole columns as lists, indexed by document number (fast for every match of a query)."""

    def __init__(self, item_id: list[str], date: list[str], prior: list[float], values: list[tuple], n_items: int):
        self.item_id, self.date, self.prior, self.values = item_id, date, prior, values
        self.n_items = n_items  # distinct agenda items among live documents

    @classmethod
    def read(cls, reader) -> "Columns":
        def col(name: str) -> list:
            # Segment by segment: whoosh-reloaded's multi-segment column reader silently skips a
            # segment that has no value at all in a column (a batch of packs naming no officer), so
            # every later document's value came from the wrong document, or ran off the end.
            values: list = []
            for sub, offset in reader.leaf_readers():
                values.extend([None] * (offset - len(values)))
                if sub.has_column(name):
                    values.extend(sub.column_reader(name))
                else:
                    values.extend([None] * sub.doc_count_all())
            return values

        # a missing prior reads as the column's "no value" (a huge int) or None: count it as 1.0
        prior = [p / 1000.0 if p is not None and 0 < p < 1_000_000 else 1.0 for p in col("prior")]
        facet_cols = [(name, col(column)) for name, column in FACET_COLUMNS.items()]
        values = []
        for n in range(len(prior)):
            row = []
            for name, column in facet_cols:
                v = column[n] or ""
                row.append((name, tuple(x for x in v.split(MULTI_VALUE_SEP) if x) if name == "officer"
                            else ((v,) if v else ())))
            values.append(tuple(row))
        item_id = col("item_id")
        live = {i for n, i in enumerate(item_id) if i and not reader.is_deleted(n)}
        return cls(item_id, [d or "" for d in col("date")], prior, values, len(live))


_COLUMN_CACHE: dict[tuple[str, int], Columns] = {}


def columns_for(reader, index_dir: str) -> Columns:
    """The columns of this reader's generation of the index in `index_dir` (cached)."""
    key = (index_dir, reader.generation())
    cols = _COLUMN_CACHE.get(key)
    if cols is None:
        if len(_COLUMN_CACHE) >= 4:
            _COLUMN_CACHE.clear()  # the current generation of each index of a folder (public, full) is plenty
        cols = _COLUMN_CACHE[key] = Columns.read(reader)
    return cols


__all__ = ["Columns", "columns_for"]
