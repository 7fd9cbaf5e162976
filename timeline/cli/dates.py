"""The ``dates`` and ``eval-dates`` subcommands."""
from __future__ import annotations

import argparse
import json
import sys
import time

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

    e = subparsers.add_parser("eval-dates", help="score the tagger on TempEval-3-style gold JSONL",
                              description="Score against gold {id, published, text, timexes} lines: relaxed "
                                          "and strict P/R/F1, value and type accuracy, value F1. Table on "
                                          "stderr, JSON figures on stdout.")
    e.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
    e.add_argument("--errors", metavar="FILE", help="write every mismatch as JSON lines (error analysis)")
    e.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE")
    e.set_defaults(func=run_eval)


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _settings(pairs: list[str]):
    from timeline.cli import UsageError
    from timeline.timex.settings import SETTINGS, SettingsError, TimexSettings

    out = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep:
            raise UsageError(f"--setting {pair!r}: expected KEY=VALUE")
        kind = SETTINGS.get(key, (str,))[0]
        if kind is bool:
            flag = raw.strip().lower()
            if flag not in _TRUE | _FALSE:
                raise UsageError(f"--setting {key}: expected true or false, got {raw!r}")
            out[key] = flag in _TRUE
        else:
            out[key] = raw
    try:
        return TimexSettings.from_mapping(out)
    except SettingsError as e:
        raise UsageError(str(e)) from None


def run_dates(args) -> int:
    from timeline.cli import UsageError
    from articles import InputError, parse_date, read_article

    settings = _settings(args.setting)
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


def run_eval(args) -> int:
    from timeline.timex import tag_dates
    from articles import InputError, parse_date
    from timeline.evaluation.gold import read_gold
    from timeline.timex.evaluation import figures, score_doc, table, total

    settings = _settings(args.setting)
    docs = read_gold(args.corpora)
    counts, per_corpus = [], {}
    t0 = time.perf_counter()
    tty = sys.stderr.isatty()
    for k, (path, d) in enumerate(docs, 1):
        try:
            pub = parse_date(d["published"]) if d.get("published") else None
        except InputError:
            pub = None
        pred = [t.to_dict() for t in tag_dates(d["text"], pub, settings=settings)]
        c = score_doc(d.get("id", str(k)), d.get("timexes", []), pred)
        counts.append(c)
        per_corpus.setdefault(path, []).append(c)
        if tty or k % 50 == 0 or k == len(docs):
            print(f"\rtagged {k}/{len(docs)} documents", end="" if tty and k < len(docs) else "\n",
                  file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0
    all_counts = total(counts)
    result = {"documents": len(docs), "seconds": round(elapsed, 2), **figures(all_counts)}
    if len(per_corpus) > 1:
        result["by_corpus"] = {p: figures(total(cs)) for p, cs in per_corpus.items()}
        for p, cs in per_corpus.items():
            print(table(result["by_corpus"][p], title=p), file=sys.stderr)
    print(table(figures(all_counts), title=f"ALL ({len(docs)} documents, {elapsed:.1f}s)"), file=sys.stderr)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            for doc_id, g, p in all_counts.errors:
                f.write(json.dumps({"id": doc_id, "gold": g, "pred": p}, ensure_ascii=False) + "\n")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
