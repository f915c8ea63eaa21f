"""Atom feed of any search: subscribe to a search in a feed reader and it becomes an alert."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, url_for

from .formatting import clean_text, long_date, parse_iso, snippet_text, tidy_name
from .params import MAX_LIMIT_DATA, search_url
from .present import external, item_url
from .search import run_search

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(iso_date: str | None) -> str | None:
    d = parse_iso(iso_date)
    return f"{d.isoformat()}T00:00:00Z" if d else None


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: clean_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = clean_text(text)
    return el


def _describe(req) -> str:
    parts = []
    if req.query:
        parts.append(f"“{req.query}”")
    for field, value in req.filters:
        parts.append(f"{field.replace('_', ' ')}: {value}")
    if req.date_from:
        parts.append(f"from {req.date_from}")
    if req.date_to:
        parts.append(f"to {req.date_to}")
    return ", ".join(parts) or "all items"


@bp.get("/search.atom")
def search_atom():
    req, resp = run_search(max_limit=MAX_LIMIT_DATA, default_sort="newest")
    page_url = external(search_url(url_for("search.search_page"), req, page=1))
    self_url = external(search_url(url_for("feeds.search_atom"), req, page=1))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", f"Agenda search: {_describe(req)}")
    _sub(feed, "subtitle", f"Council agenda items matching {_describe(req)}")
    _sub(feed, "id", "urn:agenda-search:search:" + hashlib.sha256(self_url.encode()).hexdigest()[:32])
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    dates = [s for s in (_stamp(h.date) for h in resp.results) if s]
    _sub(feed, "updated", max(dates) if dates else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    _sub(feed, "generator", "agenda-search")
    author = _sub(feed, "author")
    _sub(author, "name", "agenda-search")
    for hit in resp.results:
        entry = _sub(feed, "entry")
        where = ", ".join(p for p in (tidy_name(hit.council), tidy_name(hit.meeting), long_date(hit.date)) if p)
        _sub(entry, "title", f"Item {hit.item}: {hit.title}" + (f" — {where}" if where else ""))
        link = external(item_url(hit.item_id))
        _sub(entry, "id", link)
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "updated", _stamp(hit.date) or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        if hit.meeting:
            _sub(entry, "category", term=tidy_name(hit.meeting))
        summary = " … ".join(snippet_text(s) for s in hit.snippets)
        lines = [where]
        if hit.report_number:
            lines.append(f"Report {hit.report_number}")
        if hit.officers:
            lines.append("Contact: " + "; ".join(hit.officers))
        if summary:
            lines.append(summary)
        _sub(entry, "summary", "\n".join(line for line in lines if line), type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    mimetype="application/atom+xml")
