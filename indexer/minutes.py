"""Numbered minutes (of this meeting, or of the previous one carried in the pack).

Minutes are numbered in one running series ("520. Minutes of the previous
meeting.", "521. Urgent items.", …), unlike paragraph numbers inside them,
which restart at 1. So the minutes are the longest run of consecutive numbers
whose lines look like short titles.
"""
from __future__ import annotations

import re

from core.model import Line, Minute

from .textutil import leading_int

MINUTE = re.compile(r"^(?:Minute\s+)?(?P<num>\d{1,4})[.)]?\s+(?P<title>[A-Z0-9(‘'\"][^\t]{1,160})$")
ITEM_REF = re.compile(r"^\(?\s*(?:Agenda\s+)?Item\s+(?:No\.?\s*)?(?P<num>\d{1,3}[a-z]?)\s*\)?\.?$", re.I)
RESOLVED = re.compile(r"^(?P<para>\d{1,2}[.)]\s+)?(?:It\s+was\s+)?(?:RESOLVED|Resolved|AGREED|DECISION)\b\s*[:–—-]?\s*(?P<rest>.*)$")
PARAGRAPH = re.compile(r"^\d{1,2}[.)]\s+\S")
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


def _same_heading(above: Line, line: Line) -> bool:
    """`above` is the first line of a heading that wraps onto `line` (same bold face and size)."""
    text = above.text.strip()
    return (above.bold and line.bold and above.size == line.size and above.page == line.page and 0 < len(text) < 120
            and not ITEM_REF.match(text) and not text.endswith((".", ":")))


def _item_ref_run(lines: list[Line]) -> list[tuple[int, int, str, int]]:
    """Unnumbered minutes: a heading (one line, or a bold heading wrapped over up to three)
    followed by "(Item N)". Each as (first heading line, item number, heading, "(Item N)" line)."""
    out: list[tuple[int, int, str, int]] = []
    for i, line in enumerate(lines[1:], start=1):
        m = ITEM_REF.match(line.text.strip())
        if not m or len(lines[i - 1].text) >= 120:
            continue
        first = i - 1
        while first > 0 and i - first < 3 and _same_heading(lines[first - 1], lines[first]):
            first -= 1
        if out and first <= out[-1][3]:
            first = out[-1][3] + 1
        title = " ".join(ln.text.strip() for ln in lines[first:i])
        out.append((first, leading_int(m.group("num")), title, i))
    return out


def parse_minutes(lines: list[Line]) -> list[tuple[Minute, str | None]]:
    """Minutes found in `lines`, each with the agenda item it says it belongs to ("(Item 3)")."""
    run = find_minute_run(lines)
    refs = _item_ref_run(lines)
    # a numbered minute carries its "(Item N)" on the lines under its title ("84. Apologies" / "(Item 1)")
    carried = sum(1 for r in refs if any(start <= r[3] - 1 <= start + 2 for start, _, _ in run))
    if len(refs) >= 2 and carried * 2 < len(refs):
        # numbered lines that do not carry the "(Item N)" references are paragraphs inside
        # unnumbered minutes ("1. RESOLVED that …" under "Chairman's Announcements" / "(Item 2)")
        return _unnumbered(lines, refs)
    out: list[tuple[Minute, str | None]] = []
    for n, (start, number, title) in enumerate(run):
        end = run[n + 1][0] if n + 1 < len(run) else len(lines)
        body = lines[start + 1 : end]
        item_ref = None
        # a title may wrap onto the next lines before its "(Item 5)"
        ref_lines = [(k, r) for k, ln in enumerate(body[:3]) if (r := ITEM_REF.match(ln.text.strip()))]
        if ref_lines:
            ref_at, ref = ref_lines[0]
            title = " ".join([title, *(ln.text.strip() for ln in body[:ref_at])])
            item_ref = ref.group("num")
            body = body[ref_at + 1 :]
        elif body and not title.endswith(".") and len(body[0].text) < 80 and body[0].text[:1].islower():
            title = f"{title} {body[0].text.strip()}"
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
    """The resolution: from "RESOLVED" to a reasons heading, or, when the resolution is one of
    the minute's numbered paragraphs ("5. RESOLVED that …"), to the next paragraph."""
    collected: list[str] = []
    on = False
    in_paragraph = False
    for text in text_lines:
        m = RESOLVED.match(text.strip())
        if m and not on:
            on = True
            in_paragraph = bool(m.group("para"))
            rest = m.group("rest").strip()
            if rest:
                collected.append(rest)
            continue
        if on:
            if END_RESOLVED.match(text.strip()) or (in_paragraph and PARAGRAPH.match(text.strip())):
                on = False
                continue
            collected.append(text.strip())
    joined = "\n".join(c for c in collected if c).strip()
    return joined or None


def _unnumbered(lines: list[Line], refs: list[tuple[int, int, str, int]]) -> list[tuple[Minute, str | None]]:
    out: list[tuple[Minute, str | None]] = []
    for n, (start, item_no, title, ref_at) in enumerate(refs):
        end = refs[n + 1][0] if n + 1 < len(refs) else len(lines)
        body = [ln.text.replace("\t", " ") for ln in lines[ref_at + 1 : end]]
        pages = [ln.page for ln in lines[start:end] if ln.page is not None]
        out.append((Minute(number=str(item_no), title=title.rstrip(". "), text="\n".join(body).strip(),
                           resolved=_resolved(body), pages=(min(pages), max(pages)) if pages else None), str(item_no)))
    return out
