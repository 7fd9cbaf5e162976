"""The ``events`` subcommand: one article in, its events and actors out (JSON, CSV or GeoJSON)."""
from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "events", help="events of one article: when, where, who, what",
        description='Prints {"article", "events": [EVENT...], "actors": [ACTOR...]} (README.md). FILE is .txt, '
                    '.md with front matter (title, source, url, published) or .html. Without any publication '
                    'date relative dates stay unresolved and a warning is printed. --jsonl reads {"id", "text", '
                    '"published"} lines on stdin and prints one {"id", "article", "events", "actors"} line per '
                    'input as soon as it is done (the models are loaded once); a bad line is reported on stderr '
                    'with its line number and the others go on (exit 1 if any was bad).')
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin instead of FILE")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (overrides the file's)")
    p.add_argument("--format", choices=("json", "csv", "geojson"), default="json",
                   help="json (default, the contract), or the events as CSV or GeoJSON")
    p.set_defaults(func=run_events)


def run_events(args) -> int:
    from articles import InputError, parse_date, read_article
    from timeline.cli import UsageError

    if args.jsonl == bool(args.file):
        raise UsageError("give either FILE or --jsonl (lines on stdin), not both or neither")
    try:
        published = parse_date(args.published, what="--published") if args.published is not None else None
        if args.jsonl:
            if args.format != "json":
                raise UsageError("--jsonl prints JSON lines; --format does not apply")
            return _events_jsonl(sys.stdin, published)
        article = read_article(args.file, published=published)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    from timeline.events import analyse_article

    analysis = analyse_article(article)
    for warning in analysis.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        # one write: json.dump writes each of the document's ~40 pieces per event by itself
        sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0
    from timeline.export import to_csv, to_geojson

    from timeline.records import StoredEvent

    a = analysis.article
    rows = [StoredEvent(event=e, article_title=a.title, source=a.source, url=a.url, published=a.published)
            for e in analysis.events]
    data = to_csv(rows) if args.format == "csv" else to_geojson(rows)
    sys.stdout.write(data.decode("utf-8"))
    return 0


def _events_jsonl(stream, default_published) -> int:
    """One result line per input line, flushed at once, so a caller can stream hundreds of short texts."""
    from timeline.cli.article_lines import ArticleLines
    from timeline.events import default_pipeline

    lines = ArticleLines(stream, default_published)
    pipeline = None  # loaded on the first good line: a stream of bad lines needs no model
    for item in lines:
        pipeline = pipeline or default_pipeline()
        analysis = pipeline.analyse(item.article)
        for warning in analysis.warnings:
            print(f"line {item.lineno}: warning: {warning}", file=sys.stderr)
        sys.stdout.write(json.dumps({"id": item.id, **analysis.to_dict()}, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if lines.bad else 0
