"""The one Whoosh schema of the agenda index, its version, and the shared field vocabulary.

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

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import build_analyzer, build_id_analyzer, build_vocabulary_analyzer

SCHEMA_VERSION = 7
SCHEMA_FILE = "agenda_schema.json"  # {"schema_version": N, "created": iso}, next to the Whoosh files
REGISTRY_FILE = "packs.json"  # best-effort copy of the pack registry (pack id → path), plain JSON
INDEX_NAME = "MAIN"  # the full index: everything, restricted items included (signed-in officers)
PUBLIC_INDEX_NAME = "PUBLIC"  # the public index: restricted items shrink to what the agenda publishes
AUDIENCES = {"public": PUBLIC_INDEX_NAME, "officer": INDEX_NAME}
"""Who reads which index. Restricted text is never written to the public index, so no public search,
suggestion, prefix expansion or facet count can reach it (see indexer.restriction)."""

DOC_TYPES = ("section", "minute", "item", "pack", "packdata")
SEARCHABLE_DOC_TYPES = ("section", "minute", "item")

KINDS = (
    "recommendations",
    "decision",
    "purpose",
    "background",
    "financial",
    "legal",
    "equality",
    "appendix",
    "minutes",
    "other",
)
KIND_LABELS = {
    "recommendations": "Recommendations",
    "decision": "Decision / resolved",
    "purpose": "Purpose",
    "background": "Background",
    "financial": "Financial implications",
    "legal": "Legal implications",
    "equality": "Equality",
    "appendix": "Appendix",
    "minutes": "Minutes",
    "other": "Other",
}
KIND_ALIASES = {
    "recommendation": "recommendations",
    "recommendations": "recommendations",
    "recommended": "recommendations",
    "rec": "recommendations",
    "recs": "recommendations",
    "decision": "decision",
    "decisions": "decision",
    "resolved": "decision",
    "resolution": "decision",
    "resolutions": "decision",
    "purpose": "purpose",
    "summary": "purpose",
    "background": "background",
    "financial": "financial",
    "finance": "financial",
    "legal": "legal",
    "governance": "legal",
    "equality": "equality",
    "equalities": "equality",
    "appendix": "appendix",
    "appendices": "appendix",
    "minute": "minutes",
    "minutes": "minutes",
    "other": "other",
}

FACETS = ("meeting", "year", "officer", "council", "kind", "key_decision")
"""Facet names as seen by SearchRequest.filters / SearchResponse.facets."""

FACET_COLUMNS = {
    "meeting": "meeting_f",
    "year": "year",
    "officer": "officer_f",
    "council": "council_f",
    "kind": "kind",
    "key_decision": "key_decision",
}
MULTI_VALUE_SEP = "\x1f"  # separates several officers in the officer_f column


def build_schema() -> Schema:
    ana = build_analyzer()
    vocab = build_vocabulary_analyzer()
    return Schema(
        # identity and grouping
        doc_id=ID(unique=True, stored=True),
        doc_type=ID(stored=True, sortable=True),
        pack_id=ID(stored=True, sortable=True),
        item_id=ID(stored=True, sortable=True),
        item=ID(stored=True, analyzer=build_id_analyzer()),  # agenda item number as printed
        seq=NUMERIC(int, stored=True, sortable=True),  # order of the document within its pack
        source=ID(stored=True),
        sha256=ID(stored=True),
        # meeting
        council=TEXT(analyzer=ana, stored=True),
        meeting=TEXT(analyzer=ana, stored=True),
        date=ID(stored=True, sortable=True),  # ISO yyyy-mm-dd
        year=ID(stored=True, sortable=True),
        # item and report
        title=TEXT(analyzer=ana, stored=True),
        report=TEXT(analyzer=ana),  # report number + report title, for `report:` queries
        report_no=ID(stored=True, analyzer=build_id_analyzer()),
        report_title=TEXT(analyzer=ana, stored=True),
        report_of=TEXT(analyzer=ana, stored=True),
        officers=TEXT(analyzer=ana, stored=True),  # "Name, role; Name, role"
        ids=TEXT(analyzer=ana, phrase=False),  # report no, forward plan ref, minute number
        key_decision=ID(stored=True, sortable=True),  # yes | no | unknown
        exempt=ID(stored=True),  # yes | no | unknown
        restricted=ID(stored=True),  # "yes" on a restricted item's documents (officers' index and public stubs)
        item_pages=STORED(),  # printed page range from the front sheet
        # section
        heading=TEXT(analyzer=ana, stored=True),
        kind=ID(stored=True, sortable=True),
        minute=ID(stored=True, analyzer=build_id_analyzer()),
        pages=STORED(),  # physical pages in the file
        content=TEXT(analyzer=ana, stored=True),
        vocab=TEXT(analyzer=vocab, phrase=False),  # unstemmed words for "did you mean"
        # ranking prior (section kind, boilerplate, procedure) in thousandths, as a column: ranking
        # reads it for every match without loading stored fields (whoosh-reloaded 2.7.5 cannot
        # write float columns)
        prior=NUMERIC(int, sortable=True),
        procedural=ID(stored=True),  # "1" for apologies, declarations, minutes approval…
        # facet columns (exact values)
        council_f=ID(stored=True, sortable=True),
        meeting_f=ID(stored=True, sortable=True),
        officer_f=ID(stored=True, sortable=True),
        # pack registry (doc_type == "pack")
        paper=ID(stored=True),  # the stable first part of the pack's item ids (indexer.documents.paper_base)
        path=STORED(),
        indexed_at=STORED(),
        pack_pages=STORED(),
        file_size=STORED(),
        n_items=STORED(),
        n_sections=STORED(),
        has_restricted=STORED(),  # pack docs: "yes" when any part of the file is restricted (not served publicly)
        reader_version=STORED(),  # indexer.documents.READER_VERSION that built the pack's documents
        pack_json=STORED(),  # packdata docs: zlib-compressed JSON of Pack.to_json() plus item keys
    )


def read_schema_version(index_dir) -> int | None:
    """The schema version recorded next to an index, or None when there is none (or it is unreadable)."""
    import json
    from pathlib import Path

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
    "KINDS",
    "KIND_LABELS",
    "KIND_ALIASES",
    "FACETS",
    "FACET_COLUMNS",
    "MULTI_VALUE_SEP",
    "build_schema",
    "read_schema_version",
]
