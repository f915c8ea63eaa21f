"""Small pure helpers for reading council prose: dates, times, casing, keys."""
from __future__ import annotations

import re
from datetime import date

from core.dates import month_number

_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DMY = re.compile(r"\b(?P<day>[0-3]?\d)\s*(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_MDY = re.compile(r"\b" + _MONTH_RE + r"\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
    r"|\b(?P<h24>[01]\d|2[0-3])[:.](?P<m24>[0-5]\d)\b(?!\s*(?:%|am|pm))",
    re.I,
)
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "into", "under"}


def leading_int(text: str) -> int:
    """The number a label starts with ("12a." → 12); 0 when it starts with none."""
    m = re.match(r"\s*(\d+)", text)
    return int(m.group(1)) if m else 0


def find_date(text: str) -> tuple[str, int] | None:
    """First calendar date in `text` as (ISO string, match start), or None."""
    best: tuple[str, int] | None = None
    for rx in (_DMY, _MDY, _ISO):
        for m in rx.finditer(text):
            month = m.group("month")
            mon = int(month) if month.isdigit() else month_number(month)
            try:
                if mon is None:
                    continue
                d = date(int(m.group("year")), mon, int(m.group("day")))
            except (TypeError, ValueError):
                continue
            if best is None or m.start() < best[1]:
                best = (d.isoformat(), m.start())
            break
    return best


def find_time(text: str) -> str | None:
    """First clock time in `text` as 24h HH:MM ("9.30 am" -> "09:30")."""
    for m in _TIME.finditer(text):
        if m.group("h") is not None:
            h, mins = int(m.group("h")), int(m.group("m") or 0)
            pm = m.group("ampm").lower().startswith("p")
            if h > 12:
                continue
            if pm and h != 12:
                h += 12
            if not pm and h == 12:
                h = 0
            return f"{h:02d}:{mins:02d}"
        return f"{int(m.group('h24')):02d}:{int(m.group('m24')):02d}"
    return None


def is_shouting(text: str) -> bool:
    """True when the letters of `text` are (almost) all capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85


def smart_title(text: str) -> str:
    """'PEOPLE (ADULTS & HEALTH) SCRUTINY PANEL' -> 'People (Adults & Health) Scrutiny Panel'.

    Only shouted text is recased; mixed-case text is the author's and is kept.
    Short all-capital words that look like acronyms (SEND, NHS, HS2) stay.
    """
    text = " ".join(text.split())
    if not is_shouting(text):
        return text
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        core = re.sub(r"[^A-Za-z]", "", w)
        if not core:
            out.append(w)
        elif (any(c.isdigit() for c in w) and len(core) <= 4) or core in _ACRONYMS:
            out.append(w)
        elif core.lower() in _SMALL and i > 0:
            out.append(w.lower())
        else:
            out.append(_cap_word(w))
    return " ".join(out)


_ACRONYMS = {
    "SEND", "NHS", "CCG", "LSCB", "NEET", "EHCP", "UK", "EU", "ICS", "MTFS", "MTFP", "BCF", "CQC",
    "SEN", "CSE", "HS2", "II", "III", "IV", "CIL", "S106", "ASC", "CEO", "ICT", "IT", "HR", "DCS",
}


def _cap_word(w: str) -> str:
    out, up = [], True
    for c in w.lower():
        out.append(c.upper() if up and c.isalpha() else c)
        if c.isalpha():
            up = False
        elif c in "-(/\"'‘“" and not out[-1:] == ["'"]:
            up = c != "'"
    return "".join(out)


def norm_key(text: str) -> str:
    """Letters only, lower case: 'Exempt Informatio n:' -> 'exemptinformation'."""
    return re.sub(r"[^a-z]", "", text.lower())


def clean_title(text: str) -> str:
    """Tidy an agenda or report title: spacing, trailing full stop, shouting."""
    text = " ".join(text.replace("*", "").split()).strip(" .:-–")
    return smart_title(text)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
