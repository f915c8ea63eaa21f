"""Pack → Whoosh documents, and the incremental, lock-safe indexer behind `agenda-search index`.

`index_paths()` walks files and folders, hashes each file (sha256) and

- skips a file whose content is already indexed (unchanged; a moved file only gets its path updated),
- replaces the documents of a file whose content changed,
- adds new files,
- with `prune=True`, removes packs whose file no longer exists.

A file that fails to parse is reported and skipped; the documents of its previous version, if
any, stay in place. Writes go through `with ix.writer(timeout=…) as w:` in batches, so a crash
loses at most one batch and never leaves a half-written commit. A whole indexing run holds a
writer lock file (`agenda-writer.lock`) so two runs never parse and write the same files at the
same time: the second waits, then finds the work done. Readers never take locks and keep
reading the last committed state.

A changed SCHEMA_VERSION (or a missing version file) wipes and rebuilds the index from the
given paths plus the files listed in the old registry that still exist.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.filelock import FileLock

from indexer.model import Item, Pack
from indexer.schema import (
    INDEX_NAME,
    KINDS,
    MULTI_VALUE_SEP,
    REGISTRY_FILE,
    SCHEMA_FILE,
    SCHEMA_VERSION,
    build_schema,
    read_schema_version,
)

PACK_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".markdown"})
WRITER_LOCK_FILE = "agenda-writer.lock"

ParseFn = Callable[[Path, float], Pack]
ProgressFn = Callable[["IndexProgress"], None]


class IndexLockTimeout(RuntimeError):
    """Another indexer held the index for longer than the allowed wait."""


# --------------------------------------------------------------------------- ids and hashing


def pack_id_for(sha256: str) -> str:
    """Stable id of a pack file: the first 12 hex characters of its sha256."""
    return sha256[:12].lower()


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def item_keys(items: Iterable[Item]) -> list[str]:
    """The item-number part of each item's id: the number as printed, made unique within the pack."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        base = re.sub(r"\s+", " ", (item.number or "").strip()) or f"i{i}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        keys.append(base if n == 1 else f"{base}~{n}")
    return keys


# --------------------------------------------------------------------------- classification

_PROCEDURAL_RE = re.compile(
    r"""^[\W\d]*(?:
        apolog
      | (?:declarations?|disclosures?)\s+of\s+(?:interests?|members'?\s+interests?)
      | declarations?\s+of\s+interest
      | (?:confirmation\s+of\s+|approval\s+of\s+)?(?:the\s+)?minutes\s+of\s+(?:the\s+)?(?:previous\s+|last\s+)?meeting
      | (?:confirmation|approval)\s+of\s+(?:the\s+)?(?:minutes|agenda)
      | minutes\.?$
      | record\s+of\s+(?:the\s+)?(?:meeting|decisions)
      | (?:any\s+)?(?:other\s+)?items?\s+of\s+urgent\s+business
      | urgent\s+(?:items|business)
      | any\s+other\s+(?:urgent\s+)?(?:business|items)
      | to\s+advise\s+of\s+any\s+other\s+items
      | (?:chairman'?s\s+|chair'?s\s+)?announcements
      | exclusion\s+of\s+(?:the\s+)?(?:press|public)
      | date\s+(?:and\s+preview\s+)?of\s+(?:the\s+)?next\s+meeting
      | dates?\s+of\s+future\s+meetings
      | petitions
      | questions\s+with\s+notice
      | notices?\s+of\s+motion
      | items\s+raised\s+by\s+scrutiny
      | items\s+referred\s+from
      | consideration\s+of\s+any\s+matter\s+referred
      | welcome\s+and\s+introductions
      | substitut
      | public\s+(?:questions?|participation|speaking|comments?)
      | roll\s+call
      | call\s+to\s+order
      | pledge\s+of\s+allegiance
      | adjourn
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_procedural(title: str | None) -> bool:
    """Apologies, declarations of interest, approval of minutes, urgent business and the like."""
    return bool(title and _PROCEDURAL_RE.match(title.strip()))


_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE))
    for kind, rx in (
        ("other", r"reasons?\s+for|background\s+papers|timetable"),
        ("recommendations", r"recommend"),
        ("decision", r"\bresolved\b|\bresolutions?\b|\bdecisions?\b|\bdecided\b"),
        ("purpose", r"\bpurpose\b|\bintroduction\b|executive\s+summary|^\W*summary\b|\boverview\b"),
        ("financial", r"financ|resource\s+implications|\bbudget|\bcosts?\b"),
        ("legal", r"\blegal\b|governance|statutory|\blaw\b"),
        ("equality", r"equalit|human\s+rights|diversity|\beqia\b"),
        ("appendix", r"^\W*(?:exempt\s+)?appendi|^\W*annex"),
        ("background", r"background|main\s+considerations|\bcontext\b|policy\s+framework|previous\s+decisions"),
        ("minutes", r"^\W*minutes"),
    )
)

_BOILER_HEADING_RE = re.compile(
    r"implications|background\s+papers|appendices|consultation|alternative\s+options|equality|"
    r"circulation|risk|human\s+rights|crime\s+and\s+disorder|environmental|partnership\s+working|"
    r"health\s+and\s+wellbeing|community\s+safety|organisational|procurement|privacy|data\s+protection",
    re.IGNORECASE,
)
_NEGATIVE_RE = re.compile(r"\b(?:no|not|none|nil|n/a)\b", re.IGNORECASE)
_CONCLUSION_RE = re.compile(r"conclusion|reasons?\s+for", re.IGNORECASE)

KIND_WEIGHTS = {
    "recommendations": 1.35,
    "decision": 1.35,
    "purpose": 1.25,
    "minutes": 1.15,
    "background": 1.0,
    "other": 0.95,
    "financial": 0.85,
    "appendix": 0.85,
    "legal": 0.75,
    "equality": 0.7,
}
PROCEDURAL_WEIGHT = 0.25
BOILERPLATE_WEIGHT = 0.35


def section_kind(heading: str | None, parser_kind: str | None = None) -> str:
    """The parser's kind when it gave one; otherwise derived from the heading."""
    if parser_kind and parser_kind != "other":
        kind = parser_kind.lower()
        if kind in ("resolved", "decisions"):
            kind = "decision"
        if kind == "recommendation":
            kind = "recommendations"
        return kind if kind in KINDS else "other"
    if heading:
        for kind, rx in _KIND_RULES:
            if rx.search(heading):
                return kind
    return "other"


def is_boilerplate(heading: str | None, text: str) -> bool:
    """Short "there are no … implications" style sections and lists of appendices."""
    heading = heading or ""
    body = text.strip()
    if not _BOILER_HEADING_RE.search(heading):
        return False
    if re.search(r"background\s+papers|appendices", heading, re.IGNORECASE) and len(body) < 400:
        return True
    return len(body) < 350 and bool(_NEGATIVE_RE.search(body))


def doc_weight(kind: str, heading: str | None, text: str, procedural: bool) -> float:
    w = KIND_WEIGHTS.get(kind, 1.0)
    if kind == "other" and heading and _CONCLUSION_RE.search(heading):
        w = 1.1
    if is_boilerplate(heading, text):
        w *= BOILERPLATE_WEIGHT
    if procedural:
        w *= PROCEDURAL_WEIGHT
    return round(w, 4)


# --------------------------------------------------------------------------- pack → documents


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _pages_text(pages) -> str | None:
    return None if not pages else f"{pages[0]}-{pages[1]}"


def _clean(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


_FP_RE = re.compile(r"\b[A-Z]{1,4}/\d{3,}(?:/\d+)*\b")


def pack_documents(
    pack: Pack,
    *,
    sha256: str | None = None,
    path: str | None = None,
    file_size: int | None = None,
    indexed_at: str | None = None,
) -> list[dict]:
    """All Whoosh documents for one pack (pure: no index access)."""
    sha = (sha256 or pack.sha256 or "").lower()
    if not sha:
        raise ValueError(f"{pack.source}: no sha256")
    pid = pack_id_for(sha)
    keys = item_keys(pack.items)
    year = pack.date[:4] if pack.date and re.match(r"\d{4}", pack.date) else None
    common_pack: dict = {
        "pack_id": pid,
        "source": pack.source,
        "sha256": sha,
    }
    meeting_fields: dict = {}
    if pack.council:
        meeting_fields["council"] = pack.council
        meeting_fields["council_f"] = _clean(pack.council)
    if pack.meeting:
        meeting_fields["meeting"] = pack.meeting
        meeting_fields["meeting_f"] = _clean(pack.meeting)
    if pack.date:
        meeting_fields["date"] = pack.date
    if year:
        meeting_fields["year"] = year

    docs: list[dict] = []
    seq = 0
    n_sections = 0
    for item, key in zip(pack.items, keys):
        item_id = f"{pid}:{key}"
        officers = [o for o in item.officers if o.name]
        officer_names = [_clean(o.name) for o in officers]
        item_fields: dict = dict(common_pack)
        item_fields.update(meeting_fields)
        item_fields.update(
            item_id=item_id,
            item=item.number or key,
            title=item.title or "",
            key_decision=_yes_no(item.key_decision),
            exempt=_yes_no(item.exempt),
            item_pages=_pages_text(item.pages),
        )
        report_bits = [b for b in (item.report_number, item.report_title) if b]
        if report_bits:
            item_fields["report"] = " ".join(report_bits)
        if item.report_number:
            item_fields["report_no"] = item.report_number.strip()
        if item.report_title:
            item_fields["report_title"] = item.report_title
        if item.report_of:
            item_fields["report_of"] = item.report_of
        if officers:
            item_fields["officers"] = "; ".join(
                f"{_clean(o.name)}, {_clean(o.role)}" if o.role else _clean(o.name) for o in officers
            )
            item_fields["officer_f"] = MULTI_VALUE_SEP.join(dict.fromkeys(officer_names))
        item_ids = [b for b in (item.report_number, item.forward_plan) if b]
        item_procedural = is_procedural(item.title)

        def add(doc_type: str, suffix: str, heading: str, text: str, kind: str, pages, procedural: bool,
                extra_ids: Iterable[str] = (), minute: str | None = None) -> None:
            nonlocal seq
            doc = dict(item_fields)
            doc.update(
                doc_id=f"{item_id}:{suffix}",
                doc_type=doc_type,
                seq=seq,
                heading=heading or "",
                kind=kind,
                content=text or "",
                pages=_pages_text(pages),
                weight=doc_weight(kind, heading, text or "", procedural),
                procedural="1" if procedural else "0",
                vocab=" ".join(x for x in (item.title, item.report_title, heading, text) if x),
            )
            ids = list(item_ids) + [i for i in extra_ids if i]
            if ids:
                doc["ids"] = " ".join(ids)
            if minute:
                doc["minute"] = minute
            docs.append(doc)
            seq += 1

        for n, sec in enumerate(item.sections):
            kind = section_kind(sec.heading, sec.kind)
            add("section", f"s{n}", sec.heading, sec.text, kind, sec.pages or item.source_pages, item_procedural,
                extra_ids=_FP_RE.findall(sec.text[:2000]) if n == 0 else ())
            n_sections += 1
        for n, minute in enumerate(item.minutes):
            heading = f"{minute.number}. {minute.title}".strip(". ") if minute.number else minute.title
            proc = is_procedural(minute.title)
            add("minute", f"m{n}", heading, minute.text, "minutes", minute.pages, proc,
                extra_ids=[minute.number], minute=minute.number)
            n_sections += 1
            if minute.resolved:
                add("minute", f"m{n}r", f"{heading} – resolved", minute.resolved, "decision", minute.pages, proc,
                    extra_ids=[minute.number], minute=minute.number)
        if not item.sections and not item.minutes:
            text = "\n".join(b for b in (item.report_title, item.report_of, item.cabinet_member) if b)
            add("item", "i", "", text, "other", item.source_pages, item_procedural)

    now = indexed_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    pack_doc = dict(common_pack)
    pack_doc.update(meeting_fields)
    pack_doc.update(
        doc_id=f"pack:{pid}",
        doc_type="pack",
        path=path,
        indexed_at=now,
        pack_pages=pack.pages,
        file_size=file_size,
        n_items=len(pack.items),
        n_sections=n_sections,
        seq=-1,
    )
    data = pack.to_json()
    data["pack_id"] = pid
    for item_json, key in zip(data["items"], keys):
        item_json["key"] = key
    blob = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)
    packdata_doc = {"doc_id": f"packdata:{pid}", "doc_type": "packdata", "pack_id": pid, "pack_json": blob, "seq": -2}
    return [pack_doc, packdata_doc] + docs


def load_pack_json(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


# --------------------------------------------------------------------------- summary and progress


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
        return out


# --------------------------------------------------------------------------- index opening


def _write_json_atomic(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _read_registry(index_dir: Path) -> dict:
    try:
        data = json.loads((index_dir / REGISTRY_FILE).read_text(encoding="utf-8"))
        return data.get("packs", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _acquire(lock: FileLock, timeout: float | None, on_wait: Callable[[], None] | None) -> None:
    if lock.acquire(blocking=False):
        return
    if on_wait:
        on_wait()
    start = time.monotonic()
    while not lock.acquire(blocking=False):
        if timeout is not None and time.monotonic() - start > timeout:
            raise IndexLockTimeout(f"another indexer is still writing to the index after {timeout:.0f}s")
        time.sleep(0.2)


def _ensure_index(index_dir: Path, lock_timeout: float | None) -> tuple[windex.Index, bool, dict]:
    """Open the index, creating it or rebuilding it (empty) when the schema version differs.

    Returns (index, rebuilt, old registry). Call with the run lock held.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    schema = build_schema()
    exists = windex.exists_in(str(index_dir), indexname=INDEX_NAME)
    version = read_schema_version(index_dir)
    if exists and version == SCHEMA_VERSION:
        return windex.open_dir(str(index_dir), indexname=INDEX_NAME, schema=schema), False, {}
    old_registry = _read_registry(index_dir) if exists else {}
    storage = FileStorage(str(index_dir))
    wl = storage.lock(f"{INDEX_NAME}_WRITELOCK")
    _acquire(wl, lock_timeout, None)
    try:
        ix = windex.create_in(str(index_dir), schema, indexname=INDEX_NAME)
        _write_json_atomic(
            index_dir / SCHEMA_FILE,
            {"schema_version": SCHEMA_VERSION, "created": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        )
        _write_json_atomic(index_dir / REGISTRY_FILE, {"schema_version": SCHEMA_VERSION, "packs": {}})
    finally:
        wl.release()
    return ix, exists, old_registry


def _current_packs(ix: windex.Index) -> dict[str, dict]:
    """pack id → stored fields of its pack document."""
    out: dict[str, dict] = {}
    with ix.searcher() as s:
        for fields in s.documents(doc_type="pack"):
            out[fields["pack_id"]] = dict(fields)
    return out


def _save_registry(index_dir: Path, packs: dict[str, dict]) -> None:
    reg = {
        pid: {k: p.get(k) for k in ("path", "source", "sha256", "indexed_at", "date", "n_items")}
        for pid, p in sorted(packs.items())
    }
    updated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write_json_atomic(index_dir / REGISTRY_FILE, {"schema_version": SCHEMA_VERSION, "updated": updated, "packs": reg})


# --------------------------------------------------------------------------- walking


def iter_pack_files(paths: Iterable[str | os.PathLike[str]], exclude: Path | None = None) -> Iterator[Path]:
    """Pack files (PDF, .txt, .md) under the given files/folders, absolute, sorted, each once."""
    seen: set[Path] = set()
    excl = exclude.resolve() if exclude else None
    for raw in paths:
        p = Path(raw).expanduser()
        try:
            p = p.resolve()
        except OSError:
            continue
        if p.is_file():
            candidates: Iterable[Path] = [p]
        elif p.is_dir():
            candidates = sorted(
                f for f in p.rglob("*")
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.suffix.lower() in PACK_SUFFIXES
            )
        else:
            continue
        for f in candidates:
            if excl and (f == excl or excl in f.parents):
                continue
            if f not in seen:
                seen.add(f)
                yield f


# --------------------------------------------------------------------------- indexing


def _default_parser(path: Path, timeout: float) -> Pack:
    from indexer.parse import parse_file

    return parse_file(path, timeout=timeout)


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if type(exc).__name__ == "ExtractionError":
        return msg or "cannot be read as an agenda pack"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


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
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with the pack files under `paths`.

    `parser(path, timeout) -> Pack` defaults to `indexer.parse.parse_file`. `lock_timeout`
    is how long to wait for another indexer (None: wait as long as it takes).
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

    run_lock = FileLock(str(index_path / WRITER_LOCK_FILE))
    _acquire(run_lock, lock_timeout, lambda: report(0, 0, 0, message="waiting for another indexer to finish…"))
    try:
        ix, rebuilt, old_registry = _ensure_index(index_path, lock_timeout)
        summary.rebuilt = rebuilt
        if rebuilt:
            path_list += [p["path"] for p in old_registry.values() if p.get("path") and os.path.exists(p["path"])]
        files = list(iter_pack_files(path_list, exclude=index_path))
        packs = _current_packs(ix)
        by_path = {p.get("path"): pid for pid, p in packs.items() if p.get("path")}

        # Decide what to do with each file (hashing only; parsing comes later).
        todo: list[tuple[Path, str, str | None]] = []  # (path, sha256, pack id it replaces)
        moves: list[tuple[str, str]] = []  # (pack id, new path)
        seen_shas: set[str] = set()
        for f in files:
            try:
                sha = file_sha256(f)
            except OSError as exc:
                summary.failed.append(FileFailure(str(f), f"cannot read: {exc.strerror or exc}"))
                continue
            pid = pack_id_for(sha)
            if pid in packs or sha in seen_shas:
                summary.unchanged.append(str(f))
                old_path = packs.get(pid, {}).get("path")
                if pid in packs and old_path != str(f) and not (old_path and os.path.exists(old_path)):
                    moves.append((pid, str(f)))
                continue
            seen_shas.add(sha)
            todo.append((f, sha, by_path.get(str(f))))

        total = len(todo)
        pages_done = 0
        report(0, total, 0)
        if moves:
            with ix.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2) as w:
                for pid, new_path in moves:
                    doc = dict(packs[pid])
                    doc["path"] = new_path
                    w.update_document(**doc)
                    packs[pid] = doc
                    summary.moved.append(f"{pid}: {new_path}")
            _save_registry(index_path, packs)

        batch: list[tuple[Path, str, str | None, Pack]] = []

        def flush() -> None:
            if not batch:
                return
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            prepared = []
            for f, sha, replaces, pack in batch:
                try:
                    size = f.stat().st_size
                except OSError:
                    size = None
                try:
                    docs = pack_documents(pack, sha256=sha, path=str(f), file_size=size, indexed_at=now)
                except Exception as exc:  # a malformed Pack from the parser: report, never write half of it
                    summary.failed.append(FileFailure(str(f), f"cannot index: {_reason(exc)}"))
                    continue
                prepared.append((f, sha, replaces, docs))
            if prepared:
                with ix.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2, limitmb=256) as w:
                    for f, sha, replaces, docs in prepared:
                        pid = pack_id_for(sha)
                        if replaces and replaces != pid:
                            w.delete_by_term("pack_id", replaces)
                        w.delete_by_term("pack_id", pid)
                        for doc in docs:
                            w.add_document(**{k: v for k, v in doc.items() if v is not None})
                for f, sha, replaces, docs in prepared:
                    pid = pack_id_for(sha)
                    if replaces and replaces != pid:
                        packs.pop(replaces, None)
                        summary.updated.append(str(f))
                    else:
                        summary.added.append(str(f))
                    packs[pid] = {k: v for k, v in docs[0].items()}
                _save_registry(index_path, packs)
            batch.clear()

        for n, (f, sha, replaces) in enumerate(todo, 1):
            report(n - 1, total, pages_done, current=f.name)
            try:
                pack = parse(f, timeout)
            except Exception as exc:  # ExtractionError and anything unexpected: report and go on
                summary.failed.append(FileFailure(str(f), _reason(exc)))
                report(n, total, pages_done)
                continue
            pages_done += pack.pages or 0
            batch.append((f, sha, replaces, pack))
            if len(batch) >= batch_size:
                flush()
            report(n, total, pages_done)
        flush()
        summary.pages = pages_done

        if prune:
            gone = [pid for pid, p in packs.items() if not (p.get("path") and os.path.exists(p["path"]))]
            if gone:
                with ix.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2) as w:
                    for pid in gone:
                        w.delete_by_term("pack_id", pid)
                for pid in gone:
                    summary.pruned.append(packs.pop(pid).get("path") or pid)
                _save_registry(index_path, packs)
        if rebuilt and not (summary.added or summary.updated):
            _save_registry(index_path, packs)
    finally:
        run_lock.release()
    summary.elapsed = time.monotonic() - t0
    return summary


def _whoosh_timeout(lock_timeout: float | None) -> float:
    return 10 * 365 * 24 * 3600.0 if lock_timeout is None else max(lock_timeout, 0.0)


def index_packs(
    packs: Iterable[tuple[Pack, str | None]],
    index_dir: str | os.PathLike[str],
    *,
    lock_timeout: float | None = None,
) -> IndexSummary:
    """Index already-parsed packs (with their file paths, or None) — for tests and tools.

    Goes through the same lock/schema/replace logic as `index_paths`; packs whose sha256 is
    already indexed are left as they are.
    """
    items = list(packs)
    by_name = {}
    fake_paths = []
    for pack, path in items:
        key = Path(path).resolve() if path else Path(f"/nonexistent/{pack.sha256[:12]}/{pack.source}")
        by_name[str(key)] = pack
        fake_paths.append((key, pack))

    def parser(p: Path, timeout: float) -> Pack:
        return by_name[str(p)]

    t0 = time.monotonic()
    index_path = Path(index_dir).expanduser().resolve()
    index_path.mkdir(parents=True, exist_ok=True)
    summary = IndexSummary(index_dir=str(index_path))
    run_lock = FileLock(str(index_path / WRITER_LOCK_FILE))
    _acquire(run_lock, lock_timeout, None)
    try:
        ix, rebuilt, _ = _ensure_index(index_path, lock_timeout)
        summary.rebuilt = rebuilt
        packs_now = _current_packs(ix)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with ix.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2, limitmb=256) as w:
            for key, pack in fake_paths:
                pid = pack_id_for(pack.sha256)
                if pid in packs_now:
                    summary.unchanged.append(str(key))
                    continue
                docs = pack_documents(pack, path=str(key), indexed_at=now)
                w.delete_by_term("pack_id", pid)
                for doc in docs:
                    w.add_document(**{k: v for k, v in doc.items() if v is not None})
                packs_now[pid] = docs[0]
                summary.added.append(str(key))
                summary.pages += pack.pages or 0
        _save_registry(index_path, packs_now)
    finally:
        run_lock.release()
    summary.elapsed = time.monotonic() - t0
    return summary


def remove_packs(pack_ids: Iterable[str], index_dir: str | os.PathLike[str], *, lock_timeout: float | None = None) -> int:
    """Delete the given packs from the index; returns how many documents were removed."""
    index_path = Path(index_dir).expanduser().resolve()
    run_lock = FileLock(str(index_path / WRITER_LOCK_FILE))
    _acquire(run_lock, lock_timeout, None)
    try:
        ix, _, _ = _ensure_index(index_path, lock_timeout)
        removed = 0
        ids = list(pack_ids)
        with ix.writer(timeout=_whoosh_timeout(lock_timeout), delay=0.2) as w:
            for pid in ids:
                removed += w.delete_by_term("pack_id", pid)
        packs = _current_packs(ix)
        _save_registry(index_path, packs)
        return removed
    finally:
        run_lock.release()


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


__all__ = [
    "PACK_SUFFIXES",
    "IndexLockTimeout",
    "IndexProgress",
    "IndexSummary",
    "FileFailure",
    "pack_id_for",
    "file_sha256",
    "item_keys",
    "is_procedural",
    "section_kind",
    "is_boilerplate",
    "doc_weight",
    "pack_documents",
    "load_pack_json",
    "iter_pack_files",
    "index_paths",
    "index_packs",
    "remove_packs",
    "print_progress_bar",
]
