"""The ``dates`` subcommand: temporal expressions of one article (or of JSON lines) as TIMEX records."""
from __future__ import annotations

import argparse
import json
import sys

DATES_HELP = """\
Find temporal expressions and normalise them against the publication date.

FILE mode prints {"timexes": [TIMEX, ...]}. If FILE starts with YAML front matter (---\\n...\\n---\\n),
the front matter is stripped and offsets are into the BODY after it; its `published:` field is used when
--published is not given. --jsonl reads {"id", "text", "published"} lines on stdin and prints one
{"id", "timexes"} line per input; unreadable lines are reported on stderr with their line number (exit 1).
Without any publication date, relative expressions are found but left unresolved (value null).
TIMEX = {"text", "start", "end", "type", "value", "earliest", "latest", "precision"}.
"""


def register(subparsers) -> None:
    p = subparsers.add_parser("dates", help="tag temporal expressions (TIMEX3)", description=DATES_HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", metavar="FILE", help="UTF-8 text or Markdown file")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (overrides front matter)")
    p.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin instead of FILE")
    p.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE",
                   help="tagger setting (see timeline/timex/settings.py), e.g. DATE_ORDER=DMY")
    p.set_defaults(func=run_dates)


def run_dates(args) -> int:
    from timeline.cli import UsageError
    from timeline.cli.tagger_settings import tagger_settings
    from articles import InputError, parse_date, read_article

    settings = tagger_settings(args.setting)
    try:
        published = parse_date(args.published, what="--published date") if args.published is not None else None
        if args.jsonl:
            if args.file:
                raise UsageError("give either FILE or --jsonl (stdin), not both")
            return _dates_jsonl(sys.stdin, published, settings)
        if not args.file:
            raise UsageError("missing FILE (or use --jsonl to read stdin)")
        article = read_article(args.file, published=published, any_suffix=True)
        body, published = article.text, article.published
    except InputError as e:
        raise UsageError(str(e)) from None
    from timeline.timex import tag_dates, unresolved

    timexes = tag_dates(body, published, settings=settings)
    if published is None:
        n = len(unresolved(timexes))
        print(f"warning: no publication date (--published or front matter 'published:'); "
              f"{n} relative expression(s) left unresolved", file=sys.stderr)
    json.dump({"timexes": [t.to_dict() for t in timexes]}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _dates_jsonl(stream, default_published, settings) -> int:
    from articles.jsonl import BadLine, read_lines
    from timeline.timex import tag_dates

    bad = 0
    for item in read_lines(getattr(stream, "buffer", stream)):  # bytes, decoded line by line
        if isinstance(item, BadLine):
            bad += 1
            print(f"line {item.lineno}: skipped: {item.message}", file=sys.stderr, flush=True)
            continue
        published = item.published or default_published
        if published is None:
            print(f"line {item.lineno}: warning: no publication date, relative expressions unresolved",
                  file=sys.stderr)
        out = {"id": item.id, "timexes": [t.to_dict() for t in tag_dates(item.text, published, settings=settings)]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if bad else 0
