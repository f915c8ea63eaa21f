"""The two Whoosh indexes of one index folder, written together: the full one and the public one.

Restricted text must not be in the public query path at all (no hit, no suggestion, no prefix
expansion, no facet count, no term statistic can come from it), so it is never written to the
public index: that index gets `indexer.restriction.public_view(pack)` of every pack, the full
index (read by signed-in officers and members) the pack as read.

Every change goes to both, inside one generation of the index folder (core.generations):
the generation becomes current only after both have committed, so a reader or a killed run never
sees one index changed without the other.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import index as windex

from core.access import Override
from core.model import Pack
from indexer.documents import pack_documents
from indexer.restriction import apply_overrides, overrides_key, public_view


@dataclass
class IndexPair:
    full: windex.Index
    public: windex.Index

    def writer(self, **kwargs: Any) -> PairWriter:
        return PairWriter(self.full.writer(**kwargs), self.public.writer(**kwargs))


class PairWriter:
    """A writer on each index; used as `with pair.writer(...) as w:` like a Whoosh writer."""

    def __init__(self, full: Any, public: Any) -> None:
        self.full, self.public = full, public

    def __enter__(self) -> PairWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.public.cancel()
            self.full.cancel()
            return
        try:
            self.public.commit()
        except BaseException:
            self.full.cancel()
            raise
        self.full.commit()

    def delete_by_term(self, field: str, value: str) -> int:
        n = self.full.delete_by_term(field, value)
        self.public.delete_by_term(field, value)
        return n

    def update_document(self, **doc: Any) -> None:
        """A pack bookkeeping document (path moved): the same in both indexes."""
        self.full.update_document(**doc)
        self.public.update_document(**doc)

    def add_pack(self, full_docs: list[dict], public_docs: list[dict]) -> None:
        for doc in full_docs:
            self.full.add_document(**{k: v for k, v in doc.items() if v is not None})
        for doc in public_docs:
            self.public.add_document(**{k: v for k, v in doc.items() if v is not None})


def reader_tag(reader_version: int, overrides: tuple[Override, ...]) -> int | str:
    """What a pack's documents were built by: the reader and the access overrides in force."""
    key = overrides_key(overrides)
    return f"{reader_version}/{key}" if key else reader_version


def audience_documents(pack: Pack, overrides: tuple[Override, ...] = (), *, reader_version: int | str | None = None,
                       **kwargs: Any) -> tuple[list[dict], list[dict]]:
    """(full index documents, public index documents) of one pack, overrides applied."""
    pack = apply_overrides(pack, overrides)
    full = pack_documents(pack, reader_version=reader_version, **kwargs)
    served = full[0]["has_restricted"] == "no"  # a file holding restricted papers is not served publicly
    public = pack_documents(public_view(pack), reader_version=reader_version, file_served=served, **kwargs)
    public[0]["has_restricted"] = full[0]["has_restricted"]
    return full, public


__all__ = ["IndexPair", "PairWriter", "reader_tag", "audience_documents"]
