"""Configuration, loaded once from config.toml into a typed, frozen object."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class Config:
    archive_folders: tuple[Path, ...]
    index_dir: Path
    extract_timeout: float = 120.0
    extract_max_memory_mb: int = 2048
    host: str = "127.0.0.1"
    port: int = 8080
    # The site's address as the public sees it ("https://agendas.example.gov.uk" or with a path
    # prefix): every absolute URL (feeds, JSON links, redirects) is built from it, never from the
    # Host header a client sends. None: built from the request's Host, once it is allowed.
    public_url: str | None = None
    # Host names (optionally name:port) the site answers to; any other Host gets a plain 400.
    # Empty: derived from public_url and host (see webui.hosts.allowed_hosts).
    allowed_hosts: tuple[str, ...] = ()
    # How many reverse proxies in front of the site set X-Forwarded-For/-Proto/-Host/-Port/-Prefix.
    # 0 (default): those headers are ignored, whoever sends them.
    trusted_proxies: int = 0


MAX_TRUSTED_PROXIES = 5
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
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TRUSTED_PROXIES:
        raise ValueError(f"[server] trusted_proxies must be a whole number from 0 to {MAX_TRUSTED_PROXIES} "
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
    return Config(
        archive_folders=tuple((base / f).resolve() for f in archive.get("folders", [])),
        index_dir=(base / index.get("dir", "var/index")).resolve(),
        extract_timeout=float(extract.get("timeout_seconds", 120)),
        extract_max_memory_mb=int(extract.get("max_memory_mb", 2048)),
        host=str(server.get("host", "127.0.0.1")),
        port=_port(server.get("port", 8080)),
        public_url=normalise_public_url(str(server.get("public_url", ""))),
        allowed_hosts=_host_list(server.get("allowed_hosts", [])),
        trusted_proxies=_proxies(server.get("trusted_proxies", 0)),
    )
