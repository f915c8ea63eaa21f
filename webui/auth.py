"""Who is asking: officer sign-in, sign-out, CSRF tokens, trusted single sign-on, and the audience.

Two audiences: "public" (anyone) and "officer" (a signed-in account whose role may read restricted
items). `current_audience()` is what `webui.service.get_service` hands to the service factory, so
the engine opens the index for that audience; pages never filter restricted text themselves.

A user is known in one of two ways, checked on every request:
- a trusted reverse proxy names them in `[auth] trusted_user_header`. The header is believed only
  when the connection itself (request.remote_addr, never X-Forwarded-For) comes from an address in
  `trusted_proxies`; from anywhere else it is ignored. The name must have an account (its role
  counts) unless `trusted_default_role` gives one to every name the proxy vouches for;
- Flask's signed session cookie, set by the sign-in form. The session holds the account's name, its
  `stamp` (renewed when the password changes) and the sign-in time: a removed account, a new
  password or a sign-in older than `session_hours` ends it.

Every POST needs the session's CSRF token (secrets.token_urlsafe, compared with hmac.compare_digest).
Responses to signed-in users are `Cache-Control: private, no-store`: restricted text must not be
kept by shared caches or left in a browser's history cache.
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import BadRequest

from core.config import Config

from .accounts import MAX_FAILURES, AccountStore, User, check_name

log = logging.getLogger("agenda_search.auth")
bp = Blueprint("auth", __name__)

AUTH_KEY = "agenda_search.auth"
COOKIE_NAME = "agenda_search_session"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CSRFError(BadRequest):
    """A form arrived without the token this browser's session was given (expired, or sent by another site)."""

    description = "This form had expired or did not come from this site, so nothing was done."


@dataclass(frozen=True)
class AuthSettings:
    store: AccountStore | None
    lifetime: float  # seconds a sign-in lasts
    header: str
    proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    default_role: str


# --------------------------------------------------------------------------- who is asking


def current_user() -> User | None:
    return g.get("user")


def current_audience() -> str:
    """ "officer" when the request's user may read restricted items, else "public" (also outside a request)."""
    user = g.get("user") if g else None
    return "officer" if user is not None and user.reads_restricted else "public"


def _settings() -> AuthSettings:
    return current_app.extensions[AUTH_KEY]


def _from_trusted_proxy(settings: AuthSettings) -> bool:
    try:
        addr = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return any(addr.version == net.version and addr in net for net in settings.proxies)


def _proxy_user(settings: AuthSettings, raw: str) -> User | None:
    try:
        name = check_name(raw)
    except ValueError:
        log.warning("trusted header %s named an unusable user %r: ignored", settings.header, raw[:80])
        return None
    user = settings.store.get(name) if settings.store is not None else None
    if user is None and settings.default_role:
        user = User(name=name, role=settings.default_role, stamp="")
    if user is None:
        log.warning("trusted header %s named %r, who has no account: public view", settings.header, name)
    return user


def _session_user(settings: AuthSettings) -> User | None:
    name = session.get("user")
    if not name or settings.store is None:
        return None
    user = settings.store.get(name)
    fresh = time.time() - float(session.get("since", 0)) < settings.lifetime
    if user is None or not fresh or not hmac.compare_digest(str(session.get("stamp", "")), user.stamp):
        session.clear()  # removed account, new password or too old: signed out
        return None
    return user


def load_user() -> None:
    """Before every request: who is asking (g.user) and how (g.auth_via: "proxy", "session" or None)."""
    settings = _settings()
    g.user, g.auth_via = None, None
    if settings.header and settings.proxies and _from_trusted_proxy(settings):
        raw = request.headers.get(settings.header, "").strip()
        if raw:
            try:
                g.user = _proxy_user(settings, raw)
            except (sqlite3.Error, OSError):
                log.exception("cannot read the accounts file: public view")
            g.auth_via = "proxy" if g.user is not None else None
            return
    if COOKIE_NAME in request.cookies:  # no cookie, no session lookup: public pages stay as they were
        try:
            g.user = _session_user(settings)
        except (sqlite3.Error, OSError):
            log.exception("cannot read the accounts file: public view")
        g.auth_via = "session" if g.user is not None else None


# --------------------------------------------------------------------------- CSRF


def csrf_token() -> str:
    """This session's CSRF token, made on first use (put it in every POST form as `csrf_token`)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or request.routing_exception is not None:
        return  # nothing will run: the router's own answer (404, 405) is the truthful one
    expected = session.get("csrf", "") if COOKIE_NAME in request.cookies else ""
    sent = request.form.get("csrf_token", "") or request.headers.get("X-CSRF-Token", "")
    if not (expected and sent and hmac.compare_digest(sent.encode(), str(expected).encode())):
        raise CSRFError()


def csrf_error(err: CSRFError):
    if request.path.endswith(".json"):
        return {"error": {"status": 400, "title": "Form expired", "message": err.description}}, 400
    return render_template("form_expired.html", message=err.description), 400


# --------------------------------------------------------------------------- responses


def private_when_signed_in(response):
    """Signed-in pages (and the sign-in form, which carries a token) must never sit in a shared cache."""
    if request.endpoint != "static" and (g.get("user") is not None or request.blueprint == "auth"):
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
    return response


def template_globals() -> dict:
    return {"current_user": g.get("user"), "auth_via": g.get("auth_via"), "signed_in": current_audience() == "officer",
            "sign_in_enabled": _settings().store is not None, "csrf_token": csrf_token,
            "here": request.full_path.rstrip("?") if request else "/"}


def safe_next(raw: str | None) -> str:
    """A path on this site to go back to after signing in; anything else (another site, "//host",
    backslashes, control characters that browsers strip) becomes "/"."""
    raw = (raw or "").strip()
    if (not raw.startswith("/") or raw.startswith("//") or "\\" in raw
            or any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw)):
        return "/"
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or parts.path.startswith(("/sign-in", "/sign-out")):
        return "/"
    return raw


# --------------------------------------------------------------------------- views

FAILED = (f"That name and password did not match an account. After {MAX_FAILURES} failed attempts in a row "
          "an account is locked for 15 minutes; the people who run this site can unlock it sooner.")
THROTTLED = "Too many failed sign-ins have come from your network. Wait 15 minutes, then try again."
UNAVAILABLE = "Sign-in is not available at the moment. The public search still works."


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    settings = _settings()
    if settings.store is None:
        abort(404)
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if g.get("user") is not None:
            return redirect(target, code=303)
        return render_template("sign_in.html", next=target, name="", error=None)
    name = request.form.get("name", "").strip()[:200]
    password = request.form.get("password", "")
    address = request.remote_addr or ""
    try:
        result = settings.store.authenticate(name, password, address)
    except (sqlite3.Error, OSError):
        log.exception("cannot use the accounts file %s", settings.store.path)
        return render_template("sign_in.html", next=target, name=name, error=UNAVAILABLE), 503
    if not result.ok:
        log.warning("sign-in refused for %r from %s: %s", name, address, result.reason)
        throttled = result.reason == "throttled"
        resp = render_template("sign_in.html", next=target, name=name, error=THROTTLED if throttled else FAILED)
        return (resp, 429, {"Retry-After": "900"}) if throttled else (resp, 401)
    user = result.user
    session.clear()  # a fresh session: nothing chosen before sign-in (e.g. a planted cookie) survives it
    session.permanent = True
    session.update(user=user.name, stamp=user.stamp, since=time.time(), csrf=secrets.token_urlsafe(32))
    log.info("signed in: %s (%s) from %s", user.name, user.role, address)
    return redirect(target, code=303)


@bp.post("/sign-out")
def sign_out():
    user = g.get("user")
    session.clear()
    if user is not None:
        log.info("signed out: %s", user.name)
    return redirect(url_for("search.search_page"), code=303)


# --------------------------------------------------------------------------- set-up


def load_secret_key(path: Path | None) -> bytes:
    """The session-signing key from `path`, made (32 random bytes as hex, mode 0600) if it does not exist.

    Written to a temporary file and linked into place, so two processes starting at once agree on one
    key. A key that cannot be read or made falls back to a random one for this process, with a warning:
    the public site keeps working, and sign-ins end when it restarts.
    """
    if path is None:
        return secrets.token_bytes(32)
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "w") as fh:
                    fh.write(secrets.token_hex(32) + "\n")
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass
            finally:
                tmp.unlink(missing_ok=True)
        if path.stat().st_mode & 0o077:
            log.warning("the session key %s can be read by other users: chmod 600 it", path)
        key = path.read_bytes().strip()
        if len(key) < 32:
            raise ValueError(f"it holds {len(key)} bytes; at least 32 are needed (delete it to have one made)")
        return key
    except (OSError, ValueError) as exc:
        log.warning("cannot use the session key %s (%s): using a temporary key, sign-ins end when the site "
                    "restarts", path, exc)
        return secrets.token_bytes(32)


def install(app: Flask, config: Config) -> None:
    """Sessions, the accounts store, CSRF checks, the user of each request and the sign-in pages."""
    app.secret_key = load_secret_key(config.secret_key_file)
    https = str(getattr(config, "public_url", "") or "").lower().startswith("https://")
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(config.session_cookie_secure or https),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    app.extensions[AUTH_KEY] = AuthSettings(
        store=AccountStore(config.users_db) if config.users_db is not None else None,
        lifetime=config.session_hours * 3600,
        header=config.trusted_user_header,
        proxies=tuple(ipaddress.ip_network(p, strict=False) for p in config.trusted_proxies),
        default_role=config.trusted_default_role,
    )
    app.before_request(load_user)
    app.before_request(check_csrf)
    app.after_request(private_when_signed_in)
    app.context_processor(template_globals)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_blueprint(bp)
