"""HTML-safe highlighted snippets.

The text is escaped *as a whole*; matches are wrapped in <mark>…</mark> afterwards, using
character offsets from the same analyzer the index uses (so "organizations" marks
"organisation", and "98/2017" marks the whole identifier). Nothing from the source text can
come out as markup: every character between and inside marks goes through html.escape.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from core.analysis import build_analyzer

MAX_SCAN_CHARS = 60_000  # analyse at most this much of a long section for match offsets
ELLIPSIS = "\u2026"

_ANALYZER = None
_WS = re.compile(r"\s+")


def _analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = build_analyzer()
    return _ANALYZER


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


def _candidate_windows(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Stretches of `text` that may hold a match: around words starting like a wanted term.

    A stem or number starts with the same three characters as the word it came from, give or
    take hyphens and thousands commas ("co-ordinated" → coordin, "87,975" → 87975), so only
    these stretches need the full, slow analyzer. Windows end on whitespace, never mid-token.
    """
    prefixes = sorted({t[:3] for t in wanted if t})
    if not prefixes:
        return []
    # "co-ordinated" → coordin, "1,575,000" → 1575000: hyphens and commas may sit between the letters
    alts = ["[-\u2010\u2011,]?".join(re.escape(ch) for ch in p) for p in prefixes]
    rx = re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.IGNORECASE)
    windows: list[tuple[int, int]] = []
    n = len(text)
    for m in rx.finditer(text):
        start = m.start()
        end = text.find(" ", start + 1)
        end = n if end < 0 else end
        sp = max(text.rfind(" ", 0, max(start - 1, 0)), text.rfind("\n", 0, max(start - 1, 0)))
        start = sp + 1 if sp >= 0 else 0
        nl = text.find("\n", m.start(), end)
        if nl >= 0:
            end = nl
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every token of `text` whose analysed form is in `terms`, merged."""
    wanted = set(terms)
    if not wanted or not text:
        return []
    spans: list[tuple[int, int, str]] = []
    scan = text[:MAX_SCAN_CHARS]
    for ws, we in _candidate_windows(scan, wanted):
        for t in _analyzer()(scan[ws:we], chars=True, mode="index", start_char=ws):
            if t.text in wanted:
                spans.append((t.startchar, t.endchar, t.text))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, term in spans:
        if merged and s < merged[-1][1]:
            ps, pe, pt = merged[-1]
            merged[-1] = (ps, max(pe, e), pt)
        else:
            merged.append((s, e, term))
    return merged


def full_match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Reference implementation of `match_spans` (analyses everything); for tests."""
    wanted = set(terms)
    spans = sorted((t.startchar, t.endchar, t.text) for t in _analyzer()(text[:MAX_SCAN_CHARS], chars=True, mode="index")
                   if t.text in wanted)
    merged: list[tuple[int, int, str]] = []
    for s, e, term in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e), merged[-1][2])
        else:
            merged.append((s, e, term))
    return merged


def _mark(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> str:
    """Escape text[start:end], wrapping the spans that fall inside it in <mark>."""
    out: list[str] = []
    pos = start
    for s, e, _ in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s], quote=True))
        out.append("<mark>" + html.escape(text[s:e], quote=True) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end], quote=True))
    return "".join(out)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    if start > 0:
        sp = text.rfind(" ", max(0, start - 25), start)
        start = sp + 1 if sp >= 0 else start
    if end < len(text):
        sp = text.find(" ", end, min(len(text), end + 25))
        end = sp if sp >= 0 else end
    return start, end


def _best_window(spans: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """Start/end of the window of `width` chars holding the most distinct terms (then most matches)."""
    best = (-1, -1, 0)
    j = 0
    for i in range(len(spans)):
        while j < len(spans) and spans[j][1] - spans[i][0] <= width:
            j += 1
        window = spans[i:j]
        key = (len({t for _, _, t in window}), len(window))
        if key > best[:2]:
            best = (key[0], key[1], i)
    i = best[2]
    first = spans[i]
    last = first
    for sp in spans[i:]:
        if sp[1] - first[0] <= width:
            last = sp
    return first[0], last[1]


def snippet(text: str, terms: Iterable[str], width: int = 240) -> str:
    """One escaped fragment of about `width` characters around the best cluster of matches."""
    text = normalise_space(text)
    if not text:
        return ""
    spans = match_spans(text, terms)
    if not spans:
        end = min(len(text), width)
        if end < len(text):
            _, end = _word_bounds(text, 0, end)
        return _mark(text, 0, end, []) + (ELLIPSIS if end < len(text) else "")
    s, e = _best_window(spans, width)
    pad = max(0, (width - (e - s)) // 2)
    start = max(0, s - pad)
    end = min(len(text), e + pad)
    if end - start < width:  # use the room on the other side
        if start == 0:
            end = min(len(text), width)
        elif end == len(text):
            start = max(0, len(text) - width)
    start, end = _word_bounds(text, start, end)
    out = _mark(text, start, end, spans)
    return (ELLIPSIS if start > 0 else "") + out + (ELLIPSIS if end < len(text) else "")


def highlight_all(text: str, terms: Iterable[str]) -> str:
    """The whole text, escaped, with every match marked (for short strings such as titles)."""
    text = text or ""
    return _mark(text, 0, len(text), match_spans(text, terms))


def count_matches(text: str, terms: Iterable[str]) -> int:
    return len(match_spans(normalise_space(text), terms))


__all__ = ["snippet", "highlight_all", "match_spans", "count_matches", "normalise_space"]
