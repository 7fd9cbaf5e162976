"""The ``train-incidents`` subcommand: fit the lead's place and day choosers and the merge model."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HELP = """\
Fit the models of timeline.incidents on gold incidents files (../shared/eval/README.md, "incidents/"): the
lead's place chooser and day chooser (on the reports whose gold gives a point or a day) and the pair model of
merging with its threshold (chosen by K-fold B-cubed F1; folds keep whole weeks together). Writes
lead-place-v1.json, lead-day-v1.json and merge-v1.json into --out-dir (default timeline/data, the ones the
pipeline loads) and prints the cross-validated figures. Needs numpy.
"""


def register(subparsers) -> None:
    import argparse

    p = subparsers.add_parser("train-incidents", help="fit the lead and merge models on gold incidents",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
    p.add_argument("--cv", type=int, default=5, metavar="K", help="folds for the figures and the threshold")
    p.add_argument("--out-dir", type=Path, metavar="DIR", help="where the model files go (default timeline/data)")
    p.add_argument("--cache-dir", type=Path, metavar="DIR", help="keep the analyses here between runs")
    p.set_defaults(func=run_train_incidents)


def run_train_incidents(args) -> int:
    from timeline.cli import UsageError
    from timeline.cli.eval_incidents import analysed
    from timeline.incidents import leads as L
    from timeline.incidents.merging import MODEL
    from timeline.incidents.train import train_incident_models

    if args.cv < 2:
        raise UsageError(f"--cv {args.cv}: need at least 2 folds")
    corpora = {Path(p).stem: analysed(Path(p), args.cache_dir) for p in args.corpora}
    models = train_incident_models(corpora, k=args.cv, log=lambda line: print(line, file=sys.stderr, flush=True))
    out = args.out_dir or MODEL.parent
    out.mkdir(parents=True, exist_ok=True)
    about = {"trained_on": {name: len(reports) for name, reports in corpora.items()}, "folds": args.cv}
    files = {
        L.PLACE_MODEL.name: {"model": "lead-place-v1", "features": models.place, **about,
                             "cv_share_right": models.figures["place_cv"]},
        L.DAY_MODEL.name: {"model": "lead-day-v1", "features": models.day, **about,
                           "cv_share_right": models.figures["day_cv"]},
        MODEL.name: {"model": "merge-v1", "features": models.pair, "threshold": models.threshold, **about,
                     "cv_bcubed": models.figures["merge_cv"]},
    }
    for name, data in files.items():
        (out / name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"models": [str(out / n) for n in files], "threshold": models.threshold,
                      "figures": models.figures}))
    return 0
