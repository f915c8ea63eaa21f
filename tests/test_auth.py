"""Officer sign-in over the real website, the real accounts store (SQLite in tmp) and the sample index.

Covers the sign-in form and its CSRF token, lockout, redirects after sign-in, the session
cookie's flags and lifetime, no-store on signed-in pages, the trusted single sign-on header
(believed only from a trusted proxy address), the `agenda-search user` commands, and that the
search service is opened for the request's audience ("officer" when signed in, else "public").
"""
from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cli.main import main
from core.config import load_config
from webui import accounts
from webui.accounts import AccountError, AccountStore
from webui.app import create_app, default_service_factory
from webui.auth import COOKIE_NAME, safe_next

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
PROXY = "192.0.2.10"  # the test client's own address is 127.0.0.1: not a trusted proxy here


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def alice_db(tmp_path_factory) -> Path:
    """An accounts file holding alice (officer), made once: each test works on its own copy
    (scrypt makes every hash cost about 0.2 s)."""
    path = tmp_path_factory.mktemp("accounts") / "users.sqlite"
    AccountStore(path).add("alice", "officer", PASSWORD)
    return path


@pytest.fixture
def site(tmp_path, sample_config, alice_db):
    """A website with an accounts store holding alice (officer), and a record of the audiences asked for."""
    config = replace(sample_config, users_db=tmp_path / "users.sqlite", secret_key_file=tmp_path / "secret_key",
                     trusted_user_header="X-Remote-User", trusted_proxies=(PROXY,))
    shutil.copy2(alice_db, config.users_db)
    store = AccountStore(config.users_db)
    audiences: list[str] = []
    real = default_service_factory(config)

    def recording(audience: str):
        audiences.append(audience)
        return real(audience)

    app = create_app(config, service_factory=recording)
    app.testing = True
    return app, store, audiences


def make_client(app):
    return app.test_client()


def token_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, name="alice", password=PASSWORD, next_path=None):
    form_page = client.get("/sign-in", query_string={"next": next_path} if next_path else None)
    assert form_page.status_code == 200
    data = {"name": name, "password": password, "csrf_token": token_of(form_page.get_data(as_text=True))}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/sign-in", data=data)


def header_text(client, url="/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.sub(r"<[^>]+>", "", html)


def some_item_path(client) -> str:
    hit = client.get("/search.json", query_string={"q": "school"}).json["results"][0]
    return urlsplit(hit["url"]).path


# --------------------------------------------------------------------------- sign in and out


def test_sign_in_shows_who_and_sign_out_ends_it(site):
    app, _, _ = site
    client = make_client(app)
    assert "Officer sign-in" in header_text(client)
    resp = sign_in(client)
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    text = header_text(client)
    assert "Signed in as alice (officer)" in text and "Sign out" in text
    assert "Officer sign-in" not in text
    html = client.get("/").get_data(as_text=True)
    resp = client.post("/sign-out", data={"csrf_token": token_of(html)})
    assert resp.status_code == 303
    text = header_text(client)
    assert "Signed in as" not in text and "Officer sign-in" in text


def test_sign_out_by_get_is_refused_and_leaves_the_user_signed_in(site):
    app, _, _ = site
    client = make_client(app)
    sign_in(client)
    assert client.get("/sign-out").status_code == 405
    assert "Signed in as alice" in header_text(client)


def test_wrong_password_and_unknown_name_get_the_same_refusal(site):
    app, _, _ = site
    client = make_client(app)
    wrong = sign_in(client, password="not the password at all")
    unknown = sign_in(client, name="mallory", password=PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))  # noqa: E731 (the typed name differs)
    assert strip(wrong) == strip(unknown)
    assert "did not match an account" in wrong.get_data(as_text=True)
    assert "Signed in as" not in header_text(client)


def test_names_are_not_case_sensitive_but_passwords_are(site):
    app, _, _ = site
    assert sign_in(make_client(app), name="ALICE").status_code == 303
    assert sign_in(make_client(app), password=PASSWORD.upper()).status_code == 401


def test_five_failures_lock_the_account_even_for_the_right_password_until_unlocked(site, capsys):
    app, store, _ = site
    client = make_client(app)
    for _ in range(accounts.MAX_FAILURES):
        assert sign_in(client, password="wrong password, again").status_code == 401
    assert store.get("alice").locked(time.time())
    assert sign_in(client).status_code == 401  # locked: the right password is refused too
    assert main(["user", "unlock", "alice", "--db", str(store.path)]) == 0
    assert "unlocked alice" in capsys.readouterr().out
    assert sign_in(client).status_code == 303


def test_a_lock_ends_by_itself_after_15_minutes(tmp_path):
    now = [1_000_000.0]
    store = AccountStore(tmp_path / "u.sqlite", clock=lambda: now[0])
    store.add("bob", "member", PASSWORD)
    results = [store.authenticate("bob", "a wrong password").reason for _ in range(accounts.MAX_FAILURES)]
    assert results == ["bad"] * (accounts.MAX_FAILURES - 1) + ["locked"]
    now[0] += accounts.LOCK_SECONDS - 1
    assert store.authenticate("bob", PASSWORD).reason == "locked"
    now[0] += 2
    signed = store.authenticate("bob", PASSWORD)
    assert signed.ok and signed.user.role == "member" and signed.user.last_sign_in == now[0]
    assert store.get("bob").failures == 0


def test_one_address_failing_too_often_is_throttled_with_429(site, monkeypatch):
    app, _, _ = site
    monkeypatch.setattr(accounts, "ADDRESS_FAILURES", 3)
    client = make_client(app)
    for name in ("x1", "x2", "x3"):  # different (unknown) names: only the address links them
        assert sign_in(client, name=name, password="whatever it is").status_code == 401
    resp = sign_in(client)
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "900"
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert sign_in(other).status_code == 303  # another address is not held up


def test_password_is_checked_against_a_dummy_hash_for_unknown_names(tmp_path, monkeypatch):
    checked: list[str] = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    store = AccountStore(tmp_path / "u.sqlite")
    store.add("carol", "officer", PASSWORD)
    assert store.authenticate("nobody", PASSWORD).reason == "bad"
    assert store.authenticate("carol", "wrong password here").reason == "bad"
    assert len(checked) == 2 and all(h.startswith("scrypt:") for h in checked)


def test_unknown_roles_weak_passwords_and_odd_names_are_refused(tmp_path):
    store = AccountStore(tmp_path / "u.sqlite")
    for name, role, password in (("dave", "admin", PASSWORD), ("dave", "officer", "short"),
                                 ("dave", "officer", "dave"), ("-dave", "officer", PASSWORD),
                                 ("da ve", "officer", PASSWORD), ("x" * 65, "officer", PASSWORD)):
        with pytest.raises(AccountError):
            store.add(name, role, password)
    assert store.users() == []


def test_an_account_whose_role_is_unknown_cannot_sign_in(site):
    app, store, _ = site
    import sqlite3

    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE users SET role = 'superuser' WHERE name = 'alice'")
    assert sign_in(make_client(app)).status_code == 401


def test_accounts_file_is_private_to_its_owner(site):
    _, store, _ = site
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


# --------------------------------------------------------------------------- CSRF


def test_sign_in_without_or_with_a_wrong_csrf_token_is_400(site):
    app, _, _ = site
    client = make_client(app)
    client.get("/sign-in")
    for data in ({"name": "alice", "password": PASSWORD},
                 {"name": "alice", "password": PASSWORD, "csrf_token": "forged-token"}):
        resp = client.post("/sign-in", data=data)
        assert resp.status_code == 400
        assert "form had expired" in resp.get_data(as_text=True)
    fresh = app.test_client()  # no session at all (a cross-site post): also refused
    assert fresh.post("/sign-in", data={"name": "alice", "password": PASSWORD, "csrf_token": "x"}).status_code == 400
    assert "Signed in as" not in header_text(client)


def test_sign_out_without_the_token_is_400_and_changes_nothing(site):
    app, _, _ = site
    client = make_client(app)
    sign_in(client)
    assert client.post("/sign-out").status_code == 400
    assert client.post("/sign-out", data={"csrf_token": "guess"}).status_code == 400
    assert "Signed in as alice" in header_text(client)


def test_session_is_renewed_at_sign_in_so_a_planted_session_does_not_survive(site):
    app, _, _ = site
    client = make_client(app)
    client.get("/sign-in")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
        before = sess["csrf"]
    sign_in(client)
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["csrf"] != before and sess["user"] == "alice"


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "javascript:alert(1)", "evil.example", "http:/evil.example", "/sign-out", " //evil.example",
])
def test_sign_in_never_redirects_off_the_site(site, target):
    app, _, _ = site
    resp = sign_in(make_client(app), next_path=target)
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/"


def test_sign_in_returns_to_the_local_page_it_came_from(site):
    app, _, _ = site
    resp = sign_in(make_client(app), next_path="/?q=school&sort=newest")
    assert resp.headers["Location"] == "/?q=school&sort=newest"


def test_safe_next_keeps_paths_and_refuses_the_rest():
    assert safe_next("/items/abc:7") == "/items/abc:7"
    assert safe_next(None) == safe_next("") == safe_next("///x") == safe_next("/a\nb") == "/"


def test_the_public_sign_in_link_comes_back_to_the_page(site):
    app, _, _ = site
    html = make_client(app).get("/help").get_data(as_text=True)
    assert 'href="/sign-in?next=/help"' in html


# --------------------------------------------------------------------------- cookie and caching


def test_session_cookie_is_httponly_samesite_lax_and_bounded(site):
    app, _, _ = site
    resp = sign_in(make_client(app))
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith(COOKIE_NAME + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    from email.utils import parsedate_to_datetime

    hours = (parsedate_to_datetime(expires).timestamp() - time.time()) / 3600
    assert 7.9 < hours <= 8.01


def test_session_cookie_is_secure_when_configured(site, tmp_path):
    app, store, _ = site
    config = replace(app.config["AGENDA_SEARCH"], session_cookie_secure=True)
    secure_app = create_app(config, service_factory=default_service_factory(config))
    resp = sign_in(secure_app.test_client())
    assert "Secure" in resp.headers["Set-Cookie"]


def test_a_sign_in_older_than_the_session_lifetime_is_over(site):
    app, _, _ = site
    client = make_client(app)
    sign_in(client)
    with client.session_transaction() as sess:
        sess["since"] = time.time() - 8 * 3600 - 5
    assert "Signed in as" not in header_text(client)


def test_a_new_password_or_removal_ends_existing_sessions(site):
    app, store, _ = site
    client = make_client(app)
    sign_in(client)
    store.set_password("alice", "another long password")
    assert "Signed in as" not in header_text(client)
    sign_in(client, password="another long password")
    store.remove("alice")
    assert "Signed in as" not in header_text(client)


def test_signed_in_pages_are_private_no_store_and_public_ones_unchanged(site):
    app, _, _ = site
    client = make_client(app)
    item = some_item_path(client)
    urls = ["/", "/?q=school", "/search.json?q=school", "/search.csv?q=school", "/search.atom?q=school", item,
            "/help", "/items/0000000000000000:1"]
    for url in urls:
        resp = client.get(url)
        assert "no-store" not in resp.headers.get("Cache-Control", ""), url
        assert "Set-Cookie" not in resp.headers, url  # the public are given no cookie
    sign_in(client)
    for url in urls:
        resp = client.get(url)
        assert resp.headers["Cache-Control"] == "private, no-store", url
        assert "Cookie" in resp.headers.get("Vary", ""), url
    assert client.get("/static/style.css").headers.get("Cache-Control") != "private, no-store"


def test_the_sign_in_form_is_not_cached(site):
    app, _, _ = site
    assert make_client(app).get("/sign-in").headers["Cache-Control"] == "private, no-store"


# --------------------------------------------------------------------------- audience


def test_service_is_opened_for_officers_only_when_signed_in(site):
    app, _, audiences = site
    client = make_client(app)
    client.get("/?q=school")
    client.get("/search.json?q=school")
    assert audiences == ["public", "public"]
    sign_in(client)
    audiences.clear()
    client.get("/?q=school")
    client.get("/search.json?q=school")
    assert audiences == ["officer", "officer"]
    client.post("/sign-out", data={"csrf_token": token_of(client.get("/help").get_data(as_text=True))})
    audiences.clear()
    client.get("/?q=school")
    assert audiences == ["public"]


def test_members_are_officer_audience_too(site):
    app, store, audiences = site
    store.add("mike", "member", PASSWORD)
    client = make_client(app)
    sign_in(client, name="mike")
    audiences.clear()
    client.get("/?q=school")
    assert audiences == ["officer"]
    assert "Signed in as mike (member)" in header_text(client)


@pytest.fixture(scope="module")
def restricted_site(tmp_path_factory, alice_db):
    """The real site, with its default factory, over an index of packs holding restricted papers."""
    from core.config import Config
    from indexer.writer import index_paths
    from restricted_packs import write_packs

    root = tmp_path_factory.mktemp("restricted-site")
    write_packs(root / "archive")
    summary = index_paths([root / "archive"], root / "index", timeout=60)
    assert not summary.failed, summary.failed
    shutil.copy2(alice_db, root / "users.sqlite")
    config = Config(archive_folders=(root / "archive",), index_dir=root / "index", users_db=root / "users.sqlite",
                    secret_key_file=root / "secret_key", trusted_user_header="X-Remote-User",
                    trusted_proxies=(PROXY,))
    app = create_app(config)  # the default factory: the engine opens the index for the audience
    app.testing = True
    return app


def test_restricted_words_are_found_only_by_a_signed_in_officer(restricted_site):
    from restricted_packs import SECRET_WORDS

    word = SECRET_WORDS[0]
    client = restricted_site.test_client()
    found = lambda c, **kw: c.get("/search.json", query_string={"q": word}, **kw).json["total"]  # noqa: E731
    assert found(client) == 0
    sign_in(client)
    assert found(client) >= 1
    client.post("/sign-out", data={"csrf_token": token_of(client.get("/help").get_data(as_text=True))})
    assert found(client) == 0
    forged = proxied(restricted_site, "198.51.100.7")
    assert found(forged, headers={"X-Remote-User": "alice"}) == 0
    assert found(proxied(restricted_site, PROXY), headers={"X-Remote-User": "alice"}) >= 1


def test_a_restricted_item_page_tells_the_officer_why_they_can_read_it(restricted_site):
    client = restricted_site.test_client()
    sign_in(client)
    hits = client.get("/search.json", query_string={"q": "", "limit": 100}).json["results"]
    pages = {urlsplit(h["url"]).path: client.get(urlsplit(h["url"]).path).get_data(as_text=True) for h in hits}
    path = next(p for p, html in pages.items() if "<strong>Restricted:</strong>" in html)
    assert "because you are signed in" in pages[path]
    public = restricted_site.test_client().get(path).get_data(as_text=True)
    assert "because you are signed in" not in public and "can sign in to read the report" in public


# --------------------------------------------------------------------------- trusted single sign-on


def proxied(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_trusted_proxy_header_names_the_user(site):
    app, _, audiences = site
    client = proxied(app, PROXY)
    text = re.sub(r"<[^>]+>", "", client.get("/?q=school", headers={"X-Remote-User": "alice"}).get_data(as_text=True))
    assert "Signed in as alice (officer)" in text
    assert "Sign out" not in text  # the proxy signs people in and out, not this site
    assert audiences == ["officer"]
    resp = client.get("/search.json?q=school", headers={"X-Remote-User": "alice"})
    assert resp.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("address", ["127.0.0.1", "198.51.100.7", "192.0.2.11", "::1"])
def test_forged_user_header_from_an_untrusted_address_gives_the_public_view(site, address):
    app, _, audiences = site
    client = proxied(app, address)
    headers = {"X-Remote-User": "alice", "X-Forwarded-For": PROXY, "X-Real-IP": PROXY}
    text = re.sub(r"<[^>]+>", "", client.get("/?q=school", headers=headers).get_data(as_text=True))
    assert "Signed in as" not in text and "Officer sign-in" in text
    assert audiences == ["public"]


def test_trusted_header_naming_no_account_gives_the_public_view_unless_a_default_role_is_set(site):
    app, _, audiences = site
    client = proxied(app, PROXY)
    client.get("/?q=school", headers={"X-Remote-User": "zoe"})
    assert audiences == ["public"]
    config = replace(app.config["AGENDA_SEARCH"], trusted_default_role="member")
    seen: list[str] = []
    real = default_service_factory(config)
    other = create_app(config, service_factory=lambda audience: seen.append(audience) or real(audience))
    html = proxied(other, PROXY).get("/?q=school", headers={"X-Remote-User": "zoe"}).get_data(as_text=True)
    assert "zoe" in html and seen == ["officer"]
    proxied(other, PROXY).get("/?q=school", headers={"X-Remote-User": "<script>"})  # unusable name: ignored
    assert seen == ["officer", "public"]


def test_trusted_networks_and_ipv4_mapped_addresses(site):
    app, _, _ = site
    config = replace(app.config["AGENDA_SEARCH"], trusted_proxies=("10.1.0.0/16",))
    other = create_app(config, service_factory=default_service_factory(config))
    for address, expected in (("10.1.2.3", True), ("::ffff:10.1.2.3", True), ("10.2.0.1", False)):
        html = proxied(other, address).get("/help", headers={"X-Remote-User": "alice"}).get_data(as_text=True)
        assert ("Signed in as" in html) is expected, address


# --------------------------------------------------------------------------- set-up and configuration


def test_secret_key_is_made_private_once_and_reused(site):
    app, _, _ = site
    path = app.config["AGENDA_SEARCH"].secret_key_file
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(path.read_text().strip()) == 64
    again = create_app(app.config["AGENDA_SEARCH"], service_factory=default_service_factory(app.config["AGENDA_SEARCH"]))
    assert again.secret_key == app.secret_key == path.read_bytes().strip()
    client = make_client(app)
    sign_in(client)
    cookie = client.get_cookie(COOKIE_NAME).value
    other = again.test_client()
    other.set_cookie(COOKIE_NAME, cookie)
    assert "Signed in as alice" in header_text(other)  # a restart keeps sign-ins


def test_no_accounts_store_means_no_sign_in(sample_app):
    client = sample_app.test_client()
    assert client.get("/sign-in").status_code == 404
    assert "Officer sign-in" not in client.get("/help").get_data(as_text=True)


def test_an_unusable_accounts_file_is_a_clear_503_not_a_traceback(site, tmp_path):
    app, _, _ = site
    config = replace(app.config["AGENDA_SEARCH"], users_db=tmp_path)  # a folder, not a file
    broken = create_app(config, service_factory=default_service_factory(config))
    resp = sign_in(broken.test_client())
    assert resp.status_code == 503
    assert "Sign-in is not available" in resp.get_data(as_text=True)


def write_config(tmp_path, auth: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[archive]\nfolders = []\n[auth]\n{auth}\n', encoding="utf-8")
    return path


def test_config_auth_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write_config(tmp_path, 'users_db = "state/u.sqlite"\ntrusted_proxies = ["127.0.0.1"]'))
    assert config.users_db == (tmp_path / "state" / "u.sqlite").resolve()
    assert config.secret_key_file == (tmp_path / "var" / "secret_key").resolve()
    assert config.trusted_proxies == ("127.0.0.1",) and config.session_hours == 8


@pytest.mark.parametrize("auth, words", [
    ('trusted_proxies = ["localhost"]', "not an IP address"),
    ('trusted_proxies = "127.0.0.1"', "must be a list"),
    ('trusted_default_role = "admin"', "trusted_default_role"),
    ('trusted_user_header = "X_Remote_User"', "letters, digits and dashes"),
    ('session_hours = 0', "session_hours"),
    ('session_cookie_secure = "yes"', "true or false"),
])
def test_bad_auth_settings_are_refused_with_a_clear_message(tmp_path, auth, words):
    with pytest.raises(ValueError, match=words):
        load_config(write_config(tmp_path, auth))


# --------------------------------------------------------------------------- the user commands


def user_cmd(capsys, monkeypatch, db: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["user", *argv, "--db", str(db)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_user_commands_add_list_passwd_remove(tmp_path, capsys, monkeypatch):
    db = tmp_path / "u.sqlite"
    assert user_cmd(capsys, monkeypatch, db, "add", "ann", "--role", "officer", "--password-stdin",
                    stdin=PASSWORD + "\n")[:2] == (0, "added ann (officer)\n")
    code, out, _ = user_cmd(capsys, monkeypatch, db, "list")
    assert code == 0 and re.search(r"^ann\s+officer\s+last sign-in never\s+active$", out, re.M)
    assert AccountStore(db).authenticate("ann", PASSWORD).ok
    code, out, _ = user_cmd(capsys, monkeypatch, db, "passwd", "ann", "--password-stdin", stdin="a brand new password\n")
    assert code == 0 and "password changed" in out
    assert AccountStore(db).authenticate("ann", "a brand new password").ok
    assert not AccountStore(db).authenticate("ann", PASSWORD).ok
    assert user_cmd(capsys, monkeypatch, db, "remove", "ann")[:2] == (0, "removed ann\n")
    assert AccountStore(db).users() == []


@pytest.mark.parametrize("argv, stdin, words", [
    (("add", "ann", "--role", "officer", "--password-stdin"), "short\n", "at least 12 characters"),
    (("add", "ann", "--role", "officer"), "", "--password-stdin"),  # no terminal to ask at
    (("remove", "nobody"), "", "no account called 'nobody'"),
    (("passwd", "nobody", "--password-stdin"), PASSWORD + "\n", "no account called 'nobody'"),
    (("unlock", "nobody"), "", "no account called 'nobody'"),
])
def test_user_command_misuse_is_one_clear_line_and_exit_2(tmp_path, capsys, monkeypatch, argv, stdin, words):
    code, out, err = user_cmd(capsys, monkeypatch, tmp_path / "u.sqlite", *argv, stdin=stdin)
    assert code == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err


def test_user_add_twice_is_refused(tmp_path, capsys, monkeypatch):
    db = tmp_path / "u.sqlite"
    user_cmd(capsys, monkeypatch, db, "add", "ann", "--role", "member", "--password-stdin", stdin=PASSWORD)
    code, _, err = user_cmd(capsys, monkeypatch, db, "add", "ANN", "--role", "officer", "--password-stdin",
                            stdin=PASSWORD)
    assert code == 2 and "already an account" in err


def test_user_command_through_the_installed_script(tmp_path):
    """The real entry point: an unknown role is an argparse error (exit 2), a good add works."""
    script = Path(sys.executable).with_name("agenda-search")
    db = str(tmp_path / "u.sqlite")
    bad = subprocess.run([str(script), "user", "add", "ann", "--role", "admin", "--db", db],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid choice: 'admin'" in bad.stderr
    good = subprocess.run([str(script), "user", "add", "ann", "--role", "officer", "--password-stdin", "--db", db],
                          input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stderr
    listed = subprocess.run([str(script), "user", "list", "--json", "--db", db], capture_output=True, text=True,
                            timeout=60)
    assert '"name": "ann"' in listed.stdout and '"role": "officer"' in listed.stdout
