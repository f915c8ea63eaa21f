#!/usr/bin/env bash
# Set everything up, index the bundled sample archive and serve the web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/agenda-search index
exec .venv/bin/agenda-search serve
