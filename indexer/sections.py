"""Split a report body into sections at its headings, and name each section's kind.

A heading is recognised by shape (short, no closing full stop, numbered or
shouted or in a larger/bold font) together with the vocabulary officers use
for headings. Sub-paragraph numbers ("2.1 …") never start a section.
"""
from __future__ import annotations

import re

from core.model import Line, Section
from core.section_kinds import kind_of_heading as section_kind
from .textutil import clean_title, is_shouting

HEADING_WORDS = re.compile(
    r"\b(recommendations?|decisions?|resolved|purpose|summary|introduction|background|considerations|context|"
    r"implications?|financial|finance|legal|governance|equality|equalities|human rights|appendix|appendices|"
    r"consultation|options|alternatives?|conclusions?|reasons?|timetable|policy framework|resources?|risks?|"
    r"contact|circulation|proposals?|next steps|papers|documents|overview|outcomes?|objectives?|"
    r"measured by|key issues|scrutiny|procurement|performance|report)\b",
    re.I,
)
NUMBERED = re.compile(r"^(?P<num>\d{1,2})(?:\.|\s*\|)?\s+(?P<title>[A-Z][^\n]*)$")
APPENDIX = re.compile(r"^Appendix\s+[A-Z0-9]{1,3}\b", re.I)
NOISE = re.compile(r"^(?:PART\s+[AB12I]{1,2}|A Large Print or Braille Version.*|That (?:Cabinet|the \w+)\s*:?)$", re.I)

def is_heading(line: Line, body_size: float | None) -> bool:
    text = line.text.strip()
    if line.is_table_row or len(text) > 110 or len(text) < 3:
        return False
    words = text.split()
    if len(words) > 12:
        return False
    ends_colon = text.endswith(":")
    if text.endswith((".", ",", ";")) or (ends_colon and not HEADING_WORDS.search(text)):
        return False
    if re.match(r"^\d+\.\d", text) or re.match(r"^[a-z(•\-–]", text):
        return False
    if APPENDIX.match(text) and len(words) <= 10:
        return True
    bigger = body_size is not None and line.size is not None and line.size >= body_size + 1.0
    styled = bigger or line.bold or line.heading_level is not None
    m = NUMBERED.match(text)
    if m:
        title = m.group("title")
        if is_shouting(title):
            return True
        return len(title.split()) <= 7 and (styled or bool(HEADING_WORDS.search(title)))
    if re.match(r"^\d", text):
        return False
    if is_shouting(text) and len(words) <= 10:
        return True
    capitalised = sum(1 for w in words if w[:1].isupper()) / len(words)
    return (styled and capitalised >= 0.5) or (bool(HEADING_WORDS.search(text)) and len(words) <= 7 and text[:1].isupper()
                                               and (capitalised >= 0.5 or len(words) <= 4))


def _pages(lines: list[Line]) -> tuple[int, int] | None:
    pages = [ln.page for ln in lines if ln.page is not None]
    return (min(pages), max(pages)) if pages else None


def _text(lines: list[Line]) -> str:
    return "\n".join(" ".join(c for c in ln.cells if c) if ln.is_table_row else ln.text for ln in lines).strip()


def split_sections(lines: list[Line], body_size: float | None = None, lead_heading: str = "Introduction") -> tuple[Section, ...]:
    """Sections of a report body; text before the first heading goes under `lead_heading`."""
    sections: list[Section] = []
    heading = lead_heading
    heading_line: Line | None = None
    buf: list[Line] = []
    in_appendix = False

    def flush() -> None:
        body = [ln for ln in buf if not NOISE.match(ln.text.strip())]
        text = _text(body)
        if text and len(text.split()) >= 3:
            kind = section_kind(heading)
            if in_appendix and kind not in ("appendix",):
                kind = "appendix"
            pages = _pages(([heading_line] if heading_line else []) + body)
            sections.append(Section(heading=heading, text=text, pages=pages, kind=kind))

    for line in lines:
        text = line.text.strip()
        if re.match(r"^A Large Print or Braille Version", text, re.I):
            flush()
            buf = []
            heading, heading_line, in_appendix = "Appendix", line, True
            continue
        if is_heading(line, body_size):
            if buf or heading != lead_heading:
                flush()
            new = clean_title(re.sub(r"^(\d{1,2})\s*\|\s*", r"\1 ", text).rstrip(":"))
            if APPENDIX.match(text) and sections:
                in_appendix = True
            heading, heading_line, buf = new, line, []
            continue
        buf.append(line)
    flush()
    return tuple(_merge_tiny(sections))


def _merge_tiny(sections: list[Section]) -> list[Section]:
    """A heading with a few words under it ("2.1 About …") is folded into the section before."""
    out: list[Section] = []
    for sec in sections:
        if out and len(sec.text.split()) < 6 and sec.kind == out[-1].kind == "other":
            prev = out[-1]
            pages = prev.pages if not sec.pages or not prev.pages else (min(prev.pages[0], sec.pages[0]), max(prev.pages[1], sec.pages[1]))
            out[-1] = Section(prev.heading, prev.text + "\n" + sec.heading + "\n" + sec.text, pages, prev.kind)
        else:
            out.append(sec)
    return out
