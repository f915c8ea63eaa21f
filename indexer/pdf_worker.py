"""The throw-away worker process that reads one pack file, for `extract_pdf_safely` and `parse_file`.

The parent runs `python -m indexer.pdf_worker FILE MAX_MEMORY_MB [raw|pack] [MAX_PAGES]`; the
child limits its own address space, reads the file and writes its answer to stdout:

    b"PAGES 42\\n"          as soon as the page count is known (optional)
    pickle(("ok", value)) or pickle(("error", message))

`raw` answers the `RawDoc` of a PDF; `pack` answers the parsed `Pack` of any pack file (PDF, text
or Markdown), so that every parse - text included, regular expressions included - runs under
the time and memory limit. The page count lets the parent stretch the time limit per page
(`TimeLimit`): a 3,000-page pack is given the time it needs, a 2-page file is not.

A plain subprocess (rather than multiprocessing) means no fork of a threaded parent, no re-import
of the caller's __main__ script, and a process that can always be killed and reaped.
"""
from __future__ import annotations

import os
import pickle
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .config import TimeLimit
from .model import ExtractionError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PAGES_TAG = b"PAGES "
STDERR_KEEP = 64 * 1024  # the tail of the worker's stderr kept for the failure message
last_worker_pid: int | None = None  # for tests and diagnostics


def worker_command(path: Path, max_memory_mb: int, mode: str = "raw", max_pages: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "indexer.pdf_worker", str(path), str(int(max_memory_mb)), mode]
    if max_pages is not None:
        cmd.append(str(int(max_pages)))
    return cmd


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(PACKAGE_ROOT) + (os.pathsep + old if old else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill and reap the worker (never leave a zombie)."""
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:  # pragma: no cover - already gone
            pass
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.wait()


def _page_count(out: bytes | bytearray) -> int | None:
    """The page count the worker announced at the start of its answer, if it has."""
    if not out.startswith(PAGES_TAG):
        return None
    end = out.find(b"\n")
    if end < 0:
        return None
    try:
        return int(out[len(PAGES_TAG):end])
    except ValueError:
        return None


def run_worker(cmd: list[str], timeout: float | TimeLimit) -> Any:
    """Run a worker command; return its ("ok", value) payload or raise ExtractionError.

    `timeout` is a fixed number of seconds, or a `TimeLimit` that grows with the page count the
    worker announces.
    """
    global last_worker_pid
    limit = timeout if isinstance(timeout, TimeLimit) else TimeLimit(float(timeout), 0.0, float(timeout))
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(),
            close_fds=True,
            start_new_session=True,  # Ctrl-C goes to the parent, which kills the worker
        )
    except OSError as e:
        raise ExtractionError(f"cannot start the extraction worker: {e.strerror or e}") from None
    last_worker_pid = proc.pid
    try:
        out, err, pages = _collect(proc, limit)
    except BaseException:
        _stop(proc)
        raise
    _stop(proc)
    body = out[out.find(b"\n") + 1:] if pages is not None else out
    return _decode(proc.returncode, bytes(body), bytes(err))


def _collect(proc: subprocess.Popen[bytes], limit: TimeLimit) -> tuple[bytearray, bytearray, int | None]:
    """Read the worker's stdout and stderr until it exits, within the time limit (which grows
    once the page count is announced). Raises ExtractionError on timeout."""
    assert proc.stdout is not None and proc.stderr is not None
    started = time.monotonic()
    allowed = limit.seconds_for(None)
    pages: int | None = None
    out, err = bytearray(), bytearray()
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ, out)
        sel.register(proc.stderr, selectors.EVENT_READ, err)
        while sel.get_map():
            remaining = started + allowed - time.monotonic()
            if remaining <= 0:
                raise ExtractionError(f"timed out after {limit.describe(pages)}")
            for key, _ in sel.select(remaining):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                buf: bytearray = key.data
                buf += chunk
                if buf is err and len(err) > 2 * STDERR_KEEP:
                    del err[:-STDERR_KEEP]
                if buf is out and pages is None:
                    pages = _page_count(out)
                    if pages is not None:
                        allowed = limit.seconds_for(pages)
    remaining = started + allowed - time.monotonic()
    try:
        proc.wait(timeout=max(remaining, 0.5))
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"timed out after {limit.describe(pages)}") from None
    return out, err, pages


def _decode(returncode: int, out: bytes, err: bytes) -> Any:
    if returncode == 0 and out:
        try:
            status, payload = pickle.loads(out)
        except Exception:
            raise ExtractionError("extraction failed (garbled worker answer)") from None
        if status == "ok":
            return payload
        raise ExtractionError(str(payload))
    last = next((ln for ln in reversed(err.decode("utf-8", "replace").splitlines()) if ln.strip()), "")
    if "MemoryError" in last or "Cannot allocate memory" in last or "failed to map segment" in last:
        raise ExtractionError("out of memory")
    if returncode < 0:
        sig = -returncode
        if sig == signal.SIGKILL:
            raise ExtractionError("out of memory (worker was killed)")
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        raise ExtractionError(f"extraction crashed ({name})")
    detail = f": {last.strip()[:200]}" if last else ""
    raise ExtractionError(f"extraction failed (worker exit code {returncode}){detail}")


def _memory_error(e: BaseException) -> bool:
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


def _read(path: Path, mode: str, announce, max_pages: int | None) -> Any:
    """What the worker computes: a PDF's RawDoc (`raw`), or any pack's parsed Pack (`pack`)."""
    from .text_extract import TEXT_SUFFIXES

    def pages_known(n: int) -> None:
        announce(n)
        if max_pages is not None and n > max_pages:
            raise ExtractionError(f"too many pages ({n}; at most {max_pages} are read: [extract] max_pages)")

    if path.suffix.lower() in TEXT_SUFFIXES and mode == "pack":
        from .text_extract import extract_text

        raw = extract_text(path, on_pages=pages_known)
    else:
        from .pdf_extract import extract_pdf

        raw = extract_pdf(path, on_pages=pages_known)
    if mode == "raw":
        return raw
    from .parse import parse_raw

    return parse_raw(raw)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not 2 <= len(args) <= 4 or (len(args) > 2 and args[2] not in ("raw", "pack")):
        print("usage: python -m indexer.pdf_worker FILE MAX_MEMORY_MB [raw|pack] [MAX_PAGES]", file=sys.stderr)
        return 2
    mode = args[2] if len(args) > 2 else "raw"
    max_pages = int(args[3]) if len(args) > 3 else None
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints must not corrupt the answer
    sys.stdout = sys.stderr

    def announce(n: int) -> None:
        answer.write(PAGES_TAG + str(int(n)).encode("ascii") + b"\n")
        answer.flush()

    try:
        # import first, so that the limit bounds the reading, not the start-up
        from .parse import parse_raw  # noqa: F401
        from .pdf_extract import describe_error

        if mode == "raw" or not args[0].lower().endswith((".txt", ".md", ".markdown", ".text")):
            import pdfplumber  # noqa: F401

        limit_memory(int(args[1]))
        try:
            result: tuple[str, Any] = ("ok", _read(Path(args[0]), mode, announce, max_pages))
        except MemoryError:
            result = ("error", "out of memory")
        except RecursionError:
            result = ("error", "too deeply nested to read (recursion limit)")
        except BaseException as e:  # noqa: BLE001 - every failure becomes one line
            result = ("error", describe_error(e))
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (MemoryError, ImportError, OSError) as e:
        result = None  # free what we can before answering
        message = "out of memory" if _memory_error(e) else f"extraction failed: {type(e).__name__}: {e}"
        data = pickle.dumps(("error", message[:300]))
    answer.write(data)
    answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
