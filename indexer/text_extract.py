"""Plain-text and Markdown extractions of agenda packs as `RawDoc`s.

Many archives only keep a text extraction of a pack. These carry no font
information, so Markdown heading marks are kept as `heading_level` and bold
runs are remembered; everything else is stripped to the words a reader sees.
Form feeds, when present, mark page breaks; otherwise pages are unknown.
Decoding (UTF-8, UTF-16/32, Windows-1252, mixed) lives in `text_decode`. Every pattern here
is linear on long lines (scripts/audit_regex.py): a hostile 1 MB one-line file is parsed in
seconds, and the whole parse runs in the worker process under the time limit anyway.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from core.model import ExtractionError, Line, RawDoc

from .text_decode import decode_text, display_name

_TAG = re.compile(r"</?(?:u|b|i|em|strong|sup|sub|span|br|p|div)\b[^>]*>", re.I)
_LINK = re.compile(r"<a\s[^<>]*>((?:(?!<a\s|</a>).)*)</a>", re.I | re.S)
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((?:https?://|mailto:)[^()\s]+(?:\s+\"[^\"()]{0,300}\")?\)")
_LATEX = re.compile(r"\$\{?\\bf\s*([^}$]*)\}?\\?\s*([^$]*)\$")
_TABLE_SEP = re.compile(r"^\s*+(?:\|\s*+)?:?-{3,}+:?\s*+(?:\|\s*+:?-{2,}+:?\s*+)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+•]\s+)+")
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]+")
BLANK_PAGE = re.compile(r"(?:this\s+page\s+is\s+)?intentionally\s+(?:left\s+)?blank\.?", re.I)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PAGE_CHARS = 3000  # about one printed page of text: a text file's time limit grows by this much
MAX_LINE_CHARS = 5000  # longer lines are cut (at a space) into lines of at most this


def strip_markup(text: str) -> tuple[str, bool]:
    """Remove Markdown/HTML inline markup; return (text, was_bold)."""
    bold = "**" in text or "__" in text
    text = text.replace("****", "\n")  # "**A****B**": two bold runs glued together
    text = _LINK.sub(r"\1", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _LATEX.sub(lambda m: (m.group(1) + " " + m.group(2).replace("\\ ", " ")).strip(), text)
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)", r"\1", text)  # *italic*
    return text, bold


def _table_row(text: str) -> str | None:
    """A Markdown pipe-table row as TAB-joined cells, or None if the line is not one."""
    s = text.strip()
    if s.startswith("- |"):
        s = s[2:].strip()
    if not (s.startswith("|") and s.count("|") >= 2):
        return None
    cells = [c.strip() for c in s.strip("|").split("|")]
    return "\t".join(cells)


def _wrapped(lines: list[str]) -> Iterator[str]:
    """Lines longer than MAX_LINE_CHARS cut at a space (no printed page holds such a line: it is a
    paragraph without breaks, or an attack), so that no per-line rule ever works on megabytes."""
    for line in lines:
        if len(line) <= MAX_LINE_CHARS:
            yield line
            continue
        start = 0
        while len(line) - start > MAX_LINE_CHARS:
            cut = line.rfind(" ", start + MAX_LINE_CHARS // 2, start + MAX_LINE_CHARS)
            cut = cut if cut > start else start + MAX_LINE_CHARS
            yield line[start:cut]
            start = cut
        yield line[start:]


def lines_from_text(text: str, markdown: bool) -> tuple[list[Line], int | None]:
    """Split text into `Line`s; form feeds start new pages."""
    chunks = text.split("\f")
    paged = len(chunks) > 1
    out: list[Line] = []
    for page_no, chunk in enumerate(chunks, start=1):
        page = page_no if paged else None
        for raw in _wrapped(chunk.splitlines()):
            if markdown and _TABLE_SEP.match(raw) and "-" in raw:
                continue
            level = None
            if markdown:
                m = _HEADING.match(raw)
                if m:
                    level = len(m.group(1))
                    raw = m.group(2)
                row = _table_row(raw)
                if row is not None:
                    raw = row
            raw, bold = strip_markup(raw) if markdown else (raw, False)
            for piece in raw.split("\n"):
                piece = _BULLET.sub("", piece) if not piece.startswith("\t") else piece
                cells = [_SPACES.sub(" ", c).strip() for c in piece.split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                joined = "\t".join(cells) if len(cells) > 1 else (cells[0] if cells else "")
                if not joined.strip():
                    continue
                # blank-page notices are noise, even when glued to other words
                joined = BLANK_PAGE.sub("", joined).strip(" \t")
                if not joined:
                    continue
                out.append(Line(text=joined, page=page, bold=bold, heading_level=level))
    return out, (len(chunks) if paged else None)


_MD_BOLD = re.compile(r"(?:\*\*|__)[^*_\n]{1,200}?(?:\*\*|__)")
_MD_PIPE_ROW = re.compile(r"^\s*\|[^\n]*\|\s*$")
MARKDOWN_MIN_MARKS = 3  # lines with Markdown marks needed before a text file is read as Markdown


def looks_like_markdown(text: str) -> bool:
    """Whether a text file is Markdown, judged by its content (many extraction tools write
    Markdown to `.txt`): ATX headings ("# AGENDA"), bold runs, or a pipe table with its rule
    line. Plain text seldom has any of these, and never several, so a few stray asterisks do not
    turn a plain file into Markdown. Linear in the text."""
    headings = bold = pipes = rules = 0
    for line in text.splitlines():
        if len(line) > MAX_LINE_CHARS:
            continue
        if _HEADING.match(line):
            headings += 1
        if _MD_BOLD.search(line):
            bold += 1
        if _TABLE_SEP.match(line) and "|" in line:
            rules += 1
        elif _MD_PIPE_ROW.match(line):
            pipes += 1
    table = pipes >= MARKDOWN_MIN_MARKS and rules >= 1
    return headings >= MARKDOWN_MIN_MARKS or bold >= MARKDOWN_MIN_MARKS or table


def extract_text(path: Path, on_pages: Callable[[int], None] | None = None) -> RawDoc:
    """Read a .txt/.md extraction of a pack.

    `on_pages(n)` is told how many pages' worth the text holds (form-feed pages, or its length
    in PAGE_CHARS, whichever is more) before it is parsed, so that the time limit fits the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read ({exc.strerror})") from exc
    text, warnings = decode_text(data)
    if on_pages is not None:
        on_pages(max(text.count("\f") + 1, -(-len(text) // PAGE_CHARS)))
    markdown = path.suffix.lower() in {".md", ".markdown"} or looks_like_markdown(text)
    lines, pages = lines_from_text(text, markdown)
    if not lines:
        raise ExtractionError("no text")
    return RawDoc(
        source=display_name(path),
        sha256=hashlib.sha256(data).hexdigest(),
        lines=tuple(lines),
        pages=pages,
        warnings=warnings,
    )
