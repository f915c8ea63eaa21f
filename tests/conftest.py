"""Shared fixtures: one real index of the bundled sample archive per test session.

Building it parses every bundled pack (text and PDF) through the real extractor and writer,
so every search, CLI and website test runs against what users would get.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """Index directory holding every bundled sample pack (built once per session)."""
    from indexer.writer import index_paths

    index_dir = tmp_path_factory.mktemp("sample-index")
    summary = index_paths([SAMPLES / "text", SAMPLES / "pdf"], index_dir, timeout=120)
    assert not summary.failed, summary.failed
    _SAMPLE_INDEX[:] = [index_dir]
    return index_dir


@pytest.fixture(scope="session")
def engine(sample_index):
    """The real search service over the sample index (shared, read-only)."""
    from search.engine import open_service

    service = open_service(sample_index)
    yield service
    service.close()


# --------------------------------------------------------------------------- website fixtures


@pytest.fixture(scope="session")
def sample_config(sample_index):
    """A Config whose index is the shared sample index (archive: the bundled samples)."""
    from core.config import Config

    return Config(archive_folders=(SAMPLES / "text", SAMPLES / "pdf"), index_dir=sample_index)


@pytest.fixture(scope="session")
def sample_app(sample_config, sample_index):
    """The real website over the real engine and the sample index (service opened per request, for
    the request's audience: the app's own default factory)."""
    from webui.app import create_app, default_service_factory

    app = create_app(sample_config, service_factory=default_service_factory(sample_config))
    app.testing = True
    return app


def sample_item_id(source: str, item: str, index_dir: Path | None = None) -> str:
    """The index id of item `item` of the bundled sample file `source` in the sample index (or
    `index_dir`): "<paper>:<item>", the paper being the meeting's slug as the registry records it."""
    import json

    from core.generations import current_path
    from core.schema import REGISTRY_FILE

    folder = index_dir or _SAMPLE_INDEX[0]
    registry = json.loads((current_path(folder) / REGISTRY_FILE).read_text(encoding="utf-8"))
    papers = [p["paper"] for p in registry["packs"].values() if Path(p["path"]).name == source]
    assert len(papers) == 1, (source, papers)
    return f"{papers[0]}:{item}"


_SAMPLE_INDEX: list[Path] = []  # the session's sample index, for sample_item_id
