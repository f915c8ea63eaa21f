"""Normal use must never break the index: second runs, many batches, and every order of renaming,
editing, moving and pruning a pack, checked through the real engine and the real website.

Every scenario ends with the same check: the index answers exactly like an index built from
scratch from the final archive (same items, same ids, same facets), browsing and filter-only
browsing work, every item opens on the site, and the words of the latest version are found.
"""
from __future__ import annotations

import dataclasses
import json
import itertools
import shutil
from pathlib import Path

import pytest

from core.config import Config
from indexer.documents import file_sha256, pack_id_for
from indexer.parse import parse_file
from indexer.writer import index_paths
from search.engine import IndexNotFound, open_service
from search.results import SearchRequest
from webui.app import create_app

from textpacks import banking_text, scrutiny_text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NO_OFFICERS = ("kent_cabinet_2025-01-30_agenda_frontsheet.pdf", "us_eastpaloalto_pc_minutes_2020-01-27.pdf")


def sample(name: str) -> Path:
    return SAMPLES / ("pdf" if name.endswith(".pdf") else "text") / name


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict[str, object]:
    """The packs of the two-run tests, parsed once by the real parser: one naming contact
    officers, two that name none."""
    folder = tmp_path_factory.mktemp("packs")
    (folder / "banking.md").write_text(banking_text(), encoding="utf-8")
    out = {"banking.md": parse_file(folder / "banking.md")}
    out.update({name: parse_file(sample(name)) for name in NO_OFFICERS})
    assert any(i.officers for i in out["banking.md"].items)
    assert not any(i.officers for name in NO_OFFICERS for i in out[name].items)
    return out


def snapshot(index_dir: Path) -> dict:
    """What users see: every item (id, number, title, officers, date), facets and stats."""
    with open_service(index_dir) as svc:
        browse = svc.search(SearchRequest(query="", limit=100))
        words = svc.search(SearchRequest(query="council report", limit=100))
        stats = svc.stats()
        for hit in browse.results:
            assert svc.item(hit.item_id) is not None, hit.item_id
        return {
            "items": sorted((h.item_id, h.item, h.title, h.officers, h.date) for h in browse.results),
            "total": browse.total,
            "facets": {k: sorted((v.value, v.count) for v in vals) for k, vals in browse.facets.items()},
            "words": sorted(h.item_id for h in words.results),
            "stats": (stats.packs, stats.items, stats.sections),
        }


# --------------------------------------------------------------------------- two runs, many batches


@pytest.mark.parametrize("first,second", list(itertools.permutations(("banking.md",) + NO_OFFICERS, 2)))
def test_second_run_without_officers_does_not_break_search(tmp_path, parsed, first, second):
    """A run adding a pack that names no contact officer, after one whose packs did (or the
    reverse), made a segment without the officer column: every search raised IndexError."""
    two_runs, one_run = tmp_path / "two", tmp_path / "one"
    archive = tmp_path / "archive"
    archive.mkdir()

    def put(name: str) -> None:
        if name == "banking.md":
            (archive / name).write_text(banking_text(), encoding="utf-8")
        else:
            shutil.copy(sample(name), archive / name)

    def already_parsed(path, timeout=None):  # the real parser's result, read once per module
        return parsed[Path(path).name]

    put(first)
    index_paths([archive], two_runs, parser=already_parsed)
    put(second)
    index_paths([archive], two_runs, parser=already_parsed)
    index_paths([archive], one_run, parser=already_parsed)
    got = snapshot(two_runs)
    assert got == snapshot(one_run)
    assert got["stats"][0] == 2 and got["total"] == len(parsed[first].items) + len(parsed[second].items)


def test_second_index_run_of_real_files_without_officers_does_not_break_search(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    index_paths([archive], tmp_path / "ix")
    shutil.copy(sample(NO_OFFICERS[0]), archive)
    assert len(index_paths([archive], tmp_path / "ix").added) == 1
    got = snapshot(tmp_path / "ix")
    assert dict(got["facets"]["officer"]) == {"Saverio Della Rocca": 1, "Debbie Mogg": 1}
    assert got["total"] == 18 and got["stats"][:2] == (2, 18)


def _variants(parsed: dict, n: int) -> list:
    """`n` distinct meetings made from the real packs (another date each), with and without officers."""
    names = sorted(parsed)
    out = []
    for i in range(n):
        pack = parsed[names[i % len(names)]]
        out.append(dataclasses.replace(pack, date=f"2019-{i // 28 + 1:02d}-{i % 28 + 1:02d}",
                                       sha256=f"{i:04x}" + pack.sha256[4:]))
    return out


@pytest.fixture(scope="module")
def many(parsed, tmp_path_factory):
    """20 packs (more than the writer's batch of 16) as files, and their index in one batch."""
    packs = _variants(parsed, 20)
    archive = tmp_path_factory.mktemp("many")
    by_file = {}
    for i, pack in enumerate(packs):
        f = archive / f"pack-{i:02d}.txt"
        f.write_text(f"pack {i}\n", encoding="utf-8")
        by_file[str(f.resolve())] = pack
    whole = tmp_path_factory.mktemp("whole")
    index_paths([archive], whole, batch_size=100, parser=lambda path, timeout: by_file[str(path)])
    return archive, by_file, snapshot(whole), sum(len(p.items) for p in packs)


@pytest.mark.parametrize("batch_size", [3, 16])
def test_many_packs_in_one_run_in_several_batches_read_like_one_batch(tmp_path, many, batch_size):
    """Many packs in one run: the writer commits every `batch_size` packs (16 by default), so the
    index has several segments, some without an officer column."""
    archive, by_file, whole, n_items = many
    summary = index_paths([archive], tmp_path / "ix", batch_size=batch_size,
                          parser=lambda path, timeout: by_file[str(path)])
    assert len(summary.added) == 20 and not summary.failed
    got = snapshot(tmp_path / "ix")
    assert got == whole
    assert got["stats"][:2] == (20, n_items) and got["total"] == n_items


# --------------------------------------------------------------------------- rename, edit, move, prune

NEW_ITEM = "# 8) ZORBLAX FLOOD DEFENCES GRANT\n\nReport No. 74/2017 (Pages 74 - 75)\n\n# 9) BANKING SERVICES"
ADDED_TEXT = "\n\nA late note: the quoxenfield reservoir survey is attached.\n"


def edited(text: str) -> str:
    """A corrected file: an item inserted before Banking (now item 9) and words added at the end."""
    text = text.replace("# 9) ANY ITEMS OF URGENT BUSINESS", "# 10) ANY ITEMS OF URGENT BUSINESS", 1)
    return text.replace("# 8) BANKING SERVICES", NEW_ITEM, 1) + ADDED_TEXT


def _rename(archive: Path) -> None:
    f = _the_pack(archive)
    f.rename(f.with_name("renamed-" + f.name))


def _edit(archive: Path) -> None:
    f = _the_pack(archive)
    f.write_text(edited(f.read_text(encoding="utf-8")), encoding="utf-8")


def _move(archive: Path) -> None:
    f = _the_pack(archive)
    (archive / "moved").mkdir(exist_ok=True)
    f.rename(archive / "moved" / f.name)


def _the_pack(archive: Path) -> Path:
    (found,) = [p for p in archive.rglob("*.md")]
    return found


def _archive(folder: Path, banking: str) -> Path:
    folder.mkdir()
    (folder / "banking.md").write_text(banking, encoding="utf-8")
    (folder / "scrutiny.txt").write_text(scrutiny_text(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def final_state(tmp_path_factory) -> dict:
    """What an index built from scratch from the final archive shows (wherever the file ends up)."""
    base = tmp_path_factory.mktemp("final")
    archive = _archive(base / "archive", edited(banking_text()))
    index_paths([archive], base / "ix")
    return snapshot(base / "ix")


STEPS = {"rename": _rename, "edit": _edit, "move": _move}
SEQUENCES = [(order, index_between) for order in itertools.permutations(STEPS) for index_between in (True, False)]


def _client(index_dir: Path):
    app = create_app(Config(archive_folders=(), index_dir=index_dir), service_factory=lambda audience: open_service(index_dir, audience=audience))
    app.testing = True
    return app.test_client()


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    """Sets up the first state of a sequence: the archive (two packs) and its index, at the same
    paths for every sequence, copied from one indexing of it (much quicker than indexing again)."""
    base = tmp_path_factory.mktemp("sequences")
    archive, ix, template = base / "archive", base / "ix", base / "ix-template"
    _archive(archive, banking_text())
    index_paths([archive], template)
    with open_service(template) as svc:
        (banking,) = svc.search(SearchRequest(query="banking")).results
    assert (banking.item, banking.item_id) == ("8", "rutland-county-council-cabinet-2017-05-16:8")

    def reset():
        for p in (archive, ix):
            shutil.rmtree(p, ignore_errors=True)
        _archive(archive, banking_text())
        shutil.copytree(template, ix)
        return archive, ix, banking

    return reset


@pytest.mark.parametrize("order,index_between", SEQUENCES,
                         ids=["-".join(o) + ("-indexing-each-then-prune" if b else "-indexing-once") for o, b in SEQUENCES])
def test_rename_edit_move_prune_in_any_order_leave_a_sound_index(start, final_state, order, index_between):
    """Rename, then edit, then index (and every other order) used to leave the old pack beside
    the new one: two "Item 8" hits for "banking" (one really item 9), 500s on the home page and
    filter-only browsing, IndexError for `search ""`, and text added later not found. Indexing
    after each step ends with an index run that prunes."""
    archive, ix, banking = start()
    old_hash_link = f"{banking.pack_id}:8"  # an id of the form before stable ids

    for step in order:
        STEPS[step](archive)
        if index_between:
            assert not index_paths([archive], ix).failed
    summary = index_paths([archive], ix, prune=index_between)
    assert not summary.failed and not summary.pruned  # the replaced pack gave way: nothing left to prune

    assert snapshot(ix) == final_state
    with open_service(ix) as svc:
        hits = svc.search(SearchRequest(query="banking")).results
        assert [(h.item, h.title, h.item_id) for h in hits] == [
            ("9", "Banking Services Procurement", "rutland-county-council-cabinet-2017-05-16:9")]
        assert svc.search(SearchRequest(query="quoxenfield")).total == 1  # text added later is found
        assert svc.search(SearchRequest(query="zorblax")).results[0].item == "8"
        assert svc.stats().packs == 2

    client = _client(ix)
    for url in ("/", "/?meeting=Cabinet", "/?q=banking", "/search.json?q=&council=Rutland+County+Council",
                "/search.json?q=", "/search.csv?q=", "/search.atom?q=", "/?q=quoxenfield"):
        assert client.get(url, follow_redirects=True).status_code == 200, url
    assert "quoxenfield" in client.get("/?q=quoxenfield").get_data(as_text=True)
    listing = client.get("/search.json?q=&limit=100").get_json()
    assert listing["total"] == final_state["total"]  # (snapshot opened every item through the engine)
    for item_id in [h["item_id"] for h in listing["results"][::4]] + [hits[0].item_id]:
        assert client.get(f"/items/{item_id}").status_code == 200, item_id
    # a link of the hash form to the banking item leads to where it is now
    moved = client.get(f"/items/{old_hash_link}")
    assert moved.status_code == 308 and moved.headers["Location"].endswith(f"/items/{hits[0].item_id}")


# --------------------------------------------------------------------------- stable ids


def test_item_ids_survive_a_corrected_file_and_old_links_redirect(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    ix = tmp_path / "ix"
    index_paths([archive], ix)
    client = _client(ix)
    banking = client.get("/search.json?q=banking").get_json()["results"][0]
    assert banking["item_id"] == "rutland-county-council-cabinet-2017-05-16:8"
    old_pack = banking["pack_id"]

    # a corrected file with the same meeting: the item keeps its id, the pack gets a new one
    f = archive / "banking.md"
    f.write_text(f.read_text(encoding="utf-8") + ADDED_TEXT, encoding="utf-8")
    index_paths([archive], ix)
    again = client.get("/search.json?q=banking").get_json()["results"][0]
    assert again["item_id"] == banking["item_id"] and again["pack_id"] != old_pack
    assert client.get(f"/items/{banking['item_id']}").status_code == 200
    meeting = client.get(f"/meetings/{old_pack}")
    assert meeting.status_code == 308 and meeting.headers["Location"].endswith(f"/meetings/{again['pack_id']}")

    # the date was wrong: a new id, and the old one redirects to it (page and JSON)
    f.write_text(f.read_text(encoding="utf-8").replace("Tuesday, 16 May 2017", "Tuesday, 23 May 2017", 1),
                 encoding="utf-8")
    index_paths([archive], ix)
    moved = client.get("/search.json?q=banking").get_json()["results"][0]
    assert moved["item_id"] == "rutland-county-council-cabinet-2017-05-23:8"
    for suffix in ("", ".json"):
        r = client.get(f"/items/{banking['item_id']}{suffix}")
        assert r.status_code == 308 and r.headers["Location"].endswith(f"/items/{moved['item_id']}{suffix}")
    assert client.get("/items/rutland-county-council-cabinet-2017-05-16:99").status_code == 404


def test_two_papers_of_one_meeting_get_distinct_readable_ids(tmp_path):
    """An agenda and its printed minutes share council, meeting, date and item numbers; each
    paper keeps its own ids (and the search folds the same item of both into one hit)."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "cabinet-agenda.md").write_text(banking_text(), encoding="utf-8")
    text = banking_text() + "\n\nPrinted minutes: banking approved.\n"
    (archive / "cabinet-printed-minutes.md").write_text(text, encoding="utf-8")
    ix = tmp_path / "ix"
    index_paths([archive], ix)
    with open_service(ix) as svc:
        (hit,) = svc.search(SearchRequest(query="banking")).results
        ids = {hit.item_id} | {i for i, _ in hit.also_in}
    assert ids == {"rutland-county-council-cabinet-2017-05-16:8",
                   "rutland-county-council-cabinet-2017-05-16--printed-minutes:8"}
    # correcting the minutes keeps both papers' ids
    (archive / "cabinet-printed-minutes.md").write_text(text + "Corrected.\n", encoding="utf-8")
    index_paths([archive], ix)
    with open_service(ix) as svc:
        (hit,) = svc.search(SearchRequest(query="banking")).results
        assert {hit.item_id} | {i for i, _ in hit.also_in} == ids


def test_another_meeting_saved_over_a_file_inherits_no_links(tmp_path):
    """Links lead to a successor only when it is the same item: a different meeting written over
    the file (sharing only "Apologies"-like items) is not a correction, and old ids answer 404."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "agenda.txt").write_text(banking_text(), encoding="utf-8")
    ix = tmp_path / "ix"
    index_paths([archive], ix)
    client = _client(ix)
    old = client.get("/search.json?q=banking").get_json()["results"][0]
    (archive / "agenda.txt").write_text(scrutiny_text(), encoding="utf-8")
    assert len(index_paths([archive], ix).updated) == 1
    assert client.get(f"/items/{old['item_id']}").status_code == 404
    assert client.get(f"/meetings/{old['pack_id']}").status_code == 404
    assert client.get("/search.json?q=banking").get_json()["total"] == 0


def test_an_index_of_the_old_flat_layout_is_rebuilt_and_its_links_still_work(tmp_path):
    """Indexes written before generations kept the Whoosh files straight in the index folder and
    item ids of the form "<file hash>:<item>". The first run rebuilds them (from the old registry)
    and the old links redirect to the readable ids."""
    from whoosh import index as windex

    from core.generations import current_path
    from core.schema import INDEX_NAME, REGISTRY_FILE, SCHEMA_FILE, build_schema

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    ix = tmp_path / "ix"
    ix.mkdir()
    windex.create_in(str(ix), build_schema(), indexname=INDEX_NAME)
    pid = pack_id_for(file_sha256(archive / "banking.md"))
    (ix / SCHEMA_FILE).write_text(json.dumps({"schema_version": 5}), encoding="utf-8")
    (ix / REGISTRY_FILE).write_text(json.dumps({"packs": {pid: {"path": str(archive / "banking.md")}}}),
                                    encoding="utf-8")
    with pytest.raises(IndexNotFound, match="another version"):
        open_service(ix)

    summary = index_paths([], ix)  # no paths given: the old registry names the files
    assert summary.rebuilt and len(summary.added) == 1
    assert not [f for f in ix.iterdir() if f.is_file() and f.suffix in (".toc", ".seg")]  # old files gone
    assert json.loads((current_path(ix) / REGISTRY_FILE).read_text())["pending"] == {}
    client = _client(ix)
    r = client.get(f"/items/{pid}:8")
    assert r.status_code == 308 and r.headers["Location"].endswith("/items/rutland-county-council-cabinet-2017-05-16:8")
