"""The Whoosh schema of the agenda index (built from core.fields), its version and stored formats.

Documents (field `doc_type`):

- "section": one per report section of an agenda item,
- "minute":  one per minute entry (and "decision" kind docs for its RESOLVED text),
- "item":    one per agenda item that has neither sections nor minutes, so every item is findable,
- "pack":    one per indexed file: its path, sha256 and counts (the registry behind `pack_path`),
- "packdata": one per indexed file: the whole parsed pack (JSON, zlib) for item/meeting detail.
Pack and packdata documents are never returned by searches (masked out).

Every searchable document repeats its item's metadata (title, report, officers, meeting, date…),
so a query may match the title in one field and a phrase of the section in another, and results
group by `item_id` ("<paper>:<item number>", the paper being a slug of council, meeting and date
that stays when a corrected file is indexed again; see indexer.documents.paper_base).

Bump SCHEMA_VERSION whenever fields or analysis change: the writer then rebuilds the index from
scratch instead of mixing incompatible documents. A change in what is *read* from packs (parser,
document building) bumps indexer.documents.READER_VERSION instead: packs are then re-read in place.
"""
from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import build_analyzer, build_id_analyzer, build_vocabulary_analyzer
from .fields import INDEX_FIELDS, IndexField

SCHEMA_VERSION = 8  # 8: line_pages (the page of each line of a section)
SCHEMA_FILE = "agenda_schema.json"  # {"schema_version": N, "created": iso}, next to the Whoosh files
REGISTRY_FILE = "packs.json"  # best-effort copy of the pack registry (pack id → path), plain JSON
INDEX_NAME = "MAIN"  # the full index: everything, restricted items included (signed-in officers)
PUBLIC_INDEX_NAME = "PUBLIC"  # the public index: restricted items shrink to what the agenda publishes
AUDIENCES = {"public": PUBLIC_INDEX_NAME, "officer": INDEX_NAME}
"""Who reads which index. Restricted text is never written to the public index, so no public search,
suggestion, prefix expansion or facet count can reach it (see indexer.restriction)."""

DOC_TYPES = ("section", "minute", "item", "pack", "packdata")
SEARCHABLE_DOC_TYPES = ("section", "minute", "item")

MULTI_VALUE_SEP = "\x1f"  # separates several values (officers) in one facet column


def _whoosh_field(f: IndexField, analyzers: dict[str, Any]) -> Any:
    if f.type == "stored":
        return STORED()
    if f.type == "int":
        return NUMERIC(int, stored=f.stored, sortable=f.column)
    if f.type == "id":
        if f.analysis:
            return ID(stored=f.stored, analyzer=analyzers[f.analysis])
        return ID(stored=f.stored, sortable=f.column, unique=f.unique)
    return TEXT(analyzer=analyzers[f.analysis or "text"], stored=f.stored, phrase=f.phrase)


def build_schema() -> Schema:
    """The whoosh schema, one field per core.fields.INDEX_FIELDS entry."""
    analyzers = {"text": build_analyzer(), "id": build_id_analyzer(), "vocab": build_vocabulary_analyzer()}
    return Schema(**{f.name: _whoosh_field(f, analyzers) for f in INDEX_FIELDS})


def dump_pack_json(data: dict[str, Any]) -> bytes:
    """The `pack_json` field's format: zlib-compressed UTF-8 JSON of Pack.to_json() plus item keys."""
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def load_pack_json(blob: bytes) -> dict[str, Any]:
    """Read back what dump_pack_json wrote (item and meeting pages read the parsed pack from it)."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data


def read_schema_version(index_dir: str | Path) -> int | None:
    """The schema version recorded next to an index, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads((Path(index_dir) / SCHEMA_FILE).read_text(encoding="utf-8"))
        return int(data["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_FILE",
    "REGISTRY_FILE",
    "INDEX_NAME",
    "PUBLIC_INDEX_NAME",
    "AUDIENCES",
    "DOC_TYPES",
    "SEARCHABLE_DOC_TYPES",
    "MULTI_VALUE_SEP",
    "build_schema",
    "read_schema_version",
    "dump_pack_json",
    "load_pack_json",
]
