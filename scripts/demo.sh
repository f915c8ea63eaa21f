#!/usr/bin/env bash
# Set everything up, index the bundled sample archive and serve the web UI.
# Until the index and serve commands exist (issues 3 and 4), it prints the parsed
# structure of every bundled pack instead, so the command always does real work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if .venv/bin/agenda-search index --help >/dev/null 2>&1 && .venv/bin/agenda-search serve --help >/dev/null 2>&1; then
  .venv/bin/agenda-search index
  exec .venv/bin/agenda-search serve
fi
for f in samples/text/* samples/pdf/*.pdf; do
  .venv/bin/agenda-search parse "$f" || true
  echo
done
echo "(index and web UI not built yet: this run shows what the parser reads from each pack)"
