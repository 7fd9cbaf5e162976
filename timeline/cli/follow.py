"""The ``follow`` subcommand: ``python -m timeline follow FEED... --db DB [--every 15m] [--rounds N]``."""
from __future__ import annotations

import argparse

FOLLOW_HELP = """\
Follow news feeds (RSS 2.0, Atom, news sitemaps): read each feed, fetch each entry not seen before (once),
and save its article in the SQLite store DB as `fetch` does. Feeds are asked with If-None-Match and
If-Modified-Since, so an unchanged feed costs one short answer. The store keeps the feeds followed, when
each was last read and what came in (the dashboard's sidebar lists them).

Without --every: one round. With --every (15m, 30s, 1h): a round, then another every interval, --rounds
times (default: until Ctrl-C). A feed or entry that fails (time-out, 404/410/5xx, redirect loop, not XML or
HTML, over the size limit, not UTF-8) is one line on stderr naming it and the problem; the others go on,
nothing stored is touched, and a later round retries it (the next round after one failure, then every 2nd,
4th, ... round).

Prints one JSON object per round on stdout (a line each): {"round", "seconds", "feeds": [{"url", "status"
(read, unchanged, failed, waiting), "entries", "new", "articles", "skipped", "failed"}], "articles",
"events", "places", "actors", "skipped", "failed"}. Progress on stderr when it is a terminal. Exit 0 when
nothing failed in the last round, 1 when something did, 2 on a usage error; Ctrl-C ends with the summary
of the round under way and exit 130.
"""


def register(subparsers) -> None:
    from timeline.cli.fetch import add_network_flags

    p = subparsers.add_parser("follow", help="follow news feeds and save their new articles in the store",
                              description=FOLLOW_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("feeds", nargs="+", metavar="FEED", help="URL of an RSS, Atom or news sitemap feed")
    add_network_flags(p)
    p.add_argument("--every", metavar="INTERVAL", help="read the feeds again every INTERVAL (15m, 30s, 1h)")
    p.add_argument("--rounds", type=int, metavar="N", help="stop after N rounds (default: 1 without --every, "
                                                             "else until Ctrl-C)")
    p.set_defaults(func=run_follow)


def run_follow(args) -> int:
    import json
    import sys
    import time

    from timeline.cli import PROG, UsageError
    from timeline.cli.fetch import open_reader
    from timeline.cli.ingest import INTERRUPTED
    from timeline.cli.progress import ProgressLine
    from timeline.fetch import FetchError, check_url
    from timeline.follow import Follower, parse_every

    for url in args.feeds:
        try:
            check_url(url)
        except FetchError as e:
            raise UsageError(str(e)) from None
    every = None
    if args.every is not None:
        try:
            every = parse_every(args.every)
        except ValueError:
            raise UsageError(f"--every {args.every}: expected an interval like 30s, 15m, 1h") from None
    if args.rounds is not None and args.rounds < 1:
        raise UsageError(f"--rounds {args.rounds}: must be 1 or more")
    rounds = args.rounds if args.rounds is not None else (1 if every is None else None)
    opened = open_reader(args, "any feed was read")
    if isinstance(opened, int):
        return opened
    store, reader = opened
    bar = ProgressLine(sys.stderr)

    def on_error(line: str) -> None:
        bar.done()
        bar.drawn = False
        print(f"{PROG}: error: {line}", file=sys.stderr)

    status = 0
    with store:
        follower = Follower(args.feeds, reader=reader, progress=bar, on_error=on_error)
        n = 0
        try:
            while rounds is None or n < rounds:
                n += 1
                started = time.monotonic()
                result = follower.round(n)
                bar.done()
                bar.drawn = False
                print(json.dumps(result, ensure_ascii=False), flush=True)
                status = 1 if result["failed"] else 0
                if rounds is not None and n >= rounds:
                    break
                time.sleep(max(0.0, (every or 0.0) - (time.monotonic() - started)))
        except KeyboardInterrupt:
            bar.done()
            result = dict(follower.result(), interrupted=True)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            print(f"{PROG}: error: interrupted (Ctrl-C) in round {n}", file=sys.stderr)
            return INTERRUPTED
    return status
