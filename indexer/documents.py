"""Pack → Whoosh documents: stable ids, section classification and ranking priors (pure, no index access).

`pack_documents()` turns one parsed `Pack` into the documents described in `core.schema`:
a "pack" registry document, a "packdata" document holding the whole parsed pack (zlib JSON,
read back with `core.schema.load_pack_json()`), and one searchable document per section, minute, resolution
or bare item. The incremental, lock-safe writing of those documents lives in `indexer.writer`.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.fields import FACETS
from core.model import Item, Pack
from core.schema import MULTI_VALUE_SEP, dump_pack_json
from core.section_kinds import KIND_WEIGHTS, section_kind
from indexer.restriction import has_restricted

READER_VERSION = 4
"""Version of what is read from a pack (extraction, parsing, document building). Bump it when a
change would make the same file give different documents: the next `index` run re-reads every
pack indexed by an older version (reported as updated) instead of keeping stale documents
because the file's sha256 is unchanged."""

# --------------------------------------------------------------------------- ids and hashing


def pack_id_for(sha256: str) -> str:
    """Stable id of a pack file: the first 12 hex characters of its sha256."""
    return sha256[:12].lower()


_SLUG_MAX = 80
_HEX_ID = re.compile(r"^[0-9a-f]{12}$")


def slugify(text: str | None) -> str:
    """Lower-case ASCII words joined by single hyphens ("Rutland County Council" → "rutland-county-council")."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _cut(slug: str, limit: int = _SLUG_MAX) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def paper_base(pack: Pack, path: str | None = None) -> str:
    """The stable part of an item id: the meeting (council, meeting name, date) as a readable slug.

    It does not change when a corrected file is indexed again (unlike the file's hash), so links
    to items survive corrections. Without a meeting date, the file name stands in. Never a bare
    12-digit hex string (those are pack ids, and old item ids began with one)."""
    date = pack.date if pack.date and re.match(r"^\d{4}-\d\d-\d\d$", pack.date) else None
    if date and (pack.council or pack.meeting):
        meeting = slugify(pack.meeting)
        council = slugify(pack.council)
        head = _cut("-".join(x for x in (council, meeting) if x), _SLUG_MAX - 11)
        base = f"{head}-{date}" if head else date
    else:
        stem = os.path.splitext(os.path.basename(path or pack.source or ""))[0]
        base = _cut(slugify(stem)) or "pack"
    return f"f-{base}" if _HEX_ID.match(base) else base


def paper_key(base: str, path: str | None, taken: set[str]) -> str:
    """A paper key for a new pack of the meeting `base`, unique among `taken`: the base itself,
    else the base and the words of the file name that tell this paper from the others
    ("…-2025-01-30--printed-minutes"), else a number."""
    if base not in taken:
        return base
    stem_words = slugify(os.path.splitext(os.path.basename(path or ""))[0]).split("-")
    own = [w for w in stem_words if w and w not in set(base.split("-")) and not w.isdigit()]
    candidates = [f"{base}--{_cut('-'.join(own), 40)}"] if own else []
    candidates += [f"{base}--{n}" for n in range(2, 10_000)]
    return next(c for c in candidates if c not in taken)


def is_paper_of(paper: str | None, base: str) -> bool:
    """Whether a paper key belongs to the meeting `base` (the base, or the base and "--…")."""
    return paper is not None and (paper == base or paper.startswith(base + "--"))


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def item_keys(items: Iterable[Item]) -> list[str]:
    """The item-number part of each item's id: the number as printed, made unique within the pack."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        base = re.sub(r"\s+", " ", (item.number or "").strip()) or f"i{i}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        keys.append(base if n == 1 else f"{base}~{n}")
    return keys


# --------------------------------------------------------------------------- classification

_PROCEDURAL_RE = re.compile(
    r"""^[\W\d]*+(?:
        apolog
      | (?:declarations?|disclosures?)\s+of\s+(?:interests?|members'?\s+interests?)
      | declarations?\s+of\s+interest
      | (?:confirmation\s+of\s+|approval\s+of\s+)?(?:the\s+)?minutes\s+of\s+(?:the\s+)?(?:previous\s+|last\s+)?meeting
      | (?:confirmation|approval)\s+of\s+(?:the\s+)?(?:minutes|agenda)
      | minutes\.?$
      | record\s+of\s+(?:the\s+)?(?:meeting|decisions)
      | (?:any\s+)?(?:other\s+)?items?\s+of\s+urgent\s+business
      | urgent\s+(?:items|business)
      | any\s+other\s+(?:urgent\s+)?(?:business|items)
      | to\s+advise\s+of\s+any\s+other\s+items
      | (?:chairman'?s\s+|chair'?s\s+)?announcements
      | exclusion\s+of\s+(?:the\s+)?(?:press|public)
      | date\s+(?:and\s+preview\s+)?of\s+(?:the\s+)?next\s+meeting
      | dates?\s+of\s+future\s+meetings
      | petitions
      | questions\s+with\s+notice
      | notices?\s+of\s+motion
      | items\s+raised\s+by\s+scrutiny
      | items\s+referred\s+from
      | consideration\s+of\s+any\s+matter\s+referred
      | welcome\s+and\s+introductions
      | substitut
      | public\s+(?:questions?|participation|speaking|comments?)
      | roll\s+call
      | call\s+to\s+order
      | pledge\s+of\s+allegiance
      | adjourn
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_procedural(title: str | None) -> bool:
    """Apologies, declarations of interest, approval of minutes, urgent business and the like."""
    return bool(title and _PROCEDURAL_RE.match(title.strip()))


_BOILER_HEADING_RE = re.compile(
    r"implications|background\s+papers|appendices|consultation|alternative\s+options|equality|"
    r"circulation|risk|human\s+rights|crime\s+and\s+disorder|environmental|partnership\s+working|"
    r"health\s+and\s+wellbeing|community\s+safety|organisational|procurement|privacy|data\s+protection",
    re.IGNORECASE,
)
_NEGATIVE_RE = re.compile(r"\b(?:no|not|none|nil|n/a)\b", re.IGNORECASE)
_CONCLUSION_RE = re.compile(r"conclusion|reasons?\s+for", re.IGNORECASE)

PROCEDURAL_WEIGHT = 0.1
BOILERPLATE_WEIGHT = 0.35


def is_boilerplate(heading: str | None, text: str) -> bool:
    """Short "there are no … implications" style sections and lists of appendices."""
    heading = heading or ""
    body = text.strip()
    if not _BOILER_HEADING_RE.search(heading):
        return False
    if re.search(r"background\s+papers|appendices", heading, re.IGNORECASE) and len(body) < 400:
        return True
    return len(body) < 350 and bool(_NEGATIVE_RE.search(body))


def doc_weight(kind: str, heading: str | None, text: str, procedural: bool) -> float:
    w = KIND_WEIGHTS.get(kind, 1.0)
    if kind == "other" and heading and _CONCLUSION_RE.search(heading):
        w = 1.1
    if is_boilerplate(heading, text):
        w *= BOILERPLATE_WEIGHT
    if procedural:
        w *= PROCEDURAL_WEIGHT
    return round(w, 4)


# --------------------------------------------------------------------------- pack → documents


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _pages_text(pages) -> str | None:
    return None if not pages else f"{pages[0]}-{pages[1]}"


def _clean(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


_FP_RE = re.compile(r"\b[A-Z]{1,4}/\d{3,}(?:/\d+)*\b")


def facet_columns(sources: Mapping[str, str | Sequence[str] | None]) -> dict[str, str]:
    """The facet columns (core.fields.FACETS) filled from the values they are drawn from.

    Only facets whose source is in `sources` are filled; a facet whose column is the field itself
    (kind, key_decision, year) is written with that field. Several values (officers) are joined
    by MULTI_VALUE_SEP, repeats dropped.
    """
    out: dict[str, str] = {}
    for facet in FACETS:
        if facet.column == facet.source or facet.source not in sources:
            continue
        raw = sources[facet.source]
        values = [raw] if isinstance(raw, str) else list(raw or ())
        cleaned = [v for v in dict.fromkeys(_clean(v) for v in values) if v]
        if cleaned:
            out[facet.column] = MULTI_VALUE_SEP.join(cleaned)
    return out


Doc = dict[str, Any]
"""One whoosh document: index field name (core.fields.INDEX_FIELDS) → value."""


@dataclass(frozen=True)
class Passage:
    """The part of one searchable document that is its own (a section, a minute, its resolution,
    or a bare item's front-sheet words); the item's metadata is repeated around it."""

    doc_type: str  # "section" | "minute" | "item"
    suffix: str  # makes the doc id unique within the item ("s0", "m3", "m3r", "i")
    heading: str
    text: str
    kind: str
    pages: tuple[int, int] | None
    procedural: bool
    extra_ids: tuple[str, ...] = ()
    minute: str | None = None


def meeting_fields(pack: Pack, sha: str) -> Doc:
    """What every document of the pack carries: which file, which meeting, when."""
    fields: Doc = {"pack_id": pack_id_for(sha), "source": pack.source, "sha256": sha}
    if pack.council:
        fields["council"] = pack.council
    if pack.meeting:
        fields["meeting"] = pack.meeting
    fields.update(facet_columns({"council": pack.council, "meeting": pack.meeting}))
    if pack.date:
        fields["date"] = pack.date
        if re.match(r"\d{4}", pack.date):
            fields["year"] = pack.date[:4]
    return fields


def item_fields(item: Item, item_id: str, key: str, meeting: Doc) -> Doc:
    """The item's metadata, repeated on each of its documents (so a title word and a phrase of
    the text can match in one document)."""
    officers = [o for o in item.officers if o.name]
    fields: Doc = dict(meeting)
    fields.update(
        item_id=item_id,
        item=item.number or key,
        title=item.title or "",
        key_decision=_yes_no(item.key_decision),
        exempt=_yes_no(item.exempt),
        item_pages=_pages_text(item.pages),
    )
    if item.restricted:
        fields["restricted"] = "yes"
    report_bits = [b for b in (item.report_number, item.report_title) if b]
    if report_bits:
        fields["report"] = " ".join(report_bits)
    if item.report_number:
        fields["report_no"] = item.report_number.strip()
    if item.report_title:
        fields["report_title"] = item.report_title
    if item.report_of:
        fields["report_of"] = item.report_of
    if officers:
        fields["officers"] = "; ".join(
            f"{_clean(o.name)}, {_clean(o.role)}" if o.role else _clean(o.name) for o in officers
        )
        fields.update(facet_columns({"officers": [o.name for o in officers]}))
    return fields


def item_passages(item: Item) -> list[Passage]:
    """The item's searchable parts in order: sections, then minutes (each with its RESOLVED text
    as a decision of its own); an item with neither is found by its front-sheet words."""
    procedural = is_procedural(item.title)
    out: list[Passage] = []
    for n, sec in enumerate(item.sections):
        out.append(Passage("section", f"s{n}", sec.heading, sec.text, section_kind(sec.heading, sec.kind),
                           sec.pages or item.source_pages, procedural,
                           extra_ids=tuple(_FP_RE.findall(sec.text[:2000])) if n == 0 else ()))
    for n, minute in enumerate(item.minutes):
        heading = f"{minute.number}. {minute.title}".strip(". ") if minute.number else minute.title
        proc = is_procedural(minute.title)
        ids = (minute.number,) if minute.number else ()
        out.append(Passage("minute", f"m{n}", heading, minute.text, "minutes", minute.pages, proc,
                           extra_ids=ids, minute=minute.number))
        if minute.resolved:
            out.append(Passage("minute", f"m{n}r", f"{heading} – resolved", minute.resolved, "decision",
                               minute.pages, proc, extra_ids=ids, minute=minute.number))
    if not item.sections and not item.minutes:
        # the front sheet's words under the item are all there is to find it by (US agendas:
        # the resolution text; minutes without numbered entries: what was said and moved)
        text = "\n".join(b for b in (item.description, item.report_title, item.report_of, item.cabinet_member) if b)
        out.append(Passage("item", "i", "", text, "other", item.source_pages, procedural))
    return out


def passage_document(fields: Doc, passage: Passage, seq: int, item: Item, names: str) -> Doc:
    """One searchable document: the item's fields around the passage. `names` (officers, meeting,
    council) go into the "did you mean" vocabulary so they are never "corrected"."""
    doc = dict(fields)
    doc.update(
        doc_id=f"{fields['item_id']}:{passage.suffix}",
        doc_type=passage.doc_type,
        seq=seq,
        heading=passage.heading or "",
        kind=passage.kind,
        content=passage.text or "",
        pages=_pages_text(passage.pages),
        prior=int(round(doc_weight(passage.kind, passage.heading, passage.text or "", passage.procedural) * 1000)),
        procedural="1" if passage.procedural else "0",
        vocab=" ".join(x for x in (item.title, item.report_title, passage.heading, passage.text, names) if x),
    )
    ids = [b for b in (item.report_number, item.forward_plan) if b] + [i for i in passage.extra_ids if i]
    if ids:
        doc["ids"] = " ".join(ids)
    if passage.minute:
        doc["minute"] = passage.minute
    return doc


def pack_documents(
    pack: Pack,
    *,
    sha256: str | None = None,
    path: str | None = None,
    file_size: int | None = None,
    indexed_at: str | None = None,
    reader_version: int | str | None = None,
    file_served: bool = True,
    paper: str | None = None,
) -> list[Doc]:
    """All Whoosh documents for one pack (pure: no index access): its registry document, its
    stored parse, and one searchable document per passage of every item.

    Item ids are "<paper>:<item key>": `paper` is chosen by the writer (indexer.writer), unique
    per indexed file and kept when the file is corrected; it defaults to `paper_base()`.
    Restricted items and parts go in as they are: the writer hands the public index
    `indexer.restriction.public_view(pack)` instead.
    """
    sha = (sha256 or pack.sha256 or "").lower()
    if not sha:
        raise ValueError(f"{pack.source}: no sha256")
    pid = pack_id_for(sha)
    paper = paper or paper_base(pack, path)
    keys = item_keys(pack.items)
    meeting = meeting_fields(pack, sha)
    docs: list[Doc] = []
    for item, key in zip(pack.items, keys, strict=True):
        fields = item_fields(item, f"{paper}:{key}", key, meeting)
        names = " ".join(x for x in (*(_clean(o.name) for o in item.officers if o.name), item.report_of,
                                     pack.meeting, pack.council) if x)
        docs += [passage_document(fields, p, len(docs) + n, item, names) for n, p in enumerate(item_passages(item))]
    n_sections = sum(len(i.sections) + len(i.minutes) for i in pack.items)
    pack_doc: Doc = dict(meeting)
    pack_doc.update(
        doc_id=f"pack:{pid}",
        doc_type="pack",
        paper=paper,
        path=path,
        indexed_at=indexed_at or datetime.now(UTC).isoformat(timespec="seconds"),
        pack_pages=pack.pages,
        file_size=file_size,
        n_items=len(pack.items),
        n_sections=n_sections,
        has_restricted="yes" if has_restricted(pack) else "no",
        reader_version=reader_version if reader_version is not None else READER_VERSION,
        seq=-1,
    )
    return [pack_doc, packdata_document(pack, pid, paper, keys, file_served)] + docs


def packdata_document(pack: Pack, pid: str, paper: str, keys: list[str], file_served: bool) -> Doc:
    """The whole parsed pack, stored for the item and meeting pages (core.schema.load_pack_json)."""
    data = pack.to_json()
    data["pack_id"] = pid
    data["file_served"] = file_served  # False in the public index of a file that holds restricted papers
    data["paper"] = paper
    for item_json, key in zip(data["items"], keys, strict=True):
        item_json["key"] = key
        item_json["item_id"] = f"{paper}:{key}"
    return {"doc_id": f"packdata:{pid}", "doc_type": "packdata", "pack_id": pid, "pack_json": dump_pack_json(data),
            "seq": -2}


__all__ = [
    "READER_VERSION",
    "PROCEDURAL_WEIGHT",
    "BOILERPLATE_WEIGHT",
    "pack_id_for",
    "paper_base",
    "paper_key",
    "is_paper_of",
    "slugify",
    "file_sha256",
    "item_keys",
    "is_procedural",
    "is_boilerplate",
    "doc_weight",
    "pack_documents",
]
