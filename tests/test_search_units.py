"""Small pure pieces of the search side, tested on inline strings."""
from __future__ import annotations

from search.query import Concept
from search.ranking import DocMatch, coverage, group_items, item_score, sort_groups
from search.snippets import full_match_spans, match_spans, snippet
from search.suggest import _distance


def test_snippet_escapes_everything_but_its_marks():
    text = "Intro. The <script>alert(1)</script> banking & services contract was awarded."
    out = snippet(text, {"bank"}, width=60)
    assert "<mark>banking</mark>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out


def test_snippet_marks_identifiers_and_variants_whole():
    text = "See Report No. 98/2017 on organizational change, costing £87,975."
    out = snippet(text, {"98/2017", "organis", "87975"})
    assert "<mark>98/2017</mark>" in out
    assert "<mark>organizational</mark>" in out
    assert "<mark>£87,975</mark>" in out or "£<mark>87,975</mark>" in out


def test_candidate_scan_finds_the_same_spans_as_a_full_scan():
    text = ("Co-ordinated care: the organisation's budget 2017/18 rose to £1,575,000; "
            "organizations co-ordinate.\nCafé services were re-procured.") * 3
    for terms in ({"coordin", "organis"}, {"2017/18", "2017", "1575000"}, {"cafe", "servic", "procur"}):
        assert match_spans(text, terms) == full_match_spans(text, terms)


def test_snippet_without_matches_starts_at_the_beginning():
    assert snippet("One two three.", {"zzz"}) == "One two three."


def test_item_score_prefers_coverage_over_repetition():
    one_word_many_times = item_score([5.0, 5.0, 5.0, 5.0], cover=0.5)
    all_words_once = item_score([4.0], cover=1.0)
    assert all_words_once > one_word_many_times


def test_coverage_weights_rare_concepts_more():
    common = Concept("cabinet", frozenset({("content", "cabinet")}))
    rare = Concept("banking", frozenset({("content", "bank")}))
    assert coverage({("content", "bank")}, [common, rare], [0.5, 3.0]) > 0.8
    assert coverage({("content", "cabinet")}, [common, rare], [0.5, 3.0]) < 0.2


def test_grouping_one_group_per_item_best_document_first():
    docs = [DocMatch(1, "p:1", 1.0, "2017-01-01"), DocMatch(2, "p:1", 3.0, "2017-01-01"),
            DocMatch(3, "p:2", 2.0, "2018-01-01")]
    groups = {g.item_id: g for g in group_items(docs)}
    assert [d.docnum for d in groups["p:1"].docs] == [2, 1]
    ordered = sort_groups(list(groups.values()), "relevance")
    assert ordered[0].item_id == "p:1"
    assert sort_groups(list(groups.values()), "newest")[0].item_id == "p:2"
    assert sort_groups(list(groups.values()), "oldest")[0].item_id == "p:1"


def test_undated_items_sort_last_either_way():
    docs = [DocMatch(1, "a", 1.0, ""), DocMatch(2, "b", 1.0, "2017-01-01"), DocMatch(3, "c", 1.0, "2019-01-01")]
    groups = group_items(docs)
    assert [g.item_id for g in sort_groups(groups, "newest")] == ["c", "b", "a"]
    assert [g.item_id for g in sort_groups(groups, "oldest")] == ["b", "c", "a"]


def test_edit_distance_counts_transpositions_once():
    assert _distance("bankign", "banking") == 1
    assert _distance("servics", "services") == 1
    assert _distance("abc", "abc") == 0


def test_question_words_pick_the_section_kind_that_answers():
    from search.ranking import intent_kinds

    assert intent_kinds(["how", "much", "does", "it", "cost"]) == {"financial"}
    assert intent_kinds(["What", "did", "Cabinet", "decide?"]) == {"recommendations", "decision"}
    assert intent_kinds(["banking", "services"]) == frozenset()


def test_intent_boosts_only_sections_of_the_wanted_kind():
    from search.ranking import apply_intent

    fin = DocMatch(1, "a", 1.0, "", values=(("kind", ("financial",)),))
    other = DocMatch(2, "a", 1.0, "", values=(("kind", ("background",)),))
    boosted = {m.docnum: m.score for m in apply_intent([fin, other], frozenset({"financial"}))}
    assert boosted[1] > 1.0 and boosted[2] == 1.0


def test_lru_keeps_the_most_recent_and_survives_threads():
    import threading

    from search.lru import LRU

    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    cache.put("none", None)
    assert "none" in cache and cache.get("none", "x") is None

    errors = []

    def hammer(n):
        try:
            for i in range(2000):
                cache.put((n, i % 7), i)
                cache.get((n, (i + 3) % 7))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(cache) <= 2
