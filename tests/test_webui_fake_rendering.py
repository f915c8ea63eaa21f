"""Pure-rendering unit tests of the website over the in-memory FakeService.

These pin down edge cases that real sample data cannot set up exactly (a
buggy engine returning unescaped snippets, an index that cannot be opened, an
unexpected exception). Everything else is tested against the real engine in
tests/test_webui.py.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from core.config import load_config
from webui.app import create_app

from webui_fake import PDF_PACK, TXT_PACK, FakeService


@pytest.fixture
def fake():
    return FakeService()


@pytest.fixture
def fake_client(fake):
    app = create_app(load_config(), service_factory=lambda audience: fake)
    app.testing = True
    return app.test_client()


def test_fake_hostile_strings_are_escaped_everywhere(fake_client):
    for url in ("/?q=library", f"/items/{TXT_PACK}:7", f"/meetings/{TXT_PACK}", "/officers/Jane Smith"):
        html = fake_client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    html = fake_client.get(f"/items/{TXT_PACK}:7").get_data(as_text=True)
    assert "Bob &lt;b&gt;Bold&lt;/b&gt;" in html


def test_fake_unescaped_snippet_from_a_buggy_engine_is_resanitised(fake, fake_client):
    original = fake._hit

    def bad_hit(item, words):
        hit = original(item, words)
        sec = replace(hit.sections[0], snippet='<img src=x onerror="alert(1)"><mark>school</mark>')
        return replace(hit, sections=(sec,), snippets=(sec.snippet,))

    fake._hit = bad_hit
    html = fake_client.get("/?q=school").get_data(as_text=True)
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;<mark>school</mark>" in html


def test_fake_text_packs_get_no_page_links(fake_client):
    html = fake_client.get(f"/items/{TXT_PACK}:7").get_data(as_text=True)
    assert "/packs/" not in html
    assert "pp. 5–6" in html  # the page numbers are still shown, as text
    html = fake_client.get(f"/items/{PDF_PACK}:5").get_data(as_text=True)
    assert f'href="/packs/{PDF_PACK}.pdf#page=3"' in html


def test_fake_service_is_closed_after_every_request(fake, fake_client):
    fake_client.get("/?q=school")
    fake_client.get(f"/items/{PDF_PACK}:5")
    fake_client.get("/help")  # does not need the service: nothing opened, nothing closed
    assert fake.closed == 2


def test_fake_index_that_cannot_be_opened_gives_a_helpful_503():
    def broken(audience):
        raise FileNotFoundError("/var/index does not exist")

    client = create_app(load_config(), service_factory=broken).test_client()
    resp = client.get("/?q=school")
    assert resp.status_code == 503
    assert "agenda-search index" in resp.get_data(as_text=True)
    assert client.get("/search.json?q=x").json["error"]["status"] == 503


def test_fake_unexpected_error_gives_a_plain_500_page_without_traceback(fake):
    def boom(request):
        raise RuntimeError("secret internals /srv/index")

    fake.search = boom
    app = create_app(load_config(), service_factory=lambda audience: fake)
    app.testing = False  # behave as in production: the 500 handler, not propagation
    resp = app.test_client().get("/?q=x")
    assert resp.status_code == 500
    body = resp.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in body
    assert "Traceback" not in body and "secret internals" not in body
    assert "Content-Security-Policy" in resp.headers


def test_fake_engine_query_error_becomes_a_400(fake_client, fake):
    fake.raise_on_query = "(("
    resp = fake_client.get("/?q=((budget")
    assert resp.status_code == 400
    body = resp.get_data(as_text=True)
    assert "could not understand" in body and 'value="((budget"' in body


def test_fake_paging_links_and_counts(fake_client, fake):
    fake.extra_hits = 25
    html = fake_client.get("/?q=school&page=2").get_data(as_text=True)
    assert "Showing 11–20 of 26" in html
    assert 'href="/?q=school&amp;page=3"' in html and 'aria-current="page"' in html


def test_fake_repeated_passages_are_shown_once(fake, fake_client):
    original = fake._hit

    def twice(item, words):
        hit = original(item, words)
        dup = replace(hit.sections[0], heading=hit.sections[0].heading + " – resolved", kind="decision")
        return replace(hit, sections=(hit.sections[0], dup) + hit.sections[1:])

    fake._hit = twice
    html = fake_client.get("/?q=school").get_data(as_text=True)
    first = html.split('<li class="result">')[1]
    assert first.count("Cabinet is asked to approve the <mark>school</mark> transport policy.") == 1
    assert "Financial implications" in first  # the next distinct section takes the free place
