"""Realistic large archives recombined from the bundled sample packs.

Copies of the samples are not an archive: identical items fold into one (search.merge) and
every term has the document frequency of a few packs times N. So each synthetic pack is a new
meeting: an invented council (one of several) and one of its committees, a date spread over 20
years, its own report and minute numbers and officers (names recombined from a pool per
council), and items drawn from all the samples, whose sections are sometimes exchanged with
another item's and whose words are perturbed a little (a few per cent replaced by words of the
samples' vocabulary, drawn by frequency, some by words of the council's own places and projects,
a few by new words), so term statistics grow the way a real archive's do.

Everything is drawn from one seeded `random.Random`: the same samples and seed give the same
archive.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator, Sequence

from indexer.documents import READER_VERSION, file_sha256, is_procedural
from core.model import Item, Minute, Officer, Pack, Section
from benchmarks.packio import pack_from_json, searchable_docs

PACK_SUFFIXES = (".pdf", ".txt", ".md", ".markdown")
YEARS = (2006, 2025)  # 20 years of meetings
REPLACE_RATE = 0.04  # share of words replaced by a vocabulary word (by frequency)
LOCAL_RATE = 0.01  # … by one of the council's own place / project names
NEW_WORD_RATE = 0.002  # … by a word seen nowhere else (names, typos: the long tail)
SWAP_SECTION_RATE = 0.15  # a section taken from another item
DOCS_PER_COUNCIL = 5000

_PLACE_HEADS = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Ket", "Lang", "Mar", "Nor", "Oak",
                "Pen", "Ros", "Stan", "Thorn", "Wel", "Wes", "Yar", "Brack", "Chel", "Dor", "Hart", "Kin",
                "Lud", "Mal", "Ray", "Sax", "Tam", "Ux", "Wick", "Ald", "Bel", "Cor", "Grim")
_PLACE_TAILS = ("bury", "ford", "ham", "ley", "ton", "wick", "field", "worth", "dale", "minster", "stead",
                "borough", "mouth", "caster", "hurst", "well", "by", "thorpe")
_COUNCIL_KINDS = ("County Council", "District Council", "Borough Council", "City Council",
                  "Metropolitan Borough Council", "Unitary Authority")
COMMITTEES = ("Cabinet", "Council", "Planning Committee", "Scrutiny Commission",
              "People (Adults and Health) Scrutiny Panel", "Audit and Governance Committee",
              "Licensing Committee", "Health and Wellbeing Board", "Corporate Parenting Panel",
              "Children and Young People Scrutiny Committee", "Environment and Transport Overview and Scrutiny Committee",
              "Pensions Committee", "Employment Committee", "Planning Commission", "Board of Health",
              "Resources Scrutiny Panel", "Development Control Committee", "Schools Forum")
_FIRST = ("Sue", "Tim", "Rebecca", "Jenny", "Mark", "Andrew", "Helen", "Paul", "Sarah", "David", "Claire",
          "Richard", "Emma", "James", "Karen", "Simon", "Louise", "Peter", "Rachel", "Gary", "Nicola", "Stephen",
          "Alison", "Matthew", "Deborah", "Jon", "Fiona", "Ian", "Joanne", "Neil", "Amanda", "Chris", "Lorraine",
          "Saverio", "Mei", "Priya", "Tomasz", "Aisha", "Oluwaseun", "Gareth")
_LAST = ("Bingham", "O'Neill", "Wilshire", "Bailey", "Rushton", "Blunt", "Posnett", "Orson", "Rhodes",
         "Osborne", "White", "Hemsley", "Walters", "Wilby", "Clifton", "Foster", "Mathias", "Della Rocca",
         "Patel", "Kowalski", "Okafor", "Hughes", "Marsh", "Fletcher", "Booth", "Carter", "Dixon", "Ellis",
         "Graham", "Hunt", "Jarvis", "Lambert", "Moss", "Norris", "Pearce", "Quinn", "Reeve", "Shaw", "Turner")
_ROLES = ("Director for People", "Director for Resources", "Head of Finance", "Strategic Director for Places",
          "Head of Commissioning", "Senior Planning Officer", "Head of Legal Services", "Chief Executive",
          "Assistant Director - Children's Services", "Public Health Manager", "Head of Highways",
          "Housing Strategy Manager", "Democratic Services Officer")
_SYLLABLES = ("ka", "lo", "mer", "vin", "tha", "shu", "bre", "dal", "or", "in", "qua", "zen", "pol", "rik",
              "ste", "mon", "gav", "ul", "ter", "nis")
_WORD_RE = re.compile(r"([^\W\d_]+)")
_SENTENCE_RE = re.compile(r"(?<=[.;:!?])\s+")


# --------------------------------------------------------------------------- the samples, parsed once


def sample_files(roots: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        out += [p for p in files if p.suffix.lower() in PACK_SUFFIXES]
    return out


def load_samples(roots: Sequence[Path], cache_dir: Path) -> list[Pack]:
    """Every sample pack parsed once by `indexer.parse.parse_file` (cached by content and reader version)."""
    from indexer.parse import parse_file

    cache_dir.mkdir(parents=True, exist_ok=True)
    packs = []
    for path in sample_files(roots):
        key = f"{file_sha256(path)[:16]}-r{READER_VERSION}"
        cached = cache_dir / f"{path.name}.{key}.json"
        if cached.is_file():
            packs.append(pack_from_json(json.loads(cached.read_text(encoding="utf-8"))))
            continue
        try:
            pack = parse_file(path)
        except Exception as exc:  # a sample the reader rejects is left out, not fatal
            print(f"  sample {path.name} left out: {exc}")
            continue
        cached.write_text(json.dumps(pack.to_json(), ensure_ascii=False), encoding="utf-8")
        packs.append(pack)
    return packs


# --------------------------------------------------------------------------- the invented world


@dataclass
class Council:
    name: str
    committees: tuple[str, ...]
    officers: tuple[Officer, ...]
    local_words: tuple[str, ...]  # its places and projects
    report_no: Counter = field(default_factory=Counter)  # year → last report number
    minute_no: int = 0


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS)


def _new_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _councils(rng: random.Random, n: int) -> list[Council]:
    names: set[str] = set()
    out = []
    while len(out) < n:
        name = f"{_place(rng)} {rng.choice(_COUNCIL_KINDS)}"
        if name in names:
            continue
        names.add(name)
        slug = re.sub(r"\W+", "", name.split()[0].lower())
        officers = tuple(
            Officer(name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", role=rng.choice(_ROLES),
                    email=f"officer{k}@{slug}.gov.uk")
            for k in range(rng.randint(25, 45)))
        local = tuple(dict.fromkeys([_place(rng) for _ in range(60)] + [_new_word(rng).title() for _ in range(60)]))
        out.append(Council(name=name, committees=tuple(rng.sample(COMMITTEES, rng.randint(4, 8))),
                           officers=officers, local_words=local))
    return out


class Perturber:
    """Replaces a few words of a text: by frequency from the samples, by local names, by new words."""

    def __init__(self, samples: Sequence[Pack], rng: random.Random):
        counts: Counter = Counter()
        for pack in samples:
            for it in pack.items:
                for sec in it.sections:
                    counts.update(w.lower() for w in _WORD_RE.findall(sec.text) if len(w) > 2)
                for m in it.minutes:
                    counts.update(w.lower() for w in _WORD_RE.findall(m.text) if len(w) > 2)
        self.words = list(counts) or ["council"]
        total, self.cum = 0, []
        for w in self.words:
            total += counts[w] or 1
            self.cum.append(total)
        self.rng = rng

    def text(self, text: str, local: Sequence[str], rate: float = 1.0) -> str:
        rng = self.rng
        parts = _WORD_RE.split(text)
        for i in range(1, len(parts), 2):  # odd indexes are words
            r = rng.random()
            if r >= (REPLACE_RATE + LOCAL_RATE + NEW_WORD_RATE) * rate:
                continue
            if r < REPLACE_RATE * rate:
                new = rng.choices(self.words, cum_weights=self.cum)[0]
            elif r < (REPLACE_RATE + LOCAL_RATE) * rate:
                new = rng.choice(local)
            else:
                new = _new_word(rng)
            old = parts[i]
            parts[i] = new.upper() if old.isupper() and len(old) > 1 else new.title() if old[:1].isupper() else new.lower()
        return "".join(parts)

    def window(self, text: str) -> str:
        """Sometimes only a stretch of the text (60–100% of its sentences): lengths vary."""
        sentences = _SENTENCE_RE.split(text)
        if len(sentences) < 4 or self.rng.random() > 0.3:
            return text
        keep = max(3, int(len(sentences) * self.rng.uniform(0.6, 1.0)))
        start = self.rng.randint(0, len(sentences) - keep)
        return " ".join(sentences[start:start + keep])


# --------------------------------------------------------------------------- packs


def _date(rng: random.Random) -> str:
    start = date(YEARS[0], 1, 1)
    days = (date(YEARS[1], 12, 31) - start).days
    return (start + timedelta(days=rng.randint(0, days))).isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Synthesiser:
    def __init__(self, samples: Sequence[Pack], seed: int, target_docs: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.perturb = Perturber(samples, self.rng)
        pool = [it for p in samples for it in p.items]
        self.procedural = [it for it in pool if is_procedural(it.title)] or pool
        self.substantive = [it for it in pool if not is_procedural(it.title) and (it.sections or it.minutes)] or pool
        self.sections_by_kind: dict[str, list[Section]] = {}
        for it in self.substantive:
            for sec in it.sections:
                self.sections_by_kind.setdefault(sec.kind, []).append(sec)
        self.councils = _councils(self.rng, max(3, round(target_docs / DOCS_PER_COUNCIL)))
        self.target = target_docs

    def _section(self, sec: Section, council: Council) -> Section:
        if self.rng.random() < SWAP_SECTION_RATE:
            sec = self.rng.choice(self.sections_by_kind.get(sec.kind) or [sec])
        text = self.perturb.text(self.perturb.window(sec.text), council.local_words)
        heading = self.perturb.text(sec.heading, council.local_words, rate=0.3)
        return replace(sec, heading=heading, text=text)

    def _minute(self, m: Minute, council: Council) -> Minute:
        council.minute_no += 1
        local = council.local_words
        return replace(m, number=str(council.minute_no), title=self.perturb.text(m.title, local, rate=0.5),
                       text=self.perturb.text(self.perturb.window(m.text), local),
                       resolved=self.perturb.text(m.resolved, local) if m.resolved else None)

    def _item(self, it: Item, number: str, council: Council, year: str) -> Item:
        rng = self.rng
        report_number = None
        if it.report_number or rng.random() < 0.4:
            council.report_no[year] += 1
            report_number = f"{council.report_no[year]}/{year}"
        officers = tuple(replace(rng.choice(council.officers), role=o.role or None) for o in it.officers)
        if not officers and rng.random() < 0.4:
            officers = (rng.choice(council.officers),)
        officers = tuple(dict.fromkeys(officers))
        return replace(
            it, number=number, title=self.perturb.text(it.title, council.local_words, rate=0.5),
            report_number=report_number, officers=officers,
            key_decision=it.key_decision if rng.random() < 0.8 else rng.choice((True, False, None)),
            sections=tuple(self._section(s, council) for s in it.sections),
            minutes=tuple(self._minute(m, council) for m in it.minutes),
            forward_plan=f"FP/{rng.randint(10000, 99999)}/{rng.randint(1, 9):02d}" if it.forward_plan else None,
            description=self.perturb.text(it.description, council.local_words) if it.description else None,
        )

    def packs(self) -> Iterator[Pack]:
        rng = self.rng
        done = 0
        n = 0
        while done < self.target:
            council = rng.choice(self.councils)
            committee = rng.choice(council.committees)
            when = _date(rng)
            year = when[:4]
            chosen = rng.sample(self.procedural, min(len(self.procedural), rng.randint(1, 3)))
            chosen += [rng.choice(self.substantive) for _ in range(rng.randint(3, 12))]
            items = tuple(self._item(it, str(k), council, year) for k, it in enumerate(chosen, 1))
            n += 1
            source = f"{_slug(council.name.split()[0])}-{_slug(committee)}-{when}-{n:05d}.txt"
            pack = Pack(source=source, sha256=hashlib.sha256(f"{self.seed}:{n}".encode()).hexdigest(),
                        council=council.name, meeting=committee, date=when, time=rng.choice(("09:30", "10:00", "14:00", "18:30")),
                        venue="Council Chamber", pages=None, items=items)
            done += searchable_docs(pack)
            yield pack


__all__ = ["COMMITTEES", "Council", "Perturber", "Synthesiser", "load_samples", "sample_files"]
