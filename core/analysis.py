"""Text analysis for the index: one tokenizer and filter chain used at index and query time.

The chain (see `build_analyzer`):

1. `AgendaTokenizer` keeps identifiers whole: report numbers ("98/2017"),
   forward-plan references ("FP/030317/03"), decision numbers ("24/00109"),
   financial years ("2017/18"), decimals ("2.85") and amounts ("£87,975" is
   indexed as "87975", so "87,975" and "87975" both find it). Hyphenated words
   are indexed as their parts *and* joined ("co-ordinated" → co, ordinated,
   coordinated); at query time only the joined form is used.
2. lower-casing and accent folding ("café" → "cafe"),
3. a stop list (English function words plus question words such as "what",
   "did", "which", so natural questions work as queries; "may" is kept because
   it is a month),
4. British/American spelling variants mapped to the British form
   (organization → organisation, analyze → analyse, program → programme),
5. year parts of compound numbers are added at the same position
   ("2017/18" also indexes "2017"), index time only,
6. NLTK's Snowball English stemmer (no NLTK data needed); identifiers and
   numbers are never stemmed.

Everything here is picklable (module-level classes and functions): Whoosh
stores the schema, analyzers included, in the index's table of contents.
"""
from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    IDTokenizer,
    LowercaseFilter,
    Token,
    Tokenizer,
)
from whoosh.support.charset import accent_map

# --------------------------------------------------------------------------- tokenizer

_TOKEN_RE = re.compile(
    r"""
    (?P<ident>
        (?:[A-Za-z]{1,6}/)?\d+(?:[/.\-]\d+)+(?:/[A-Za-z0-9]+)*   # 98/2017 2017/18 24/00109 FP/030317/03 2.85 16.5.17
      | [A-Za-z]{1,6}/\d+(?:/\d+)*                               # FP/0303
    )
  | (?P<money>\d{1,3}(?:,\d{3})+(?:\.\d+)?)                       # 87,975 1,575,000
  | (?P<hyph>[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)+)              # co-ordinated, e-mail
  | (?P<word>\w+(?:['\u2019]\w+)*)                                # words, council's
    """,
    re.VERBOSE | re.UNICODE,
)
_HYPHENS = re.compile(r"[-\u2010\u2011]")


class AgendaTokenizer(Tokenizer):
    """Regex tokenizer that keeps identifiers whole and normalises amounts.

    Tokens carry an extra boolean attribute `ident` (True for identifiers and
    numbers) so later filters know not to stem or spell-map them.
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.ident = any(ch.isdigit() for ch in value)
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        query = mode == "query"
        for match in _TOKEN_RE.finditer(value):
            kind = match.lastgroup
            start, end = match.start(), match.end()
            text = match.group(0)
            if kind == "hyph":
                parts = [p for p in _HYPHENS.split(text) if p]
                joined = "".join(parts)
                if query:
                    emit = [(joined, start, end)]
                else:
                    emit = []
                    offset = start
                    for i, part in enumerate(parts):
                        emit.append((part, offset, offset + len(part)))
                        if i == 0:
                            emit.append((joined, start, end))  # same position as the first part
                        offset += len(part) + 1
                first = True
                for piece, s, e in emit:
                    same_pos = (not query) and piece == joined and not first
                    t.text = piece
                    t.boost = 1.0
                    t.ident = False
                    t.stopped = False
                    if keeporiginal:
                        t.original = piece
                    if positions:
                        if same_pos:
                            t.pos = pos - 1
                        else:
                            t.pos = pos
                            pos += 1
                    if chars:
                        t.startchar = start_char + s
                        t.endchar = start_char + e
                    first = False
                    yield t
                continue
            if kind == "money":
                text = text.replace(",", "")
            t.text = text
            t.boost = 1.0
            t.ident = kind in ("ident", "money") or any(ch.isdigit() for ch in text)
            t.stopped = False
            if keeporiginal:
                t.original = match.group(0)
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


# --------------------------------------------------------------------------- stop list

STOP_WORDS = frozenset(
    """
    a an and are as at be been being by can could did do does doing done for from had has have having
    he her hers him his how i if in into is it its itself me my of on or our ours she should shall so
    than that the their theirs them then there these they this those to us was we were what whats
    when where which while who whom whose why will with would you your yours about any tell show
    find me please also etc i.e e.g s t
    """.split()
)
"""Function words and question words. "may" (the month), "not", "no" and domain words are kept."""


class _SettingFreeFilter(Filter):
    """A filter without settings: any two are equal (whoosh compares analyzers to tell whether a
    field's analysis changed)."""

    def __eq__(self, other):
        return self.__class__ is other.__class__


class AgendaStopFilter(Filter):
    """Drops stop words and single letters; renumbers positions so phrases ignore them.

    Identifiers and numbers are never dropped (a single digit may be an item number).
    """

    def __init__(self, stoplist=STOP_WORDS):
        self.stops = frozenset(stoplist)

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.stops == other.stops

    def __call__(self, tokens):
        stops = self.stops
        shift = 0  # positions removed entirely so far
        cur_pos = None
        cur_kept = False
        for t in tokens:
            text = t.text
            ident = getattr(t, "ident", False)
            drop = not ident and (text in stops or (len(text) == 1 and not text.isdigit()))
            if t.positions:
                if t.pos != cur_pos:
                    if cur_pos is not None and not cur_kept:
                        shift += 1
                    cur_pos = t.pos
                    cur_kept = False
            if drop:
                if t.removestops:
                    continue
                t.stopped = True
                cur_kept = True  # yielded (flagged), so its position is not removed
            else:
                t.stopped = False
                cur_kept = True
            if t.positions and shift:
                t.pos -= shift
            yield t


# --------------------------------------------------------------------------- spelling variants

SPELLING_VARIANTS: dict[str, str] = {
    # -or / -our
    "color": "colour", "colors": "colours", "colored": "coloured",
    "labor": "labour", "labors": "labours",
    "neighbor": "neighbour", "neighbors": "neighbours", "neighboring": "neighbouring",
    "neighborhood": "neighbourhood", "neighborhoods": "neighbourhoods",
    "behavior": "behaviour", "behaviors": "behaviours", "behavioral": "behavioural",
    "favor": "favour", "favorable": "favourable", "favorite": "favourite",
    "honor": "honour", "harbor": "harbour", "humor": "humour", "rumor": "rumour",
    "endeavor": "endeavour", "endeavors": "endeavours", "vapor": "vapour", "savior": "saviour",
    # -er / -re
    "center": "centre", "centers": "centres", "centered": "centred",
    "theater": "theatre", "theaters": "theatres", "fiber": "fibre", "liter": "litre", "liters": "litres",
    # -ense / -ence, -ice / -ise
    "defense": "defence", "offense": "offence", "offenses": "offences", "pretense": "pretence",
    "license": "licence", "licenses": "licences",
    "practise": "practice", "practised": "practiced", "practising": "practicing",
    # -og / -ogue
    "catalog": "catalogue", "catalogs": "catalogues", "dialog": "dialogue", "analog": "analogue",
    # doubled consonants and single l
    "traveled": "travelled", "traveling": "travelling", "traveler": "traveller", "travelers": "travellers",
    "modeled": "modelled", "modeling": "modelling", "canceled": "cancelled", "canceling": "cancelling",
    "labeled": "labelled", "labeling": "labelling", "counselor": "counsellor", "counselors": "counsellors",
    "counseling": "counselling", "fueled": "fuelled", "signaled": "signalled", "totaled": "totalled",
    "leveled": "levelled", "channeled": "channelled", "jewelry": "jewellery",
    "enroll": "enrol", "enrollment": "enrolment", "enrollments": "enrolments", "fulfill": "fulfil",
    "fulfillment": "fulfilment", "installment": "instalment", "installments": "instalments",
    "skillful": "skilful", "willful": "wilful",
    # -ment
    "judgment": "judgement", "judgments": "judgements", "acknowledgment": "acknowledgement",
    # ae / oe
    "pediatric": "paediatric", "pediatrics": "paediatrics", "anemia": "anaemia", "anesthetic": "anaesthetic",
    "orthopedic": "orthopaedic", "diarrhea": "diarrhoea", "fetus": "foetus", "hemorrhage": "haemorrhage",
    "leukemia": "leukaemia", "estrogen": "oestrogen", "esthetic": "aesthetic", "mediaeval": "medieval",
    "encyclopaedia": "encyclopedia",
    # others
    "aging": "ageing", "gray": "grey", "mold": "mould", "plow": "plough", "skeptical": "sceptical",
    "maneuver": "manoeuvre", "math": "maths", "airplane": "aeroplane", "aluminum": "aluminium",
    "sulfur": "sulphur", "cozy": "cosy", "program": "programme", "programs": "programmes",
    "enquiry": "inquiry", "enquiries": "inquiries", "learnt": "learned", "spelt": "spelled",
    "tire": "tyre", "tires": "tyres",
}
"""American (or variant) spelling → the British form used in the packs. -ize/-yze are handled by rule."""

_IZE_RE = re.compile(r"^([a-z]{3,})iz(e|es|ed|ing|ation|ations|ational|ationally|er|ers|able)$")
_YZE_RE = re.compile(r"^([a-z]{2,})yz(e|es|ed|ing|er|ers)$")
_IZE_EXCEPTIONS = ("size", "sizes", "sized", "sizing")


def british_spelling(word: str) -> str:
    """Map an American (or variant) spelling to the British one; other words unchanged."""
    mapped = SPELLING_VARIANTS.get(word)
    if mapped:
        return mapped
    if "iz" in word and not word.endswith(_IZE_EXCEPTIONS):
        m = _IZE_RE.match(word)
        if m:
            return f"{m.group(1)}is{m.group(2)}"
    if "yz" in word:
        m = _YZE_RE.match(word)
        if m:
            return f"{m.group(1)}ys{m.group(2)}"
    return word


class SpellingVariantFilter(_SettingFreeFilter):
    """Rewrites American spellings to British ones before stemming."""

    def __call__(self, tokens):
        for t in tokens:
            if not getattr(t, "ident", False):
                t.text = british_spelling(t.text)
            yield t


# --------------------------------------------------------------------------- year parts

_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


class YearPartsFilter(_SettingFreeFilter):
    """At index time, adds the four-digit years inside a compound number at the same position.

    "2017/18" also indexes "2017", "2017-2022" also "2017" and "2022", so a search for
    a year finds financial years and year ranges. Query terms are left whole, so
    "98/2017" still only matches the identifier.
    """

    def __call__(self, tokens):
        for t in tokens:
            yield t
            if t.mode == "query" or not getattr(t, "ident", False) or t.stopped:
                continue
            text = t.text
            if len(text) <= 4 or not any(c in text for c in "/-"):
                continue
            for year in dict.fromkeys(_YEAR_RE.findall(text)):
                if year != text:
                    t.text = year
                    yield t
            t.text = text


# --------------------------------------------------------------------------- stemming

_STEMMER = None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """NLTK Snowball English stem (no NLTK data needed)."""
    global _STEMMER
    if _STEMMER is None:
        from nltk.stem.snowball import SnowballStemmer

        _STEMMER = SnowballStemmer("english")
    return _STEMMER.stem(word)


class SnowballStemFilter(_SettingFreeFilter):
    """Stems words with NLTK's Snowball English stemmer; identifiers and numbers stay whole."""

    def __call__(self, tokens):
        for t in tokens:
            if not getattr(t, "ident", False) and not t.stopped:
                t.text = stem(t.text.replace("\u2019", "'"))
            yield t


class VocabularyFilter(_SettingFreeFilter):
    """For the spelling-suggestion field: keeps plain alphabetic words of 3+ letters."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if len(text) >= 3 and text.isalpha() and not t.stopped:
                yield t


# --------------------------------------------------------------------------- analyzers


def build_analyzer():
    """The main analyzer for every searchable text field."""
    return (
        AgendaTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | AgendaStopFilter()
        | SpellingVariantFilter()
        | YearPartsFilter()
        | SnowballStemFilter()
    )


def build_id_analyzer():
    """Whole value as one lower-cased term (item numbers, report numbers, minute numbers)."""
    return IDTokenizer() | LowercaseFilter()


def build_vocabulary_analyzer():
    """Unstemmed words, for "did you mean" suggestions from the index's own vocabulary."""
    return (
        AgendaTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | AgendaStopFilter()
        | SpellingVariantFilter()
        | VocabularyFilter()
    )


_ANALYZER = None
_VOCAB_ANALYZER = None


def analyze(text: str, mode: str = "query") -> list[str]:
    """Token texts of `text` under the main analyzer (query mode by default)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = build_analyzer()
    return [t.text for t in _ANALYZER(text, mode=mode)]


def analyze_vocabulary(text: str) -> list[str]:
    global _VOCAB_ANALYZER
    if _VOCAB_ANALYZER is None:
        _VOCAB_ANALYZER = build_vocabulary_analyzer()
    return [t.text for t in _VOCAB_ANALYZER(text, mode="query")]


def is_stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS


__all__ = [
    "AgendaTokenizer",
    "AgendaStopFilter",
    "SpellingVariantFilter",
    "YearPartsFilter",
    "SnowballStemFilter",
    "VocabularyFilter",
    "SPELLING_VARIANTS",
    "STOP_WORDS",
    "british_spelling",
    "stem",
    "build_analyzer",
    "build_id_analyzer",
    "build_vocabulary_analyzer",
    "analyze",
    "analyze_vocabulary",
    "is_stop_word",
]
