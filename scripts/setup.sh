#!/usr/bin/env bash
# Create .venv and install the pinned requirements (quietly; again only when requirements.txt changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing requirements (first time takes a minute or two)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi
# Country outlines for the offline map (Natural Earth via the npm package world-atlas, ~100 KB).
if [ ! -f dashboard/.vendor/node_modules/world-atlas/countries-110m.json ] && command -v npm >/dev/null; then
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix dashboard/.vendor world-atlas@2.0.2 \
    >/dev/null 2>&1 || echo "setup: npm could not fetch world-atlas; the offline map will have no outlines" >&2
fi
# Build the gazetteer index now rather than on the first request (about 10 s, once).
.venv/bin/python -m geo index >/dev/null
