"""Which files an index run reads: pack files inside the archive folders, and nothing else.

The archive folder is a boundary. A folder is walked without following symlinks; a symlink is
read only when its target stays inside the archive folder it was found in (it is then read by
its real path, once), so a link to /etc/passwd or to another council's private share is
refused with a reason. Everything that is not read although it looks like part of the archive
is reported, never dropped silently: symlinks leaving the folder, broken or looping symlinks,
FIFOs, sockets and devices (which would block or make no sense to read), folders and files that
cannot be read (permissions). File names that are not valid UTF-8 are fine: Python keeps their
bytes as surrogate escapes, and they are read like any other file.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .text_decode import display_text

PACK_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".markdown"})


@dataclass(frozen=True)
class Skipped:
    """A file or folder that was not read, and why (shown in the run's report)."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": display_text(self.path), "reason": display_text(self.reason)}


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _inside(path: Path, boundary: Path) -> bool:
    return path == boundary or boundary in path.parents


def _hidden(path: Path, boundary: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(boundary).parts)


def _unreadable(path: Path) -> str | None:
    """Why a regular file cannot be opened for reading, or None (O_NONBLOCK: never hangs)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        return f"file cannot be read ({exc.strerror or exc})"
    os.close(fd)
    return None


class _Walk:
    def __init__(self, exclude: Path | None, suffixes: frozenset[str]):
        self.exclude = exclude
        self.suffixes = suffixes
        self.files: list[Path] = []
        self.skipped: list[Skipped] = []

    def skip(self, path: Path | str, reason: str) -> None:
        self.skipped.append(Skipped(str(path), reason))

    def excluded(self, path: Path) -> bool:
        return self.exclude is not None and _inside(path, self.exclude)

    def add_file(self, path: Path) -> None:
        if path.suffix.lower() not in self.suffixes or self.excluded(path):
            return
        reason = _unreadable(path)
        if reason:
            self.skip(path, reason)
        else:
            self.files.append(path)

    def symlink(self, link: Path, boundary: Path) -> None:
        """Follow a symlink only to a file inside `boundary`; say why otherwise."""
        try:
            target = link.resolve(strict=True)
        except FileNotFoundError:
            self.skip(link, f"broken symlink (to {os.readlink(link)}, which does not exist)")
            return
        except (RuntimeError, OSError) as exc:  # a loop, or a target that cannot be looked at
            self.skip(link, f"symlink that cannot be followed ({getattr(exc, 'strerror', None) or exc})")
            return
        if not _inside(target, boundary):
            self.skip(link, f"symlink to {target}, outside the archive folder {boundary}: not read")
            return
        if self.excluded(target):
            self.skip(link, "symlink into the index folder: not read")
            return
        if _hidden(target, boundary):
            self.skip(link, f"symlink to the hidden {target.relative_to(boundary)}: not read")
            return
        try:
            mode = target.stat().st_mode
        except OSError as exc:
            self.skip(link, f"cannot be read ({exc.strerror or exc})")
            return
        if stat.S_ISDIR(mode):
            return  # a folder inside the archive is walked where it really is
        if stat.S_ISREG(mode):
            if link.suffix.lower() in self.suffixes or target.suffix.lower() in self.suffixes:
                self.add_file(target if target.suffix.lower() in self.suffixes else link)
            return
        self.skip(link, f"symlink to {_kind(mode)}: not read")

    def folder(self, top: Path, boundary: Path) -> None:
        """Walk a folder (iteratively: no depth is too deep) without following symlinks."""
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = list(it)
            except OSError as exc:
                self.skip(folder, f"folder cannot be read ({exc.strerror or exc})")
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if self.excluded(path):
                    continue
                try:
                    if entry.is_symlink():
                        self.symlink(path, boundary)
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(path)
                    elif entry.is_file(follow_symlinks=False):
                        self.add_file(path)
                    else:
                        self.skip(path, f"{_kind(entry.stat(follow_symlinks=False).st_mode)}: not read")
                except OSError as exc:
                    self.skip(path, f"cannot be read ({exc.strerror or exc})")

    def root(self, raw: str | os.PathLike[str]) -> None:
        """A file or folder named by the user or the configuration."""
        given = Path(raw).expanduser()
        try:
            if given.is_symlink() and not given.is_dir():
                # a single file given as a symlink may not leave the folder the link is in
                self.symlink(given.absolute(), given.absolute().parent.resolve())
                return
            root = given.resolve(strict=True)  # a configured archive folder may itself be a link
        except FileNotFoundError:
            return  # the command line says so before indexing
        except (RuntimeError, OSError) as exc:
            self.skip(given, f"cannot be followed ({getattr(exc, 'strerror', None) or exc})")
            return
        try:
            mode = root.stat().st_mode
        except OSError as exc:
            self.skip(root, f"cannot be read ({exc.strerror or exc})")
            return
        if stat.S_ISDIR(mode):
            first, first_skip = len(self.files), len(self.skipped)
            self.folder(root, root)
            self.files[first:] = sorted(self.files[first:])
            self.skipped[first_skip:] = sorted(self.skipped[first_skip:], key=lambda s: s.path)
        elif stat.S_ISREG(mode):
            reason = _unreadable(root)
            if reason:
                self.skip(root, reason)
            elif not self.excluded(root):
                self.files.append(root)
        else:
            self.skip(root, f"{_kind(mode)}: not read")


def find_pack_files(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Path | None = None,
    suffixes: frozenset[str] = PACK_SUFFIXES,
) -> tuple[list[Path], list[Skipped]]:
    """(pack files, skipped) under the given files and folders: files absolute and real (no
    symlink in their path below the archive folder), in order, each once; `exclude` (the index
    folder) is never read."""
    walk = _Walk(exclude.resolve() if exclude else None, suffixes)
    for raw in paths:
        walk.root(raw)
    files = list(dict.fromkeys(walk.files))
    skipped = list(dict.fromkeys(walk.skipped))
    return files, skipped


__all__ = ["PACK_SUFFIXES", "Skipped", "find_pack_files"]
