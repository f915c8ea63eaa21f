"""Configuration, loaded once from config.toml into a typed, frozen object."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


@dataclass(frozen=True)
class Config:
    archive_folders: tuple[Path, ...]
    index_dir: Path
    extract_timeout: float = 120.0
    extract_max_memory_mb: int = 2048
    host: str = "127.0.0.1"
    port: int = 8080


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
        port=int(server.get("port", 8080)),
    )
