"""Every parse, text included, runs under a time limit that grows with the page count.

Before: a PDF had 120 s whatever its length (a legitimate 3,000-page pack was dropped with
"timed out after 120 s"), and text or Markdown had no limit at all (one 2.3 MB file held the
indexer for 244 s). Now the worker announces the page count and the limit becomes
`timeout_seconds + per_page_seconds x pages` (never above `max_seconds`), for text too (pages:
form feeds, or 3,000 characters each).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from core.config import TimeLimit, load_config
from core.model import ExtractionError
from indexer.parse import parse_file
from indexer.pdf_worker import ParseWorker
from tests.hostile import one_line
from tests.pdfgen import build_text_pdf

ROOT = Path(__file__).resolve().parent.parent


def test_time_limit_is_base_plus_per_page_up_to_a_maximum():
    limit = TimeLimit(120, 1.0, 7200)
    assert limit.seconds_for(None) == 120 and limit.seconds_for(3000) == 3120
    assert limit.seconds_for(10_000) == 7200
    assert limit.describe(3000) == "3120 s (120 s + 1 s for each of 3000 pages)"
    assert limit.describe(None) == "120 s"
    assert "the most any file may take" in limit.describe(10_000)


def test_config_extract_section_is_typed(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("[extract]\ntimeout_seconds = 30\nper_page_seconds = 0.25\nmax_seconds = 900\nmax_pages = 5000\n",
                   encoding="utf-8")
    limit = load_config(cfg).time_limit
    assert limit == TimeLimit(30.0, 0.25, 900.0, 5000)
    cfg.write_text("[extract]\nper_page_seconds = -1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="per_page_seconds must not be negative"):
        load_config(cfg)
    defaults = load_config(ROOT / "config.toml").time_limit
    assert defaults.seconds_for(3000) == 3120  # the shipped configuration gives a 3,000-page pack its time


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long-pack.pdf"
    # pages full enough that reading them, not opening the file, is what takes the time
    return build_text_pdf(path, [[f"Report {n}, paragraph {k}: the budget position was noted" for k in range(8)]
                                 for n in range(120)])


def test_a_long_pack_dropped_by_a_per_file_limit_is_read_with_a_per_page_limit(long_pdf):
    with ParseWorker() as worker:  # started: the limits below are for reading the file only
        took = []
        for _ in range(2):
            started = time.monotonic()
            parse_file(long_pdf, timeout=120, worker=worker)
            took.append(time.monotonic() - started)
        t = min(took)  # what reading the whole pack takes here
        flat = TimeLimit(t / 4, 0.0, t / 4)  # the old rule, scaled down: one limit for any file
        with pytest.raises(ExtractionError, match=r"^timed out after [0-9.]+ s$"):
            parse_file(long_pdf, timeout=flat, worker=worker)
        per_page = TimeLimit(t / 4, 3 * t / 120, 120)  # same base, and time for each page
        assert parse_file(long_pdf, timeout=per_page, worker=worker).pages == 120


def test_text_parse_runs_under_a_time_limit_too(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(one_line(3_000_000, "minutes of the meeting of the Cabinet "), encoding="utf-8")
    with ParseWorker() as worker:
        started = time.monotonic()
        with pytest.raises(ExtractionError, match=r"^timed out after 0.3 s"):
            parse_file(path, timeout=TimeLimit(0.3, 0.0, 0.3), worker=worker)
        assert time.monotonic() - started < 5
        # the worker that timed out is gone; the next file gets a fresh one
        good = ROOT / "samples" / "text" / "rutland-cabinet-2017-06-20.txt"
        assert parse_file(good, timeout=TimeLimit(60), worker=worker).items


def test_parse_worker_survives_being_killed(tmp_path):
    good = ROOT / "samples" / "text" / "rutland-cabinet-2017-06-20.txt"
    slow = tmp_path / "slow.txt"
    slow.write_text(one_line(6_000_000, "Report of the Director "), encoding="utf-8")
    with ParseWorker() as worker:
        assert parse_file(good, timeout=60, worker=worker).items
        os.kill(worker._proc.pid, signal.SIGKILL)  # killed between two files (the OOM killer, an admin)
        worker._proc.wait()
        assert parse_file(good, timeout=60, worker=worker).items
        pid = worker._proc.pid
        killer = threading.Timer(0.5, os.kill, (pid, signal.SIGKILL))  # and in the middle of one
        killer.start()
        try:
            with pytest.raises(ExtractionError):
                parse_file(slow, timeout=120, worker=worker)
        finally:
            killer.cancel()
        assert parse_file(good, timeout=60, worker=worker).items
        assert worker._proc.pid != pid


def test_a_worker_that_cannot_start_does_not_mark_the_file_unreadable(tmp_path, monkeypatch):
    """The serving worker failed before reading anything (here: a broken Python home): that is not
    the file's fault, so the file is reported but not remembered as unreadable."""
    from indexer.documents import READER_VERSION
    from indexer.failures import FailureMemory
    from core.model import WorkerKilled
    from indexer.writer import index_paths

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "pack.txt").write_text("Agenda\n1. Apologies\n2. Budget report\n", encoding="utf-8")
    worker = ParseWorker()
    monkeypatch.setenv("PYTHONHOME", str(tmp_path / "no-python-here"))
    with worker:
        with pytest.raises(WorkerKilled, match="did not start.*tried again on the next run"):
            parse_file(archive / "pack.txt", timeout=30, worker=worker)
        summary = index_paths([archive], tmp_path / "ix", parser=lambda p, t: parse_file(p, timeout=t, worker=worker))
    assert len(summary.failed) == 1 and "did not start" in summary.failed[0].reason
    assert FailureMemory.load(tmp_path / "ix", READER_VERSION).files == {}
    monkeypatch.delenv("PYTHONHOME")
    with ParseWorker() as fresh:
        again = index_paths([archive], tmp_path / "ix", parser=lambda p, t: parse_file(p, timeout=t, worker=fresh))
    assert len(again.added) == 1 and not again.failed
