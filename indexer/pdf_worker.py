"""The worker process that reads pack files, for `extract_pdf_safely` and `parse_file`.

Every read of a pack - PDF, text or Markdown, extraction and parsing, every regular expression -
runs in a child process under a time limit and an address-space limit, so that no file, however
hostile, can hold the indexer past its limit or take it down.

Two ways to run it:

- one file: `python -m indexer.worker_child FILE MAX_MEMORY_MB [raw|pack] [MAX_PAGES]` reads FILE,
  answers and exits (`run_worker`);
- many files: `python -m indexer.worker_child --serve MAX_MEMORY_MB MAX_PAGES` reads requests from
  stdin, one after another (`ParseWorker`, used by `agenda-search index`: the start-up, half a
  second with pdfplumber, is paid once instead of once per file). A worker that times out,
  runs out of memory or crashes is killed and a fresh one serves the next file.

The answer to a request is a sequence of frames on stdout: b"P" + page count (8 bytes) as soon
as it is known, then b"R" + length (8 bytes) + pickle(("ok", value) or ("error", message)).
`raw` answers the `RawDoc` of a PDF; `pack` the parsed `Pack` of any pack file. The page count
lets the parent stretch the time limit per page (`TimeLimit`): a 3,000-page pack is given the
time it needs, a 2-page file is not. A plain subprocess (rather than multiprocessing) means no
fork of a threaded parent, no re-import of the caller's __main__ script, and a process that can
always be killed and reaped. The child's stderr goes to a temporary file (never a pipe that
could fill up), whose tail explains a crash.
"""
from __future__ import annotations

import atexit
import os
import pickle
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from core.config import TimeLimit
from core.model import ExtractionError, WorkerKilled

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
STDERR_KEEP = 16 * 1024  # the tail of the worker's stderr read for a failure message
MAX_REQUESTS = 200  # a serving worker is replaced after this many files (bounds any slow leak)
START_SECONDS = 120.0  # how long a serving worker may take to start (imports), outside any file's limit
READY = b"S" + bytes(8)  # what a serving worker says once it has started
last_worker_pid: int | None = None  # for tests and diagnostics


def worker_command(path: Path, max_memory_mb: int, mode: str = "raw", max_pages: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "indexer.worker_child", str(path), str(int(max_memory_mb)), mode]
    if max_pages is not None:
        cmd.append(str(int(max_pages)))
    return cmd


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(PACKAGE_ROOT) + (os.pathsep + old if old else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _limit_of(timeout: float | TimeLimit) -> TimeLimit:
    return timeout if isinstance(timeout, TimeLimit) else TimeLimit(float(timeout), 0.0, float(timeout))


def _start(cmd: list[str], stdin: int | None) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    global last_worker_pid
    err = tempfile.TemporaryFile(prefix="agenda-worker-")
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=err,
            env=_child_env(),
            close_fds=True,
            start_new_session=True,  # Ctrl-C goes to the parent, which kills the worker
        )
    except OSError as e:
        err.close()
        raise ExtractionError(f"cannot start the extraction worker: {e.strerror or e}") from None
    last_worker_pid = proc.pid
    return proc, err


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill and reap the worker (never leave a zombie)."""
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:  # pragma: no cover - already gone
            pass
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:  # pragma: no cover - a broken pipe on close
                pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.wait()


def _tail(err: IO[bytes]) -> bytes:
    err.seek(0, os.SEEK_END)
    size = err.tell()
    err.seek(max(0, size - STDERR_KEEP))
    return err.read()


class _Answer:
    """Frames read so far from a worker's stdout."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.pages: int | None = None
        self.payload: bytes | None = None

    def feed(self, chunk: bytes) -> None:
        self.buf += chunk
        while self.payload is None and self.buf:
            tag = self.buf[:1]
            if tag == b"P" and len(self.buf) >= 9:
                self.pages = int.from_bytes(self.buf[1:9], "big")
                del self.buf[:9]
            elif tag == b"R" and len(self.buf) >= 9:
                size = int.from_bytes(self.buf[1:9], "big")
                if len(self.buf) < 9 + size:
                    return
                self.payload = bytes(self.buf[9:9 + size])
                del self.buf[:9 + size]
            elif tag in (b"P", b"R"):
                return  # the rest of the frame is still on its way
            else:
                raise ExtractionError("extraction failed (garbled worker answer)")


def _await(proc: subprocess.Popen[bytes], limit: TimeLimit, started: float) -> _Answer:
    """Read one answer (until its result frame or the end of the output) within the time limit,
    which grows once the page count is announced. Raises ExtractionError on timeout."""
    assert proc.stdout is not None
    answer = _Answer()
    fd = proc.stdout.fileno()
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while answer.payload is None:
            remaining = started + limit.seconds_for(answer.pages) - time.monotonic()
            if remaining <= 0:
                raise ExtractionError(f"timed out after {limit.describe(answer.pages)}")
            if not sel.select(remaining):
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break  # the worker exited (or died) without a result
            answer.feed(chunk)
    return answer


def _result(answer: _Answer, returncode: int | None, err: IO[bytes]) -> Any:
    if answer.payload is not None:
        return _decode(0, answer.payload, b"")
    return _decode(returncode if returncode is not None else 1, b"", _tail(err))


def run_worker(cmd: list[str], timeout: float | TimeLimit) -> Any:
    """Run a one-file worker command; return its ("ok", value) payload or raise ExtractionError.

    `timeout` is a fixed number of seconds, or a `TimeLimit` that grows with the page count the
    worker announces. The worker is always killed and reaped.
    """
    limit = _limit_of(timeout)
    started = time.monotonic()
    proc, err = _start(cmd, subprocess.DEVNULL)
    try:
        answer = _await(proc, limit, started)
        if answer.payload is None:
            try:
                proc.wait(timeout=max(started + limit.seconds_for(answer.pages) - time.monotonic(), 0.5))
            except subprocess.TimeoutExpired:
                raise ExtractionError(f"timed out after {limit.describe(answer.pages)}") from None
        _stop(proc)
        return _result(answer, proc.returncode, err)
    finally:
        _stop(proc)
        err.close()


class ParseWorker:
    """A worker process kept for many files (`agenda-search index`), replaced whenever one file
    times out, exhausts memory or kills it. Safe to share between threads (one file at a time).

        with ParseWorker(max_memory_mb=2048, max_pages=20000) as worker:
            pack = worker.parse(path, time_limit)
    """

    def __init__(self, max_memory_mb: int = 2048, max_pages: int | None = None):
        self.max_memory_mb = int(max_memory_mb)
        self.max_pages = max_pages
        self._proc: subprocess.Popen[bytes] | None = None
        self._err: IO[bytes] | None = None
        self._served = 0
        self._lock = threading.Lock()

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._retire()

    def _retire(self) -> None:
        if self._proc is not None:
            _stop(self._proc)
        if self._err is not None:
            self._err.close()
        self._proc = self._err = None
        self._served = 0

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None or self._served >= MAX_REQUESTS:
            self._retire()
            cmd = [sys.executable, "-m", "indexer.worker_child", "--serve", str(self.max_memory_mb),
                   str(self.max_pages if self.max_pages is not None else 0)]
            self._proc, self._err = _start(cmd, subprocess.PIPE)
            self._wait_ready(self._proc)
        return self._proc

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        """Wait for the start-up (Python and pdfplumber imports) to finish, so that a file's time
        limit measures reading the file, not starting a process on a busy machine."""
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        got = b""
        deadline = time.monotonic() + START_SECONDS
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while len(got) < len(READY):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (not sel.select(remaining) and time.monotonic() >= deadline):
                    break
                chunk = os.read(fd, len(READY) - len(got))
                if not chunk:
                    break
                got += chunk
        if got != READY:
            # no file was read yet: whatever happened is not the next file's fault (WorkerKilled:
            # it is tried again on the next run, never remembered as unreadable)
            assert self._err is not None
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            code, err = proc.poll(), _tail(self._err)
            self._retire()
            if code is not None and code < 0:
                try:
                    _decode(code, b"", err)
                except WorkerKilled:
                    raise
                except ExtractionError as exc:
                    raise WorkerKilled(f"the extraction worker did not start ({exc}); "
                                       "it is tried again on the next run") from None
            tail = err.decode("utf-8", "replace").strip().splitlines()
            raise WorkerKilled("the extraction worker did not start" + (f" ({tail[-1][:200]})" if tail else "")
                               + "; it is tried again on the next run")

    def request(self, path: Path, mode: str, timeout: float | TimeLimit) -> Any:
        """Read one file in the worker; the ("ok", value) payload, or ExtractionError."""
        limit = _limit_of(timeout)
        with self._lock:
            proc = self._ensure()
            assert proc.stdin is not None and self._err is not None
            self._err.seek(0)
            self._err.truncate()
            body = mode.encode("ascii") + b"\0" + os.fsencode(path)
            started = time.monotonic()
            try:
                proc.stdin.write(len(body).to_bytes(4, "big") + body)
                proc.stdin.flush()
            except OSError:  # the worker died between two files: start another and retry once
                self._retire()
                proc = self._ensure()
                assert proc.stdin is not None
                proc.stdin.write(len(body).to_bytes(4, "big") + body)
                proc.stdin.flush()
            self._served += 1
            try:
                answer = _await(proc, limit, started)
            except BaseException:
                self._retire()  # timed out or interrupted: this worker is not used again
                raise
            if answer.payload is None:  # it died: say how, and start afresh next time
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:  # pragma: no cover
                    pass
                err = self._err
                returncode = proc.returncode
                try:
                    return _result(answer, returncode, err)
                finally:
                    self._retire()
            try:
                return _result(answer, 0, self._err)
            except ExtractionError as exc:
                if "out of memory" in str(exc):
                    self._retire()  # a worker that hit its memory limit is not trusted again
                raise

    def parse(self, path: Path, timeout: float | TimeLimit) -> Any:
        return self.request(path, "pack", timeout)


_SHARED: dict[tuple[int, int, int | None], ParseWorker] = {}
_SHARED_LOCK = threading.Lock()


def shared_worker(max_memory_mb: int = 2048, max_pages: int | None = None) -> ParseWorker:
    """The process-wide ParseWorker for these limits (started on first use, stopped at exit), for
    callers that parse file after file without managing a worker of their own."""
    key = (os.getpid(), int(max_memory_mb), max_pages)
    with _SHARED_LOCK:
        worker = _SHARED.get(key)
        if worker is None:
            if not _SHARED:
                atexit.register(_close_shared)
            worker = _SHARED[key] = ParseWorker(max_memory_mb, max_pages)
        return worker


def _close_shared() -> None:
    with _SHARED_LOCK:
        for key, worker in list(_SHARED.items()):
            if key[0] == os.getpid():
                worker.close()
        _SHARED.clear()


def _decode(returncode: int, out: bytes, err: bytes) -> Any:
    if returncode == 0 and out:
        try:
            status, payload = pickle.loads(out)
        except Exception:  # noqa: BLE001 - any failure here has one answer
            raise ExtractionError("extraction failed (garbled worker answer)") from None
        if status == "ok":
            return payload
        raise ExtractionError(str(payload))
    last = next((ln for ln in reversed(err.decode("utf-8", "replace").splitlines()) if ln.strip()), "")
    if "MemoryError" in last or "Cannot allocate memory" in last or "failed to map segment" in last:
        raise ExtractionError("out of memory")
    if returncode < 0:
        sig = -returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
            # killed from outside (OOM killer, operator, shutdown): not the file's fault, retry next run
            what = "probably out of memory" if sig == signal.SIGKILL else "stopped"
            raise WorkerKilled(f"extraction worker was killed ({name}, {what}); it is tried again on the next run")
        raise ExtractionError(f"extraction crashed ({name})")
    detail = f": {last.strip()[:200]}" if last else ""
    raise ExtractionError(f"extraction failed (worker exit code {returncode}){detail}")


def is_memory_error(e: BaseException) -> bool:
    return isinstance(e, MemoryError) or any(
        k in str(e) for k in ("failed to map segment", "Cannot allocate memory")
    )


def limit_memory(max_memory_mb: int) -> None:
    """Cap this process's address space (RLIMIT_AS) at max_memory_mb."""
    try:
        import resource
    except ImportError:  # pragma: no cover - non-POSIX
        return
    limit = int(max_memory_mb) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
