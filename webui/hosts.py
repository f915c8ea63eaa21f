"""Which Host the site answers to, and where its absolute URLs point.

Absolute URLs (Atom links, JSON and CSV links, the 308 of a doubled slash) were built from the
Host header, which any client chooses: `Host: evil.example` got a redirect to evil.example, and
a feed fetched that way told every reader to follow links there. Now:

- a request whose Host is not allowed is answered 400, in plain words that do not repeat it;
- with `[server] public_url` set, every absolute URL is built from that address (scheme, host,
  port and path prefix), whatever Host the request came with;
- X-Forwarded-* headers mean nothing unless `[server] proxy_hops` says how many proxies
  stand in front of the site; then werkzeug's ProxyFix reads that many hops, and the forwarded
  host is checked like any other.

Allowed hosts default to the public_url's host, the configured listening host and, when the
site listens on a loopback or wildcard address, localhost / 127.0.0.1 / ::1. A name without a
port allows it on any port; `name:port` only on that port; `.example.org` the domain and its
sub-domains; `*` any host (the old, unchecked behaviour: only behind a proxy that checks).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, urlsplit

from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import Config

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_LOCAL_BINDS = {"", "0.0.0.0", "::", "localhost", "127.0.0.1", "::1"}
_NAME = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$")
_IPV6 = re.compile(r"^[0-9a-f:.]+$")

REFUSAL = "Bad Request: this site does not answer to that host name."


def split_host(value: str | None) -> tuple[str, int | None] | None:
    """ "Example.org:8080" → ("example.org", 8080); "[::1]" → ("::1", None); None if malformed."""
    text = (value or "").strip().lower()
    if not text or len(text) > 255:
        return None
    port: int | None = None
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        name, rest = text[1:end], text[end + 1:]
        if not _IPV6.match(name) or ":" not in name:
            return None
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
        else:
            port_text = None
    else:
        if text.count(":") > 1 and _IPV6.match(text):
            return text, None  # a bare IPv6 address (config entries may be written so)
        name, sep, port_text = text.partition(":")
        if not sep:
            port_text = None
        name = name.rstrip(".")
        if not _NAME.match(name):
            return None
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return None
        port = int(port_text)
    return name, port


def allowed_hosts(config: Config) -> tuple[str, ...]:
    """The configured allowed hosts, or the defaults derived from public_url and host."""
    out: list[str] = list(config.allowed_hosts)
    if config.public_url:
        public = urlsplit(config.public_url)
        out.append(public.netloc)
    if not config.allowed_hosts:
        bind = (config.host or "").strip().lower().strip("[]")
        if bind not in ("", "0.0.0.0", "::"):
            out.append(bind)
        if bind in _LOCAL_BINDS:
            out.extend(LOOPBACK_NAMES)
    return tuple(dict.fromkeys(out))


def host_matcher(entries: Iterable[str]) -> Callable[[str | None], bool]:
    """A test of a Host header value against allowed-host entries (see the module docstring)."""
    anything = False
    exact: set[tuple[str, int | None]] = set()
    domains: list[str] = []
    for entry in entries:
        entry = entry.strip().lower()
        if entry == "*":
            anything = True
        elif entry.startswith("."):
            domains.append(entry.rstrip("."))
        else:
            parsed = split_host(entry)
            if parsed:
                exact.add(parsed)

    def allowed(value: str | None) -> bool:
        parsed = split_host(value)
        if parsed is None:
            return False
        if anything:
            return True
        name, port = parsed
        if (name, None) in exact or (port is not None and (name, port) in exact):
            return True
        return any(name == d[1:] or name.endswith(d) for d in domains)

    return allowed


class HostGuard:
    """WSGI middleware: refuse unknown hosts; with a public URL, make the request look as if it
    came to that address, so Flask's url_for, redirects and `request.host_url` all use it."""

    def __init__(self, app, allowed: Iterable[str], public_url: str | None = None):
        self.app = app
        self.allowed = host_matcher(allowed)
        self.public = urlsplit(public_url) if public_url else None

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if not (self.allowed(host) or (host is None and self.public is not None)):
            return self._refuse(environ, start_response)
        if self.public is not None:
            self._rebase(environ, self.public)
        return self.app(environ, start_response)

    def _rebase(self, environ, pub: SplitResult) -> None:
        environ["wsgi.url_scheme"] = pub.scheme
        environ["HTTP_HOST"] = pub.netloc
        environ["SERVER_NAME"] = pub.hostname or ""
        environ["SERVER_PORT"] = str(pub.port or (443 if pub.scheme == "https" else 80))
        prefix = pub.path.rstrip("/")
        if prefix:
            path = environ.get("PATH_INFO", "")
            if path == prefix or path.startswith(prefix + "/"):
                environ["PATH_INFO"] = path[len(prefix):] or "/"  # a proxy that passes the prefix on
            environ["SCRIPT_NAME"] = prefix

    @staticmethod
    def _refuse(environ, start_response):
        if environ.get("PATH_INFO", "").endswith(".json"):
            body = json.dumps({"error": {"status": 400, "title": "Unknown host", "message": REFUSAL}}).encode()
            kind = "application/json"
        else:
            body = (REFUSAL + "\n").encode()
            kind = "text/plain; charset=utf-8"
        start_response("400 BAD REQUEST", [("Content-Type", kind), ("Content-Length", str(len(body))),
                                           ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")])
        return [body]


def install(app, config: Config) -> None:
    """Wrap the app: ProxyFix (only with trusted proxies) outside, the host check inside it."""
    hosts = allowed_hosts(config)
    app.config["AGENDA_SEARCH_ALLOWED_HOSTS"] = hosts
    app.wsgi_app = HostGuard(app.wsgi_app, hosts, config.public_url)
    n = config.proxy_hops
    if n:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)


__all__ = ["HostGuard", "REFUSAL", "allowed_hosts", "host_matcher", "install", "split_host"]
