#!/usr/bin/env bash
# Set everything up, index the bundled sample archive (samples/) and serve the web UI.
# The server prints its URL (http://127.0.0.1:8080/ by default); Ctrl+C stops it.
# Indexing is incremental: a second run only checks the files and starts at once.
#   PORT=9000 bash scripts/demo.sh     serve on another port
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/agenda-search index samples/text samples/pdf
exec .venv/bin/agenda-search serve ${PORT:+--port "$PORT"}
