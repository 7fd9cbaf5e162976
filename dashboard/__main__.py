"""``python -m dashboard [--db PATH | --dataset DIR] [--no-warm-up] [streamlit options...]``: run the app with
the options it needs. ``--dataset`` opens the Parquet dataset of ``python -m timeline build`` (read-only) instead
of the SQLite store. Only the host names of ``dashboard.hosts`` are answered (``--allow-host NAME`` adds one).

Static serving must be on (Leaflet is served from dashboard/static/vendor, not a CDN) and usage
statistics off (no calls out). Extra arguments go to ``streamlit run``. While the server starts, a
background thread imports the app's libraries and, if the store is empty, ingests the seeds, so the first
page does not wait for them (``--no-warm-up`` leaves that to the first page).
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard")
    p.add_argument("--db", help="the event store (default: $NEWSMAP_DB, else $XDG_DATA_HOME/newsmap/newsmap.sqlite "
                                "or ~/.local/share/newsmap/newsmap.sqlite)")
    p.add_argument("--dataset", help="a Parquet dataset folder (python -m timeline build --out), opened read-only")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name the dashboard answers to besides localhost, the loopback addresses and "
                        "--server.address (repeatable; also $NEWSMAP_ALLOWED_HOSTS, comma-separated): any other "
                        "name is refused, so a web page cannot reach the dashboard by rebinding its own name")
    p.add_argument("--no-warm-up", action="store_true",
                   help="do not import the app's libraries and seed an empty store while the server starts")
    args, rest = p.parse_known_args(argv)
    if args.db and args.dataset:
        p.error("give --db or --dataset, not both")
    if args.dataset and not (Path(args.dataset) / "_manifest").is_dir():
        print(f"python -m dashboard: {args.dataset}: not a dataset folder of `python -m timeline build`",
              file=sys.stderr)
        return 2
    from streamlit.web import cli as stcli

    from dashboard import backend, hosts, offline_assets, upload_caps
    from dashboard.upload import MAX_UPLOAD_BYTES  # the form's limit, enforced by Streamlit's server too

    offline_assets.sync_assets()
    if args.allow_host:  # the app's own check (dashboard.hosts) reads them from here, in this process
        os.environ[hosts.ENV] = ",".join(filter(None, [os.environ.get(hosts.ENV, ""), *args.allow_host]))
    hosts.install(hosts.allowed_hosts(_option(rest, "--server.address") or "127.0.0.1"))
    upload_caps.install()
    if not args.no_warm_up and not args.dataset:  # a dataset has nothing to seed
        threading.Thread(target=_warm_up, args=(args.db or backend.default_db_path(),), name="newsmap-warm-up",
                         daemon=True).start()
    app = str(Path(__file__).resolve().parent / "app.py")
    # The options of .streamlit/config.toml, so they hold from any folder; the user's own (in ``rest``, after
    # these) win: ``--server.address 0.0.0.0`` shares the dashboard on a network.
    sys.argv = ["streamlit", "run", app, "--server.enableStaticServing", "true",
                "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1",
                "--server.maxUploadSize", str(MAX_UPLOAD_BYTES // (1024 * 1024)),
                "--client.showErrorDetails", "none", "--client.toolbarMode", "viewer", *rest]
    if args.db:
        sys.argv += ["--", "--db", args.db]
    elif args.dataset:
        sys.argv += ["--", "--dataset", args.dataset]
    return stcli.main()


def _option(argv: list[str], name: str) -> str | None:
    """The last value of a Streamlit option among ``argv`` (``--name VALUE`` or ``--name=VALUE``)."""
    value = None
    for k, arg in enumerate(argv):
        if arg == name and k + 1 < len(argv):
            value = argv[k + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def _warm_up(db_path: str) -> None:
    from dashboard import backend

    try:
        backend.warm_up(db_path, Path(__file__).resolve().parent.parent / "seeds")
    except Exception as exc:  # noqa: BLE001 - the app's first run seeds (and reports) the normal way
        print(f"newsmap: warm-up skipped: {' '.join(str(exc).split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
