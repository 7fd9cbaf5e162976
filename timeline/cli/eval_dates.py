"""The ``eval-dates`` subcommand: the date tagger scored on TempEval-3-style gold JSON lines."""
from __future__ import annotations

import json
import sys
import time


def register(subparsers) -> None:
    e = subparsers.add_parser("eval-dates", help="score the tagger on TempEval-3-style gold JSONL",
                              description="Score against gold {id, published, text, timexes} lines: relaxed "
                                          "and strict P/R/F1, value and type accuracy, value F1. Table on "
                                          "stderr, JSON figures on stdout.")
    e.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
    e.add_argument("--errors", metavar="FILE", help="write every mismatch as JSON lines (error analysis)")
    e.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE")
    e.set_defaults(func=run_eval)


def run_eval(args) -> int:
    from timeline.cli.tagger_settings import tagger_settings
    from timeline.timex import tag_dates
    from articles import InputError, parse_date
    from timeline.evaluation.gold import read_gold
    from timeline.timex.evaluation import figures, score_doc, table, total

    settings = tagger_settings(args.setting)
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
