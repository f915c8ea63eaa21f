"""Print the rank of the expected item for every evaluation question (tests/eval_questions.py).

    .venv/bin/python scripts/eval_search.py [INDEX_DIR]
    .venv/bin/python scripts/eval_search.py --more [INDEX_DIR]

Builds a fresh index of samples/text and samples/pdf (the demo archive) in a temporary folder
unless INDEX_DIR is given. `--more` runs NEW_DOC_QUESTIONS instead, over an index of the PDFs
in samples/pdf-more (documents from councils the reader was not built on).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import sample_item_id  # noqa: E402
from eval_questions import NEW_DOC_QUESTIONS, PRECEDENTS, QUESTIONS, rank_of, rank_of_printed  # noqa: E402

from search.engine import open_service  # noqa: E402
from search.results import SearchRequest  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--more"]
    if "--more" in sys.argv[1:]:
        return run_more(Path(args[0]) if args else None)
    if args:
        index_dir = Path(args[0])
    else:
        from indexer.writer import index_paths

        index_dir = Path(tempfile.mkdtemp(prefix="agenda-eval-"))
        index_paths([ROOT / "samples" / "text", ROOT / "samples" / "pdf"], index_dir)
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


def run_more(index_dir: Path | None) -> int:
    """NEW_DOC_QUESTIONS over samples/pdf-more: rank of the wanted item and of its document."""
    if index_dir is None:
        from indexer.writer import index_paths

        index_dir = Path(tempfile.mkdtemp(prefix="agenda-eval-more-"))
        summary = index_paths(sorted((ROOT / "samples" / "pdf-more").glob("*.pdf")), index_dir, timeout=300)
        for failure in summary.failed:
            print(f"not indexed: {failure}")
    svc = open_service(index_dir)
    ok = 0
    item_rr = doc_rr = 0.0
    for q, source, item, want in NEW_DOC_QUESTIONS:
        hits = svc.search(SearchRequest(query=q, limit=20)).results
        r = rank_of_printed(hits, source, item)
        d = rank_of_printed(hits, source, "*")
        good = r is not None and r <= want
        ok += good
        item_rr += 1.0 / r if r else 0.0
        doc_rr += 1.0 / d if d else 0.0
        top = hits[0] if hits else None
        print(f"{'ok ' if good else 'BAD'} item={r or '-':>2} doc={d or '-':>2} (≤{want})  {q!r} → #{item} {source[:32]}"
              + ("" if r == 1 or not top else f"   top: {top.item} {top.title[:40]!r} [{top.source[:25]}]"))
    n = len(NEW_DOC_QUESTIONS)
    print(f"\n{ok}/{n} within the wanted rank; item MRR {item_rr / n:.3f}; document MRR {doc_rr / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
