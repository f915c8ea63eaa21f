"""The worker process's side of indexer.pdf_worker: read one file (or serve a stream of them) and
answer in frames on stdout.

Kept apart from the process management so that the parent side (pdf_worker), which the parser
imports, never imports the parser back: this module sits above parse, pdf_extract and
text_extract, and runs only as `python -m indexer.worker_child` in the child process.
"""
from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from core.model import ExtractionError

from .pdf_worker import READY, is_memory_error, limit_memory


def _read(path: Path, mode: str, announce: Callable[[int], None], max_pages: int | None) -> Any:
    """What the worker computes: a PDF's RawDoc (`raw`), or any pack's parsed Pack (`pack`)."""
    from .text_extract import TEXT_SUFFIXES

    def pages_known(n: int) -> None:
        announce(n)
        if max_pages and n > max_pages:
            raise ExtractionError(f"too many pages ({n}; at most {max_pages} are read: [extract] max_pages)")

    if path.suffix.lower() in TEXT_SUFFIXES and mode == "pack":
        from .text_extract import extract_text

        raw = extract_text(path, on_pages=announce)  # page-sized chunks of text: no page cap
    else:
        from .pdf_extract import extract_pdf

        raw = extract_pdf(path, on_pages=pages_known)
    if mode == "raw":
        return raw
    from .parse import parse_raw

    return parse_raw(raw)


def _answer(path: Path, mode: str, out: IO[bytes], max_pages: int | None) -> None:
    """Read one file and write its frames (page count, then the result) to `out`."""
    from .pdf_extract import describe_error

    def announce(n: int) -> None:
        out.write(b"P" + int(n).to_bytes(8, "big"))
        out.flush()

    try:
        result: tuple[str, Any] = ("ok", _read(path, mode, announce, max_pages))
    except MemoryError:
        result = ("error", "out of memory")
    except RecursionError:
        result = ("error", "too deeply nested to read (recursion limit)")
    except BaseException as e:  # noqa: BLE001 - every failure becomes one line
        result = ("error", describe_error(e))
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        del result  # free what we can before answering
        data = pickle.dumps(("error", "out of memory"))
    out.write(b"R" + len(data).to_bytes(8, "big") + data)
    out.flush()


def _prepare(max_memory_mb: int, pdf: bool) -> None:
    """Import first, so that the memory limit bounds the reading, not the start-up."""
    from .parse import parse_raw  # noqa: F401
    from .pdf_extract import describe_error  # noqa: F401

    if pdf:
        import pdfplumber  # noqa: F401
    limit_memory(max_memory_mb)


def _serve(max_memory_mb: int, max_pages: int | None, out: IO[bytes]) -> int:
    requests = os.fdopen(os.dup(0), "rb")
    _prepare(max_memory_mb, pdf=True)
    out.write(READY)
    out.flush()
    while True:
        head = requests.read(4)
        if len(head) < 4:
            return 0
        body = requests.read(int.from_bytes(head, "big"))
        mode, _, raw_path = body.partition(b"\0")
        _answer(Path(os.fsdecode(raw_path)), mode.decode("ascii"), out, max_pages)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    serve = bool(args) and args[0] == "--serve"
    if serve and len(args) != 3:
        print("usage: python -m indexer.worker_child --serve MAX_MEMORY_MB MAX_PAGES", file=sys.stderr)
        return 2
    if not serve and (not 2 <= len(args) <= 4 or (len(args) > 2 and args[2] not in ("raw", "pack"))):
        print("usage: python -m indexer.worker_child FILE MAX_MEMORY_MB [raw|pack] [MAX_PAGES]", file=sys.stderr)
        return 2
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints must not corrupt the answer
    sys.stdout = sys.stderr
    try:
        if serve:
            return _serve(int(args[1]), int(args[2]) or None, out)
        mode = args[2] if len(args) > 2 else "raw"
        is_text = mode == "pack" and args[0].lower().endswith((".txt", ".md", ".markdown", ".text"))
        _prepare(int(args[1]), pdf=not is_text)
    except (MemoryError, ImportError, OSError) as e:
        message = "out of memory" if is_memory_error(e) else f"extraction failed: {type(e).__name__}: {e}"
        data = pickle.dumps(("error", message[:300]))
        out.write(b"R" + len(data).to_bytes(8, "big") + data)
        out.flush()
        return 0
    _answer(Path(args[0]), mode, out, int(args[3]) if len(args) > 3 else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
