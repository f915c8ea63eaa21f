"""Incremental indexing (indexer.writer) and the index/search/similar/stats commands, end to end.

Everything runs on real sample packs through the real extractor, writer and search engine.
Tests that change files index a small temporary copy of a few samples (two text packs and a
two-page PDF, under a second per run); read-only command tests reuse the session `sample_index`.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from whoosh import index as windex

from cli.main import main
from core.schema import INDEX_NAME, SCHEMA_FILE, SCHEMA_VERSION, read_schema_version
from indexer.documents import file_sha256, pack_id_for
from core.generations import WRITER_LOCK_FILE, current_path
from cli.progress import print_progress_bar
from indexer.writer import FileFailure, IndexSummary, index_paths
from search.engine import open_service
from search.results import SearchRequest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CABINET_TXT = "rutland-cabinet-2017-06-20.txt"  # has the "Educational Psychology Contract" item
SCRUTINY_TXT = "rutland-people-adults-health-scrutiny-2016-07-14.txt"
FRONTSHEET_PDF = "kent_cabinet_2025-01-30_agenda_frontsheet.pdf"  # 2 pages
MINUTES_PDF = "kent_cpp_2024-10-29_minutes.pdf"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def _own_config(tmp_path, monkeypatch):
    """main() reads a configuration of this test's own (never the user's config or var/index)."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('[archive]\nfolders = ["archive"]\n[index]\ndir = "cfg-index"\n'
                   "[extract]\ntimeout_seconds = 60\n", encoding="utf-8")
    monkeypatch.setenv("AGENDA_SEARCH_CONFIG", str(cfg))


@pytest.fixture
def archive(tmp_path) -> Path:
    """A temporary archive: two text packs and a small PDF pack, free to change."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SAMPLES / "text" / CABINET_TXT, folder)
    shutil.copy(SAMPLES / "text" / SCRUTINY_TXT, folder)
    shutil.copy(SAMPLES / "pdf" / FRONTSHEET_PDF, folder)
    return folder


@pytest.fixture
def ix(tmp_path) -> Path:
    return tmp_path / "index"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`agenda-search ARGV…` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def files_of(index_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file of the index folder (generations included; not the run lock, which records
    its holder) with its size and modification time."""
    return {str(p.relative_to(index_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(index_dir.rglob("*")) if p.is_file() and not p.name.startswith(WRITER_LOCK_FILE)}


def whoosh_state(index_dir: Path) -> dict:
    """Generation, live document count, doc ids and pack registry, read straight from Whoosh."""
    wix = windex.open_dir(str(current_path(index_dir)), indexname=INDEX_NAME)
    with wix.searcher() as s:
        stored = list(s.all_stored_fields())
        return {
            "generation": (current_path(index_dir).name, wix.latest_generation()),
            "doc_count": s.doc_count(),
            "doc_ids": [f["doc_id"] for f in stored],
            "packs": {f["pack_id"]: f.get("path") for f in stored if f.get("doc_type") == "pack"},
        }


def search(index_dir: Path, query: str, **kw):
    service = open_service(index_dir)
    try:
        return service.search(SearchRequest(query=query, limit=100, **kw))
    finally:
        service.close()


def sources(resp) -> set[str]:
    return {h.source for h in resp.results}


# --------------------------------------------------------------------------- incremental indexing


def test_second_run_is_unchanged_and_leaves_the_index_alone(archive, ix):
    first = index_paths([archive], ix)
    assert (len(first.added), first.updated, first.unchanged, first.failed) == (3, [], [], [])
    assert not first.rebuilt
    before_files, before = files_of(ix), whoosh_state(ix)
    assert len(before["packs"]) == 3 and before["doc_count"] == len(before["doc_ids"])

    second = index_paths([archive], ix)
    assert sorted(second.unchanged) == sorted(str(p) for p in archive.iterdir())
    assert (second.added, second.updated, second.pruned, second.failed, second.moved) == ([], [], [], [], [])
    assert not second.changed
    assert files_of(ix) == before_files  # not a byte written
    assert whoosh_state(ix) == before
    assert "added 0, updated 0, unchanged 3, pruned 0, failed 0" in second.lines()[1]


def test_changed_text_pack_is_updated_old_text_gone_new_text_found(archive, ix):
    index_paths([archive], ix)
    assert CABINET_TXT in sources(search(ix, "psychology"))
    assert search(ix, "zorblaxian").total == 0
    old_pid = pack_id_for(file_sha256(archive / CABINET_TXT))

    pack = archive / CABINET_TXT
    text = pack.read_text(encoding="utf-8")
    pack.write_text(re.sub(r"(?i)psycholog\w*", "Zorblaxian", text), encoding="utf-8")
    summary = index_paths([archive], ix)

    assert summary.updated == [str(pack)]
    assert (summary.added, summary.failed) == ([], [])
    assert len(summary.unchanged) == 2
    state = whoosh_state(ix)
    assert old_pid not in state["packs"] and len(state["packs"]) == 3
    assert pack_id_for(file_sha256(pack)) in state["packs"]
    assert len(state["doc_ids"]) == len(set(state["doc_ids"]))
    assert search(ix, "psychology").total == 0
    found = search(ix, "zorblaxian")
    assert sources(found) == {CABINET_TXT}
    assert any("Zorblaxian" in h.title for h in found.results)


def test_removed_pack_is_dropped_only_with_prune(archive, ix):
    index_paths([archive], ix)
    gone = archive / SCRUTINY_TXT
    gone.unlink()

    kept = index_paths([archive], ix)
    assert (kept.pruned, kept.added, kept.updated) == ([], [], [])
    assert len(whoosh_state(ix)["packs"]) == 3
    assert SCRUTINY_TXT in sources(search(ix, "scrutiny"))

    pruned = index_paths([archive], ix, prune=True)
    assert pruned.pruned == [str(gone)]
    assert f"  pruned: {gone}" in pruned.lines()
    assert len(whoosh_state(ix)["packs"]) == 2
    assert SCRUTINY_TXT not in sources(search(ix, "scrutiny"))


def test_broken_pdfs_are_reported_with_a_reason_and_the_rest_is_indexed(archive, ix):
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    real = (SAMPLES / "pdf" / MINUTES_PDF).read_bytes()
    (archive / "truncated.pdf").write_bytes(real[: len(real) // 3])

    summary = index_paths([archive], ix)

    assert len(summary.added) == 3
    failed = {Path(f.path).name: f.reason for f in summary.failed}
    assert set(failed) == {"broken.pdf", "truncated.pdf"}
    assert all("PDF" in reason for reason in failed.values()), failed
    lines = summary.lines()
    assert "failed 2" in lines[1]
    for f in summary.failed:
        assert f"  failed: {f.path}: {f.reason}" in lines
    # the index is intact: it opens and searches, with the good packs only
    assert len(whoosh_state(ix)["packs"]) == 3
    assert CABINET_TXT in sources(search(ix, "psychology"))
    # failures are reported again on the next run (without reading them); the rest stays unchanged
    again = index_paths([archive], ix)
    assert len(again.unchanged) == 3 and len(again.failed) == 2 and not again.added


def test_failed_files_are_not_read_again_until_changed_or_retried(archive, ix):
    from indexer.parse import parse_file

    (archive / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    read: list[str] = []

    def counting_parser(path, timeout):
        read.append(Path(path).name)
        return parse_file(path, timeout=timeout)

    first = index_paths([archive], ix, parser=counting_parser)
    assert [Path(f.path).name for f in first.failed] == ["broken.pdf"] and "broken.pdf" in read
    read.clear()
    second = index_paths([archive], ix, parser=counting_parser)
    assert read == []  # nothing read: the good packs are unchanged, the broken one remembered
    assert [Path(f.path).name for f in second.failed] == ["broken.pdf"]
    assert "--retry-failed" in second.failed[0].reason and "PDF" in second.failed[0].reason
    third = index_paths([archive], ix, parser=counting_parser, retry_failed=True)
    assert read == ["broken.pdf"] and len(third.failed) == 1
    # the file is fixed: it is read and indexed, and forgotten as a failure
    read.clear()
    shutil.copy(SAMPLES / "pdf" / MINUTES_PDF, archive / "broken.pdf")
    fourth = index_paths([archive], ix, parser=counting_parser)
    assert read == ["broken.pdf"] and not fourth.failed and len(fourth.added) == 1
    assert not index_paths([archive], ix, parser=counting_parser).failed


def test_cli_index_retry_failed_flag(archive, ix, capsys):
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    run(capsys, "index", str(archive), "--index", str(ix))
    code, out, err = run(capsys, "index", str(archive), "--index", str(ix))
    assert code == 3 and "--retry-failed" in out + err
    code, out, err = run(capsys, "index", str(archive), "--index", str(ix), "--retry-failed")
    assert code == 3 and "failed 1" in out + err and "not read again" not in out + err


def test_moved_pack_is_unchanged_with_its_path_updated(archive, ix):
    index_paths([archive], ix)
    before = whoosh_state(ix)
    old, new = archive / SCRUTINY_TXT, archive / "moved" / "scrutiny-2016.txt"
    new.parent.mkdir()
    old.rename(new)
    pid = pack_id_for(file_sha256(new))

    summary = index_paths([archive], ix)

    assert str(new) in summary.unchanged
    assert (summary.added, summary.updated, summary.failed) == ([], [], [])
    assert summary.moved == [f"{pid}: {new}"]
    after = whoosh_state(ix)
    assert after["packs"][pid] == str(new)
    assert sorted(after["doc_ids"]) == sorted(before["doc_ids"])
    service = open_service(ix)
    try:
        assert service.pack_path(pid) == str(new)
    finally:
        service.close()
    # and nothing left to do afterwards
    assert not index_paths([archive], ix).changed


def test_moved_pack_whose_old_path_gets_new_content_is_kept(archive, ix):
    """Bug: a pack renamed (agenda.txt → agenda-2017-06.txt) while a new file took its old name
    was reported unchanged, but its documents were deleted as the 'previous version' of the new file."""
    index_paths([archive], ix)
    cabinet, renamed = archive / CABINET_TXT, archive / "cabinet-2017-06-20-renamed.txt"
    cabinet_pid = pack_id_for(file_sha256(cabinet))
    cabinet.rename(renamed)
    shutil.copy(SAMPLES / "text" / "rutland-cabinet-2017-05-16.md", cabinet)  # new content, old name

    summary = index_paths([archive], ix)

    assert summary.added == [str(cabinet)]
    assert str(renamed) in summary.unchanged
    assert summary.moved == [f"{cabinet_pid}: {renamed}"]
    state = whoosh_state(ix)
    assert state["packs"][cabinet_pid] == str(renamed)
    assert state["packs"][pack_id_for(file_sha256(cabinet))] == str(cabinet)
    assert len(state["packs"]) == 4
    assert "cabinet-2017-06-20-renamed.txt" not in sources(search(ix, "psychology"))  # source is the name it was indexed under
    assert any(h.pack_id == cabinet_pid for h in search(ix, "psychology").results)
    assert not index_paths([archive], ix).changed


def test_changed_pack_whose_new_content_is_indexed_elsewhere_drops_its_old_content(archive, ix):
    """Bug: when a file's new content was already indexed (a copy of another pack), the file's
    old documents stayed in the index for good (neither replaced nor prunable)."""
    index_paths([archive], ix)
    scrutiny = archive / SCRUTINY_TXT
    old_pid = pack_id_for(file_sha256(scrutiny))
    shutil.copy(archive / CABINET_TXT, scrutiny)

    summary = index_paths([archive], ix)

    assert summary.updated == [str(scrutiny)]
    state = whoosh_state(ix)
    assert old_pid not in state["packs"] and len(state["packs"]) == 2
    assert not any(h.pack_id == old_pid for h in search(ix, "scrutiny").results)
    assert not index_paths([archive], ix).changed


def test_schema_version_change_rebuilds_from_scratch(archive, ix):
    index_paths([archive], ix)
    before = whoosh_state(ix)
    (current_path(ix) / SCHEMA_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION + 99}), encoding="utf-8")

    # only one file named: the others come back from the old registry
    summary = index_paths([archive / CABINET_TXT], ix)

    assert summary.rebuilt
    assert "(rebuilt for a new schema)" in summary.lines()[0]
    assert len(summary.added) == 3 and not summary.unchanged and not summary.failed
    assert read_schema_version(current_path(ix)) == SCHEMA_VERSION
    after = whoosh_state(ix)
    assert sorted(after["doc_ids"]) == sorted(before["doc_ids"])
    assert len(after["doc_ids"]) == len(set(after["doc_ids"]))
    assert CABINET_TXT in sources(search(ix, "psychology"))


def test_two_indexers_at_once_wait_for_each_other_and_do_not_duplicate(archive, ix):
    from indexer.parse import parse_file

    first_parsing = threading.Event()
    second_waiting = threading.Event()
    results: dict[str, IndexSummary] = {}
    errors: list[BaseException] = []

    def slow_parse(path, timeout):  # holds the writer lock until the second run is waiting for it
        first_parsing.set()
        second_waiting.wait(30)
        return parse_file(path, timeout=timeout)

    def waiting(progress):
        if progress.message:
            second_waiting.set()

    def runner(name, **kw):
        try:
            results[name] = index_paths([archive], ix, **kw)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    a = threading.Thread(target=runner, args=("first",), kwargs={"parser": slow_parse})
    b = threading.Thread(target=runner, args=("second",), kwargs={"progress": waiting})
    a.start()
    assert first_parsing.wait(30)
    b.start()
    a.join(60)
    b.join(60)
    assert not errors, errors
    assert second_waiting.is_set()  # the second run really did wait for the lock
    assert len(results["first"].added) == 3
    assert len(results["second"].unchanged) == 3 and not results["second"].changed
    state = whoosh_state(ix)
    assert len(state["packs"]) == 3
    assert len(state["doc_ids"]) == len(set(state["doc_ids"])) == state["doc_count"]


def test_summary_lines_list_every_failure_with_its_reason():
    s = IndexSummary(index_dir="/ix", added=["a"], failed=[FileFailure("/x/b.pdf", "truncated or damaged PDF"),
                                                           FileFailure("/x/c.txt", "cannot read: Permission denied")])
    lines = s.lines()
    assert lines[1].startswith("added 1, updated 0, unchanged 0, pruned 0, failed 2")
    assert "  failed: /x/b.pdf: truncated or damaged PDF" in lines
    assert "  failed: /x/c.txt: cannot read: Permission denied" in lines


def test_progress_bar_reports_files_and_pages_per_second(archive, ix, capsys):
    index_paths([archive], ix, progress=print_progress_bar())
    err = capsys.readouterr().err
    assert "3/3 files" in err and "pages/s" in err


# --------------------------------------------------------------------------- agenda-search index


def test_cli_index_prints_the_summary_and_exits_3_when_files_failed(archive, ix, capsys):
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    code, out, err = run(capsys, "index", str(archive), "--index", str(ix))
    assert code == 3  # done, but files failed (README: exit codes)
    assert "1 file could not be read" in err
    assert f"Index: {ix}" in out
    assert "added 3, updated 0, unchanged 0, pruned 0, failed 1" in out
    assert re.search(r"failed: .*broken\.pdf: .*PDF", out)
    assert "3/4 files" in err or "4/4 files" in err
    assert "pages/s" in err

    code, out, _ = run(capsys, "index", str(archive), "--index", str(ix))
    assert code == 3 and "added 0, updated 0, unchanged 3, pruned 0, failed 1" in out

    (archive / SCRUTINY_TXT).unlink()
    (archive / "broken.pdf").unlink()
    code, out, _ = run(capsys, "index", str(archive), "--index", str(ix), "--prune")
    assert code == 0 and "pruned 1" in out and SCRUTINY_TXT in out


def test_cli_index_defaults_to_the_configured_archive_and_index(archive, tmp_path, capsys):
    code, out, _ = run(capsys, "index")
    assert code == 0
    assert f"Index: {tmp_path / 'cfg-index'}" in out and "added 3" in out
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["packs"] == 3


def test_cli_index_rejects_missing_paths(archive, ix, capsys):
    code, out, err = run(capsys, "index", str(archive), str(archive / "nope"), "--index", str(ix))
    assert code == 2
    assert "no such file or folder" in err and "nope" in err
    assert not ix.exists()


def test_cli_index_rejects_an_index_path_that_is_a_file(archive, tmp_path, capsys):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    code, _, err = run(capsys, "index", str(archive), "--index", str(not_a_dir))
    assert code == 2 and "is a file" in err


def test_cli_index_says_when_there_is_nothing_to_index(tmp_path, ix, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "index", str(empty), "--index", str(ix))
    assert code == 0 and "added 0" in out and "no agenda packs" in err


# --------------------------------------------------------------------------- agenda-search search / similar / stats

RESULT_KEYS = {"source", "item", "meeting", "date", "title", "report_number", "officers", "score", "pages",
               "snippets", "sections"}


def test_cli_search_json_contract(sample_index, capsys):
    code, out, _ = run(capsys, "search", "educational psychologists", "--index", str(sample_index), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"query", "interpreted", "total", "results", "facets", "suggestion"} <= set(data)
    assert data["query"] == "educational psychologists"
    assert data["total"] >= len(data["results"]) > 0
    for hit in data["results"]:
        assert RESULT_KEYS <= set(hit), RESULT_KEYS - set(hit)
        assert isinstance(hit["officers"], list) and isinstance(hit["snippets"], list)
        assert isinstance(hit["score"], (int, float))
        for sec in hit["sections"]:
            assert {"heading", "kind", "pages", "snippet", "score"} <= set(sec)
    assert any("Psychology" in h["title"] for h in data["results"])
    assert data["facets"]
    for name, values in data["facets"].items():
        assert isinstance(values, list)
        for v in values:
            assert {"value", "count", "selected"} <= set(v)
            assert isinstance(v["count"], int) and isinstance(v["selected"], bool)


def test_cli_search_readable_listing(sample_index, capsys):
    code, out, _ = run(capsys, "search", "educational psychologists", "--index", str(sample_index), "--limit", "3")
    assert code == 0
    assert re.search(r"^1\. 2017-06-20 Cabinet — Item 7: Educational Psychology Contract Provision "
                     r"\[Report 112/2017\] \(\d+\.\d\d\)$", out, re.M), out
    assert "Officers: " in out
    assert "[[" in out and "]]" in out  # matches marked for a terminal (stdout is not a tty here)
    assert "<mark>" not in out and "&amp;" not in out and "&#" not in out
    assert "\x1b[" not in out
    assert "Searched for: " in out
    assert "Refine with --filter" in out and "  meeting: " in out
    assert re.search(r"^4\. ", out, re.M) is None


def test_snippets_become_terminal_text():
    from cli.commands import snippet_text

    escaped = "…the &lt;b&gt;school&lt;/b&gt; <mark>transport</mark> &amp; \x1b[2J <mark>policy</mark>…"
    assert snippet_text(escaped) == "…the <b>school</b> [[transport]] & [2J [[policy]]…"
    assert snippet_text("a <mark>b</mark>", tty=True) == "a \x1b[1mb\x1b[0m"
    assert snippet_text("x &#27;[31m y") == "x [31m y"  # no escape sequences from document text


def test_cli_search_paging_sorting_filters_and_dates(sample_index, capsys):
    base = ("search", "council", "--index", str(sample_index), "--json")
    _, out, _ = run(capsys, *base, "--limit", "2")
    first = json.loads(out)
    _, out, _ = run(capsys, *base, "--limit", "2", "--page", "2")
    second = json.loads(out)
    assert first["total"] > 4 and second["page"] == 2 and len(second["results"]) == 2
    assert not {h["item_id"] for h in first["results"]} & {h["item_id"] for h in second["results"]}

    _, out, _ = run(capsys, *base, "--limit", "20", "--sort", "newest")
    dates = [h["date"] or "" for h in json.loads(out)["results"]]
    assert dates == sorted(dates, reverse=True)

    _, out, _ = run(capsys, *base, "--limit", "50", "--filter", "meeting=Cabinet", "--from", "2017", "--to", "2017-12")
    data = json.loads(out)
    assert data["results"]
    assert all(h["meeting"].lower() == "cabinet" and h["date"].startswith("2017") for h in data["results"])
    assert any(v["value"] == "Cabinet" and v["selected"] for v in data["facets"]["meeting"])


def test_cli_search_malformed_query_does_not_crash(sample_index, capsys):
    code, out, _ = run(capsys, "search", 'date:[2016 TO "((school', "--index", str(sample_index))
    assert code == 0
    assert "Note: " in out and "Searched for:" in out


def test_cli_search_did_you_mean(sample_index, capsys):
    code, out, _ = run(capsys, "search", "psycholgy", "--index", str(sample_index))
    assert code == 0 and "Did you mean: psychology?" in out


def test_cli_search_without_an_index_says_how_to_build_one(tmp_path, capsys):
    code, out, err = run(capsys, "search", "school", "--index", str(tmp_path / "none"))
    assert code == 2 and out == ""
    assert "agenda-search index" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["--limit", "0"], "limit"),
    (["--limit", "101"], "limit"),
    (["--limit", "ten"], "whole number"),
    (["--page", "0"], "page"),
    (["--sort", "alphabetical"], "sort"),
    (["--filter", "meeting"], "FIELD=VALUE"),
    (["--filter", "colour=red"], "unknown filter field colour"),
    (["--from", "2017-13-01"], "not a date"),
    (["--from", "2018", "--to", "2017"], "after"),
])
def test_cli_search_rejects_unusable_arguments(sample_index, capsys, args, message):
    code, out, err = run(capsys, "search", "school", "--index", str(sample_index), *args)
    assert code == 2
    assert message in err and out == ""


def test_cli_stats(sample_index, capsys):
    # the archive the shared index holds: samples/text and samples/pdf (not the evaluation corpora beside them)
    n_packs = len([p for d in ("text", "pdf") for p in (SAMPLES / d).iterdir() if p.suffix in (".pdf", ".txt", ".md")])
    code, out, _ = run(capsys, "stats", "--index", str(sample_index), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["packs"] == n_packs
    assert data["items"] > 50 and data["sections"] > data["items"] / 2
    assert data["size_bytes"] > 0 and data["last_update"]
    code, out, _ = run(capsys, "stats", "--index", str(sample_index))
    assert code == 0 and f"Packs:       {n_packs}" in out and "Last update:" in out


def test_cli_similar(sample_index, capsys):
    _, out, _ = run(capsys, "search", "educational psychology contract", "--index", str(sample_index), "--json")
    item_id, source = (json.loads(out)["results"][0][k] for k in ("item_id", "source"))

    code, out, _ = run(capsys, "similar", item_id, "--index", str(sample_index), "--limit", "3", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["item_id"] == item_id and 0 < len(data["results"]) <= 3
    assert all(h["source"] != source for h in data["results"])  # other papers, not the item's own
    assert all(RESULT_KEYS <= set(h) for h in data["results"])

    code, out, _ = run(capsys, "similar", item_id, "--index", str(sample_index), "--limit", "2")
    assert code == 0
    assert out.startswith(f"Items like {item_id}: 2017-06-20 Cabinet — Item 7: Educational Psychology")
    assert re.search(r"^1\. ", out, re.M) and not re.search(r"^3\. ", out, re.M)


def test_cli_similar_unknown_item(sample_index, capsys):
    code, out, err = run(capsys, "similar", "000000000000:99", "--index", str(sample_index))
    assert code == 2 and out == "" and "no item '000000000000:99'" in err
    code, _, err = run(capsys, "similar", "x", "--index", str(sample_index), "--limit", "500")
    assert code == 2 and "limit" in err


def test_cli_stats_and_similar_without_an_index(tmp_path, capsys):
    for argv in (["stats"], ["similar", "abc:1"]):
        code, out, err = run(capsys, *argv, "--index", str(tmp_path / "none"))
        assert code == 2 and out == "" and "agenda-search index" in err


def test_packs_read_by_an_older_parser_are_read_again_in_place(archive, ix, monkeypatch):
    import indexer.documents
    import indexer.writer

    first = index_paths([archive], ix)
    before = whoosh_state(ix)
    monkeypatch.setattr(indexer.documents, "READER_VERSION", indexer.documents.READER_VERSION + 1)
    monkeypatch.setattr(indexer.writer, "READER_VERSION", indexer.documents.READER_VERSION)
    second = index_paths([archive], ix)
    assert sorted(second.updated) == sorted(first.added) and not second.added and not second.unchanged
    after = whoosh_state(ix)
    assert after["doc_count"] == before["doc_count"]  # replaced, not duplicated
    assert sorted(after["doc_ids"]) == sorted(before["doc_ids"])
    third = index_paths([archive], ix)
    assert not third.updated and len(third.unchanged) == len(first.added)
