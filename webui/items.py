"""Item, meeting and officer pages (and their JSON)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for

from .formatting import is_pdf_source
from .present import (
    external,
    hit_json,
    hit_view,
    item_citation,
    item_json,
    meeting_json,
    officer_url,
    pdf_url,
)
from .service import get_service

bp = Blueprint("items", __name__)

MAX_ID_CHARS = 300
MAX_NAME_CHARS = 200
SIMILAR = 5


def _check(value: str, limit: int) -> str:
    if not value or len(value) > limit or any(ord(c) < 32 for c in value):
        abort(404)
    return value


def _successor(kind: str, value: str) -> str | None:
    """What stands now for a retired item or pack id (a corrected file was indexed again)."""
    resolve = getattr(get_service(), f"current_{kind}_id", None)
    try:
        return resolve(value) if resolve else None
    except Exception:  # noqa: BLE001 - a redirect is a nicety: without it the answer is a plain 404
        return None


def _load_item(item_id: str, endpoint: str):
    item = get_service().item(_check(item_id, MAX_ID_CHARS))
    if item is None:
        target = _successor("item", item_id)
        if target and target != item_id:
            abort(redirect(url_for(endpoint, item_id=target), 308))  # old links keep working
        abort(404)
    return item


def _similar(item_id: str):
    try:
        return tuple(h for h in get_service().similar(item_id, limit=SIMILAR) if h.item_id != item_id)
    except Exception:  # noqa: BLE001 - "similar items" is a nicety; never let it break the page
        return ()


def _related(item_id: str):
    try:
        return tuple(h for h in get_service().related(item_id) if h.item_id != item_id)
    except Exception:  # noqa: BLE001 - a nicety too: the page stands without it
        return ()


@bp.get("/items/<path:item_id>.json")
def item_json_view(item_id: str):
    item = _load_item(item_id, "items.item_json_view")
    return jsonify(item_json(item, _similar(item.item_id), _related(item.item_id)))


@bp.get("/items/<path:item_id>")
def item_page(item_id: str):
    item = _load_item(item_id, "items.item_page")
    similar = _similar(item.item_id)
    resolved = [m for m in item.minutes if m.resolved]
    return render_template(
        "item.html",
        item=item,
        citation=item_citation(item),
        similar=[hit_view(h) for h in similar],
        related=[hit_view(h) for h in _related(item.item_id)],
        resolved=resolved,
        pack_pdf_url=pdf_url(item.pack_id, item.source_pages, is_pdf=item.is_pdf),
    )


def _load_meeting(pack_id: str, endpoint: str):
    meeting = get_service().meeting(_check(pack_id, MAX_ID_CHARS))
    if meeting is None:
        target = _successor("pack", pack_id)
        if target and target != pack_id:
            abort(redirect(url_for(endpoint, pack_id=target), 308))
        abort(404)
    return meeting


@bp.get("/meetings/<pack_id>.json")
def meeting_json_view(pack_id: str):
    return jsonify(meeting_json(_load_meeting(pack_id, "items.meeting_json_view")))


@bp.get("/meetings/<pack_id>")
def meeting_page(pack_id: str):
    meeting = _load_meeting(pack_id, "items.meeting_page")
    return render_template("meeting.html", meeting=meeting,
                           pack_pdf_url=pdf_url(meeting.pack_id, is_pdf=meeting.is_pdf))


def _officer_hits(name: str):
    hits = get_service().officer_items(_check(name.strip(), MAX_NAME_CHARS))
    if not hits:
        abort(404)
    return hits


@bp.get("/officers/<path:name>.json")
def officer_json_view(name: str):
    hits = _officer_hits(name)
    return jsonify({"officer": name.strip(), "total": len(hits), "results": [hit_json(h) for h in hits],
                    "url": external(officer_url(name.strip()))})


@bp.get("/officers/<path:name>")
def officer_page(name: str):
    hits = _officer_hits(name)
    views = [hit_view(h) for h in hits]
    views.sort(key=lambda v: (v["date"] or ""), reverse=True)
    return render_template("officer.html", name=name.strip(), hits=views,
                           any_pdf=any(is_pdf_source(h.source) for h in hits))
