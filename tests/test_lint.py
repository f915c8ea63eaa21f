"""The packages type-check and lint clean (config in pyproject.toml): a typo in a rarely used
branch, an import against the layering's order or a swallowed exception is caught here, not by
a user."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "indexer", "search", "webui", "cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_errors_in_the_packages():
    proc = _run("mypy", "--no-incremental", *PACKAGES)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_ruff_finds_nothing_in_the_packages():
    proc = _run("ruff", "check", "--no-cache", *PACKAGES)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
