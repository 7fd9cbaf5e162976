#!/usr/bin/env bash
# Set up (if needed) and start the dashboard on the seed articles at http://127.0.0.1:8501
# (the first start ingests seeds/ into the store: $NEWSMAP_DB, else $XDG_DATA_HOME/newsmap/newsmap.sqlite, else
# ~/.local/share/newsmap/newsmap.sqlite; outside the checkout). Extra arguments go to `python -m dashboard`;
# the Streamlit options it needs (headless, loopback, static serving, no usage statistics) are in
# .streamlit/config.toml, read because this runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m dashboard "$@"
