"""A small in-memory SearchService for pure-rendering unit tests of the website.

Development aid only: the website's real tests run against the real engine
(see tests/test_webui.py). This fake implements the `search.results`
Protocol with naive substring matching so that rendering edge cases (hostile
text, missing fields, many facet values, paging) can be set up exactly.
"""
from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from search.results import (FacetValue, ItemDetail, ItemHit, MeetingDetail, MeetingItem, MinuteView,
                            OfficerView, SearchRequest, SearchResponse, SectionHit, SectionView, Stats)

SAMPLE_PDF = Path(__file__).resolve().parent.parent / "samples" / "pdf" / "kent_cabinet_2025-01-30_agenda_frontsheet.pdf"

PDF_PACK = "a1b2c3d4e5f60718"
TXT_PACK = "0f1e2d3c4b5a6978"


def _sections(*specs):
    return tuple(SectionView(heading=h, kind=k, pages=p, text=t) for h, k, p, t in specs)


ITEMS: tuple[ItemDetail, ...] = (
    ItemDetail(
        item_id=f"{PDF_PACK}:5", pack_id=PDF_PACK, source="kent_cabinet_2025-01-30_agenda_frontsheet.pdf",
        council="Kent County Council", meeting="CABINET", date="2025-01-30", time="10:00", venue="Council Chamber",
        item="5", title="Home to school transport policy", report_number="25/00001", report_title=None,
        report_of="Corporate Director of Growth", key_decision=True, exempt=False, pages=(5, 42),
        source_pages=(3, 4),
        officers=(OfficerView("Jane Smith", "Head of Transport", "jane.smith@example.gov.uk", "03000 000000"),),
        sections=_sections(
            ("Recommendations", "recommendations", (3, 3), "Cabinet is asked to approve the school transport policy."),
            ("Financial implications", "financial", (4, 4), "The transport budget is £1,575,000 for 2025/26."),
        ),
        minutes=(MinuteView("12", "Home to school transport", "Members discussed transport.",
                            "That the school transport policy be approved.", (2, 2)),),
        is_pdf=True,
    ),
    ItemDetail(
        item_id=f"{TXT_PACK}:7", pack_id=TXT_PACK, source="hostile-cabinet-2017-06-20.txt",
        council="Rutland County Council", meeting="Cabinet", date="2017-06-20", time=None, venue=None,
        item="7", title="Library <script>alert(1)</script> review", report_number="98/2017", report_title=None,
        report_of="Director for People", key_decision=None, exempt=True, pages=(5, 9), source_pages=(5, 9),
        officers=(OfficerView("Jane Smith"), OfficerView("Bob <b>Bold</b>")),
        sections=_sections(("Purpose of the report", "purpose", (5, 6),
                            "Review of the library service. <script>alert(1)</script> & more.")),
        minutes=(), is_pdf=False,
    ),
)


class FakeService:
    """Implements search.results.SearchService over ITEMS (plus `extra` hits for paging tests)."""

    def __init__(self, items=ITEMS, extra_hits: int = 0, raise_on_query: str | None = None):
        self.items = {i.item_id: i for i in items}
        self.extra_hits = extra_hits
        self.raise_on_query = raise_on_query
        self.closed = 0
        self.requests: list[SearchRequest] = []

    # -- helpers
    def _facet_values(self, item: ItemDetail) -> dict[str, list[str]]:
        return {
            "council": [item.council or ""],
            "meeting": [item.meeting or ""],
            "year": [(item.date or "")[:4]],
            "officer": [o.name for o in item.officers],
            "kind": [s.kind for s in item.sections],
            "key_decision": ["true" if item.key_decision else "false"],
        }

    def _hit(self, item: ItemDetail, words: list[str]) -> ItemHit:
        def snip(text: str) -> str:
            out = html.escape(text[:200])
            for w in words:
                out = re.sub(f"({re.escape(html.escape(w))})", r"<mark>\1</mark>", out, flags=re.I)
            return out

        secs = tuple(SectionHit(s.heading, s.kind, s.pages, snip(s.text), 1.0) for s in item.sections)
        return ItemHit(item_id=item.item_id, pack_id=item.pack_id, source=item.source, council=item.council,
                       meeting=item.meeting, date=item.date, item=item.item, title=item.title,
                       report_number=item.report_number, officers=tuple(o.name for o in item.officers),
                       score=1.0, pages=item.sections[0].pages if item.sections else None,
                       snippets=tuple(s.snippet for s in secs[:1]), sections=secs,
                       key_decision=item.key_decision, exempt=item.exempt)

    # -- Protocol
    def search(self, request: SearchRequest) -> SearchResponse:
        self.requests.append(request)
        if self.raise_on_query and self.raise_on_query in request.query:
            raise ValueError("unbalanced brackets")
        words = [w for w in re.findall(r"\w+", request.query.lower())]
        matched = []
        for item in self.items.values():
            blob = " ".join([item.title, *(s.text for s in item.sections)]).lower()
            if not all(w in blob for w in words):
                continue
            if request.date_from and (item.date or "") < request.date_from:
                continue
            if request.date_to and (item.date or "9999") > request.date_to:
                continue
            fv = self._facet_values(item)
            fields = {f for f, _ in request.filters}
            if any(not any((f, v) in request.filters for v in fv.get(f, [])) for f in fields):
                continue
            matched.append(item)
        if request.sort != "relevance":
            matched.sort(key=lambda i: i.date or "", reverse=request.sort == "newest")
        hits = [self._hit(i, words) for i in matched]
        for n in range(self.extra_hits):
            hits.append(replace(hits[0], item_id=f"{PDF_PACK}:{100 + n}", item=str(100 + n)) if hits else None)
        hits = [h for h in hits if h]
        facets: dict[str, list[FacetValue]] = {}
        for field in ("council", "meeting", "year", "officer", "kind", "key_decision"):
            counts: dict[str, int] = {}
            for item in matched:
                for v in set(self._facet_values(item)[field]):
                    counts[v] = counts.get(v, 0) + 1
            facets[field] = [FacetValue(v, c, (field, v) in request.filters) for v, c in sorted(counts.items())]
        start = (request.page - 1) * request.limit
        return SearchResponse(query=request.query, interpreted=" AND ".join(words), total=len(hits),
                              page=request.page, limit=request.limit,
                              results=tuple(hits[start:start + request.limit]),
                              facets={k: tuple(v) for k, v in facets.items() if v},
                              suggestion="school" if "schol" in request.query else None,
                              notices=("Unbalanced quote ignored",) if request.query.count('"') % 2 else (),
                              elapsed_ms=12.5)

    def item(self, item_id: str):
        return self.items.get(item_id)

    def meeting(self, pack_id: str):
        items = [i for i in self.items.values() if i.pack_id == pack_id]
        if not items:
            return None
        first = items[0]
        return MeetingDetail(pack_id=pack_id, source=first.source, council=first.council, meeting=first.meeting,
                             date=first.date, time=first.time, venue=first.venue, pages=10,
                             items=tuple(MeetingItem(i.item_id, i.item, i.title, i.report_number, i.key_decision,
                                                     i.exempt, i.pages) for i in items),
                             is_pdf=first.is_pdf)

    def officer_items(self, name: str):
        return tuple(self._hit(i, []) for i in self.items.values() if any(o.name == name for o in i.officers))

    def similar(self, item_id: str, limit: int = 5):
        return tuple(self._hit(i, []) for i in self.items.values() if i.item_id != item_id)[:limit]

    def related(self, item_id: str):
        item = self.items.get(item_id)
        return tuple(self._hit(i, []) for i in self.items.values()
                     if item and i.item_id != item_id and i.date == item.date and i.meeting == item.meeting)

    def pack_path(self, pack_id: str):
        if pack_id == PDF_PACK:
            return str(SAMPLE_PDF)
        if pack_id == TXT_PACK:
            return "/nonexistent/hostile-cabinet-2017-06-20.txt"
        return None

    def stats(self) -> Stats:
        return Stats(packs=2, items=len(self.items), sections=3, size_bytes=1000, last_update="2025-02-01")

    def close(self) -> None:
        self.closed += 1
