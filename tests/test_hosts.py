"""Hosts and headers: the Host header and X-Forwarded-* are not trusted.

Regression: absolute URLs were built from whatever Host a client sent (`Host: evil.example` got a
308 to evil.example, and feeds linked there). Every route kind (page, JSON, CSV, Atom, item,
meeting, officer, PDF, static, redirects) is requested with forged Host and X-Forwarded-* headers;
none is honoured. Run with -s to see the figures.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from flask import request
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from core.config import Config, load_config
from webui.app import create_app
from webui.hosts import REFUSAL, allowed_hosts, host_matcher, split_host

ROOT = Path(__file__).resolve().parent.parent

FORGED_HOSTS = [
    "evil.example", "EVIL.example", "evil.example:8080", "evil.example:80", "evil.example.",
    "localhost.evil.example", "127.0.0.1.evil.example", "evil-localhost", "localhostx",
    "localhost@evil.example", "evil.example@localhost", "localhost:80@evil.example",
    "localhost:8080:evil.example", "localhost evil.example", "localhost\tevil.example",
    "evil.example/localhost", "localhost/evil.example", "localhost#evil.example", "localhost?evil.example",
    "[::1].evil.example", "[evil.example]", "[::1]evil.example", "l\u043ecalhost", "xn--lcalhost-evil",
    "127.0.0.2", "10.0.0.1", "0.0.0.0", "[::2]", "localhost:0", "localhost:99999", "localhost:-1",
    "localhost:8o8o", "", " ", "a" * 300, "evil.example," + "localhost",
]
FORWARDED = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Port": "666",
             "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Prefix": "/evil", "Forwarded": "host=evil.example",
             "X-Original-Host": "evil.example", "X-Host": "evil.example"}
FIGURES: dict[str, int] = {"forged hosts tried": 0, "honoured": 0, "forwarded-header requests": 0,
                           "forwarded honoured": 0}


@pytest.fixture(scope="module")
def routes(sample_app) -> dict[str, str]:
    """One URL of every route kind the site has (ids found through the JSON API)."""
    client = sample_app.test_client()
    hits = client.get("/search.json", query_string={"q": "strengthening independence", "limit": 20}).json["results"]
    pdf_hit = next(h for h in hits if h["pdf_url"])
    officer = next(h["officers"][0] for h in client.get("/search.json?q=report&limit=50").json["results"]
                   if h["officers"])
    item = pdf_hit["item_id"]
    return {
        "page": "/?q=budget",
        "alias": "/search?q=budget",
        "json": "/search.json?q=budget",
        "csv": "/search.csv?q=budget",
        "atom": "/search.atom?q=budget",
        "help": "/help",
        "item": f"/items/{item}",
        "item json": f"/items/{item}.json",
        "meeting": f"/meetings/{pdf_hit['pack_id']}",
        "meeting json": f"/meetings/{pdf_hit['pack_id']}.json",
        "officer": f"/officers/{officer}",
        "officer json": f"/officers/{officer}.json",
        "pdf": f"/packs/{pdf_hit['pack_id']}.pdf",
        "static": "/static/style.css",
        "302 redirect": "/?q=budget&sort=relevance&from=",
        "308 redirect": "/items//" + item + ".json",
        "308 redirect page": "/items//" + item,
        "404": "/no/such/page",
        "404 json": "/items/000000000000:1.json",
    }


def wsgi_get(app, url: str, headers: dict[str, str]) -> Response:
    """GET `url` straight through the WSGI app with exactly these headers (the test client
    refuses to send some forged Host values, e.g. ones that are not valid IDNA)."""
    environ = EnvironBuilder(path=url).get_environ()
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    body, status, head = run_wsgi_app(app.wsgi_app, environ, buffered=True)
    return Response(body, status, head)


def _leaks(resp, needle: str = "evil") -> bool:
    """Whether a response carries the forged value anywhere: headers or body."""
    head = " ".join(f"{k}: {v}" for k, v in resp.headers.items()).lower()
    return needle in head or needle.encode() in resp.get_data().lower()


def test_forged_host_is_refused_on_every_route_kind(sample_app, routes):
    tried = honoured = 0
    for kind, url in routes.items():
        for host in FORGED_HOSTS:
            resp = wsgi_get(sample_app, url, {"Host": host})
            tried += 1
            ok = resp.status_code == 400 and "Location" not in resp.headers and not _leaks(resp) \
                and REFUSAL.encode() in resp.get_data()
            if not ok:
                honoured += 1
                print(f"honoured: {kind} {url} Host={host!r} → {resp.status_code} {resp.headers.get('Location')}")
            if url.partition("?")[0].endswith(".json"):  # every .json route answers JSON, this error too
                assert resp.mimetype == "application/json" and resp.get_json()["error"]["status"] == 400
    FIGURES["forged hosts tried"] += tried
    FIGURES["honoured"] += honoured
    print(f"\nforged hosts tried: {tried} ({len(FORGED_HOSTS)} hosts × {len(routes)} routes), honoured: {honoured}")
    assert honoured == 0


def test_forwarded_headers_are_ignored_without_proxy_hops(sample_app, routes):
    tried = honoured = 0
    for kind, url in routes.items():
        for name, value in FORWARDED.items():
            resp = wsgi_get(sample_app, url, {"Host": "localhost", name: value})
            tried += 1
            bad = resp.status_code >= 500 or _leaks(resp) or "https://" in (resp.headers.get("Location") or "") \
                or b"https://localhost" in resp.get_data() or b":666" in resp.get_data()
            if bad:
                honoured += 1
                print(f"honoured: {kind} {url} {name}={value!r} → {resp.status_code}")
        resp = wsgi_get(sample_app, url, {"Host": "localhost", **FORWARDED})  # all at once
        tried += 1
        honoured += _leaks(resp) or b"https://localhost" in resp.get_data()
    FIGURES["forwarded-header requests"] += tried
    FIGURES["forwarded honoured"] += honoured
    print(f"\nforwarded-header requests: {tried}, honoured: {honoured}")
    assert honoured == 0


def test_allowed_local_hosts_answer_and_links_stay_on_them(sample_app, routes):
    client = sample_app.test_client()
    for host in ("localhost", "127.0.0.1:8080", "LOCALHOST:5000", "[::1]:8080", "localhost."):
        resp = client.get(routes["atom"], headers={"Host": host})
        assert resp.status_code == 200, host
        links = set(re.findall(rb'href="(https?://[^/"]+)', resp.get_data()))
        assert links and all(split_host(l.split(b"//")[1].decode()) == split_host(host) for l in links), links
    resp = client.get(routes["308 redirect"], headers={"Host": "127.0.0.1:8080"})
    assert resp.status_code == 308 and resp.headers["Location"].startswith("http://127.0.0.1:8080/items/")
    assert client.get(routes["302 redirect"]).headers["Location"] == "/?q=budget"  # relative: no host at all


PUBLIC = "https://agendas.example.org/archive"


@pytest.fixture(scope="module")
def public_app(sample_config, sample_index):
    from search.engine import open_service

    cfg = replace(sample_config, public_url=PUBLIC)
    app = create_app(cfg, service_factory=lambda audience: open_service(sample_index, audience=audience))
    app.testing = True
    return app


def test_public_url_makes_every_absolute_url(public_app, routes):
    client = public_app.test_client()
    for host in ("localhost", "agendas.example.org", "127.0.0.1:8080"):
        feed = client.get(routes["atom"], headers={"Host": host, **FORWARDED}).get_data(as_text=True)
        links = set(re.findall(r'href="([^"]+)"', feed))
        assert links and all(l.startswith(PUBLIC + "/") for l in links), links
        data = client.get(routes["json"], headers={"Host": host}).get_json()
        assert data["results"][0]["url"].startswith(PUBLIC + "/items/")
        assert data["links"]["atom"].startswith(PUBLIC + "/search.atom")
        csv_text = client.get(routes["csv"], headers={"Host": host}).get_data(as_text=True)
        assert PUBLIC + "/items/" in csv_text and "http://" not in csv_text
        moved = client.get(routes["308 redirect"], headers={"Host": host})
        assert moved.status_code == 308 and moved.headers["Location"].startswith(PUBLIC + "/items/")
    # a proxy that passes the path prefix on is served the same pages
    assert client.get("/archive/help", headers={"Host": "agendas.example.org"}).status_code == 200
    assert client.get(routes["page"], headers={"Host": "evil.example"}).status_code == 400


def test_trusted_proxy_hops_are_read_and_the_forwarded_host_is_checked(sample_config, sample_index):
    from search.engine import open_service

    cfg = replace(sample_config, public_url=None, allowed_hosts=("agendas.example.org",), proxy_hops=1)
    app = create_app(cfg, service_factory=lambda audience: open_service(sample_index, audience=audience))
    app.add_url_rule("/_whoami", "whoami", lambda: {"remote": request.remote_addr, "root": request.url_root})
    client = app.test_client()
    proxied = {"Host": "127.0.0.1:8080", "X-Forwarded-Host": "agendas.example.org", "X-Forwarded-Proto": "https",
               "X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
    me = client.get("/_whoami", headers=proxied).get_json()
    assert me == {"remote": "198.51.100.7", "root": "https://agendas.example.org/"}  # one hop: the last value
    feed = client.get("/search.atom?q=budget", headers=proxied).get_data(as_text=True)
    assert "https://agendas.example.org/items/" in feed
    assert client.get("/search.json?q=budget", headers={**proxied, "X-Forwarded-Host": "evil.example"}).status_code == 400
    assert client.get("/help", headers={"Host": "agendas.example.org"}).status_code == 200
    assert client.get("/help", headers={"Host": "localhost"}).status_code == 400  # the list replaces the defaults


def test_default_allowed_hosts_follow_the_configured_host():
    base = Config(archive_folders=(), index_dir=Path("/nonexistent"))
    assert set(allowed_hosts(base)) == {"127.0.0.1", "localhost", "::1"}
    assert set(allowed_hosts(replace(base, host="0.0.0.0"))) == {"127.0.0.1", "localhost", "::1"}
    assert set(allowed_hosts(replace(base, host="agendas.example.org"))) == {"agendas.example.org"}
    assert set(allowed_hosts(replace(base, host="192.0.2.10", public_url="https://a.example.org:8443"))) == {
        "192.0.2.10", "a.example.org:8443"}
    allowed = host_matcher([".example.org", "intranet:8080"])
    assert allowed("example.org") and allowed("a.b.example.org:443") and allowed("intranet:8080")
    assert not allowed("badexample.org") and not allowed("intranet:8081") and not allowed("intranet")
    assert host_matcher(["*"])("anything.example") and not host_matcher(["*"])("bad host")


def _toml(tmp_path, server: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[index]\ndir = "idx"\n[server]\n{server}\n', encoding="utf-8")
    return path


def test_config_reads_and_checks_the_host_settings(tmp_path):
    cfg = load_config(_toml(tmp_path, 'public_url = "HTTPS://Agendas.Example.org:443/archive/"\n'
                                      'allowed_hosts = ["Agendas.example.org", "intranet:8080"]\nproxy_hops = 2'))
    assert (cfg.public_url, cfg.allowed_hosts, cfg.proxy_hops) == (
        "https://agendas.example.org/archive", ("agendas.example.org", "intranet:8080"), 2)
    assert load_config(_toml(tmp_path, "")).public_url is None
    for bad in ('public_url = "ftp://x.org"', 'public_url = "https://x.org/?a=1"', 'public_url = "agendas.org"',
                'allowed_hosts = ["evil host"]', 'allowed_hosts = [1]', "proxy_hops = -1",
                "proxy_hops = 99", 'proxy_hops = "1"', "port = 70000"):
        with pytest.raises(ValueError):
            load_config(_toml(tmp_path, bad))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _raw_get(port: int, host: str, path: str = "/help") -> tuple[int, bytes]:
    """A real HTTP request to 127.0.0.1:port with exactly this Host header."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_the_demo_server_answers_on_127_0_0_1_and_localhost_only(tmp_path, sample_index):
    """`agenda-search serve` with the default [server] settings, over real HTTP (waitress)."""
    port = _free_port()
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[index]\ndir = "{sample_index}"\n[server]\nhost = "127.0.0.1"\nport = {port}\n', encoding="utf-8")
    env = {**os.environ, "AGENDA_SEARCH_CONFIG": str(cfg)}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/help", timeout=5) as resp:
                    assert resp.status == 200
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://localhost:{port}/search.atom?q=budget", timeout=10) as resp:
            assert f'href="http://localhost:{port}/items/'.encode() in resp.read()
        status, body = _raw_get(port, "evil.example", "/items//x.json")
        assert status == 400 and b"evil" not in body
        status, body = _raw_get(port, f"127.0.0.1:{port}", "/search.atom?q=budget")
        assert status == 200 and b"evil" not in body
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:  # waitress drops X-Forwarded-*
            conn.sendall(f"GET /search.atom?q=budget HTTP/1.1\r\nHost: localhost:{port}\r\n"
                         "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        assert b" 200 " in data.split(b"\r\n", 1)[0] and b"evil" not in data and b"https://" not in data
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()
        proc.stderr.close()
