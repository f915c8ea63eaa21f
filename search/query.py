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

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query as Q
from whoosh.analysis import CharsetFilter, LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser, plugins
from whoosh.support.charset import accent_map

from core.analysis import AgendaTokenizer, build_id_analyzer
from core.fields import QUERY_FIELDS, QueryField
from search.item_logic import ItemLogic, Scoped, has_structure, item_logic, loosen
from search.query_expand import SYNONYMS, WORD_FIELDS, Expander, bigrams
from search.query_prep import preprocess

Commonness = Callable[[Q.Query], float]
COMMON_SHARE = 0.2  # a word in more than a fifth of the documents only ranks (see parse_query)


@dataclass(frozen=True)
class Concept:
    """One top-level clause of the query (a word, phrase or group) and the index terms it covers."""

    label: str
    terms: frozenset[tuple[str, str]]  # (field, analysed text); empty = cannot be tracked (always counted)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what the user typed
    query: Q.Query | None  # the expanded index query (what ranks); None = match every item
    interpreted: str  # how it was understood, for people
    notices: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    words: tuple[str, ...] = ()  # plain positive words as typed (for spelling suggestions)
    highlight: frozenset[str] = frozenset()  # analysed terms to mark in snippets
    date_from: str | None = None
    date_to: str | None = None
    nothing: bool = False  # the query had only stop words / ignored parts: match nothing
    # AND / NOT / groups typed by the user, over items (search.item_logic); `query` is then
    # only the positive words that rank them. None: the query alone decides.
    logic: ItemLogic | None = None

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
        ids = build_id_analyzer()

        def parser_field(f: QueryField) -> Any:
            """The surface field the parser reads a `name:value` into (core.fields.QUERY_FIELDS)."""
            if f.match in ("words", "report", "text"):
                return TEXT(analyzer=ana)
            return ID() if f.match == "date" else ID(analyzer=ids)

        schema = Schema(**{f.name: parser_field(f) for f in QUERY_FIELDS})
        p = QueryParser("text", schema, group=OrGroup)
        p.remove_plugin_class(plugins.SingleQuotePlugin)
        p.remove_plugin_class(plugins.EveryPlugin)
        p.remove_plugin_class(plugins.BoostPlugin)
        _PARSER = p
    return _PARSER


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
    if node is None or type(node) is not Q.Or:
        return render(node)
    words = [c for c in node.subqueries if not _is_restriction(c) and not isinstance(c, Q.Not)]
    excluded = [c for c in node.subqueries if isinstance(c, Q.Not)]  # NOT here excludes, whatever OR says
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
    parts.extend(render(c, top=False) for c in excluded)
    return "; ".join(parts)


# --------------------------------------------------------------------------- entry point


def _plain_words(text: str) -> list[str]:
    return re.findall(r"[\w£][\w/.,'\-]*\w|\w", text.replace('"', " "))


def _fallback_logical(text: str) -> Q.Query:
    words = [w for w in _plain_words(text) if w not in ("AND", "OR", "NOT")]
    return Q.Or([Q.Term("text", w.lower()) for w in words]) if words else Q.NullQuery


def parse_query(text: str | None, commonness: Commonness | None = None) -> ParsedQuery:
    """Parse what the user typed. Never raises.

    `commonness(clause)` (0..1, the share of documents a word's clause matches) lets very common
    words rank without finding items on their own: "what did Cabinet decide about banking?"
    finds the items about banking, and Cabinet's part in them counts; it does not list every
    Cabinet item. Without it (or when every word is common) plain words are simply ORed.
    """
    raw = text or ""
    work, notices, nl_from, nl_to = preprocess(raw)
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
        expander = Expander(notices)
        explicit_or = re.search(r"\bOR\b", work) is not None  # "a OR b" means either, whatever is common
        expanded, clauses = _expand_top(expander, logical, None if explicit_or else commonness)
    except Exception:  # noqa: BLE001 - the parser or the expansion choked: plain words instead
        notices.append("Could not read the query syntax; searched for the words instead.")
        logical = _fallback_logical(work)
        expander = Expander(notices)
        try:
            expanded, clauses = _expand_top(expander, logical) if logical is not Q.NullQuery else (None, [])
        except Exception:  # noqa: BLE001 - any failure here has one answer
            expanded, clauses = None, []
    if expander.common:
        notices.append("Very common here, so only used to rank what the other words find: "
                       + ", ".join(dict.fromkeys(w for w in expander.common if w)) + ".")
    if expander.dropped:
        common = ", ".join(dict.fromkeys(expander.dropped))
        notices.append(f"Common words ignored: {common}.")
    concepts = _concepts(clauses)
    nothing = expanded is None
    if nothing and not notices:
        notices.append("Nothing to search for.")
    if expanded is not None and _only_negative(expanded):
        expanded = Q.And([Q.Every(), expanded])
    logic = None
    if expanded is not None and has_structure(logical):  # the user typed AND / NOT / -word
        logic = item_logic(expanded)
        expanded = loosen(expanded) or Q.Every()
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
        logic=logic,
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


def _leaf_terms(q: Q.Query | None) -> set[tuple[str, str]] | None:
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


def _split_common(positive: list[Q.Query], commonness: Commonness | None, expander: Expander,
                  labels: dict[int, str]) -> tuple[list[Q.Query], list[Q.Query]]:
    """(clauses that find items, very common clauses that only add score)."""
    if commonness is None or len(positive) < 2:
        return positive, []
    share = [commonness(p) for p in positive]
    rare = [p for p, c in zip(positive, share, strict=True) if c <= COMMON_SHARE]
    common = [p for p, c in zip(positive, share, strict=True) if c > COMMON_SHARE]
    if not common or not any(0 < c <= COMMON_SHARE for c in share):
        # nothing rare that the archive contains (only common words, or unknown ones such as a
        # typo "bankng"): every word finds items, or a typo would empty the results
        return positive, []
    expander.common.extend(labels.get(id(p), "") for p in common)
    return rare, common


@dataclass(frozen=True)
class TopClauses:
    """The expanded children of a top-level OR, sorted into word clauses and restrictions."""

    words: tuple[Q.Query, ...]
    labels: dict[int, str]  # id(expanded word clause) → the word as the user sees it
    restrictions: dict[str, list[Q.Query]]  # logical field → its values' clauses


def _sort_top(expander: Expander, logical: Q.Query) -> TopClauses:
    words: list[Q.Query] = []
    labels: dict[int, str] = {}
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
            labels[id(part)] = render(child, top=False)
    return TopClauses(tuple(words), labels, restrictions)


def _word_core(positive: list[Q.Query], logical: Q.Query, commonness: Commonness | None,
               expander: Expander, labels: dict[int, str]) -> Q.Query:
    """The words' part of the query: the rare words find, very common ones only add score, and
    neighbouring words add score as two-word phrases."""
    finding, common = _split_common(positive, commonness, expander, labels)
    extra = common + bigrams(logical.subqueries)
    found = finding[0] if len(finding) == 1 else Q.Or(finding)
    if common:
        return Q.AndMaybe(found, extra[0] if len(extra) == 1 else Q.Or(extra))
    return positive[0] if len(positive) == 1 else Q.Or(positive + extra)


def _expand_or(expander: Expander, logical: Q.Query,
               commonness: Commonness | None) -> tuple[Q.Query | None, list[Q.Query]]:
    """A top-level OR: field:value clauses on different fields are ANDed with the words, several
    values of one field are ORed."""
    top = _sort_top(expander, logical)
    if len(top.restrictions) == 1 and not top.words:
        parts = next(iter(top.restrictions.values()))
        return (parts[0] if len(parts) == 1 else Q.Or(parts)), []
    required = [v[0] if len(v) == 1 else Q.Or(v) for v in top.restrictions.values()]
    if not top.words and not required:
        return None, []
    positive = [w for w in top.words if not isinstance(w, Q.Not)]
    negative = [w for w in top.words if isinstance(w, Q.Not)]
    core = _word_core(positive, logical, commonness, expander, top.labels) if positive else None
    clauses = required + ([core] if core is not None else []) + negative
    return (clauses[0] if len(clauses) == 1 else Scoped(clauses)), positive


def _expand_and(expander: Expander, logical: Q.Query) -> tuple[Q.Query | None, list[Q.Query]]:
    parts = [p for p in (expander.expand(c) for c in logical.subqueries) if p is not None]
    if not parts:
        return None, []
    expanded = parts[0] if len(parts) == 1 else Q.And(parts)
    return expanded, [p for i, p in enumerate(parts) if not isinstance(p, Q.Not)
                      and not _is_restriction(logical.subqueries[i] if i < len(logical.subqueries) else p)]


def _expand_top(expander: Expander, logical: Q.Query,
                commonness: Commonness | None = None) -> tuple[Q.Query | None, list[Q.Query]]:
    """Expand the query; also return its top-level positive word clauses (for coordination)."""
    if type(logical) is Q.Or:
        return _expand_or(expander, logical, commonness)
    if type(logical) is Q.And:
        return _expand_and(expander, logical)
    expanded = expander.expand(logical)
    if expanded is None or isinstance(expanded, Q.Not) or _is_restriction(logical):
        return expanded, []
    return expanded, [expanded]


def _concepts(clauses: list[Q.Query]) -> tuple[Concept, ...]:
    """Top-level positive clauses with their index terms, for item-level coordination."""
    out = []
    for s in clauses:
        terms = _leaf_terms(s)
        if terms is None or not terms:
            continue  # untrackable (ranges, prefixes): not part of coordination
        out.append(Concept(label=str(s)[:60], terms=frozenset(terms)))
    return tuple(out)


__all__ = ["ParsedQuery", "Concept", "parse_query", "render", "SYNONYMS", "WORD_FIELDS"]
