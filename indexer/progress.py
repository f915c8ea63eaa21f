"""What an indexing run reports: progress while it runs, and the summary at the end.

`index_paths()` in `indexer.writer` calls a `ProgressFn` with `IndexProgress` snapshots and returns
an `IndexSummary`; `print_progress_bar()` is the progress callback of `agenda-search index`.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable

ProgressFn = Callable[["IndexProgress"], None]


@dataclass(frozen=True)
class IndexProgress:
    files_done: int
    files_total: int
    pages_done: int
    elapsed: float
    current: str | None = None
    message: str | None = None  # e.g. "waiting for another indexer…"

    @property
    def pages_per_second(self) -> float:
        return self.pages_done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass
class FileFailure:
    path: str
    reason: str


@dataclass
class IndexSummary:
    index_dir: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    pages: int = 0
    elapsed: float = 0.0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.pruned or self.moved or self.rebuilt)

    def lines(self) -> list[str]:
        out = [
            f"Index: {self.index_dir}" + (" (rebuilt for a new schema)" if self.rebuilt else ""),
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"pruned {len(self.pruned)}, failed {len(self.failed)}"
            + (f" ({self.pages} pages in {self.elapsed:.1f}s)" if self.pages else f" in {self.elapsed:.1f}s"),
        ]
        for f in self.failed:
            out.append(f"  failed: {f.path}: {f.reason}")
        for p in self.moved:
            out.append(f"  moved: {p}")
        for p in self.pruned:
            out.append(f"  pruned: {p}")
        return out


def print_progress_bar(stream=None) -> ProgressFn:
    """A progress callback drawing one updating line: files done, pages/s, current file."""
    out = stream or sys.stderr
    is_tty = hasattr(out, "isatty") and out.isatty()
    state = {"last": 0.0, "width": 0}

    def show(p: IndexProgress) -> None:
        if p.message:
            out.write(p.message + "\n")
            out.flush()
            return
        now = time.monotonic()
        final = p.files_total and p.files_done >= p.files_total
        if not is_tty and not final:
            return
        if is_tty and not final and now - state["last"] < 0.1:
            return
        state["last"] = now
        total = max(p.files_total, 1)
        frac = min(p.files_done / total, 1.0)
        bar = "#" * int(frac * 24)
        line = (
            f"[{bar:<24}] {p.files_done}/{p.files_total} files  {p.pages_done} pages  "
            f"{p.pages_per_second:5.1f} pages/s  {p.current or ''}"
        )[:110]
        if is_tty:
            out.write("\r" + line.ljust(state["width"]))
            state["width"] = len(line)
            if final:
                out.write("\n")
        else:
            out.write(line.rstrip() + "\n")
        out.flush()

    return show


__all__ = ["IndexProgress", "FileFailure", "IndexSummary", "ProgressFn", "print_progress_bar"]
