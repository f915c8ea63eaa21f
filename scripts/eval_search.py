"""Print the rank of the expected item for every evaluation question (tests/eval_questions.py).

    .venv/bin/python scripts/eval_search.py [INDEX_DIR]

Builds a fresh index of samples/ in a temporary folder unless INDEX_DIR is given.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import sample_item_id  # noqa: E402
from eval_questions import PRECEDENTS, QUESTIONS, rank_of  # noqa: E402

from search.engine import open_service  # noqa: E402
from search.results import SearchRequest  # noqa: E402


def main() -> int:
    if len(sys.argv) > 1:
        index_dir = Path(sys.argv[1])
    else:
        from indexer.writer import index_paths

        index_dir = Path(tempfile.mkdtemp(prefix="agenda-eval-"))
        index_paths([ROOT / "samples"], index_dir)
    svc = open_service(index_dir)
    ok = 0
    mrr = 0.0
    for q, source, item, want in QUESTIONS:
        resp = svc.search(SearchRequest(query=q, limit=20))
        r = rank_of(resp.results, source, item)
        good = r is not None and r <= want
        ok += good
        mrr += 1.0 / r if r else 0.0
        top = resp.results[0] if resp.results else None
        print(f"{'ok ' if good else 'BAD'} rank={r or '-':>2} (≤{want})  {q!r}"
              + ("" if r == 1 or not top else f"   top: {top.item} {top.title[:50]} [{top.source[:25]}]"))
    for src, item, psrc, pitem, want in PRECEDENTS:
        detail_id = sample_item_id(src, item, index_dir)
        hits = svc.similar(detail_id, limit=10) if detail_id else ()
        r = rank_of(hits, psrc, pitem)
        good = r is not None and r <= want
        ok += good
        print(f"{'ok ' if good else 'BAD'} rank={r or '-':>2} (≤{want})  similar to {src} #{item}")
    n = len(QUESTIONS) + len(PRECEDENTS)
    print(f"\n{ok}/{n} within the wanted rank; MRR over questions {mrr / len(QUESTIONS):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
