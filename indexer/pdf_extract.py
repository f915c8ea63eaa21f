"""PDF agenda packs -> `RawDoc` (lines in reading order with page, size, bold).

`extract_pdf` does the work in-process; `extract_pdf_safely` runs it in a
throw-away worker process with a time and memory limit and turns every failure
into an `ExtractionError` carrying one clear line.

Page-level reading (lines, ruled tables, needs-OCR detection) lives in
`pdf_layout`; this module removes running headers/footers and page stamps,
records printed page labels and owns the worker process.

    python -m indexer.pdf_extract FILE.pdf [--json]   # dump what the parser gets
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from core.config import TimeLimit
from core.model import ExtractionError, Line, RawDoc

from .pdf_layout import PageLine, PageText, read_page
from .pdf_text import (
    is_agenda_stamp,
    looks_paginated,
    page_label_in_line,
    page_of_label,
    page_stamp_label,
    repeat_key,
    strip_blank_page_notice,
)
from .text_decode import display_name

HEADER_BAND = 0.12  # top/bottom share of the page height where running lines live
EDGE_LINES = 3  # only the first/last few lines of a page can be headers/footers
MAGIC_WINDOW = 1024


# ----------------------------------------------------------------------------- errors


def check_magic(path: Path) -> None:
    """Raise ExtractionError unless the file is non-empty and says %PDF- near its start."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(MAGIC_WINDOW)
    except OSError as e:
        raise ExtractionError(f"cannot read file: {e.strerror or e}") from None
    if size == 0:
        raise ExtractionError("empty file")
    if b"%PDF-" not in head:
        snippet = head[:24].decode("latin-1")
        snippet = "".join(ch if ch.isprintable() else "." for ch in snippet).strip()
        raise ExtractionError(f"not a PDF (starts with {snippet!r})")


def describe_error(exc: BaseException) -> str:
    """One clear line for an exception raised while opening/reading a PDF."""
    if isinstance(exc, ExtractionError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, OSError | ImportError) and any(
        k in str(exc) for k in ("failed to map segment", "Cannot allocate memory")
    ):
        return "out of memory"  # the address-space limit hit a shared library load
    inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
    if isinstance(inner, BaseException) and inner is not exc:
        return describe_error(inner)
    name = type(exc).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning", "PDFTextExtractionNotAllowed"):
        return "encrypted PDF (password required)"
    text = " ".join(str(exc).split()) or name
    if name == "PSEOF":
        text = "unexpected end of file"
    elif name not in text:
        text = f"{name}: {text}"
    if not _raised_by_pdf_library(exc):
        return f"extraction error: {text[:200]}"
    return f"truncated or damaged PDF: {text[:200]}"


def _raised_by_pdf_library(exc: BaseException) -> bool:
    """Whether the innermost frame is in pdfminer/pdfplumber (a bad file) rather
    than our own code (a bug) - so that bugs are not reported as damaged files."""
    tb = exc.__traceback__
    if tb is None:
        return True
    while tb.tb_next is not None:
        tb = tb.tb_next
    filename = tb.tb_frame.f_code.co_filename.replace("\\", "/")
    return "/indexer/" not in filename or type(exc).__module__.startswith(("pdfminer", "pdfplumber"))


# ----------------------------------------------------------------------------- extraction


def extract_pdf(path: Path, on_pages: Callable[[int], None] | None = None) -> RawDoc:
    """Read a PDF page by page into a RawDoc. Raises ExtractionError for unreadable files.

    `on_pages(n)` is called with the page count before any page is read (the worker announces
    it so that the time limit can grow with it; it may raise to refuse the file)."""
    import pdfplumber  # imported here: extract_pdf_safely's caller never needs it

    path = Path(path)
    check_magic(path)
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    texts: list[PageText] = []
    failed = 0
    first_error: str | None = None
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # noqa: BLE001 - pdfminer wraps everything in PdfminerException
        raise ExtractionError(describe_error(e)) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as e:  # noqa: BLE001 - any failure of the library is one message
            raise ExtractionError(describe_error(e)) from None
        if on_pages is not None:
            on_pages(len(pages))
        for page in pages:
            try:
                pt = read_page(page)
            except MemoryError:
                raise
            except Exception as e:  # noqa: BLE001 - any failure of the library is one message
                msg = describe_error(e).replace("truncated or damaged PDF: ", "")
                first_error = first_error or msg
                failed += 1
                pt = PageText(number=page.page_number, width=float(page.width), height=float(page.height))
                pt.warning = f"page {page.page_number}: could not be read ({msg})"
            finally:
                page.close()
            texts.append(pt)
    if texts and failed == len(texts):
        if first_error and first_error.startswith("out of memory"):
            raise ExtractionError(first_error)  # a decompression bomb, not a damaged file
        raise ExtractionError(f"truncated or damaged PDF: {first_error}")
    warnings = [pt.warning for pt in texts if pt.warning]
    unreadable = tuple(pt.number for pt in texts if pt.warning and not pt.lines)
    lines, labels = assemble(texts)
    sizes: Counter[float] = Counter()
    for pt in texts:
        sizes.update(pt.sizes)
    if not lines:
        if any(pt.warning for pt in texts):
            warnings.append("no readable text on any page (scanned document?) - needs OCR")
        else:
            warnings.append("no text found in the document")
    return RawDoc(
        source=display_name(path),
        sha256=sha.hexdigest(),
        lines=tuple(lines),
        pages=len(texts),
        page_labels=tuple(sorted(labels.items())),
        warnings=tuple(warnings),
        body_size=sizes.most_common(1)[0][0] if sizes else None,
        unreadable_pages=unreadable,
    )


def _edge_candidates(pt: PageText) -> list[tuple[str, PageLine]]:
    """(band, line) for lines that may be running headers/footers or page stamps."""
    body = [ln for ln in pt.lines if not ln.is_table]
    out: list[tuple[str, PageLine]] = []
    for ln in body[:EDGE_LINES]:
        if ln.top < HEADER_BAND * pt.height:
            out.append(("top", ln))
    for ln in body[-EDGE_LINES:]:
        if ln.bottom > (1 - HEADER_BAND) * pt.height and all(ln is not c for _, c in out):
            out.append(("bottom", ln))
    return out


def _is_running(hits: list[tuple[int, PageLine]], pages: list[int], min_count: int) -> bool:
    """A repeated edge line is a running header/footer when it recurs on enough
    pages, some of them close together, and either reads exactly the same every
    time or only its page number changes ("(Item 8)", "(Item 9)" are content)."""
    if len(pages) < min_count or not any(b - a <= 2 for a, b in zip(pages, pages[1:], strict=False)):
        return False
    texts = {" ".join(ln.text.lower().split()) for _, ln in hits}
    return len(texts) == 1 or all(looks_paginated(ln.text) for _, ln in hits)


def assemble(texts: list[PageText]) -> tuple[list[Line], dict[int, str]]:
    """Drop page stamps, running headers/footers and blank-page notices; record page labels."""
    drop: set[int] = set()  # id() of PageLines to drop
    labels: dict[int, str] = {}
    strong: set[int] = set()  # pages whose label came from an explicit "Page N"
    seen: dict[tuple[str, str], list[tuple[int, PageLine]]] = {}

    def set_label(page: int, label: str, explicit: bool) -> None:
        if page not in labels or (explicit and page not in strong):
            labels[page] = label
            if explicit:
                strong.add(page)

    for pt in texts:
        for band, ln in _edge_candidates(pt):
            if is_agenda_stamp(ln.text):
                continue
            label = page_stamp_label(ln.text)
            if label is not None:
                drop.add(id(ln))
                set_label(pt.number, label, ln.text.lower().startswith("p") or band == "bottom")
                continue
            label = page_of_label(ln.text)
            if label is not None and (ln is pt.lines[0] or ln is pt.lines[-1]):
                # "Norwalk Housing Authority, November 15, 2022 Page 2 of 2" on its own
                drop.add(id(ln))
                set_label(pt.number, label, True)
                continue
            seen.setdefault((band, repeat_key(ln.text)), []).append((pt.number, ln))
    text_pages = sum(1 for pt in texts if pt.lines)
    min_count = 2 if text_pages <= 5 else 3
    for (_band, _key), hits in seen.items():
        pages = sorted({p for p, _ in hits})
        if not _is_running(hits, pages, min_count):
            continue
        keep_first = hits[0][1].text.lower().startswith(("appendix", "annex", "schedule"))
        for i, (page, ln) in enumerate(hits):
            if keep_first and i == 0:
                continue
            drop.add(id(ln))
            label = page_label_in_line(ln.text)
            if label:
                set_label(page, label, True)
    lines: list[Line] = []
    for pt in texts:
        for ln in pt.lines:
            if id(ln) in drop:
                continue
            text = ln.text if ln.is_table else strip_blank_page_notice(ln.text)
            if not text.strip():
                continue
            lines.append(Line(text=text, page=pt.number, size=ln.size, bold=ln.bold))
    return lines, labels


# ----------------------------------------------------------------------------- worker process


def extract_pdf_safely(path: Path, timeout: float | TimeLimit = 120, max_memory_mb: int = 2048) -> RawDoc:
    """`extract_pdf` in a throw-away worker process with a time limit (seconds, or a
    `TimeLimit` that grows with the page count) and an address-space limit (RLIMIT_AS).

    Every failure (not a PDF, empty, encrypted, damaged, timeout, out of memory,
    crash) is raised as ExtractionError with a one-line message. The worker is
    always reaped; safe to call many times in a row and from threads.
    """
    from .pdf_worker import run_worker, worker_command

    path = Path(path)
    check_magic(path)
    max_pages = timeout.max_pages if isinstance(timeout, TimeLimit) else None
    result = run_worker(worker_command(path, max_memory_mb, "raw", max_pages), timeout)
    if not isinstance(result, RawDoc):  # pragma: no cover - protocol guard
        raise ExtractionError("extraction failed (unexpected worker answer)")
    return result


# ----------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="python -m indexer.pdf_extract", description=__doc__.split("\n")[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--json", action="store_true", help="print the RawDoc as JSON")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    try:
        doc = extract_pdf(args.pdf)  # in-process: this is a debugging aid
    except ExtractionError as e:
        print(f"{args.pdf.name}: {e}", file=sys.stderr)
        return 1
    if args.json:
        from dataclasses import asdict

        json.dump(asdict(doc), sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for ln in doc.lines:
            flag = "B" if ln.bold else " "
            print(f"p{ln.page:<4} {ln.size or 0:5.1f} {flag} {ln.text.replace(chr(9), ' | ')}")
        print(
            f"# {doc.source}: {doc.pages} pages, {len(doc.lines)} lines, body {doc.body_size} pt, "
            f"labels {len(doc.page_labels)}, {time.perf_counter() - started:.2f} s",
            file=sys.stderr,
        )
        for w in doc.warnings:
            print(f"# warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
