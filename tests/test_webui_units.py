"""Pure helpers of the website: formatting, parameter parsing, facets, paging, CSV cells."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from search.results import FacetValue, SearchRequest
from webui.facets import active_filters, build_facets, pagination
from webui.formatting import citation, long_date, page_range, safe_snippet, snippet_text, tidy_name, time_label
from webui.params import BadParameter, parse_search_args, request_pairs, search_url, toggle_filter
from webui.search import csv_cell


def test_citation_matches_the_issue_example():
    assert citation(council="Rutland County Council", meeting="CABINET", date="2017-06-20", item="5",
                    report_number="98/2017", pages=(5, 42)) == \
        "Rutland County Council, Cabinet, 20 June 2017, Item 5, Report 98/2017, pp. 5–42"


def test_citation_leaves_out_missing_parts():
    assert citation(council=None, meeting="Cabinet", date=None, item="3", report_number=None, pages=(7, 7)) == \
        "Cabinet, Item 3, p. 7"


@pytest.mark.parametrize("value,expected", [
    ("2017-06-20", "20 June 2017"), ("2025-01-03", "3 January 2025"), (None, ""), ("not a date", "not a date"),
])
def test_long_date(value, expected):
    assert long_date(value) == expected


@pytest.mark.parametrize("value,expected", [
    ("09:30", "9:30am"), ("9.30", "9:30am"), ("14:00", "2pm"), ("12:00", "midday"), ("00:00", "midnight"),
    ("12:15", "12:15pm"), ("10:00:00", "10am"), ("", ""), (None, ""), ("after Council", "after Council"),
    ("25:00", "25:00"),
])
def test_time_label(value, expected):
    assert time_label(value) == expected


def test_page_range_and_names():
    assert page_range((5, 42)) == "pp. 5–42"
    assert page_range((3, 3)) == "p. 3"
    assert page_range(None) == ""
    assert tidy_name("PEOPLE (ADULTS & HEALTH) SCRUTINY PANEL") == "People (Adults & Health) Scrutiny Panel"
    assert tidy_name("CABINET OF THE COUNCIL") == "Cabinet of the Council"
    assert tidy_name("Cabinet") == "Cabinet"


@pytest.mark.parametrize("raw,expected", [
    ("the <mark>school</mark> bus", "the <mark>school</mark> bus"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # engine forgot to escape
    ("<mark><img src=x onerror=alert(1)></mark>", "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>"),
    ("<MARK>open", "<mark>open</mark>"),  # unbalanced: closed
    ("stray</mark> close", "stray close"),
    ("<mark onclick=x>a</mark>", "&lt;mark onclick=x&gt;a"),  # only bare <mark> is kept
    ("Tom &amp; Jerry \x00", "Tom &amp; Jerry "),
])
def test_safe_snippet_keeps_only_mark(raw, expected):
    assert str(safe_snippet(raw)) == expected


def test_snippet_text():
    assert snippet_text("a <mark>b</mark> &amp; &lt;c&gt;") == "a b & <c>"


def test_parse_defaults_and_values():
    req = parse_search_args(MultiDict([("q", " budget "), ("meeting", "Cabinet"), ("year", "2017"),
                                       ("year", "2016"), ("year", "2017"), ("from", "2016-01-01"),
                                       ("to", "31/12/2017"), ("sort", "newest"), ("page", "2"), ("limit", "20"),
                                       ("utm_source", "ignored")]))
    assert req == SearchRequest(query="budget", filters=(("meeting", "Cabinet"), ("year", "2017"), ("year", "2016")),
                                date_from="2016-01-01", date_to="2017-12-31", sort="newest", page=2, limit=20)
    assert parse_search_args(MultiDict()) == SearchRequest()


@pytest.mark.parametrize("args,param", [
    ({"page": "0"}, "page"), ({"page": "abc"}, "page"), ({"page": "100000"}, "page"),
    ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"limit": "-5"}, "limit"),
    ({"sort": "random"}, "sort"), ({"from": "2017-13-01"}, "from"), ({"to": "yesterday"}, "to"),
    ({"from": "2018-01-01", "to": "2017-01-01"}, "from"), ({"q": "x" * 501}, "q"),
])
def test_parse_rejects_bad_parameters_with_help(args, param):
    with pytest.raises(BadParameter) as err:
        parse_search_args(MultiDict(args))
    assert err.value.param == param
    assert err.value.message and err.value.hint


def test_data_formats_allow_bigger_pages():
    assert parse_search_args(MultiDict({"limit": "500"}), max_limit=500).limit == 500


def test_urls_are_canonical_and_minimal():
    req = SearchRequest(query="school bus", filters=(("year", "2017"),), sort="newest", page=3)
    assert request_pairs(req) == [("q", "school bus"), ("year", "2017"), ("sort", "newest"), ("page", "3")]
    assert search_url("/", req, page=1) == "/?q=school+bus&year=2017&sort=newest"
    assert search_url("/", SearchRequest()) == "/"
    assert toggle_filter(req, "year", "2017").filters == ()
    assert toggle_filter(req, "meeting", "Cabinet").filters == (("year", "2017"), ("meeting", "Cabinet"))
    assert toggle_filter(req, "meeting", "Cabinet").page == 1


def test_build_facets_datasette_style():
    req = SearchRequest(query="budget", filters=(("year", "2017"), ("meeting", "Gone")))
    facets = build_facets({
        "year": (FacetValue("2016", 4, False), FacetValue("2017", 9, True)),
        "meeting": (FacetValue("CABINET", 12, False),),
        "key_decision": (FacetValue("true", 3, False),),
    }, req, "/")
    assert [f["name"] for f in facets] == ["meeting", "year", "key_decision"]
    year = facets[1]
    assert year["label"] == "Year"
    assert year["values"][0] == {"value": "2017", "label": "2017", "count": 9, "selected": True,
                                 "toggle_url": "/?q=budget&meeting=Gone"}
    assert year["values"][1]["toggle_url"] == "/?q=budget&year=2017&meeting=Gone&year=2016"
    meeting = facets[0]
    assert meeting["values"][0]["value"] == "Gone" and meeting["values"][0]["count"] == 0  # kept so it can be unticked
    assert meeting["values"][1]["label"] == "Cabinet"
    assert facets[2]["values"][0]["label"] == "Key decision"
    chips = active_filters(facets, req, "/")
    assert {c["label"] for c in chips} == {"Meeting: Gone", "Year: 2017"}


def test_build_facets_hides_long_tails_but_never_selected_values():
    values = tuple(FacetValue(f"Officer {i:02}", 20 - i, False) for i in range(15))
    req = SearchRequest(filters=(("officer", "Officer 14"),))
    [facet] = build_facets({"officer": values}, req, "/")
    assert len(facet["visible"]) == 8 and len(facet["more"]) == 7
    assert facet["visible"][0]["value"] == "Officer 14"


def test_pagination_window():
    pager = pagination(total=200, page=10, limit=10, req=SearchRequest(query="x", page=10), path="/")
    assert [p["number"] for p in pager["pages"]] == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert pager["prev_url"] == "/?q=x&page=9" and pager["next_url"] == "/?q=x&page=11"
    assert pagination(total=0, page=1, limit=10, req=SearchRequest(), path="/")["last"] == 1


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM", "'@SUM"),
    ("Cabinet", "Cabinet"), (None, ""), (True, "yes"), (False, "no"), (3, "3"),
])
def test_csv_cells_never_become_formulas(value, expected):
    assert csv_cell(value) == expected
