"""What kind of document a file is, read from its own title area and layout, before parsing.

Council websites publish one meeting as many files: the agenda (front sheet), a pack of the
agenda with its reports (and the previous minutes), each officers' report on its own, its
appendices, a supplementary pack, the minutes, a decision notice or record, questions and
answers. Each kind is parsed differently (a standalone report is one item; a decision notice
yields its decisions; minutes yield minutes), so the kind is decided first, from evidence every
council prints in some form: what the document calls itself in its first lines ("Minutes of…",
"AGENDA", "Committee Report", "Appendix 2", "Decision Recording Form", "Resolution No."), a
covering letter that encloses papers, and whether reports follow an agenda list. No council
names or phrases of one sample: only the vocabulary of the document types themselves.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.model import Line

KINDS = ("agenda_pack", "agenda", "minutes", "report", "decision", "supplementary", "appendix", "questions")

HEAD_LINES = 45  # the title area: what a document calls itself is printed in its first lines
TITLE_WORDS = 12  # longer lines are prose, not a title

APPENDIX_TITLE = re.compile(r"^(?:appendix|annex|annexe|attachment|exhibit|enclosure)\s+(?:[A-Z]{1,2}|\d{1,2}[a-z]?|[IVX]{1,4})\b", re.I)
DECISION_TITLE = re.compile(
    r"^(?:decision\s+(?:recording\s+form|notice|record|sheet|list|summary)|record\s+of\s+(?:\w+\s+){0,2}decisions?\b|"
    r"notice\s+of\s+(?:\w+\s+)?decisions?\b|(?:summary\s+of\s+)?decisions?\s+(?:taken|made|determined|agreed)\b|"
    r"resolution\s+(?:no\.?|number|#)\s*[\w-]|a\s+resolution\s+of\b|ordinance\s+(?:no\.?|number)\s*[\w-]|an\s+ordinance\s+of\b)", re.I)
SUPPLEMENT_TITLE = re.compile(r"\bsupplement(?:ary|al)?\b(?!\s+(?:information|materials?)\s+(?:is|are|may))", re.I)
MINUTES_TITLE = re.compile(r"^(?:[A-Z][\w&'’/-]*\s+){0,5}minutes(?:\s+(?:of|from|for)\b|$)|^minutes\b|\bminutes$", re.I)
MINUTES_OPENING = re.compile(r"^(?:(?:draft|approved|unconfirmed|confirmed|printed)\s+)?minutes\s+(?:of|from|for)\s+(?:a|an|the)?\s*\w", re.I)
# a title line that mentions minutes without being their title: an agenda entry, an action on them
NOT_MINUTES = re.compile(r"^(?:\(?\d|[A-Z][.)]\s)|\b(?:approv\w*|confirm\w*|adopt\w*|receive|signing|correct\w*)\b|"
                         r"\bminutes\s+(?:of|from)\s+(?:the\s+)?(?:previous|last|prior)\b|\bminutes?\s+(?:maximum|per|each|limit)", re.I)
AGENDA_TITLE = re.compile(r"^(?:(?:final|revised|amended|draft|supplementary)\s+)*agenda\b(?!\s+item)|\bagenda$|^(?:the\s+)?order\s+(?:of\s+business|paper)$|^notice\s+of\s+(?:the\s+)?(?:\w+\s+)?meeting\b|"
                          r"^summons\b|\byou\s+are\s+(?:hereby\s+)?(?:summoned|requested|invited)\s+to\s+attend\b", re.I)
REPORT_TITLE = re.compile(
    r"^(?:(?:committee|staff|officers?'?|cabinet|council|board|executive|agenda)\s+)?report$|"
    r"^(?:joint\s+)?report\s+(?:of|to|by|from|title|author|number|no\.?)\b|^(?:report\s+title|title\s+of\s+report|subject)\s*:|"
    r"^purpose\s+of\s+(?:the\s+)?report\b|^memo(?:randum)?\b|^(?:prepared|submitted|presented)\s+by\b|^staff\s+contact\b|"
    r"^(?:[A-Z][\w&,'’-]*\s+){1,7}report$", re.I)
REPORT_START = re.compile(r"^(?:agenda\s*item\s*(?:no\.?)?\s*:?\s*\d{1,3}[a-z]?$|(?:joint\s+)?report\s+(?:of|to|by|from)\s+(?:the\s+)?\w|"
                          r"(?:staff|committee|officers?'?)\s+report$|purpose\s+of\s+(?:the\s+)?report\b|subject\s*:\s*\w)", re.I)
LIST_ENTRY = re.compile(r"^(?:\(?\d{1,3}[a-z]?[.)]|\(?[A-Z][.)]|[ivx]{1,4}[.)])\s")  # "2. Water System Monthly Report": an entry, not a title
AGENDA_ENTRY = re.compile(r"^(?:[A-Z]{1,2}|\d{1,3}|[ivx]{1,4})[.)]\s+[A-Z]")  # "B. Approval of…": the list goes on, no report opens
LETTER_OPENING = re.compile(r"^dear\s+(?:member|councillor|sir|madam|all|colleague)s?\b", re.I)
ENCLOSES = re.compile(r"\b(?:enclose[sd]?|attached\s+(?:are|is)|following\s+(?:reports?|papers?|items?)\s+(?:which|that|were|are))\b", re.I)
QUESTIONS_TITLE = re.compile(r"^(?:(?:\w+\s+){0,3}questions?\s+(?:and|&)\s+answers?|(?:written\s+|public\s+|members'?\s+)?questions?\s+"
                             r"(?:to|from|for)\s+(?:the\s+)?\w+(?:\s+\w+){0,4}\s+(?:and|with)\s+(?:the\s+)?(?:answers?|responses?|replies))", re.I)
REPORT_HEADING = re.compile(r"^(?:\d{1,2}\.?\s+)?(?:recommendations?|purpose(?:\s+of\s+(?:the\s+)?report)?|background|"
                            r"executive\s+summary|financial\s+implications|legal\s+implications|options(?:\s+considered)?)\s*:?$", re.I)
MOVED = re.compile(r"\b(?:seconded|carried|resolved|moved\s+by|motion\s+(?:made|passed|approved|carried|to)|"
                   r"unanimously|(?:ayes|nays|yeas)\b|all\s+(?:were\s+)?in\s+favou?r|was\s+called\s+to\s+order)\b", re.I)


@dataclass(frozen=True)
class KindEvidence:
    """What the title area and the body say; kept so that a wrong call can be explained."""

    appendix: int | None = None  # index of the first line of each kind of title, None when absent
    decision: int | None = None
    supplement: int | None = None
    minutes: int | None = None
    agenda: int | None = None
    report: int | None = None
    questions: int | None = None
    letter: bool = False  # a covering letter that encloses papers
    later_minutes: bool = False  # a minutes title after the agenda's first pages (enclosed minutes)
    report_starts: int = 0  # report openings after the title area
    moved: int = 0  # motions, seconders, RESOLVED: the language of a record of proceedings
    meeting_head: bool = False  # the title area names a meeting
    report_headings: int = 0  # headings only a report has (recommendations, purpose, background)


def _title_lines(lines: Sequence[Line]) -> list[tuple[int, str]]:
    """(index, text) of the short lines in the title area (table rows read cell by cell)."""
    out: list[tuple[int, str]] = []
    for i, line in enumerate(lines[:HEAD_LINES]):
        for cell in line.cells if line.is_table_row else [line.text]:
            text = " ".join(cell.split()).strip(" *#:-–|")
            if text and (len(text.split()) <= TITLE_WORDS or MINUTES_OPENING.match(text)):
                out.append((i, text))
    return out


def _first(rx: re.Pattern[str], titles: list[tuple[int, str]], unless: re.Pattern[str] | None = None,
           capital: bool = False) -> int | None:
    """Index of the first title line matching `rx` (and not `unless`; starting with a capital if asked)."""
    return next((i for i, t in titles if rx.search(t) and not (unless and unless.search(t)) and (not capital or t[:1].isupper())), None)


def _near_page_top(lines: Sequence[Line], i: int, within: int = 6) -> bool:
    """Whether line i is among the first lines of its page: a report in a pack starts on a new page
    (a link labelled "Staff Report" in a printed web agenda does not). True when pages are unknown."""
    page = lines[i].page
    if page is None:
        return True
    return all(lines[j].page != page for j in range(max(0, i - within), i))


def gather(lines: Sequence[Line]) -> KindEvidence:
    """Read the evidence of a document's kind (pure)."""
    titles = _title_lines(lines)
    head_text = " ".join(t for _, t in titles)
    first_page = lines[0].page if lines and lines[0].page is not None else None
    letter = any(LETTER_OPENING.match(ln.text.strip()) for ln in lines[:HEAD_LINES]) and bool(
        ENCLOSES.search(" ".join(ln.text for ln in lines[:HEAD_LINES])))
    agenda_at = _first(AGENDA_TITLE, titles)
    later_minutes = False
    report_starts = 0
    moved = 0
    report_headings = 0
    for i, line in enumerate(lines):
        text = line.text.strip()
        moved += len(MOVED.findall(text))
        report_headings += bool(REPORT_HEADING.match(text))
        in_head = i < HEAD_LINES and (line.page is None or line.page == first_page)
        if in_head or line.is_table_row or len(text) > 120:
            continue
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if REPORT_START.match(text) and _near_page_top(lines, i) and not AGENDA_ENTRY.match(nxt):
            report_starts += 1
        far = line.page is not None and first_page is not None and line.page - first_page >= 2
        if agenda_at is not None and (far or (line.page is None and i > 150)) and len(text.split()) <= TITLE_WORDS \
                and text[:1].isupper() and MINUTES_TITLE.search(text) and not NOT_MINUTES.search(text):
            later_minutes = True
    return KindEvidence(
        appendix=_first(APPENDIX_TITLE, titles),
        decision=_first(DECISION_TITLE, titles),
        supplement=_first(SUPPLEMENT_TITLE, titles),
        minutes=_first(MINUTES_TITLE, titles, NOT_MINUTES, capital=True),
        agenda=agenda_at,
        report=_first(REPORT_TITLE, titles, LIST_ENTRY),
        questions=_first(QUESTIONS_TITLE, titles),
        letter=letter,
        later_minutes=later_minutes,
        report_starts=report_starts,
        moved=moved,
        meeting_head=bool(re.search(r"\bmeeting\b", head_text, re.I)),
        report_headings=report_headings,
    )


def decide(ev: KindEvidence, n_lines: int) -> str:
    """The kind from the evidence: what the document calls itself first, then what follows it."""
    if ev.questions is not None and (ev.agenda is None or ev.questions < ev.agenda):
        return "questions"
    if ev.supplement is not None and (ev.agenda is None or ev.supplement <= ev.agenda + 2) or ev.letter:
        return "supplementary"
    if ev.decision is not None and (ev.agenda is None or ev.decision < ev.agenda) and (ev.minutes is None or ev.decision < ev.minutes):
        return "decision"
    if ev.appendix is not None and ev.agenda is None and ev.minutes is None:
        return "appendix"
    if ev.minutes is not None and (ev.agenda is None or ev.minutes < ev.agenda):
        return "minutes"
    if ev.agenda is not None:
        if ev.minutes is not None and ev.report_starts == 0 and not ev.later_minutes and ev.moved >= 3:
            return "minutes"  # an agenda printed above the minutes of that meeting
        return "agenda_pack" if ev.report_starts or ev.later_minutes else "agenda"
    if ev.report is not None:
        return "report"
    if ev.moved >= 5:
        return "minutes"
    if ev.meeting_head and not ev.report_headings:
        return "agenda"  # names a meeting and lists its business, with no report headings
    return "report"


def document_kind(lines: Sequence[Line]) -> str:
    """One of KINDS for an extracted document (pure)."""
    return decide(gather(lines), len(lines))


__all__ = ["KINDS", "KindEvidence", "gather", "decide", "document_kind"]
