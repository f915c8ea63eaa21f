#!/usr/bin/env bash
# Full-size crash-safety and serving-while-indexing checks (the CI versions run in the normal suite).
#
#   bash scripts/crash_safety.sh
#
# FULL=1 makes tests/test_crash_safety.py add every bundled sample pack to its archive, kill the
# real `agenda-search index` at every pass of the crash points it reaches plus 30 timed moments,
# and tests/test_serving_while_indexing.py serve 6 clients over 4 rounds of additions and
# corrections. Figures are printed: kills / indexes that opened and answered / recovered exactly,
# and requests served / errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
FULL=1 .venv/bin/python -m pytest -q -s -p no:cacheprovider \
  tests/test_crash_safety.py tests/test_serving_while_indexing.py "$@"
