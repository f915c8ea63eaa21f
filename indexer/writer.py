"""The incremental, crash-safe indexer behind `agenda-search index`.

`index_paths()` walks files and folders, hashes each file (sha256) and

- skips a file whose content is already indexed (unchanged; a moved file only gets its path updated),
- replaces the documents of a file whose content changed (at the same path, or renamed and
  changed: a new file of the same meeting as a pack whose file is gone takes that pack's place),
- adds new files,
- with `prune=True`, removes packs whose file no longer exists.

Item ids are "<paper>:<item number>", the paper being a slug of council, meeting and date
(indexer.documents.paper_base), unique per file and kept by the file's corrections; ids that
still change are kept in the retired-id map (core.retired) so old links lead to the item.

A file that fails to parse is reported and skipped; the documents of its previous version, if
any, stay in place. A file whose extraction worker was killed from outside is retried next run.

Every write is one commit of the whole index folder (`_commit`): a new generation (every
Whoosh index, the registry, the retired-id map) made current by one atomic switch
(core.generations). Writes go in batches, so a kill loses at most the batch in hand and never
leaves a half-written or unopenable index. A whole run holds the run lock (indexer.runlock:
holder recorded, a dead holder's lock cleared) so two runs never parse and write the same files
at the same time: the second waits, then finds the work done. Readers never take locks and keep
reading the generation they opened.

A changed SCHEMA_VERSION (or a missing version file) starts a fresh, empty generation and
rebuilds it from the given paths plus the files of the old registry that still exist (kept as
"pending" in the registry until the rebuild is complete, so a killed rebuild goes on next run).

Turning a parsed pack into Whoosh documents is pure and lives in `indexer.documents`, progress
and summary reporting in `indexer.progress` (re-exported here), remembered failures in
`indexer.failures`. Crash points for tests: core.crashpoints.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from whoosh import index as windex

from core.access import Override
from core.crashpoints import crashpoint
from core.generations import (
    WRITER_LOCK_FILE,
    Generation,
    current_path,
    next_generation,
    recover,
)
from core.model import Pack, WorkerKilled
from core.retired import RETIRED_FILE, ItemRef, RetiredIds
from core.schema import (
    INDEX_NAME,
    PUBLIC_INDEX_NAME,
    REGISTRY_FILE,
    SCHEMA_FILE,
    SCHEMA_VERSION,
    build_schema,
    load_pack_json,
    read_schema_version,
)
from indexer.discover import PACK_SUFFIXES, Skipped, find_pack_files
from indexer.documents import (
    READER_VERSION,
    file_sha256,
    is_paper_of,
    pack_id_for,
    paper_base,
    paper_key,
)
from indexer.failures import NOT_RETRIED, FailureMemory
from indexer.index_pair import IndexPair, PairWriter, audience_documents, reader_tag
from indexer.progress import (  # re-exported
    FileFailure,
    IndexProgress,
    IndexSummary,
    ProgressFn,
)
from indexer.runlock import LockTimeout, RunLock

ParseFn = Callable[[Path, float], Pack]


IndexLockTimeout = LockTimeout  # another indexer held the index for longer than the allowed wait


# --------------------------------------------------------------------------- index opening

_FLAT_WHOOSH = re.compile(r"^_?[A-Za-z0-9]+_(?:\d+\.toc|[0-9a-z]+\.seg|WRITELOCK)$|\.toc\.[0-9.]+$")


def _read_registry(folder: Path | None) -> dict:
    """The registry kept with a generation (or an old flat index): {"packs": …, "pending": […]}."""
    try:
        data = json.loads((folder / REGISTRY_FILE).read_text(encoding="utf-8")) if folder else {}
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _run_lock(index_dir: Path, timeout: float | None, on_wait: Callable[[], None] | None = None,
              say: Callable[[str], None] | None = None) -> RunLock:
    lock = RunLock(index_dir / WRITER_LOCK_FILE)
    lock.acquire(timeout, on_wait)
    for dead in lock.cleared:
        if say:
            say(f"cleared the lock of an indexer that is no longer running (process {dead.get('pid')}, "
                f"since {dead.get('since')})")
    crashpoint("lock")
    return lock


def _remove_flat_layout(index_dir: Path) -> None:
    """Delete an index of the old layout (Whoosh files straight in the index folder), once a
    generation has replaced it."""
    for f in index_dir.iterdir():
        if f.is_file() and (_FLAT_WHOOSH.search(f.name) or f.name in (SCHEMA_FILE, REGISTRY_FILE)):
            f.unlink(missing_ok=True)


def _ensure_index(index_dir: Path, lock_timeout: float | None) -> tuple[windex.Index, bool, dict]:
    """Open the current generation's index, first creating an empty one (a generation of its own,
    made current at once: from then on the folder always opens) when there is none or when its
    schema version differs (a rebuild).

    Returns (index, rebuilt, old registry: {"packs", "pending"}). Call with the run lock held.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    recover(index_dir)
    schema = build_schema()
    current = current_path(index_dir)
    if current is not None and read_schema_version(current) == SCHEMA_VERSION \
            and windex.exists_in(str(current), indexname=INDEX_NAME) \
            and windex.exists_in(str(current), indexname=PUBLIC_INDEX_NAME):
        return windex.open_dir(str(current), indexname=INDEX_NAME, schema=schema), False, {}
    old = current if current is not None else index_dir  # index_dir: an index of the old flat layout
    exists = current is not None or windex.exists_in(str(index_dir), indexname=INDEX_NAME)
    old_registry = _read_registry(old) if exists else {}
    pending = _pending(old_registry)
    pending.update({p["path"]: p.get("paper") for p in (old_registry.get("packs") or {}).values()
                    if isinstance(p, dict) and p.get("path")})
    with next_generation(index_dir, fresh=True) as gen:
        gen.open_index(INDEX_NAME, schema)
        gen.open_index(PUBLIC_INDEX_NAME, schema)
        gen.write_json(SCHEMA_FILE, {"schema_version": SCHEMA_VERSION,
                                     "created": datetime.now(UTC).isoformat(timespec="seconds")})
        _save_registry(gen, {}, pending)
        crashpoint("create")
    _remove_flat_layout(index_dir)
    current = current_path(index_dir)
    return windex.open_dir(str(current), indexname=INDEX_NAME, schema=schema), exists, old_registry


def _current_packs(ix: windex.Index) -> dict[str, dict]:
    """pack id → stored fields of its pack document (in the full index)."""
    out: dict[str, dict] = {}
    with ix.searcher() as s:
        for fields in s.documents(doc_type="pack"):
            out[fields["pack_id"]] = dict(fields)
    return out


def _save_registry(gen: Generation, packs: dict[str, dict], pending: dict[str, str | None] | None = None,
                   retired: RetiredIds | None = None) -> None:
    """The plain-JSON registry of the generation: pack id → path, sha256, paper…, and the files
    of a rebuild not read again yet ("pending": path → paper; a rebuild killed half-way goes on
    from them, and their items keep their ids). Also the map of retired ids, when it changed."""
    reg = {
        pid: {k: p.get(k) for k in ("path", "source", "sha256", "paper", "indexed_at", "date", "n_items")}
        for pid, p in sorted(packs.items())
    }
    updated = datetime.now(UTC).isoformat(timespec="seconds")
    gen.write_json(REGISTRY_FILE, {"schema_version": SCHEMA_VERSION, "updated": updated, "packs": reg,
                                   "pending": dict(sorted((pending or {}).items()))})
    if retired is not None and retired.changed:
        gen.write_json(RETIRED_FILE, retired.to_json())


def _pending(registry: dict) -> dict[str, str | None]:
    raw = registry.get("pending")
    if isinstance(raw, dict):
        return {str(k): v if isinstance(v, str) else None for k, v in raw.items()}
    return {str(p): None for p in raw} if isinstance(raw, list) else {}


# --------------------------------------------------------------------------- stable item ids


def _vanished_paper(packs: dict[str, dict], base: str, path: Path, exclude: set[str]) -> str | None:
    """The pack a new file replaces when a file was renamed (or moved) and corrected: a pack of
    the same meeting whose file is gone. With several, the one whose file name is likest."""
    candidates = [pid for pid, p in packs.items()
                  if pid not in exclude and is_paper_of(p.get("paper"), base)
                  and not (p.get("path") and os.path.exists(p["path"]))]
    if not candidates:
        return None
    name = path.name.lower()

    def likeness(pid: str) -> tuple[float, bool]:
        old = os.path.basename(packs[pid].get("path") or packs[pid].get("source") or "").lower()
        return SequenceMatcher(None, name, old).ratio(), packs[pid].get("paper") == base

    return max(sorted(candidates), key=likeness)


def _choose_paper(packs: dict[str, dict], base: str, path: Path, old: str | None, pid: str,
                  prepared: list, before: str | None) -> str:
    """The paper (first part of the item ids) of a pack being written: the one of the pack it
    replaces (or its own before a rebuild) when that is of the same meeting, else a new one
    unique among the other live packs and this batch."""
    taken = {p.get("paper") for q, p in packs.items() if q not in (old, pid)}
    taken |= {docs[0].get("paper") for _f, _sha, _r, docs in prepared}
    for kept in ((packs.get(old) or {}).get("paper") if old else None, before):
        if kept and is_paper_of(kept, base) and kept not in taken:
            return kept
    return paper_key(base, str(path), {t for t in taken if t})


def _items_of(index_dir: Path, schema, pack_ids: Iterable[str]) -> dict[str, list[ItemRef]]:
    """(item id, number, title) of each item of the given packs, as the current generation has them."""
    wanted = set(pack_ids)
    current = current_path(index_dir)
    if not wanted or current is None:
        return {}
    out: dict[str, list[ItemRef]] = {}
    ix = windex.open_dir(str(current), indexname=INDEX_NAME, schema=schema)
    with ix.searcher() as s:
        for pid in wanted:
            fields = s.document(doc_id=f"packdata:{pid}")
            if fields and fields.get("pack_json"):
                out[pid] = _json_items(load_pack_json(fields["pack_json"]))
    return out


def _json_items(data: dict) -> list[ItemRef]:
    paper = data.get("paper") or data.get("pack_id") or ""
    return [(it.get("item_id") or f"{paper}:{it.get('key')}", it.get("number"), it.get("title"))
            for it in data.get("items", ())]


def _doc_items(docs: list[dict]) -> list[ItemRef]:
    """The items of a pack about to be written, from its packdata document."""
    data = next((d for d in docs if d.get("doc_type") == "packdata"), None)
    return _json_items(load_pack_json(data["pack_json"])) if data else []


@contextmanager
def _commit(index_dir: Path, schema, lock_timeout: float | None, **writer_options) -> Iterator[tuple[PairWriter, Generation]]:
    """One commit of the index folder: (writer of its full and public index, generation). The
    writers commit when the block ends, then the generation becomes current (core.generations);
    an exception or a kill anywhere in between leaves the previous state current, so the two
    indexes always change together."""
    with next_generation(index_dir) as gen:
        pair = IndexPair(gen.open_index(INDEX_NAME, schema), gen.open_index(PUBLIC_INDEX_NAME, schema))
        with pair.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2, **writer_options) as w:
            yield w, gen
            crashpoint("write")


# --------------------------------------------------------------------------- walking


def iter_pack_files(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Path | None = None,
    skipped: list[Skipped] | None = None,
) -> Iterator[Path]:
    """Pack files (PDF, .txt, .md) under the given files/folders, absolute, sorted, each once, never
    outside the archive folders (see indexer.discover); what is not read is added to `skipped`."""
    files, skips = find_pack_files(paths, exclude=exclude)
    if skipped is not None:
        skipped.extend(skips)
    yield from files


# --------------------------------------------------------------------------- indexing


def _default_parser(path: Path, timeout: float) -> Pack:
    from indexer.parse import parse_file

    return parse_file(path, timeout=timeout)


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if type(exc).__name__ == "ExtractionError":
        return msg or "cannot be read as an agenda pack"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


@dataclass
class RunPlan:
    """What a run does with the files it found, decided from their hashes alone (nothing is read)."""

    moves: list[tuple[str, str]] = field(default_factory=list)  # (pack id, new path): its content is there now
    todo: list[tuple[Path, str, str | None]] = field(default_factory=list)  # (file, sha256, pack id it replaces)
    drops: list[tuple[str, str]] = field(default_factory=list)  # (stale pack id, path whose content is indexed)
    reread: set[str] = field(default_factory=set)  # pack ids read again: an older reader wrote them
    copies: dict[str, list[str]] = field(default_factory=dict)  # sha256 → later paths holding the same new content
    unchanged: list[str] = field(default_factory=list)
    not_retried: list[tuple[str, str, str]] = field(default_factory=list)  # (path, sha256, why) failed before


def plan_run(hashed: list[tuple[Path, str]], packs: dict[str, dict[str, Any]], failures: FailureMemory,
             tag: str, retry_failed: bool) -> RunPlan:
    """Decide, for every (file, sha256) of the run, whether it is new, unchanged, moved, a copy,
    an edit of an indexed file, or a file that failed before.

    An indexed pack whose file is gone, or whose path now holds other content, moves to where its
    content is found in this run; a displaced pack found nowhere is stale and gives way to its
    path's new content. (A path that is gone and found nowhere is left to --prune; a path outside
    this run is left alone.)
    """
    plan = RunPlan()
    by_path = {p.get("path"): pid for pid, p in packs.items() if p.get("path")}
    sha_at = {str(f): sha for f, sha in hashed}
    found: dict[str, str] = {}  # pack id → first path of this run holding its content
    for f, sha in hashed:
        found.setdefault(pack_id_for(sha), str(f))
    stale: set[str] = set()
    for pid, doc in packs.items():
        old_path = doc.get("path")
        now_there = sha_at.get(old_path) if old_path else None
        if now_there is not None and pack_id_for(now_there) == pid:
            continue
        if pid in found and (now_there is not None or not (old_path and os.path.exists(old_path))):
            plan.moves.append((pid, found[pid]))
        elif now_there is not None:
            stale.add(pid)
    seen_shas: set[str] = set()
    for f, sha in hashed:
        pid = pack_id_for(sha)
        replaces = by_path.get(str(f))
        replaces = replaces if replaces in stale else None
        if pid in packs and packs[pid].get("reader_version") != tag and sha not in seen_shas:
            seen_shas.add(sha)
            plan.reread.add(pid)  # read by an older parser: read again, replace in place
            plan.todo.append((f, sha, None))
            continue
        if pid in packs or sha in seen_shas:
            if replaces:
                plan.drops.append((replaces, str(f)))
            elif pid not in packs:
                plan.copies.setdefault(sha, []).append(str(f))  # reported like the file it copies
            else:
                plan.unchanged.append(str(f))
            continue
        seen_shas.add(sha)
        before = failures.reason(sha)
        if before and not retry_failed:
            plan.not_retried.append((str(f), sha, f"{before} ({NOT_RETRIED})"))
            continue
        plan.todo.append((f, sha, replaces))
    return plan


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    prune: bool = False,
    timeout: float = 120,
    progress: ProgressFn | None = None,
    parser: ParseFn | None = None,
    lock_timeout: float | None = None,
    batch_size: int = 16,
    retry_failed: bool = False,
    overrides: tuple[Override, ...] = (),
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with the pack files under `paths`.

    Files that failed before (same content, same parser) are reported again without being read,
    unless `retry_failed` (see indexer.failures).

    `parser(path, timeout) -> Pack` defaults to `indexer.parse.parse_file`. `lock_timeout`
    is how long to wait for another indexer (None: wait as long as it takes). `overrides` are
    the configured per-item access overrides (config.toml `[[access.override]]`): packs indexed
    under other overrides are written again.
    """
    t0 = time.monotonic()
    index_path = Path(index_dir).expanduser().resolve()
    index_path.mkdir(parents=True, exist_ok=True)
    summary = IndexSummary(index_dir=str(index_path))
    parse = parser or _default_parser
    path_list = list(paths)

    def report(done: int, total: int, pages: int, current: str | None = None, message: str | None = None):
        if progress:
            progress(IndexProgress(done, total, pages, time.monotonic() - t0, current, message))

    run_lock = _run_lock(index_path, lock_timeout,
                         lambda: report(0, 0, 0, message="waiting for another indexer to finish…"),
                         lambda text: report(0, 0, 0, message=text))
    try:
        ix, rebuilt, _ = _ensure_index(index_path, lock_timeout)
        schema = ix.schema
        summary.rebuilt = rebuilt
        # files of a rebuild not read again yet (this run's, or a killed one's) come back on their
        # own, and keep the item ids they had
        registry = _read_registry(current_path(index_path))
        pending = {p: paper for p, paper in _pending(registry).items() if os.path.exists(p)}
        papers_before = dict(pending)
        path_list += sorted(pending)
        files = list(iter_pack_files(path_list, exclude=index_path, skipped=summary.skipped))
        packs = _current_packs(ix)
        retired = RetiredIds.load(current_path(index_path))
        crashpoint("plan")

        # Decide what to do with each file (hashing only; parsing comes later).
        hashed: list[tuple[Path, str]] = []
        for f in files:
            try:
                hashed.append((f, file_sha256(f)))
            except OSError as exc:
                summary.failed.append(FileFailure(str(f), f"cannot read: {exc.strerror or exc}"))
        failures = FailureMemory.load(index_path, READER_VERSION)
        tag = reader_tag(READER_VERSION, overrides)
        plan = plan_run(hashed, packs, failures, tag, retry_failed)
        moves, todo, drops, reread, copies = plan.moves, plan.todo, plan.drops, plan.reread, plan.copies
        summary.unchanged += plan.unchanged
        failed_sha: dict[str, str] = {}  # sha256 → why it could not be read (this run)
        for path, sha, why in plan.not_retried:
            summary.failed.append(FileFailure(path, why))
            failed_sha[sha] = why

        total = len(todo)
        pages_done = 0
        report(0, total, 0)
        found_pid = {str(f): pack_id_for(sha) for f, sha in hashed}
        if moves or drops:
            known_items = _items_of(index_path, schema, [p for d in drops for p in (d[0], found_pid.get(d[1])) if p])
            with _commit(index_path, schema, lock_timeout) as (w, gen):
                for pid, new_path in moves:
                    doc = dict(packs[pid])
                    doc["path"] = new_path
                    w.update_document(**doc)
                    packs[pid] = doc
                    summary.moved.append(f"{pid}: {new_path}")
                for pid, _path in drops:
                    w.delete_by_term("pack_id", pid)
                for pid, path in drops:
                    heir = found_pid.get(path)
                    if heir and heir in known_items and pid in known_items:
                        retired.retire_pack(pid, heir, known_items[pid], known_items[heir])
                    packs.pop(pid, None)
                    summary.updated.append(path)
                _save_registry(gen, packs, pending, retired)

        batch: list[tuple[Path, str, str | None, Pack]] = []

        def flush() -> None:
            if not batch:
                return
            now = datetime.now(UTC).isoformat(timespec="seconds")
            prepared: list[tuple[Any, ...]] = []
            public_docs: dict[str, list[dict]] = {}  # pack id → its documents for the public index
            claimed: set[str] = set()  # packs given way to in this batch
            for f, sha, replaces, pack in batch:
                pid = pack_id_for(sha)
                try:
                    size = f.stat().st_size
                except OSError:
                    size = None
                base = paper_base(pack, str(f))
                if replaces is None and pid not in packs:
                    # renamed and edited: a pack of the same meeting whose file is gone gives way
                    replaces = _vanished_paper(packs, base, f, claimed | {pid})
                old = replaces if replaces else (pid if pid in packs else None)
                if old:
                    claimed.add(old)
                paper = _choose_paper(packs, base, f, old, pid, prepared, papers_before.get(str(f)))
                try:
                    docs, public_docs[pid] = audience_documents(pack, overrides, sha256=sha, path=str(f), file_size=size,
                                                                indexed_at=now, paper=paper, reader_version=tag)
                except Exception as exc:  # noqa: BLE001 - a malformed Pack from the parser: report, never write half of it
                    summary.failed.append(FileFailure(str(f), f"cannot index: {_reason(exc)}"))
                    continue
                prepared.append((f, sha, replaces, docs))
            if prepared:
                replaced = {pack_id_for(sha): replaces or pack_id_for(sha) for _f, sha, replaces, _docs in prepared}
                old_items = _items_of(index_path, schema, [o for o in replaced.values() if o in packs])
                with _commit(index_path, schema, lock_timeout, limitmb=256) as (w, gen):
                    for f, sha, replaces, docs in prepared:
                        pid = pack_id_for(sha)
                        if replaces and replaces != pid:
                            w.delete_by_term("pack_id", replaces)
                        w.delete_by_term("pack_id", pid)
                        w.add_pack(docs, public_docs[pid])
                    for f, sha, replaces, docs in prepared:
                        pid = pack_id_for(sha)
                        if replaced[pid] in old_items:
                            retired.retire_pack(replaced[pid], pid, old_items[replaced[pid]], _doc_items(docs))
                        if replaces and replaces != pid:
                            packs.pop(replaces, None)
                            summary.updated.append(str(f))
                        elif pid in reread:
                            summary.updated.append(str(f))
                        else:
                            summary.added.append(str(f))
                        packs[pid] = {k: v for k, v in docs[0].items()}
                    _save_registry(gen, packs, pending, retired)
            batch.clear()

        for n, (f, sha, replaces) in enumerate(todo, 1):
            report(n - 1, total, pages_done, current=f.name)
            crashpoint("extract")
            try:
                pack = parse(f, timeout)
            except Exception as exc:  # noqa: BLE001 - ExtractionError and anything unexpected: report and go on
                summary.failed.append(FileFailure(str(f), _reason(exc)))
                if not isinstance(exc, WorkerKilled):  # killed from outside: not the file's fault, retry
                    failures.record(sha, str(f), _reason(exc))
                failed_sha[sha] = _reason(exc)
                report(n, total, pages_done)
                continue
            failures.forget(sha)
            summary.note_pack(str(f), pack)
            pages_done += pack.pages or 0
            batch.append((f, sha, replaces, pack))
            if len(batch) >= batch_size:
                flush()
            report(n, total, pages_done)
        flush()
        failures.save()
        summary.pages = pages_done
        for sha, paths_of_copy in copies.items():  # a copy of a failed file is named, not "unchanged"
            for copy in paths_of_copy:
                if sha in failed_sha:
                    summary.failed.append(FileFailure(copy, failed_sha[sha]))
                else:
                    summary.unchanged.append(copy)

        if prune:
            gone = [pid for pid, p in packs.items() if not (p.get("path") and os.path.exists(p["path"]))]
            if gone:
                crashpoint("prune")
                with _commit(index_path, schema, lock_timeout) as (w, gen):
                    for pid in gone:
                        w.delete_by_term("pack_id", pid)
                    for pid in gone:
                        summary.pruned.append(packs.pop(pid).get("path") or pid)
                    _save_registry(gen, packs, pending, retired)
        if pending:  # every file of the rebuild has been read again (or reported): it is complete
            with next_generation(index_path) as gen:
                _save_registry(gen, packs, {}, retired)
        crashpoint("done")
    finally:
        run_lock.release()
    summary.elapsed = time.monotonic() - t0
    return summary


def _whoosh_timeout(lock_timeout: float | None) -> float:
    return 10 * 365 * 24 * 3600.0 if lock_timeout is None else max(lock_timeout, 0.0)


__all__ = [
    "PACK_SUFFIXES",
    "WRITER_LOCK_FILE",
    "IndexLockTimeout",
    "IndexProgress",
    "IndexSummary",
    "FileFailure",
    "ProgressFn",
    "iter_pack_files",
    "index_paths",
]
