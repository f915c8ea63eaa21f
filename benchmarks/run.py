"""The benchmark: agenda-search and SQLite FTS5 on realistic archives, in the same interleaved run.

    .venv/bin/python -m benchmarks.run --sizes 10000,30000,100000 --rounds 3

For each size (searchable sections), builds or reuses var/bench/<size>-<seed>/ (benchmarks.build),
draws the seeded query mix (benchmarks.queries), starts one serving process per engine
(benchmarks.serve) and runs the mix in interleaved rounds (agenda-search, FTS5, agenda-search,
FTS5, …). Each figure is the median over rounds of that round's percentile. Prints markdown tables
(latency; build, size, memory) and writes the raw figures to var/bench/<size>-<seed>/results.json.
See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
ENGINES = (("whoosh", "agenda-search"), ("fts5", "SQLite FTS5"))
PERCENTILES = (50, 95, 99)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


class Worker:
    """One serving process (benchmarks.serve), spoken to one JSON line at a time."""

    def __init__(self, engine: str, folder: Path, mix_file: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "benchmarks.serve", engine, str(folder), str(mix_file)],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"serving process failed (exit {self.proc.wait()})")
        return json.loads(line)

    def ask(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        try:
            self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=60)


def _summary(rounds: list[list[list[float]]], fresh: list[bool]) -> dict:
    """{"fresh"|"follow": {"wall"|"cpu": {p: median over rounds of the round's p-th percentile (ms)}}}."""
    out: dict = {}
    for cls, want in (("fresh", True), ("follow", False)):
        out[cls] = {}
        for j, measure in enumerate(("wall", "cpu")):
            per_round = [[t[j] * 1000 for t, f in zip(r, fresh) if f == want] for r in rounds]
            out[cls][measure] = {str(p): statistics.median(percentile(v, p) for v in per_round) for p in PERCENTILES}
    out["n"] = {"fresh": sum(fresh), "follow": len(fresh) - sum(fresh)}
    return out


def bench_size(args, sections: int, log=print) -> dict:
    from benchmarks import fts
    from benchmarks.build import archive_dir, ensure_archive
    from benchmarks.packio import read_pack
    from benchmarks.queries import archive_facts, query_mix

    if not fts.available():
        raise SystemExit("this Python's sqlite3 has no FTS5: the comparison cannot run")
    root = Path(args.dir)
    log(f"[{sections} sections] archive")
    record = ensure_archive(root, sections, args.seed, [Path(s) for s in args.samples], rebuild=args.rebuild,
                            nice=args.nice, log=log)
    folder = archive_dir(root, sections, args.seed)
    if args.build_only:
        return {}
    packs = [read_pack(p) for p in sorted((folder / "archive").iterdir())]
    mix = query_mix(archive_facts(packs), args.queries, args.seed)
    del packs
    mix_file = folder / f"mix-{args.queries}-{args.seed}.json"
    mix_file.write_text(json.dumps([q.to_json() for q in mix], indent=0), encoding="utf-8")
    fresh = [q.fresh for q in mix]
    log(f"[{sections} sections] {len(mix)} queries ({sum(fresh)} fresh), {args.rounds} interleaved rounds")
    workers = {e: Worker(e, folder, mix_file) for e, _ in ENGINES}
    try:
        rounds: dict[str, list] = {e: [] for e, _ in ENGINES}
        for r in range(args.rounds):
            for e, label in ENGINES:
                t = time.perf_counter()
                rounds[e].append(workers[e].ask(cmd="round")["timings"])
                log(f"  round {r + 1}: {label} {time.perf_counter() - t:.1f} s")
        memory = {e: workers[e].ask(cmd="fill", searches=args.serving_searches) for e, _ in ENGINES}
    finally:
        for w in workers.values():
            w.close()
    last = {e: [int(t[2]) for t in rounds[e][-1]] for e, _ in ENGINES}
    result = {
        "sections": sections, "seed": args.seed, "queries": len(mix), "rounds": args.rounds, "build": record,
        "latency": {e: _summary(rounds[e], fresh) for e, _ in ENGINES},
        "memory": memory,
        "found": {e: sum(1 for n in last[e] if n) for e, _ in ENGINES},
        "same_total": sum(a == b for a, b in zip(last["whoosh"], last["fts5"])),
        "p50_wall_ms_by_kind_last_round": {e: {k: statistics.median(
            t[0] * 1000 for t, q in zip(rounds[e][-1], mix) if q.kind == k) for k in sorted({q.kind for q in mix})}
            for e, _ in ENGINES},
    }
    (folder / "results.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def _ms(v: float) -> str:
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"


def tables(results: list[dict]) -> str:
    """The markdown tables of a run."""
    head = ("| sections | engine | fresh wall p50 / p95 / p99 ms | fresh CPU p50 / p95 / p99 ms "
            "| tick/next page wall p50 / p95 / p99 ms | tick/next page CPU p50 / p95 / p99 ms |")
    lines = [head, "|" + "---|" * 6]
    for res in results:
        lat = res["latency"]
        for e, label in ENGINES:
            cells = [" / ".join(_ms(lat[e][c][m][str(p)]) for p in PERCENTILES)
                     for c in ("fresh", "follow") for m in ("wall", "cpu")]
            lines.append(f"| {res['build']['documents']:,} | {label} | " + " | ".join(cells) + " |")
        ratio = [" / ".join(f"{lat['whoosh'][c][m][str(p)] / max(lat['fts5'][c][m][str(p)], 1e-6):.0f}×"
                            for p in PERCENTILES) for c in ("fresh", "follow") for m in ("wall", "cpu")]
        lines.append("| | **ratio** | " + " | ".join(ratio) + " |")
    lines += ["", "| sections | packs | engine | build s (CPU s) | on disk MB | indexer peak RSS MB "
              "| serving RSS / peak MB after N searches | queries finding items |", "|" + "---|" * 8]
    for res in results:
        b = res["build"]
        for e, label in ENGINES:
            m = res["memory"][e]
            size = b[e]["size_bytes"] / 1e6
            extra = f" (public {b[e]['public_size_bytes'] / 1e6:.0f})" if "public_size_bytes" in b[e] else ""
            lines.append(f"| {b['documents']:,} | {b['packs']} | {label} | {b[e]['seconds']:.0f} ({b[e]['cpu_seconds']:.0f}) "
                         f"| {size:.0f}{extra} | {b[e]['peak_rss_mb']:.0f} | {m['VmRSS']:.0f} / {m['VmHWM']:.0f} "
                         f"after {m['searches']} | {res['found'][e]} of {res['queries']} |")
    lines.append("")
    lines += [f"{res['build']['documents']:,} sections: both engines found the same number of items for "
              f"{res.get('same_total', '?')} of {res['queries']} queries." for res in results]
    return "\n".join(lines)


def machine() -> str:
    import os

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import sqlite3

    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores {cpu}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,30000,100000", help="archive sizes in searchable sections")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per engine (figures: medians)")
    ap.add_argument("--queries", type=int, default=220, help="queries in the mix (fresh, ticks, pages)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default=str(ROOT / "var" / "bench"), help="where archives are built and cached")
    ap.add_argument("--samples", action="append", help="sample packs to recombine (default: samples/)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the archives even if cached")
    ap.add_argument("--nice", type=int, default=10, help="niceness of the index builders (0: none)")
    ap.add_argument("--serving-searches", type=int, default=500, help="searches before reading serving RSS")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the archives, run no queries")
    args = ap.parse_args(argv)
    args.samples = args.samples or [str(ROOT / "samples")]
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes numbers separated by commas, e.g. 10000,30000")
    if args.rounds < 1 or args.queries < 1 or any(s < 1 for s in sizes):
        ap.error("--rounds, --queries and --sizes must be positive")
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {machine()}")
    results = [bench_size(args, s) for s in sizes]
    if args.build_only:
        return 0
    print()
    print(tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
