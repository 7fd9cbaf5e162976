#!/usr/bin/env bash
# Create .venv and install the project into it, editable, with its test tools: pip install -e ".[test]"
# (quietly; again only when pyproject.toml or a requirements file changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PY" -m venv .venv
fi
stamp=.venv/.newsmap-install.sha
want=$(cat pyproject.toml requirements.txt requirements-test.txt | sha256sum | cut -d' ' -f1)
# The stamp alone is not enough: a .venv copied or shared from another checkout may hold the stamp while
# its editable install points there (-I: the packages as installed, not as found in the current directory).
installed=$(.venv/bin/python -I -c 'import os, articles, dashboard, geo, timeline; print(os.path.realpath(geo.__file__))' \
  2>/dev/null || true)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ "$installed" != "$(pwd -P)/geo/__init__.py" ]; then
  echo "setup: installing the project and its pinned requirements (first time takes a minute or two)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$want" > "$stamp"
fi
# Country outlines for the offline map (Natural Earth via the npm package world-atlas, ~100 KB).
if [ ! -f dashboard/.vendor/node_modules/world-atlas/countries-110m.json ] && command -v npm >/dev/null; then
  for attempt in 1 2 3; do  # a registry hiccup is common on a busy first install: try again before going without
    if npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix dashboard/.vendor \
        world-atlas@2.0.2 >/dev/null 2>&1; then break; fi
    if [ "$attempt" = 3 ]; then
      echo "setup: npm could not fetch world-atlas; the offline map will have no outlines" >&2
    else
      sleep 3
    fi
  done
fi
# The map's Leaflet files and outlines into dashboard/static/vendor, where Streamlit serves them: written here,
# so the app only checks them at start and a checkout made read-only afterwards still starts.
.venv/bin/python -m dashboard.offline_assets >/dev/null
# Build the gazetteer index now rather than on the first request (about 10 s, once).
.venv/bin/python -m geo index >/dev/null
