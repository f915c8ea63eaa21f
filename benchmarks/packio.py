"""Pack ⇄ JSON, so parsed and synthesised packs can be cached on disk and read back exactly."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.model import Item, Minute, Officer, Pack, Section


def _pages(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def pack_from_json(data: dict[str, Any]) -> Pack:
    """The inverse of `Pack.to_json()` (extra keys ignored)."""
    items = []
    for it in data.get("items", ()):
        items.append(Item(
            number=it["number"], title=it["title"], report_number=it.get("report_number"),
            key_decision=it.get("key_decision"), exempt=it.get("exempt"), pages=_pages(it.get("pages")),
            report_of=it.get("report_of"), report_title=it.get("report_title"),
            officers=tuple(Officer(**o) for o in it.get("officers", ())),
            sections=tuple(Section(heading=s["heading"], text=s["text"], pages=_pages(s.get("pages")),
                                   kind=s.get("kind", "other"), restricted=bool(s.get("restricted")))
                           for s in it.get("sections", ())),
            minutes=tuple(Minute(number=m["number"], title=m["title"], text=m["text"], resolved=m.get("resolved"),
                                 pages=_pages(m.get("pages")), restricted=bool(m.get("restricted")))
                          for m in it.get("minutes", ())),
            to_follow=bool(it.get("to_follow")), cabinet_member=it.get("cabinet_member"),
            forward_plan=it.get("forward_plan"), source_pages=_pages(it.get("source_pages")),
            description=it.get("description"), restricted=it.get("restricted"),
            withheld=tuple(it.get("withheld", ())),
        ))
    return Pack(
        source=data["source"], sha256=data.get("sha256", ""), council=data.get("council"),
        meeting=data.get("meeting"), date=data.get("date"), time=data.get("time"), venue=data.get("venue"),
        pages=data.get("pages"), members=tuple(data.get("members", ())), items=tuple(items),
        warnings=tuple(data.get("warnings", ())),
    )


def write_pack(path: Path, pack: Pack) -> None:
    path.write_text(json.dumps(pack.to_json(), ensure_ascii=False), encoding="utf-8")


def read_pack(path: Path) -> Pack:
    return pack_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def searchable_docs(pack: Pack) -> int:
    """How many searchable documents `indexer.documents.pack_documents` makes of the pack
    (sections, minutes, their resolutions, bare items): the benchmark's "sections"."""
    n = 0
    for it in pack.items:
        n += len(it.sections) + len(it.minutes) + sum(1 for m in it.minutes if m.resolved)
        n += 0 if (it.sections or it.minutes) else 1
    return n


__all__ = ["pack_from_json", "write_pack", "read_pack", "searchable_docs"]
