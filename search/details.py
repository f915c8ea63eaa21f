"""Stored pack JSON → the item and meeting views the website shows (pure functions).

The indexer keeps the whole parsed pack (`Pack.to_json()` plus each item's id key) with the
index, so item and meeting pages show exactly what was parsed, in agenda order, without
re-reading the source file.
"""
from __future__ import annotations

from typing import Any

from core.section_kinds import section_kind
from search.results import (
    ItemDetail,
    MeetingDetail,
    MeetingItem,
    MinuteView,
    OfficerView,
    SectionView,
)


def _pages(value: Any) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        a, b = value
        return int(a), int(b)
    except (TypeError, ValueError):
        return None


def is_pdf_source(source: str | None) -> bool:
    return source is not None and source.lower().endswith(".pdf")


def _meeting_fields(pack: dict) -> dict[str, Any]:
    """What item and meeting views share: which pack, and when and where it met."""
    return {
        "pack_id": pack.get("pack_id", ""),
        "source": pack.get("source", ""),
        **{k: pack.get(k) for k in ("council", "meeting", "date", "time", "venue")},
    }


def _item_id(pack: dict, it: dict) -> str:
    """An item's id as indexed (packs stored before ids were kept per item: "<pack id>:<key>")."""
    return it.get("item_id") or f"{pack.get('pack_id', '')}:{it.get('key')}"


def item_detail(pack: dict, item_id: str) -> ItemDetail | None:
    """The item of `pack` whose id is `item_id`, or None."""
    for it in pack.get("items", ()):
        if _item_id(pack, it) != item_id:
            continue
        key = it.get("key") or ""
        return ItemDetail(
            item_id=item_id,
            **_meeting_fields(pack),
            item=it.get("number") or key,
            title=it.get("title") or "",
            report_number=it.get("report_number"),
            report_title=it.get("report_title"),
            report_of=it.get("report_of"),
            key_decision=it.get("key_decision"),
            exempt=it.get("exempt"),
            pages=_pages(it.get("pages")),
            source_pages=_pages(it.get("source_pages")),
            officers=tuple(
                OfficerView(name=o.get("name") or "", role=o.get("role"), email=o.get("email"), phone=o.get("phone"))
                for o in it.get("officers", ())
                if o.get("name")
            ),
            sections=tuple(
                SectionView(
                    heading=s.get("heading") or "",
                    kind=section_kind(s.get("heading"), s.get("kind")),
                    pages=_pages(s.get("pages")),
                    text=s.get("text") or "",
                    restricted=bool(s.get("restricted")),
                )
                for s in it.get("sections", ())
            ),
            minutes=tuple(
                MinuteView(
                    number=m.get("number") or "",
                    title=m.get("title") or "",
                    text=m.get("text") or "",
                    resolved=m.get("resolved"),
                    pages=_pages(m.get("pages")),
                )
                for m in it.get("minutes", ())
            ),
            is_pdf=is_pdf_source(pack.get("source")) and pack.get("file_served", True) is not False,
            restricted=it.get("restricted"),
            withheld=tuple(it.get("withheld") or ()),
        )
    return None


def meeting_detail(pack: dict) -> MeetingDetail:
    """The whole agenda of one pack, in printed order."""
    return MeetingDetail(
        **_meeting_fields(pack),
        pages=pack.get("pages"),
        items=tuple(
            MeetingItem(
                item_id=_item_id(pack, it),
                item=it.get("number") or it.get("key") or "",
                title=it.get("title") or "",
                report_number=it.get("report_number"),
                key_decision=it.get("key_decision"),
                exempt=it.get("exempt"),
                pages=_pages(it.get("pages")),
                restricted=it.get("restricted"),
            )
            for it in pack.get("items", ())
        ),
        is_pdf=is_pdf_source(pack.get("source")) and pack.get("file_served", True) is not False,
        unreadable_pages=tuple(int(n) for n in pack.get("unreadable_pages") or () if isinstance(n, int)),
    )


__all__ = ["item_detail", "meeting_detail", "is_pdf_source"]
