"""Our own small, honest evaluation: realistic questions about the samples and the agenda item
each must find within a given rank (see tests/eval_questions.py; `scripts/eval_search.py`
prints every rank)."""
from __future__ import annotations

import pytest

from conftest import sample_item_id
from eval_questions import PRECEDENTS, QUESTIONS, rank_of
from search.results import SearchRequest


@pytest.mark.parametrize("question,sources,item,want", QUESTIONS, ids=[q[0][:50] for q in QUESTIONS])
def test_question_finds_its_item(engine, question, sources, item, want):
    resp = engine.search(SearchRequest(query=question, limit=20))
    rank = rank_of(resp.results, sources, item)
    shown = [(h.item, h.title[:40]) for h in resp.results[:5]]
    assert rank is not None and rank <= want, f"rank {rank} (want ≤{want}); top: {shown}"


def test_mean_reciprocalrank_of(engine):
    total = 0.0
    for question, sources, item, _ in QUESTIONS:
        rank = rank_of(engine.search(SearchRequest(query=question, limit=20)).results, sources, item)
        total += 1.0 / rank if rank else 0.0
    assert total / len(QUESTIONS) >= 0.85


@pytest.mark.parametrize("source,item,psource,pitem,want", PRECEDENTS)
def test_precedents(engine, source, item, psource, pitem, want):
    item_id = sample_item_id(source, item)
    rank = rank_of(engine.similar(item_id, limit=10), psource, pitem)
    assert rank is not None and rank <= want
