"""Clear answers when there is nothing to answer with: an empty index, a taken port, and errors
of every `.json` route (404, 400, 405, 500, empty index) as JSON.

Regressions: an index of an empty folder answered 500 on every search page, and the CLI printed
"cannot read the index: " with nothing after it (whoosh's empty reader raises a bare
NotImplementedError); `agenda-search serve` on a taken port printed an OSError traceback.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from core.config import Config
from indexer.writer import index_paths
from webui.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEXT = ROOT / "samples" / "text" / "rutland-cabinet-2017-05-16.md"
PAGES = ["/", "/?q=budget", "/search?q=budget", "/search.csv?q=budget", "/search.atom?q=budget",
         "/items/0123456789ab:1", "/meetings/0123456789ab", "/officers/Jane%20Doe", "/packs/0123456789ab.pdf"]
JSON_ROUTES = ["/search.json?q=budget", "/items/0123456789ab:1.json", "/meetings/0123456789ab.json",
               "/officers/Jane%20Doe.json"]


@pytest.fixture(scope="module")
def empty_index(tmp_path_factory) -> Path:
    """An index built by a real `index` run over an empty folder."""
    root = tmp_path_factory.mktemp("empty-archive")
    (root / "packs").mkdir()
    summary = index_paths([root / "packs"], root / "index")
    assert not (summary.added or summary.failed)
    return root / "index"


@pytest.fixture(scope="module")
def pruned_index(tmp_path_factory) -> Path:
    """An index whose only pack was indexed, then deleted and pruned."""
    root = tmp_path_factory.mktemp("pruned-archive")
    (root / "packs").mkdir()
    pack = root / "packs" / SAMPLE_TEXT.name
    shutil.copyfile(SAMPLE_TEXT, pack)
    assert index_paths([root / "packs"], root / "index").added
    pack.unlink()
    assert index_paths([root / "packs"], root / "index", prune=True).pruned
    return root / "index"


def site(index_dir: Path):
    app = create_app(Config(archive_folders=(), index_dir=index_dir))  # the real engine, not in testing mode
    return app.test_client()


@pytest.mark.parametrize("which", ["empty_index", "pruned_index"])
def test_empty_index_answers_nothing_indexed_yet_on_every_page(which, request):
    client = site(request.getfixturevalue(which))
    for url in PAGES:
        resp = client.get(url)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 503, (url, resp.status_code, body[:300])
        assert resp.mimetype == "text/html" and "Nothing has been indexed yet" in body, url
        assert "Traceback" not in body and "NotImplementedError" not in body
    for url in JSON_ROUTES:
        resp = client.get(url)
        assert resp.status_code == 503 and resp.mimetype == "application/json", url
        assert resp.get_json()["error"]["code"] == "nothing_indexed"
    assert client.get("/help").status_code == 200  # the help page needs no index


@pytest.mark.parametrize("which", ["empty_index", "pruned_index"])
@pytest.mark.parametrize("argv", [["search", "budget"], ["search", ""], ["stats"], ["stats", "--json"],
                                  ["similar", "0123456789ab:1"]])
def test_empty_index_is_one_clear_line_and_exit_2_on_the_cli(which, argv, request, capsys):
    code = main([*argv, "--index", str(request.getfixturevalue(which))])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "nothing indexed yet" in lines[0] and "agenda-search index" in lines[0]
    assert not lines[0].rstrip().endswith(":")


# --------------------------------------------------------------------------- every .json route answers JSON


class BrokenService:
    """A service whose every call fails as an engine bug would."""

    def __init__(self, audience: str = "public") -> None:
        self.audience = audience

    def __getattr__(self, name):
        if name == "close":
            return lambda: None

        def fail(*args, **kwargs):
            raise RuntimeError("engine exploded")
        return fail


def json_rules(app) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if r.rule.endswith(".json"))


def test_every_json_route_answers_json_for_every_error(sample_config, sample_index):
    from search.engine import open_service

    real = create_app(sample_config, service_factory=lambda audience: open_service(sample_index, audience=audience))
    broken = create_app(sample_config, service_factory=BrokenService)
    rules = json_rules(real)
    assert set(rules) == {"/search.json", "/items/<path:item_id>.json", "/meetings/<pack_id>.json",
                          "/officers/<path:name>.json"}, "a new .json route: add it to JSON_ROUTES"
    cases = []
    for url in JSON_ROUTES:
        cases += [(real, "GET", url, 404 if not url.startswith("/search") else 200),
                  (real, "POST", url, 405), (broken, "GET", url, 500)]
    cases += [(real, "GET", "/search.json?page=0", 400), (real, "GET", "/search.json?from=yesterday", 400),
              (real, "GET", "/search.json?sort=sideways", 400), (real, "GET", "/no-such-thing.json", 404),
              (real, "GET", "/items/" + "x" * 400 + ".json", 404)]
    for app, method, url, status in cases:
        resp = app.test_client().open(url, method=method)
        assert resp.status_code == status, (method, url, resp.status_code)
        assert resp.mimetype == "application/json", (method, url, resp.mimetype)
        data = resp.get_json()
        if status != 200:
            assert data["error"]["status"] == status and data["error"]["message"], (method, url)
            assert "engine exploded" not in resp.get_data(as_text=True)  # no internals shown


# --------------------------------------------------------------------------- a taken port


@pytest.mark.parametrize("debug", [False, True])
def test_busy_port_is_one_line_not_a_traceback(tmp_path, debug):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        cfg = tmp_path / "config.toml"
        cfg.write_text(f'[index]\ndir = "idx"\n[server]\nhost = "127.0.0.1"\nport = {port}\n', encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "cli.main", "serve", *(["--debug"] if debug else [])],
                              cwd=ROOT, env={**os.environ, "AGENDA_SEARCH_CONFIG": str(cfg)},
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"agenda-search: port {port} on 127.0.0.1 is already in use (is agenda-search or another "
                     "server running?): stop it, or choose another port with --port N"], proc.stderr
    assert "serving" not in proc.stdout
