"""Small text helpers for the PDF extractor: normalisation and the patterns
used to recognise page stamps, blank-page notices and agenda item stamps.

Pure functions only, so they can be tested without any PDF.
"""
from __future__ import annotations

import re

# Ligatures and odd spaces that PDFs commonly carry. En/em dashes and curly
# quotes are kept as they are (the parser and the search index cope with them).
_CHAR_MAP = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u2002": " ",
    "\u2003": " ",
    "\u3000": " ",
    "\t": " ",  # a TAB is reserved as the table cell separator
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\ufffd": "",  # replacement character: never useful in an index
    # Symbol / Wingdings bullets that land in the private use area
    "\uf0b7": "\u2022",
    "\uf0a7": "\u25aa",
    "\uf0d8": "\u27a2",
    "\uf0fc": "\u2713",
    "\uf076": "\u2756",
    "\uf0a8": "\u25a1",
    "\uf06c": "\u25cf",
    "\uf06e": "\u25a0",
    "\uf0e0": "\u2192",
}
_TRANS = str.maketrans(_CHAR_MAP)
_PUA = re.compile("[\ue000-\uf8ff]")
_CID = re.compile(r"\(cid:\d+\)")
_SPACES = re.compile(r" {2,}")
_LEADER = re.compile(r"(?<!\s)\s*(?:\.\s?){5,}\s*")  # table-of-contents dot leaders
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# "A genda Item No", "Agenda I tem 7", "AGENDA ITEM 7" ...
_AGENDA_STAMP_FIX = re.compile(r"\bA\s?g\s?e\s?n\s?d\s?a\s+I\s?t\s?e\s?m\b", re.IGNORECASE)
AGENDA_STAMP = re.compile(r"^\s*agenda\s+item\b", re.IGNORECASE)

_BLANK_PAGE = re.compile(
    r"(this\s+page\s+(has\s+been\s+|is\s+|was\s+)?(intentionally|deliberately)\s+(been\s+)?left\s+blank\.?)"
    r"|(page\s+intentionally\s+left\s+blank\.?)",
    re.IGNORECASE,
)

# Lower-case roman numerals i..xxxix, as used for front-matter page numbers.
_ROMAN = r"(?-i:(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))"
# Page stamps, as the whole line: "Page 7", "7", "- 7 -", "Page 7 of 22", "7 of 22",
# "Page | 7", "7 | Page", "p. 7", "iv".
_PAGE_STAMP = re.compile(
    r"^(?:"
    r"(?:page|pg\.?|p\.)\s*[|:\-]?\s*(?P<a>\d{1,4}|" + _ROMAN + r")(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[-\u2013\u2014]\s*(?P<b>\d{1,4})\s*[-\u2013\u2014]"
    r"|(?P<c>\d{1,3})(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|(?P<d>\d{1,4})\s*\|\s*page"
    r"|(?P<e>" + _ROMAN + r")"
    r")\.?$",
    re.IGNORECASE,
)
# A page stamp embedded in a longer running header/footer: "... Page 3 of 12"
_PAGE_IN_LINE = re.compile(
    r"\bpage\s+(\d{1,4})(?:\s+of\s+\d{1,4})?\b|^(\d{1,4})\s+of\s+\d{1,4}\b", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_PAGE_OF = re.compile(r"\bpage\s+(\d{1,4})\s+of\s+\d{1,4}\s*$", re.IGNORECASE)
_PAGINATED = re.compile(r"\bpage\b|\bp(?:g)?\.\s*\d|\b\d{1,4}\s+of\s+\d{1,4}\b", re.IGNORECASE)


def normalise(text: str) -> str:
    """Ligatures, odd spaces, soft hyphens, stray glyph codes, dot leaders; collapse spaces."""
    text = text.translate(_TRANS)
    text = _CID.sub("", text)
    text = _PUA.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _LEADER.sub(" ... ", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def fix_stamps(text: str) -> str:
    """Repair spaced-out agenda item stamps ("A genda Item No" -> "Agenda Item No")."""

    def repl(m: re.Match[str]) -> str:
        return "AGENDA ITEM" if m.group(0).replace(" ", "").isupper() else "Agenda Item"

    return _AGENDA_STAMP_FIX.sub(repl, text)


def is_agenda_stamp(text: str) -> bool:
    return bool(AGENDA_STAMP.match(text))


def strip_blank_page_notice(text: str) -> str:
    """Remove "This page is intentionally left blank" (any case) from a line."""
    if "blank" not in text.lower():
        return text
    return _SPACES.sub(" ", _BLANK_PAGE.sub("", text)).strip()


def page_stamp_label(text: str) -> str | None:
    """The printed page label if the whole line is a page stamp, else None."""
    m = _PAGE_STAMP.match(text.strip())
    if not m:
        return None
    for key in "abcde":
        if m.group(key):
            return m.group(key)
    return None  # pragma: no cover


def page_label_in_line(text: str) -> str | None:
    """The number from "Page N" / "Page N of M" anywhere in a running header/footer."""
    m = _PAGE_IN_LINE.search(text)
    return (m.group(1) or m.group(2)) if m else None


def page_of_label(text: str) -> str | None:
    """N from a line ending in "Page N of M" (a footer even when it appears only once)."""
    m = _PAGE_OF.search(text)
    return m.group(1) if m else None


def looks_paginated(text: str) -> bool:
    """Whether a line carries a page number ("Page 3", "p. 3", "3 of 12")."""
    return bool(_PAGINATED.search(text))


def repeat_key(text: str) -> str:
    """Key under which running headers/footers are compared across pages."""
    return _DIGITS.sub("#", text.lower()).replace(" ", "")


def is_bold_font(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi")) or ",b" in name


_LONG_RUN = re.compile(r"[A-Za-z]{18,}")


def run_together_ratio(words: list[str]) -> float:
    """Share of letters sitting in implausibly long letter runs ("CityHall1315ValleyDrive").

    URLs and e-mail addresses are ignored. Ordinary English prose scores ~0.
    """
    letters = 0
    long_run = 0
    for w in words:
        n = sum(ch.isalpha() for ch in w)
        letters += n
        if "@" in w or "/" in w or "www." in w.lower() or ".gov" in w.lower() or ".com" in w.lower():
            continue
        for m in _LONG_RUN.finditer(w):
            long_run += len(m.group(0))
    return long_run / letters if letters else 0.0


def mean_word_length(words: list[str]) -> float:
    alpha = [w for w in words if any(ch.isalpha() for ch in w)]
    return sum(len(w) for w in alpha) / len(alpha) if alpha else 0.0


__all__ = [
    "normalise",
    "fix_stamps",
    "is_agenda_stamp",
    "strip_blank_page_notice",
    "page_stamp_label",
    "page_label_in_line",
    "page_of_label",
    "looks_paginated",
    "repeat_key",
    "is_bold_font",
    "run_together_ratio",
    "mean_word_length",
]
