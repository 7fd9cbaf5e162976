"""The ``events`` subcommand: one article in, its events and actors out (JSON, CSV or GeoJSON)."""
from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "events", help="events of one article: when, where, who, what",
        description='Prints {"article", "events": [EVENT...], "actors": [ACTOR...]} (README.md). FILE is .txt, '
                    '.md with front matter (title, source, url, published) or .html. Without any publication '
                    'date relative dates stay unresolved and a warning is printed.')
    p.add_argument("file", metavar="FILE")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (overrides the file's)")
    p.add_argument("--format", choices=("json", "csv", "geojson"), default="json",
                   help="json (default, the contract), or the events as CSV or GeoJSON")
    p.set_defaults(func=run_events)


def run_events(args) -> int:
    from articles import InputError, parse_date, read_article
    from timeline.cli import UsageError

    try:
        published = parse_date(args.published, what="--published") if args.published is not None else None
        article = read_article(args.file, published=published)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    from timeline.events import analyse_article

    analysis = analyse_article(article)
    for warning in analysis.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        json.dump(analysis.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from timeline.export import to_csv, to_geojson

    from timeline.model import StoredEvent

    a = analysis.article
    rows = [StoredEvent(event=e, article_title=a.title, source=a.source, url=a.url, published=a.published)
            for e in analysis.events]
    data = to_csv(rows) if args.format == "csv" else to_geojson(rows)
    sys.stdout.write(data.decode("utf-8"))
    return 0
