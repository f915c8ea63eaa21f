"""Configuration, loaded once from config.toml into a typed, frozen object."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

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
    extract_per_page_seconds: float = 1.0
    extract_max_seconds: float = 7200.0
    extract_max_pages: int = 20_000

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.extract_timeout, self.extract_per_page_seconds, self.extract_max_seconds,
                         self.extract_max_pages)


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
    config = Config(
        archive_folders=tuple((base / f).resolve() for f in archive.get("folders", [])),
        index_dir=(base / index.get("dir", "var/index")).resolve(),
        extract_timeout=float(extract.get("timeout_seconds", 120)),
        extract_max_memory_mb=int(extract.get("max_memory_mb", 2048)),
        host=str(server.get("host", "127.0.0.1")),
        port=int(server.get("port", 8080)),
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
