"""Scanned pages (no text layer) are counted and named by `index`, `stats` and the meeting page.

Before: a scanned pack was indexed as a silent empty pack; a partly scanned one lost its scanned
pages without a word. Now `Pack.unreadable_pages` (physical page numbers) travels with the pack
JSON, and every place that shows the pack says which pages could not be read.
"""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from core.config import Config
from indexer.documents import file_sha256, pack_id_for
from indexer.parse import parse_file
from indexer.writer import index_paths
from search.engine import open_service
from tests.hostile import scanned_pdf


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    archive = tmp_path_factory.mktemp("scanned-archive")
    partly = scanned_pdf(archive / "partly-scanned.pdf", 10, {2, 5, 7}, word="dugongpartly")
    wholly = scanned_pdf(archive / "wholly-scanned.pdf", 3, {1, 2, 3})
    index_dir = tmp_path_factory.mktemp("scanned-index")
    summary = index_paths([archive], index_dir)
    return {"archive": archive, "partly": partly, "wholly": wholly, "index": index_dir, "summary": summary}


def run(index_dir: Path, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([*argv, "--index", str(index_dir)])
    return code, out.getvalue()


def test_pages_without_a_text_layer_are_recorded_in_the_pack(scanned):
    pack = parse_file(scanned["partly"])
    assert pack.unreadable_pages == (2, 5, 7) and pack.pages == 10
    assert pack.to_json()["unreadable_pages"] == [2, 5, 7]
    assert pack.items  # the readable pages are still read


def test_index_report_says_3_of_10_pages_have_no_text_layer(scanned):
    lines = scanned["summary"].lines()
    assert (f"  no text layer: {scanned['partly']}: 3 of 10 pages have no readable text layer "
            "(pages 2, 5, 7): scanned? they need OCR to be searched") in lines
    assert f"  no text layer: {scanned['wholly']}: 3 of 3 pages have no readable text layer (pages 1-3): " \
           "scanned? they need OCR to be searched" in lines
    assert not scanned["summary"].failed  # indexed, not failed: the readable pages are searchable


def test_stats_counts_and_names_the_pages_without_text(scanned):
    code, out = run(scanned["index"], "stats")
    assert code == 0
    assert "No text:     6 pages in 2 packs (scanned: not searchable until OCR)" in out
    assert "  partly-scanned.pdf: 3 of 10 pages have no readable text layer (pages 2, 5, 7)" in out
    code, out = run(scanned["index"], "stats", "--json")
    data = json.loads(out)
    assert data["unreadable_pages"] == 6
    assert {"source": "partly-scanned.pdf", "pages": [2, 5, 7], "of": 10} in data["packs_with_unreadable_pages"]


def test_meeting_page_says_which_pages_could_not_be_read(scanned):
    from webui.app import create_app

    index_dir = scanned["index"]
    cfg = Config(archive_folders=(scanned["archive"],), index_dir=index_dir)
    client = create_app(cfg, service_factory=lambda audience: open_service(index_dir, audience=audience)).test_client()
    pid = pack_id_for(file_sha256(scanned["partly"]))
    html = client.get(f"/meetings/{pid}").get_data(as_text=True)
    assert "3 of 10 pages could not be read</strong>: pages 2, 5 and 7 have no text layer" in html
    assert "Open the original</a> to read them" in html
    assert client.get(f"/meetings/{pid}.json").json["unreadable_pages"] == [2, 5, 7]
    wholly = pack_id_for(file_sha256(scanned["wholly"]))
    html = client.get(f"/meetings/{wholly}").get_data(as_text=True)
    assert "3 of 3 pages could not be read</strong>: pages 1–3 have no text layer" in html
    # a pack with every page readable says nothing of the kind
    readable = index_paths([Path(__file__).parent.parent / "samples" / "text" / "rutland-cabinet-2017-06-20.txt"],
                           index_dir)
    rpid = pack_id_for(file_sha256(Path(readable.added[0])))
    assert "could not be read" not in client.get(f"/meetings/{rpid}").get_data(as_text=True)
