"""Expansion of the logical query's words into weighted index queries.

Each plain word becomes a DisjunctionMax over the item title, report title, heading, text,
officers and identifiers (identifiers also hit the `ids` and `report` fields), with a few council
synonyms at a lower weight; field:value clauses target their own index fields; neighbouring
words are also tried as two-word phrases.
"""
from __future__ import annotations

import re

from whoosh import query as Q

from core.analysis import analyze, british_spelling
from core.fields import QUERY_FIELD, YES_NO, weighted
from core.section_kinds import KIND_ALIASES, KIND_LABELS
from search.dismax import DisMax
from search.query_prep import period_bounds

# Index fields searched for a plain word, a quoted phrase and an identifier, with their weights
# (core.fields: one entry per index field)
WORD_FIELDS: tuple[tuple[str, float], ...] = weighted("word")
IDENT_FIELDS: tuple[tuple[str, float], ...] = weighted("ident")
PHRASE_FIELDS: tuple[tuple[str, float], ...] = weighted("phrase_weight")
TIEBREAK = 0.1  # DisMax: the best field counts, others add a tenth (search.dismax)
SYNONYM_BOOST = 0.35
# Adjacent plain words are also searched as two-word phrases ("director people" for "Director for
# People": stop words leave no gap), so items using the words together rank above items that
# merely contain them. Not a concept of its own: it adds score, never coverage.
BIGRAM_FIELDS: tuple[tuple[str, float], ...] = weighted("bigram")
BIGRAM_BOOST = 0.5

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
    "cycling": ("biking", "bicycle", "bike"),
    "cyclists": ("bicycle", "bike"),
    "biking": ("cycling", "bicycle"),
    "bike": ("bicycle", "cycling"),
    "walking": ("pedestrian",),
    "pedestrians": ("walking",),
    "disabled": ("disability", "disabilities"),
    "disability": ("disabled",),
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

def terms_for(word: str) -> list[str]:
    return analyze(word, mode="query")


def _is_ident(tok: str) -> bool:
    return any(ch.isdigit() for ch in tok)


def _word_query(word: str, fields=WORD_FIELDS, boost: float = 1.0) -> Q.Query | None:
    toks = terms_for(word)
    if not toks:
        return None
    if len(toks) > 1:
        return _phrase_query(toks, boost=boost)
    tok = toks[0]
    subs = [Q.Term(f, tok, boost=b * boost) for f, b in fields]
    if _is_ident(tok):
        subs += [Q.Term(f, tok, boost=b * boost) for f, b in IDENT_FIELDS]
    return DisMax(subs, tiebreak=TIEBREAK)


def _phrase_query(toks: list[str], boost: float = 1.0, fields=PHRASE_FIELDS) -> Q.Query | None:
    if not toks:
        return None
    if len(toks) == 1:
        return _word_query(toks[0], boost=boost) if not _is_ident(toks[0]) else DisMax(
            [Q.Term(f, toks[0], boost=b * boost) for f, b in WORD_FIELDS + IDENT_FIELDS], tiebreak=TIEBREAK
        )
    return DisMax([Q.Phrase(f, toks, boost=b * boost) for f, b in fields], tiebreak=TIEBREAK)


def _synonyms(word: str) -> tuple[str, ...]:
    return SYNONYMS.get(word.lower(), ())


def _field_text_query(index_fields: tuple[str, ...], words: list[str], boost: float = 1.0) -> Q.Query | None:
    toks: list[str] = []
    for w in words:
        toks += terms_for(w)
    if not toks:
        return None
    subs: list[Q.Query] = []
    for f in index_fields:
        if len(toks) == 1:
            subs.append(Q.Term(f, toks[0], boost=boost))
        else:
            subs.append(Q.Phrase(f, toks, boost=boost))
    return subs[0] if len(subs) == 1 else Q.Or(subs)


class Expander:
    def __init__(self, notices: list[str]):
        self.notices = notices
        self.dropped: list[str] = []
        self.common: list[str] = []  # words only used for ranking (see search.query.parse_query)
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
            toks = terms_for(text)
            if positive:
                self.words.append(text)
                self.highlight.update(toks)
                syns = []
                for syn in _synonyms(text):
                    sq = _phrase_query(terms_for(syn), boost=SYNONYM_BOOST) if " " in syn else _word_query(syn, boost=SYNONYM_BOOST)
                    if sq is not None:
                        syns.append(sq)
                        self.highlight.update(terms_for(syn))
                if syns:
                    return Q.Or([q] + syns)
            return q
        return self._field(fname, [text], positive)

    def _phrase(self, node: Q.Phrase, positive: bool) -> Q.Query | None:
        words = [str(w) for w in node.words]
        if node.fieldname == "text":
            toks: list[str] = []
            for w in words:
                toks += terms_for(w)
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
            self.highlight.update(t for w in words for t in terms_for(w))
        field = QUERY_FIELD.get(fname)
        if field is None or field.match == "text":
            return _word_query(value)
        if field.match == "words":
            return _field_text_query(field.targets, words)
        if field.match == "report":
            subs = [Q.Term("report_no", value.lower())]
            tq = _field_text_query(field.targets, words)
            if tq is not None:
                subs.append(tq)
            return Q.Or(subs)
        if field.match == "item":
            if _ID_LIKE_ITEM.match(value):
                return Q.Term(field.targets[0], value.lower())
            return _field_text_query(field.targets[1:], words)
        if field.match == "minute":
            return Q.Term(field.targets[0], value.lower())
        if field.match == "kind":
            kind = KIND_ALIASES.get(value.lower())
            if not kind:
                self.notices.append(f"Unknown section kind “{value}” ignored (kinds: {', '.join(KIND_LABELS)}).")
                return None
            return Q.Term(field.targets[0], kind)
        if field.match == "yes_no":
            v = YES_NO.get(value.lower())
            if v is None:
                self.notices.append(f"{fname}:{value} ignored (use {fname}:yes or {fname}:no).")
                return None
            return Q.Term(field.targets[0], v)
        if field.match == "date":
            bounds = period_bounds(value)
            if not bounds:
                self.notices.append(f"Ignored date “{value}”.")
                return None
            return Q.TermRange(field.targets[0], bounds[0], bounds[1])
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
        field = QUERY_FIELD.get(fname)
        if field is None or not field.patterns:
            return None
        if len(text.strip("*?")) < 2:
            self.notices.append(f"“{node.text}*” is too short to expand; ignored.")
            return None
        target = field.targets
        boosts = dict(WORD_FIELDS)
        cls = Q.Prefix if isinstance(node, Q.Prefix) else Q.Wildcard
        text = british_spelling(text) if cls is Q.Prefix else text
        if positive:
            self.words.append(str(node.text) + ("*" if cls is Q.Prefix else ""))
        return DisMax([cls(f, text, boost=boosts.get(f, 1.0)) for f in target], tiebreak=TIEBREAK)


def bigrams(children) -> list[Q.Query]:
    """Two-word phrase queries for neighbouring plain words of the top-level OR."""
    out: list[Q.Query] = []
    prev: str | None = None
    for child in children:
        tok = None
        if isinstance(child, Q.Term) and child.fieldname == "text":
            toks = terms_for(str(child.text))
            tok = toks[0] if len(toks) == 1 else None
        if tok is not None and prev is not None and tok != prev:
            out.append(DisMax([Q.Phrase(f, [prev, tok], boost=b * BIGRAM_BOOST) for f, b in BIGRAM_FIELDS],
                                        tiebreak=TIEBREAK))
        if tok is not None or not (isinstance(child, Q.Term) and child.fieldname == "text"):
            prev = tok  # a dropped stop word keeps its neighbours adjacent; anything else breaks the pair
    return out


__all__ = ["Expander", "bigrams", "SYNONYMS", "WORD_FIELDS", "PHRASE_FIELDS", "IDENT_FIELDS", "terms_for"]
