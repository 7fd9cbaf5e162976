"""``python -m dashboard [--db PATH] [--port N] [streamlit options...]``: run the app with the options it needs.

Static serving must be on (Leaflet is served from dashboard/static/vendor, not a CDN) and usage
statistics off (no calls out). Extra arguments go to ``streamlit run``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard")
    p.add_argument("--db", help="the event store (default: $NEWSMAP_DB or data/newsmap.sqlite)")
    args, rest = p.parse_known_args(argv)
    from streamlit.web import cli as stcli

    from dashboard import offline_assets

    offline_assets.sync_assets()
    app = str(Path(__file__).resolve().parent / "app.py")
    sys.argv = ["streamlit", "run", app, "--server.enableStaticServing", "true",
                "--browser.gatherUsageStats", "false", *rest]
    if args.db:
        sys.argv += ["--", "--db", args.db]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main())
