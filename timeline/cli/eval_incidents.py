"""The ``eval-incidents`` subcommand: leads and incidents scored against gold incidents."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HELP = """\
Score leads and incidents against a gold incidents file (../shared/eval/README.md, "incidents/"), in one run
over the whole file: the share of articles whose lead is dated to the incident's day, placed within 25 km of
its point and typed as the gold type (ASSAULT for shootings); B-cubed P/R/F1 of the incidents, beside every
article alone and the identical-attribute merge (same type, day and place) in the same run; the share of gold
incident pairs of one block (the same day and state; the same topic) that were wrongly merged; events per article. Table on stderr, JSON
figures on stdout. --cache-dir keeps the articles' analyses (JSON) for the next run.
"""


def register(subparsers) -> None:
    import argparse

    p = subparsers.add_parser("eval-incidents", help="score leads and incidents against gold incidents",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", metavar="CORPUS.jsonl")
    p.add_argument("--gold-type", default="ASSAULT",
                   help="the type every gold incident has (default ASSAULT); 'none' scores no type")
    p.add_argument("--cache-dir", type=Path, metavar="DIR", help="keep the analyses here between runs")
    p.set_defaults(func=run_eval_incidents)


def analysed(path: Path, cache_dir: Path | None):
    """The gold reports of ``path`` with their analyses (from the cache when it is current)."""
    from timeline.cli import UsageError
    from timeline.events import default_pipeline
    from timeline.incidents.corpus import GoldFileError, analyse_gold

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = cache_dir / f"{path.stem}.analyses.json"
    try:
        return analyse_gold(path, default_pipeline().analyse, cache=cache)
    except GoldFileError as exc:
        raise UsageError(str(exc)) from None


def run_eval_incidents(args) -> int:
    from timeline.incidents.leads import LeadReader
    from timeline.incidents.merging import identical_merge, load_pair_model
    from timeline.incidents.run import incidents_of, read_leads
    from timeline.evaluation.incidents import LeadCase, bcubed, lead_figures, wrongly_joined_pairs

    path = Path(args.corpus)
    t0 = time.perf_counter()
    reports = analysed(path, args.cache_dir)
    gold_type = None if args.gold_type.lower() == "none" else args.gold_type
    t1 = time.perf_counter()
    leads = read_leads([r.analysis for r in reports], LeadReader.shipped())
    incidents = incidents_of(leads, load_pair_model())
    gold = {r.id: r.incident for r in reports}
    cases = []
    for x, r in zip(leads, reports):
        lead = x.lead
        point = (lead.place.entry.lat, lead.place.entry.lon) if lead is not None and lead.place else None
        cases.append(LeadCase(r.id, r.day, r.point, gold_type, lead.type if lead else None,
                              (lead.day, lead.day) if lead is not None and lead.day else None, point))
    # Two different incidents easy to confuse: the same gold day and state (GVA), the same topic (ECB+)
    block = {r.id: r.block for r in reports}
    result = {
        "corpus": path.name, "articles": len(reports), "incidents": len(set(gold.values())),
        "seconds": {"analysis": round(t1 - t0, 1), "merging": round(time.perf_counter() - t1, 1)},
        "events_per_article": round(sum(len(r.analysis.events) for r in reports if r.analysis) / max(1, len(reports)), 2),
        "lead": lead_figures(cases),
        "merging": bcubed(dict(zip(gold, incidents)), gold),
        "alone": bcubed({}, gold),
        "identical_attributes": bcubed(dict(zip(gold, identical_merge([x.lead for x in leads]))), gold),
        "same_block_wrongly_merged": wrongly_joined_pairs(dict(zip(gold, incidents)), gold, block),
    }
    lf = result["lead"]
    print(f"{path.name}: {result['articles']} articles, {result['incidents']} incidents\n"
          f"  lead dated right {lf['date']}%, placed within 25 km {lf['place']}%, typed {gold_type} {lf['type']}%\n"
          f"  B-cubed F1: merged {result['merging']['F1']} (P {result['merging']['P']}, R {result['merging']['R']}); "
          f"alone {result['alone']['F1']}; identical attributes {result['identical_attributes']['F1']}\n"
          f"  gold pairs of one block (day and state; topic) wrongly merged: "
          f"{result['same_block_wrongly_merged']['joined']} of "
          f"{result['same_block_wrongly_merged']['pairs']}", file=sys.stderr)
    print(json.dumps(result))
    return 0
