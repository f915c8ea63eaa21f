"""Pure display helpers: dates, page ranges, names, citations, snippet sanitising.

Everything here is a plain function of its arguments so it can be unit-tested
without an app; `register(app)` exposes them to the templates as filters.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date

from markupsafe import Markup, escape

from core import dates as core_dates

MONTHS = tuple(m.capitalize() for m in core_dates.MONTHS)

_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
_MARK_SPLIT = re.compile(r"(</?mark>)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def long_date(value: str | None) -> str:
    """'2017-06-20' -> '20 June 2017' (GOV.UK style); unknown -> ''."""
    d = parse_iso(value)
    if d is None:
        return value or ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")


def time_label(value: str | None) -> str:
    """'09:30' -> '9:30am', '14:00' -> '2pm', '12:00' -> 'midday' (GOV.UK style); other text unchanged."""
    text = (value or "").strip()
    m = _TIME.match(text)
    if not m:
        return text
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return text
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{f':{minute:02d}' if minute else ''}{suffix}"


def page_range(pages: tuple[int, int] | list[int] | None, *, abbreviate: bool = True) -> str:
    """(5, 42) -> 'pp. 5–42'; (7, 7) -> 'p. 7'; None -> ''."""
    if not pages:
        return ""
    start, end = int(pages[0]), int(pages[1])
    if end <= start:
        return f"p. {start}" if abbreviate else f"page {start}"
    return f"pp. {start}–{end}" if abbreviate else f"pages {start} to {end}"


def page_list(pages: Iterable[int] | None) -> str:
    """(2, 5, 6, 7, 9) -> '2, 5–7 and 9': runs of pages joined, for "pages … could not be read"."""
    runs: list[list[int]] = []
    for n in sorted(set(int(p) for p in pages or ())):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def tidy_name(value: str | None) -> str:
    """Turn an ALL-CAPS heading such as 'CABINET' into 'Cabinet'; leave mixed case alone."""
    if not value:
        return ""
    letters = [c for c in value if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return value
    words = value.lower().split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:] if word[:1] != "(" else "(" + word[1:2].upper() + word[2:])
    return " ".join(out)


def yes_no(value: bool | None) -> str:
    return "Yes" if value else ("No" if value is False else "Not stated")


def citation(*, council: str | None, meeting: str | None, date: str | None, item: str | None,
             report_number: str | None, pages: tuple[int, int] | None) -> str:
    """'Rutland County Council, Cabinet, 20 June 2017, Item 5, Report 98/2017, pp. 5–42'."""
    parts: list[str] = []
    if council:
        parts.append(tidy_name(council))
    if meeting:
        parts.append(tidy_name(meeting))
    if date:
        parts.append(long_date(date))
    if item:
        parts.append(f"Item {item}")
    if report_number:
        parts.append(f"Report {report_number}")
    if pages:
        parts.append(page_range(pages))
    return ", ".join(parts)


def clean_text(value: str | None) -> str:
    """Drop control characters that are invalid in XML and useless on screen."""
    return _CONTROL.sub("", value or "")


def safe_snippet(snippet: str | None) -> Markup:
    """Re-sanitise an engine snippet: keep only balanced <mark> tags, escape everything else.

    Snippets are meant to arrive pre-escaped with <mark> around matches, but they
    come from untrusted PDFs, so nothing is trusted: the text between mark tags is
    unescaped and escaped again (idempotent for well-formed input, neutralising
    any raw '<' that slipped through), and marks are re-balanced.
    """
    out: list[str] = []
    open_mark = False
    for part in _MARK_SPLIT.split(clean_text(snippet)):
        low = part.lower()
        if low == "<mark>":
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif low == "</mark>":
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif part:
            out.append(str(escape(html.unescape(part))))
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))


def snippet_text(snippet: str | None) -> str:
    """The plain text of a snippet (for CSV, feeds and JSON text fields)."""
    return html.unescape(_MARK_SPLIT.sub("", clean_text(snippet)))


def paragraphs(text: str | None) -> list[str]:
    """Split extracted text into paragraphs (blank-line separated); single newlines kept as lines."""
    text = clean_text(text).replace("\r\n", "\n").strip()
    if not text:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


_BLOCK_START = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?\s|\(?[a-zA-Z][.)]\s|\(?[ivxIVX]{1,4}[.)]\s|[•●▪◦∙*\-–]\s|RESOLVED\b)")
_ENDS_SENTENCE = (".", ":", ";", "?", "!", "”", '"')


def text_blocks(text: str | None) -> list[tuple[str, object]]:
    """Extracted text as display blocks: ("p", str) paragraphs and ("table", rows) tables.

    PDF text arrives hard-wrapped at the printed line length while text extractions
    have one paragraph per line, so lines are re-joined unless the previous one ends
    a sentence, the next one starts a numbered/bulleted point, or a blank line
    separates them. TAB-separated lines are table rows (the extractors' convention).
    """
    blocks: list[tuple[str, object]] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush_para() -> None:
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    def flush_table() -> None:
        if table:
            width = max(len(r) for r in table)
            blocks.append(("table", [r + [""] * (width - len(r)) for r in table]))
            table.clear()

    for raw in clean_text(text).replace("\r\n", "\n").split("\n"):
        if "\t" in raw and raw.strip():
            flush_para()
            table.append([c.strip() for c in raw.split("\t")])
            continue
        flush_table()
        line = raw.strip()
        if not line:
            flush_para()
            continue
        if para and (_BLOCK_START.match(line) or para[-1].endswith(_ENDS_SENTENCE)):
            flush_para()
        para.append(line)
    flush_para()
    flush_table()
    return blocks


def is_pdf_source(source: str | None) -> bool:
    return source is not None and source.lower().endswith(".pdf")


def register(app) -> None:
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(time_label, "time_label")
    app.add_template_filter(page_range, "page_range")
    app.add_template_filter(page_list, "page_list")
    app.add_template_filter(tidy_name, "tidy_name")
    app.add_template_filter(yes_no, "yes_no")
    app.add_template_filter(safe_snippet, "snippet")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(text_blocks, "blocks")
    app.add_template_filter(clean_text, "clean")
