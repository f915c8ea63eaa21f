"""A serving process for one engine, driven by benchmarks.run over stdin/stdout (one JSON line each way).

    python -m benchmarks.serve whoosh|fts5 ARCHIVE_DIR MIX.json

Each search runs the way the website runs it: open the service (a connection, for FTS5), search,
close. A fresh search first forgets the engine's per-query caches (a new query, as typed: nothing
reused); a facet tick or next page right after its search may reuse them, as on the website.
Commands: {"cmd": "round"} runs the whole mix once and answers each search's wall and CPU seconds;
{"cmd": "fill", "searches": N} runs the mix on until N searches were served in all, then answers
the process's VmRSS and VmHWM; {"cmd": "quit"}.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

from benchmarks.queries import Query

# Per-query caches of search.engine that a fresh search must not reuse ("module:attribute"). An
# engine change that adds one lists it here, or fresh searches would be measured as cache hits.
QUERY_CACHES = ("search.engine:_MATCH_CACHE",)


def _forget_query_caches() -> None:
    import importlib

    for spec in QUERY_CACHES:
        module, _, attr = spec.partition(":")
        cache = getattr(importlib.import_module(module), attr, None)
        if cache is not None:
            cache.clear()


def _proc_status() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def runner(engine: str, folder: Path) -> Callable[[Query], tuple[float, float, int]]:
    """A function running one query as a request and returning (wall s, CPU s, items found)."""
    if engine == "whoosh":
        from search.engine import open_service

        index = folder / "index"

        def run(q: Query) -> tuple[float, float, int]:
            if q.fresh:
                _forget_query_caches()
            t, c = time.perf_counter(), time.process_time()
            svc = open_service(index)
            try:
                total = svc.search(q.request).total
            finally:
                svc.close()
            return time.perf_counter() - t, time.process_time() - c, total
        return run
    if engine == "fts5":
        from benchmarks.fts import FtsSearch

        db = folder / "fts5.sqlite"

        def run(q: Query) -> tuple[float, float, int]:
            t, c = time.perf_counter(), time.process_time()
            s = FtsSearch(db)
            try:
                total = s.search(q.request).total
            finally:
                s.close()
            return time.perf_counter() - t, time.process_time() - c, total
        return run
    raise ValueError(f"unknown engine {engine!r}")


def main(argv: list[str]) -> int:
    engine, folder, mix_file = argv[0], Path(argv[1]), Path(argv[2])
    out = os.fdopen(os.dup(1), "w")
    sys.stdout = sys.stderr  # nothing but replies on the reply channel
    mix = [Query.from_json(d) for d in json.loads(mix_file.read_text(encoding="utf-8"))]
    run = runner(engine, folder)
    served = 0
    for q in mix[: min(10, len(mix))]:  # warm-up: imports, analyzers, the index's columns
        run(q)
        served += 1
    out.write(json.dumps({"ready": True, **_proc_status()}) + "\n")
    out.flush()
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "round":
            timings = []
            for q in mix:
                timings.append(run(q))
                served += 1
            out.write(json.dumps({"timings": timings}) + "\n")
        elif cmd["cmd"] == "fill":
            i = 0
            while served < int(cmd["searches"]):
                run(mix[i % len(mix)])
                served += 1
                i += 1
            out.write(json.dumps({"searches": served, **_proc_status()}) + "\n")
        else:
            break
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
