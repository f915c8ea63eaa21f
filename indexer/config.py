"""Configuration, loaded once from config.toml into a typed, frozen object."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.restriction import Override

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class Config:
    archive_folders: tuple[Path, ...]
    index_dir: Path
    extract_timeout: float = 120.0
    extract_max_memory_mb: int = 2048
    host: str = "127.0.0.1"
    port: int = 8080
    access_overrides: tuple[Override, ...] = ()  # [[access.override]]: per-item restriction, last word


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
    access = raw.get("access", {})
    return Config(
        archive_folders=tuple((base / f).resolve() for f in archive.get("folders", [])),
        index_dir=(base / index.get("dir", "var/index")).resolve(),
        extract_timeout=float(extract.get("timeout_seconds", 120)),
        extract_max_memory_mb=int(extract.get("max_memory_mb", 2048)),
        host=str(server.get("host", "127.0.0.1")),
        port=int(server.get("port", 8080)),
        access_overrides=_overrides(access.get("override")),
    )
