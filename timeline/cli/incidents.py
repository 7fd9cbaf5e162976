"""The ``incidents`` subcommand: articles in, each article's lead and the incident it was merged into out."""
from __future__ import annotations

import json
import sys

HELP = """\
Read {"id", "title", "text", "published"} JSON lines on stdin, find each article's lead (its main happening,
with the place and the day chosen for it) and merge the leads of all the articles of the run into incidents.
Prints one line per good input line, in input order, once all are read: {"id", "lead": EVENT or null,
"incident": N or null} (articles with the same N report one happening; null: the article reports no event).
A bad line is reported on stderr with its number and the others go on (exit 1 if any was bad).

With --db STORE (or --dataset DIR) instead, prints the incidents already stored there, one INCIDENT JSON line
each (id, type, days, location, actors, event_ids, article_ids, sources, urls, reports, fatalities), earliest
day first.
"""


def register(subparsers) -> None:
    import argparse

    p = subparsers.add_parser("incidents", help="each article's lead, and the incidents the leads merge into",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    where.add_argument("--db", metavar="STORE", help="print the incidents of this SQLite store")
    where.add_argument("--dataset", metavar="DIR", help="print the incidents of this dataset (timeline build)")
    p.add_argument("--published", help="YYYY-MM-DD for lines without a publication date (with --jsonl)")
    p.set_defaults(func=run_incidents)


def _stored(args) -> int:
    """The incidents a store or a dataset holds, one JSON line each."""
    from pathlib import Path

    from timeline.errors import UsageError

    if args.db:
        from timeline.store import Store

        if not Path(args.db).is_file():  # opening would create an empty store: say it is not there
            raise UsageError(f"--db {args.db}: no such store file")
        with Store.open(args.db) as store:
            incidents = store.incidents()
    else:
        from timeline.store.duck import DuckStore

        with DuckStore(Path(args.dataset)) as duck:
            incidents = duck.incidents()
    for incident in incidents:
        sys.stdout.write(json.dumps(incident.to_dict(), ensure_ascii=False) + "\n")
    return 0


def run_incidents(args) -> int:
    if not args.jsonl:
        return _stored(args)
    from articles import parse_date
    from timeline.cli.article_lines import ArticleLines
    from timeline.events import default_pipeline
    from timeline.incidents.leads import LeadReader, lead_record
    from timeline.incidents.merging import load_pair_model
    from timeline.incidents.run import incidents_of, read_leads

    default_published = parse_date(args.published) if args.published else None
    lines = ArticleLines(sys.stdin, default_published)
    ids, analyses = [], []
    pipeline = None
    for item in lines:
        pipeline = pipeline or default_pipeline()
        ids.append(item.id)
        analyses.append(pipeline.analyse(item.article))
        if sys.stderr.isatty():
            print(f"\r{len(analyses)} articles analysed", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty() and analyses:
        print(file=sys.stderr)
    leads = read_leads(analyses, LeadReader.shipped())
    incidents = incidents_of(leads, load_pair_model())
    for id_, x, inc in zip(ids, leads, incidents):
        lead = lead_record(x.lead, x.event) if x.lead is not None else None
        sys.stdout.write(json.dumps({"id": id_, "lead": lead, "incident": inc}, ensure_ascii=False) + "\n")
    return 1 if lines.bad else 0
