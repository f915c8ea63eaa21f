"""Plain result objects: the only thing the website and the CLI see of the search engine.

Nothing here imports Whoosh, so the engine underneath can change without
touching `webui/`. Snippets are already HTML-escaped, with matches wrapped in
<mark>…</mark>; every other string is raw text and must be escaped by whoever
renders it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: tuple[tuple[str, str], ...] = ()  # (facet field, value); several values of one field are ORed
    date_from: str | None = None  # ISO yyyy-mm-dd, inclusive
    date_to: str | None = None
    sort: str = "relevance"  # relevance | newest | oldest
    page: int = 1
    limit: int = 10


@dataclass(frozen=True)
class SectionHit:
    heading: str
    kind: str
    pages: tuple[int, int] | None
    snippet: str  # escaped HTML with <mark> around matches
    score: float


@dataclass(frozen=True)
class ItemHit:
    item_id: str  # stable id: "<pack_id>:<item number>"
    pack_id: str  # stable id of the source file (derived from its sha256)
    source: str  # file name of the pack
    council: str | None
    meeting: str | None
    date: str | None
    item: str  # agenda item number as printed
    title: str
    report_number: str | None
    officers: tuple[str, ...]
    score: float
    pages: tuple[int, int] | None  # physical pages in the pack file of the best section
    snippets: tuple[str, ...]  # escaped HTML
    sections: tuple[SectionHit, ...]  # best first
    key_decision: bool | None = None
    exempt: bool | None = None
    also_in: tuple[tuple[str, str], ...] = ()  # (item id, source file) of the same item in the meeting's other papers
    restricted: str | None = None  # why the item is for signed-in officers only
    file_served: bool = True  # False when this reader may not open the original file (it holds restricted papers)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool
    label: str = ""


@dataclass(frozen=True)
class SearchResponse:
    query: str
    interpreted: str  # how the query was understood (human-readable)
    total: int  # matching items (after grouping)
    page: int
    limit: int
    results: tuple[ItemHit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean"
    notices: tuple[str, ...] = ()  # e.g. "Unbalanced quote ignored; searched for the words instead"
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class OfficerView:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class SectionView:
    heading: str
    kind: str
    pages: tuple[int, int] | None
    text: str
    restricted: bool = False  # an exempt part (only signed-in readers ever get one)


@dataclass(frozen=True)
class MinuteView:
    number: str
    title: str
    text: str
    resolved: str | None
    pages: tuple[int, int] | None = None


@dataclass(frozen=True)
class ItemDetail:
    item_id: str
    pack_id: str
    source: str
    council: str | None
    meeting: str | None
    date: str | None
    time: str | None
    venue: str | None
    item: str
    title: str
    report_number: str | None
    report_title: str | None
    report_of: str | None
    key_decision: bool | None
    exempt: bool | None
    pages: tuple[int, int] | None  # printed page range from the front sheet
    source_pages: tuple[int, int] | None  # physical pages in the file
    officers: tuple[OfficerView, ...]
    sections: tuple[SectionView, ...]
    minutes: tuple[MinuteView, ...]
    is_pdf: bool
    restricted: str | None = None  # why the item is for signed-in officers only (public: nothing else shown)
    withheld: tuple[str, ...] = ()  # restricted parts left out of what this reader sees


@dataclass(frozen=True)
class MeetingItem:
    item_id: str
    item: str
    title: str
    report_number: str | None
    key_decision: bool | None
    exempt: bool | None
    pages: tuple[int, int] | None
    restricted: str | None = None


@dataclass(frozen=True)
class MeetingDetail:
    pack_id: str
    source: str
    council: str | None
    meeting: str | None
    date: str | None
    time: str | None
    venue: str | None
    pages: int | None
    items: tuple[MeetingItem, ...]
    is_pdf: bool
    unreadable_pages: tuple[int, ...] = ()  # physical pages without a text layer (scanned), not searchable


@dataclass(frozen=True)
class Stats:
    packs: int
    items: int
    sections: int
    size_bytes: int
    last_update: str | None


class NothingIndexed(RuntimeError):
    """The index exists but holds nothing yet (built over an empty folder): not an error of the
    site or the engine, so the website and the CLI say "nothing indexed yet" instead of failing."""


class SearchService(Protocol):
    """What the website needs from the engine."""

    def search(self, request: SearchRequest) -> SearchResponse: ...
    def item(self, item_id: str) -> ItemDetail | None: ...
    def meeting(self, pack_id: str) -> MeetingDetail | None: ...
    def officer_items(self, name: str) -> tuple[ItemHit, ...]: ...
    def similar(self, item_id: str, limit: int = 5) -> tuple[ItemHit, ...]: ...
    def related(self, item_id: str) -> tuple[ItemHit, ...]: ...  # the same item in the meeting's other papers
    def pack_path(self, pack_id: str) -> str | None: ...
    def stats(self) -> Stats: ...
    def close(self) -> None: ...
    # what stands now for an id that is not live any more (a corrected file); None if nothing
    def current_item_id(self, item_id: str) -> str | None: ...
    def current_pack_id(self, pack_id: str) -> str | None: ...


def hit_to_json(hit: ItemHit) -> dict:
    """One item hit in the CLI/API contract (`agenda-search search --json`)."""
    return {
        "item_id": hit.item_id,
        "source": hit.source,
        "item": hit.item,
        "council": hit.council,
        "meeting": hit.meeting,
        "date": hit.date,
        "title": hit.title,
        "report_number": hit.report_number,
        "officers": list(hit.officers),
        "key_decision": hit.key_decision,
        "exempt": hit.exempt,
        "also_in": [{"item_id": i, "source": src} for i, src in hit.also_in],
        "score": round(hit.score, 4),
        "pages": list(hit.pages) if hit.pages else None,
        "snippets": list(hit.snippets),
        "sections": [
            {
                "heading": s.heading,
                "kind": s.kind,
                "pages": list(s.pages) if s.pages else None,
                "snippet": s.snippet,
                "score": round(s.score, 4),
            }
            for s in hit.sections
        ],
    }


def response_to_json(resp: SearchResponse) -> dict:
    """The whole response in the CLI contract: query, interpreted, total, results, facets, suggestion."""
    return {
        "query": resp.query,
        "interpreted": resp.interpreted,
        "total": resp.total,
        "page": resp.page,
        "limit": resp.limit,
        "results": [hit_to_json(h) for h in resp.results],
        "facets": {
            name: [{"value": v.value, "label": v.label or v.value, "count": v.count, "selected": v.selected}
                   for v in values]
            for name, values in resp.facets.items()
        },
        "suggestion": resp.suggestion,
        "notices": list(resp.notices),
        "elapsed_ms": round(resp.elapsed_ms, 2),
    }
