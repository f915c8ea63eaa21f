"""Indexing while the website serves: readers keep their point-in-time view and never fail,
new readers see the new commit, and the writer never waits for readers."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from indexer.writer import index_paths
from search.engine import open_service
from search.results import SearchRequest

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"
PACK = "rutland-cabinet-2017-06-20.txt"


def _total(index_dir: Path, query: str) -> int:
    with open_service(index_dir) as svc:
        return svc.search(SearchRequest(query=query)).total


def test_open_reader_keeps_its_view_while_a_pack_is_replaced(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SAMPLES / PACK, archive)
    ix = tmp_path / "ix"
    index_paths([archive], ix)

    reader = open_service(ix)
    before = reader.search(SearchRequest(query="psychology"))
    assert before.total >= 1

    text = (archive / PACK).read_text(encoding="utf-8").replace("Educational Psychology", "Zebracorn Provision")
    (archive / PACK).write_text(text, encoding="utf-8")
    summary = index_paths([archive], ix, lock_timeout=30)
    assert len(summary.updated) == 1

    # the reader opened before the commit still answers from its snapshot, item pages included
    again = reader.search(SearchRequest(query="psychology"))
    assert again.total == before.total
    assert reader.item(again.results[0].item_id) is not None
    reader.close()
    # a new reader sees the new content only
    assert _total(ix, "zebracorn") >= 1


def test_searches_never_fail_during_a_long_indexing_run(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for p in SAMPLES.iterdir():
        shutil.copy(p, archive)
    ix = tmp_path / "ix"
    index_paths([archive / PACK], ix)

    errors: list[BaseException] = []
    done = threading.Event()

    def write():
        try:
            index_paths([archive], ix, batch_size=1, lock_timeout=60)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    totals = []
    deadline = time.monotonic() + 120
    while not done.is_set() and time.monotonic() < deadline:
        totals.append(_total(ix, "council"))
    writer.join(timeout=120)
    assert not errors
    assert totals and all(t >= 1 for t in totals)
    assert _total(ix, "council") >= max(totals)  # the finished index has everything
