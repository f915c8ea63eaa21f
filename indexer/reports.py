"""One officer's report: its header (number, title, author, key decision, exempt,
contact officers) and its body sections.

Report headers come as a two-column table (Rutland: "Key Decision: | No"),
as labelled lines (Kent: "Decision no: 24/00109", "Subject: …"), or as
shouted lines ("REPORT OF THE DIRECTOR OF …") with contacts listed under
"Officer(s) to Contact" (Leicestershire). All are read here by label, never by
position on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Line, Officer, Section

from .frontsheet import COUNCIL, DECISION_NO, REPORT_NO
from .officers import EMAIL, officers_from_block
from .restriction import Marking, read_marking
from .sections import is_heading, split_sections
from .textutil import clean_title, find_date, is_shouting, smart_title

STAMP = re.compile(r"^Agenda\s*Item\s*(?:No\.?)?\s*:?\s*(?P<num>\d{1,3}[a-z]?)\s*$", re.I)
REPORT_OF = re.compile(r"^(?:Report|Joint Report)\s+(?:of|from|by)\s+(?:the\s+)?(?P<who>.+)$", re.I)
FROM = re.compile(r"^From\s*:\s*(?P<who>.*)$", re.I)
SUBJECT = re.compile(r"^(?:Subject|Title|Report\s+title|Title\s+of\s+(?:the\s+)?report)\s*:\s*(?P<title>\S.*)$", re.I)
LABELLED = re.compile(r"^(?:To|Decision no|Key Decision|Classification|Past Pathway|Future Pathway|Electoral Division|"
                      r"Is the decision|Summary|Date|Wards?|Forward Plan|Exempt|Report No)\b", re.I)
LABEL_START = re.compile(r"^[A-Z][\w’' ]{0,40}:(?:\s|$)")
CONTACT_ROW = re.compile(r"^Contact\s*Officer", re.I)
OTHER_KEY = re.compile(r"^(?:Ward\s*Councillor|Strategic\s*Aim|Key\s*Decision|Exempt|Cabinet\s*Member|Forward\s*Plan|Report\s*No)", re.I)
CONTACT_BLOCK = re.compile(r"^(?:Officers?\s*(?:\(s\))?\s+to\s+Contact|Contact\s+(?:Officers?(?:\(s\))?|details|information)|"
                           r"Report\s+Authors?|Background\s+Papers\s+and\s+Contact|\d{1,2}\.?\s+Contact\s+details)\b.*$", re.I)


@dataclass(frozen=True)
class ReportInfo:
    title: str | None
    report_number: str | None
    report_of: str | None
    key_decision: bool | None
    exempt: bool | None
    forward_plan: str | None
    cabinet_member: str | None
    officers: tuple[Officer, ...]
    sections: tuple[Section, ...]
    pages: tuple[int, int] | None
    marking: Marking = Marking()  # what the head says of its publication (indexer.restriction)


def _row_text(line: Line) -> str:
    return " ".join(c for c in line.cells if c) if line.is_table_row else line.text


def _yes_no(text: str) -> bool | None:
    m = re.search(r"\b(Yes|No|Not\s+applicable|N/?A)\b", text, re.I)
    if not m:
        return None
    word = m.group(1).lower()
    return True if word == "yes" else False if word == "no" else None


def _header_end(lines: list[Line], body_size: float | None) -> int:
    """Index of the first body heading (recommendations, purpose, numbered …)."""
    for i, line in enumerate(lines[:80]):
        text = line.text.strip()
        if re.match(r"^(?:DECISION\s+RECOMMENDATIONS?|RECOMMENDATIONS?|PART\s+A|Purpose\s+of\s+(?:the\s+)?Report|Summary\s*:|"
                    r"Executive\s+Summary|Background\s*:?$|Introduction\s*:?$|1\.?\s+[A-Z])", text, re.I) and not line.is_table_row:
            if i > 0 and is_heading(line, body_size) or text.upper().startswith(("PART A", "SUMMARY")):
                return i
    return min(len(lines), 12)


def _is_meta(text: str, meeting: str | None) -> bool:
    """Stamps, report numbers, meeting and council names and dates: the lines around a report title."""
    return bool(STAMP.match(text) or REPORT_NO.search(text) or (find_date(text) and len(text) < 45)
                or COUNCIL.fullmatch(smart_title(text))
                or (meeting and text.lower().startswith(meeting.lower()) and len(text) < len(meeting) + 30)
                or re.match(r"^(?:PUBLIC REPORT|PART\s+[AB])$", text, re.I))


def _title_and_author(lines: list[Line], meeting: str | None, body_size: float | None = None) -> tuple[str | None, str | None]:
    """Report title and "Report of …" author, wherever the title stands (above or below the author line)."""
    author = None
    for i, line in enumerate(lines[:30]):
        m = SUBJECT.match(line.text.strip())
        if m:
            parts = [m.group("title")]
            for nxt in lines[i + 1 : i + 5]:
                if LABELLED.match(nxt.text.strip()) or DECISION_NO.search(nxt.text) or LABEL_START.match(nxt.text.strip()) \
                        or (nxt.size != line.size and nxt.size is not None and line.size is not None) or is_heading(nxt, body_size):
                    break  # the next field ("Decision no:", "Background:") or a heading ends the subject
                parts.append(nxt.text.strip())
            subject = clean_title(" ".join(parts))
            author, _ = _report_of(lines)
            return subject, author
    author_at = None
    for i, line in enumerate(lines[:40]):
        if REPORT_OF.match(line.text.strip()) and not line.is_table_row and len(line.text) < 200:
            author_at = i
            break
    if author_at is None:
        author, _ = _report_of(lines)
        for line in lines[:8]:
            text = line.text.strip()
            if _is_meta(text, meeting) or line.is_table_row or len(text) < 4 or LABELLED.match(text) or FROM.match(text):
                continue
            return clean_title(text), author
        return None, author
    before: list[str] = []
    for line in reversed(lines[:author_at]):
        text = line.text.strip()
        if _is_meta(text, meeting) or line.is_table_row or len(before) >= 4:
            break
        before.append(text)
    before.reverse()
    head = REPORT_OF.match(lines[author_at].text.strip())
    who = [head.group("who") if head else lines[author_at].text.strip()]
    after: list[str] = []
    shouted = is_shouting(lines[author_at].text)
    for line in lines[author_at + 1 : author_at + 5]:
        text = line.text.strip()
        if not shouted or not (is_shouting(text) or not re.search(r"[a-z]", text)) or _is_meta(text, meeting) or line.is_table_row:
            break
        after.append(text)
    if before:
        who += after
        title = " ".join(before)
    else:
        while after and re.search(r"(?:\b(?:AND|OF|THE|FOR)|[,&-])$", who[-1]):
            who.append(after.pop(0))
        title = " ".join(after) or ""
    author = smart_title(" ".join(" ".join(who).split()).strip(" ."))
    return (clean_title(title) if title else None), author


def _report_of(lines: list[Line]) -> tuple[str | None, int | None]:
    for i, line in enumerate(lines[:40]):
        text = line.text.strip()
        m = REPORT_OF.match(text)
        if m and not line.is_table_row and len(text) < 200:
            return smart_title(" ".join(m.group("who").split()).strip(" .")), i
        f = FROM.match(text)
        if f:
            who = [f.group("who")]
            for nxt in lines[i + 1 : i + 10]:
                if re.match(r"^To\s*:", nxt.text.strip(), re.I):
                    break
                who.append(nxt.text.strip())
            return " ".join(" ".join(who).split()), None
    return None, None


def _table_fields(lines: list[Line]) -> dict:
    out: dict = {}
    contact_rows: list[list[str]] = []
    in_contacts = False
    for line in lines:
        text = _row_text(line)
        if in_contacts:
            if (line.is_table_row and not OTHER_KEY.match(line.cells[0] or "")) or (not line.is_table_row and EMAIL.search(text) and len(text) < 120):
                contact_rows.append([c for c in line.cells] if line.is_table_row else [text])
                continue
            in_contacts = False
        if CONTACT_ROW.match(text):
            cells = line.cells if line.is_table_row else [text]
            first = re.sub(r"^Contact\s*Officer\S*\s*:?\)?:?\s*", "", cells[0], flags=re.I)
            contact_rows.append([first] + cells[1:])
            in_contacts = True
            continue
        kd = re.search(r"Key\s*Decision\s*:?\s*(.{0,40})", text, re.I)
        if kd and "key_decision" not in out:
            out["key_decision"] = _yes_no(kd.group(1))
        fp = re.search(r"Forward\s*Plan\s*Ref\w*\s*:?\s*([A-Z]{1,4}/[\w/]+)", text, re.I)
        if fp:
            out.setdefault("forward_plan", fp.group(1))
        ex = re.search(r"Exempt\s*(?:Informat\w*(?:\s+n\b)?)?\s*\)?\s*:?\s*(.{0,30})", text, re.I)
        if ex and "exempt" not in out:
            val = ex.group(1)
            out["exempt"] = True if re.search(r"\b(?:yes|paragraph)\b", val, re.I) else _yes_no(val)
        cl = re.search(r"Classification\s*:\s*(\w+)", text, re.I)
        if cl and "exempt" not in out:
            out["exempt"] = cl.group(1).lower() in ("restricted", "exempt", "confidential")
        cm = re.search(r"(?:Cabinet|Portfolio)\s*Member\S*\s*\(?s?\s*\)?\s*Responsible\s*:?\)?\s*:?\)?\s*(.+)", text, re.I)
        if cm and "cabinet_member" not in out:
            out["cabinet_member"] = " ".join(cm.group(1).split()).strip(" :)")
    out["contact_rows"] = contact_rows
    return out


def _contact_block(lines: list[Line], body_size: float | None) -> list[list[str]]:
    for i, line in enumerate(lines):
        if CONTACT_BLOCK.match(line.text.strip()) and not line.is_table_row:
            rows: list[list[str]] = []
            for nxt in lines[i + 1 : i + 16]:
                if is_heading(nxt, body_size) and not EMAIL.search(nxt.text) and rows:
                    break
                rows.append(nxt.cells if nxt.is_table_row else [nxt.text])
            if any(EMAIL.search(" ".join(r)) for r in rows):
                return rows
    return []


def parse_report(lines: list[Line], body_size: float | None = None, meeting: str | None = None) -> ReportInfo:
    """Read one report block (from its stamp or header to the next report)."""
    head_end = _header_end(lines, body_size)
    head = lines[:head_end]
    title, report_of = _title_and_author(head if head_end > 2 else lines[:40], meeting, body_size)
    text_head = "\n".join(_row_text(ln) for ln in head)
    m = REPORT_NO.search(text_head) or DECISION_NO.search(text_head)
    fields = _table_fields(head)
    rows = fields.pop("contact_rows")
    officers = officers_from_block(rows) if rows else []
    block = _contact_block(lines, body_size)
    if block:
        known = {o.email for o in officers}
        officers += [o for o in officers_from_block(block) if o.email not in known]
    sections = split_sections(lines[head_end:], body_size)
    pages = [ln.page for ln in lines if ln.page is not None]
    return ReportInfo(
        title=title,
        report_number=m.group(1) if m else None,
        report_of=report_of,
        key_decision=fields.get("key_decision"),
        exempt=fields.get("exempt"),
        forward_plan=fields.get("forward_plan"),
        cabinet_member=fields.get("cabinet_member"),
        officers=tuple(officers),
        sections=sections,
        pages=(min(pages), max(pages)) if pages else None,
        marking=read_marking("\n".join(_row_text(ln) for ln in (head if head_end > 2 else lines[:40]))),
    )
