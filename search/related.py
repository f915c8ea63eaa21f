"""Items related to an item or a person: an officer's reports, similar past items (precedents),
and the same item in the meeting's other papers.

A collaborator of `search.engine.WhooshSearchService`: it is given the service and uses its
searcher, collection and hit building (the `ServiceParts` it needs), so these views rank and
look exactly like search results.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from whoosh import query as Q

from core.analysis import analyze
from core.identity import same_item
from core.schema import SEARCHABLE_DOC_TYPES
from search.columns import Columns
from search.ranking import DocMatch, ItemGroup, group_items, sort_groups
from search.results import ItemHit

SIMILAR_TERMS = 20


def name_key(name: str | None) -> str:
    """A person's name for comparison: case, spacing and curly apostrophes do not matter."""
    return re.sub(r"\s+", " ", (name or "").replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


class ServiceParts(Protocol):
    """What RelatedItems uses of the search service."""

    @property
    def searcher(self) -> Any: ...

    def _mask(self, date_from: str | None = None, date_to: str | None = None) -> Q.Query: ...

    def _columns(self) -> Columns: ...

    def _collect(self, query: Q.Query | None, mask: Q.Query, terms: bool = True,
                 exclude: Q.Query | None = None) -> list[DocMatch]: ...

    def _hit(self, group: ItemGroup, highlight: frozenset[str] | set[str],
             also: Sequence[ItemGroup] = ()) -> ItemHit: ...


class RelatedItems:
    """officer_items, similar and related over a search service's index."""

    def __init__(self, service: ServiceParts) -> None:
        self._service = service

    def _item_docnums(self, item_id: str) -> list[int]:
        """The item's searchable documents (pack bookkeeping documents carry no item id)."""
        s = self._service.searcher
        return [n for n in s.document_numbers(item_id=item_id)
                if s.stored_fields(n).get("doc_type") in SEARCHABLE_DOC_TYPES]

    def officer_items(self, name: str) -> tuple[ItemHit, ...]:
        """Every item the named officer is a contact for, newest first."""
        wanted = name_key(name)
        if not wanted:
            return ()
        toks = analyze(wanted)
        if not toks:
            return ()
        q = Q.Phrase("officers", toks) if len(toks) > 1 else Q.Term("officers", toks[0])
        matches = [
            m for m in self._service._collect(q, self._service._mask(), terms=False)
            if any(name_key(o) == wanted for o in m.facet("officer"))
        ]
        groups = sort_groups(group_items(matches), "newest")
        return tuple(self._service._hit(g, frozenset()) for g in groups)

    def similar(self, item_id: str, limit: int = 5) -> tuple[ItemHit, ...]:
        """Items of other meetings most like this one (precedents), by its most distinctive terms."""
        s = self._service.searcher
        docnums = self._item_docnums(item_id)
        if not docnums:
            return ()
        pack_id = s.stored_fields(docnums[0]).get("pack_id", "")
        terms = s.key_terms(docnums, "content", numterms=SIMILAR_TERMS)
        title_terms = s.key_terms(docnums, "title", numterms=8)
        if not terms and not title_terms:
            return ()
        subs = [Q.Term("content", t, boost=w) for t, w in terms]
        subs += [Q.Term("title", t, boost=2.0 * w) for t, w in title_terms]
        subs += [Q.Term("report_title", t, boost=1.5 * w) for t, w in title_terms]
        q = Q.Or(subs)
        cols = self._service._columns()
        meeting = (cols.date[docnums[0]], dict(cols.values[docnums[0]]).get("meeting"))
        # the same meeting's other papers (its minutes, a supplementary pack) are not precedents
        matches = [m for m in self._service._collect(q, self._service._mask(), terms=False, exclude=Q.Term("pack_id", pack_id))
                   if not (meeting[0] and (m.date, m.facet("meeting")) == meeting)]
        groups = sort_groups(group_items(matches), "relevance")[: max(1, min(limit, 50))]
        highlight = frozenset(t for t, _ in terms[:10])
        return tuple(self._service._hit(g, highlight) for g in groups)

    def related(self, item_id: str) -> tuple[ItemHit, ...]:
        """The same agenda item in the meeting's other papers: its minutes, a supplementary pack.

        Same meeting (date and name), another file, and the same item (see core.identity.same_item).
        """
        s = self._service.searcher
        own = self._item_docnums(item_id)
        if not own:
            return ()
        cols = self._service._columns()
        date, meeting = cols.date[own[0]], dict(cols.values[own[0]]).get("meeting")
        if not date or not meeting:
            return ()
        mine = s.stored_fields(own[0])
        pack_id = mine.get("pack_id", "")
        mask = Q.And([self._service._mask(), Q.Term("date", date)])
        matches = [m for m in self._service._collect(None, mask, exclude=Q.Term("pack_id", pack_id))
                   if m.facet("meeting") == meeting]
        out = []
        for g in sort_groups(group_items(matches), "oldest"):
            other = s.stored_fields(g.docs[0].docnum)
            if same_item(mine.get("item"), mine.get("title"), other.get("item"), other.get("title")):
                out.append(self._service._hit(g, frozenset()))
        return tuple(out)


__all__ = ["RelatedItems", "name_key"]
