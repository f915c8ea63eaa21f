"""Numbered minutes (of this meeting, or of the previous one carried in the pack).

Minutes are numbered in one running series ("520. Minutes of the previous
meeting.", "521. Urgent items.", …), unlike paragraph numbers inside them,
which restart at 1. So the minutes are the longest run of consecutive numbers
whose lines look like short titles.
"""
from __future__ import annotations

import re

from .model import Line, Minute

MINUTE = re.compile(r"^(?:Minute\s+)?(?P<num>\d{1,4})[.)]?\s+(?P<title>[A-Z0-9(‘'\"][^\t]{1,160})$")
ITEM_REF = re.compile(r"^\(?\s*(?:Agenda\s+)?Item\s+(?:No\.?\s*)?(?P<num>\d{1,3}[a-z]?)\s*\)?\.?$", re.I)
RESOLVED = re.compile(r"^(?:It\s+was\s+)?(?:RESOLVED|Resolved|AGREED|DECISION)\b\s*[:-]?\s*(?P<rest>.*)$")
END_RESOLVED = re.compile(r"^(?:REASONS?\s+FOR\s+(?:THE\s+)?DECISIONS?|\(KEY DECISION\)|Reason\s*:)", re.I)


def _candidates(lines: list[Line]) -> list[tuple[int, int, str]]:
    out = []
    for i, line in enumerate(lines):
        m = MINUTE.match(line.text.strip())
        if not m:
            continue
        title = m.group("title").strip()
        if len(title.split()) > 25:
            continue
        out.append((i, int(m.group("num")), title))
    return out


def find_minute_run(lines: list[Line]) -> list[tuple[int, int, str]]:
    """The longest chain of consecutively numbered title lines (at least two)."""
    cands = _candidates(lines)
    best: list[tuple[int, int, str]] = []
    for k, first in enumerate(cands):
        chain = [first]
        for c in cands[k + 1 :]:
            if c[1] == chain[-1][1] + 1:
                chain.append(c)
        if len(chain) > len(best) or (len(chain) == len(best) and chain and best and chain[0][1] > best[0][1]):
            best = chain
    return best if len(best) >= 2 else []


def parse_minutes(lines: list[Line]) -> list[tuple[Minute, str | None]]:
    """Minutes found in `lines`, each with the agenda item it says it belongs to ("(Item 3)")."""
    run = find_minute_run(lines)
    out: list[tuple[Minute, str | None]] = []
    for n, (start, number, title) in enumerate(run):
        end = run[n + 1][0] if n + 1 < len(run) else len(lines)
        body = lines[start + 1 : end]
        item_ref = None
        # a title may wrap onto a second line
        if body and not ITEM_REF.match(body[0].text.strip()) and not title.endswith(".") and len(body[0].text) < 80 \
                and body[0].text[:1].islower():
            title = f"{title} {body[0].text.strip()}"
            body = body[1:]
        if body and ITEM_REF.match(body[0].text.strip()):
            item_ref = ITEM_REF.match(body[0].text.strip()).group("num")
            body = body[1:]
        text_lines = [ln.text.replace("\t", " ") for ln in body]
        resolved = _resolved(text_lines)
        pages = [ln.page for ln in lines[start:end] if ln.page is not None]
        out.append((
            Minute(number=str(number), title=title.rstrip(". "), text="\n".join(text_lines).strip(), resolved=resolved,
                   pages=(min(pages), max(pages)) if pages else None),
            item_ref,
        ))
    return out


def _resolved(text_lines: list[str]) -> str | None:
    collected: list[str] = []
    on = False
    for text in text_lines:
        m = RESOLVED.match(text.strip())
        if m and not on:
            on = True
            rest = m.group("rest").strip()
            if rest:
                collected.append(rest)
            continue
        if on:
            if END_RESOLVED.match(text.strip()):
                on = False
                continue
            collected.append(text.strip())
    joined = "\n".join(c for c in collected if c).strip()
    return joined or None
