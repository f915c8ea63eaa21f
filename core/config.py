"""Configuration, loaded once from config.toml into a typed, frozen object."""
from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .access import ROLES, Override

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class TimeLimit:
    """How long reading one file may take: `base_seconds`, plus `per_page_seconds` for each page
    once the page count is known, never more than `max_seconds`.

    A flat per-file limit either drops a legitimate 3,000-page pack or lets a hostile 2-page file
    hold the indexer for an hour; a per-page limit does neither. Files with more than `max_pages`
    pages are refused (a page tree of a million empty pages is an attack, not an agenda).
    """

    base_seconds: float = 120.0
    per_page_seconds: float = 1.0
    max_seconds: float = 7200.0
    max_pages: int = 20_000

    def seconds_for(self, pages: int | None) -> float:
        if not pages:
            return self.base_seconds
        return min(self.max_seconds, max(self.base_seconds, self.base_seconds + self.per_page_seconds * pages))

    def describe(self, pages: int | None) -> str:
        """"timed out after …" text: the limit, and how it was reached for a paged file."""
        secs = self.seconds_for(pages)
        if not pages or not self.per_page_seconds:
            return f"{secs:g} s"
        if secs >= self.max_seconds:
            return f"{secs:g} s (the most any file may take; {pages} pages)"
        return f"{secs:g} s ({self.base_seconds:g} s + {self.per_page_seconds:g} s for each of {pages} pages)"


@dataclass(frozen=True)
class Config:
    archive_folders: tuple[Path, ...]
    index_dir: Path
    extract_timeout: float = 120.0  # the base of the time limit (see TimeLimit)
    extract_max_memory_mb: int = 2048
    host: str = "127.0.0.1"
    port: int = 8080
    # [auth]: officers' accounts and sessions (webui.accounts, webui.auth). None: no sign-in offered.
    users_db: Path | None = None
    # None: a random key per process (sessions end when the site restarts); load_config always names a file.
    secret_key_file: Path | None = None
    session_hours: float = 8.0
    session_cookie_secure: bool = False
    trusted_user_header: str = ""
    trusted_proxies: tuple[str, ...] = ()
    trusted_default_role: str = ""
    access_overrides: tuple[Override, ...] = ()  # [[access.override]]: per-item restriction, last word
    # The site's address as the public sees it ("https://agendas.example.gov.uk" or with a path
    # prefix): every absolute URL (feeds, JSON links, redirects) is built from it, never from the
    # Host header a client sends. None: built from the request's Host, once it is allowed.
    public_url: str | None = None
    # Host names (optionally name:port) the site answers to; any other Host gets a plain 400.
    # Empty: derived from public_url and host (see webui.hosts.allowed_hosts).
    allowed_hosts: tuple[str, ...] = ()
    # How many reverse proxies in front of the site set X-Forwarded-For/-Proto/-Host/-Port/-Prefix.
    # 0 (default): those headers are ignored, whoever sends them.
    proxy_hops: int = 0
    extract_per_page_seconds: float = 1.0
    extract_max_seconds: float = 7200.0
    extract_max_pages: int = 20_000

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.extract_timeout, self.extract_per_page_seconds, self.extract_max_seconds,
                         self.extract_max_pages)


def _overrides(raw: object) -> tuple[Override, ...]:
    """[[access.override]] entries; one that matches nothing or says nothing is refused by name."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError("[access] override must be a list of tables ([[access.override]])")
    out = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("restricted"), bool):
            raise ValueError(f"[[access.override]] #{n}: needs restricted = true or false")
        known = {"source", "item", "date", "reason", "restricted"}
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"[[access.override]] #{n}: unknown key(s) {', '.join(sorted(unknown))}")
        rule = Override(restricted=entry["restricted"], source=_opt_str(entry.get("source")),
                        item=_opt_str(entry.get("item")), date=_opt_str(entry.get("date")),
                        reason=_opt_str(entry.get("reason")))
        if not (rule.source or rule.item or rule.date):
            raise ValueError(f"[[access.override]] #{n}: name the source file, item or date it applies to")
        out.append(rule)
    return tuple(out)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


MAX_PROXY_HOPS = 5
_HOST_ENTRY = re.compile(r"^(?:\*|\.?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$")


def normalise_public_url(raw: str) -> str | None:
    """"https://Example.org/agendas/" → "https://example.org/agendas"; "" → None. ValueError if unusable."""
    text = (raw or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError(f"[server] public_url must be an http(s) address such as https://agendas.example.org "
                         f"(no query, fragment or password), not {raw!r}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"[server] public_url has a bad port: {raw!r}") from None
    host = parts.hostname.lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != {"http": 80, "https": 443}[parts.scheme]:
        netloc += f":{port}"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"


def _host_list(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("[server] allowed_hosts must be a list of host names, e.g. [\"agendas.example.org\"]")
    hosts = tuple(v.strip().lower() for v in value if v.strip())
    bad = [h for h in hosts if not _HOST_ENTRY.match(h)]
    if bad:
        raise ValueError(f"[server] allowed_hosts holds something that is not a host name: {bad[0]!r}")
    return hosts


def _port(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ValueError(f"[server] port must be a number from 1 to 65535, not {value!r}")
    return value


def _proxies(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PROXY_HOPS:
        raise ValueError(f"[server] proxy_hops must be a whole number from 0 to {MAX_PROXY_HOPS} "
                         f"(how many proxies stand in front of the site), not {value!r}")
    return value


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read config.toml (or $AGENDA_SEARCH_CONFIG); relative paths resolve against the file's folder."""
    cfg_path = Path(path or os.environ.get("AGENDA_SEARCH_CONFIG") or DEFAULT_CONFIG)
    with open(cfg_path, "rb") as fh:
        raw = tomllib.load(fh)
    base = cfg_path.resolve().parent
    archive = raw.get("archive", {})
    index = raw.get("index", {})
    extract = raw.get("extract", {})
    server = raw.get("server", {})
    auth = raw.get("auth", {})
    access = raw.get("access", {})
    config = Config(
        archive_folders=tuple((base / f).resolve() for f in archive.get("folders", [])),
        index_dir=(base / index.get("dir", "var/index")).resolve(),
        extract_timeout=float(extract.get("timeout_seconds", 120)),
        extract_max_memory_mb=int(extract.get("max_memory_mb", 2048)),
        host=str(server.get("host", "127.0.0.1")),
        port=_port(server.get("port", 8080)),
        public_url=normalise_public_url(str(server.get("public_url", ""))),
        allowed_hosts=_host_list(server.get("allowed_hosts", [])),
        proxy_hops=_proxies(server.get("proxy_hops", 0)),
        **_auth_options(auth, base),
        access_overrides=_overrides(access.get("override")),
        extract_per_page_seconds=float(extract.get("per_page_seconds", 1.0)),
        extract_max_seconds=float(extract.get("max_seconds", 7200)),
        extract_max_pages=int(extract.get("max_pages", 20_000)),
    )
    bad = [name for name, value in (("timeout_seconds", config.extract_timeout),
                                    ("per_page_seconds", config.extract_per_page_seconds),
                                    ("max_seconds", config.extract_max_seconds),
                                    ("max_pages", config.extract_max_pages)) if value < 0]
    if bad or config.extract_max_seconds < config.extract_timeout:
        raise ValueError(f"{cfg_path}: [extract] {', '.join(bad) or 'max_seconds'} "
                         + ("must not be negative" if bad else "must be at least timeout_seconds"))
    return config


_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]+$")


def _auth_options(auth: dict, base: Path) -> dict:
    """The [auth] table as Config fields, checked here so a mistake is one clear line at start-up.

    A trusted header is dangerous when misread (it names a user without a password), so an
    unparseable proxy address, a header name WSGI would mangle or an unknown default role is refused,
    not ignored.
    """

    hours = float(auth.get("session_hours", 8))
    if not 0 < hours <= 24 * 30:
        raise ValueError(f"[auth] session_hours must be more than 0 and at most 720, not {hours:g}")
    header = str(auth.get("trusted_user_header", "")).strip()
    if header and not _HEADER_NAME.match(header):
        raise ValueError(f"[auth] trusted_user_header must be letters, digits and dashes, not {header!r}")
    proxies = auth.get("trusted_proxies", [])
    if isinstance(proxies, str) or not isinstance(proxies, list):
        raise ValueError("[auth] trusted_proxies must be a list of addresses, e.g. [\"127.0.0.1\"]")
    for proxy in proxies:
        try:
            ipaddress.ip_network(str(proxy).strip(), strict=False)
        except ValueError:
            raise ValueError(f"[auth] trusted_proxies: {proxy!r} is not an IP address or network") from None
    secure = auth.get("session_cookie_secure", False)
    if not isinstance(secure, bool):
        raise ValueError(f"[auth] session_cookie_secure must be true or false, not {secure!r}")
    role = str(auth.get("trusted_default_role", "")).strip()
    if role and role not in ROLES:
        raise ValueError(f"[auth] trusted_default_role must be one of {', '.join(ROLES)} (or empty), not {role!r}")
    return {
        "users_db": (base / auth.get("users_db", "var/users.sqlite")).resolve(),
        "secret_key_file": (base / auth.get("secret_key_file", "var/secret_key")).resolve(),
        "session_hours": hours,
        "session_cookie_secure": secure,
        "trusted_user_header": header,
        "trusted_proxies": tuple(str(p).strip() for p in proxies),
        "trusted_default_role": role,
    }
