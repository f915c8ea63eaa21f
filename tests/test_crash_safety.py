"""Crash safety: the real `agenda-search index` process is SIGKILLed at many moments (before its
first commit, during extraction, while a batch is written, between Whoosh's commit and the
switch to the new generation, during pruning, and at timed moments); after every kill the index
opens and answers (engine and website), every pack it shows is complete, no lock blocks the next
run, and the next run ends with exactly the packs and items of an index built from scratch.

Kill moments come from AGENDA_SEARCH_TEST_CRASH_AT (core.crashpoints: the process SIGKILLs
itself at the named moment, or a timer started there does) and from the test sending SIGKILL
after a delay. CI runs 23 kills on small real packs; `FULL=1` (scripts/crash_safety.sh) adds
every bundled sample, every crash point pass and 30 timed kills.
"""
from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from core.config import Config
from core.crashpoints import ENV
from indexer.documents import file_sha256
from core.generations import WRITER_LOCK_FILE, current_path
from indexer.parse import parse_file
from core.schema import REGISTRY_FILE
from indexer.runlock import read_record
from indexer.writer import IndexLockTimeout, index_paths
from search.engine import open_service
from search.results import NothingIndexed
from search.results import SearchRequest
from webui.app import create_app

from textpacks import banking_text, scrutiny_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FULL = os.environ.get("FULL") == "1"
FIGURES: Counter = Counter()


def _date(n: int) -> str:
    return f"Tuesday, {n % 28 + 1} {('March', 'April', 'May')[n // 28]} 2015"


N_MEETINGS = 16 if FULL else 8  # FULL: more packs than one batch of 16
SLOW_PDFS = {"us_hermosa_beach_council_agenda_2023-01-10.pdf", "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf",
             "kent_cabinet_2025-01-30_printed_minutes.pdf"}


def write_v1(archive: Path) -> None:
    """A report with officers, scrutiny meetings, a small PDF (and with FULL, every sample)."""
    archive.mkdir(parents=True)
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    for i in range(N_MEETINGS):
        (archive / f"s{i:02d}.txt").write_text(scrutiny_text(_date(i)), encoding="utf-8")
    shutil.copy(SAMPLES / "pdf" / "kent_cabinet_2025-01-30_agenda_frontsheet.pdf", archive)
    if FULL:  # every bundled pack but the three slowest PDFs (each kill re-extracts what it reaches)
        for f in (SAMPLES / "text").iterdir():
            shutil.copy(f, archive / f"full-{f.name}")
        for f in (SAMPLES / "pdf").glob("*.pdf"):
            if f.name not in SLOW_PDFS and not (archive / f.name).exists():
                shutil.copy(f, archive / f"full-{f.name}")


def make_v2(archive: Path) -> None:
    """A later state: two corrected files (one with its date fixed), one renamed and corrected,
    one removed (pruned), three new meetings (FULL: and a new PDF)."""
    banking = archive / "banking.md"
    banking.write_text(banking.read_text(encoding="utf-8") + "\nA late note on the quoxenfield survey.\n",
                       encoding="utf-8")
    (archive / "s03.txt").write_text(scrutiny_text(_date(70)), encoding="utf-8")
    (archive / "s05.txt").unlink()
    (archive / "s07.txt").rename(archive / "s07-corrected.txt")
    (archive / "s07-corrected.txt").write_text(scrutiny_text(_date(7)) + "\nCorrected copy.\n", encoding="utf-8")
    for i in range(40, 43):
        (archive / f"s{i:02d}.txt").write_text(scrutiny_text(_date(i)), encoding="utf-8")
    if FULL:
        shutil.copy(SAMPLES / "pdf" / "us_eastpaloalto_pc_minutes_2020-01-27.pdf", archive)


def run_indexer(archive: Path, ix: Path, config: Path, crash: str | None = None,
                kill_after: float | None = None, prune: bool = False) -> int:
    """`python -m cli.main index ARCHIVE --index IX` (the real command); its exit code."""
    env = dict(os.environ, AGENDA_SEARCH_CONFIG=str(config), PYTHONPATH=str(ROOT))
    env.pop(ENV, None)
    if crash:
        env[ENV] = crash
    cmd = [sys.executable, "-m", "cli.main", "index", str(archive), "--index", str(ix)] + (["--prune"] if prune else [])
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, -signal.SIGKILL), err.decode(errors="replace")[-2000:]
    return proc.returncode


def assert_answers(ix: Path) -> int:
    """The index opens and answers through the engine and the website, and every pack it holds
    is whole (all its items findable). Returns how many packs it holds.

    Killed before its first pack was committed, the index holds nothing: that is a clear
    answer too ("nothing indexed yet", the site's 503 page), never an unreadable index."""
    app = create_app(Config(archive_folders=(), index_dir=ix), service_factory=lambda audience: open_service(ix, audience=audience))
    client = app.test_client()
    try:
        with open_service(ix) as svc:
            browse = svc.search(SearchRequest(query="", limit=1000))
            svc.search(SearchRequest(query="council scrutiny"))
            stats = svc.stats()
    except NothingIndexed:
        gen = current_path(ix)
        registry = json.loads((gen / REGISTRY_FILE).read_text(encoding="utf-8"))["packs"] if gen else {}
        assert not registry, registry
        resp = client.get("/", follow_redirects=True)
        assert resp.status_code == 503 and "Nothing has been indexed yet" in resp.get_data(as_text=True)
        return 0
    gen = current_path(ix)
    registry = json.loads((gen / REGISTRY_FILE).read_text(encoding="utf-8"))["packs"] if gen else {}
    expected = {p["paper"]: p["n_items"] for p in registry.values() if p.get("n_items")}
    shown = [h.item_id for h in browse.results] + [i for h in browse.results for i, _ in h.also_in]
    assert stats.packs == len(registry)
    assert dict(Counter(i.partition(":")[0] for i in shown)) == expected  # (a meeting's papers fold into one hit)
    assert stats.items == len(shown) == sum(expected.values())
    for url in ("/", "/search.json?q=council", "/?q=&council=Rutland+County+Council"):
        assert client.get(url, follow_redirects=True).status_code == 200, url
    return stats.packs


def snapshot(ix: Path) -> dict:
    with open_service(ix) as svc:
        browse = svc.search(SearchRequest(query="", limit=1000))
        stats = svc.stats()
        return {"items": sorted((h.item_id, h.item, h.title, h.officers, h.date, h.source) for h in browse.results),
                "stats": (stats.packs, stats.items, stats.sections),
                "late": svc.search(SearchRequest(query="quoxenfield")).total}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Config, the v1 archive and index (to start from), and what v1 and v2 look like indexed from scratch."""
    base = tmp_path_factory.mktemp("crash")
    config = base / "config.toml"
    config.write_text('[archive]\nfolders = []\n[index]\ndir = "unused"\n[extract]\ntimeout_seconds = 60\n',
                      encoding="utf-8")
    archive_v1 = base / "v1"
    write_v1(archive_v1)
    ix_v1 = base / "ix-v1"
    assert not index_paths([archive_v1], ix_v1).failed
    archive_v2 = base / "v2"
    shutil.copytree(archive_v1, archive_v2)
    make_v2(archive_v2)
    ix_v2 = base / "ix-v2"
    assert not index_paths([archive_v2], ix_v2).failed
    return {"config": config, "v1": archive_v1, "want_v1": snapshot(ix_v1), "want_v2": snapshot(ix_v2)}


# first run: lock taken; first (empty) generation written, renamed, current; files hashed; before
# the first file, during the PDF's extraction (worker running), before the 5th file; the batch
# added but not committed; committed but not current; current, old generation not yet removed
FIRST_RUN_KILLS = ["lock:1", "create:1", "commit:1", "plan:1", "extract:1", "extract:2:0.3", "extract:5",
                   "write:1", "commit:2", "switch:2"]
# update run: as above, then the prune's commit, and just before the run lock is released
UPDATE_KILLS = ["plan:1", "extract:1", "extract:4:0.02", "write:1", "commit:1", "switch:1",
                "prune:1", "commit:2", "done:1"]
TIMED = [0.5, 0.75]
N_TIMED_FULL = 15  # per kind of run, spread over the run's measured duration


def _kill_and_recover(archive: Path, ix: Path, config: Path, want: dict, crash: str | None,
                      kill_after: float | None, prune: bool = False) -> None:
    """One kill, the checks after it, and the run that must finish the work."""
    if run_indexer(archive, ix, config, crash=crash, kill_after=kill_after, prune=prune) == 0:
        FIGURES["runs that ended before their timed kill"] += 1
        return
    FIGURES["kills"] += 1
    if not (ix / WRITER_LOCK_FILE).exists():
        FIGURES["kills before the writer started"] += 1  # timed kills only: nothing of the run exists
    elif assert_answers(ix) == 0:  # raises if the index cannot be opened or answers wrongly
        FIGURES["kills before the first pack was committed"] += 1
    FIGURES["indexes that opened and answered after a kill"] += 1
    t0 = time.monotonic()
    # a dead writer's lock never blocks (lock_timeout); parses are memoised by content (the
    # killed runs extract for real, the recovery run is about what the writer does next)
    summary = index_paths([archive], ix, prune=prune, lock_timeout=10, parser=_memo_parse)
    assert time.monotonic() - t0 < 60 and not summary.failed, summary.failed
    assert snapshot(ix) == want, crash or kill_after
    FIGURES["recovered exactly"] += 1


_PARSED: dict[str, object] = {}


def _memo_parse(path: Path, timeout: float):
    key = file_sha256(path)
    if key not in _PARSED:
        _PARSED[key] = parse_file(path, timeout=timeout)
    return dataclasses.replace(_PARSED[key], source=path.name)


def _plan(kills: list[str], archive: Path, ix: Path, config: Path, prune: bool = False
          ) -> list[tuple[str | None, float | None]]:
    """The kills of one kind of run. FULL: one at every pass of every crash point (counted by a
    run of the same kind, `ix` being the state it starts from) and timed ones over its duration."""
    if not FULL:
        return [(k, None) for k in kills] + [(None, t) for t in TIMED]
    log = ix.parent / f"{ix.name}.passes"
    log.unlink(missing_ok=True)
    work = ix.parent / f"{ix.name}.count"
    shutil.rmtree(work, ignore_errors=True)
    if ix.exists():
        shutil.copytree(ix, work)
    t0 = time.monotonic()
    run_indexer(archive, work, config, crash=f"count:{log}", prune=prune)
    took = time.monotonic() - t0
    passes = Counter()
    every = []
    for phase in log.read_text(encoding="utf-8").split():
        passes[phase] += 1
        every.append(f"{phase}:{passes[phase]}")
    every += [f"extract:{n}:0.3" for n in range(1, passes["extract"] + 1, 3)]  # inside extractions
    FIGURES["crash point passes planned"] += len(every)
    return [(k, None) for k in every] + [(None, 0.4 + (took - 0.4) * i / N_TIMED_FULL) for i in range(N_TIMED_FULL)]


def test_kills_during_a_first_run_never_leave_an_unreadable_index(world, tmp_path):
    """Killed before its first commit, a run used to leave a folder that could not be opened
    ("cannot read the index: " and nothing after it, the site 500) in 9 of 22 kills."""
    archive = tmp_path / "archive"
    shutil.copytree(world["v1"], archive)
    before = FIGURES["kills"]
    for n, (crash, kill_after) in enumerate(_plan(FIRST_RUN_KILLS, archive, tmp_path / "ix", world["config"])):
        _kill_and_recover(archive, tmp_path / f"ix-{n}", world["config"], world["want_v1"], crash, kill_after)
    print(f"\nafter first-run kills: {dict(FIGURES)}")
    assert FIGURES["kills"] - before >= len(FIRST_RUN_KILLS)
    assert FIGURES["kills before the first pack was committed"] >= 7


def test_kills_during_an_update_run_leave_the_old_or_a_whole_new_state(world, tmp_path):
    """Corrections, a rename, a removal (pruned), new packs: killed anywhere, the index shows the
    old state or a later one with whole packs, and the next run ends in the new state."""
    archive, ix, start = tmp_path / "archive", tmp_path / "ix", tmp_path / "ix-v1"
    shutil.copytree(world["v1"], archive)
    assert not index_paths([archive], start).failed  # v1 indexed once, at this archive's path
    before = FIGURES["kills"]
    shutil.rmtree(archive)
    shutil.copytree(world["v1"], archive)
    make_v2(archive)
    plan = _plan(UPDATE_KILLS, archive, start, world["config"], prune=True)
    for crash, kill_after in plan:
        for p in (archive, ix):
            shutil.rmtree(p, ignore_errors=True)
        shutil.copytree(world["v1"], archive)
        shutil.copytree(start, ix)
        make_v2(archive)
        _kill_and_recover(archive, ix, world["config"], world["want_v2"], crash, kill_after, prune=True)
    print(f"\nafter update-run kills: {dict(FIGURES)}")
    assert FIGURES["kills"] - before >= len(UPDATE_KILLS)


# --------------------------------------------------------------------------- locks and workers

HOLD_LOCK = """
import os, signal, sys, time
from indexer.runlock import RunLock
RunLock(sys.argv[1]).acquire()
child = os.fork()
if child == 0:  # a stray process that inherited the open lock file, as a wrapper's child might
    time.sleep(120)
    os._exit(0)
print(child, flush=True)
if sys.argv[2] == "die":
    os.kill(os.getpid(), signal.SIGKILL)
time.sleep(120)
"""


def _hold_lock(ix: Path, then: str) -> tuple[subprocess.Popen, int]:
    ix.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ix / WRITER_LOCK_FILE), then], cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE)
    child = int(proc.stdout.readline())
    return proc, child


def _lock_is_held(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_a_dead_writers_lock_is_cleared_and_never_blocks_a_run(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    ix = tmp_path / "ix"
    proc, orphan = _hold_lock(ix, "die")
    try:
        assert proc.wait(10) == -signal.SIGKILL
        record = read_record(ix / WRITER_LOCK_FILE)
        assert record["pid"] == proc.pid and record["start"] and record["boot"]  # who held it, and since when
        assert _lock_is_held(ix / WRITER_LOCK_FILE)  # still locked: by the orphan, for a writer that is dead
        t0 = time.monotonic()
        said = []
        summary = index_paths([archive], ix, lock_timeout=10, progress=lambda p: said.append(p.message))
        assert time.monotonic() - t0 < 5 and len(summary.added) == 1
        assert f"cleared the lock of an indexer that is no longer running (process {proc.pid}, since" in " ".join(
            m for m in said if m)
        assert read_record(ix / WRITER_LOCK_FILE) is None  # released, nobody holds it now
    finally:
        os.kill(orphan, signal.SIGKILL)


def test_a_live_writers_lock_is_waited_for_and_named(tmp_path):
    proc, child = _hold_lock(tmp_path / "ix", "live")
    try:
        with pytest.raises(IndexLockTimeout, match=rf"process {proc.pid}\b"):
            index_paths([tmp_path], tmp_path / "ix", lock_timeout=1)
    finally:
        for pid in (child, proc.pid):
            os.kill(pid, signal.SIGKILL)
        proc.wait(10)


def test_a_held_whoosh_write_lock_in_the_index_does_not_block_a_run(tmp_path):
    """Whoosh's own WRITELOCK lives in each generation's private folder and is never carried
    into the next one: even one held by a stray process cannot block a run."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    ix = tmp_path / "ix"
    index_paths([archive], ix)
    locks = list(current_path(ix).glob("*WRITELOCK")) or [current_path(ix) / "MAIN_WRITELOCK"]
    fd = os.open(locks[0], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        (archive / "banking.md").write_text(banking_text() + "\nA late note on the quoxenfield survey.\n", encoding="utf-8")
        assert len(index_paths([archive], ix, lock_timeout=5).updated) == 1
    finally:
        os.close(fd)
    assert snapshot(ix)["late"] == 1


def test_a_worker_killed_by_a_signal_is_retried_on_the_next_run(tmp_path):
    """A PDF whose extraction worker the system killed (OOM killer, SIGKILL) was remembered as a
    permanent failure of the file and never read again; only a parse error is remembered."""
    import indexer.pdf_worker as pdf_worker
    from indexer.failures import FailureMemory
    from indexer.documents import READER_VERSION

    archive = tmp_path / "archive"
    archive.mkdir()
    pdf = shutil.copy(SAMPLES / "pdf" / "kent_cabinet_2025-01-30_agenda_frontsheet.pdf", archive)
    killed: list[int] = []
    worker = pdf_worker.ParseWorker()
    worker._ensure()  # started and ready: the kill lands while it reads the file

    def kill_the_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            if worker._served and worker._proc is not None:
                os.kill(worker._proc.pid, signal.SIGKILL)
                killed.append(worker._proc.pid)
            time.sleep(0.005)

    killer = threading.Thread(target=kill_the_worker)
    killer.start()
    with worker:
        first = index_paths([archive], tmp_path / "ix", parser=worker.parse)
    killer.join()
    assert killed and [f.path for f in first.failed] == [str(Path(pdf).resolve())]
    assert "killed" in first.failed[0].reason and "tried again" in first.failed[0].reason
    assert FailureMemory.load(tmp_path / "ix", READER_VERSION).files == {}  # not remembered
    second = index_paths([archive], tmp_path / "ix")  # no --retry-failed needed
    assert len(second.added) == 1 and not second.failed
