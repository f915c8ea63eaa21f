"""The search engine over the real sample index: identifiers, fields, dates, malformed queries,
grouping, facets, sorting, paging, suggestions, similar items and the detail views."""
from __future__ import annotations

import re

import pytest

from search.engine import IndexNotFound, open_service
from conftest import sample_item_id
from search.results import SearchRequest

RUTLAND_MAY = "rutland-cabinet-2017-05-16.md"
RUTLAND_JUNE = "rutland-cabinet-2017-06-20.txt"
LEICS = "leicestershire-cabinet-2017-03-10.md"
SCRUTINY = "rutland-people-adults-health-scrutiny-2016-07-14.txt"


def search(engine, query="", **kw):
    return engine.search(SearchRequest(query=query, **kw))


def keys(resp):
    return [(h.source, h.item) for h in resp.results]


# ---------------------------------------------------------------- identifiers


@pytest.mark.parametrize("query", ["98/2017", "report:98/2017", "Report 98/2017"])
def test_report_number_finds_its_item_first(engine, query):
    resp = search(engine, query)
    assert keys(resp)[0] == (RUTLAND_JUNE, "5")
    assert resp.results[0].report_number == "98/2017"


def test_report_number_is_exact_not_its_parts(engine):
    # "98/2017" must not match every report of 2017
    resp = search(engine, "report:98/2017")
    assert resp.total == 1


def test_kent_decision_number_found_bare(engine):
    resp = search(engine, "24/00109")
    assert any("Strengthening Independence" in h.title for h in resp.results[:3])


def test_minute_number_field(engine):
    resp = search(engine, "minute:527")
    assert resp.total >= 1
    top = resp.results[0]
    assert top.source == LEICS
    assert any(s.heading.startswith("527") for s in top.sections)


def test_item_field_with_letter_suffix(engine):
    resp = search(engine, "item:11a")
    assert (SCRUTINY, "11a") in keys(resp)
    assert all(h.item.lower() == "11a" for h in resp.results)


# ---------------------------------------------------------------- fields and boolean


def test_officer_field_phrase(engine):
    resp = search(engine, 'officer:"Karen Kibblewhite"')
    assert resp.total >= 1
    assert all("Karen Kibblewhite" in h.officers for h in resp.results)


def test_meeting_field_restricts(engine):
    resp = search(engine, "meeting:scrutiny performance")
    assert resp.total >= 1
    assert all(h.source == SCRUTINY for h in resp.results)


def test_kind_field_keeps_only_that_kind_of_section(engine):
    resp = search(engine, "procurement kind:recommendations")
    assert resp.total >= 1
    for h in resp.results:
        assert h.sections and all(s.kind == "recommendations" for s in h.sections)


def test_not_excludes(engine):
    with_ofsted = search(engine, "inspection", limit=50)
    without = search(engine, "inspection NOT ofsted", limit=50)
    assert without.total < with_ofsted.total
    assert not any("Ofsted" in h.title for h in without.results)


def test_and_requires_both(engine):
    resp = search(engine, "banking AND procurement", limit=50)
    assert keys(resp)[0] == (RUTLAND_MAY, "8")
    either = search(engine, "banking OR procurement", limit=50)
    assert either.total > resp.total


def test_phrase_is_stricter_than_words(engine):
    phrase = search(engine, '"social value"', limit=50)
    words = search(engine, "social value", limit=50)
    assert keys(phrase)[0] == (RUTLAND_MAY, "6")
    assert phrase.total < words.total


def test_spelling_variants_match(engine):
    us = search(engine, "organization")
    uk = search(engine, "organisation")
    assert us.total == uk.total > 0


# ---------------------------------------------------------------- dates


def test_date_year(engine):
    resp = search(engine, "date:2016", limit=100)
    assert resp.total > 0 and {h.date[:4] for h in resp.results} == {"2016"}


def test_date_month(engine):
    resp = search(engine, "date:2017-05", limit=100)
    assert resp.total > 0 and {h.source for h in resp.results} == {RUTLAND_MAY}


def test_date_range_with_words(engine):
    resp = search(engine, "date:[2016-01-01 TO 2017-03-31] performance", limit=100)
    assert resp.total > 0
    assert all("2016-01-01" <= h.date <= "2017-03-31" for h in resp.results)


def test_since_in_words_and_request_dates_combine(engine):
    resp = search(engine, "performance since 2017", limit=100)
    assert resp.total > 0 and all(h.date >= "2017-01-01" for h in resp.results)
    assert any("date" in n.lower() for n in resp.notices)
    narrowed = search(engine, "performance since 2017", date_to="2017-05-31", limit=100)
    assert narrowed.total > 0 and all("2017-01-01" <= h.date <= "2017-05-31" for h in narrowed.results)


# ---------------------------------------------------------------- malformed queries


@pytest.mark.parametrize(
    "query",
    ['"social value', "(banking AND", "date:2017-13", "date:[garbage TO 2017]", "foo:bar banking", "AND OR NOT",
     "kind:nonsense banking", "***", "date:", "report:", "a" * 2000, "banking)", "[", "\x00banking\x07",
     "<script>alert(1)</script>"],
)
def test_malformed_query_never_raises(engine, query):
    resp = search(engine, query)
    assert resp.total >= 0
    assert isinstance(resp.interpreted, str)


def test_malformed_query_falls_back_and_says_so(engine):
    resp = search(engine, '"banking services')
    assert keys(resp)[0] == (RUTLAND_MAY, "8")
    assert any("quote" in n.lower() for n in resp.notices)
    resp = search(engine, "colour:red banking")
    assert any("Unknown field" in n for n in resp.notices)
    assert keys(resp)[0] == (RUTLAND_MAY, "8")


def test_only_stop_words_matches_nothing_and_explains(engine):
    resp = search(engine, "what is the")
    assert resp.total == 0 and resp.notices


# ---------------------------------------------------------------- grouping, snippets


def test_one_hit_per_item_with_its_matching_sections(engine):
    resp = search(engine, "educational psychology", limit=50)
    ids = [h.item_id for h in resp.results]
    assert len(ids) == len(set(ids))
    top = resp.results[0]
    assert (top.source, top.item) == (RUTLAND_JUNE, "7")
    assert len(top.sections) >= 2
    scores = [s.score for s in top.sections]
    assert scores == sorted(scores, reverse=True)
    assert top.snippets and "<mark>" in top.snippets[0]


def test_snippets_are_escaped_html(engine):
    resp = search(engine, "banking")
    for h in resp.results:
        for s in h.snippets:
            assert "<" not in re.sub(r"</?mark>", "", s)


def test_pages_point_into_the_pdf(engine):
    resp = search(engine, "Strengthening Independence Service transfer")
    hit = next(h for h in resp.results if h.source.endswith("supplementary_pack.pdf"))
    assert hit.pages and 1 <= hit.pages[0] <= hit.pages[1]


def test_procedural_items_do_not_crowd_out_substance(engine):
    # "interest" is in every "Declarations of Interest" title, yet reports using it come first
    resp = search(engine, "interest", limit=5)
    assert not resp.results[0].title.lower().startswith("declaration")
    assert sum(h.title.lower().startswith("declaration") for h in resp.results[:3]) <= 1


def test_procedural_items_are_still_found_when_asked_for(engine):
    resp = search(engine, "declarations of interest", limit=5)
    assert resp.results[0].title.lower().startswith("declarations of interest")
    assert search(engine, "apologies").total >= 1


# ---------------------------------------------------------------- facets


def test_facets_count_items_and_combine_several_values(engine):
    resp = search(engine, "performance", limit=100)
    facets = {name: {v.value: v for v in values} for name, values in resp.facets.items()}
    assert set(facets) >= {"meeting", "year", "officer", "council", "kind", "key_decision"}
    assert sum(v.count for v in facets["year"].values()) == resp.total  # one year per item
    both = search(engine, "performance", filters=(("year", "2016"), ("year", "2017")), limit=100)
    only16 = search(engine, "performance", filters=(("year", "2016"),), limit=100)
    assert both.total == facets["year"]["2016"].count + facets["year"]["2017"].count
    assert only16.total == facets["year"]["2016"].count
    # the selected facet keeps showing its other values (multi-select)
    years = {v.value: v for v in only16.facets["year"]}
    assert years["2016"].selected and not years["2017"].selected and years["2017"].count > 0


def test_filter_on_one_facet_narrows_the_others(engine):
    resp = search(engine, "", filters=(("council", "Rutland County Council"),), limit=100)
    assert resp.total > 0 and all(h.council == "Rutland County Council" for h in resp.results)
    meetings = {v.value for v in resp.facets["meeting"]}
    assert "Corporate Parenting Panel" not in meetings


def test_unknown_filter_is_reported_not_fatal(engine):
    resp = search(engine, "banking", filters=(("colour", "red"),))
    assert resp.total >= 1 and any("colour" in n for n in resp.notices)


def test_key_decision_facet(engine):
    resp = search(engine, "", filters=(("key_decision", "yes"),), limit=100)
    assert resp.total > 0 and all(h.key_decision is True for h in resp.results)


# ---------------------------------------------------------------- sorting, paging


def test_sort_newest_and_oldest(engine):
    newest = search(engine, "council", sort="newest", limit=100)
    dates = [h.date for h in newest.results if h.date]
    assert dates == sorted(dates, reverse=True)
    oldest = search(engine, "council", sort="oldest", limit=100)
    dates = [h.date for h in oldest.results if h.date]
    assert dates == sorted(dates)


def test_paging_is_disjoint_and_complete(engine):
    full = search(engine, "services", limit=100)
    pages = [search(engine, "services", limit=7, page=p) for p in range(1, 4)]
    seen = [h.item_id for p in pages for h in p.results]
    assert seen == [h.item_id for h in full.results][: len(seen)]
    assert len(seen) == len(set(seen))
    assert all(p.total == full.total for p in pages)


def test_browse_without_query_lists_newest_first(engine):
    resp = search(engine, "", limit=5)
    assert resp.total > 50 and resp.results[0].date == max(h.date for h in resp.results if h.date)


# ---------------------------------------------------------------- did you mean


def test_did_you_mean_from_the_archive_vocabulary(engine):
    resp = search(engine, "bankng servics")
    assert resp.suggestion == "banking services"


def test_no_suggestion_for_known_words_or_names(engine):
    assert search(engine, "banking").suggestion is None
    assert search(engine, "Kibblewhite").suggestion is None


# ---------------------------------------------------------------- similar, details


def _item_id(engine, source, item):
    item_id = sample_item_id(source, item)
    assert engine.item(item_id) is not None, item_id
    return item_id


def test_similar_items_are_precedents_from_other_meetings(engine):
    item_id = _item_id(engine, RUTLAND_JUNE, "10")  # mental health service procurement
    sims = engine.similar(item_id, limit=5)
    assert sims and all(h.pack_id != engine.item(item_id).pack_id for h in sims)
    assert (RUTLAND_MAY, "7") in [(h.source, h.item) for h in sims[:3]]  # substance misuse procurement


def test_item_detail(engine):
    detail = engine.item(_item_id(engine, RUTLAND_JUNE, "5"))
    assert detail.report_number == "98/2017"
    assert detail.council == "Rutland County Council" and detail.meeting == "Cabinet"
    assert detail.date == "2017-06-20" and detail.pages == (5, 42)
    assert any(o.name == "Helen Briggs" for o in detail.officers)
    assert any(s.kind == "recommendations" for s in detail.sections)


def test_item_detail_with_minutes_and_resolved(engine):
    detail = engine.item(_item_id(engine, LEICS, "1"))
    assert detail.minutes and any(m.resolved for m in detail.minutes)


def test_meeting_detail_lists_the_whole_agenda(engine):
    detail = engine.item(_item_id(engine, RUTLAND_MAY, "8"))
    meeting = engine.meeting(detail.pack_id)
    assert [i.item for i in meeting.items] == [str(n) for n in range(1, 10)]
    assert meeting.items[7].report_number == "73/2017"


def test_officer_items(engine):
    hits = engine.officer_items("Tim O'Neill")
    assert hits and all("Tim O'Neill" in h.officers for h in hits)
    assert (RUTLAND_JUNE, "7") in [(h.source, h.item) for h in hits]
    assert engine.officer_items("Nobody Atall") == ()


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "0" * 12 + "/../x", "ZZZZZZZZZZZZ", "abc"])
def test_unknown_or_hostile_ids_give_none(engine, bad):
    assert engine.pack_path(bad) is None
    assert engine.meeting(bad) is None
    assert engine.item(bad + ":1") is None
    assert engine.similar(bad + ":1") == ()


def test_pack_path_only_for_indexed_files(engine):
    detail = engine.item(_item_id(engine, "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf", "7"))
    path = engine.pack_path(detail.pack_id)
    assert path and path.endswith("kent_cabinet_2025-01-30_item7_supplementary_pack.pdf")


def test_stats(engine):
    st = engine.stats()
    assert st.packs == 12 and st.items > 100 and st.sections > 400 and st.size_bytes > 0 and st.last_update


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexNotFound, match="agenda-search index"):
        open_service(tmp_path)


def test_how_much_question_shows_the_financial_section_first(engine):
    resp = search(engine, "how much does the educational psychology service cost")
    top = resp.results[0]
    assert (top.source, top.item) == (RUTLAND_JUNE, "7")
    assert top.sections[0].kind == "financial"
    assert "£" in top.snippets[0] and "<mark>cost</mark>" in top.snippets[0]


def test_a_hit_never_repeats_a_passage(engine):
    # regression: a minute and its RESOLVED text came back as two sections with one snippet
    for query in ("school", "budget", "care"):
        for h in search(engine, query, limit=100).results:
            snippets = [s.snippet for s in h.sections]
            assert len(snippets) == len(set(snippets)), (query, h.item_id)


def test_officer_page_name_with_curly_apostrophe(engine):
    assert engine.officer_items("Tim O\u2019Neill") == engine.officer_items("Tim O'Neill") != ()


@pytest.mark.parametrize("typed,field", [("minute 527", "minute:527"), ("Report No. 98/2017", "report:98/2017"),
                                         ("item 11a scrutiny", "item:11a")])
def test_identifiers_in_words_are_read_as_fields(engine, typed, field):
    resp = search(engine, typed)
    assert field in resp.interpreted and resp.total == 1
    assert any("Read" in n for n in resp.notices)


def test_report_with_a_bare_number_stays_words(engine):
    assert "report:" not in search(engine, "report 4 performance").interpreted


def test_similar_leaves_out_the_same_meetings_other_papers(engine):
    item_id = _item_id(engine, "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf", "7")
    sims = engine.similar(item_id, limit=10)
    assert sims and all(h.date != "2025-01-30" for h in sims)


def test_related_finds_the_same_item_in_the_meetings_other_papers(engine):
    agenda = _item_id(engine, "kent_cabinet_2025-01-30_agenda_frontsheet.pdf", "7")
    related = engine.related(agenda)
    sources = {h.source for h in related}
    assert sources == {"kent_cabinet_2025-01-30_printed_minutes.pdf",
                       "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf"}
    assert all(h.item_id != agenda for h in related)  # regression: AndNot let the item itself through
    assert engine.related(_item_id(engine, RUTLAND_JUNE, "7")) == ()  # no other papers of that meeting


def test_similar_never_returns_the_item_itself(engine):
    for source, item in ((RUTLAND_JUNE, "10"), ("kent_cabinet_2025-01-30_agenda_frontsheet.pdf", "6")):
        item_id = _item_id(engine, source, item)
        own = engine.item(item_id).pack_id
        assert all(h.pack_id != own for h in engine.similar(item_id, limit=20))


def test_no_suggestion_for_a_name_found_only_among_officers(engine):
    # regression: "Helen Briggs" was "corrected" to "holden brings"
    resp = search(engine, "Helen Briggs")
    assert resp.suggestion is None and resp.total >= 1


def test_one_hit_per_meeting_item_across_the_meetings_papers(engine):
    resp = search(engine, "Strengthening Independence Service transfer", limit=50)
    kent7 = [h for h in resp.results if h.date == "2025-01-30" and h.item == "7"]
    assert len(kent7) == 1
    papers = {kent7[0].source} | {src for _, src in kent7[0].also_in}
    assert papers == {"kent_cabinet_2025-01-30_agenda_frontsheet.pdf", "kent_cabinet_2025-01-30_printed_minutes.pdf",
                      "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf"}
    # facet counts count the meeting item once too
    assert sum(v.count for v in resp.facets["year"]) == resp.total


def test_items_of_different_meetings_are_never_folded(engine):
    resp = search(engine, "declarations of interest", limit=50)
    dated = [(h.date, h.meeting) for h in resp.results if h.title.lower().startswith("declarations of interest")]
    assert len(dated) == len(set(dated)) >= 3


def test_very_common_words_rank_but_do_not_find_items_alone(engine):
    resp = search(engine, "What did Cabinet decide about banking services?", limit=100)
    assert keys(resp)[0] == (RUTLAND_MAY, "8")
    assert any("only used to rank" in n and "cabinet" in n for n in resp.notices)
    plain_or = search(engine, "cabinet OR decide OR banking OR services", limit=100)
    assert resp.total < plain_or.total  # an explicit OR still means either word
    assert not any("only used to rank" in n for n in plain_or.notices)


def test_forward_plan_reference_found_whole(engine):
    resp = search(engine, "FP/030317/03")
    assert resp.total >= 1 and keys(resp)[0] == (RUTLAND_JUNE, "5")
    assert search(engine, "FP/030317/99").total == 0  # not its parts


def test_a_minute_shows_once_per_hit_resolved_or_not(engine):
    for query in ("education commissioning plan", "budget", "speed enforcement"):
        for h in search(engine, query, limit=50).results:
            bases = [s.heading.removesuffix(" – resolved") for s in h.sections if s.kind in ("minutes", "decision")]
            assert len(bases) == len(set(bases)), (query, h.item_id, bases)


@pytest.mark.parametrize("typed,reading", [
    ("key decisions in 2017", ["key:yes", "2017-01-01 to 2017-12-31"]),
    ("exempt reports", ["exempt:yes"]),
    ("cabinet June 2017 performance", ["2017-06-01 to 2017-06-30"]),
    ("after 2016 ofsted", ["date from 2017-01-01"]),
])
def test_flags_and_dates_in_words(engine, typed, reading):
    resp = search(engine, typed, limit=50)
    assert all(r in resp.interpreted for r in reading), resp.interpreted
    assert resp.total >= 1 and any("Read" in n for n in resp.notices)


def test_key_decisions_in_words_are_only_key_decisions_newest_first(engine):
    resp = search(engine, "key decisions in 2017", limit=50)
    assert all(h.key_decision is True and h.date.startswith("2017") for h in resp.results)
    dates = [h.date for h in resp.results]
    assert dates == sorted(dates, reverse=True)
    assert all(h.exempt is True for h in search(engine, "exempt reports").results)


def test_facet_clicks_and_pages_reuse_the_query_and_agree_with_a_fresh_search(sample_index):
    import search.engine as engine_module

    engine_module._MATCH_CACHE.clear()
    with open_service(sample_index) as svc:
        first = svc.search(SearchRequest(query="procurement contract", limit=3))
        assert len(engine_module._MATCH_CACHE) == 1
        ticked = svc.search(SearchRequest(query="procurement contract", limit=3, page=2,
                                          filters=(("year", "2017"),)))
        assert len(engine_module._MATCH_CACHE) == 1  # same query: no second search
    engine_module._MATCH_CACHE.clear()
    with open_service(sample_index) as svc:
        fresh = svc.search(SearchRequest(query="procurement contract", limit=3, page=2,
                                         filters=(("year", "2017"),)))
    assert [h.item_id for h in ticked.results] == [h.item_id for h in fresh.results]
    assert ticked.total == fresh.total and ticked.facets == fresh.facets
    assert first.total >= ticked.total


def test_a_typo_beside_common_words_still_finds_items(engine):
    # regression: "bankng" (unknown) was the only word allowed to find items, so nothing was found
    resp = search(engine, "bankng servics")
    assert resp.total > 0 and resp.suggestion == "banking services"


def test_no_suggestion_for_a_mere_plural(engine):
    assert search(engine, "councillors' declarations").suggestion is None
