"""Index folder generations: every commit makes a complete new folder, and one atomic switch makes
it current. Whatever moment an indexer is killed at, readers find either the state before the
commit or the state after it, never a mixture, and never nothing once something was committed.

Why not rely on Whoosh alone: Whoosh commits one index atomically (its table of contents is
renamed into place), but a commit of an index folder writes more than that: every Whoosh index
kept in the folder (any index name: a public and a full index are written in the same run), the
schema version, the pack registry and the map of retired item ids. A kill between two of them
leaves them disagreeing, and `whoosh.index.create_in` deletes an index's files before it writes
the new table of contents, so a kill during a rebuild left no index at all.

Layout of an index folder:

    CURRENT              the name of the current generation (a one-line file, replaced atomically)
    gen-000042-1f9c2a7b/ a complete index: every Whoosh index, agenda_schema.json, packs.json, …
    .gen-000043-….tmp/   a generation being written: never read, removed by the next run
    agenda-writer.lock   the run lock (indexer.runlock); failed.json: remembered failures

A new generation starts as hard links to every file of the current one (a Whoosh segment file
never changes once written; deletions are kept in the table of contents), so starting one costs
a few links, not a copy. Whoosh then writes its new segments and table of contents into it, the
new files are flushed to disk, and CURRENT is replaced (`os.replace`). The previous generation
is kept for readers that read CURRENT just before the switch (a reader that has opened its
files keeps reading them even after they are removed); older ones are removed. Whoosh's own
write lock lives inside the private new folder and is never linked into the next one, so it
cannot block anything.

Only the holder of the run lock may start a generation.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.crashpoints import crashpoint

CURRENT_FILE = "CURRENT"
WRITER_LOCK_FILE = "agenda-writer.lock"  # the run lock (indexer.runlock), next to the generations
_GEN_RE = re.compile(r"^gen-(\d{6,})-[0-9a-f]{8}$")
_TMP_RE = re.compile(r"^\.gen-\d{6,}-[0-9a-f]{8}\.tmp$")
_NOT_LINKED = re.compile(r"WRITELOCK$|^\.|\.tmp$")  # locks and half-written temporary files


def current_name(index_dir: str | os.PathLike[str]) -> str | None:
    """The name of the current generation of `index_dir`, or None before the first commit."""
    try:
        name = (Path(index_dir) / CURRENT_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _GEN_RE.match(name) else None


def current_path(index_dir: str | os.PathLike[str]) -> Path | None:
    """The folder of the current generation (holding the Whoosh indexes), or None if there is none."""
    name = current_name(index_dir)
    if name is None:
        return None
    path = Path(index_dir) / name
    return path if path.is_dir() else None


def _number(name: str | None) -> int:
    m = _GEN_RE.match(name or "")
    return int(m.group(1)) if m else 0


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Generation:
    """A generation being written: open or create its Whoosh indexes, write its JSON files."""

    def __init__(self, index_dir: Path, path: Path, name: str, linked: frozenset[str]):
        self.index_dir = index_dir
        self.path = path
        self.name = name
        self._linked = linked  # files shared with the previous generation (already on disk)

    def open_index(self, indexname: str, schema=None):
        """The Whoosh index `indexname` of this generation, created empty if it has none yet."""
        from whoosh import index as windex

        if windex.exists_in(str(self.path), indexname=indexname):
            return windex.open_dir(str(self.path), indexname=indexname, schema=schema)
        if schema is None:
            raise FileNotFoundError(f"no index {indexname!r} in {self.path}")
        return windex.create_in(str(self.path), schema, indexname=indexname)

    def write_json(self, name: str, data: Any) -> None:
        """Write a file of this generation as a new file: the old name may be a hard link shared
        with the previous generation, which must not change under its readers."""
        tmp = self.path / f".{name}.tmp"
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=True), encoding="utf-8")
        os.replace(tmp, self.path / name)
        self._linked = self._linked - {name}

    def read_json(self, name: str, default: Any = None) -> Any:
        try:
            return json.loads((self.path / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return default

    def _flush(self) -> None:
        for f in self.path.iterdir():
            if f.is_file() and f.name not in self._linked:
                _fsync(f)
        _fsync(self.path, directory=True)


def _start(index_dir: Path, fresh: bool) -> Generation:
    current = current_name(index_dir)
    number = max([_number(current)] + [_number(p.name) for p in _generations(index_dir)]) + 1
    name = f"gen-{number:06d}-{os.urandom(4).hex()}"
    tmp = index_dir / f".{name}.tmp"
    tmp.mkdir()
    linked: set[str] = set()
    source = None if fresh or current is None else index_dir / current
    if source is not None and source.is_dir():
        for f in source.iterdir():
            if f.is_file() and not _NOT_LINKED.search(f.name):
                try:
                    os.link(f, tmp / f.name)
                except OSError:  # a file system without hard links: copy instead
                    shutil.copy2(f, tmp / f.name)
                linked.add(f.name)
    return Generation(index_dir, tmp, name, frozenset(linked))


def _switch(gen: Generation) -> None:
    """Make `gen` the current generation (the one atomic step), then tidy up."""
    gen._flush()
    final = gen.index_dir / gen.name
    os.rename(gen.path, final)
    gen.path = final
    crashpoint("commit")
    pointer = gen.index_dir / f".{CURRENT_FILE}.{os.getpid()}.tmp"
    pointer.write_text(gen.name + "\n", encoding="ascii")
    _fsync(pointer)
    os.replace(pointer, gen.index_dir / CURRENT_FILE)
    _fsync(gen.index_dir, directory=True)
    crashpoint("switch")
    tidy(gen.index_dir)


@contextmanager
def next_generation(index_dir: str | os.PathLike[str], *, fresh: bool = False) -> Iterator[Generation]:
    """A new generation to write into, made current when the block ends without an exception
    (and thrown away if it raises). `fresh` starts it empty instead of from the current one."""
    gen = _start(Path(index_dir), fresh)
    try:
        yield gen
    except BaseException:
        shutil.rmtree(gen.path, ignore_errors=True)
        raise
    _switch(gen)


def _generations(index_dir: Path) -> list[Path]:
    try:
        return [p for p in index_dir.iterdir() if _GEN_RE.match(p.name) and p.is_dir()]
    except OSError:
        return []


def tidy(index_dir: str | os.PathLike[str], keep_previous: int = 1) -> None:
    """Remove what killed runs left (temporary generations, pointer files) and generations older
    than the current one and the `keep_previous` before it. Call with the run lock held."""
    index_dir = Path(index_dir)
    current = current_name(index_dir)
    if current is None:
        return  # nothing committed yet: leave everything (a first run in progress may own it)
    for p in index_dir.iterdir():
        if _TMP_RE.match(p.name) or (p.name.startswith(f".{CURRENT_FILE}.") and p.name.endswith(".tmp")):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    older = sorted((p for p in _generations(index_dir) if _number(p.name) < _number(current)),
                   key=lambda p: _number(p.name))
    for p in older[: max(0, len(older) - keep_previous)]:
        shutil.rmtree(p, ignore_errors=True)
    for p in _generations(index_dir):  # a generation renamed into place but never switched to
        if _number(p.name) > _number(current):
            shutil.rmtree(p, ignore_errors=True)


def recover(index_dir: str | os.PathLike[str]) -> None:
    """Clear what a killed run left before this run starts writing (run lock held)."""
    index_dir = Path(index_dir)
    if current_name(index_dir) is None:  # killed before its first commit: start clean
        for p in index_dir.iterdir() if index_dir.is_dir() else ():
            if _TMP_RE.match(p.name) or _GEN_RE.match(p.name):
                shutil.rmtree(p, ignore_errors=True)
        return
    tidy(index_dir)


__all__ = ["CURRENT_FILE", "WRITER_LOCK_FILE", "Generation", "current_name", "current_path", "next_generation", "recover", "tidy"]
