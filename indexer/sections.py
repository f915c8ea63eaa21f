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
NUMBERED = re.compile(r"^(?P<num>\d{1,2}[a-z]?)(?:\.|\s*\|)?\s+(?P<title>[A-Z][^\n]*)$")
APPENDIX = re.compile(r"^Appendix\s+[A-Z0-9]{1,3}\b", re.I)
NOISE = re.compile(r"^(?:PART\s+[AB12I]{1,2}|A Large Print or Braille Version.*|That (?:Cabinet|the \w+)\s*:?)$", re.I)

NUMBER_TOKEN = re.compile(r"^[(\-–£$€]*\d[\d,.]*%?[)m]?$")
TOC_LEADER = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$")
BIGGER_PT = 1.0  # a line this much above the body size is set larger
HEADING_PT = 1.5  # ... and this much above it is a heading by size alone


def _is_figures(words: list[str]) -> bool:
    """A row of figures: two or more amounts after the first word, at least one with a decimal
    point, sign, bracket or currency ("Finance 14.1 13.8 -0.3"; not "4 SECTION 256 AGREEMENT")."""
    nums = [w for w in words[1:] if NUMBER_TOKEN.match(w)]
    return len(nums) >= 3 or (len(nums) >= 2 and any(re.search(r"[.,%()£$€\-–]", w) for w in nums))


def is_heading(line: Line, body_size: float | None, bold_counts: bool = True) -> bool:
    """Whether a line heads a section, by shape, vocabulary and typography relative to the body text.

    `bold_counts` is False where most of the text is bold (bold then marks nothing). A row of
    figures ("Finance 14.1 13.8 -0.3") or a contents line ("Reserves … 47") never heads a section."""
    text = line.text.strip()
    if line.is_table_row or len(text) > 110 or len(text) < 3:
        return False
    words = text.split()
    if len(words) > 12 or _is_figures(words) or TOC_LEADER.search(text):
        return False
    bigger = body_size is not None and line.size is not None and line.size >= body_size + BIGGER_PT
    much_bigger = body_size is not None and line.size is not None and line.size >= body_size + HEADING_PT
    bold = line.bold and bold_counts
    styled = bigger or bold or line.heading_level is not None
    ends_colon = text.endswith(":")
    if ends_colon and styled and len(words) <= 8 and text[:1].isupper() and not re.match(r"^\d+\.\d", text) \
            and not NOISE.match(text) and not re.match(r"^(?:that|the|it|this|we)\b", text, re.I):
        return True  # "Challenges:" set bold on a line of its own
    if text.endswith((".", ",", ";")) or (ends_colon and not HEADING_WORDS.search(text)):
        return False
    if re.match(r"^\d+\.\d", text) or re.match(r"^[a-z(•\-–]", text):
        return False
    if APPENDIX.match(text) and len(words) <= 10:
        return True
    m = NUMBERED.match(text)
    if m:
        title = m.group("title")
        if is_shouting(title) or (much_bigger and len(title.split()) <= 10):
            return True
        return len(title.split()) <= 7 and (styled or bool(HEADING_WORDS.search(title)))
    if re.match(r"^\d", text):
        return False
    if much_bigger and text[:1].isupper() and re.search(r"[a-z]", text, re.I) and len(words) <= 10:
        return True
    if is_shouting(text) and len(words) <= 10:
        return True
    capitalised = sum(1 for w in words if w[:1].isupper()) / len(words)
    return (styled and capitalised >= 0.5) or (bool(HEADING_WORDS.search(text)) and len(words) <= 7 and text[:1].isupper()
                                               and (capitalised >= 0.5 or len(words) <= 4))


def _pages(lines: list[Line]) -> tuple[int, int] | None:
    pages = [ln.page for ln in lines if ln.page is not None]
    return (min(pages), max(pages)) if pages else None


def _rendered(lines: list[Line]) -> list[tuple[str, int | None]]:
    """(text, page) of each non-empty line as a section shows it (table cells joined by spaces)."""
    out = []
    for ln in lines:
        text = (" ".join(c for c in ln.cells if c) if ln.is_table_row else ln.text).strip()
        if text:
            out.append((text, ln.page))
    return out


def _text(lines: list[Line]) -> str:
    return "\n".join(t for t, _ in _rendered(lines))


def _line_pages(lines: list[Line]) -> tuple[int | None, ...]:
    """The page of each line of `_text(lines)`; () when no line knows its page."""
    pages = tuple(p for _, p in _rendered(lines))
    return pages if any(p is not None for p in pages) else ()


def split_sections(lines: list[Line], body_size: float | None = None, lead_heading: str = "Introduction") -> tuple[Section, ...]:
    """Sections of a report body; text before the first heading goes under `lead_heading`."""
    sections: list[Section] = []
    heading = lead_heading
    heading_line: Line | None = None
    buf: list[Line] = []
    in_appendix = False
    texts = [ln.text.strip() for ln in lines if not ln.is_table_row]
    bold_share = sum(1 for ln in lines if ln.bold) / len(lines) if lines else 0.0
    bold_counts = bold_share <= 0.4  # where most lines are bold, bold marks nothing
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    # the same short line three times or more is a table's column header on every page, not a heading
    repeated = {t for t, n in counts.items() if n >= 3 and not APPENDIX.match(t) and not NUMBERED.match(t)
                and not HEADING_WORDS.search(t)}

    def flush() -> None:
        body = [ln for ln in buf if not NOISE.match(ln.text.strip())]
        text = _text(body)
        if text and len(text.split()) >= 3:
            kind = section_kind(heading)
            if in_appendix and kind not in ("appendix",):
                kind = "appendix"
            pages = _pages(([heading_line] if heading_line else []) + body)
            sections.append(Section(heading=heading, text=text, pages=pages, kind=kind, line_pages=_line_pages(body)))

    for line in lines:
        text = line.text.strip()
        if re.match(r"^A Large Print or Braille Version", text, re.I):
            flush()
            buf = []
            heading, heading_line, in_appendix = "Appendix", line, True
            continue
        if text not in repeated and is_heading(line, body_size, bold_counts):
            if buf or heading != lead_heading:
                flush()
            new = clean_title(re.sub(r"^(\d{1,2}[a-z]?)\s*\|\s*", r"\1 ", text).rstrip(":"))
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
            line_pages: tuple[int | None, ...] = ()
            if prev.line_pages and sec.line_pages:
                line_pages = prev.line_pages + ((sec.pages[0] if sec.pages else sec.line_pages[0]),) + sec.line_pages
            out[-1] = Section(prev.heading, prev.text + "\n" + sec.heading + "\n" + sec.text, pages, prev.kind, line_pages=line_pages)
        else:
            out.append(sec)
    return out
