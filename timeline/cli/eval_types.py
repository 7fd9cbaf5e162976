"""The ``eval-types`` subcommand: PLOVER event types and source actors against gold sentences."""
from __future__ import annotations

import json
import sys
import time


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "eval-types", help="score event types and source actors on PLOVER-style gold JSONL",
        description='Each {"id", "published", "text", "event", "event_words", "source"} line is one article; the '
                    "event holding the first event word is scored: type accuracy, the share whose actors "
                    "include a gold source actor, the majority-class reference, per-type confusions. Table on "
                    "stderr, JSON figures on stdout.")
    p.add_argument("corpus", metavar="CORPUS.jsonl", nargs="+", help="one gold file; several with --cv")
    p.add_argument("--halves", action="store_true", help="also score the first and second half of the records")
    p.add_argument("--cv", type=int, metavar="K", help="also type each record by a model fitted on the other K-1 "
                   "folds of all the files given (timeline.evaluation.type_train), beside the shipped model's figure")
    p.add_argument("--l2", metavar="X[,Y...]", help="with --cv: the L2 penalties to try (default: the shipped one)")
    p.add_argument("--errors", metavar="FILE", help="write every sentence typed or attributed wrong as JSON lines")
    p.set_defaults(func=run_eval_types)


def read_type_gold(path: str) -> list[tuple[dict, object]]:
    from timeline.cli import UsageError
    from articles.jsonl import read_article_lines

    try:
        with open(path, encoding="utf-8") as fh:
            items = list(read_article_lines(fh))
    except OSError as exc:
        raise UsageError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    out = []
    for item in items:
        if item.article is None:
            raise UsageError(f"{path}:{item.lineno}: {item.error}")
        anchored = item.record.get("event_words") or item.record.get("source_span") or item.record.get("target_span")
        if not isinstance(item.record.get("event"), str) or not anchored:
            raise UsageError(f'{path}:{item.lineno}: a gold line needs "event" and "event_words" (or "source_span" '
                             f'and "target_span")')
        out.append((item.record, item.article))
    return out


def run_eval_types(args) -> int:
    from timeline.events import default_pipeline
    from timeline.evaluation.types import figures, score_case, table

    if args.cv is not None:
        from timeline.cli.train_types import run_cv

        return run_cv(args)
    if len(args.corpus) > 1:
        from timeline.cli import UsageError

        raise UsageError("several corpora are scored together only with --cv")
    args.corpus = args.corpus[0]
    gold = read_type_gold(args.corpus)
    pipeline = default_pipeline()
    started = time.perf_counter()
    cases = []
    for k, (record, article) in enumerate(gold, 1):
        cases.append(score_case(record, pipeline.analyse(article).events))
        if k % 50 == 0 or k == len(gold):
            print(f"analysed {k}/{len(gold)} sentences", file=sys.stderr, flush=True)
    result = {"seconds": round(time.perf_counter() - started, 1), **figures(cases)}
    print(table(result, title=args.corpus), file=sys.stderr)
    if args.halves:
        half = (len(cases) + 1) // 2
        result["halves"] = {"first": figures(cases[:half]), "second": figures(cases[half:])}
        for name, figs in result["halves"].items():
            print(table(figs, title=f"{name} half"), file=sys.stderr)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            for c in cases:
                if not (c.type_hit and c.actor_hit):
                    fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
