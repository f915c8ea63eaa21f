"""Regressions for whoosh-reloaded bugs we work around.

DisjunctionMax gave every matching document the best score of any document ("lead" in a footnote
scored as high as "Lead" in a title): search.dismax fixes it. AndNot(a, b) let the first document
of b through (an item was "related" to itself): the engine excludes with search(mask=...)."""
from __future__ import annotations

from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from search.dismax import DisMax


def _index():
    ix = RamStorage().create_index(Schema(id=ID(stored=True), title=TEXT, content=TEXT))
    with ix.writer() as w:
        w.add_document(id="title", title="Lead hazard control grant", content="budget revision")
        w.add_document(id="footnote", title="Transfer of services", content="the lead officer will report " * 3)
        w.add_document(id="both", title="Lead pipes", content="lead pipes replaced")
        w.add_document(id="none", title="Parks", content="trees")
    return ix


def _scores(q):
    ix = _index()
    with ix.searcher() as s:
        return {h["id"]: h.score for h in s.search(q, limit=None)}


def test_dismax_scores_each_document_by_its_own_fields():
    subs = [Q.Term("title", "lead", boost=4.0), Q.Term("content", "lead")]
    scores = _scores(DisMax(subs, tiebreak=0.0))
    assert set(scores) == {"title", "footnote", "both"}
    assert scores["title"] > scores["footnote"]
    assert scores["footnote"] < max(scores.values())  # the bug: all three were equal


def test_dismax_tiebreak_adds_the_other_fields_share():
    subs = [Q.Term("title", "lead", boost=4.0), Q.Term("content", "lead")]
    plain = _scores(DisMax(subs, tiebreak=0.0))
    tie = _scores(DisMax(subs, tiebreak=0.5))
    assert tie["both"] > plain["both"]
    assert tie["title"] == plain["title"]  # matched one field only: nothing to add


def test_dismax_with_limit_uses_the_same_scores():
    subs = [Q.Term("title", "lead", boost=4.0), Q.Term("content", "lead")]
    ix = _index()
    with ix.searcher() as s:
        top = [(h["id"], round(h.score, 6)) for h in s.search(DisMax(subs, tiebreak=0.5), limit=2)]
        full = [(h["id"], round(h.score, 6)) for h in s.search(DisMax(subs, tiebreak=0.5), limit=None)]
    assert top == full[:2]


def test_mask_excludes_every_document_of_a_pack():
    ix = RamStorage().create_index(Schema(id=ID(stored=True), pack=ID(stored=True), kind=ID))
    with ix.writer() as w:
        for pack in ("p1", "p2"):
            w.add_document(id=f"{pack}-meta", pack=pack, kind="meta")
            for n in range(3):
                w.add_document(id=f"{pack}-{n}", pack=pack, kind="section")
    with ix.searcher() as s:
        masked = {h["pack"] for h in s.search(Q.Term("kind", "section"), mask=Q.Term("pack", "p1"), limit=None)}
    assert masked == {"p2"}
