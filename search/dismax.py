"""A working DisjunctionMax query for whoosh-reloaded 2.7.5.

Whoosh's own `DisjunctionMaxMatcher.score()` takes the max of both sub-matchers' scores even
when they sit on *different* documents, so every document matching any field got the best score
of any document (all hits of "lead" scored 19.22, whether the word was in a title or a footnote).
Its tree builder also drops `tiebreak`, and `replace()` loses it. This matcher scores only the
sub-matchers positioned on the current document, as max + tiebreak × the other.
"""
from __future__ import annotations

from whoosh import matching
from whoosh import query as Q
from whoosh.matching import mcore
from whoosh.matching.binary import DisjunctionMaxMatcher


class FixedDisjunctionMaxMatcher(DisjunctionMaxMatcher):
    def copy(self):
        return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

    def supports_block_quality(self):
        return False  # no block skipping: our scores are not additive bounds

    def max_quality(self):
        return max(self.a.max_quality(), self.b.max_quality()) * (1.0 + self.tiebreak)

    def replace(self, minquality=0):
        a, b = self.a.replace(), self.b.replace()
        if not a.is_active() and not b.is_active():
            return mcore.NullMatcher()
        if not a.is_active():
            return b
        if not b.is_active():
            return a
        if a is not self.a or b is not self.b:
            return self.__class__(a, b, tiebreak=self.tiebreak)
        return self

    def score(self):
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        aid, bid = a.id(), b.id()
        if aid < bid:
            return a.score()
        if bid < aid:
            return b.score()
        sa, sb = a.score(), b.score()
        return max(sa, sb) + self.tiebreak * min(sa, sb)


class DisMax(Q.DisjunctionMax):
    """`whoosh.query.DisjunctionMax` with the fixed matcher."""

    def _matcher(self, subs, searcher, context):
        # built here: whoosh's make_weighted_tree drops the tiebreak keyword
        matchers = [q.matcher(searcher, context) for q in subs]
        m = matchers[0]
        for other in matchers[1:]:
            m = FixedDisjunctionMaxMatcher(m, other, tiebreak=self.tiebreak)
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, self.boost)
        return m


__all__ = ["DisMax", "FixedDisjunctionMaxMatcher"]
