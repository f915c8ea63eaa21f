"""Query text clean-up before parsing: quotes, stray punctuation, dates, field names, balance.

Each step fixes what it can and appends a notice saying what it did, so a malformed query is
searched as well as possible and the user is told how it was read (never an exception).
"""
from __future__ import annotations

import re

from core.dates import MONTHS, period, try_period
from core.fields import QUERY_FIELD_ALIASES, QUERY_FIELDS

MAX_QUERY_CHARS = 500

_YEAR = r"(?:19|20)\d\d"  # a year written in words ("since 2016"), not any four digits


def period_bounds(value: str) -> tuple[str, str] | None:
    """Inclusive ISO bounds of a typed date (`core.dates`, shared with the site and the CLI)."""
    return try_period(value)


_DATE_FIELD_RE = re.compile(
    r"\b(?:date|year):(?:\[\s*(?P<a>[^\]\s]*?)\s*\bTO\b\s*(?P<b>[^\]\s]*)\s*\]"
    r"|(?P<op>[<>]=?)?(?:\"(?P<qv>[^\"]*)\"|(?P<v>[^\s()\"]*)))",
    re.IGNORECASE,
)
_MONTHS = MONTHS
_NL_DATE_RE = re.compile(
    rf"\b(?P<w>since|after|before|until|till|in|during)\s+(?:(?P<m>{'|'.join(_MONTHS)})\s+)?(?P<y>{_YEAR})\b"
    rf"(?![/\-.]\d)|\b(?P<m2>{'|'.join(_MONTHS)})\s+(?P<y2>{_YEAR})\b(?![/\-.]\d)",
    re.IGNORECASE,
)
_FIELD_RE = re.compile(r"(?<![\w/])([A-Za-z_]+):(?=\S)")


def _rewrite_dates(text: str, notices: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        if (m.group("v") is not None or m.group("qv") is not None) and m.group("a") is None:
            op, v = m.group("op"), m.group("qv") if m.group("qv") is not None else m.group("v")
            bounds = period_bounds(v)
            if not bounds:
                notices.append(f"Ignored “{raw}”: write dates as date:2017, date:2016-07, date:2016-07-14, "
                               "date:\"June 2017\" or date:[2016-01-01 TO 2017-12-31].")
                return " "
            lo, hi = bounds
            if op in (">", ">="):
                if op == ">":
                    lo = _next_day(hi)
                return f"date:[{lo} TO]"
            if op in ("<", "<="):
                if op == "<":
                    hi = _prev_day(lo)
                return f"date:[TO {hi}]"
            return f"date:[{lo} TO {hi}]"
        a, b = (m.group("a") or "").strip(), (m.group("b") or "").strip()
        lo_bounds, hi_bounds = period_bounds(a) if a else None, period_bounds(b) if b else None
        start = lo_bounds[0] if lo_bounds else None
        end = hi_bounds[1] if hi_bounds else None
        if (a and start is None) or (b and end is None) or (start is None and end is None):
            notices.append(f"Ignored “{raw}”: write dates as date:[2016-01-01 TO 2017-12-31].")
            return " "
        return f"date:[{start or ''} TO {end or ''}]".replace("[ TO", "[TO").replace("TO ]", "TO]")

    return _DATE_FIELD_RE.sub(repl, text)


def _next_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _prev_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _natural_dates(text: str, notices: list[str]) -> tuple[str, str | None, str | None]:
    """ "since 2016", "before 2018", "in 2017", "in June 2017", "June 2017" → a date range."""
    date_from = date_to = None
    for m in list(_NL_DATE_RE.finditer(text)):
        w = (m.group("w") or "in").lower()
        y = int(m.group("y") or m.group("y2"))
        month = (m.group("m") or m.group("m2") or "").lower()
        if month:
            first, last = period(f"{month} {y}")
        else:
            first, last = period(str(y))
        if w == "since":
            date_from = first
        elif w == "after":
            date_from = _next_day(last)
        elif w == "before":
            date_to = _prev_day(first)
        elif w in ("until", "till"):
            date_to = last
        else:  # in, during, or a bare "June 2017"
            date_from, date_to = first, last
        notices.append(f"Read “{m.group(0)}” as a date limit.")
    if date_from or date_to:
        text = _NL_DATE_RE.sub(" ", text)
    return text, date_from, date_to


def _tidy(text: str, notices: list[str]) -> str:
    text = (
        text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')
        .replace("\u2018", "'").replace("\u2019", "'")
    )
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
    # question marks and other end-of-sentence punctuation are not wildcards here
    text = re.sub(r"(?<=\w)[?!]+(?=\s|$|\))", "", text)
    text = re.sub(r"(?:^|\s)[?!.,;]+(?=\s|$)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _balance(text: str, notices: list[str]) -> str:
    if text.count('"') % 2:
        text = text.replace('"', " ")
        notices.append("Unbalanced quote ignored; searched for the words instead.")
    depth, ok = 0, True
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            ok = False
            break
    if not ok or depth != 0:
        text = text.replace("(", " ").replace(")", " ")
        notices.append("Unbalanced parentheses ignored.")
    # brackets only make sense in date ranges (already rewritten); drop stray ones
    stripped = re.sub(r"date:\[[^\]]*\]", "", text)
    if "[" in stripped or "]" in stripped or "{" in text or "}" in text:
        keep = re.findall(r"date:\[[^\]]*\]", text)
        rest = re.sub(r"date:\[[^\]]*\]", "\x00", text)
        rest = re.sub(r"[\[\]{}]", " ", rest)
        for k in keep:
            rest = rest.replace("\x00", k, 1)
        text = rest
        notices.append("Stray brackets ignored.")
    # operators with nothing to operate on
    text = re.sub(r"^\s*(?:AND|OR)\b", " ", text)
    text = re.sub(r"\b(?:AND|OR|NOT)\s*$", " ", text)
    text = re.sub(r"\b(AND|OR)\s+(?:AND|OR)\b", r"\1", text)
    text = re.sub(r"\(\s*\)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _fields(text: str, notices: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if name in QUERY_FIELD_ALIASES:
            return QUERY_FIELD_ALIASES[name] + ":"
        known = ", ".join(f.name for f in QUERY_FIELDS if f.match != "text")
        notices.append(f"Unknown field “{m.group(1)}” ignored (fields: {known}).")
        return m.group(1) + " "

    text = _FIELD_RE.sub(repl, text)
    # a field with nothing after it
    text = re.sub(r"\b(\w+):(?=\s|$|\))", r"\1 ", text)
    return text



_NATURAL_FIELD_RE = re.compile(
    r"(?<![\w:])(?P<f>minute|report|item)s?\s+(?:no\.?\s*|number\s+)?"
    r"(?P<v>\d{1,4}[a-z]?(?:/\d{2,5})?)(?![\w/])",
    re.IGNORECASE,
)


_FLAG_WORDS = (
    (re.compile(r"(?<![\w:])key\s+decisions?\b", re.IGNORECASE), "key:yes"),
    (re.compile(r"(?<![\w:])exempt\s+(?:reports?|items?|papers?|business)\b", re.IGNORECASE), "exempt:yes"),
)


def _natural_fields(text: str, notices: list[str]) -> str:
    """ "minute 527", "report no. 98/2017", "item 11a" → minute:527, report:98/2017, item:11a;
    "key decisions" → key:yes, "exempt reports" → exempt:yes."""
    for rx, field in _FLAG_WORDS:
        def flag(m: re.Match[str], field: str = field) -> str:
            notices.append(f"Read “{m.group(0)}” as {field}.")
            return field

        text = rx.sub(flag, text)

    def repl(m: re.Match[str]) -> str:
        field, value = m.group("f").lower(), m.group("v")
        if field == "report" and "/" not in value:
            return m.group(0)  # "report 4" is too vague to be a report number
        notices.append(f"Read “{m.group(0)}” as {field}:{value}.")
        return f"{field}:{value}"

    return _NATURAL_FIELD_RE.sub(repl, text)


_MINUS_RE = re.compile(r"(?:^|(?<=[\s(]))[-\u2212\u2013]+(?=[\w\"(£])")


def _minus_words(text: str, notices: list[str]) -> str:
    """ "-cameras", "-\"speed cameras\"", "-(a OR b)", "-meeting:cabinet" → NOT …: a leading minus
    excludes, as in every web search (it was read as a plain word: speed OR cameras). A hyphen
    inside a word ("call-in", "18-25") is left alone."""
    return _MINUS_RE.sub("NOT ", text)


def preprocess(text: str) -> tuple[str, list[str], str | None, str | None]:
    """(cleaned text, notices, date_from, date_to) for `text` as typed."""
    notices: list[str] = []
    work = _tidy(text, notices)
    work = _rewrite_dates(work, notices)  # first: date:"June 2017" is a field, not words
    work, date_from, date_to = _natural_dates(work, notices)
    work = _natural_fields(work, notices)
    work = _minus_words(work, notices)
    work = _fields(work, notices)
    work = _balance(work, notices)
    return work, notices, date_from, date_to


__all__ = ["MAX_QUERY_CHARS", "period_bounds", "preprocess"]
