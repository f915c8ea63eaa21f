"""Random junk queries never make the engine raise (fixed seed, so failures reproduce)."""
from __future__ import annotations

import random

from search.results import SearchRequest

PIECES = ['"', "(", ")", "[", "]", "{", "}", "*", "?", ":", "AND", "OR", "NOT", "TO", "date:", "report:",
          "kind:", "item:", "officer:", "meeting:", "-", "+", "~", "^", "\\", "/", "98/2017", "2017", "date:[",
          "budget", "social", "value", "£", "é", "\u2019", "\u201c", "since", "before", "'", ",", ".", "!",
          "minute", "527", "x" * 60, "date:>=", "date:<", "\t", "\n", "%", "&", "<script>", "NOTNOT", "ANDOR"]


def test_random_junk_queries_never_raise(engine):
    rng = random.Random(20261125)
    for _ in range(300):
        query = "".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12)))
        resp = engine.search(SearchRequest(query=query, limit=3))
        assert resp.total >= 0 and isinstance(resp.interpreted, str), query
        for h in resp.results:
            for s in h.snippets:
                assert "<script>" not in s
