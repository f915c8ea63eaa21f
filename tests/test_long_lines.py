"""No pattern worse than linear on long lines, and a 1 MB one-line file parses in seconds.

Before: `MINUTES_OF` took 113 s on one 300 KB line (1,608 s on 1 MB), `_MD_LINK` 43 s (77 s on
1 MB), each start position scanning to the end of the line. The patterns are now bounded,
possessive or anchored to the start of a run (scripts/audit_regex.py finds any that are not),
lines longer than any page are cut at a space, and the whole parse runs in the worker under the
time limit. Figures: `.venv/bin/python scripts/bench_long_lines.py`.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cli.commands import _TAG
from core.config import TimeLimit
from indexer.documents import _PROCEDURAL_RE
from indexer.frontsheet import COUNCIL, HELD_AT, MINUTES_OF, PAGES
from indexer.officers import EMAIL
from indexer.parse import parse_file
from indexer.pdf_text import _LEADER
from indexer.text_extract import _LINK, _MD_LINK, _TABLE_SEP, MAX_LINE_CHARS, lines_from_text, strip_markup
from tests.hostile import ADVERSARIAL_UNITS, mixed_adversarial_line, one_line

MB = 1_000_000
BOUND = 10.0  # seconds for the whole parse of 1 MB, worker start included (it takes 1-3 s)


@pytest.mark.parametrize("name, text", [
    ("minutes-of.txt", lambda: one_line(MB, "minutes of the meeting of the ")),
    ("md-links.md", lambda: one_line(MB, "[x](http://a ")),
    ("mixed.md", lambda: mixed_adversarial_line(MB)),
])
def test_minutes_of_and_md_link_on_one_long_line_were_quadratic_now_1mb_parses_in_seconds(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text() + " platypusend", encoding="utf-8")
    started = time.monotonic()
    pack = parse_file(path, timeout=TimeLimit(60, 0.1, 300))
    took = time.monotonic() - started
    assert took < BOUND, f"{name}: {took:.1f} s"
    assert pack.items


PATTERNS = [  # (pattern, how it is used, the repeated unit that made it scan to the end)
    (MINUTES_OF, "search", "minutes of the meeting of the "),
    (HELD_AT, "search", "held in "),
    (PAGES, "findall", "\t"),
    (COUNCIL, "findall", "A-"),
    (EMAIL, "findall", "-"),
    (_LEADER, "findall", " "),
    (_LINK, "search", "<a "),
    (_MD_LINK, "findall", "["),
    (_MD_LINK, "findall", "[x](http://a "),
    (_TABLE_SEP, "match", " "),
    (_PROCEDURAL_RE, "match", "."),
    (_TAG, "findall", "<"),
]


@pytest.mark.parametrize("pattern, op, unit", PATTERNS)
def test_patterns_that_scanned_to_the_end_of_the_line_are_linear(pattern, op, unit):
    text = one_line(200_000, unit)
    started = time.perf_counter()
    getattr(pattern, op)(text)
    took = time.perf_counter() - started
    assert took < 0.5, f"/{pattern.pattern[:50]}/ on {unit!r}: {took:.2f} s (quadratic: ~10-60 s)"


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_inline_patterns_of_the_parser_are_linear(tmp_path, unit):
    """Patterns written inline (re.sub(r"\\s+…$")) run over whole front-sheet titles and names."""
    from indexer.frontsheet import _place_of
    from indexer.officers import officers_from_block

    text = one_line(100_000, unit)
    started = time.perf_counter()
    _place_of(text + " County Council")
    officers_from_block([["Contact Officer:", "Helen Briggs" + text + " Mr", "hbriggs@rutland.gov.uk"]])
    assert time.perf_counter() - started < 1.0


def test_fixed_patterns_still_read_what_they_read_before():
    m = MINUTES_OF.search("Minutes of a meeting of the Cabinet held at Catmose on Tuesday, 20 June 2017")
    assert m.group("body") == "Cabinet" and m.group("rest").startswith(" at Catmose")
    assert HELD_AT.search("held in the Council Chamber, Catmose on Tuesday").group("venue") == "Council Chamber, Catmose"
    assert PAGES.sub("", "QUARTER 4 REPORT (Pages 2 - 3)") == "QUARTER 4 REPORT "
    assert PAGES.search("Report No. 98/2017 (Pages 2 - 3)").groups() == ("2", "3")
    assert COUNCIL.findall("Agenda of Rutland County Council and City of Hermosa Beach") == [
        "Rutland County Council", "City of Hermosa Beach"]
    assert EMAIL.findall("Contact hbriggs@rutland.gov.uk or j.o-n+es@kent.gov.uk.") == [
        "hbriggs@rutland.gov.uk", "j.o-n+es@kent.gov.uk"]
    assert _LEADER.sub(" ... ", "Introduction ........ 5") == "Introduction ... 5"
    text, _ = strip_markup('See [the report](https://x.org/a.pdf), [b](http://y "T") and <a href="z">link text</a>')
    assert text == "See the report, b and link text"
    assert _TABLE_SEP.match("| --- | :---: |") and _TABLE_SEP.match("---|---") and not _TABLE_SEP.match("| a | b |")
    assert _PROCEDURAL_RE.match("1. Apologies for absence") and not _PROCEDURAL_RE.match("Budget 2017")
    assert _TAG.sub("", "<b>bold</b> if a < b <i>x</i>") == "bold if a < b x"


def test_lines_longer_than_a_page_are_cut_at_a_space():
    words = " ".join(f"word{n}" for n in range(5000))
    lines, _ = lines_from_text(words, markdown=False)
    assert len(lines) > 1 and all(len(ln.text) <= MAX_LINE_CHARS for ln in lines)
    assert " ".join(ln.text for ln in lines).split() == words.split()  # no word lost or split
    unbroken = "x" * (3 * MAX_LINE_CHARS)
    lines, _ = lines_from_text(unbroken, markdown=False)
    assert "".join(ln.text for ln in lines) == unbroken


def test_audit_script_finds_a_quadratic_pattern():
    """scripts/audit_regex.py flags a pattern that scans to the end of the line from every start."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("audit_regex", Path(__file__).parent.parent / "scripts" / "audit_regex.py")
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    bad = re.compile(r"minutes\s+of\s+(?P<body>.+?)\s+held\b")
    units = audit.adversarial_units(bad)
    assert "minutes of " in units
    small, big = one_line(5_000, "minutes of "), one_line(20_000, "minutes of ")
    # best of three, so a busy machine does not decide the ratio (regression: flaky on a loaded CI run)
    t1 = min(audit._time(bad.search, small) for _ in range(3))
    t2 = min(audit._time(bad.search, big) for _ in range(3))
    assert t2 > 8 * t1  # quadratic: four times the text, sixteen times the work (linear would be four)
