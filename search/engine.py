"""The Whoosh-backed SearchService: the one place where searches meet the index.

`open_service(index_dir)` opens the index read-only; each service holds one searcher (a
point-in-time view: an indexer committing meanwhile never disturbs it) until `close()`.
Everything it returns is a plain object from `search.results`.

A search runs in four steps:
1. `search.query.parse_query` turns the text into a Whoosh query (never raises),
2. every matching section/minute/item document is collected with its score × prior and the
   terms it matched (the mask keeps pack bookkeeping documents out; dates restrict here),
3. facet filters apply per document, facet counts are taken over items (`search.facets`),
4. documents group into agenda items, which are ranked (`search.ranking`) and paged; only the
   page shown gets stored fields and snippets.
"""
from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from whoosh import index as windex
from whoosh import query as Q

from core.fields import DEFAULT_SORT, SORT_NAMES
from core.generations import WRITER_LOCK_FILE, current_path
from core.identity import canonical_ids
from core.model import page_of_line
from core.retired import RetiredIds
from core.schema import (
    AUDIENCES,
    INDEX_NAME,
    MULTI_VALUE_SEP,
    SCHEMA_VERSION,
    SEARCHABLE_DOC_TYPES,
    read_schema_version,
)
from search.columns import Columns, columns_for, generation_key
from search.details import item_detail, meeting_detail
from search.facets import Row, count_facets, normalise_filters, row_passes
from search.item_logic import ItemLogic
from search.lru import LRU
from search.merge import fold
from search.query import parse_query
from search.ranking import (
    DocMatch,
    ItemGroup,
    apply_intent,
    group_items,
    intent_kinds,
    sort_groups,
)
from search.related import RelatedItems
from search.results import (
    ItemDetail,
    ItemHit,
    MeetingDetail,
    NothingIndexed,
    SearchRequest,
    SearchResponse,
    SectionHit,
    Stats,
)
from search.snippets import snippet_at
from search.suggest import suggest

MAX_SECTIONS_PER_HIT = 4
MIN_DOCS_FOR_COMMON = 200  # below this, no word is "very common" (see search.query.parse_query)
_PACK_ID_RE = re.compile(r"^[0-9a-f]{12}$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
# Parsed pack JSON per (index dir, the searcher's index generation, pack id): item pages re-open
# the same pack often, and a pack id is a content hash, so an entry only goes stale with a new
# generation.
_PACK_CACHE: LRU[dict | None] = LRU(64)
# Matched documents of recent queries per (index, generation, query, dates): see _matches.
_MATCH_CACHE: LRU[tuple[list[DocMatch], dict[str, str]]] = LRU(16)
_MATCH_CACHE_MAX_DOCS = 50_000


class IndexNotFound(RuntimeError):
    """There is no usable index in the folder (never built, or built by an incompatible version)."""


def open_service(index_dir: str | os.PathLike[str], audience: str = "public") -> WhooshSearchService:
    """The search service over the current generation of the index `audience` may read in
    `index_dir`: "public" (the default: restricted items are only what the agenda publishes of
    them) or "officer" (everything).

    A folder where an indexer has started but not committed yet opens as an empty index
    (nothing indexed yet), never as an error."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r} (expected one of {', '.join(AUDIENCES)})")
    name = AUDIENCES[audience]
    path = Path(index_dir)
    missing = IndexNotFound(f"no search index in {path}: run `agenda-search index` first")
    if not path.is_dir():
        raise missing
    for attempt in range(1, 9):
        gen = current_path(path)
        if gen is None:
            legacy = read_schema_version(path)  # an index of the old flat layout
            if legacy is not None:
                raise IndexNotFound(
                    f"the index in {path} was built by another version (schema {legacy}, expected {SCHEMA_VERSION}): "
                    "run `agenda-search index` to rebuild it")
            if (path / WRITER_LOCK_FILE).exists():  # a first run is under way (or was killed): empty
                return WhooshSearchService(_empty_index(), path, None, name)
            raise missing
        version = read_schema_version(gen)
        if version is not None and version != SCHEMA_VERSION:
            raise IndexNotFound(
                f"the index in {path} was built by another version (schema {version}, expected {SCHEMA_VERSION}): "
                "run `agenda-search index` to rebuild it"
            )
        try:
            ix = windex.open_dir(str(gen), indexname=name)
        except (FileNotFoundError, windex.EmptyIndexError):
            if attempt == 8:
                raise missing from None
            time.sleep(0.02 * attempt)  # the generation was replaced and removed meanwhile: read CURRENT again
            continue
        if version is None:
            raise IndexNotFound(f"the index in {path} has no schema version: run `agenda-search index` to rebuild it")
        if _retrying(lambda ix=ix: _live_docs(ix)) == 0:  # whoosh's readers of an empty index raise bare errors
            raise NothingIndexed(f"nothing indexed yet in {path}: run `agenda-search index` over a folder of "
                                 "agenda packs (PDF, .txt or .md)")
        return WhooshSearchService(ix, path, gen, name)
    raise missing  # pragma: no cover


def _empty_index():
    from whoosh.filedb.filestore import RamStorage

    from core.schema import build_schema

    return RamStorage().create_index(build_schema(), indexname=INDEX_NAME)


def _live_docs(ix) -> int:
    """Undeleted documents, from the table of contents alone (no segment is opened): 0 for an
    index built over an empty folder or whose every pack was pruned."""
    return sum(seg.doc_count() for seg in ix._segments())


def _retrying(action, reopen=None, attempts: int = 8):
    """Run `action()`, retrying while an indexer's commit replaces the files being opened.

    A commit makes a new generation current and removes old ones (core.generations); a
    reader that found a generation a moment before may find its files gone. The next try reads
    the new generation (after `reopen()`, if given), so the retry is short and bounded.
    """
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except FileNotFoundError:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
            if reopen is not None:
                reopen()


def _folder_size(folder: Path) -> int:
    """Bytes of the files of one generation (0 for an index not on disk yet, or removed since)."""
    total = 0
    try:
        for f in folder.iterdir():
            try:
                total += f.stat().st_size if f.is_file() else 0
            except FileNotFoundError:
                continue
    except OSError:
        return 0
    return total


def _pages(value) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        a, _, b = str(value).partition("-")
        return int(a), int(b or a)
    except ValueError:
        return None


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _officers(fields: dict) -> tuple[str, ...]:
    raw = fields.get("officer_f") or ""
    return tuple(n for n in raw.split(MULTI_VALUE_SEP) if n)


def _terms(hit) -> frozenset[tuple[str, str]]:
    if not hit.results.has_matched_terms():
        return frozenset()
    out = set()
    for field, text in hit.matched_terms():
        out.add((field, text.decode("utf-8") if isinstance(text, bytes) else str(text)))
    return frozenset(out)


def _typed_words(text: str) -> list[str]:
    """The words as typed, stop words included ("how much"), for intent detection."""
    return re.findall(r"£|[^\W\d_]+", text or "")


def _date_bounds(*pairs: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """The tightest [from, to] of several (from, to) pairs; malformed dates are ignored."""
    lo = hi = None
    for a, b in pairs:
        if a and _ISO_DATE_RE.match(a):
            lo = a if lo is None or a > lo else lo
        if b and _ISO_DATE_RE.match(b):
            hi = b if hi is None or b < hi else hi
    return lo, hi


class WhooshSearchService:
    """Implements `search.results.SearchService` over one Whoosh index."""

    def __init__(self, ix, index_dir: Path, generation: Path | None = None, name: str = INDEX_NAME):
        self._ix = ix
        self._root = Path(index_dir)
        self._name = name
        # the generation folder read: names this committed state (caches) and holds its files
        self._dir = Path(generation) if generation is not None else Path(index_dir)
        self._searcher = None
        self._n_docs: int | None = None
        self._cols: Columns | None = None
        self._retired_ids: RetiredIds | None = None
        self._related = RelatedItems(self)

    # ------------------------------------------------------------------ related items

    def officer_items(self, name: str) -> tuple[ItemHit, ...]:
        """Every item the named officer is a contact for, newest first."""
        return self._related.officer_items(name)

    def similar(self, item_id: str, limit: int = 5) -> tuple[ItemHit, ...]:
        """Items of other meetings most like this one (precedents)."""
        return self._related.similar(item_id, limit)

    def related(self, item_id: str) -> tuple[ItemHit, ...]:
        """The same agenda item in the meeting's other papers."""
        return self._related.related(item_id)

    # ------------------------------------------------------------------ plumbing

    @property
    def searcher(self):
        if self._searcher is None:
            def reopen() -> None:  # a commit replaced the generation since the index was opened
                fresh = open_service(self._root, self._audience)
                self._ix, self._dir = fresh._ix, fresh._dir

            self._searcher = _retrying(lambda: self._ix.searcher(), reopen)
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._cols = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _mask(self, date_from: str | None = None, date_to: str | None = None) -> Q.Query:
        types = Q.Or([Q.Term("doc_type", t) for t in SEARCHABLE_DOC_TYPES])
        if date_from or date_to:
            return Q.And([types, Q.TermRange("date", date_from, date_to)])
        return types

    def _columns(self) -> Columns:
        """Per-document item id, date, prior and facet values, read once per index generation."""
        if self._cols is None:
            self._cols = columns_for(self.searcher.reader(), self._key)
        return self._cols

    def _collect(self, query: Q.Query | None, mask: Q.Query, terms: bool = True,
                 exclude: Q.Query | None = None) -> list[DocMatch]:
        """Every matching searchable document as a DocMatch (score × the document's prior).

        `exclude` goes to Whoosh's own `mask=`: whoosh-reloaded's AndNot lets the first document
        of the excluded set through (see tests/test_whoosh_regressions.py).
        """
        s = self.searcher
        if query is None:
            results = s.search(mask, mask=exclude, limit=None, scored=False)
        else:
            results = s.search(query, filter=mask, mask=exclude, limit=None, terms=terms)
        cols = self._columns()
        track = query is not None and terms
        out = []
        for hit in results:
            n = hit.docnum
            base = hit.score if query is not None else 1.0
            out.append(
                DocMatch(
                    docnum=n,
                    item_id=cols.item_id[n],
                    score=float(base or 0.0) * cols.prior[n],
                    date=cols.date[n],
                    terms=_terms(hit) if track else frozenset(),
                    values=cols.values[n],
                )
            )
        return out

    def _concept_weights(self, concepts, matches: list[DocMatch]) -> list[float]:
        """Each concept's rarity among agenda *items*: log(1 + items / items matching it).

        Counted over items, not documents: every section repeats its item's title, so document
        frequencies would make a word in one long report's title look common.
        """
        if not concepts:
            return []
        n = max(self._columns().n_items, 1)
        seen: list[set[str]] = [set() for _ in concepts]
        for m in matches:
            if not m.terms:
                continue
            for i, c in enumerate(concepts):
                if c.terms & m.terms:
                    seen[i].add(m.item_id)
        return [math.log(1.0 + n / max(len(items), 1)) for items in seen]

    def _matches(self, parsed, date_from: str | None, date_to: str | None) -> tuple[list[DocMatch], dict[str, str]]:
        """The query's matched documents and canonical item ids, cached per index generation.

        Ticking a facet, changing the sort or turning a page reruns the same query with other
        filters: those apply after this step, so they reuse its result instead of searching again.
        """
        if parsed.nothing:
            return [], {}
        key = (self._key, generation_key(self.searcher.reader()), repr(parsed.query), repr(parsed.logic),
               date_from, date_to)
        hit = _MATCH_CACHE.get(key)
        if hit is None:
            mask = self._mask(date_from, date_to)
            matches = self._collect(parsed.query, mask)
            if parsed.logic is not None:
                hit = self._apply_logic(parsed.logic, parsed.query, matches, mask)
            else:
                hit = (matches, self._canonical_items(matches))
            if len(hit[0]) <= _MATCH_CACHE_MAX_DOCS:  # memory stays bounded on a huge archive
                _MATCH_CACHE.put(key, hit)
        return hit

    def _apply_logic(self, logic: ItemLogic, ranked: Q.Query, matches: list[DocMatch], mask: Q.Query,
                     exclude: Q.Query | None = None) -> tuple[list[DocMatch], dict[str, str]]:
        """Keep the matches whose meeting item satisfies the query's AND / NOT / groups.

        Each leaf is searched (unscored) for the documents it occurs in; the items of all of them
        are folded together (search.merge), so an item excluded by its minutes is excluded in its
        agenda paper too, and the logic runs over those folded items. The leaves must be searched
        with the very `mask` and `exclude` of the ranked search: text a reader may not see must
        not decide what they are shown (a NOT on a word found only there would tell).
        """
        cols = self._columns()
        docs_of: dict[str, list[int]] = {repr(ranked): [m.docnum for m in matches]}
        for leaf in logic.leaves():
            key = repr(leaf)
            if key not in docs_of and not isinstance(leaf, Q.Every):
                found = self.searcher.search(leaf, filter=mask, mask=exclude, limit=None, scored=False)
                docs_of[key] = sorted(found.docs())
        canonical = self._canonical_for(n for docs in docs_of.values() for n in docs)
        item_sets = {key: frozenset(canonical[cols.item_id[n]] for n in docs) for key, docs in docs_of.items()}
        keep = logic.evaluate(lambda leaf: item_sets[repr(leaf)])
        return [m for m in matches if canonical[m.item_id] in keep], canonical

    def _commonness(self, clause: Q.Query) -> float:
        """Share of searchable documents the clause's most frequent term is in (phrases: 0)."""
        s = self.searcher
        if self._n_docs is None:
            self._n_docs = max(1, sum(s.doc_frequency("doc_type", t) for t in SEARCHABLE_DOC_TYPES))
        if self._n_docs < MIN_DOCS_FOR_COMMON:
            return 0.0  # a handful of packs: every word may look common, and recall matters more
        share = 0.0
        for leaf in clause.leaves():
            if isinstance(leaf, Q.Term):
                share = max(share, s.doc_frequency(leaf.fieldname, leaf.text) / self._n_docs)
        return share

    def _canonical_items(self, matches: list[DocMatch]) -> dict[str, str]:
        """item id → the id its meeting item is counted and shown under (see search.merge)."""
        return self._canonical_for(m.docnum for m in matches)

    def _canonical_for(self, docnums) -> dict[str, str]:
        """`_canonical_items` for the items of these document numbers."""
        cols = self._columns()
        items: dict[str, tuple[str, str | None]] = {}
        first_doc: dict[str, int] = {}
        for n in docnums:
            item_id = cols.item_id[n]
            if item_id not in items:
                meeting = next((v for k, v in cols.values[n] if k == "meeting"), ())
                items[item_id] = (cols.date[n], meeting[0] if meeting else None)
                first_doc[item_id] = n
        titles: dict[str, str | None] = {}

        def title_of(item_id: str) -> str | None:
            if item_id not in titles:
                titles[item_id] = self.searcher.stored_fields(first_doc[item_id]).get("title")
            return titles[item_id]

        return canonical_ids(items, title_of)

    def _hit(self, group: ItemGroup, highlight: frozenset[str] | set[str], also: Sequence[ItemGroup] = ()) -> ItemHit:
        s = self.searcher
        best = s.stored_fields(group.docs[0].docnum)
        sections: list[SectionHit] = []
        seen: set[str] = set()
        for d in group.docs[: MAX_SECTIONS_PER_HIT * 3]:
            if len(sections) >= MAX_SECTIONS_PER_HIT:
                break
            f = best if d.docnum == group.docs[0].docnum else s.stored_fields(d.docnum)
            text, line = snippet_at(f.get("content") or "", highlight)
            pages = _pages(f.get("pages"))
            at = page_of_line(f.get("line_pages"), line) if line is not None else None
            if at is not None and pages and pages[0] <= at <= pages[1]:
                pages = (at, pages[1])  # link to the page that holds the matched words
            minute = f.get("minute") if f.get("doc_type") == "minute" else None
            if text in seen or (minute and f"minute:{minute}" in seen):
                continue  # a passage the pack repeats, or a minute already shown (itself or its RESOLVED text)
            seen.add(text)
            if minute:
                seen.add(f"minute:{minute}")
            sections.append(
                SectionHit(
                    heading=f.get("heading") or "",
                    kind=f.get("kind") or "other",
                    pages=pages,
                    snippet=text,
                    score=round(d.score, 4),
                )
            )
        snippets = tuple(dict.fromkeys(  # the best section's, and the next one's if it matched too
            sec.snippet for i, sec in enumerate(sections[:2]) if sec.snippet and (i == 0 or "<mark>" in sec.snippet)))
        return ItemHit(
            item_id=group.item_id,
            pack_id=best.get("pack_id", ""),
            source=best.get("source", ""),
            council=best.get("council"),
            meeting=best.get("meeting"),
            date=best.get("date"),
            item=best.get("item", ""),
            title=best.get("title") or best.get("report_title") or "",
            report_number=best.get("report_no"),
            officers=_officers(best),
            score=round(group.score, 4),
            pages=sections[0].pages if sections else None,
            snippets=snippets,
            sections=tuple(sections),
            key_decision=_yes_no(best.get("key_decision")),
            exempt=_yes_no(best.get("exempt")),
            restricted=self._restriction(best.get("pack_id", ""), group.item_id) if best.get("restricted") == "yes" else None,
            file_served=self.pack_path(best.get("pack_id", ""), check_file=False) is not None,
            also_in=tuple((g.item_id, s.stored_fields(g.docs[0].docnum).get("source", "")) for g in also),
        )

    # ------------------------------------------------------------------ SearchService

    def search(self, request: SearchRequest) -> SearchResponse:
        t0 = time.perf_counter()
        parsed = parse_query(request.query, self._commonness)
        filters, filter_notices = normalise_filters(request.filters)
        notices = list(parsed.notices) + filter_notices
        date_from, date_to = _date_bounds((request.date_from, request.date_to), (parsed.date_from, parsed.date_to))
        page = max(1, int(request.page))
        limit = max(1, int(request.limit))
        matches, canonical = self._matches(parsed, date_from, date_to)
        rows = [Row(canonical[m.item_id], dict(m.values)) for m in matches]
        facets = count_facets(rows, filters)
        passing = [m for m, r in zip(matches, rows, strict=True) if row_passes(r, filters)]
        passing = apply_intent(passing, intent_kinds(_typed_words(request.query)))
        groups = group_items(passing, parsed.concepts, self._concept_weights(parsed.concepts, matches))
        sort = request.sort if request.sort in SORT_NAMES else DEFAULT_SORT
        if sort == DEFAULT_SORT and (parsed.is_browse or not (parsed.concepts or parsed.words)):
            sort = "newest"  # nothing to rank by (no query, or only restrictions): the latest meetings first
        groups = sort_groups(groups, sort)
        by_id = {g.item_id: g for g in groups}
        folded = fold([g.item_id for g in groups], canonical)  # one hit per meeting item
        start = (page - 1) * limit
        shown = tuple(self._hit(by_id[lead], parsed.highlight, [by_id[i] for i in others])
                      for lead, others in folded[start:start + limit])
        suggestion = suggest(self.searcher, request.query, parsed.words) if parsed.words else None
        return SearchResponse(
            query=request.query,
            interpreted=parsed.interpreted,
            total=len(folded),
            page=page,
            limit=limit,
            results=shown,
            facets=facets,
            suggestion=suggestion,
            notices=tuple(dict.fromkeys(notices)),
            elapsed_ms=(time.perf_counter() - t0) * 1000.0,
        )

    def _pack_json(self, pack_id: str) -> dict | None:
        if not _PACK_ID_RE.match(pack_id or ""):
            return None
        key = (self._key, generation_key(self.searcher.reader()), pack_id)
        if key not in _PACK_CACHE:
            _PACK_CACHE.put(key, self._load_pack_json(pack_id))
        return _PACK_CACHE.get(key)

    def _load_pack_json(self, pack_id: str) -> dict | None:
        from core.schema import load_pack_json

        fields = self.searcher.document(doc_id=f"packdata:{pack_id}")
        if not fields or not fields.get("pack_json"):
            return None
        return load_pack_json(fields["pack_json"])

    def _pack_of_item(self, item_id: str) -> str | None:
        """The pack id holding item `item_id` (any of its searchable documents names it)."""
        if not item_id or len(item_id) > 400:
            return None
        n = self.searcher.document_number(item_id=item_id)
        return self.searcher.stored_fields(n).get("pack_id") if n is not None else None

    def item(self, item_id: str) -> ItemDetail | None:
        pack = self._pack_json(self._pack_of_item(item_id) or "")
        return item_detail(pack, item_id) if pack else None

    def meeting(self, pack_id: str) -> MeetingDetail | None:
        pack = self._pack_json(pack_id)
        return meeting_detail(pack) if pack else None

    def _restriction(self, pack_id: str, item_id: str) -> str | None:
        """Why an item is restricted, as its pack says (its documents only say that it is)."""
        pack = self._pack_json(pack_id) or {}
        return next((it.get("restricted") for it in pack.get("items", ()) if it.get("item_id") == item_id), None)

    def _retired(self) -> RetiredIds:
        if self._retired_ids is None:
            self._retired_ids = RetiredIds.load(self._dir)
        return self._retired_ids

    def current_item_id(self, item_id: str) -> str | None:
        """The id that stands now for an item id that is not live any more: an item of a replaced
        file (see core.retired), or an id of the older "<pack hash>:<number>" form. None if
        nothing stands for it."""
        if not item_id or self._pack_of_item(item_id):
            return None
        target = self._retired().resolve_item(item_id)
        if target and self._pack_of_item(target):
            return target
        pack_id, _, key = item_id.partition(":")
        if _PACK_ID_RE.match(pack_id) and key:  # an id of the old form: the pack's item of that key
            pack = self._pack_json(pack_id) or self._pack_json(self._retired().resolve_pack(pack_id) or "")
            for it in (pack or {}).get("items", ()):
                new_id = it.get("item_id")
                if it.get("key") == key and new_id and new_id != item_id:
                    if self._pack_of_item(new_id):
                        return new_id
                    return self.current_item_id(new_id)
        return None

    def current_pack_id(self, pack_id: str) -> str | None:
        """The pack that replaced a pack id that is not live any more (its file was corrected), or None."""
        if not _PACK_ID_RE.match(pack_id or "") or self._pack_json(pack_id):
            return None
        target = self._retired().resolve_pack(pack_id)
        return target if target and self._pack_json(target) else None

    @property
    def _key(self) -> str:
        """Names the index read in cache keys: the public and the full index of one generation
        folder are two indexes, and a public reader must never get the full one's entries."""
        return f"{self._dir}#{self._name}"

    @property
    def _audience(self) -> str:
        return next(a for a, n in AUDIENCES.items() if n == self._name)

    def pack_path(self, pack_id: str, check_file: bool = True) -> str | None:
        """Where the indexed file of `pack_id` is, if it still exists (ids only, never request paths)."""
        if not _PACK_ID_RE.match(pack_id or ""):
            return None
        fields = self.searcher.document(doc_id=f"pack:{pack_id}")
        if fields and self._name != AUDIENCES["officer"] and fields.get("has_restricted") != "no":
            return None  # the file holds restricted papers: never served to the public
        path = fields.get("path") if fields else None
        return path if path and (not check_file or os.path.isfile(path)) else None

    def stats(self) -> Stats:
        s = self.searcher
        packs = 0
        last = None
        for fields in s.documents(doc_type="pack"):
            packs += 1
            at = fields.get("indexed_at")
            if at and (last is None or at > last):
                last = at
        items = self._columns().n_items
        sections = self._columns().n_sections
        size = _folder_size(self._dir)
        return Stats(packs=packs, items=items, sections=sections, size_bytes=size, last_update=last)

    def unreadable_pages(self) -> list[tuple[str, tuple[int, ...], int | None]]:
        """(source, pages without a text layer, page count) for each pack that has such pages:
        scanned pages whose words cannot be searched (`agenda-search stats` names them)."""
        from core.schema import load_pack_json

        out = []
        for fields in self.searcher.documents(doc_type="packdata"):
            pack = load_pack_json(fields["pack_json"]) if fields.get("pack_json") else {}
            pages = tuple(n for n in pack.get("unreadable_pages") or () if isinstance(n, int))
            if pages:
                out.append((pack.get("source") or "", pages, pack.get("pages")))
        return sorted(out)


__all__ = ["IndexNotFound", "NothingIndexed", "WhooshSearchService", "open_service"]
