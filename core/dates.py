"""The one reader of dates typed by people: `--from` / `--to` on the command line, `from=` / `to=`
on the website and `date:` in a query all go through `period()`, so they accept the same things
and mean the same days.

A date names a period, and the period is an inclusive range of days:

    2017                  → 2017-01-01 … 2017-12-31
    2017-06, 2017-6       → 2017-06-01 … 2017-06-30
    June 2017, Jun 2017   → the same month ("06/2017" too)
    2017-06-20            → that day (also 2017/06/20, 20/06/2017, 20.06.2017,
                            20 June 2017, 20th June 2017, June 20 2017, June 20, 2017)

Slashed or dotted day-month-year dates are read the British way (day first), as the help page
and the error messages say. A "from" bound takes the period's first day, a "to" bound its last:
`--from 2017 --to 2017` is the whole of 2017.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

MIN_YEAR, MAX_YEAR = 1000, 9999
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_RX = r"(?P<mon>[a-z]{3,9})\.?"
_DAY_RX = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

HOW_TO_WRITE = "write a year (2017), a month (2017-06 or June 2017) or a day (2017-06-20 or 20/06/2017)"

_FORMS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?P<year>\d{4})",
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})",
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})",
    r"(?P<month>\d{1,2})[/.](?P<year>\d{4})",
    r"(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})",
    rf"{_MONTH_RX},?\s+(?P<year>\d{{4}})",
    rf"{_DAY_RX}\s+(?:of\s+)?{_MONTH_RX},?\s+(?P<year>\d{{4}})",
    rf"{_MONTH_RX}\s+{_DAY_RX},?\s+(?P<year>\d{{4}})",
))


class DateError(ValueError):
    """Text that is not a date this module reads; the message says what to write instead."""


def month_number(name: str) -> int | None:
    """1–12 for a month's name or its abbreviation of three letters or more ("Sept" → 9); else None.

    The one month table: the reader's date finder and the query's date words both use it."""
    name = name.lower()
    for n, full in enumerate(MONTHS, 1):
        if full.startswith(name) and (len(name) >= 3 or name == full):
            return n
    return None


def period(text: str) -> tuple[str, str]:
    """The inclusive (first day, last day), as ISO yyyy-mm-dd, of the period `text` names.

    Raises DateError for anything else (including impossible days such as 2017-02-30).
    """
    raw = " ".join((text or "").split())
    for form in _FORMS:
        m = form.fullmatch(raw)
        if m is None:
            continue
        parts = m.groupdict()
        year = int(parts["year"])
        if parts.get("mon") is not None:
            month: int | None = month_number(parts["mon"])
            if month is None:
                break
        else:
            month = int(parts["month"]) if parts.get("month") else None
        day = int(parts["day"]) if parts.get("day") else None
        if not MIN_YEAR <= year <= MAX_YEAR or (month is not None and not 1 <= month <= 12):
            break
        if month is None:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        last = calendar.monthrange(year, month)[1]
        if day is None:
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if not 1 <= day <= last:
            break
        iso = date(year, month, day).isoformat()
        return iso, iso
    raise DateError(f"“{raw[:40]}” is not a date I can read: {HOW_TO_WRITE}")


def first_day(text: str) -> str:
    """The first day of the period (a "from" bound)."""
    return period(text)[0]


def last_day(text: str) -> str:
    """The last day of the period (a "to" bound)."""
    return period(text)[1]


def try_period(text: str) -> tuple[str, str] | None:
    """`period(text)`, or None when it is not a date."""
    try:
        return period(text)
    except DateError:
        return None


__all__ = ["DateError", "HOW_TO_WRITE", "MONTHS", "month_number", "period", "first_day", "last_day", "try_period"]
