"""Small real packs for indexing tests: cuts of the bundled Rutland text packs.

Whole packs take a second or more each to index; these keep their structure (front sheet,
report headers, contact officers, sections) and index in a fraction of that."""
from __future__ import annotations

from pathlib import Path

TEXT = Path(__file__).resolve().parent.parent / "samples" / "text"
SCRUTINY_DATE = "Thursday, 14 July 2016"


def banking_text() -> str:
    """Rutland's Cabinet pack of 16 May 2017 cut to its front sheet and its last report (item 8,
    Banking Services Procurement, two contact officers, twelve sections)."""
    lines = (TEXT / "rutland-cabinet-2017-05-16.md").read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("Report No: 73/2017"))
    return "".join(lines[:75] + lines[start:])


def scrutiny_text(date: str | None = None) -> str:
    """Rutland's scrutiny panel agenda of 14 July 2016, its front sheet only (no officers);
    `date` (e.g. "Tuesday, 3 March 2015") makes it another meeting."""
    lines = (TEXT / "rutland-people-adults-health-scrutiny-2016-07-14.txt").read_text(encoding="utf-8")
    text = "".join(lines.splitlines(keepends=True)[:70])
    return text.replace(SCRUTINY_DATE, date, 1) if date else text


__all__ = ["banking_text", "scrutiny_text"]
