"""The fixed, seeded query mix: what people type into the website, and what they click next.

Fresh searches (each a new query): the evaluation questions (tests/eval_questions.py), natural
questions of 1–10 words drawn from the archive's own text, "phrases" from item titles, field
restrictions (officer:, meeting:, report:, council:, kind:, title:), date ranges (date:[… TO …],
"since 2015", "in June 2012", the form's from/to), report numbers ("98/2017", "Report No. 98/2017")
and a few browses (no words, one filter). Follow-ups, each right after the search it continues,
as a reader does: a facet ticked on it (year, kind, council, meeting, key decision, officer) or
its next page (2, then sometimes 3).
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Sequence

from search.results import SearchRequest

FRESH_SHARE, TICK_SHARE = 0.68, 0.18  # the rest: next pages
FRESH_KINDS = (("eval", 0.35), ("natural", 0.25), ("phrase", 0.10), ("field", 0.12), ("date", 0.08),
               ("report_no", 0.07), ("browse", 0.03))
_STEMS = ("", "", "", "what did the council decide about", "how much is", "who is responsible for",
          "when did the committee discuss", "report on", "is there a plan for", "latest on")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass(frozen=True)
class Query:
    kind: str  # eval, natural, phrase, field, date, report_no, browse, tick, page
    fresh: bool  # False: a facet tick or next page on the search just before
    request: SearchRequest

    def to_json(self) -> dict:
        return {"kind": self.kind, "fresh": self.fresh, "request": asdict(self.request)}

    @classmethod
    def from_json(cls, data: dict) -> "Query":
        r = dict(data["request"])
        r["filters"] = tuple(tuple(f) for f in r.get("filters", ()))
        return cls(data["kind"], bool(data["fresh"]), SearchRequest(**r))


@dataclass
class Facts:
    """What the archive holds, to draw queries from."""

    councils: list[str]
    meetings: list[str]
    years: list[str]
    officers: list[str]
    report_numbers: list[str]
    titles: list[str]
    texts: list[str]


def archive_facts(packs: Sequence) -> Facts:
    councils, meetings, years, officers = Counter(), Counter(), Counter(), Counter()
    reports, titles, texts = [], [], []
    for p in packs:
        councils[p.council] += 1
        meetings[p.meeting] += 1
        years[(p.date or "")[:4]] += 1
        for it in p.items:
            officers.update(o.name for o in it.officers)
            if it.report_number:
                reports.append(it.report_number)
            if it.title:
                titles.append(it.title)
            texts += [s.text for s in it.sections[:3] if len(s.text) > 80]
    return Facts(sorted(c for c in councils if c), sorted(m for m in meetings if m), sorted(y for y in years if y),
                 sorted(o for o in officers if o), reports, titles, texts)


def _eval_questions() -> list[str]:
    tests = Path(__file__).resolve().parent.parent / "tests"
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))
    from eval_questions import QUESTIONS

    return [q for q, *_ in QUESTIONS]


def _words(rng: random.Random, facts: Facts, n: int) -> list[str]:
    for _ in range(20):
        words = _WORD.findall(rng.choice(facts.texts or ["council budget report"]))
        if len(words) >= n:
            start = rng.randint(0, len(words) - n)
            return [w.lower() for w in words[start:start + n]]
    return ["budget"] * n


def _content_word(rng: random.Random, facts: Facts) -> str:
    """A word worth searching on its own (not a stop word like "and")."""
    for _ in range(20):
        w = _words(rng, facts, 1)[0]
        if len(w) > 4:
            return w
    return "budget"


def _fresh(kind: str, rng: random.Random, facts: Facts, evals: list[str]) -> SearchRequest:
    if kind == "eval":
        return SearchRequest(query=rng.choice(evals))
    if kind == "natural":
        stem = rng.choice(_STEMS)
        n = rng.randint(1, 10 - len(stem.split())) if stem else rng.randint(1, 10)
        return SearchRequest(query=" ".join(([stem] if stem else []) + _words(rng, facts, n)))
    if kind == "phrase":
        words = _WORD.findall(rng.choice(facts.titles or ["social value policy"]))
        n = min(len(words), rng.randint(2, 3))
        start = rng.randint(0, max(0, len(words) - n))
        phrase = f'"{" ".join(words[start:start + n])}"'
        extra = " " + _content_word(rng, facts) if rng.random() < 0.4 else ""
        return SearchRequest(query=phrase + extra)
    if kind == "field":
        word = _content_word(rng, facts)
        form = rng.choice(("officer", "officer", "meeting", "report", "council", "kind", "title"))
        if form == "officer" and facts.officers:
            return SearchRequest(query=f'officer:"{rng.choice(facts.officers)}"' + (f" {word}" if rng.random() < 0.5 else ""))
        if form == "meeting" and facts.meetings:
            return SearchRequest(query=f'meeting:"{rng.choice(facts.meetings)}" {word}')
        if form == "report" and facts.report_numbers:
            return SearchRequest(query=f"report:{rng.choice(facts.report_numbers)}")
        if form == "council" and facts.councils:
            return SearchRequest(query=f'council:"{rng.choice(facts.councils).split()[0]}" {word}')
        if form == "kind":
            return SearchRequest(query=f"kind:{rng.choice(('recommendations', 'financial', 'decision', 'background'))} {word}")
        return SearchRequest(query=f"title:{word}")
    if kind == "date":
        word = " ".join(_content_word(rng, facts) for _ in range(rng.randint(1, 2)))
        a = rng.randint(2006, 2024)
        b = rng.randint(a, min(2025, a + 4))
        form = rng.randrange(5)
        if form == 0:
            return SearchRequest(query=f"{word} date:[{a}-01-01 TO {b}-12-31]")
        if form == 1:
            return SearchRequest(query=f"{word} since {a}")
        if form == 2:
            return SearchRequest(query=f"{word} in {rng.choice(_MONTHS)} {a}")
        if form == 3:
            return SearchRequest(query=f"date:{a} {word}")
        return SearchRequest(query=word, date_from=f"{a}-01-01", date_to=f"{b}-12-31")
    if kind == "report_no":
        no = rng.choice(facts.report_numbers or ["98/2017"])
        return SearchRequest(query=rng.choice((no, f"Report No. {no}", f"report {no}")))
    if kind == "browse":
        council = rng.choice(facts.councils) if facts.councils else ""
        return SearchRequest(query="", filters=(("council", council),) if council else ())
    raise ValueError(kind)


def _tick(rng: random.Random, facts: Facts) -> tuple[str, str]:
    name = rng.choice(("year", "year", "year", "kind", "kind", "council", "meeting", "key_decision", "officer"))
    values = {"year": facts.years, "council": facts.councils, "meeting": facts.meetings,
              "officer": facts.officers, "kind": ["recommendations", "background", "financial", "decision", "minutes"],
              "key_decision": ["yes"]}[name] or ["2017"]
    return name, rng.choice(values)


def query_mix(facts: Facts, n: int, seed: int) -> list[Query]:
    """`n` queries in the order they are run: fresh searches, each maybe followed by its follow-ups."""
    rng = random.Random(seed)
    evals = _eval_questions()
    n_fresh = max(1, round(n * FRESH_SHARE))
    n_tick = round(n * TICK_SHARE)
    n_page = max(0, n - n_fresh - n_tick)
    kinds = rng.choices([k for k, _ in FRESH_KINDS], weights=[w for _, w in FRESH_KINDS], k=n_fresh)
    fresh = [Query(k, True, _fresh(k, rng, facts, evals)) for k in kinds]
    follow: dict[int, list[Query]] = {}
    for _ in range(n_tick):
        i = rng.randrange(len(fresh))
        base = fresh[i].request
        follow.setdefault(i, []).append(Query("tick", False, replace(base, filters=base.filters + (_tick(rng, facts),))))
    pages = 0
    while pages < n_page:
        i = rng.randrange(len(fresh))
        base = fresh[i].request
        follow.setdefault(i, []).append(Query("page", False, replace(base, page=2)))
        pages += 1
        if pages < n_page and rng.random() < 0.4:
            follow[i].append(Query("page", False, replace(base, page=3)))
            pages += 1
    out: list[Query] = []
    for i, q in enumerate(fresh):
        out.append(q)
        out += follow.get(i, [])
    return out


__all__ = ["Query", "Facts", "archive_facts", "query_mix"]
