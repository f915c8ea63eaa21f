"""Which parts of a pack are restricted (exempt, "not for publication"), read from the pack itself.

Councils index their full packs, pink papers included, and must show those only to their own
people. The evidence is in the papers: a restricted part of the agenda ("PART II", "EXEMPT
ITEMS", "PUBLIC EXCLUDED", "CLOSED SESSION", the items after a motion to exclude the press and
public), a report's own header ("Exempt information: Yes, paragraph 3", "NOT FOR PUBLICATION",
"Classification: Restricted", a lone "CONFIDENTIAL" stamp) and stamps inside a report body
("By virtue of paragraph(s) 3 of Part 1 of Schedule 12A …", "Document is Restricted") where an
exempt appendix or paper begins.

Two grains:
- an *item* is restricted when the agenda or its report says the report is exempt. The public
  then sees only what the agenda publishes: number, title, report number, key decision, page
  range and the reason ("Exempt – paragraph 3 of Schedule 12A").
- a *part* of an item is restricted when the report says only an appendix is exempt
  ("Appendix A of this report contains exempt information"), or a stamp begins inside it: from
  the stamp to the next appended document ("Appendix …", "Annex …") everything is restricted.

When the evidence conflicts, the narrower, more specific statement wins (a report that says only
its Appendix A is exempt is public apart from Appendix A); otherwise restricted wins: security by
default. Per-item overrides from config.toml (`[[access.override]]`) come last, either way.

All functions are pure: Pack in, Pack out.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from core.access import Override
from core.model import Item, Minute, Pack, Section

DEFAULT_REASON = "Exempt – not for publication"

# A report head (or an agenda line) that says the paper is restricted.
_RESTRICTED_HEAD = re.compile(
    r"""\bnot\s+for\s+publication\b
      | \bexempt\s+informa\w*\s*(?:n\b)?\s*[:\-–]?\s*(?:yes\b|paragraph|para\.?\s*\d)
      | \bclassification\s*:\s*(?:restricted|exempt|confidential|private|official[\s-]sensitive)
      | \bdocument\s+is\s+(?:restricted|confidential)\b
      | \bpublic\s+excluded\b
      | \b(?:private\s+(?:and|&)\s+|strictly\s+)?confidential\s+(?:report|paper|item|information|appendix)\b
      | \bby\s+virtue\s+of\s+paragraph\w*\s*(?:\(s\))?\s*\d+
      | \((?:exempt|confidential|not\s+for\s+publication|part\s*(?:ii|2)|private|in\s+camera|closed\s+session
            |public\s+excluded)\b[^)]{0,80}\)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A line that is nothing but a restriction stamp (capitals, as printed on pink papers).
_STAMP_LINE = re.compile(
    r"""^\W*(?:
        NOT\s+FOR\s+PUBLICATION\b.*
      | (?:PRIVATE\s+(?:AND|&)\s+|STRICTLY\s+)?CONFIDENTIAL(?:\s+(?:REPORT|PAPER|APPENDIX\b.*|INFORMATION))?
      | EXEMPT(?:\s+(?:REPORT|PAPER|INFORMATION|APPENDIX\b.*|ITEM))?
      | RESTRICTED(?:\s+(?:REPORT|PAPER|DOCUMENT|APPENDIX\b.*))?
      | PUBLIC\s+EXCLUDED\b.*
      | Document\s+is\s+(?:Restricted|Confidential)
      | By\s+virtue\s+of\s+paragraph\w*\s*(?:\(s\))?\s*\d+.*Schedule\s+\d+[A-Z]?\b.*
      | Not\s+for\s+publication\s+by\s+virtue\b.*
    )\W*$""",
    re.VERBOSE,
)
# The report says what is public in so many words.
_PUBLIC_HEAD = re.compile(
    r"\bexempt\s+informa\w*\s*(?:n\b)?\s*[:\-–]?\s*(?:no\b|none\b|n/a\b)|\bpublic\s+report\b"
    r"|\bclassification\s*:\s*(?:public|open|unrestricted|official)\b(?![\s-]sensitive)",
    re.IGNORECASE,
)
# "Appendix A of this report contains exempt information", "Exempt Appendix 2", "Appendices B and C
# are not for publication": only the named appendices are restricted.
_APPENDIX_NAMES = r"(?P<names>[A-Z0-9]{1,3}\b(?:\s*(?:,|and|&)\s*[A-Z0-9]{1,3}\b)*)"
_PARTIAL = (
    re.compile(r"\bappendi(?:x|ces)\s+" + _APPENDIX_NAMES + r"[^.]{0,80}?\b(?:exempt|not\s+for\s+publication|confidential|restricted)\b",
               re.IGNORECASE),
    re.compile(r"\b(?:exempt|confidential|restricted)\s+appendi(?:x|ces)\s+" + _APPENDIX_NAMES, re.IGNORECASE),
)
_PARAGRAPH = re.compile(r"\bparagraph\w*\s*(?:\(s\))?\s*(?P<n>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)", re.IGNORECASE)
_SCHEDULE = re.compile(r"\bSchedule\s+(?P<s>\d{1,2}[A-Z]?)\b")
_APPENDED_DOC = re.compile(r"^\W*(?:appendi(?:x|ces)|annex(?:e|ure)?|enclosure|attachment)\b", re.IGNORECASE)
_RESTRICTED_HEADING = re.compile(r"\b(?:exempt|confidential|restricted|not\s+for\s+publication|public\s+excluded)\b",
                                 re.IGNORECASE)


@dataclass(frozen=True)
class Marking:
    """What a report head or agenda entry says of its own publication.

    `restricted`: True (the paper is exempt), False (it says it is public), None (silent).
    `parts`: the appendices it names as exempt (then the rest of the paper is public).
    """

    restricted: bool | None = None
    reason: str | None = None
    parts: tuple[str, ...] = ()


def reason_from(text: str) -> str:
    """"Exempt – paragraph 3 of Schedule 12A" from the words of the statute the paper cites."""
    p = _PARAGRAPH.search(text or "")
    s = _SCHEDULE.search(text or "")
    if p and s:
        return f"Exempt – paragraph {' '.join(p.group('n').split())} of Schedule {s.group('s')}"
    if p:
        return f"Exempt – paragraph {' '.join(p.group('n').split())}"
    return DEFAULT_REASON


def read_marking(text: str) -> Marking:
    """The marking of a report head, agenda entry or minute title (plain text, several lines)."""
    text = text or ""
    parts: list[str] = []
    for rx in _PARTIAL:
        for m in rx.finditer(text):
            parts += [p for p in re.split(r"\s*(?:,|and|&)\s*", m.group("names")) if p]
    restricted = bool(_RESTRICTED_HEAD.search(text)) or any(_STAMP_LINE.match(ln.strip()) for ln in text.splitlines()[:12])
    if parts:
        return Marking(restricted=False, reason=reason_from(text), parts=tuple(dict.fromkeys(p.upper() for p in parts)))
    if restricted:
        return Marking(restricted=True, reason=reason_from(text))
    if _PUBLIC_HEAD.search(text):
        return Marking(restricted=False)
    return Marking()


def combine(front: Marking, report: Marking) -> Marking:
    """The agenda's word and the report's: the specific (appendix-only) statement, else restricted wins."""
    if report.parts:
        return report
    if report.restricted or front.restricted:
        reason = next((m.reason for m in (report, front) if m.restricted and m.reason and m.reason != DEFAULT_REASON),
                      report.reason or front.reason or DEFAULT_REASON)
        return Marking(restricted=True, reason=reason)
    if report.restricted is False or front.restricted is False:
        return Marking(restricted=False)
    return Marking()


# --------------------------------------------------------------------------- parts of an item


_PLACEHOLDER = re.compile(r"^\W*Document\s+is\s+(?:Restricted|Confidential)\W*$", re.IGNORECASE)


def _split_at_stamps(sec: Section, in_run: bool) -> tuple[list[Section], bool]:
    """The section cut at its stamp lines into public and restricted pieces, and whether a
    restricted run goes on past its end.

    A stamp starts a run; a placeholder ("Document is Restricted", printed where a public pack
    leaves the exempt paper out) ends it at once, since what follows is the next paper.
    """
    pieces: list[tuple[bool, list[tuple[str, int | None]]]] = [(in_run, [])]
    lines = sec.text.splitlines()
    pages = sec.line_pages if len(sec.line_pages) == len(lines) else (None,) * len(lines)
    for ln, page in zip(lines, pages, strict=False):
        stripped = ln.strip()
        if _STAMP_LINE.match(stripped):
            if not pieces[-1][0]:
                pieces.append((True, []))
            pieces[-1][1].append((ln, page))
            if _PLACEHOLDER.match(stripped):
                pieces.append((False, []))
            continue
        pieces[-1][1].append((ln, page))
    out = []
    for r, part in pieces:
        kept = [(ln, page) for ln, page in part if ln.strip()]  # the text is stripped: its pages follow
        if kept:
            line_pages = tuple(page for _, page in kept) if sec.line_pages else ()
            out.append(replace(sec, text="\n".join(ln for ln, _ in kept).strip(), restricted=r, line_pages=line_pages))
    return out, pieces[-1][0]


def _appendix_name(heading: str) -> str | None:
    m = re.match(r"^\W*(?:exempt\s+|confidential\s+)?appendi(?:x|ces)\s+([A-Z0-9]{1,3})\b", heading or "", re.I)
    return m.group(1).upper() if m else None


def restrict_parts(sections: Sequence[Section], parts: Iterable[str] = ()) -> tuple[Section, ...]:
    """Mark the restricted sections of one item: the named exempt appendices, sections headed as
    exempt, and everything from a stamp line to the next appended document."""
    names = {p.upper() for p in parts}
    out: list[Section] = []
    in_run = False
    for sec in sections:
        heading = (sec.heading or "").strip()
        appended = bool(_APPENDED_DOC.match(heading))
        restricted_heading = (_appendix_name(heading) in names or bool(_STAMP_LINE.match(heading))
                              or (appended and bool(_RESTRICTED_HEADING.search(heading))))
        if in_run and appended and not restricted_heading:
            in_run = False  # the next appended document begins: the exempt paper has ended
        pieces, in_run = _split_at_stamps(sec, in_run or restricted_heading)
        out.extend(pieces)
    return tuple(out)


def _restrict_minute(minute: Minute) -> Minute:
    head = f"{minute.title}\n{minute.text[:300]}"
    if _RESTRICTED_HEADING.search(minute.title or "") or any(_STAMP_LINE.match(ln.strip()) for ln in head.splitlines()[:4]):
        return replace(minute, restricted=True)
    return minute


def mark_item(item: Item, marking: Marking) -> Item:
    """The item with its restriction (reason) and restricted parts set from its marking."""
    sections = restrict_parts(item.sections, marking.parts)
    minutes = tuple(_restrict_minute(m) for m in item.minutes)
    restricted = (marking.reason or DEFAULT_REASON) if marking.restricted else None
    return replace(item, restricted=restricted, sections=sections, minutes=minutes,
                   exempt=True if restricted or marking.parts else item.exempt)


def apply_overrides(pack: Pack, overrides: Sequence[Override]) -> Pack:
    """Config overrides, last word: the first matching entry decides an item's restriction."""
    if not overrides:
        return pack
    items = []
    for item in pack.items:
        rule = next((o for o in overrides if o.matches(pack, item)), None)
        if rule is None:
            items.append(item)
        elif rule.restricted:
            items.append(replace(item, restricted=rule.reason or item.restricted or DEFAULT_REASON, exempt=True))
        else:
            items.append(replace(item, restricted=None,
                                 sections=tuple(replace(s, restricted=False) for s in item.sections),
                                 minutes=tuple(replace(m, restricted=False) for m in item.minutes)))
    return replace(pack, items=tuple(items))


def overrides_key(overrides: Sequence[Override]) -> str:
    """A short hash of the overrides: packs indexed under other overrides are written again."""
    raw = json.dumps([o.__dict__ for o in overrides], sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12] if overrides else ""


# --------------------------------------------------------------------------- the public view


def has_restricted(pack: Pack) -> bool:
    return any(it.restricted or it.withheld or any(s.restricted for s in it.sections) or any(m.restricted for m in it.minutes)
               for it in pack.items)


def public_item(item: Item) -> Item:
    """What the public may see of an item: a restricted item shrinks to what the agenda publishes."""
    if item.restricted:
        return Item(number=item.number, title=item.title, report_number=item.report_number,
                    key_decision=item.key_decision, exempt=True, pages=item.pages, to_follow=item.to_follow,
                    restricted=item.restricted)
    withheld = tuple(s.heading or "Restricted part" for s in item.sections if s.restricted)
    withheld += tuple(f"Minute {m.number}".strip() for m in item.minutes if m.restricted)
    return replace(item, sections=tuple(s for s in item.sections if not s.restricted),
                   minutes=tuple(m for m in item.minutes if not m.restricted),
                   withheld=tuple(dict.fromkeys(withheld)))


def public_view(pack: Pack) -> Pack:
    """The pack as the public may see it (pure; the same pack when nothing is restricted)."""
    if not has_restricted(pack):
        return pack
    return replace(pack, items=tuple(public_item(it) for it in pack.items))


__all__ = ["DEFAULT_REASON", "Marking", "read_marking", "combine", "reason_from", "restrict_parts",
           "mark_item", "apply_overrides", "overrides_key", "has_restricted", "public_item", "public_view"]
