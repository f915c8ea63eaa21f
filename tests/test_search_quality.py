"""Our own small, honest evaluation: realistic questions about the samples and the agenda item
each must find within a given rank (see tests/eval_questions.py; `scripts/eval_search.py`
prints every rank)."""
from __future__ import annotations

import pytest

from conftest import sample_item_id
from eval_questions import PRECEDENTS, QUESTIONS
from search.results import SearchRequest


def _rank(hits, sources: str, item: str) -> int | None:
    for n, h in enumerate(hits, 1):
        papers = {h.source} | {src for _, src in h.also_in}  # the item in any of its meeting's papers
        if papers & set(sources.split("|")) and h.item == item:
            return n
    return None


@pytest.mark.parametrize("question,sources,item,want", QUESTIONS, ids=[q[0][:50] for q in QUESTIONS])
def test_question_finds_its_item(engine, question, sources, item, want):
    resp = engine.search(SearchRequest(query=question, limit=20))
    rank = _rank(resp.results, sources, item)
    shown = [(h.item, h.title[:40]) for h in resp.results[:5]]
    assert rank is not None and rank <= want, f"rank {rank} (want ≤{want}); top: {shown}"


def test_mean_reciprocal_rank(engine):
    total = 0.0
    for question, sources, item, _ in QUESTIONS:
        rank = _rank(engine.search(SearchRequest(query=question, limit=20)).results, sources, item)
        total += 1.0 / rank if rank else 0.0
    assert total / len(QUESTIONS) >= 0.85


@pytest.mark.parametrize("source,item,psource,pitem,want", PRECEDENTS)
def test_precedents(engine, source, item, psource, pitem, want):
    item_id = sample_item_id(source, item)
    rank = _rank(engine.similar(item_id, limit=10), psource, pitem)
    assert rank is not None and rank <= want
