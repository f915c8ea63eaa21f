"""Index-time and query-latency figures for the bundled samples.

    .venv/bin/python scripts/bench_search.py [--rounds N] [--copies N]

Builds a fresh index of samples/text and samples/pdf (reports seconds and pages/s), then runs every evaluation
question plus field/date/facet queries `rounds` times through the engine as the website does
(open service, search, close) and reports p50/p95/max latency in ms and peak RSS.
`--copies N` indexes N altered copies of the text packs instead (a larger archive: N=30 gives
120 packs, about 14,000 sections) to see how latency grows with the archive.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from eval_questions import QUESTIONS  # noqa: E402

from indexer.writer import index_paths  # noqa: E402
from search import engine  # noqa: E402
from search.engine import open_service  # noqa: E402
from search.results import SearchRequest  # noqa: E402

EXTRA = (
    SearchRequest(query=""),
    SearchRequest(query="budget", filters=(("year", "2017"), ("year", "2025"))),
    SearchRequest(query="contract", filters=(("kind", "recommendations"),), sort="newest"),
    SearchRequest(query="date:[2016-01-01 TO 2017-12-31] procurement"),
    SearchRequest(query='"social value" OR banking NOT ofsted', page=2),
    SearchRequest(query="council services", limit=50),
)


def _timed(index_dir: Path, request: SearchRequest) -> float:
    """Milliseconds for one search as the website runs it: open a service, search, close."""
    t = time.perf_counter()
    svc = open_service(index_dir)
    svc.search(request)
    svc.close()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--copies", type=int, default=0)
    args = ap.parse_args()
    index_dir = Path(tempfile.mkdtemp(prefix="agenda-bench-"))
    archive = [ROOT / "samples" / "text", ROOT / "samples" / "pdf"]  # the demo archive, not the evaluation corpora
    if args.copies:
        folder = Path(tempfile.mkdtemp(prefix="agenda-bench-archive-"))
        for n in range(args.copies):
            for pack in sorted((ROOT / "samples" / "text").iterdir()):
                text = pack.read_text(encoding="utf-8") + f"\ncopy {n}\n"  # new sha256: a new pack
                (folder / f"{n}-{pack.name}").write_text(text, encoding="utf-8")
        archive = [folder]
    t0 = time.perf_counter()
    summary = index_paths(archive, index_dir)
    took = time.perf_counter() - t0
    rate = f"{summary.pages / took:.1f} PDF pages/s" if summary.pages else f"{len(summary.added) / took:.1f} packs/s"
    print(f"index: {len(summary.added)} packs ({summary.pages} PDF pages) in {took:.1f}s ({rate}, incl. extraction)")
    with open_service(index_dir) as svc:
        st = svc.stats()
    print(f"index holds {st.packs} packs, {st.items} items, {st.sections} sections, {st.size_bytes / 1e6:.1f} MB")
    requests = [SearchRequest(query=q) for q, *_ in QUESTIONS] + list(EXTRA)
    with open_service(index_dir) as svc:  # warm-up: imports, stemmer, caches
        for r in requests:
            svc.search(r)
    times, ticks = [], []
    for _ in range(args.rounds):
        for r in requests:
            engine._MATCH_CACHE.clear()  # a new query, as typed: nothing reused
            times.append(_timed(index_dir, r))
            # then a facet ticked on its results (reuses the query's matches)
            ticks.append(_timed(index_dir, replace(r, filters=(("year", "2017"),), page=1)))
    for label, ts in (("search", times), ("facet tick on the same query", ticks)):
        ts.sort()
        p95 = ts[int(0.95 * (len(ts) - 1))]
        print(f"{label}: {len(ts)} queries, p50 {statistics.median(ts):.1f} ms, p95 {p95:.1f} ms, max {ts[-1]:.1f} ms")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
