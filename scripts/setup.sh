#!/usr/bin/env bash
# Create .venv and install agenda-search with its test extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
echo "setup: installing agenda-search and its test tools into .venv …"
# pip's notes about package locations this machine's pip configuration lists but does not have
# are noise to a newcomer: they are dropped, every other message is shown (setuptools' notes on
# editable installs too: PYTHONWARNINGS reaches its build backend)
PYTHONWARNINGS=ignore .venv/bin/python -m pip install --quiet -e ".[test]" 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; }
echo "setup: ready ($(.venv/bin/python --version), agenda-search $(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("agenda-search"))'))"
