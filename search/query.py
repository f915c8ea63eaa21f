"""User query → Whoosh query, with a plain-words fallback and notices that say what was done.

Syntax: words, "phrases", AND / OR / NOT, parentheses, trailing-* prefixes, and field:value for
meeting, officer, report, council, item, title, section, kind, minute, date (also year and key).
Dates: date:2017, date:2016-07, date:2016-07-14, date:[2016-01-01 TO 2017-12-31], date:>=2016,
and in words "since 2016", "after 2016", "before 2018", "until 2017".

Plain words are ORed, but items matching more of them rank higher (see search/engine.py), so
natural questions ("who provides educational psychologists?") work. Each word is searched in
the item title, report title, section heading, text, officers and identifiers, with those
fields weighted in that order; a few council synonyms are added at a lower weight.

The query is parsed twice: first into a *logical* query of surface words (Whoosh's parser
with a non-stemming analyzer), which is what the user is shown; then each word is analysed
with the index analyzer and expanded over the index fields. A malformed query never raises:
unbalanced quotes/parentheses, unknown fields, bad dates and parser errors fall back to plain
words and add a notice.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh.analysis import CharsetFilter, LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser, plugins
from whoosh.support.charset import accent_map

from indexer.analysis import AgendaTokenizer, analyze, british_spelling, build_id_analyzer
from indexer.schema import KIND_ALIASES, KIND_LABELS

MAX_QUERY_CHARS = 500

# Index fields searched for a plain word, with their weights.
WORD_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 4.0),
    ("report_title", 3.0),
    ("heading", 1.5),
    ("content", 1.0),
    ("officers", 2.5),
    ("report_of", 1.0),
    ("meeting", 0.6),
    ("council", 0.3),
)
IDENT_FIELDS: tuple[tuple[str, float], ...] = (("ids", 8.0), ("report", 4.0))
PHRASE_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 4.0),
    ("report_title", 3.0),
    ("heading", 1.5),
    ("content", 1.0),
    ("officers", 2.5),
)
TIEBREAK = 0.5
SYNONYM_BOOST = 0.35
# Adjacent plain words are also searched as two-word phrases ("director people" for "Director for
# People": stop words leave no gap), so items using the words together rank above items that
# merely contain them. Not a concept of its own: it adds score, never coverage.
BIGRAM_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 4.0),
    ("report_title", 3.0),
    ("report_of", 2.5),
    ("officers", 2.5),
    ("heading", 1.5),
    ("content", 1.0),
)
BIGRAM_BOOST = 0.5

# user-facing field name → logical field
FIELD_ALIASES = {
    "meeting": "meeting",
    "committee": "meeting",
    "officer": "officer",
    "officers": "officer",
    "author": "officer",
    "by": "officer",
    "report": "report",
    "council": "council",
    "authority": "council",
    "item": "item",
    "title": "title",
    "section": "section",
    "heading": "section",
    "kind": "kind",
    "type": "kind",
    "minute": "minute",
    "date": "date",
    "year": "date",
    "key": "key",
    "key_decision": "key",
    "text": "text",
}

# A few council synonyms (query side only), keyed by surface word; values may be phrases.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "decide": ("decision", "resolved", "approve"),
    "decided": ("decision", "resolved", "approved"),
    "decision": ("resolved", "decide"),
    "agreed": ("approved", "resolved"),
    "money": ("funding", "budget", "cost"),
    "cost": ("budget", "funding", "price"),
    "costs": ("budget", "funding", "price"),
    "spend": ("expenditure", "budget"),
    "spending": ("expenditure", "budget"),
    "fees": ("charges",),
    "charges": ("fees",),
    "contract": ("procurement", "tender", "award"),
    "contracts": ("procurement", "tender", "award"),
    "tender": ("procurement", "contract"),
    "procurement": ("tender", "contract"),
    "buy": ("procure", "purchase"),
    "buying": ("procurement", "purchase"),
    "supplier": ("provider",),
    "suppliers": ("providers",),
    "provider": ("supplier",),
    "providers": ("suppliers",),
    "provides": ("provider", "commissioned"),
    "outsourcing": ("procurement", "contract"),
    "kids": ("children",),
    "youngsters": ("young people",),
    "teenagers": ("young people",),
    "elderly": ("older people",),
    "pupils": ("children", "students"),
    "students": ("pupils",),
    "psychologists": ("psychology",),
    "psychologist": ("psychology",),
    "drugs": ("substance misuse", "drug"),
    "alcohol": ("substance misuse",),
    "addiction": ("substance misuse", "dependence"),
    "homes": ("housing",),
    "housing": ("homes", "accommodation"),
    "accommodation": ("housing",),
    "roads": ("highways", "transport"),
    "road": ("highway", "transport"),
    "bypass": ("distributor road", "relief road"),
    "trains": ("rail",),
    "train": ("rail",),
    "railway": ("rail",),
    "speeding": ("speed",),
    "cameras": ("camera", "enforcement"),
    "schools": ("education",),
    "staff": ("workforce", "employees"),
    "sickness": ("absence",),
    "sick": ("sickness", "absence"),
    "inspection": ("ofsted",),
    "inspectors": ("ofsted", "inspection"),
    "nursery": ("childcare", "early years"),
    "nurseries": ("childcare", "early years"),
    "childminders": ("childcare",),
    "abuse": ("safeguarding",),
    "kpi": ("performance indicators",),
    "kpis": ("performance indicators",),
    "targets": ("performance",),
    "internet": ("broadband",),
    "rubbish": ("waste",),
    "bins": ("waste",),
    "jobs": ("employment",),
    "unemployment": ("employment",),
    "poverty": ("deprivation",),
    "police": ("crime", "community safety"),
    "crime": ("community safety",),
    "villages": ("parishes", "village"),
    "calendar": ("dates of meetings", "programme of meetings"),
    "precedent": ("previous decisions",),
    "precedents": ("previous decisions",),
    "sen": ("send", "special educational needs"),
    "mtfs": ("medium term financial strategy",),
    "ccg": ("clinical commissioning group",),
}

_ID_LIKE_ITEM = re.compile(r"^[0-9]{1,3}[a-z]?(?:\.[0-9]{1,2})?$|^[a-z]$|^[ivxl]{1,6}$", re.I)
_YEAR = r"(?:19|20)\d\d"
_DATE_VALUE = re.compile(rf"^({_YEAR})(?:-(\d\d)(?:-(\d\d))?)?$")


@dataclass(frozen=True)
class Concept:
    """One top-level clause of the query (a word, phrase or group) and the index terms it covers."""

    label: str
    terms: frozenset[tuple[str, str]]  # (field, analysed text); empty = cannot be tracked (always counted)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what the user typed
    query: Q.Query | None  # the expanded index query; None = match every item
    interpreted: str  # how it was understood, for people
    notices: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    words: tuple[str, ...] = ()  # plain positive words as typed (for spelling suggestions)
    highlight: frozenset[str] = frozenset()  # analysed terms to mark in snippets
    date_from: str | None = None
    date_to: str | None = None
    nothing: bool = False  # the query had only stop words / ignored parts: match nothing

    @property
    def is_browse(self) -> bool:
        return self.query is None and not self.nothing


# --------------------------------------------------------------------------- logical parser


def _surface_analyzer():
    return AgendaTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


_PARSER: QueryParser | None = None


def _parser() -> QueryParser:
    global _PARSER
    if _PARSER is None:
        ana = _surface_analyzer()
        schema = Schema(
            text=TEXT(analyzer=ana),
            meeting=TEXT(analyzer=ana),
            officer=TEXT(analyzer=ana),
            report=TEXT(analyzer=ana),
            council=TEXT(analyzer=ana),
            title=TEXT(analyzer=ana),
            section=TEXT(analyzer=ana),
            item=ID(analyzer=build_id_analyzer()),
            kind=ID(analyzer=build_id_analyzer()),
            minute=ID(analyzer=build_id_analyzer()),
            date=ID(),
            key=ID(analyzer=build_id_analyzer()),
        )
        p = QueryParser("text", schema, group=OrGroup)
        p.remove_plugin_class(plugins.SingleQuotePlugin)
        p.remove_plugin_class(plugins.EveryPlugin)
        p.remove_plugin_class(plugins.BoostPlugin)
        _PARSER = p
    return _PARSER


# --------------------------------------------------------------------------- pre-processing


def _period_bounds(value: str) -> tuple[str, str] | None:
    m = _DATE_VALUE.match(value.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return f"{year}-01-01", f"{year}-12-31"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(int(year), mo)[1]
    if day is None:
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    if not 1 <= int(day) <= last:
        return None
    return f"{year}-{month}-{day}", f"{year}-{month}-{day}"


_DATE_FIELD_RE = re.compile(
    r"\b(?:date|year):(?:\[\s*(?P<a>[^\]\s]*?)\s*\bTO\b\s*(?P<b>[^\]\s]*)\s*\]|(?P<op>[<>]=?)?(?P<v>[^\s()\"]*))",
    re.IGNORECASE,
)
_NL_DATE_RE = re.compile(
    rf"\b(?P<w>since|after|before|until|till)\s+(?P<y>{_YEAR})\b(?![/\-.]\d)", re.IGNORECASE
)
_FIELD_RE = re.compile(r"(?<![\w/])([A-Za-z_]+):(?=\S)")


def _rewrite_dates(text: str, notices: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        if m.group("v") is not None and m.group("a") is None:
            op, v = m.group("op"), m.group("v")
            bounds = _period_bounds(v)
            if not bounds:
                notices.append(f"Ignored “{raw}”: write dates as date:2017, date:2016-07 or date:[2016-01-01 TO 2017-12-31].")
                return " "
            lo, hi = bounds
            if op in (">", ">="):
                if op == ">":
                    lo = _next_day(hi)
                return f"date:[{lo} TO]"
            if op in ("<", "<="):
                if op == "<":
                    hi = _prev_day(lo)
                return f"date:[TO {hi}]"
            return f"date:[{lo} TO {hi}]"
        a, b = (m.group("a") or "").strip(), (m.group("b") or "").strip()
        lo = _period_bounds(a)[0] if a and _period_bounds(a) else None
        hi = _period_bounds(b)[1] if b and _period_bounds(b) else None
        if (a and lo is None) or (b and hi is None) or (lo is None and hi is None):
            notices.append(f"Ignored “{raw}”: write dates as date:[2016-01-01 TO 2017-12-31].")
            return " "
        return f"date:[{lo or ''} TO {hi or ''}]".replace("[ TO", "[TO").replace("TO ]", "TO]")

    return _DATE_FIELD_RE.sub(repl, text)


def _next_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _prev_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _natural_dates(text: str, notices: list[str]) -> tuple[str, str | None, str | None]:
    date_from = date_to = None
    for m in list(_NL_DATE_RE.finditer(text)):
        w, y = m.group("w").lower(), int(m.group("y"))
        if w == "since":
            date_from = f"{y}-01-01"
        elif w == "after":
            date_from = f"{y + 1}-01-01"
        elif w == "before":
            date_to = f"{y - 1}-12-31"
        else:
            date_to = f"{y}-12-31"
        notices.append(f"Read “{m.group(0)}” as a date limit.")
    if date_from or date_to:
        text = _NL_DATE_RE.sub(" ", text)
    return text, date_from, date_to


def _tidy(text: str, notices: list[str]) -> str:
    text = (
        text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')
        .replace("\u2018", "'").replace("\u2019", "'")
    )
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
    # question marks and other end-of-sentence punctuation are not wildcards here
    text = re.sub(r"(?<=\w)[?!]+(?=\s|$|\))", "", text)
    text = re.sub(r"(?:^|\s)[?!.,;]+(?=\s|$)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _balance(text: str, notices: list[str]) -> str:
    if text.count('"') % 2:
        text = text.replace('"', " ")
        notices.append("Unbalanced quote ignored; searched for the words instead.")
    depth, ok = 0, True
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            ok = False
            break
    if not ok or depth != 0:
        text = text.replace("(", " ").replace(")", " ")
        notices.append("Unbalanced parentheses ignored.")
    # brackets only make sense in date ranges (already rewritten); drop stray ones
    stripped = re.sub(r"date:\[[^\]]*\]", "", text)
    if "[" in stripped or "]" in stripped or "{" in text or "}" in text:
        keep = re.findall(r"date:\[[^\]]*\]", text)
        rest = re.sub(r"date:\[[^\]]*\]", "\x00", text)
        rest = re.sub(r"[\[\]{}]", " ", rest)
        for k in keep:
            rest = rest.replace("\x00", k, 1)
        text = rest
        notices.append("Stray brackets ignored.")
    # operators with nothing to operate on
    text = re.sub(r"^\s*(?:AND|OR)\b", " ", text)
    text = re.sub(r"\b(?:AND|OR|NOT)\s*$", " ", text)
    text = re.sub(r"\b(AND|OR)\s+(?:AND|OR)\b", r"\1", text)
    text = re.sub(r"\(\s*\)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _fields(text: str, notices: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if name in FIELD_ALIASES:
            return FIELD_ALIASES[name] + ":"
        notices.append(
            f"Unknown field “{m.group(1)}” ignored (fields: meeting, officer, report, council, item, "
            "title, section, kind, minute, date)."
        )
        return m.group(1) + " "

    text = _FIELD_RE.sub(repl, text)
    # a field with nothing after it
    text = re.sub(r"\b(\w+):(?=\s|$|\))", r"\1 ", text)
    return text


# --------------------------------------------------------------------------- expansion


def _terms_for(word: str) -> list[str]:
    return analyze(word, mode="query")


def _is_ident(tok: str) -> bool:
    return any(ch.isdigit() for ch in tok)


def _word_query(word: str, fields=WORD_FIELDS, boost: float = 1.0) -> Q.Query | None:
    toks = _terms_for(word)
    if not toks:
        return None
    if len(toks) > 1:
        return _phrase_query(toks, boost=boost)
    tok = toks[0]
    subs = [Q.Term(f, tok, boost=b * boost) for f, b in fields]
    if _is_ident(tok):
        subs += [Q.Term(f, tok, boost=b * boost) for f, b in IDENT_FIELDS]
    return Q.DisjunctionMax(subs, tiebreak=TIEBREAK)


def _phrase_query(toks: list[str], boost: float = 1.0, fields=PHRASE_FIELDS) -> Q.Query | None:
    if not toks:
        return None
    if len(toks) == 1:
        return _word_query(toks[0], boost=boost) if not _is_ident(toks[0]) else Q.DisjunctionMax(
            [Q.Term(f, toks[0], boost=b * boost) for f, b in WORD_FIELDS + IDENT_FIELDS], tiebreak=TIEBREAK
        )
    return Q.DisjunctionMax([Q.Phrase(f, toks, boost=b * boost) for f, b in fields], tiebreak=TIEBREAK)


def _synonyms(word: str) -> tuple[str, ...]:
    return SYNONYMS.get(word.lower(), ())


def _field_text_query(index_fields: tuple[str, ...], words: list[str], boost: float = 1.0) -> Q.Query | None:
    toks: list[str] = []
    for w in words:
        toks += _terms_for(w)
    if not toks:
        return None
    subs: list[Q.Query] = []
    for f in index_fields:
        if len(toks) == 1:
            subs.append(Q.Term(f, toks[0], boost=boost))
        else:
            subs.append(Q.Phrase(f, toks, boost=boost))
    return subs[0] if len(subs) == 1 else Q.Or(subs)


class _Expander:
    def __init__(self, notices: list[str]):
        self.notices = notices
        self.dropped: list[str] = []
        self.words: list[str] = []
        self.highlight: set[str] = set()

    def expand(self, node: Q.Query, positive: bool = True) -> Q.Query | None:
        if isinstance(node, Q.Term):
            return self._term(node, positive)
        if isinstance(node, Q.Phrase):
            return self._phrase(node, positive)
        if isinstance(node, Q.TermRange):
            return self._range(node)
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            return self._pattern(node, positive)
        if isinstance(node, Q.Not):
            inner = self.expand(node.query, positive=False)
            return Q.Not(inner) if inner is not None else None
        if isinstance(node, Q.Every):
            return Q.Every()
        if isinstance(node, (Q.AndNot, Q.AndMaybe, Q.Require)):
            a = self.expand(node.a, positive)
            b = self.expand(node.b, positive=positive and not isinstance(node, Q.AndNot))
            if a is None:
                return None
            if b is None:
                return a
            return type(node)(a, b)
        if isinstance(node, Q.CompoundQuery):
            subs = [s for s in (self.expand(c, positive) for c in node.subqueries) if s is not None]
            if not subs:
                return None
            if len(subs) == 1:
                return subs[0]
            return Q.And(subs) if isinstance(node, Q.And) else Q.Or(subs)
        if node is Q.NullQuery or isinstance(node, type(Q.NullQuery)):
            return None
        raise ValueError(f"unsupported query part {node!r}")

    def _term(self, node: Q.Term, positive: bool) -> Q.Query | None:
        fname, text = node.fieldname, str(node.text)
        if fname == "text":
            q = _word_query(text)
            if q is None:
                self.dropped.append(text)
                return None
            toks = _terms_for(text)
            if positive:
                self.words.append(text)
                self.highlight.update(toks)
                syns = []
                for syn in _synonyms(text):
                    sq = _phrase_query(_terms_for(syn), boost=SYNONYM_BOOST) if " " in syn else _word_query(syn, boost=SYNONYM_BOOST)
                    if sq is not None:
                        syns.append(sq)
                        self.highlight.update(_terms_for(syn))
                if syns:
                    return Q.Or([q] + syns)
            return q
        return self._field(fname, [text], positive)

    def _phrase(self, node: Q.Phrase, positive: bool) -> Q.Query | None:
        words = [str(w) for w in node.words]
        if node.fieldname == "text":
            toks: list[str] = []
            for w in words:
                toks += _terms_for(w)
            if not toks:
                self.dropped.append(" ".join(words))
                return None
            if positive:
                self.highlight.update(toks)
            return _phrase_query(toks)
        return self._field(node.fieldname, words, positive)

    def _field(self, fname: str, words: list[str], positive: bool) -> Q.Query | None:
        value = " ".join(words)
        if positive:
            self.highlight.update(t for w in words for t in _terms_for(w))
        if fname == "meeting":
            return _field_text_query(("meeting",), words)
        if fname == "council":
            return _field_text_query(("council",), words)
        if fname == "title":
            return _field_text_query(("title", "report_title"), words)
        if fname == "section":
            return _field_text_query(("heading",), words)
        if fname == "officer":
            return _field_text_query(("officers", "report_of"), words)
        if fname == "report":
            subs = [Q.Term("report_no", value.lower())]
            tq = _field_text_query(("report",), words)
            if tq is not None:
                subs.append(tq)
            return Q.Or(subs)
        if fname == "item":
            if _ID_LIKE_ITEM.match(value):
                return Q.Term("item", value.lower())
            return _field_text_query(("title",), words)
        if fname == "minute":
            return Q.Term("minute", value.lower())
        if fname == "kind":
            kind = KIND_ALIASES.get(value.lower())
            if not kind:
                self.notices.append(f"Unknown section kind “{value}” ignored (kinds: {', '.join(KIND_LABELS)}).")
                return None
            return Q.Term("kind", kind)
        if fname == "key":
            v = value.lower()
            v = {"true": "yes", "y": "yes", "1": "yes", "false": "no", "n": "no", "0": "no"}.get(v, v)
            if v not in ("yes", "no", "unknown"):
                self.notices.append(f"key:{value} ignored (use key:yes or key:no).")
                return None
            return Q.Term("key_decision", v)
        if fname == "date":
            bounds = _period_bounds(value)
            if not bounds:
                self.notices.append(f"Ignored date “{value}”.")
                return None
            return Q.TermRange("date", bounds[0], bounds[1])
        return _word_query(value)

    def _range(self, node: Q.TermRange) -> Q.Query | None:
        if node.fieldname != "date":
            self.notices.append("Ranges are only supported for dates; searched for the words instead.")
            words = [w for w in (node.start, node.end) if w]
            subs = [q for q in (_word_query(str(w)) for w in words) if q is not None]
            return Q.Or(subs) if subs else None
        return Q.TermRange("date", node.start or None, node.end or None, node.startexcl, node.endexcl)

    def _pattern(self, node, positive: bool) -> Q.Query | None:
        fname = node.fieldname
        text = str(node.text).lower()
        if fname not in ("text", "meeting", "officer", "council", "title", "section", "report"):
            return None
        if len(text.strip("*?")) < 2:
            self.notices.append(f"“{node.text}*” is too short to expand; ignored.")
            return None
        target = {
            "text": [f for f, _ in WORD_FIELDS],
            "meeting": ["meeting"],
            "officer": ["officers", "report_of"],
            "council": ["council"],
            "title": ["title", "report_title"],
            "section": ["heading"],
            "report": ["report"],
        }[fname]
        boosts = dict(WORD_FIELDS)
        cls = Q.Prefix if isinstance(node, Q.Prefix) else Q.Wildcard
        text = british_spelling(text) if cls is Q.Prefix else text
        if positive:
            self.words.append(str(node.text) + ("*" if cls is Q.Prefix else ""))
        return Q.DisjunctionMax([cls(f, text, boost=boosts.get(f, 1.0)) for f in target], tiebreak=TIEBREAK)


# --------------------------------------------------------------------------- rendering


def render(node: Q.Query | None, top: bool = True) -> str:
    """The logical query in words."""
    if node is None:
        return ""
    if isinstance(node, Q.Term):
        return str(node.text) if node.fieldname == "text" else f"{node.fieldname}:{node.text}"
    if isinstance(node, Q.Phrase):
        p = '"' + " ".join(str(w) for w in node.words) + '"'
        return p if node.fieldname == "text" else f"{node.fieldname}:{p}"
    if isinstance(node, Q.TermRange):
        lo, hi = node.start or "…", node.end or "…"
        if node.start and node.end and node.start == node.end:
            return f"date {lo}"
        return f"date {lo} to {hi}"
    if isinstance(node, Q.Prefix):
        return f"{node.text}*" if node.fieldname == "text" else f"{node.fieldname}:{node.text}*"
    if isinstance(node, Q.Wildcard):
        return str(node.text) if node.fieldname == "text" else f"{node.fieldname}:{node.text}"
    if isinstance(node, Q.Not):
        return "NOT " + render(node.query, top=False)
    if isinstance(node, Q.AndNot):
        return f"{render(node.a, False)} AND NOT {render(node.b, False)}"
    if isinstance(node, (Q.AndMaybe, Q.Require)):
        return f"{render(node.a, False)} {'ANDMAYBE' if isinstance(node, Q.AndMaybe) else 'REQUIRE'} {render(node.b, False)}"
    if isinstance(node, Q.CompoundQuery):
        op = " AND " if isinstance(node, Q.And) else " OR "
        inner = op.join(render(s, False) for s in node.subqueries)
        return inner if top else f"({inner})"
    if isinstance(node, Q.Every):
        return "everything"
    return str(node)


def render_top(node: Q.Query | None) -> str:
    """Like `render`, but shows top-level field:value clauses as the restrictions they are."""
    if type(node) is not Q.Or:
        return render(node)
    words = [c for c in node.subqueries if not _is_restriction(c)]
    by_field: dict[str, list[Q.Query]] = {}
    for c in node.subqueries:
        f = _is_restriction(c)
        if f:
            by_field.setdefault(f, []).append(c)
    parts = []
    if words:
        parts.append(" OR ".join(render(w, top=False) for w in words))
    for group in by_field.values():
        parts.append(" OR ".join(render(g, top=False) for g in group))
    return "; ".join(parts)


# --------------------------------------------------------------------------- entry point


def _plain_words(text: str) -> list[str]:
    return re.findall(r"[\w£][\w/.,'\-]*\w|\w", text.replace('"', " "))


def _fallback_logical(text: str) -> Q.Query:
    words = [w for w in _plain_words(text) if w not in ("AND", "OR", "NOT")]
    return Q.Or([Q.Term("text", w.lower()) for w in words]) if words else Q.NullQuery


def parse_query(text: str | None) -> ParsedQuery:
    """Parse what the user typed. Never raises."""
    raw = text or ""
    notices: list[str] = []
    work = _tidy(raw, notices)
    work, nl_from, nl_to = _natural_dates(work, notices)
    work = _rewrite_dates(work, notices)
    work = _fields(work, notices)
    work = _balance(work, notices)
    if not work.strip() or work.strip() in ("*", "*:*"):
        return ParsedQuery(
            text=raw,
            query=None,
            interpreted=_with_dates("everything", nl_from, nl_to),
            notices=tuple(notices),
            date_from=nl_from,
            date_to=nl_to,
        )
    try:
        logical = _parser().parse(work)
        if logical is Q.NullQuery or isinstance(logical, type(Q.NullQuery)):
            raise ValueError("empty parse")
        expander = _Expander(notices)
        expanded, clauses = _expand_top(expander, logical)
    except Exception:  # the parser or the expansion choked: plain words instead
        notices.append("Could not read the query syntax; searched for the words instead.")
        logical = _fallback_logical(work)
        expander = _Expander(notices)
        try:
            expanded, clauses = _expand_top(expander, logical) if logical is not Q.NullQuery else (None, [])
        except Exception:
            expanded, clauses = None, []
    if expander.dropped:
        common = ", ".join(dict.fromkeys(expander.dropped))
        notices.append(f"Common words ignored: {common}.")
    concepts = _concepts(clauses)
    nothing = expanded is None
    if nothing and not notices:
        notices.append("Nothing to search for.")
    if expanded is not None and _only_negative(expanded):
        expanded = Q.And([Q.Every(), expanded])
    interpreted = render_top(_prune_dropped(logical, set(expander.dropped))) or "nothing"
    return ParsedQuery(
        text=raw,
        query=expanded,
        interpreted=_with_dates(interpreted, nl_from, nl_to),
        notices=tuple(dict.fromkeys(notices)),
        concepts=concepts,
        words=tuple(dict.fromkeys(expander.words)),
        highlight=frozenset(expander.highlight),
        date_from=nl_from,
        date_to=nl_to,
        nothing=nothing,
    )


def _with_dates(text: str, date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to:
        return f"{text}; date {date_from} to {date_to}"
    if date_from:
        return f"{text}; date from {date_from}"
    if date_to:
        return f"{text}; date up to {date_to}"
    return text


def _only_negative(q: Q.Query) -> bool:
    if isinstance(q, Q.Not):
        return True
    if isinstance(q, Q.And):
        return all(isinstance(s, Q.Not) for s in q.subqueries)
    return False


def _prune_dropped(node: Q.Query, dropped: set[str]) -> Q.Query | None:
    if isinstance(node, Q.Term) and node.fieldname == "text" and str(node.text) in dropped:
        return None
    if isinstance(node, Q.Phrase) and node.fieldname == "text" and " ".join(map(str, node.words)) in dropped:
        return None
    if isinstance(node, Q.CompoundQuery) and not isinstance(node, (Q.AndNot, Q.AndMaybe, Q.Require)):
        subs = [s for s in (_prune_dropped(c, dropped) for c in node.subqueries) if s is not None]
        if not subs:
            return None
        if len(subs) == 1:
            return subs[0]
        return type(node)(subs) if isinstance(node, (Q.And, Q.Or)) else node
    if isinstance(node, Q.Not):
        inner = _prune_dropped(node.query, dropped)
        return Q.Not(inner) if inner is not None else None
    return node


def _leaf_terms(q: Q.Query | None, negative: bool = False) -> set[tuple[str, str]] | None:
    """(field, text) of positive term leaves; None when the clause has untrackable leaves."""
    if q is None:
        return set()
    if isinstance(q, Q.Not):
        return set()
    if isinstance(q, Q.Term):
        return {(q.fieldname, str(q.text))}
    if isinstance(q, Q.Phrase):
        return {(q.fieldname, str(w)) for w in q.words}
    if isinstance(q, (Q.AndNot,)):
        return _leaf_terms(q.a)
    if isinstance(q, (Q.AndMaybe, Q.Require)):
        a, b = _leaf_terms(q.a), _leaf_terms(q.b)
        return None if a is None or b is None else a | b
    if isinstance(q, Q.CompoundQuery):
        out: set[tuple[str, str]] = set()
        for s in q.subqueries:
            t = _leaf_terms(s)
            if t is None:
                return None
            out |= t
        return out
    return None  # ranges, prefixes, wildcards, Every


def _is_restriction(node: Q.Query) -> str | None:
    """The logical field of a field:value clause (not plain text), else None."""
    if isinstance(node, (Q.Term, Q.Phrase, Q.TermRange, Q.Prefix, Q.Wildcard)) and node.fieldname != "text":
        return node.fieldname
    return None


def _expand_top(expander: _Expander, logical: Q.Query) -> tuple[Q.Query | None, list[Q.Query]]:
    """Expand the query; also return its top-level positive word clauses (for coordination).

    At the top level of an OR (the default grouping), field:value clauses act as restrictions:
    clauses on different fields are ANDed with the words, several values of one field are ORed.
    """
    if type(logical) is Q.Or:
        words: list[Q.Query] = []
        restrictions: dict[str, list[Q.Query]] = {}
        for child in logical.subqueries:
            fname = _is_restriction(child)
            part = expander.expand(child)
            if part is None:
                continue
            if fname:
                restrictions.setdefault(fname, []).append(part)
            else:
                words.append(part)
        if len(restrictions) == 1 and not words:
            parts = next(iter(restrictions.values()))
            return (parts[0] if len(parts) == 1 else Q.Or(parts)), []
        required = [v[0] if len(v) == 1 else Q.Or(v) for v in restrictions.values()]
        if not words and not required:
            return None, []
        positive = [w for w in words if not isinstance(w, Q.Not)]
        negative = [w for w in words if isinstance(w, Q.Not)]
        core: Q.Query | None = None
        if positive:
            core = positive[0] if len(positive) == 1 else Q.Or(positive + _bigrams(logical.subqueries))
        clauses = required + ([core] if core is not None else []) + negative
        expanded = clauses[0] if len(clauses) == 1 else Q.And(clauses)
        return expanded, positive
    if type(logical) is Q.And:
        parts = [p for p in (expander.expand(c) for c in logical.subqueries) if p is not None]
        if not parts:
            return None, []
        expanded = parts[0] if len(parts) == 1 else Q.And(parts)
        return expanded, [p for i, p in enumerate(parts) if not isinstance(p, Q.Not)
                          and not _is_restriction(logical.subqueries[i] if i < len(logical.subqueries) else p)]
    expanded = expander.expand(logical)
    if expanded is None or isinstance(expanded, Q.Not) or _is_restriction(logical):
        return expanded, []
    return expanded, [expanded]


def _bigrams(children) -> list[Q.Query]:
    """Two-word phrase queries for neighbouring plain words of the top-level OR."""
    out: list[Q.Query] = []
    prev: str | None = None
    for child in children:
        tok = None
        if isinstance(child, Q.Term) and child.fieldname == "text":
            toks = _terms_for(str(child.text))
            tok = toks[0] if len(toks) == 1 else None
        if tok is not None and prev is not None and tok != prev:
            out.append(Q.DisjunctionMax([Q.Phrase(f, [prev, tok], boost=b * BIGRAM_BOOST) for f, b in BIGRAM_FIELDS],
                                        tiebreak=TIEBREAK))
        if tok is not None or not (isinstance(child, Q.Term) and child.fieldname == "text"):
            prev = tok  # a dropped stop word keeps its neighbours adjacent; anything else breaks the pair
    return out


def _concepts(clauses: list[Q.Query]) -> tuple[Concept, ...]:
    """Top-level positive clauses with their index terms, for item-level coordination."""
    out = []
    for s in clauses:
        terms = _leaf_terms(s)
        if terms is None or not terms:
            continue  # untrackable (ranges, prefixes): not part of coordination
        out.append(Concept(label=str(s)[:60], terms=frozenset(terms)))
    return tuple(out)


__all__ = ["ParsedQuery", "Concept", "parse_query", "render", "SYNONYMS", "WORD_FIELDS", "FIELD_ALIASES"]
