"""AND, NOT and groups over agenda *items*, not over the documents Whoosh scores.

An agenda item is indexed as many documents (its report's sections, its minutes, the same item in
the meeting's other papers). Run as one Whoosh query, `speed NOT cameras` only dropped the
*sections* that say "cameras", so items that talk of cameras elsewhere still came first; and
`speed AND cameras` missed an item with "speed" in one section and "cameras" in another.

So a query with explicit structure is answered in two parts:

- `loosen(q)`: the positive words only, ORed (a doc-level OR finds every document that can
  show or score a matching item). It is what Whoosh ranks, as before.
- `item_logic(q)`: the boolean structure as a tree over item sets. Each leaf is searched once
  for the items (canonical ids: papers folded into one meeting item count as one) it occurs
  in; AND is intersection, OR union, NOT complement. An item is shown when it is in the
  ranked set and the tree's answer.

Field restrictions typed beside words (`procurement kind:recommendations`) stay a scope within one
document: the top-level query combines them in a `Scoped` AND, which `loosen` keeps as it is.
Plain queries without AND/NOT (every natural question) have no item logic and run as before.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from whoosh import query as Q


class Scoped(Q.And):
    """The top level's words AND its field restrictions: all within one document (see module)."""


_STRUCTURE = (Q.Not, Q.AndNot, Q.Require, Q.And)


def has_structure(q: Q.Query) -> bool:
    """Whether the (logical or expanded) query holds AND / NOT anywhere, so items need the logic."""
    if isinstance(q, _STRUCTURE):
        return True
    if isinstance(q, (Q.AndMaybe, Q.CompoundQuery)) and not isinstance(q, Q.DisjunctionMax):
        return any(has_structure(c) for c in q.children())
    return False


def loosen(q: Q.Query | None) -> Q.Query | None:
    """The positive part of an expanded query, explicit ANDs turned into ORs (for ranking)."""
    if q is None or isinstance(q, Q.Not):
        return None
    if isinstance(q, (Q.AndNot, Q.Require)):
        return loosen(q.a)
    if isinstance(q, Q.AndMaybe):
        a, b = loosen(q.a), loosen(q.b)
        return None if a is None else (a if b is None else Q.AndMaybe(a, b))
    if type(q) in (Scoped, Q.And, Q.Or) and has_structure(q):
        subs = [s for s in (loosen(c) for c in q.subqueries) if s is not None]
        if not subs:
            return None
        if len(subs) == 1:
            return subs[0]
        return Scoped(subs) if type(q) is Scoped else Q.Or(subs)
    return q


# --------------------------------------------------------------------------- item sets


@dataclass(frozen=True)
class ItemSet:
    """A set of item ids, or (negated) every item except those."""

    ids: frozenset[str]
    negated: bool = False

    def __contains__(self, item_id: str) -> bool:
        return (item_id in self.ids) != self.negated

    def __and__(self, other: ItemSet) -> ItemSet:
        if not self.negated and not other.negated:
            return ItemSet(self.ids & other.ids)
        if self.negated and other.negated:
            return ItemSet(self.ids | other.ids, True)
        pos, neg = (self, other) if not self.negated else (other, self)
        return ItemSet(pos.ids - neg.ids)

    def __or__(self, other: ItemSet) -> ItemSet:
        if not self.negated and not other.negated:
            return ItemSet(self.ids | other.ids)
        if self.negated and other.negated:
            return ItemSet(self.ids & other.ids, True)
        pos, neg = (self, other) if not self.negated else (other, self)
        return ItemSet(neg.ids - pos.ids, True)

    def __invert__(self) -> ItemSet:
        return ItemSet(self.ids, not self.negated)


EVERYTHING = ItemSet(frozenset(), negated=True)
ItemsOf = Callable[[Q.Query], frozenset[str]]


@dataclass(frozen=True)
class Leaf:
    query: Q.Query

    def leaves(self) -> Iterable[Q.Query]:
        yield self.query

    def evaluate(self, items_of: ItemsOf) -> ItemSet:
        return EVERYTHING if isinstance(self.query, Q.Every) else ItemSet(items_of(self.query))


@dataclass(frozen=True)
class AllOf:
    parts: tuple[ItemLogic, ...]

    def leaves(self) -> Iterable[Q.Query]:
        for p in self.parts:
            yield from p.leaves()

    def evaluate(self, items_of: ItemsOf) -> ItemSet:
        out = EVERYTHING
        for p in self.parts:
            out = out & p.evaluate(items_of)
        return out


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[ItemLogic, ...]

    def leaves(self) -> Iterable[Q.Query]:
        for p in self.parts:
            yield from p.leaves()

    def evaluate(self, items_of: ItemsOf) -> ItemSet:
        out = ItemSet(frozenset())
        for p in self.parts:
            out = out | p.evaluate(items_of)
        return out


@dataclass(frozen=True)
class NoneOf:
    part: ItemLogic

    def leaves(self) -> Iterable[Q.Query]:
        yield from self.part.leaves()

    def evaluate(self, items_of: ItemsOf) -> ItemSet:
        return ~self.part.evaluate(items_of)


ItemLogic = Leaf | AllOf | AnyOf | NoneOf


def item_logic(q: Q.Query) -> ItemLogic:
    """The boolean structure of an expanded query over items (see the module docstring)."""
    if isinstance(q, Q.Not):
        return NoneOf(item_logic(q.query))
    if isinstance(q, Q.AndNot):
        return AllOf((item_logic(q.a), NoneOf(item_logic(q.b))))
    if isinstance(q, Q.Require):
        return AllOf((item_logic(q.a), item_logic(q.b)))
    if isinstance(q, Q.AndMaybe):
        return item_logic(q.a)  # the second part only ranks
    if isinstance(q, Q.And):
        return AllOf(tuple(item_logic(c) for c in q.subqueries))
    if type(q) is Q.Or and has_structure(q):
        return AnyOf(tuple(item_logic(c) for c in q.subqueries))
    return Leaf(q)


__all__ = ["Scoped", "ItemSet", "ItemLogic", "Leaf", "AllOf", "AnyOf", "NoneOf", "EVERYTHING",
           "has_structure", "loosen", "item_logic"]
