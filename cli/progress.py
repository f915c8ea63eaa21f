"""The progress line `agenda-search index` draws while it reads: files done, pages/s, current file."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from indexer.progress import IndexProgress, ProgressFn
from indexer.text_decode import display_text


def print_progress_bar(stream: TextIO | None = None) -> ProgressFn:
    """A progress callback drawing one updating line: files done, pages/s, current file."""
    out = stream or sys.stderr
    is_tty = hasattr(out, "isatty") and out.isatty()
    last, width = 0.0, 0

    def show(p: IndexProgress) -> None:
        nonlocal last, width
        if p.message:
            out.write(p.message + "\n")
            out.flush()
            return
        now = time.monotonic()
        final = p.files_total and p.files_done >= p.files_total
        if not is_tty and not final:
            return
        if is_tty and not final and now - last < 0.1:
            return
        last = now
        total = max(p.files_total, 1)
        frac = min(p.files_done / total, 1.0)
        bar = "#" * int(frac * 24)
        line = (
            f"[{bar:<24}] {p.files_done}/{p.files_total} files  {p.pages_done} pages  "
            f"{p.pages_per_second:5.1f} pages/s  {display_text(p.current or '')}"
        )[:110]
        if is_tty:
            out.write("\r" + line.ljust(width))
            width = len(line)
            if final:
                out.write("\n")
        else:
            out.write(line.rstrip() + "\n")
        out.flush()

    return show
