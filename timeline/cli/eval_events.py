"""The ``eval-events`` subcommand: event dates scored against TimeML anchors, beside the nearest-date baseline."""
from __future__ import annotations

import json
import sys
import time

HELP = """\
Score the events' dates against gold {id, published, text, anchors} lines (../shared/eval/README.md,
"events/"): for each anchor, the smallest event holding the word must have a date inside the gold one.
Per part (anchors to a date of the text, anchors to the publication date) it prints the share dated right,
the nearest-date baseline from the same tagger (the date of the sentence nearest to the word, else the
publication date), the share with no event around the word, and events per article, for the whole file and
for its two halves (by document). Lines without anchors count for events per article only.
Table on stderr, JSON figures on stdout.
"""


def register(subparsers) -> None:
    import argparse

    p = subparsers.add_parser("eval-events", help="score event dates against TimeML anchors",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
    p.add_argument("--errors", metavar="FILE", help="write every anchor dated wrong as JSON lines")
    p.set_defaults(func=run_eval_events)


def _read_corpora(paths) -> list[dict]:
    from timeline.evaluation.gold import read_gold

    return [doc for _path, doc in read_gold(paths)]


def _published(doc: dict):
    from articles import iso_day

    return iso_day(doc.get("published"))


def _baseline(doc, analysis, anchors, published):
    """The nearest-date baseline's day range for each anchor, from the analysis' own timexes."""
    from timeline.evaluation.events import date_range, nearest_date

    out = []
    for a in anchors:
        sent = next((s for s in doc.sents if s.start_char <= a["start"] < s.end_char), None)
        tx = nearest_date(analysis.timexes, (sent.start_char, sent.end_char), a["start"], a["end"]) if sent else None
        out.append(date_range(tx) if tx is not None else (published, published) if published else None)
    return out


def run_eval_events(args) -> int:
    from timeline.evaluation.events import figures, score_document, table
    from timeline.events import default_pipeline
    from timeline.records import Article

    docs = _read_corpora(args.corpora)
    pipeline = default_pipeline()
    scores = []
    t0 = time.perf_counter()
    tty = sys.stderr.isatty()
    for k, d in enumerate(docs, 1):
        published = _published(d)
        article = Article(text=d["text"], title=str(d.get("id", k)), published=published)
        doc = pipeline.parse(article)
        analysis = pipeline.analyse(article, doc=doc)
        anchors = d.get("anchors") or []
        scores.append(score_document(anchors, analysis.events, _baseline(doc, analysis, anchors, published),
                                     doc_id=str(d.get("id", k))))
        if tty or k % 50 == 0 or k == len(docs):
            print(f"\ranalysed {k}/{len(docs)} documents", end="" if tty and k < len(docs) else "\n",
                  file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0
    half = len(scores) // 2
    result = dict(figures(scores), seconds=round(elapsed, 1),
                  halves=[figures(scores[:half]), figures(scores[half:])])
    print(table(result, title=f"ALL ({len(docs)} documents, {elapsed:.1f}s)"), file=sys.stderr)
    for name, fig in zip(("first half", "second half"), result["halves"]):
        print(table(fig, title=f"{name} ({fig['documents']} documents)"), file=sys.stderr)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            for s in scores:
                for err in s.errors:
                    f.write(json.dumps(err, ensure_ascii=False) + "\n")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
