"""Bad input, clear answers: a generated corpus of hostile files, indexed by the real command.

`agenda-search index` runs once (in-process, through the real worker, writer and engine) over
~60 generated hostile and odd files plus three good packs. Every hostile file must be named in
the report with a reason (failed, pages without text, nothing to search), the odd-but-legitimate
ones (UTF-16/32, Windows-1252, mixed encodings, 1 MB one-line files) indexed and searchable, the
good packs searchable, and nothing may crash. The same corpus at full size (a 1 GB deflate bomb,
a 200,000-page tree, 5 MB lines):

    .venv/bin/python scripts/hostile_corpus.py --full
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from cli.main import main
from search.engine import open_service
from search.results import SearchRequest
from tests.hostile import SEARCH_WORDS, build_corpus

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"rutland-cabinet-2017-06-20.txt": "psychology", "kent_cabinet_2025-01-30_agenda_frontsheet.pdf": "Cabinet"}
# small limits, so that the bombs are stopped quickly (the good files need far less)
CONFIG = """[archive]
folders = ["archive"]
[index]
dir = "index"
[extract]
timeout_seconds = 5
per_page_seconds = 0.5
max_seconds = 60
max_pages = 1000
max_memory_mb = 512
"""


def run_cli(config: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("AGENDA_SEARCH_CONFIG")
    os.environ["AGENDA_SEARCH_CONFIG"] = str(config)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        if old is None:
            os.environ.pop("AGENDA_SEARCH_CONFIG", None)
        else:
            os.environ["AGENDA_SEARCH_CONFIG"] = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    archive = base / "archive"
    expected = build_corpus(archive)
    for name in GOOD:
        shutil.copy(ROOT / "samples" / ("pdf" if name.endswith(".pdf") else "text") / name, archive)
    config = base / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    code, out, err = run_cli(config, "index", "--json")
    report = json.loads(out)
    print(f"\nhostile corpus: {len(expected)} files in {time.monotonic() - started:.1f} s")
    return {"base": base, "config": config, "expected": expected, "code": code, "report": report, "err": err}


def named(report: dict) -> dict[str, str]:
    """file name -> reason, for every file the report names as not (fully) searchable."""
    out = {}
    for entry in report["failed"] + report["nothing_to_search"]:
        out[Path(entry["path"]).name] = entry["reason"]
    for entry in report["unreadable_pages"]:
        out[Path(entry["path"]).name] = f"pages {entry['pages']} of {entry['of']} without text"
    return out


def search(index_dir: Path, query: str) -> set[str]:
    service = open_service(index_dir)
    try:
        return {h.source for h in service.search(SearchRequest(query=query, limit=100)).results}
    finally:
        service.close()


def test_every_hostile_file_is_reported_with_a_reason_and_nothing_crashes(hostile_run):
    expected, report = hostile_run["expected"], hostile_run["report"]
    hostile = {n for n, outcome in expected.items() if outcome in ("fail", "report")}
    assert len(expected) >= 50 and len(hostile) >= 40
    assert "Traceback" not in hostile_run["err"]
    assert hostile_run["code"] == 3  # done, files failed (README: exit codes)
    reasons = named(report)
    failed = {Path(f["path"]).name for f in report["failed"]}
    missing = sorted(hostile - set(reasons))
    assert not missing, f"hostile files not named in the report: {missing}"
    assert all(reasons[n].strip() for n in hostile)
    assert {n for n, outcome in expected.items() if outcome == "fail"} <= failed
    assert f"{len(report['failed'])} files could not be read" in hostile_run["err"]
    print(f"hostile files tried {len(hostile)} / crashes 0 / reported {len(hostile & set(reasons))}")


@pytest.mark.parametrize("name, reason", [
    ("encrypted-40.pdf", "encrypted PDF (password required)"),
    ("encrypted-128.pdf", "encrypted PDF (password required)"),
    ("truncated-50.pdf", "truncated or damaged PDF"),
    ("random-1.pdf", "not a PDF"),
    ("zero.pdf", "empty file"),
    ("zero.txt", "empty file"),  # same bytes as zero.pdf: a copy of a failed file is failed, not "unchanged"
    ("blank-utf16.txt", "empty file"),
    ("page-tree-huge.pdf", "too many pages (3000; at most 1000"),
    ("garbage-1.txt", "binary data"),
    ("pdf-named.txt", "a PDF file, not a text extraction; give it a .pdf name"),
    ("zip-named.md", "ZIP archive"),
])
def test_hostile_file_reasons_say_what_is_wrong(hostile_run, name, reason):
    assert reason in named(hostile_run["report"])[name]


def test_bombs_are_stopped_by_the_memory_or_time_limit(hostile_run):
    reasons = named(hostile_run["report"])
    assert reasons["deflate-bomb.pdf"].startswith(("out of memory", "timed out"))
    # a reference loop sends pdfminer round for ever: the time limit ends it (or it reads nothing)
    assert "timed out after 5" in reasons["reference-loop.pdf"] or "no text" in reasons["reference-loop.pdf"]


def test_scanned_pages_are_counted_and_named(hostile_run):
    pages = {Path(u["path"]).name: (u["pages"], u["of"]) for u in hostile_run["report"]["unreadable_pages"]}
    assert pages["scanned-3-of-10.pdf"] == ([2, 5, 7], 10)
    assert pages["scanned-all.pdf"] == ([1, 2, 3], 3)
    # the readable pages of a partly scanned pack are searchable
    assert "scanned-3-of-10.pdf" in search(hostile_run["base"] / "index", SEARCH_WORDS["scanned-3-of-10.pdf"])


def test_odd_but_legitimate_files_are_indexed_and_searchable(hostile_run):
    expected, report = hostile_run["expected"], hostile_run["report"]
    legit = {n for n, outcome in expected.items() if outcome == "index"}
    added = {Path(p).name for p in report["added"]}
    assert legit | {n for n, outcome in expected.items() if outcome == "parse"} <= added, sorted(legit - added)
    index_dir = hostile_run["base"] / "index"
    for name in sorted(legit):
        assert name in search(index_dir, SEARCH_WORDS[name]), name
    # (the characters themselves: tests/test_text_decode.py)


def test_good_packs_beside_hostile_files_are_indexed(hostile_run):
    added = {Path(p).name for p in hostile_run["report"]["added"]}
    index_dir = hostile_run["base"] / "index"
    for name, word in GOOD.items():
        assert name in added
        assert name in search(index_dir, word)


def test_second_run_over_the_hostile_corpus_changes_nothing(hostile_run):
    code, out, err = run_cli(hostile_run["config"], "index", "--json")
    again = json.loads(out)
    assert code == 3 and "Traceback" not in err
    assert not again["added"] and not again["updated"]
    first = {Path(f["path"]).name for f in hostile_run["report"]["failed"]}
    assert {Path(f["path"]).name for f in again["failed"]} == first
    # stats names the pages without text too
    code, out, _ = run_cli(hostile_run["config"], "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    scanned = {s["source"]: s["pages"] for s in stats["packs_with_unreadable_pages"]}
    assert scanned["scanned-3-of-10.pdf"] == [2, 5, 7] and stats["unreadable_pages"] >= 7
