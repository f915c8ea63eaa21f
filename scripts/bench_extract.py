"""Extract every PDF in a folder through the guarded worker and report the figures.

    python scripts/bench_extract.py [FOLDER] [--timeout S] [--max-memory-mb N]
    (default folder: ../shared/samples/pdf, next to the repository)

Per file: pages, lines, table-row lines, page labels found, warnings, seconds.
Totals: pages, seconds, seconds/page and pages/second. Never stops on a bad
file: failures are listed with their one-line reason.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.model import ExtractionError  # noqa: E402
from indexer.pdf_extract import extract_pdf_safely  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "samples" / "pdf"))
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--max-memory-mb", type=int, default=2048)
    ap.add_argument("-v", "--verbose", action="store_true", help="also print each file's warnings")
    args = ap.parse_args(argv)

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"not a folder: {folder}", file=sys.stderr)
        return 2
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    print(f"{'file':58} {'pages':>5} {'lines':>6} {'rows':>5} {'labels':>6} {'warn':>4} {'secs':>6} {'s/page':>6}")
    n_ok = n_failed = 0
    total_pages = total_lines = 0
    total_secs = 0.0
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        try:
            doc = extract_pdf_safely(path, timeout=args.timeout, max_memory_mb=args.max_memory_mb)
        except ExtractionError as exc:
            n_failed += 1
            print(f"{path.name:58} FAILED after {time.perf_counter() - t0:.2f} s: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - a benchmark must never crash
            n_failed += 1
            print(f"{path.name:58} ERROR {type(exc).__name__}: {exc}")
            continue
        secs = time.perf_counter() - t0
        pages = doc.pages or 0
        rows = sum(1 for ln in doc.lines if ln.is_table_row)
        per = f"{secs / pages:.3f}" if pages else "-"
        print(
            f"{path.name:58} {pages:5} {len(doc.lines):6} {rows:5} {len(doc.page_labels):6} "
            f"{len(doc.warnings):4} {secs:6.2f} {per:>6}"
        )
        if args.verbose:
            for w in doc.warnings:
                print(f"    warning: {w}")
        n_ok += 1
        total_pages += pages
        total_lines += len(doc.lines)
        total_secs += secs
    wall = time.perf_counter() - started
    print(f"files: {len(files)} ({n_ok} extracted, {n_failed} failed); wall time {wall:.1f} s")
    if total_pages:
        print(
            f"total: {total_pages} pages, {total_lines} lines in {total_secs:.1f} s = "
            f"{total_secs / total_pages:.3f} s/page ({total_pages / total_secs:.1f} pages/s), "
            "one worker process per file"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
