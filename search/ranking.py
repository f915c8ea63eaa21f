"""Item-level ranking: matched section documents → ranked agenda items (pure functions).

Whoosh scores *documents* (one per report section / minute). Users want *agenda items*, so the
documents of one item are grouped and the item is scored from them:

- the best document's score, already multiplied by its prior (section kind, boilerplate,
  procedural items: see `indexer.documents.doc_weight`), counts in full;
- further matching sections add a little evidence (diminishing, capped), so a long report that
  mentions a word in ten places beats a short one only slightly;
- a document that matches more of the query's words together counts for more than one that
  matches a single word (a section answering the whole question beats a title with one word);
- coordination: the share of the query's concepts (top-level words/phrases) found anywhere in
  the item, squared. Plain words are ORed so natural questions work, but an item that answers
  every word outranks one that repeats a single word.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from search.query import Concept

EXTRA_SECTION_WEIGHTS = (0.25, 0.12, 0.06)  # the 2nd, 3rd and 4th best documents of an item
COORD_EXPONENT = 2.0
DOC_COVER_FLOOR = 0.25  # a document matching one word of several keeps this share of its score


@dataclass(frozen=True)
class DocMatch:
    """One matched document, reduced to what ranking, grouping and facets need."""

    docnum: int
    item_id: str
    score: float  # engine score × prior
    date: str
    terms: frozenset[tuple[str, str]] = frozenset()  # (field, term) pairs this document matched
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()  # facet name → values

    def facet(self, name: str) -> tuple[str, ...]:
        for key, vals in self.values:
            if key == name:
                return vals
        return ()


@dataclass(frozen=True)
class ItemGroup:
    item_id: str
    score: float
    date: str
    docs: tuple[DocMatch, ...]  # best first
    coverage: float  # share of concepts matched (1.0 when the query has none)


# Question words that say which kind of section answers the question: "how much will it cost"
# wants the financial implications, "what did Cabinet decide" the recommendations or minutes.
INTENT_KINDS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"cost", "costs", "costing", "much", "price", "value", "worth", "spend", "spending",
                "budget", "funding", "afford", "money", "expenditure", "savings", "£"}),
     frozenset({"financial"})),
    (frozenset({"decide", "decided", "decision", "decisions", "agree", "agreed", "resolve", "resolved",
                "approve", "approved", "recommend", "recommended", "recommendation", "recommendations", "outcome"}),
     frozenset({"recommendations", "decision"})),
)
INTENT_BOOST = 1.6


def intent_kinds(words: Iterable[str]) -> frozenset[str]:
    """Section kinds the question asks for, from its words (as typed)."""
    said = {w.lower().strip("?!.,") for w in words}
    kinds: set[str] = set()
    for triggers, wanted in INTENT_KINDS:
        if said & triggers:
            kinds |= wanted
    return frozenset(kinds)


def apply_intent(matches: Iterable[DocMatch], kinds: frozenset[str]) -> list[DocMatch]:
    """Sections of the kinds the question asks for score INTENT_BOOST times higher."""
    if not kinds:
        return list(matches)
    out = []
    for m in matches:
        if set(m.facet("kind")) & kinds:
            m = replace(m, score=m.score * INTENT_BOOST)
        out.append(m)
    return out


def coverage(
    terms: Iterable[tuple[str, str]], concepts: Sequence[Concept], weights: Sequence[float] | None = None
) -> float:
    """Weighted share of `concepts` with at least one term among `terms`.

    `weights` (one per concept, e.g. its rarity in the archive) make a rare word such as
    "banking" count for more than "cabinet", which names half the meetings.
    """
    if not concepts:
        return 1.0
    ws = list(weights) if weights is not None and len(weights) == len(concepts) else [1.0] * len(concepts)
    total = sum(ws)
    if total <= 0:
        return 1.0
    have = set(terms)
    hit = sum(w for c, w in zip(concepts, ws, strict=True) if not c.terms or c.terms & have)
    return hit / total


def item_score(doc_scores: Sequence[float], cover: float) -> float:
    """Best document in full, a few more with diminishing weight, times coverage squared."""
    ranked = sorted(doc_scores, reverse=True)
    if not ranked:
        return 0.0
    score = ranked[0]
    for w, s in zip(EXTRA_SECTION_WEIGHTS, ranked[1:], strict=False):  # the best few only
        score += w * s
    return score * (cover ** COORD_EXPONENT)


def group_items(
    matches: Iterable[DocMatch], concepts: Sequence[Concept] = (), weights: Sequence[float] | None = None
) -> list[ItemGroup]:
    """Group matched documents by item and score the items (unsorted); see `coverage` for weights."""
    by_item: dict[str, list[DocMatch]] = {}
    for m in matches:
        by_item.setdefault(m.item_id, []).append(m)
    groups = []
    for item_id, docs in by_item.items():
        docs.sort(key=lambda d: (-d.score, d.docnum))
        terms: set[tuple[str, str]] = set()
        for d in docs:
            terms |= d.terms
        cover = coverage(terms, concepts, weights)
        doc_scores = [d.score * (DOC_COVER_FLOOR + (1 - DOC_COVER_FLOOR) * coverage(d.terms, concepts, weights))
                      for d in docs] if concepts else [d.score for d in docs]
        groups.append(
            ItemGroup(
                item_id=item_id,
                score=item_score(doc_scores, cover),
                date=docs[0].date,
                docs=tuple(docs),
                coverage=cover,
            )
        )
    return groups


def sort_groups(groups: list[ItemGroup], sort: str) -> list[ItemGroup]:
    """relevance: score, then newest; newest/oldest: date, then score. Undated items go last."""
    if sort == "newest":
        return sorted(groups, key=lambda g: (not g.date, _neg_date(g.date), -g.score, g.item_id))
    if sort == "oldest":
        return sorted(groups, key=lambda g: (not g.date, g.date or "", -g.score, g.item_id))
    return sorted(groups, key=lambda g: (-g.score, _neg_date(g.date), g.item_id))


def _neg_date(date: str) -> tuple[int, ...]:
    """A key that sorts ISO dates newest first."""
    digits = [int(x) for x in (date or "0000-00-00").split("-") if x.isdigit()]
    return tuple(-d for d in digits)


__all__ = ["intent_kinds", "apply_intent", "DocMatch", "ItemGroup", "coverage", "item_score", "group_items", "sort_groups"]
