"""The ``ingest`` subcommand: ``python -m timeline ingest PATH... --db DB [--published YYYY-MM-DD]``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

INGEST_HELP = """\
Read news articles (.txt, .md with front matter, .html/.htm; directories are searched recursively),
find their places, dates, actors and events, and save them in the SQLite store DB, one transaction per
article. Ingesting an article again replaces what was stored for it.

Prints a JSON summary on stdout: {"db", "articles", "events", "places", "actors", "skipped",
"failed": [{"path", "error"}], "warnings", "store": {table: rows}}. Progress and per-file errors go to
stderr. Exit 0 when every article went in, 1 when some failed, 2 on a usage error; Ctrl-C stops after the
articles stored so far, prints the summary and exits 130.
"""


WORKERS = 2  # analysis processes: a second core nearly doubles the speed (benchmarks/ingest_speed.py)
INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C (128 + SIGINT)


def register(subparsers) -> None:
    from timeline.analysis_pool import MIN_ARTICLES

    p = subparsers.add_parser("ingest", help="analyse article files and save them in the store",
                              description=INGEST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="article file or directory")
    p.add_argument("--db", required=True, metavar="DB", help="SQLite store file (created if missing)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date for every article (overrides the files' own)")
    p.add_argument("--skip-existing", action="store_true",
                   help="leave articles already in the store alone instead of analysing them again")
    p.add_argument("--workers", type=int, default=WORKERS, metavar="N",
                   help=f"analyse in N processes while this one stores (default {WORKERS}; 1: one process); "
                        f"used from {MIN_ARTICLES} files on, each worker needs about 350 MB")
    p.set_defaults(func=run_ingest)


def load_analyser():
    """The real analysis, imported only when the command runs (spaCy and the gazetteer load slowly)."""
    from timeline.events import analyse_article

    return analyse_article


def analyser_or_status(before: str):
    """The analysis (``load_analyser``), or the exit status when it cannot start: 1 when the pipeline cannot be
    loaded, INTERRUPTED on Ctrl-C meanwhile (said as "interrupted (Ctrl-C) before ``before``", e.g. "any article
    was read")."""
    from timeline.cli import PROG

    try:
        return load_analyser()
    except ImportError as e:
        print(f"{PROG}: error: the analysis pipeline cannot be loaded ({e})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted (Ctrl-C) before {before}", file=sys.stderr)
        return INTERRUPTED


def open_store_and_analyser(db: str, before: str):
    """(store, analyse) for a command that analyses articles into the store file ``db``, or its exit status when
    it cannot start (``analyser_or_status``). UsageError for a store it cannot open."""
    from timeline.cli import PROG, UsageError
    from timeline.store import Store, StoreDamaged, StoreError

    analyse = analyser_or_status(before)
    if isinstance(analyse, int):
        return analyse
    try:
        store = Store.open(db)
    except StoreDamaged:
        raise  # the file's fault, not the command line's: exit 1
    except StoreError as e:
        raise UsageError(f"--db {e}") from None
    except KeyboardInterrupt:
        print(f"{PROG}: error: interrupted (Ctrl-C) before {before}", file=sys.stderr)
        return INTERRUPTED
    return store, analyse


def run_ingest(args) -> int:
    from articles import InputError, parse_date
    from timeline.cli import PROG, UsageError
    from timeline.cli.progress import ProgressLine
    from timeline.cli.writable import check_writable
    from timeline.ingest import find_article_files, ingest

    try:
        published = parse_date(args.published, what="--published date") if args.published is not None else None
    except InputError as e:
        raise UsageError(str(e)) from None
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    if not find_article_files(args.paths):
        raise UsageError(f"no article files (.txt, .md, .html, .htm) under {', '.join(args.paths)}")
    if Path(args.db).is_dir():
        raise UsageError(f"--db {args.db}: is a directory, not a database file")
    check_writable(Path(args.db))  # before the model loads and any article is analysed
    opened = open_store_and_analyser(args.db, "any article was read")
    if isinstance(opened, int):
        return opened
    store, analyse = opened
    bar = ProgressLine(sys.stderr)
    with store:
        report = ingest(args.paths, store=store, analyse=analyse, published=published, progress=bar,
                        skip_existing=args.skip_existing, workers=args.workers)
        bar.done()
        summary = {"db": str(args.db), **report.to_dict(), "store": store.count()}
    for path, message in report.failed:
        print(f"{PROG}: error: {message}", file=sys.stderr)
    for message in report.warnings:
        print(f"warning: {message}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if report.interrupted:
        return INTERRUPTED
    return 0 if report.ok else 1
