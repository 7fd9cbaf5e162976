#!/usr/bin/env bash
# Set up (if needed) and start the dashboard on the seed articles at http://localhost:8501
# (the first start ingests seeds/ into data/newsmap.sqlite). Extra arguments go to `python -m dashboard`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m dashboard --server.headless true "$@"
