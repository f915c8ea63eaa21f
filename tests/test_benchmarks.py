"""The benchmark harness (benchmarks/) at a tiny size, so it cannot rot.

The full runs are `python -m benchmarks.run` (see benchmarks/README.md); this runs the same code
path end to end on ~300 sections, 20 queries and one round, and checks what it reports.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT_SAMPLES = ROOT / "samples" / "text"  # the text packs parse in about a second


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    from benchmarks import fts
    from benchmarks.run import main

    if not fts.available():
        pytest.fail("this Python's sqlite3 has no FTS5: the benchmark's comparison cannot run")
    folder = tmp_path_factory.mktemp("bench")
    rc = main(["--sizes", "300", "--queries", "20", "--rounds", "1", "--dir", str(folder),
               "--samples", str(TEXT_SAMPLES), "--serving-searches", "30", "--nice", "0"])
    assert rc == 0
    return folder


def test_tiny_benchmark_reports_every_figure(tiny_run, capsys):
    result = json.loads((tiny_run / "300-1" / "results.json").read_text(encoding="utf-8"))
    assert result["build"]["documents"] >= 300
    assert result["queries"] == 20
    for engine in ("whoosh", "fts5"):
        lat = result["latency"][engine]
        for cls in ("fresh", "follow"):
            for measure in ("wall", "cpu"):
                p = lat[cls][measure]
                assert 0 < p["50"] <= p["95"] <= p["99"], (engine, cls, measure, p)
        assert result["build"][engine]["seconds"] > 0
        assert result["build"][engine]["size_bytes"] > 0
        assert result["build"][engine]["peak_rss_mb"] > 10
        assert result["memory"][engine]["searches"] >= 30
        assert result["memory"][engine]["VmHWM"] >= result["memory"][engine]["VmRSS"] > 10
    # both indexes of the folder are counted, the public one on its own too
    assert 0 < result["build"]["whoosh"]["public_size_bytes"] < result["build"]["whoosh"]["size_bytes"]
    # the two engines read the same documents with the same queries: they find the same items
    assert result["found"]["whoosh"] == result["found"]["fts5"] > 0


def test_rerun_reuses_the_cached_archive(tiny_run):
    from benchmarks.build import ensure_archive

    record = json.loads((tiny_run / "300-1" / "build.json").read_text(encoding="utf-8"))
    logs: list[str] = []
    again = ensure_archive(tiny_run, 300, 1, [TEXT_SAMPLES], log=logs.append)
    assert again == record and not any("building" in line for line in logs)


def test_fts5_finds_the_same_items_as_the_engine(tiny_run):
    """Totals per query agree: FTS5 holds the same terms and runs the same expanded query."""
    from benchmarks.fts import FtsSearch
    from benchmarks.queries import Query
    from search.engine import open_service

    folder = tiny_run / "300-1"
    mix = [Query.from_json(d) for d in json.loads((folder / "mix-20-1.json").read_text(encoding="utf-8"))]
    svc, f = open_service(folder / "index"), FtsSearch(folder / "fts5.sqlite")
    try:
        pairs = [(svc.search(q.request).total, f.search(q.request).total) for q in mix]
    finally:
        svc.close()
        f.close()
    assert sum(a for a, _ in pairs) > 0
    assert sum(a == b for a, b in pairs) >= 0.9 * len(pairs), pairs


def test_synthetic_packs_differ_from_their_samples(tiny_run):
    """Recombined, renamed and perturbed: no item of the archive is a verbatim copy."""
    from benchmarks.packio import pack_from_json
    from benchmarks.synth import Synthesiser, load_samples

    samples = load_samples([TEXT_SAMPLES], tiny_run / "samples-parsed")  # parsed by the run already
    packs = list(Synthesiser(samples, seed=7, target_docs=600).packs())
    assert {p.council for p in packs} and not {p.council for p in packs} & {s.council for s in samples}
    sample_texts = {sec.text for s in samples for it in s.items for sec in it.sections if len(sec.text) > 400}
    long_texts = [sec.text for p in packs for it in p.items for sec in it.sections if len(sec.text) > 400]
    assert long_texts and sum(t in sample_texts for t in long_texts) < 0.2 * len(long_texts)
    assert len({p.date for p in packs}) == len(packs) or len(packs) < 3
    again = list(Synthesiser(samples, seed=7, target_docs=600).packs())
    assert [p.to_json() for p in again] == [p.to_json() for p in packs]  # seeded: the same archive
    assert pack_from_json(packs[0].to_json()) == packs[0]  # cached packs read back exactly
