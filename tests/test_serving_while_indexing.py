"""Readers during writes: the real website (real engine, waitress on 127.0.0.1) serves a bounded,
steady load of searches, browsing, item and meeting pages and JSON while an index run adds and
replaces packs, one commit per pack, in its own process (as in production). No user may see an error: every answer is a 200 (or the
redirect of a replaced pack's meeting page to its new one), every item listed opens.

`FULL=1` runs more clients over more rounds of changes (scripts/crash_safety.sh prints both).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import waitress

from core.config import Config
from indexer.writer import index_paths
from search.engine import open_service
from webui.app import create_app

from textpacks import banking_text, scrutiny_text

FULL = os.environ.get("FULL") == "1"
CLIENTS = 6 if FULL else 3
ROUNDS = 4 if FULL else 1
PAUSE = 0.05  # between one client's rounds of requests: a steady load, not a flood


def _date(n: int) -> str:
    return f"Tuesday, {n % 28 + 1} {('March', 'April', 'May', 'June')[n // 28 % 4]} 2015"


WRITER = """
import json, sys
from indexer.writer import index_paths
s = index_paths([sys.argv[1]], sys.argv[2], batch_size=1, lock_timeout=60)  # one commit per pack
print(json.dumps({"added": len(s.added), "updated": len(s.updated), "failed": len(s.failed)}))
"""


def _index_in_another_process(archive: Path, ix: Path) -> dict:
    """An index run in its own process, as the indexer and the website run in production."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", WRITER, str(archive), str(ix)], cwd=root, check=True,
                         env=dict(os.environ, PYTHONPATH=str(root)), capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # count redirects ourselves
        return None


def test_the_site_answers_every_request_while_packs_are_added_and_replaced(tmp_path):
    archive, ix = tmp_path / "archive", tmp_path / "ix"
    archive.mkdir()
    (archive / "banking.md").write_text(banking_text(), encoding="utf-8")
    for i in range(4):
        (archive / f"s{i:02d}.txt").write_text(scrutiny_text(_date(i)), encoding="utf-8")
    index_paths([archive], ix)

    app = create_app(Config(archive_folders=(archive,), index_dir=ix), service_factory=lambda audience: open_service(ix, audience=audience))
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    base = f"http://127.0.0.1:{server.effective_port}"
    threading.Thread(target=server.run, daemon=True).start()
    opener = urllib.request.build_opener(_NoRedirect)

    served: Counter = Counter()
    errors: list[str] = []
    stop = threading.Event()

    def get(path: str) -> tuple[int, bytes]:
        try:
            with opener.open(base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except OSError as e:  # connection refused or reset: shown to a user as an error
            return 0, str(e).encode()

    def check(path: str, ok=(200,)) -> bytes:
        status, body = get(path)
        served["requests"] += 1
        if status not in ok:
            errors.append(f"{status} {path}: {body[:200]!r}")
        return body if status == 200 else b""

    def client(n: int) -> None:
        queries = ["", "council", "banking", "scrutiny panel", "quoxenfield", "record of meeting"]
        i = n
        while not stop.is_set():
            q = queries[i % len(queries)]
            check(f"/?q={q.replace(' ', '+')}" if q else "/")
            check("/?council=Rutland+County+Council")
            body = check(f"/search.json?q={q.replace(' ', '+')}&limit=5")
            if body:
                for hit in json.loads(body)["results"][:2]:
                    check(f"/items/{hit['item_id']}")
                    check(f"/items/{hit['item_id']}.json")
                    # a meeting page of a pack replaced meanwhile redirects to the new one
                    check(f"/meetings/{hit['pack_id']}", ok=(200, 308))
            i += 1
            time.sleep(PAUSE)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for c in clients:
        c.start()
    runs = []
    try:
        time.sleep(0.3)
        at_start = served["requests"]
        for r in range(ROUNDS):
            banking = archive / "banking.md"
            banking.write_text(banking.read_text(encoding="utf-8") + f"\nA late note on the quoxenfield survey, {r}.\n",
                               encoding="utf-8")
            for i in range(4):  # corrections of every scrutiny pack
                (archive / f"s{i:02d}.txt").write_text(scrutiny_text(_date(i)) + f"\nCorrected ({r}).\n",
                                                       encoding="utf-8")
            for i in range(6):  # new meetings
                n = 10 + 6 * r + i
                (archive / f"s{n:02d}.txt").write_text(scrutiny_text(_date(n)), encoding="utf-8")
            runs.append(_index_in_another_process(archive, ix))
        during = served["requests"] - at_start
        time.sleep(0.3)
    finally:
        stop.set()
        for c in clients:
            c.join(60)
        server.close()
        server.task_dispatcher.shutdown()

    print(f"\nserved {served['requests']} requests, {during} of them during {len(runs)} index runs "
          f"({sum(s['added'] + s['updated'] for s in runs)} packs added or replaced): {len(errors)} errors")
    assert not errors, errors[:5]
    assert runs == [{"added": 6, "updated": 5, "failed": 0}] * ROUNDS
    assert during >= 30
    with open_service(ix) as svc:
        assert svc.stats().packs == 5 + 6 * ROUNDS
