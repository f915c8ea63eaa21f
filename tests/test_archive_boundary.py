"""The archive folder is a boundary: only files inside it are read, indexed or served.

A folder with symlinks to /etc/passwd, /etc, /, /dev/zero, /proc and to a neighbouring folder of
"secret" files; broken and looping links; a FIFO and a socket; links into a hidden folder; a
file whose name is not UTF-8; unreadable (chmod 000) files and folders. Everything not read is
named in the run's report with a reason, nothing outside is ever read (no parser call, no
searchable word, no file served), and a name that is not UTF-8 is indexed once.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from indexer.documents import file_sha256, pack_id_for
from indexer.parse import parse_file
from core.generations import current_path
from core.schema import REGISTRY_FILE
from indexer.writer import index_paths
from search.engine import open_service
from search.results import SearchRequest
from tests.hostile import SECRET, build_boundary_cases

ROOT = Path(__file__).resolve().parent.parent
NON_UTF8 = b"caf\xe9-\xff-agenda.txt"


def search(index_dir: Path, query: str):
    service = open_service(index_dir)
    try:
        return service.search(SearchRequest(query=query, limit=100)).results
    finally:
        service.close()


@pytest.fixture(scope="module")
def boundary(tmp_path_factory):
    base = tmp_path_factory.mktemp("boundary")
    archive, outside, index_dir = base / "archive", base / "outside", base / "index"
    expected = build_boundary_cases(archive, outside)
    read: list[str] = []

    def parser(path: Path, timeout: float):
        read.append(str(path))
        return parse_file(path, timeout=timeout)

    summary = index_paths([archive], index_dir, parser=parser)
    return {"archive": archive, "outside": outside, "index": index_dir, "expected": expected,
            "summary": summary, "read": read, "parser": parser}


def test_symlinks_leaving_the_archive_are_refused_and_named_with_a_reason(boundary):
    archive, summary = boundary["archive"], boundary["summary"]
    skipped = {os.path.relpath(s.path, archive): s.reason for s in summary.skipped}
    for name, reason in boundary["expected"].items():
        assert name in skipped, f"{name} not in the report: {sorted(skipped)}"
        assert reason in skipped[name], (name, skipped[name])
    assert "/etc/passwd, outside the archive folder" in skipped["link-passwd.txt"]
    assert f"  skipped: {archive / 'fifo.txt'}: a FIFO (named pipe): not read" in summary.lines()
    outward = [n for n, r in boundary["expected"].items() if r == "outside the archive"]
    print(f"\npaths outside the archive tried {len(outward)} / read 0")


def test_nothing_outside_the_archive_is_read_or_searchable(boundary):
    archive = boundary["archive"].resolve()
    assert boundary["read"], "the legitimate files were read"
    for path in boundary["read"]:
        real = Path(path).resolve()
        assert real == Path(path) and archive in real.parents, path  # read by its real path, inside
    assert not search(boundary["index"], SECRET)
    registry = json.loads((current_path(boundary["index"]) / REGISTRY_FILE).read_text(encoding="utf-8"))["packs"]
    assert all(archive in Path(p["path"]).parents for p in registry.values())


def test_a_link_inside_the_archive_is_read_once_by_its_real_path(boundary):
    real = boundary["archive"] / "real.txt"
    assert boundary["read"].count(str(real)) == 1
    assert not any("nested-real-link" in p for p in boundary["read"])
    assert {h.source for h in search(boundary["index"], "kookaburrareal")} == {"real.txt"}


def test_non_utf8_file_name_is_indexed_once_and_not_read_again(boundary):
    archive, summary = boundary["archive"], boundary["summary"]
    name = os.fsdecode(NON_UTF8)
    path = str(archive / name)
    assert path in summary.added
    for line in summary.lines():
        line.encode("utf-8")  # printable: the bad bytes are shown as \xNN
    hits = search(boundary["index"], "echidnabytes")
    assert [h.source for h in hits] == ["caf\\xe9-\\xff-agenda.txt"]
    # the registry keeps the real name (ASCII JSON, surrogate escapes round-trip to the same bytes)
    registry = json.loads((current_path(boundary["index"]) / REGISTRY_FILE).read_text(encoding="ascii"))["packs"]
    assert os.fsencode(registry[pack_id_for(file_sha256(Path(path)))]["path"]).endswith(NON_UTF8)
    before = len(boundary["read"])
    again = index_paths([archive], boundary["index"], parser=boundary["parser"])
    assert len(boundary["read"]) == before, "nothing is read again"
    assert path in again.unchanged and not again.failed and not again.added


def test_cli_report_names_skipped_files_in_text_and_json(boundary, tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[archive]\nfolders = []\n[index]\ndir = "{tmp_path / "ix"}"\n', encoding="utf-8")
    monkeypatch.setenv("AGENDA_SEARCH_CONFIG", str(cfg))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["index", str(boundary["archive"]), "--json"]) == 0  # skipped files are not failures
    report = json.loads(out.getvalue())
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "outside the archive folder" in reasons["link-passwd.txt"] and "socket" in reasons["socket.md"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["index", str(boundary["archive"])])
    text = out.getvalue()
    assert f"skipped {len(report['skipped'])}" in text
    assert f"  skipped: {boundary['archive'] / 'link-etc'}: symlink to /etc, outside the archive folder" in text


# --------------------------------------------------------------------------- unreadable files and folders


def _unreadable_case(base: Path) -> Path:
    archive = base / "archive"
    (archive / "locked-folder").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "text" / "rutland-cabinet-2017-06-20.txt", archive / "readable.txt")
    (archive / "locked-folder" / "inside.txt").write_text("Agenda\nItem 1 wombatlocked\n", encoding="utf-8")
    (archive / "locked.txt").write_text("Agenda\nItem 1 wombatlocked\n", encoding="utf-8")
    os.chmod(archive / "locked.txt", 0)
    os.chmod(archive / "locked-folder", 0)
    return archive


def _without_root_file_powers() -> None:
    """In the child, before exec: drop the capabilities that let root read any file
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the bounding set, so chmod 000 applies to it."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_and_folder_are_named_and_the_rest_is_indexed(tmp_path):
    """chmod 000 means nothing to root: as root, the indexer runs without root's power to read
    any file (a real permission check, not a simulated error)."""
    archive = _unreadable_case(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[archive]\nfolders = []\n[index]\ndir = "{tmp_path / "index"}"\n', encoding="utf-8")
    env = dict(os.environ, AGENDA_SEARCH_CONFIG=str(cfg), PYTHONPATH=str(ROOT))
    try:
        proc = subprocess.run([sys.executable, "-m", "cli.main", "index", str(archive), "--json"],
                              capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
                              preexec_fn=_without_root_file_powers if os.geteuid() == 0 else None)
    finally:
        os.chmod(archive / "locked-folder", 0o755)
        os.chmod(archive / "locked.txt", 0o644)
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert skipped == {"locked-folder": "folder cannot be read (Permission denied)",
                       "locked.txt": "file cannot be read (Permission denied)"}
    assert [Path(p).name for p in report["added"]] == ["readable.txt"]
    assert proc.returncode == 0


# --------------------------------------------------------------------------- serving


def test_pdf_swapped_for_a_symlink_after_indexing_is_not_served(tmp_path):
    from core.config import Config
    from webui.app import create_app

    archive, outside = tmp_path / "archive", tmp_path / "outside"
    archive.mkdir()
    outside.mkdir()
    pdf = archive / "frontsheet.pdf"
    shutil.copy(ROOT / "samples" / "pdf" / "kent_cabinet_2025-01-30_agenda_frontsheet.pdf", pdf)
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 " + SECRET.encode() + b" not for the public")
    index_dir = tmp_path / "index"
    index_paths([archive], index_dir)
    pid = pack_id_for(file_sha256(pdf))
    cfg = Config(archive_folders=(archive,), index_dir=index_dir)
    client = create_app(cfg, service_factory=lambda audience: open_service(index_dir, audience=audience)).test_client()
    assert client.get(f"/packs/{pid}.pdf").status_code == 200
    pdf.unlink()
    os.symlink(outside / "secret.pdf", pdf)  # the indexed path now leads outside
    resp = client.get(f"/packs/{pid}.pdf")
    assert resp.status_code == 404 and SECRET.encode() not in resp.data
    # and the next run refuses the link, with a reason
    summary = index_paths([archive], index_dir, prune=True)
    assert [s.reason.split(",")[0] for s in summary.skipped] == [f"symlink to {outside / 'secret.pdf'}"]


def test_a_broken_file_whose_name_is_not_utf8_is_reported_and_remembered(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(ROOT / "samples" / "text" / "rutland-cabinet-2017-06-20.txt", archive)
    with open(os.fsencode(archive) + b"/damaged-\xff.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4 garbage")
    first = index_paths([archive], tmp_path / "index")
    assert [Path(f.path).name for f in first.failed] == [os.fsdecode(b"damaged-\xff.pdf")]
    assert "  failed: " + str(archive) + "/damaged-\\xff.pdf: truncated or damaged PDF" in "\n".join(first.lines())
    again = index_paths([archive], tmp_path / "index")  # failed.json kept the name: not read again
    assert len(again.failed) == 1 and "not read again" in again.failed[0].reason
