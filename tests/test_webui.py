"""The website over the REAL engine and the bundled sample index (Flask test client).

Every page is exercised against what users would get: the sample archive indexed by
the real extractor and writer, searched by `search.engine.open_service`. A second,
tiny index holds one hostile pack (script and img tags in its title, body and
contact officer) to prove that untrusted text comes out escaped everywhere.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

import pytest

from core.config import Config
from webui.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KENT_SUPPLEMENT = SAMPLES / "pdf" / "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(sample_app):
    return sample_app.test_client()


# --------------------------------------------------------------------------- helpers


def search_json(client, **params) -> dict:
    resp = client.get("/search.json", query_string=params)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "application/json"
    return resp.json


def find_hit(client, query: str, title_contains: str, **params) -> dict:
    """The first search result for `query` whose title contains `title_contains` (case-insensitive)."""
    data = search_json(client, q=query, limit=100, **params)
    for hit in data["results"]:
        if title_contains.lower() in hit["title"].lower():
            return hit
    titles = [h["title"] for h in data["results"]]
    raise AssertionError(f"no result titled *{title_contains}* for {query!r}; got {titles}")


def item_path(hit: dict) -> str:
    return urlsplit(hit["url"]).path


def page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    body = resp.get_data(as_text=True)
    assert resp.status_code == status, (url, resp.status_code, body[:800])
    assert "Traceback" not in body
    return body


def text_of(html: str) -> str:
    """Visible-ish text of an HTML page: tags dropped, entities decoded, whitespace squeezed."""
    import html as htmlmod

    no_tags = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    return re.sub(r"\s+", " ", htmlmod.unescape(no_tags)).strip()


@pytest.fixture(scope="module")
def rutland_june(client) -> dict:
    """Rutland Cabinet, 20 June 2017, item 5 (Report 98/2017) as a search hit."""
    return find_hit(client, "performance management report", "Quarter 4 Performance Management")


@pytest.fixture(scope="module")
def kent_item7(client) -> dict:
    """Kent Cabinet 30 January 2025, item 7 supplementary pack (a PDF item with page numbers)."""
    return find_hit(client, "Strengthening Independence", "Strengthening Independence",
                    council="Kent County Council")


# --------------------------------------------------------------------------- search page


def test_landing_page_describes_the_archive(client):
    html = page(client, "/")
    assert '<label for="q"' in html and 'id="q" name="q" type="search"' in html
    assert re.search(r"The archive holds \d+ agenda items from 12 packs", text_of(html))


def test_search_page_shows_matching_items_with_marked_snippets(client):
    html = page(client, "/?q=educational+psychology")
    assert "Educational Psychology Contract Provision" in html
    assert "<mark>" in html
    assert re.search(r'<a href="/items/rutland-county-council-cabinet-2017-06-20:7">Item 7: Educational Psychology Contract Provision</a>', html)
    assert "Rutland County Council" in html and "20 June 2017" in html
    assert "Report 112/2017" in html
    # contact officers link to their pages
    assert 'href="/officers/Tim%20O&#39;Neill"' in html
    assert "None" not in text_of(html)
    # the same search in data formats is linked from the page
    assert 'href="/search.json?q=educational+psychology"' in html
    assert 'href="/search.atom?q=educational+psychology"' in html
    untimed = lambda h: re.sub(r"in [\d.]+ seconds", "", h)  # noqa: E731
    assert untimed(page(client, "/search?q=educational+psychology")) == untimed(html)  # the guessable alias


def test_search_page_facets_are_checkboxes_of_the_search_form(client):
    html = page(client, "/?q=report")
    for name in ("council", "meeting", "year"):
        assert f'name="{name}"' in html, name
    assert re.search(r'<input type="checkbox" id="f-council-\d+" name="council" value="Rutland County Council" '
                     r'form="search">', html)
    assert 'id="apply-filters"' in html


def test_ticking_one_facet_value_filters_and_stays_ticked(client):
    every = search_json(client, q="report", limit=100)
    rutland = search_json(client, q="report", council="Rutland County Council", limit=100)
    assert 0 < rutland["total"] < every["total"]
    assert {h["council"] for h in rutland["results"]} == {"Rutland County Council"}
    html = page(client, "/?q=report&council=Rutland+County+Council")
    assert re.search(r'name="council" value="Rutland County Council" form="search" checked>', html)
    assert "Remove filter </span>Council: Rutland County Council" in html  # the chip above the results
    assert f"{rutland['total']} items found" in html


def test_several_values_of_one_facet_combine_with_or(client):
    a = search_json(client, q="report", council="Rutland County Council", limit=100)
    b = search_json(client, q="report", council="Leicestershire County Council", limit=100)
    both = client.get("/search.json", query_string=[("q", "report"), ("council", "Rutland County Council"),
                                                    ("council", "Leicestershire County Council"),
                                                    ("limit", "100")]).json
    assert a["total"] and b["total"]
    assert both["total"] == a["total"] + b["total"]
    assert {h["council"] for h in both["results"]} == {"Rutland County Council", "Leicestershire County Council"}
    html = page(client, "/?q=report&council=Rutland+County+Council&council=Leicestershire+County+Council")
    assert len(re.findall(r'name="council" value="[^"]+" form="search" checked>', html)) == 2
    # values of different facets combine with AND
    year = search_json(client, q="report", council="Rutland County Council", year="2016", limit=100)
    assert 0 < year["total"] < a["total"]
    assert all(h["date"].startswith("2016") for h in year["results"])


def test_a_submitted_form_redirects_to_the_clean_url(client):
    """A plain form submission sends empty dates and the default sort; the address bar gets the
    short, shareable URL instead (one redirect, same results)."""
    resp = client.get("/?q=report&council=Rutland+County+Council&from=&to=&sort=relevance")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/?q=report&council=Rutland+County+Council"
    resp = client.get("/search?q=&from=2017-01-01&to=&sort=newest&page=1")
    assert resp.status_code == 302 and resp.headers["Location"] == "/?from=2017-01-01&sort=newest"
    assert client.get("/?from=&to=&sort=relevance").headers["Location"] == "/"
    # a bad value in the same submission is still explained, not redirected
    assert client.get("/?q=x&from=&to=31/02/2017").status_code == 400
    # the data formats never redirect
    assert client.get("/search.json?q=report&from=&sort=relevance").status_code == 200


def test_facet_values_offered_with_counts(client):
    data = search_json(client, q="report")
    council = {v["value"]: v for v in data["facets"]["council"]["values"]}
    assert council["Rutland County Council"]["count"] > 0
    assert council["Rutland County Council"]["toggle_url"].endswith("council=Rutland+County+Council")
    years = {v["value"] for v in data["facets"]["year"]["values"]}
    assert {"2016", "2017"} <= years


def test_date_range_limits_meetings(client):
    every = search_json(client, q="council", limit=100)
    ranged = search_json(client, q="council", **{"from": "2017-01-01", "to": "2017-12-31"}, limit=100)
    assert 0 < ranged["total"] < every["total"]
    assert all("2017-01-01" <= h["date"] <= "2017-12-31" for h in ranged["results"])
    html = page(client, "/?q=council&from=2017-01-01&to=2017-12-31")
    assert 'id="from" name="from" value="2017-01-01"' in html
    assert "From 2017-01-01" in html and "To 2017-12-31" in html  # removable chips
    # a typed UK date is understood too
    uk = search_json(client, q="council", **{"from": "01/01/2017", "to": "31/12/2017"}, limit=100)
    assert uk["total"] == ranged["total"]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_date(client, sort):
    data = search_json(client, q="council", sort=sort, limit=100)
    dates = [h["date"] for h in data["results"] if h["date"]]
    assert len(set(dates)) > 2
    assert dates == sorted(dates, reverse=sort == "newest")
    html = page(client, f"/?q=council&sort={sort}")
    assert f'<option value="{sort}" selected>' in html


def test_paging(client):
    first = search_json(client, q="council", limit=3)
    second = search_json(client, q="council", limit=3, page=2)
    assert first["total"] > 6
    ids1 = [h["item_id"] for h in first["results"]]
    ids2 = [h["item_id"] for h in second["results"]]
    assert len(ids1) == len(ids2) == 3 and not set(ids1) & set(ids2)
    assert second["links"]["prev"] and second["links"]["next"]
    html = page(client, "/?q=council&limit=3&page=2")
    assert re.search(r'href="/\?q=council&amp;limit=3" rel="prev"', html)
    assert re.search(r'href="/\?q=council&amp;limit=3&amp;page=3" rel="next"', html)
    assert 'aria-current="page" class="current"' in html
    assert '<ol class="result-list" start="4">' in html
    assert "Showing 4–6 of" in html
    last = -(-first["total"] // 3)
    beyond = page(client, f"/?q=council&limit=3&page={last + 1}")
    assert f"no matching items on page {last + 1}" in beyond


def test_did_you_mean(client):
    data = search_json(client, q="psycology")
    assert data["suggestion"], data
    html = page(client, "/?q=psycology")
    m = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>\?', html)
    assert m, text_of(html)[:600]
    assert "psycholog" in m.group(2)
    followed = page(client, m.group(1).replace("&amp;", "&"))
    assert "Educational Psychology" in followed


def test_unparseable_queries_never_fail(client):
    for q in ('"unbalanced', "((((", "officer:", "date:[2017 TO", "*", "AND OR NOT", "a" * 500, "\u202e\u0000x"):
        resp = client.get("/", query_string={"q": q})
        assert resp.status_code in (200, 400), (q, resp.status_code)
        body = resp.get_data(as_text=True)
        assert "Traceback" not in body
        if resp.status_code == 400:
            assert "There is a problem with your search" in body


# --------------------------------------------------------------------------- item page


def test_item_page_shows_everything_about_the_item(client, rutland_june):
    html = page(client, item_path(rutland_june))
    text = text_of(html)
    assert "<h1 class=\"page-title\">Item 5: Quarter 4 Performance Management Report</h1>" in html
    for expected in ("Meeting Cabinet: whole agenda", "Date 20 June 2017", "Item number 5", "Report number 98/2017",
                     "Report of Chief Executive", "Key decision No", "Exempt (confidential) No",
                     "pp. 5–42 of the printed pack"):
        assert expected in text, expected
    assert '<time datetime="2017-06-20">20 June 2017</time>, 9:30am</dd>' in html
    assert "Helen Briggs" in html and "Jason Haynes" in html
    assert 'href="/officers/Helen%20Briggs"' in html
    assert "hbriggs@rutland.gov.uk" in html
    # the citation in the words
    assert ('<p id="citation" class="citation-text">Rutland County Council, Cabinet, 20 June 2017, Item 5, '
            "Report 98/2017, pp. 5–42</p>") in html
    # sections with headings, in a table of contents
    for heading in ("Decision Recommendations", "1 Purpose of the Report", "11 Financial Implications"):
        assert re.search(r'<h3 class="heading-m" id="section-\d+-h">' + re.escape(heading) + "</h3>", html), heading
    assert 'href="#section-1"' in html
    assert "That Cabinet notes the overall position" in html
    # breadcrumbs back to the whole agenda
    assert f'href="/meetings/{rutland_june["pack_id"]}"' in html
    assert "None" not in text


def test_item_page_key_decision_and_exempt(client):
    hit = find_hit(client, "mental health recovery", "Mental Health Recovery")
    html = page(client, item_path(hit))
    assert '<strong class="tag tag-key">Key decision</strong>' in html
    assert '<strong class="tag tag-exempt">Exempt</strong>' in html
    text = text_of(html)
    assert "Key decision Yes" in text and "Exempt (confidential) Yes" in text


def test_item_page_of_a_pdf_links_sections_to_pdf_pages(client, kent_item7):
    html = page(client, item_path(kent_item7))
    pack = kent_item7["pack_id"]
    links = re.findall(rf'href="/packs/{pack}\.pdf#page=(\d+)"', html)
    assert links, "no page links into the PDF"
    assert all(1 <= int(n) <= 22 for n in links)
    assert "Report number 24/00109" in text_of(html)
    assert "Kent County Council, Cabinet, 30 January 2025, Item 7, Report 24/00109" in html


def test_item_page_minutes_and_resolved_text(client):
    hit = find_hit(client, "minutes", "Minutes of the meeting held on 10 February 2017",
                   council="Leicestershire County Council")
    html = page(client, item_path(hit))
    assert '<h2 class="heading-l" id="minutes">Minutes</h2>' in html
    assert '<div class="resolved-box">' in html and "RESOLVED" in html
    data = client.get(urlsplit(hit["url"]).path + ".json").json
    resolved = [m for m in data["minutes"] if m["resolved"]]
    assert resolved
    first = resolved[0]["resolved"].split("\n")[0].strip()
    assert text_of(first)[:40] in text_of(html)
    # minute headings: number and title
    assert re.search(r'<h3 class="heading-m" id="minute-\d+-h">' + re.escape(data["minutes"][0]["number"]), html)


def test_item_page_of_printed_minutes_links_to_pdf_pages(client):
    hit = find_hit(client, "minutes", "Minutes of the Meeting held on 9th January 2025")
    html = page(client, item_path(hit))
    assert "RESOLVED" in html
    assert re.search(rf'href="/packs/{hit["pack_id"]}\.pdf#page=\d+"', html)


def test_item_page_lists_similar_past_items(client, rutland_june):
    html = page(client, item_path(rutland_june))
    similar = html.split('id="similar"', 1)[1]
    links = re.findall(r'<li><a href="(/items/[^"]+)">', similar)
    assert links, "no similar items"
    assert item_path(rutland_june) not in links
    for link in links[:2]:
        page(client, link)


def test_item_json(client, rutland_june):
    resp = client.get(item_path(rutland_june) + ".json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    data = resp.json
    assert data["item_id"] == rutland_june["item_id"]
    assert data["citation"] == "Rutland County Council, Cabinet, 20 June 2017, Item 5, Report 98/2017, pp. 5–42"
    assert data["report_number"] == "98/2017" and data["report_of"] == "Chief Executive"
    assert [o["name"] for o in data["officers"]] == ["Helen Briggs", "Jason Haynes"]
    assert data["sections"][0]["heading"] == "Decision Recommendations"
    assert data["url"].startswith("http://localhost/items/")
    assert data["pdf_url"] is None and data["is_pdf"] is False  # a text extraction has no PDF
    assert all(s["url"].startswith("http://localhost/items/") for s in data["similar"])


def test_unknown_item_is_a_helpful_404(client):
    html = page(client, "/items/0000000000000000:99", status=404)
    assert "Page not found" in html and "search the agenda packs" in html
    resp = client.get("/items/0000000000000000:99.json")
    assert resp.status_code == 404 and resp.json["error"]["status"] == 404


def test_every_item_and_meeting_of_the_sample_renders_cleanly(client):
    """All items of the archive (browse with no query): pages and JSON answer, and no field shows
    an empty element or a Python 'None' (document text may say "None"; the fields must not)."""
    data = search_json(client, limit=500)
    assert data["total"] == len(data["results"]) > 100
    empty = re.compile(r"<(p|dd|dt|span|li|h\d|a|strong)(\s[^>]*)?>\s*</\1>")
    seen = set()
    for hit in data["results"]:
        for url in (item_path(hit), urlsplit(hit["meeting_url"]).path):
            if url in seen:
                continue
            seen.add(url)
            html = page(client, url).replace('<p class="visually-hidden" role="status" id="copy-status"></p>', "")
            assert not empty.search(html), (url, empty.search(html).group(0))
            fields = html.split('<main id="main" tabindex="-1">', 1)[1]
            fields = fields.split('<h2 class="heading-l"', 1)[0]  # caption, title, summary list, citation
            assert not re.search(r">\s*(None|null)\s*<|, None\b|None,", fields), (url, text_of(fields)[:400])
            assert "<title>" in html and "<title> –" not in html
            assert client.get(url + ".json").status_code == 200


# --------------------------------------------------------------------------- meeting and officer pages


def test_meeting_page_shows_the_whole_agenda(client, rutland_june):
    html = page(client, f"/meetings/{rutland_june['pack_id']}")
    assert "<h1 class=\"page-title\">Cabinet, 20 June 2017</h1>" in html
    text = text_of(html)
    assert "Council Chamber, Catmose" in text
    titles = ["Announcements from the Chairman", "Declarations of Interest", "Record of Decisions",
              "Items Raised by Scrutiny", "Quarter 4 Performance Management Report",
              "Quarter 4 Finance Management Report", "Educational Psychology Contract Provision",
              "Childcare Sufficiency Action Plan", "Exclusion of the Press and Public",
              "Mental Health Recovery and Resilience", "Any Items of Urgent Business"]
    positions = [text.find(t) for t in titles]
    assert -1 not in positions, dict(zip(titles, positions))
    assert positions == sorted(positions)
    assert len(re.findall(r'<a href="/items/rutland-county-council-cabinet-2017-06-20:\d+">', html)) == 11
    data = client.get(f"/meetings/{rutland_june['pack_id']}.json").json
    assert [i["item"] for i in data["items"]] == [str(n) for n in range(1, 12)]
    assert "None" not in text


def test_meeting_page_of_a_pdf_links_the_pack(client, kent_item7):
    html = page(client, f"/meetings/{kent_item7['pack_id']}")
    assert f'href="/packs/{kent_item7["pack_id"]}.pdf"' in html


def test_officer_page_lists_every_report(client):
    html = page(client, "/officers/" + quote("Tim O'Neill"))
    text = text_of(html)
    for title in ("Ofsted Next Steps Action Plan", "Social Value Policy", "Educational Psychology Contract Provision"):
        assert title in text, title
    assert "3 reports with Tim O'Neill as a contact officer" in text
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert dates == sorted(dates, reverse=True)
    data = client.get("/officers/" + quote("Tim O'Neill") + ".json").json
    assert data["total"] == 3
    page(client, "/officers/Nobody%20Atall", status=404)


# --------------------------------------------------------------------------- the original PDFs


def test_pack_pdf_is_served_by_index_id(client, kent_item7):
    resp = client.get(f"/packs/{kent_item7['pack_id']}.pdf")
    assert resp.status_code == 200
    assert resp.mimetype == "application/pdf"
    assert resp.data == KENT_SUPPLEMENT.read_bytes()
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    assert "attachment" not in resp.headers.get("Content-Disposition", "")


def test_pack_of_a_text_extraction_has_no_pdf(client, rutland_june):
    assert client.get(f"/packs/{rutland_june['pack_id']}.pdf").status_code == 404


@pytest.mark.parametrize("url", [
    "/packs/0000000000000000.pdf",
    "/packs/../../etc/passwd",
    "/packs/..%2F..%2Fetc%2Fpasswd.pdf",
    "/packs/%2e%2e%2f%2e%2e%2fetc%2fpasswd.pdf",
    "/packs/..%252F..%252Fetc%252Fpasswd.pdf",
    "/packs/etc/passwd.pdf",
    "/packs/%2Fetc%2Fpasswd.pdf",
    "/packs/kent_cabinet_2025-01-30_agenda_frontsheet.pdf",
])
def test_unknown_or_path_like_pack_ids_are_404_and_read_nothing(sample_config, sample_index, url):
    from search.engine import open_service

    asked: list[str] = []

    class Spy:
        def __init__(self, audience: str):
            self.inner = open_service(sample_index)

        def pack_path(self, pack_id):
            asked.append(pack_id)
            return self.inner.pack_path(pack_id)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    client = create_app(sample_config, service_factory=Spy).test_client()
    resp = client.get(url)
    assert resp.status_code == 404
    assert resp.mimetype == "text/html"
    assert b"root:" not in resp.data
    assert all(re.fullmatch(r"[0-9a-f]+", a) for a in asked), asked  # only well-formed ids reach the engine


# --------------------------------------------------------------------------- data formats


def test_search_json(client):
    data = search_json(client, q="educational psychology", limit=5)
    assert data["query"] == "educational psychology"
    assert data["total"] >= 1 and len(data["results"]) <= 5
    hit = data["results"][0]
    for key in ("item_id", "title", "council", "meeting", "date", "url", "meeting_url", "snippets_html",
                "snippets_text", "sections", "officers"):
        assert key in hit, key
    assert hit["url"].startswith("http://localhost/items/")
    assert "<mark>" in "".join(hit["snippets_html"] + [s["snippet_html"] for s in hit["sections"]])
    assert "<mark>" not in "".join(hit["snippets_text"])
    assert set(data["facets"]) >= {"council", "meeting", "year"}
    assert data["links"]["atom"].startswith("http://localhost/search.atom?q=educational+psychology")


def test_search_json_allows_bigger_pages_than_html(client):
    assert client.get("/search.json?q=council&limit=500").status_code == 200
    assert client.get("/?q=council&limit=500").status_code == 400


def test_search_csv(client):
    resp = client.get("/search.csv?q=educational+psychology&limit=50")
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="agenda-search-educational-psychology-page1.csv"'
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["item_id", "council", "meeting", "date", "item", "title"]
    total = search_json(client, q="educational psychology", limit=50)["total"]
    assert len(body) == min(total, 50)
    first = dict(zip(header, body[0]))
    assert first["url"].startswith("http://localhost/items/")
    assert "<mark>" not in first["snippet"]


def test_search_atom_feed(client):
    resp = client.get("/search.atom?q=council&council=Rutland+County+Council")
    assert resp.status_code == 200
    assert resp.mimetype == "application/atom+xml"
    root = ET.fromstring(resp.data)
    assert root.tag == f"{ATOM}feed"
    assert "council" in root.findtext(f"{ATOM}title")
    self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"][0]
    assert self_link.get("href").startswith("http://localhost/search.atom?q=council")
    entries = root.findall(f"{ATOM}entry")
    total = search_json(client, q="council", council="Rutland County Council")["total"]
    assert len(entries) == min(total, 10) and entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", u) for u in updated)
    assert updated == sorted(updated, reverse=True)  # feeds default to newest first
    for entry in entries:
        assert entry.findtext(f"{ATOM}title").startswith("Item ")
        assert "Rutland County Council" in entry.findtext(f"{ATOM}title")
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://localhost/items/")
        assert client.get(urlsplit(link).path).status_code == 200


# --------------------------------------------------------------------------- bad parameters


@pytest.mark.parametrize("qs, param, words", [
    ("limit=0", "limit", "between 1 and 100"),
    ("limit=101", "limit", "between 1 and 100"),
    ("limit=ten", "limit", "whole number"),
    ("page=0", "page", "between 1 and 1000"),
    ("page=99999", "page", "between 1 and 1000"),
    ("from=2017-13-45", "from", "not a date"),
    ("to=yesterday", "to", "not a date"),
    ("from=2018-01-01&to=2017-01-01", "from", "after"),
    ("sort=random", "sort", "sort by"),
])
def test_bad_parameters_get_a_helpful_400(client, qs, param, words):
    resp = client.get(f"/?q=school&{qs}")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400, body[:300]
    assert resp.mimetype == "text/html"
    assert "There is a problem with your search" in body
    assert words.lower() in body.lower()
    assert 'value="school"' in body  # the search box keeps what was typed
    assert "Traceback" not in body
    data = client.get(f"/search.json?q=school&{qs.replace('limit=101', 'limit=501')}")
    assert data.status_code == 400 and data.json["error"]["parameter"] == param
    assert client.get(f"/search.atom?q=school&{qs.replace('limit=101', 'limit=501')}").status_code == 400
    assert client.get(f"/search.csv?q=school&{qs.replace('limit=101', 'limit=501')}").status_code == 400


# --------------------------------------------------------------------------- security headers


@pytest.mark.parametrize("url", ["/", "/?q=school", "/search.json?q=school", "/search.atom?q=school",
                                 "/help", "/items/0000000000000000:1", "/?page=0", "/static/style.css"])
def test_security_headers(client, url):
    resp = client.get(url)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_pages_use_local_assets_and_no_inline_script(client, rutland_june):
    for url in ("/?q=school", item_path(rutland_june), "/help"):
        html = page(client, url)
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="http://localhost', "")), url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " style=" not in html and "<style" not in html and " on" + "click=" not in html


# --------------------------------------------------------------------------- one service per request


def test_service_is_opened_per_request_and_closed_at_teardown(sample_config, sample_index, rutland_june):
    from search.engine import open_service

    opened, closed = [], []

    class Counting:
        def __init__(self, audience: str):
            self.inner = open_service(sample_index)
            opened.append(self)

        def close(self):
            closed.append(self)
            self.inner.close()

        def __getattr__(self, name):
            return getattr(self.inner, name)

    client = create_app(sample_config, service_factory=Counting).test_client()
    urls = ["/?q=school", "/search.json?q=school", "/search.atom?q=school", item_path(rutland_june),
            f"/meetings/{rutland_june['pack_id']}", "/items/0000000000000000:1"]
    for url in urls:
        client.get(url)
    assert len(opened) == len(urls)  # one per request, even when a page asks the service several times
    assert closed == opened
    client.get("/help")
    client.get("/static/style.css")
    client.get("/?page=0")  # rejected before the service is needed
    assert len(opened) == len(urls)


def test_missing_index_is_a_503_not_a_500(tmp_path):
    from search.engine import open_service

    cfg = Config(archive_folders=(), index_dir=tmp_path / "nothing-here")
    client = create_app(cfg, service_factory=lambda audience: open_service(cfg.index_dir)).test_client()
    resp = client.get("/?q=school")
    assert resp.status_code == 503
    assert "agenda-search index" in resp.get_data(as_text=True)


# --------------------------------------------------------------------------- hostile text


HOSTILE_TITLE = "ZANZIBARQUUX LIBRARY <script>alert(1)</script> REVIEW <img src=x onerror=alert(1)>"
HOSTILE_PACK = f"""Public Document Pack

Rutland County Council

Catmose, Oakham, Rutland, LE15 6HP.

Meeting:\tCABINET
Date and Time:\tTuesday, 20 June 2017 at 9.30 am
Venue:\tCOUNCIL CHAMBER, CATMOSE

AGENDA

APOLOGIES FOR ABSENCE

1) ANNOUNCEMENTS FROM THE CHAIRMAN

REPORT OF THE DIRECTOR FOR PEOPLE

2) {HOSTILE_TITLE}

Report No. 777/2017 (Pages 3 - 6)

---000----

Agenda Item 2

Report No: 777/2017 PUBLIC REPORT

CABINET

20th June 2017

{HOSTILE_TITLE}

Report of the Director for People

Key Decision: No
Exempt Information: No
Contact Officer(s):\tJane Zedwell\t, Head of <b>Libraries</b>\t01572 000000 jzedwell@rutland.gov.uk\t\t

DECISION RECOMMENDATIONS

1. That Cabinet approves the zanzibarquux library review <script>alert(1)</script> and notes <img src=x onerror=alert(1)> the costs.

1 PURPOSE OF THE REPORT

1.1 To review the zanzibarquux library service. <script>alert(1)</script> The library <img src=x onerror=alert(1)> needs new shelves & "quotes" too.

2 FINANCIAL IMPLICATIONS

2.1 The zanzibarquux review costs £1,000. <script>alert(1)</script>
"""

RAW_TAGS = ("<script>alert(1)</script>", "<script", "<img src=x", "onerror=alert(1)>", "<b>Libraries")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A client over a tmp index holding only the hostile pack, and that item's URL."""
    from indexer.writer import index_paths
    from search.engine import open_service

    folder = tmp_path_factory.mktemp("hostile-pack")
    (folder / "hostile-cabinet-2017-06-20.txt").write_text(HOSTILE_PACK, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    summary = index_paths([folder], index_dir, timeout=60)
    assert not summary.failed, summary.failed
    cfg = Config(archive_folders=(folder,), index_dir=index_dir)
    client = create_app(cfg, service_factory=lambda audience: open_service(index_dir)).test_client()
    data = client.get("/search.json?q=zanzibarquux").json
    assert data["total"] == 1, data
    return client, data["results"][0]


def assert_no_raw_tags(body: str, where: str) -> None:
    for raw in RAW_TAGS:
        assert raw not in body, f"raw {raw!r} in {where}"


def test_hostile_pack_is_escaped_on_the_search_page(hostile):
    client, hit = hostile
    html = page(client, "/?q=zanzibarquux")
    assert "Item 2: ZANZIBARQUUX LIBRARY" in html
    body = html.split("<body>", 1)[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert_no_raw_tags(body.replace('<script src="/static/app.js" defer></script>', ""), "search page")
    # the <title> too (it repeats the query)
    html = page(client, "/?q=" + quote("<script>alert(1)</script> zanzibarquux"))
    assert_no_raw_tags(html.replace('<script src="/static/app.js" defer></script>', ""), "search page with hostile query")


def test_hostile_pack_is_escaped_on_item_meeting_and_officer_pages(hostile):
    client, hit = hostile
    for url in (item_path(hit), f"/meetings/{hit['pack_id']}", "/officers/Jane%20Zedwell"):
        html = page(client, url)
        assert_no_raw_tags(html.replace('<script src="/static/app.js" defer></script>', ""), url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    html = page(client, item_path(hit))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Head of &lt;b&gt;Libraries&lt;/b&gt;" in html
    assert "new shelves &amp; &#34;quotes&#34; too" in html or "new shelves &amp; &quot;quotes&quot; too" in html


def test_hostile_pack_is_escaped_in_the_atom_feed(hostile):
    client, _ = hostile
    resp = client.get("/search.atom?q=zanzibarquux")
    body = resp.get_data(as_text=True)
    assert_no_raw_tags(body, "atom feed")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    entry = ET.fromstring(resp.data).find(f"{ATOM}entry")
    assert HOSTILE_TITLE in entry.findtext(f"{ATOM}title")  # the text itself survives, as text
    assert entry.find(f"{ATOM}summary").get("type") == "text"


def test_hostile_pack_is_inert_in_json(hostile):
    """JSON is served as JSON (nosniff) and never contains a raw tag, even inside strings:
    '<' and '>' are written as \\u003c / \\u003e, so no browser or careless page can run them."""
    client, hit = hostile
    for url in ("/search.json?q=zanzibarquux", item_path(hit) + ".json", f"/meetings/{hit['pack_id']}.json",
                "/officers/Jane%20Zedwell.json"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert resp.mimetype == "application/json"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        body = resp.get_data(as_text=True)
        assert "<" not in body and ">" not in body, url
        assert "\\u003cscript\\u003e" in body, url
    data = client.get(item_path(hit) + ".json").json
    assert data["title"] == HOSTILE_TITLE  # the data itself is intact
    results = client.get("/search.json?q=zanzibarquux").json["results"]
    html_snippets = "".join(results[0]["snippets_html"] + [s["snippet_html"] for s in results[0]["sections"]])
    assert_no_raw_tags(html_snippets, "snippet_html")
    assert "&lt;script&gt;" in html_snippets


def test_hostile_pack_csv_cells_are_text(hostile):
    client, _ = hostile
    rows = list(csv.reader(io.StringIO(client.get("/search.csv?q=zanzibarquux").get_data(as_text=True))))
    assert any(HOSTILE_TITLE in cell for cell in rows[1])


def test_agenda_item_links_to_its_minutes_in_another_pack(client):
    data = search_json(client, q="Strengthening Independence Service transfer", limit=50)
    hit = next(h for h in data["results"] if h["date"] == "2025-01-30" and h["item"] == "7")
    papers = [{"source": hit["source"], "url": hit["url"]}] + hit["also_in"]
    agenda = next(p for p in papers if p["source"] == "kent_cabinet_2025-01-30_agenda_frontsheet.pdf")
    html = page(client, item_path(agenda))
    related = html.split('id="related"', 1)[1].split("</ul>", 1)[0]
    assert "kent_cabinet_2025-01-30_printed_minutes.pdf" in related
    links = re.findall(r'<li><a href="(/items/[^"]+)">', related)
    assert links and item_path(agenda) not in links
    minutes_page = page(client, links[0])
    assert "Transfer the 18-25" in minutes_page
    item = client.get(item_path(agenda) + ".json").json
    assert {r["source"] for r in item["related"]} >= {"kent_cabinet_2025-01-30_printed_minutes.pdf"}


def test_a_meeting_item_is_one_result_with_links_to_its_other_papers(client):
    data = search_json(client, q="Strengthening Independence Service transfer", limit=50)
    kent7 = [h for h in data["results"] if h["date"] == "2025-01-30" and h["item"] == "7"]
    assert len(kent7) == 1 and len(kent7[0]["also_in"]) == 2
    assert all(p["url"].startswith("http://localhost/items/") for p in kent7[0]["also_in"])
    html = page(client, "/?q=Strengthening+Independence+Service+transfer")
    also = html.split('class="also-in"', 1)[1].split("</p>", 1)[0]
    assert "minutes" in also and len(re.findall(r'href="/items/', also)) == 2
