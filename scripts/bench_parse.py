"""Parse every pack in a folder and report what was found and how long it took.

    python scripts/bench_parse.py [FOLDER …]   (default: ../shared/samples/pdf and samples/text)

Never stops on a bad file: failures are listed with their one-line reason.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.model import ExtractionError  # noqa: E402
from indexer.parse import parse_file  # noqa: E402


def main(folders: list[str]) -> int:
    files = sorted(p for f in folders for p in Path(f).iterdir() if p.suffix.lower() in {".pdf", ".txt", ".md"})
    total_pages = total_secs = 0.0
    print(f"{'file':58} {'pages':>5} {'items':>5} {'sects':>5} {'mins':>4} {'warn':>4} {'secs':>6} {'s/page':>6}")
    for path in files:
        t0 = time.perf_counter()
        try:
            pack = parse_file(path)
        except ExtractionError as exc:
            print(f"{path.name:58} FAILED: {exc}")
            continue
        secs = time.perf_counter() - t0
        pages = pack.pages or 0
        sects = sum(len(i.sections) for i in pack.items)
        mins = sum(len(i.minutes) for i in pack.items)
        per = f"{secs / pages:.3f}" if pages else "-"
        print(f"{path.name:58} {pages:5} {len(pack.items):5} {sects:5} {mins:4} {len(pack.warnings):4} {secs:6.2f} {per:>6}")
        if pages:
            total_pages += pages
            total_secs += secs
    if total_pages:
        print(f"PDF total: {int(total_pages)} pages in {total_secs:.1f} s = {total_secs / total_pages:.3f} s/page "
              f"({total_pages / total_secs:.1f} pages/s, extraction in a worker process per file)")
    return 0


if __name__ == "__main__":
    default = [str(ROOT.parent / "shared" / "samples" / "pdf"), str(ROOT / "samples" / "text")]
    sys.exit(main(sys.argv[1:] or default))
