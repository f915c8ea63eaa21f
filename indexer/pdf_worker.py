"""The throw-away worker process behind `pdf_extract.extract_pdf_safely`.

The parent runs `python -m indexer.pdf_worker FILE MAX_MEMORY_MB`; the child
limits its own address space, runs `extract_pdf` and writes one pickled
("ok", RawDoc) or ("error", message) to stdout. A plain subprocess (rather
than multiprocessing) means no fork of a threaded parent, no re-import of the
caller's __main__ script, and a process that can always be killed and reaped.
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from .model import ExtractionError, WorkerKilled

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
last_worker_pid: int | None = None  # for tests and diagnostics


def worker_command(path: Path, max_memory_mb: int) -> list[str]:
    return [sys.executable, "-m", "indexer.pdf_worker", str(path), str(int(max_memory_mb))]


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
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError, OSError):  # pragma: no cover
        proc.wait()


def run_worker(cmd: list[str], timeout: float) -> Any:
    """Run a worker command; return its ("ok", value) payload or raise ExtractionError."""
    global last_worker_pid
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
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise ExtractionError(f"timed out after {timeout:g} s") from None
    except BaseException:
        _stop(proc)
        raise
    return _decode(proc.returncode, out, err)


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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m indexer.pdf_worker FILE MAX_MEMORY_MB", file=sys.stderr)
        return 2
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints must not corrupt the answer
    sys.stdout = sys.stderr
    try:
        # import first, so that the limit bounds the extraction, not the start-up
        import pdfplumber  # noqa: F401

        from .pdf_extract import describe_error, extract_pdf

        limit_memory(int(args[1]))
        try:
            result: tuple[str, Any] = ("ok", extract_pdf(Path(args[0])))
        except MemoryError:
            result = ("error", "out of memory")
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
