"""Index a generated archive of hostile files and boundary traps; print the figures.

    .venv/bin/python scripts/hostile_corpus.py           # CI size (what tests/test_hostile_files.py runs), ~1 min
    .venv/bin/python scripts/hostile_corpus.py --full    # full size: 1 GB deflate bomb, 200,000-page tree,
                                                         # 5 MB one-line files, a legitimate 3,000-page pack
    .venv/bin/python scripts/hostile_corpus.py --keep DIR   # leave the archive and index in DIR

The archive holds the corpus of tests/hostile.py (truncated, encrypted, random, bombs, scanned,
binary text, long lines, odd encodings), the boundary traps (symlinks to /etc/passwd, /, /proc
and a neighbouring folder of secret files; a FIFO, a socket, broken and looping links) and two
good sample packs. `agenda-search index --json` runs over it as a separate process, with the
shipped limits (--full) or the CI test's small ones. Printed: hostile files tried / crashes /
reported with a reason; paths outside the archive tried / read; the good and odd files found
by search; the legitimate long pack (--full).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import SEARCH_WORDS, SECRET, build_boundary_cases, build_corpus  # noqa: E402
from tests.pdfgen import build_text_pdf  # noqa: E402

CI_LIMITS = ("timeout_seconds = 5\nper_page_seconds = 0.5\nmax_seconds = 60\nmax_pages = 1000\n"
             "max_memory_mb = 512\n")
GOOD = {"rutland-cabinet-2017-06-20.txt": "psychology", "kent_cabinet_2025-01-30_agenda_frontsheet.pdf": "Cabinet"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--full", action="store_true", help="full-size bombs and lines, the shipped time limits")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="agenda-hostile-"))
    try:
        return run(base, args.full)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def run(base: Path, full: bool) -> int:
    archive, outside, index_dir = base / "archive", base / "outside", base / "index"
    t0 = time.monotonic()
    expected = build_corpus(archive, full=full)
    traps = build_boundary_cases(archive, outside)
    for name in GOOD:
        shutil.copy(ROOT / "samples" / ("pdf" if name.endswith(".pdf") else "text") / name, archive)
    long_pack = None
    if full:
        long_pack = build_text_pdf(archive / "legitimate-3000-pages.pdf",
                                   [[f"Appendix page {n}: budget monitoring table"] for n in range(3000)])
    print(f"built {len(expected)} corpus files and {len(traps)} boundary traps in {time.monotonic() - t0:.0f} s")
    config = base / "config.toml"
    limits = "" if full else CI_LIMITS
    config.write_text(f'[archive]\nfolders = ["archive"]\n[index]\ndir = "index"\n[extract]\n{limits}', encoding="utf-8")
    env = dict(os.environ, AGENDA_SEARCH_CONFIG=str(config), PYTHONPATH=str(ROOT))
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "cli.main", "index", "--json"], capture_output=True, text=True,
                          env=env, cwd=base)
    took = time.monotonic() - t0
    crashed = proc.returncode not in (0, 3) or "Traceback" in proc.stderr
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        print(f"the index run did not answer JSON (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        return 1
    (base / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    named = {Path(e["path"]).name: e["reason"] for e in report["failed"] + report["nothing_to_search"]}
    named.update({Path(e["path"]).name: f"pages {e['pages']} without text" for e in report["unreadable_pages"]})
    skipped = {os.path.relpath(e["path"], archive): e["reason"] for e in report["skipped"]}
    hostile = [n for n, outcome in expected.items() if outcome in ("fail", "report")]
    reported = [n for n in hostile if named.get(n, "").strip()]
    print(f"index run: exit {proc.returncode} in {took:.0f} s; added {len(report['added'])}, "
          f"failed {len(report['failed'])}, skipped {len(report['skipped'])}")
    print(f"hostile files tried {len(hostile)} / crashes {int(crashed)} / reported with a reason {len(reported)}")
    for n in sorted(set(hostile) - set(reported)):
        print(f"  NOT REPORTED: {n}")
    for n in ("deflate-bomb.pdf", "gstate-bomb.pdf", "reference-loop.pdf", "page-tree-huge.pdf", "nested-arrays.pdf"):
        print(f"  {n}: {named.get(n, 'indexed')}")

    from search.engine import open_service
    from search.results import SearchRequest

    def found(word: str) -> set[str]:
        service = open_service(index_dir)
        try:
            return {h.source for h in service.search(SearchRequest(query=word, limit=100)).results}
        finally:
            service.close()

    outward = [n for n, r in traps.items() if r == "outside the archive"]
    refused = [n for n in outward if "outside the archive" in skipped.get(n, "")]
    from core.generations import current_path
    from core.schema import REGISTRY_FILE

    registry = json.loads((current_path(index_dir) / REGISTRY_FILE).read_text(encoding="utf-8"))["packs"]
    inside = archive.resolve()
    read_outside = [p["path"] for p in registry.values() if inside not in Path(p["path"]).resolve().parents]
    secret_hits = found(SECRET)
    print(f"paths outside the archive tried {len(outward)} / read {len(read_outside) + len(secret_hits)} "
          f"(refused with a reason: {len(refused)}; other traps named: "
          f"{sum(1 for n in traps if n not in outward and n in skipped)} of {len(traps) - len(outward)})")
    searchable = [n for n, w in SEARCH_WORDS.items() if n in found(w)]
    for n in sorted(set(SEARCH_WORDS) - set(searchable)):
        print(f"  NOT SEARCHABLE: {n}")
    good = [n for n, w in GOOD.items() if n in found(w)]
    print(f"odd but legitimate files searchable {len(searchable)} of {len(SEARCH_WORDS)}; "
          f"good packs searchable {len(good)} of {len(GOOD)}")
    if long_pack is not None:
        ok = str(long_pack) in report["added"]
        reason = next((f["reason"] for f in report["failed"] if f["path"] == str(long_pack)), "")
        print(f"legitimate 3,000-page pack: {'indexed' if ok else 'FAILED: ' + reason}")
    bad = crashed or len(reported) < len(hostile) or read_outside or secret_hits or len(good) < len(GOOD)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
