"""What an indexing run reports: progress while it runs, and the summary at the end.

`index_paths()` in `indexer.writer` calls a `ProgressFn` with `IndexProgress` snapshots and returns
an `IndexSummary`; `print_progress_bar()` is the progress callback of `agenda-search index`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from indexer.discover import Skipped
from indexer.text_decode import display_text

if TYPE_CHECKING:
    from core.model import Pack

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


@dataclass(frozen=True)
class UnreadablePages:
    """An indexed pack some of whose pages have no text to index (scanned: they need OCR)."""

    path: str
    pages: tuple[int, ...]
    total: int | None

    def describe(self) -> str:
        return describe_unreadable(self.pages, self.total)


def page_list(pages: tuple[int, ...] | list[int], limit: int = 12) -> str:
    """"2, 5, 7-9" (runs joined), cut after `limit` runs."""
    runs: list[list[int]] = []
    for n in sorted(set(pages)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:limit]]
    return ", ".join(shown) + (f", … ({len(runs) - limit} more runs)" if len(runs) > limit else "")


def describe_unreadable(pages: tuple[int, ...] | list[int], total: int | None) -> str:
    """"3 of 10 pages have no text layer (pages 2, 5, 7): scanned? they need OCR to be searched"."""
    n = len(pages)
    noun = "pages" if total or n != 1 else "page"
    of = f" of {total}" if total else ""
    verb = "has" if n == 1 else "have"
    return (f"{n}{of} {noun} {verb} no readable text layer (page{'s' if n != 1 else ''} {page_list(pages)}): "
            "scanned? they need OCR to be searched")


@dataclass
class IndexSummary:
    index_dir: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # not read: outside the archive, FIFOs, unreadable
    unreadable: list[UnreadablePages] = field(default_factory=list)  # indexed, but pages without text
    empty: list[FileFailure] = field(default_factory=list)  # indexed, but nothing in it to search
    pages: int = 0
    elapsed: float = 0.0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.pruned or self.moved or self.rebuilt)

    def note_pack(self, path: str, pack: Pack) -> None:
        """Remember an indexed pack's pages without text, to name them in the report."""
        if pack.unreadable_pages:
            self.unreadable.append(UnreadablePages(path, tuple(pack.unreadable_pages), pack.pages))
        elif not pack.items:
            reason = next((w for w in pack.warnings if w.startswith("no ")), None) or "no text found"
            self.empty.append(FileFailure(path, reason))

    def lines(self) -> list[str]:
        """The report printed by `agenda-search index` (paths shown printable, see display_text)."""
        show = display_text
        out = [
            f"Index: {show(self.index_dir)}" + (" (rebuilt for a new schema)" if self.rebuilt else ""),
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"pruned {len(self.pruned)}, failed {len(self.failed)}, skipped {len(self.skipped)}"
            + (f" ({self.pages} pages in {self.elapsed:.1f}s)" if self.pages else f" in {self.elapsed:.1f}s"),
        ]
        for f in self.failed:
            out.append(f"  failed: {show(f.path)}: {show(f.reason)}")
        for s in self.skipped:
            out.append(f"  skipped: {show(s.path)}: {show(s.reason)}")
        for u in self.unreadable:
            out.append(f"  no text layer: {show(u.path)}: {u.describe()}")
        for f in self.empty:
            out.append(f"  nothing to search: {show(f.path)}: {show(f.reason)}")
        for p in self.moved:
            out.append(f"  moved: {show(p)}")
        for p in self.pruned:
            out.append(f"  pruned: {show(p)}")
        return out

    def to_json(self) -> dict:
        """The machine-readable report (`agenda-search index --json`)."""
        show = display_text
        return {
            "index": show(self.index_dir),
            "rebuilt": self.rebuilt,
            "added": [show(p) for p in self.added],
            "updated": [show(p) for p in self.updated],
            "unchanged": len(self.unchanged),
            "moved": [show(p) for p in self.moved],
            "pruned": [show(p) for p in self.pruned],
            "failed": [{"path": show(f.path), "reason": show(f.reason)} for f in self.failed],
            "skipped": [s.to_json() for s in self.skipped],
            "unreadable_pages": [{"path": show(u.path), "pages": list(u.pages), "of": u.total}
                                 for u in self.unreadable],
            "nothing_to_search": [{"path": show(f.path), "reason": show(f.reason)} for f in self.empty],
            "pages": self.pages,
            "seconds": round(self.elapsed, 2),
        }


__all__ = ["IndexProgress", "FileFailure", "IndexSummary", "ProgressFn", "Skipped", "UnreadablePages",
           "describe_unreadable", "page_list"]
