"""The facet a user ticked is shown ticked, whatever case the filter was typed in.

Regression: `?meeting=cabinet` (typed, or from an old link) listed "Cabinet (47)" unticked beside
a phantom "cabinet (0) ✓": webui/facets.py re-decided selection case-sensitively and ignored the
engine's `selected`.
"""
from __future__ import annotations

import re

import pytest

from search.results import FacetValue, SearchRequest
from webui.facets import build_facets
from webui.params import toggle_filter


@pytest.fixture(scope="module")
def client(sample_app):
    return sample_app.test_client()


def meeting_values(client, **params) -> list[tuple[str, int, bool]]:
    data = client.get("/search.json", query_string=params).get_json()
    return [(v["value"], v["count"], v["selected"]) for v in data["facets"]["meeting"]["values"]]


@pytest.mark.parametrize("typed", ["cabinet", "CABINET", "Cabinet"])
def test_filter_typed_in_another_case_shows_its_facet_ticked_once(client, typed):
    values = meeting_values(client, meeting=typed)
    cabinet = [v for v in values if v[0].casefold() == "cabinet"]
    assert len(cabinet) == 1, values  # no phantom "cabinet (0)"
    name, count, ticked = cabinet[0]
    assert name == "Cabinet" and count > 0 and ticked
    assert not [v for v in values if v[2] and v[0] != "Cabinet"]


def test_the_page_ticks_the_one_checkbox_and_its_chip_unticks_it(client):
    html = client.get("/?q=report&meeting=cabinet").get_data(as_text=True)
    boxes = re.findall(r'<input type="checkbox"[^>]*name="meeting" value="([^"]+)"[^>]*>', html)
    checked = re.findall(r'<input type="checkbox"[^>]*name="meeting" value="([^"]+)" form="search" checked>', html)
    assert checked == ["Cabinet"] and [b.casefold() for b in boxes].count("cabinet") == 1
    chip = re.search(r'<a href="([^"]+)" class="chip"><span[^>]*>Remove filter </span>Meeting: Cabinet', html)
    assert chip, "no chip for the ticked meeting"
    assert "meeting=" not in chip.group(1).replace("&amp;", "&")


def test_the_same_filter_twice_in_two_cases_is_one_filter(client):
    once = client.get("/search.json?q=report&meeting=Cabinet").get_json()
    twice = client.get("/search.json?q=report&meeting=cabinet&meeting=Cabinet").get_json()
    assert twice["filters"] == [{"field": "meeting", "value": "cabinet"}]
    assert twice["total"] == once["total"]


def test_build_facets_trusts_the_engines_selected_flag():
    req = SearchRequest(query="x", filters=(("meeting", "cabinet"),))
    facets = {"meeting": (FacetValue("Cabinet", 20, True), FacetValue("Council", 5, False))}
    [meeting] = build_facets(facets, req, "/")
    assert [(v["value"], v["count"], v["selected"]) for v in meeting["values"]] == [
        ("Cabinet", 20, True), ("Council", 5, False)]
    assert meeting["selected_count"] == 1
    assert meeting["values"][0]["toggle_url"] == "/?q=x"  # unticking removes the typed "cabinet"


def test_toggle_removes_a_value_in_any_case_and_adds_a_new_one():
    req = SearchRequest(filters=(("meeting", "cabinet"), ("year", "2017")))
    assert toggle_filter(req, "meeting", "Cabinet").filters == (("year", "2017"),)
    assert toggle_filter(req, "meeting", "Council").filters == (("meeting", "cabinet"), ("year", "2017"),
                                                                 ("meeting", "Council"))
