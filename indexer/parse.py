"""Turn one agenda pack into a `Pack`: front sheet, reports, minutes, attached to items.

The body is cut into blocks at report starts ("Agenda Item N" stamps, "From: …
Subject: …" headers, shouted "REPORT OF THE …" headers) and at the start of
minutes. Each block is then attached to the agenda item it belongs to: by the
stamp's number, by report number, or by the closeness of its title to an
agenda title. Nothing here depends on one council's page layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from core.config import TimeLimit
from core.model import ExtractionError, Item, Line, Minute, Pack, RawDoc

from .decisions import read_decisions, read_resolution
from .doc_kind import document_kind
from .frontsheet import ITEM, LEADING_DECISION, AgendaEntry, FrontSheet, parse_front_sheet
from .minutes import parse_minutes
from .officers import prefer_known_spelling
from .pdf_worker import ParseWorker
from .people import merge_officers, read_people
from .reports import FROM, REPORT_OF, STAMP, ReportInfo, parse_report
from .restriction import Marking, combine, mark_item, read_marking, reason_from
from .text_decode import display_text
from .text_extract import TEXT_SUFFIXES, extract_text
from .textutil import find_date, is_shouting, words

MINUTES_START = re.compile(r"^minutes\s+of\s+(?:a|the)\s+(?:[\w-]+\s+)?meeting\s+(?:of\s+(?:the\s+)?[A-Z]|held\s+(?:in|at)\b)", re.I)
REPORT_NO_LINE = re.compile(r"^Report\s*No\.?\s*:?\s*\d{1,4}/\d{4}\s*(?:(?:PUBLIC|EXEMPT|PRIVATE|CONFIDENTIAL)\s+REPORT)?\s*$", re.I)
DOC_HEAD_LINES = 12  # where a stamp marks a whole document
EXCLUSION = re.compile(r"exclu\w*\s+(?:of\s+)?(?:the\s+)?(?:press|public)|public\s+excluded|in\s+camera|closed\s+session", re.I)
MINUTES_TITLE = re.compile(r"\bminutes\b|record of (?:decisions|the meeting|meeting)", re.I)
STANDALONE = ("report", "appendix")  # document kinds that are one item each (indexer.doc_kind)
_STOP = {"the", "of", "and", "a", "an", "in", "for", "to", "on", "report", "with"}


@dataclass(frozen=True)
class Block:
    kind: str  # "stamp" | "header" | "minutes"
    start: int
    end: int
    number: str | None = None


def read_raw(path: Path, timeout: float | TimeLimit = 120.0, max_memory_mb: int = 2048) -> RawDoc:
    """Extract a file (PDF in a guarded worker, text directly: for tools and tests)."""
    path = Path(path)
    if not path.is_file():
        raise ExtractionError(f"{path}: no such file")
    if path.suffix.lower() in TEXT_SUFFIXES:
        return extract_text(path)
    from .pdf_extract import extract_pdf_safely

    return extract_pdf_safely(path, timeout=timeout, max_memory_mb=max_memory_mb)


def parse_file(path: Path, timeout: float | TimeLimit = 120.0, max_memory_mb: int = 2048,
               worker: ParseWorker | None = None) -> Pack:
    """Parse one pack file (PDF, text or Markdown) in a worker process under a time limit
    (seconds, or a `TimeLimit` growing with the page count) and a memory limit: no file, however
    hostile, can hold the indexer longer or crash it. `worker` (a `ParseWorker`) serves many files
    from one process; by default the process-wide one for these limits does. Raises
    ExtractionError with a one-line reason when the file cannot be read."""
    from .pdf_extract import check_magic
    from .pdf_worker import shared_worker

    path = Path(path)
    if not path.is_file():
        raise ExtractionError(f"{display_text(str(path))}: no such file")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        check_magic(path)  # not a PDF at all: said without asking a worker
    if worker is None:
        worker = shared_worker(max_memory_mb, timeout.max_pages if isinstance(timeout, TimeLimit) else None)
    pack = worker.parse(path, timeout)
    if not isinstance(pack, Pack):  # pragma: no cover - protocol guard
        raise ExtractionError("extraction failed (unexpected worker answer)")
    return pack


def _markers(lines: list[Line]) -> list[Block]:
    found: list[Block] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        s = STAMP.match(text)
        if s:
            found.append(Block("stamp", i, -1, s.group("num")))
            continue
        if MINUTES_START.match(text):
            found.append(Block("minutes", i, -1))
            continue
        if REPORT_NO_LINE.match(text) and i > 0:
            found.append(Block("header", i, -1))
            continue
        if FROM.match(text) and any(re.match(r"^Subject\s*:", ln.text.strip(), re.I) for ln in lines[i + 1 : i + 14]):
            found.append(Block("header", i, -1))
            continue
        if REPORT_OF.match(text) and is_shouting(text) and not line.is_table_row:
            nxt = " ".join(ln.text for ln in lines[i + 1 : i + 3])
            if ITEM.match(lines[i + 1].text.strip() if i + 1 < len(lines) else "") or re.search(r"\bReport No\.", nxt):
                continue  # a group header inside the agenda list
            found.append(Block("header", _back_up(lines, i), -1))
    # a stamp closely followed by a header is one report
    merged: list[Block] = []
    for b in sorted(found, key=lambda b: b.start):
        if merged and b.kind == "header" and merged[-1].kind == "stamp" and b.start - merged[-1].start < 25:
            continue
        if merged and b.kind == "stamp" and merged[-1].kind == "stamp" and b.number == merged[-1].number:
            continue
        merged.append(b)
    return merged


def _back_up(lines: list[Line], i: int) -> int:
    """Include the shouted title (and a "CABINET – 10 MARCH 2017" line) above a REPORT OF header."""
    j = i
    while j > 0 and i - j < 6:
        prev = lines[j - 1].text.strip()
        if REPORT_OF.match(prev) or not (is_shouting(prev) or not re.search(r"[a-z]", prev)) or ITEM.match(prev):
            break
        j -= 1
        if find_date(prev):
            break  # "CABINET – 10 MARCH 2017" opens the report
    return j


def _stem(word: str) -> str:
    """'warrants' -> 'warrant', 'policies' -> 'policy': enough to match an agenda title to its report."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _similarity(a: str, b: str) -> float:
    wa = {_stem(w) for w in words(a) if w not in _STOP}
    wb = {_stem(w) for w in words(b) if w not in _STOP}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _match_entry(info: ReportInfo, entries: list[AgendaEntry], taken: set[str]) -> AgendaEntry | None:
    if info.report_number:
        for e in entries:
            if e.report_number == info.report_number and e.number not in taken:
                return e
    best, score = None, 0.0
    for e in entries:
        if e.number in taken:
            continue
        s = _similarity(info.title or "", e.title)
        if s > score:
            best, score = e, s
    return best if score >= 0.5 else None


def _item_from(entry: AgendaEntry | None, number: str, info: ReportInfo | None) -> Item:
    base = Item(number=number, title=(entry.title if entry else None) or (info.title if info else None) or f"Item {number}")
    if entry:
        base = replace(base, report_number=entry.report_number, key_decision=entry.key_decision, exempt=entry.exempt,
                       pages=entry.pages, report_of=entry.report_of, to_follow=entry.to_follow,
                       description=entry.description)
    if info:
        base = replace(
            base,
            report_number=info.report_number or base.report_number,
            key_decision=info.key_decision if info.key_decision is not None else base.key_decision,
            exempt=info.exempt if info.exempt is not None else base.exempt,
            report_of=info.report_of or base.report_of,
            report_title=info.title,
            officers=info.officers,
            sections=info.sections,
            cabinet_member=info.cabinet_member,
            forward_plan=info.forward_plan,
            source_pages=info.pages,
        )
    return base


def _front_end(lines: list[Line], blocks: list[Block]) -> int:
    return blocks[0].start if blocks else len(lines)


def parse_raw(raw: RawDoc) -> Pack:
    """Parse an extracted document (pure: same RawDoc, same Pack)."""
    lines = list(raw.lines)
    kind = document_kind(lines)
    blocks = _markers(lines)
    front_end = _front_end(lines, blocks)
    minutes_first = bool(blocks) and blocks[0].kind == "minutes" and blocks[0].start < 15
    front_lines = lines[: max(front_end, 40)] if minutes_first or front_end == 0 else lines[:front_end]
    front: FrontSheet = parse_front_sheet(front_lines if front_end else lines[:40], lines, raw.body_size)
    entries = list(front.entries) if front_end > 0 and not minutes_first else []
    spans = [replace(b, end=(blocks[k + 1].start if k + 1 < len(blocks) else len(lines))) for k, b in enumerate(blocks)]
    if kind in STANDALONE and lines:
        # one report (or appendix) per file: its numbered paragraphs are not an agenda
        entries, spans = [], [Block("header", 0, len(lines))]
    if not spans and not entries and lines:
        spans = [Block("header", 0, len(lines))]  # a standalone report or minutes document
    if minutes_first and not entries:
        spans[0] = replace(spans[0], kind="minutes")

    items: dict[str, Item] = {}
    markings: dict[str, Marking] = {}  # item number → what its report head says of publication
    order: list[str] = [e.number for e in entries]
    by_number = {e.number: e for e in entries}
    taken: set[str] = set()
    next_auto = 1
    for b in spans:
        seg = lines[b.start : b.end]
        if b.kind == "minutes" or (b.kind == "header" and b.start == 0 and _looks_like_minutes(seg)):
            found = parse_minutes(seg)
            if found:
                _attach_minutes(found, entries, items, order, taken, by_number)
                continue
        info = parse_report(seg, raw.body_size, front.meeting)
        entry = by_number.get(b.number) if b.number else _match_entry(info, entries, taken)
        number = b.number or (entry.number if entry else None)
        if number is None and info.report_number:
            same = next((k for k, it in items.items() if it.report_number == info.report_number), None)
            if same is not None:  # a running "Report No" header on an appendix page: same report
                items[same] = replace(items[same], sections=items[same].sections + info.sections)
                continue
        if number is None:
            while str(next_auto) in by_number or str(next_auto) in items:
                next_auto += 1
            number = str(next_auto)
        if number in items and items[number].sections:
            # a second block for the same item (e.g. a supplement): keep its sections too
            prev = items[number]
            items[number] = replace(prev, sections=prev.sections + info.sections)
            continue
        items[number] = _item_from(entry, number, info)
        markings[number] = info.marking
        taken.add(number)
        if number not in order:
            order.append(number)
    for e in entries:
        if e.number not in items:
            items[e.number] = _item_from(e, e.number, None)
    text_all = "\n".join(ln.text for ln in lines)
    # a stamp at the top of the whole document ("CONFIDENTIAL", "NOT FOR PUBLICATION") covers all of it
    whole = read_marking("\n".join(ln.text for ln in lines[:DOC_HEAD_LINES]))
    whole = whole if whole.restricted else Marking()
    final = []
    for n in order:
        it = items[n]
        entry = by_number.get(n)
        own = combine(_front_marking(entry, entries), markings.get(n, Marking()))
        it = mark_item(it, combine(whole, own) if whole.restricted else own)
        if it.officers:
            it = replace(it, officers=tuple(prefer_known_spelling(list(it.officers), text_all)))
        if whole.restricted and kind in STANDALONE and entry is None:
            # no agenda publishes this paper's title: the public sees that it exists, not what it says
            it = replace(it, title=f"Restricted {kind}", report_title=it.report_title or it.title)
        final.append(it)
    if kind == "decision":
        decisions = read_decisions(lines) or read_resolution(lines)
        if decisions:  # a record of decisions: one item per decision, its text as the decision
            final = [mark_item(d, whole) if whole.restricted else d for d in decisions]
    people = read_people(lines)
    on_items = [o for it in final for o in it.officers]
    pack_officers = [o for o in merge_officers(on_items, people.officers)[len(merge_officers(on_items)):]]
    warnings = list(raw.warnings)
    if not final:
        warnings.append("no agenda items or reports recognised")
    return Pack(
        source=raw.source, sha256=raw.sha256, council=front.council, meeting=front.meeting, date=front.date,
        time=front.time, venue=front.venue, pages=raw.pages, members=front.members or people.members,
        items=tuple(final), warnings=tuple(warnings), unreadable_pages=raw.unreadable_pages, kind=kind,
        officers=tuple(prefer_known_spelling(pack_officers, text_all)), attendance=people.attendance,
    )


def _front_marking(entry: AgendaEntry | None, entries: list[AgendaEntry]) -> Marking:
    """What the agenda says of an item's publication: its restricted part, or its own words."""
    if entry is None:
        return Marking()
    own = read_marking(f"{entry.title}\n{entry.description or ''}")
    if entry.exempt:
        at = entries.index(entry) if entry in entries else len(entries)
        motion = next((e for e in reversed(entries[:at]) if EXCLUSION.search(e.title)), None)
        cited = " ".join(x for x in (entry.description, motion.title if motion else None,
                                     motion.description if motion else None) if x)
        return Marking(restricted=True, reason=reason_from(cited))
    return own


def _looks_like_minutes(seg: list[Line]) -> bool:
    head = " ".join(ln.text for ln in seg[:15])
    return bool(re.search(r"\bminutes\b", head, re.I))


def _attach_minutes(found: list[tuple[Minute, str | None]], entries: list[AgendaEntry], items: dict[str, Item],
                    order: list[str], taken: set[str], by_number: dict[str, AgendaEntry]) -> None:
    """Minutes of the previous meeting go on the agenda item that carries them; minutes of
    this meeting (a minutes document) become the items themselves."""
    carrier = next((e for e in entries if MINUTES_TITLE.search(e.title) and e.number not in taken), None)
    if carrier is not None:
        holder = items.get(carrier.number) or _item_from(carrier, carrier.number, None)
        items[carrier.number] = replace(holder, minutes=holder.minutes + tuple(m for m, _ in found))
        taken.add(carrier.number)
        return
    for minute, ref in found:
        number = ref or minute.number
        entry = by_number.get(number)
        item: Item | None = items.get(number)
        if item is None and entry is not None:
            item = Item(number=number, title=entry.title)
        elif item is None:
            # "24/00108 - Revenue and Capital Budget Monitoring Report": the decision number is the report's
            lead = LEADING_DECISION.match(minute.title)
            item = Item(number=number, title=minute.title[lead.end():] if lead else minute.title,
                        report_number=lead.group(1) if lead else None)
        items[number] = replace(item, minutes=item.minutes + (minute,), source_pages=minute.pages)
        if number not in order:
            order.append(number)
