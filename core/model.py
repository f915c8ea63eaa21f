"""Frozen dataclasses shared by extraction, parsing and indexing.

Extraction (PDF or text) produces a `RawDoc`: a flat sequence of `Line`s, each
knowing the pack page it came from. Parsing turns a `RawDoc` into a `Pack`.
Everything is immutable so that parsing stays a set of pure functions.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Line:
    """One line of text as read from the pack.

    `page` is the 1-based physical page in the source file (None when the
    source has no pages, e.g. a plain-text extraction without form feeds).
    `size` is the dominant font size in points and `bold` whether most of the
    characters are in a bold face (None/False when unknown, as in text input).
    A table row is one Line whose cells are joined by TAB characters; this is
    how both the PDF table reader and the text extractions present tables.
    `heading_level` is the Markdown heading level (1-6) when the input said so.
    """

    text: str
    page: int | None = None
    size: float | None = None
    bold: bool = False
    heading_level: int | None = None

    @property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True)
class RawDoc:
    """What an extractor hands to the parser."""

    source: str  # file name (no directory)
    sha256: str
    lines: tuple[Line, ...]
    pages: int | None = None  # physical page count, None for text without form feeds
    page_labels: tuple[tuple[int, str], ...] = ()  # (physical page, printed page label) where found
    warnings: tuple[str, ...] = ()
    body_size: float | None = None  # the most common font size, for heading detection
    unreadable_pages: tuple[int, ...] = ()  # physical pages with no usable text layer (scanned: needs OCR)


@dataclass(frozen=True)
class Officer:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    pages: tuple[int, int] | None = None
    kind: str = "other"  # recommendations, decision, purpose, background, financial, legal, equality, appendix, minutes, other
    restricted: bool = False  # an exempt part of a public item (see indexer.restriction)


@dataclass(frozen=True)
class Minute:
    number: str
    title: str
    text: str
    resolved: str | None = None
    pages: tuple[int, int] | None = None
    restricted: bool = False  # an exempt minute (see indexer.restriction)


@dataclass(frozen=True)
class Item:
    number: str
    title: str
    report_number: str | None = None
    key_decision: bool | None = None
    exempt: bool | None = None
    pages: tuple[int, int] | None = None  # printed page range from the front sheet ("Pages 5 - 42")
    report_of: str | None = None
    report_title: str | None = None
    officers: tuple[Officer, ...] = ()
    sections: tuple[Section, ...] = ()
    minutes: tuple[Minute, ...] = ()
    to_follow: bool = False
    cabinet_member: str | None = None
    forward_plan: str | None = None
    source_pages: tuple[int, int] | None = None  # physical pages of the report body in the file
    description: str | None = None  # what the front sheet says under the item ("To confirm the record …")
    restricted: str | None = None  # why the item is for signed-in officers only ("Exempt – paragraph 3 of Schedule 12A")
    withheld: tuple[str, ...] = ()  # in the public view: the headings of the restricted parts left out


@dataclass(frozen=True)
class Pack:
    source: str
    sha256: str
    council: str | None = None
    meeting: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    time: str | None = None  # HH:MM, 24h
    venue: str | None = None
    pages: int | None = None
    members: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    warnings: tuple[str, ...] = ()
    # physical pages whose text could not be read (no text layer: scanned; unreadable glyphs;
    # damaged): said on the meeting page and by `index`/`stats`, so an empty pack is never silent
    unreadable_pages: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `agenda-search parse --json` contract (extra keys allowed, none removed)."""
        data = asdict(self)
        for item in data["items"]:
            item["pages"] = list(item["pages"]) if item["pages"] else None
            item["source_pages"] = list(item["source_pages"]) if item["source_pages"] else None
            for sec in item["sections"]:
                sec["pages"] = list(sec["pages"]) if sec["pages"] else None
            for minute in item["minutes"]:
                minute["pages"] = list(minute["pages"]) if minute["pages"] else None
        data["members"] = list(data["members"])
        data["warnings"] = list(data["warnings"])
        data["unreadable_pages"] = list(data["unreadable_pages"])
        return data


class ExtractionError(Exception):
    """A file that cannot be read as an agenda pack; the message is one clear line for the user."""


class WorkerKilled(ExtractionError):
    """The extraction worker was killed by a signal from outside (the system's OOM killer, an
    operator): nothing is known against the file itself, so it is tried again on the next run
    instead of being remembered as unreadable (indexer.failures)."""


__all__ = ["Line", "RawDoc", "Officer", "Section", "Minute", "Item", "Pack", "ExtractionError", "WorkerKilled"]
