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
    from indexer.config import Config

    return Config(archive_folders=(SAMPLES / "text", SAMPLES / "pdf"), index_dir=sample_index)


@pytest.fixture(scope="session")
def sample_app(sample_config, sample_index):
    """The real website over the real engine and the sample index (service opened per request, for
    the request's audience: the app's own default factory)."""
    from webui.app import create_app, default_service_factory

    app = create_app(sample_config, service_factory=default_service_factory(sample_config))
    app.testing = True
    return app


def sample_item_id(source: str, item: str) -> str:
    """The index id of item `item` of the bundled sample file `source` (ids derive from the sha256)."""
    from indexer.documents import file_sha256, pack_id_for

    path = SAMPLES / ("pdf" if source.lower().endswith(".pdf") else "text") / source
    return f"{pack_id_for(file_sha256(path))}:{item}"
