"""Turn engine result objects into plain dicts for templates, JSON, CSV and feeds.

Only place that knows how result objects map to URLs. Snippets are
re-sanitised here (`safe_snippet`), every other string stays raw text and is
escaped by the template engine / serialiser.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import request, url_for

from search.results import ItemDetail, ItemHit, MeetingDetail, SectionHit

from .formatting import (
    citation,
    is_pdf_source,
    long_date,
    page_range,
    safe_snippet,
    snippet_text,
    tidy_name,
)


def external(path: str) -> str:
    """Absolute URL for a path produced by url_for / search_url."""
    return request.host_url.rstrip("/") + path


def file_url(pack_id: str, pages: tuple[int, int] | None = None) -> str:
    """The served file (by index id only), opened at the first page of `pages`."""
    url = url_for("packs.pack_pdf", pack_id=pack_id)
    if pages:
        url += f"#page={int(pages[0])}"
    return url


def pdf_url(pack_id: str, pages: tuple[int, int] | None = None, *, is_pdf: bool = True) -> str | None:
    """file_url for a PDF; None for a text pack (it has no pages to open)."""
    return file_url(pack_id, pages) if is_pdf else None


def item_url(item_id: str) -> str:
    return url_for("items.item_page", item_id=item_id)


def meeting_url(pack_id: str) -> str:
    return url_for("items.meeting_page", pack_id=pack_id)


def officer_url(name: str) -> str:
    return url_for("items.officer_page", name=name)


def _section_hit(sec: SectionHit, hit: ItemHit, is_pdf: bool) -> dict[str, Any]:
    return {
        "heading": sec.heading,
        "kind": sec.kind,
        "pages": list(sec.pages) if sec.pages else None,
        "pages_label": page_range(sec.pages),
        "pdf_url": pdf_url(hit.pack_id, sec.pages, is_pdf=is_pdf) if sec.pages else None,
        "snippet": safe_snippet(sec.snippet),
        "score": sec.score,
    }


def hit_view(hit: ItemHit) -> dict[str, Any]:
    is_pdf = is_pdf_source(hit.source) and hit.file_served
    return {
        "item_id": hit.item_id,
        "pack_id": hit.pack_id,
        "source": hit.source,
        "is_pdf": is_pdf,
        "council": hit.council,
        "meeting": hit.meeting,
        "meeting_name": tidy_name(hit.meeting),
        "date": hit.date,
        "date_label": long_date(hit.date),
        "item": hit.item,
        "title": hit.title,
        "report_number": hit.report_number,
        "officers": [{"name": n, "url": officer_url(n)} for n in hit.officers if n],
        "key_decision": hit.key_decision,
        "exempt": hit.exempt,
        "score": hit.score,
        "pages": list(hit.pages) if hit.pages else None,
        "pages_label": page_range(hit.pages),
        "pdf_url": pdf_url(hit.pack_id, hit.pages, is_pdf=is_pdf) if hit.pages else None,
        "url": item_url(hit.item_id),
        "meeting_url": meeting_url(hit.pack_id),
        "snippets": [safe_snippet(s) for s in hit.snippets],
        "sections": [_section_hit(s, hit, is_pdf) for s in _distinct_sections(hit.sections)],
        "also_in": [{"item_id": i, "source": src, "label": paper_label(src), "url": item_url(i)}
                    for i, src in hit.also_in],
    }


def paper_label(source: str) -> str:
    """A short name for one of a meeting's papers, from its file name ("printed minutes")."""
    stem = source.rsplit(".", 1)[0].lower()
    for word, label in (("minutes", "Minutes"), ("supplement", "Supplementary papers"), ("frontsheet", "Agenda"),
                        ("agenda", "Agenda"), ("report", "Report pack")):
        if word in stem:
            return label
    return source


def _distinct_sections(sections) -> list[SectionHit]:
    """Best-first section hits without repeats: a minute and its RESOLVED text can match with
    the very same passage, and the same words twice under one result are noise."""
    seen: set[str] = set()
    out = []
    for sec in sections:
        key = " ".join(snippet_text(sec.snippet).split()).lower()
        if key and key in seen:
            continue
        seen.add(key)
        out.append(sec)
    return out


def hit_json(hit: ItemHit) -> dict[str, Any]:
    """One search result for /search.json (snippets as sanitised HTML and as text)."""
    view = hit_view(hit)
    view["url"] = external(view["url"])
    view["meeting_url"] = external(view["meeting_url"])
    view["pdf_url"] = external(view["pdf_url"]) if view["pdf_url"] else None
    view["officers"] = [o["name"] for o in view["officers"]]
    for paper in view["also_in"]:
        paper["url"] = external(paper["url"])
    view["snippets_html"] = [str(s) for s in view.pop("snippets")]
    view["snippets_text"] = [snippet_text(s) for s in hit.snippets]
    for sec in view["sections"]:
        sec["snippet_html"] = str(sec.pop("snippet"))
        sec["pdf_url"] = external(sec["pdf_url"]) if sec["pdf_url"] else None
    for key in ("meeting_name", "date_label", "pages_label"):
        view.pop(key, None)
    for sec in view["sections"]:
        sec.pop("pages_label", None)
    return view


def item_citation(item: ItemDetail) -> str:
    return citation(council=item.council, meeting=item.meeting, date=item.date, item=item.item,
                    report_number=item.report_number, pages=item.pages)


def _brief(h: ItemHit) -> dict[str, Any]:
    return {"item_id": h.item_id, "item": h.item, "title": h.title, "source": h.source, "meeting": h.meeting,
            "date": h.date, "url": external(item_url(h.item_id))}


def item_json(item: ItemDetail, similar: tuple[ItemHit, ...] = (), related: tuple[ItemHit, ...] = ()) -> dict[str, Any]:
    data = asdict(item)
    for key in ("pages", "source_pages"):
        data[key] = list(data[key]) if data[key] else None
    for coll in ("sections", "minutes"):
        for entry in data[coll]:
            entry["pages"] = list(entry["pages"]) if entry.get("pages") else None
            if item.is_pdf and entry["pages"]:
                entry["pdf_url"] = external(file_url(item.pack_id, tuple(entry["pages"])))
    data["citation"] = item_citation(item)
    data["url"] = external(item_url(item.item_id))
    data["meeting_url"] = external(meeting_url(item.pack_id))
    data["pdf_url"] = external(file_url(item.pack_id, item.source_pages)) if item.is_pdf else None
    data["similar"] = [_brief(h) for h in similar]
    data["related"] = [_brief(h) for h in related]  # the same item in the meeting's other papers
    return data


def meeting_json(meeting: MeetingDetail) -> dict[str, Any]:
    data = asdict(meeting)
    for entry in data["items"]:
        entry["pages"] = list(entry["pages"]) if entry["pages"] else None
        entry["url"] = external(item_url(entry["item_id"]))
    data["url"] = external(meeting_url(meeting.pack_id))
    data["pdf_url"] = external(file_url(meeting.pack_id)) if meeting.is_pdf else None
    return data
