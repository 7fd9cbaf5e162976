"""The ``fetch`` subcommand: ``python -m timeline fetch URL... (--db DB | --out DATASET) [--allow-private]``."""
from __future__ import annotations

import argparse

FETCH_HELP = """\
Fetch news pages by their links, read each as an HTML article (title, outlet, publication date, text: the
same reading as `ingest` gives an .html file), find its places, dates, actors and events, and save it in
the SQLite store DB, or commit it to the Parquet dataset DATASET (as `import --out` does; created, or added
to). A link already stored (the same canonical URL, or the same text under another URL) is skipped, not
stored twice.

Only http and https; a link to a private, loopback or link-local address (checked for every request and
redirect, after DNS) is refused unless --allow-private. robots.txt is respected, with a delay between two
requests to one host.

Prints a JSON summary on stdout: {"db" | "dataset", "articles", "events", "places", "actors", "skipped": [{"url",
"reason"}], "failed": [{"url", "error"}], "links": [{"url", "status", "article_id", "title", "events"}],
"store": {table: rows} (with --db)}. Each link that fails is one line on stderr naming it and the problem; the others
go on. Exit 0 when every link went in (or was already there), 1 when some failed, 2 on a usage error;
Ctrl-C stops, prints the summary and exits 130.
"""


def add_network_flags(p, *, dataset: bool = False) -> None:
    """The flags `fetch` and `follow` share; with ``dataset`` --out DATASET is offered beside --db."""
    from timeline.analysis_pool import MIN_ARTICLES

    if dataset:
        where = p.add_mutually_exclusive_group(required=True)
        where.add_argument("--db", metavar="DB", help="SQLite store file (created if missing)")
        where.add_argument("--out", metavar="DATASET", help="Parquet dataset folder (created, or added to)")
    else:
        p.add_argument("--db", required=True, metavar="DB", help="SQLite store file (created if missing)")
    p.add_argument("--allow-private", action="store_true",
                   help="also fetch from private, loopback and link-local addresses (a reader's intranet)")
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                   help="time limit of one request, body included (default 15)")
    p.add_argument("--host-delay", type=float, default=1.0, metavar="SECONDS",
                   help="seconds between two requests to one host (default 1; robots.txt's Crawl-delay "
                        "when longer)")
    p.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt (your own sites only)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="analyse in N processes while this one stores (default 2; 1: one process); used from "
                        f"{MIN_ARTICLES} new links on, each worker needs about 350 MB")


def register(subparsers) -> None:
    p = subparsers.add_parser("fetch", help="fetch news pages by link and save their articles in the store",
                              description=FETCH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("urls", nargs="+", metavar="URL", help="link to a news page (http or https)")
    add_network_flags(p, dataset=True)
    p.set_defaults(func=run_fetch)


def open_reader(args, before: str):
    """(store, LinkReader) for the flags of add_network_flags, or the exit status when it cannot start
    (``before``: what had not begun at a Ctrl-C); UsageError on a bad --db, --out or flag. With --out the store
    is a ``DatasetSink`` (the reader keeps its articles there): close it to commit the rest."""
    from pathlib import Path

    from timeline.cli import UsageError
    from timeline.cli.ingest import analyser_or_status, open_store_and_analyser
    from timeline.cli.writable import check_writable
    from timeline.fetch import Fetcher
    from timeline.follow import HostPacer, LinkReader

    if not args.timeout > 0:
        raise UsageError(f"--timeout {args.timeout:g}: must be more than 0 seconds")
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    if not args.host_delay >= 0:
        raise UsageError(f"--host-delay {args.host_delay:g}: must be 0 seconds or more")
    out = getattr(args, "out", None)
    if out is None:
        if Path(args.db).is_dir():
            raise UsageError(f"--db {args.db}: is a directory, not a database file")
        check_writable(Path(args.db))
        opened = open_store_and_analyser(args.db, before)
        if isinstance(opened, int):
            return opened
        store, analyse = opened
        sink = None
    else:
        from timeline.fetch_dataset import DatasetSink

        analyse = analyser_or_status(before)
        if isinstance(analyse, int):
            return analyse
        store = sink = DatasetSink(Path(out))  # UsageError: a file, not a dataset, another writer
    fetcher = Fetcher(allow_private=args.allow_private, timeout=args.timeout)
    return store, LinkReader(store=None if sink else store, sink=sink, analyse=analyse, fetcher=fetcher,
                             pacer=HostPacer(args.host_delay), respect_robots=not args.ignore_robots,
                             analysis_workers=args.workers)


def run_fetch(args) -> int:
    import json
    import sys

    from timeline.cli import PROG, UsageError
    from timeline.cli.ingest import INTERRUPTED
    from timeline.cli.progress import ProgressLine
    from timeline.fetch import FetchError, check_url
    from timeline.follow import Summary

    bad = []
    for url in args.urls:
        try:
            check_url(url)
        except FetchError as e:
            bad.append(str(e))
    if bad and len(bad) == len(args.urls):
        raise UsageError(bad[0])
    opened = open_reader(args, "any link was fetched")
    if isinstance(opened, int):
        return opened
    store, reader = opened
    bar = ProgressLine(sys.stderr)
    summary = Summary()
    links: list[dict] = []

    def each(r) -> None:
        summary.add(r)
        links.append(r.to_dict())
        if r.status == "failed":
            bar.done()
            bar.drawn = False
            print(f"{PROG}: error: {r.reason}", file=sys.stderr)

    with store:
        try:
            reader.read_all(args.urls, progress=bar, each=each)
        except KeyboardInterrupt:
            summary.interrupted = True
        bar.done()
        counts = {"store": store.count()} if args.db is not None else {}  # a dataset commits as it closes
    where = {"db": str(args.db)} if args.db is not None else {"dataset": str(args.out)}
    out = {**where, **summary.to_dict(), "links": links, **counts}
    if summary.interrupted:
        print(f"{PROG}: error: interrupted (Ctrl-C): {len(links)} of {len(args.urls)} links done",
              file=sys.stderr)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    if summary.interrupted:
        return INTERRUPTED
    return 1 if summary.failed else 0
