#!/usr/bin/env bash
# Install Debian's Chromium and its WebDriver for the browser tests. Idempotent:
# does nothing when both are already there. Never downloads a browser from the
# web: only the distribution's packages, through apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-browser.sh: $CHROMIUM or $DRIVER is missing and I am not root (no sudo) to install them." >&2
    echo "install-browser.sh: run: apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi

echo "install-browser.sh: installing chromium and chromium-driver with apt-get (this can take a few minutes)…" >&2
export DEBIAN_FRONTEND=noninteractive
# apt can be slow on a fresh machine: be patient (retries, generous timeouts), but not silent.
APT_OPTS=(-o Acquire::Retries=5 -o Acquire::http::Timeout=120 -o DPkg::Lock::Timeout=600)
for attempt in 1 2 3; do
  if $SUDO apt-get "${APT_OPTS[@]}" update \
     && $SUDO apt-get "${APT_OPTS[@]}" install -y --no-install-recommends chromium chromium-driver; then
    break
  fi
  echo "install-browser.sh: apt-get failed (attempt $attempt of 3); retrying in 10 s…" >&2
  sleep 10
done

if [ ! -x "$CHROMIUM" ] || [ ! -x "$DRIVER" ]; then
  echo "install-browser.sh: FAILED to install chromium / chromium-driver; the browser tests cannot run." >&2
  echo "install-browser.sh: expected $CHROMIUM and $DRIVER to exist after 'apt-get install chromium chromium-driver'." >&2
  exit 1
fi
echo "install-browser.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed." >&2
