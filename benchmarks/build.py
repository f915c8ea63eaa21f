"""Build (or reuse) one benchmark archive: the synthetic packs, the agenda-search index, the FTS5 database.

    var/bench/<sections>-<seed>/
        archive/*.txt   one synthetic pack per file (the parsed Pack as JSON; see below)
        index/          the agenda-search index folder (public and full index), by indexer.writer.index_paths
        fts5.sqlite     the same public documents in SQLite FTS5 (benchmarks.fts)
        build.json      what was built, how long it took, how big it is, the builders' peak RSS

The index is written by `index_paths`, the code path of `agenda-search index` (file walk, sha256,
lock, batches of 16 packs per commit, both indexes), with one difference: its `parser` hook
reads the pack back from the file's JSON instead of parsing a PDF/text pack, since the packs
are synthetic. Parsing speed is scripts/bench_parse.py's business; build time here is indexing.
Each builder runs in a subprocess (`python -m benchmarks.build whoosh|fts5 DIR`) so its peak RSS
is its own.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from benchmarks.packio import read_pack, searchable_docs, write_pack

RECIPE = 1  # bump when the synthesis changes: cached archives of another recipe are rebuilt


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def _samples_digest(sample_roots: Sequence[Path]) -> str:
    import hashlib

    from benchmarks.synth import sample_files
    from indexer.documents import READER_VERSION, file_sha256

    h = hashlib.sha256(f"r{READER_VERSION}".encode())
    for p in sample_files(sample_roots):
        h.update(file_sha256(p).encode())
    return h.hexdigest()[:16]


def archive_dir(root: Path, sections: int, seed: int) -> Path:
    return Path(root) / f"{sections}-{seed}"


def _run_builder(kind: str, folder: Path, nice: int) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.build", kind, str(folder)]
    if nice and shutil.which("nice"):
        cmd = ["nice", "-n", str(nice)] + cmd
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{kind} build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_archive(root: Path, sections: int, seed: int, sample_roots: Sequence[Path], *,
                   rebuild: bool = False, nice: int = 10, log=print) -> dict:
    """The build record of the archive, building what is missing (or everything, with `rebuild`)."""
    folder = archive_dir(root, sections, seed)
    record_path = folder / "build.json"
    digest = _samples_digest(sample_roots)
    want = {"recipe": RECIPE, "sections_target": sections, "seed": seed, "samples": digest}
    record: dict = {}
    if record_path.is_file() and not rebuild:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if any(record.get(k) != v for k, v in want.items()):
            log(f"  {folder.name}: built by another recipe or other samples, rebuilding")
            record = {}
    if not record:
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "archive").mkdir(parents=True)
        from benchmarks.synth import Synthesiser, load_samples

        t = time.perf_counter()
        samples = load_samples(sample_roots, Path(root) / "samples-parsed")
        synth = Synthesiser(samples, seed, sections)
        packs = docs = 0
        for n, pack in enumerate(synth.packs(), 1):
            write_pack(folder / "archive" / pack.source, pack)
            packs += 1
            docs += searchable_docs(pack)
        record = dict(want, packs=packs, documents=docs, councils=len(synth.councils),
                      synth_seconds=round(time.perf_counter() - t, 1))
        log(f"  {folder.name}: {packs} synthetic packs, {docs} searchable documents, "
            f"{len(synth.councils)} councils ({record['synth_seconds']} s)")
        record_path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    for kind in ("whoosh", "fts5"):
        if kind not in record:
            log(f"  {folder.name}: building the {kind} index…")
            record[kind] = _run_builder(kind, folder, nice)
            log(f"  {folder.name}: {kind} built in {record[kind]['seconds']:.1f} s, "
                f"{record[kind]['size_bytes'] / 1e6:.1f} MB, peak RSS {record[kind]['peak_rss_mb']:.0f} MB")
            record_path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


# --------------------------------------------------------------------------- builders (subprocesses)


def _build_whoosh(folder: Path) -> dict:
    from core.schema import PUBLIC_INDEX_NAME
    from indexer.writer import index_paths

    index = folder / "index"
    shutil.rmtree(index, ignore_errors=True)
    t, c = time.perf_counter(), time.process_time()
    summary = index_paths([folder / "archive"], index, parser=lambda path, timeout: read_pack(path))
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    if summary.failed:
        raise RuntimeError(f"{len(summary.failed)} packs failed: {summary.failed[:3]}")
    from core.generations import current_path

    gen = current_path(index) or index  # the committed generation holds both indexes
    public = sum(f.stat().st_size for f in gen.iterdir() if f.is_file() and (f.name.startswith(f"_{PUBLIC_INDEX_NAME}_")
                                                            or f.name.startswith(f"{PUBLIC_INDEX_NAME}_")))
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "packs": len(summary.added),
            "size_bytes": dir_size(gen), "public_size_bytes": public, "peak_rss_mb": round(peak_rss_mb(), 1)}


def _build_fts5(folder: Path) -> dict:
    from benchmarks.fts import build_database

    db = folder / "fts5.sqlite"
    t, c = time.perf_counter(), time.process_time()
    n = build_database(sorted((folder / "archive").iterdir()), db)
    return {"seconds": round(time.perf_counter() - t, 2), "cpu_seconds": round(time.process_time() - c, 2),
            "documents": n, "size_bytes": db.stat().st_size, "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: Sequence[str]) -> int:
    kind, folder = argv[0], Path(argv[1])
    result = {"whoosh": _build_whoosh, "fts5": _build_fts5}[kind](folder)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["RECIPE", "archive_dir", "ensure_archive", "peak_rss_mb", "dir_size"]
