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
from datetime import datetime, timezone
from typing import Iterable, Mapping, Sequence

from core.model import Item, Pack
from indexer.restriction import has_restricted
from core.fields import FACETS
from core.schema import MULTI_VALUE_SEP, dump_pack_json
from core.section_kinds import KIND_WEIGHTS, section_kind

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
    return bool(paper) and (paper == base or paper.startswith(base + "--"))


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
) -> list[dict]:
    """All Whoosh documents for one pack (pure: no index access).

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
    year = pack.date[:4] if pack.date and re.match(r"\d{4}", pack.date) else None
    common_pack: dict = {
        "pack_id": pid,
        "source": pack.source,
        "sha256": sha,
    }
    meeting_fields: dict = {}
    if pack.council:
        meeting_fields["council"] = pack.council
    if pack.meeting:
        meeting_fields["meeting"] = pack.meeting
    meeting_fields.update(facet_columns({"council": pack.council, "meeting": pack.meeting}))
    if pack.date:
        meeting_fields["date"] = pack.date
    if year:
        meeting_fields["year"] = year

    docs: list[dict] = []
    seq = 0
    n_sections = 0
    for item, key in zip(pack.items, keys):
        item_id = f"{paper}:{key}"
        officers = [o for o in item.officers if o.name]
        officer_names = [_clean(o.name) for o in officers]
        item_fields: dict = dict(common_pack)
        item_fields.update(meeting_fields)
        item_fields.update(
            item_id=item_id,
            item=item.number or key,
            title=item.title or "",
            key_decision=_yes_no(item.key_decision),
            exempt=_yes_no(item.exempt),
            item_pages=_pages_text(item.pages),
        )
        if item.restricted:
            item_fields["restricted"] = "yes"
        report_bits = [b for b in (item.report_number, item.report_title) if b]
        if report_bits:
            item_fields["report"] = " ".join(report_bits)
        if item.report_number:
            item_fields["report_no"] = item.report_number.strip()
        if item.report_title:
            item_fields["report_title"] = item.report_title
        if item.report_of:
            item_fields["report_of"] = item.report_of
        if officers:
            item_fields["officers"] = "; ".join(
                f"{_clean(o.name)}, {_clean(o.role)}" if o.role else _clean(o.name) for o in officers
            )
            item_fields.update(facet_columns({"officers": officer_names}))
        item_ids = [b for b in (item.report_number, item.forward_plan) if b]
        item_procedural = is_procedural(item.title)
        vocab_names = " ".join(x for x in (*officer_names, item.report_of, pack.meeting, pack.council) if x)

        def add(doc_type: str, suffix: str, heading: str, text: str, kind: str, pages, procedural: bool,
                extra_ids: Iterable[str] = (), minute: str | None = None) -> None:
            nonlocal seq
            doc = dict(item_fields)
            doc.update(
                doc_id=f"{item_id}:{suffix}",
                doc_type=doc_type,
                seq=seq,
                heading=heading or "",
                kind=kind,
                content=text or "",
                pages=_pages_text(pages),
                prior=int(round(doc_weight(kind, heading, text or "", procedural) * 1000)),
                procedural="1" if procedural else "0",
                # unstemmed words for "did you mean", names included so they are never "corrected"
                vocab=" ".join(x for x in (item.title, item.report_title, heading, text, vocab_names) if x),
            )
            ids = list(item_ids) + [i for i in extra_ids if i]
            if ids:
                doc["ids"] = " ".join(ids)
            if minute:
                doc["minute"] = minute
            docs.append(doc)
            seq += 1

        for n, sec in enumerate(item.sections):
            kind = section_kind(sec.heading, sec.kind)
            add("section", f"s{n}", sec.heading, sec.text, kind, sec.pages or item.source_pages, item_procedural,
                extra_ids=_FP_RE.findall(sec.text[:2000]) if n == 0 else ())
            n_sections += 1
        for n, minute in enumerate(item.minutes):
            heading = f"{minute.number}. {minute.title}".strip(". ") if minute.number else minute.title
            proc = is_procedural(minute.title)
            add("minute", f"m{n}", heading, minute.text, "minutes", minute.pages, proc,
                extra_ids=[minute.number], minute=minute.number)
            n_sections += 1
            if minute.resolved:
                add("minute", f"m{n}r", f"{heading} – resolved", minute.resolved, "decision", minute.pages, proc,
                    extra_ids=[minute.number], minute=minute.number)
        if not item.sections and not item.minutes:
            # the front sheet's words under the item are all there is to find it by (US agendas:
            # the resolution text; minutes without numbered entries: what was said and moved)
            text = "\n".join(b for b in (item.description, item.report_title, item.report_of, item.cabinet_member) if b)
            add("item", "i", "", text, "other", item.source_pages, item_procedural)

    now = indexed_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    pack_doc = dict(common_pack)
    pack_doc.update(meeting_fields)
    pack_doc.update(
        doc_id=f"pack:{pid}",
        doc_type="pack",
        paper=paper,
        path=path,
        indexed_at=now,
        pack_pages=pack.pages,
        file_size=file_size,
        n_items=len(pack.items),
        n_sections=n_sections,
        has_restricted="yes" if has_restricted(pack) else "no",
        reader_version=reader_version if reader_version is not None else READER_VERSION,
        seq=-1,
    )
    data = pack.to_json()
    data["pack_id"] = pid
    data["file_served"] = file_served  # False in the public index of a file that holds restricted papers
    data["paper"] = paper
    for item_json, key in zip(data["items"], keys):
        item_json["key"] = key
        item_json["item_id"] = f"{paper}:{key}"
    blob = dump_pack_json(data)
    packdata_doc = {"doc_id": f"packdata:{pid}", "doc_type": "packdata", "pack_id": pid, "pack_json": blob, "seq": -2}
    return [pack_doc, packdata_doc] + docs


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
