"""Decision notices and decision records: one item per decision, its text as a decision section.

A record of decisions lists, for each matter, its subject (often with the agenda item it was
taken under: "Subject: Cycle Hangar Policy (Agenda Item 10)") and then labelled fields, one of
which holds what was decided ("Decision taken", "Decision", "Resolved"). The fields are read by
their labels and by the shape of a label line ("(e) Exempt Information?", "Reason for decision:"),
never by one council's form.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from core.model import Item, Line, Section

from .textutil import clean_title

SUBJECT = re.compile(r"^(?:\(?[a-z]\)\s*)?(?:subject|title|matter|item)\s*:\s*(?P<title>\S.*)$", re.I)
ITEM_REF = re.compile(r"\(\s*(?:agenda\s+)?item\s*(?:no\.?\s*)?(?P<num>[0-9]{1,3}[a-z]?(?:\.[0-9]{1,2})?)\s*\)", re.I)
DECISION = re.compile(r"^(?:\(?[a-z]\)\s*)?(?:decisions?(?:\s+(?:taken|made|agreed))?|resolved|resolution|agreed)\s*:?\s*(?P<rest>.*)$", re.I)
# the next labelled field ("(e) Exempt Information?", "Reason for decision:"); "That the committee:" opens the decision
FIELD = re.compile(r"^(?!that\b|the\b|it\b)(?:\(?[a-z]\)\s+\S|[A-Z][\w /'’-]{2,50}(?:\?|:)(?:\s|$))", re.I)
DECISION_NOT = re.compile(r"^(?:\(?[a-z]\)\s*)?decisions?\s+(?:made\s+in|determined|recording|notice|maker)", re.I)


def _text(line: Line) -> str:
    return " ".join(c for c in line.cells if c) if line.is_table_row else line.text.strip()


def read_decisions(lines: Sequence[Line]) -> list[Item]:
    """The decisions of a decision record, in order; [] when it has no subject/decision fields."""
    items: list[Item] = []
    title: str | None = None
    number: str | None = None
    body: list[Line] | None = None
    texts: list[str] = []

    def close() -> None:
        nonlocal body, texts
        if title and body is not None and texts:
            pages = [ln.page for ln in body if ln.page is not None]
            text = "\n".join(texts)
            items.append(Item(number=number or str(len(items) + 1), title=title, sections=(
                Section(heading="Decision", text=text, pages=(min(pages), max(pages)) if pages else None, kind="decision",
                        line_pages=tuple(ln.page for ln in body) if pages and len(body) == len(texts) else ()),)))
        body, texts = None, []

    for k, line in enumerate(lines):
        text = _text(line)
        subject = SUBJECT.match(text)
        if subject:
            close()
            title_text = subject.group("title")
            ref = ITEM_REF.search(title_text) or (ITEM_REF.search(_text(lines[k + 1])) if k + 1 < len(lines) else None)
            number = ref.group("num") if ref else None
            title = ITEM_REF.sub("", title_text).strip(" -–") or None
            continue
        decision = DECISION.match(text)
        if decision and title and not DECISION_NOT.match(text) and body is None:
            body, texts = [], []
            rest = decision.group("rest").strip()
            rest = re.split(r"\s+\(?[a-z]\)\s+[A-Z]", rest, maxsplit=1)[0]  # cells of the next fields on the same row
            if rest:
                body.append(line)
                texts.append(rest)
            continue
        if body is not None:
            if FIELD.match(text):
                close()
                continue
            if text:
                body.append(line)
                texts.append(text)
    close()
    return items


RESOLUTION_NO = re.compile(r"^(?:(?:city|county|board|council)\s+)?(?P<kind>resolution|ordinance)\s+(?:no\.?|number|#)\s*(?P<num>[0-9][\w/-]*(?:-\s?\d+)?)\s*$", re.I)
ENACTING = re.compile(r"\b(?:be\s+it\s+(?:further\s+)?(?:resolved|ordained)|it\s+is\s+(?:hereby\s+)?resolved|now,?\s+therefore)\b", re.I)
AGENDA_ITEM = re.compile(r"\bagenda\s+item\s*(?:no\.?)?\s*:?\s*(?P<num>[A-Z]{0,2}[.-]?\s?\d{1,3}[a-z]?)\b", re.I)
ADOPTED = re.compile(r"^(?:passed|adopted|approved)\b.*\b(?:adopted|day|this)\b", re.I)


def read_resolution(lines: Sequence[Line]) -> list[Item]:
    """A resolution (or ordinance) on its own: one item numbered by the agenda item it was adopted
    under (else its own number), titled by its "A RESOLUTION OF …" paragraph, its operative text
    (after "BE IT RESOLVED") as the decision. [] when the document is not one."""
    head = [(_text(ln), k) for k, ln in enumerate(lines[:15])]
    found = next(((m, k) for t, k in head for m in [RESOLUTION_NO.match(t)] if m), None)
    if found is None:
        return []
    m, at = found
    number = re.sub(r"\s+", "", m.group("num"))
    title_lines: list[str] = []
    k = at + 1
    while k < len(lines) and len(title_lines) < 20:
        text = _text(lines[k])
        if title_lines and (ENACTING.search(text) or re.match(r"^(?:WHEREAS|SECTION\s+1)\b", text)):
            break
        if text:
            title_lines.append(text)
        if text.endswith("."):
            break
        k += 1
    start = next((j for j in range(k, len(lines)) if ENACTING.search(_text(lines[j]))), None)
    if start is None:
        return []
    body: list[Line] = []
    for ln in lines[start:]:
        if ADOPTED.match(_text(ln)):
            break
        body.append(ln)
    texts = [_text(ln) for ln in body if _text(ln)]
    body = [ln for ln in body if _text(ln)]
    # the operative part: from its first clause ("SECTION 1. That …") when the enacting line heads it
    first = next((j for j, t in enumerate(texts) if re.match(r"^(?:SECTION|Section)\s+1\b|^That\b", t)), 0)
    texts, body = texts[first:], body[first:]
    texts = [re.sub(r"^(?:SECTION|Section)\s+\d+\.\s*", "", t) for t in texts]
    whole = "\n".join(_text(ln) for ln in lines)
    ref = AGENDA_ITEM.search(whole)
    pages = [ln.page for ln in body if ln.page is not None]
    title = clean_title(" ".join(title_lines)) if title_lines else f"{m.group('kind').title()} No. {number}"
    section = Section(heading="Resolved", text="\n".join(texts), pages=(min(pages), max(pages)) if pages else None,
                      kind="decision", line_pages=tuple(ln.page for ln in body) if pages else ())
    return [Item(number=re.sub(r"\s+", "", ref.group("num")) if ref else number, title=title, report_number=number,
                 sections=(section,) if texts else ())]


__all__ = ["read_decisions", "read_resolution"]
