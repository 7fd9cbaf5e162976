"""The ``build`` subcommand: ``python -m timeline build INPUT... --out DATASET [--scheduler URL] [--workers N]``."""
from __future__ import annotations

import argparse
import json
import sys

BUILD_HELP = """\
Analyse a corpus on a Dask cluster into a Parquet dataset (see README "Corpus pipeline").

INPUT: JSONL files (one article per line: id, text, published, title, url, source), WARC files of news
crawls (.warc, .warc.gz: every HTML response), folders of .txt/.md/.html/.htm articles. The input is cut into
units of --partition-size articles; each is analysed on a worker and committed to DATASET on its own, so a run
that is killed, or stopped by a full disk, can be started again with the same command and goes on where it
stopped; resuming, it first checks the files already committed and makes a damaged one again from its units
(saying so on stderr), or refuses when they are not among the INPUTs.

Workers: a local cluster of --workers processes, or the workers of a running scheduler (--scheduler
tcp://HOST:8786; started with `dask scheduler`, workers with `dask worker tcp://HOST:8786`, each with this
project importable). Prints a JSON summary on stdout: {"dataset", "articles", "events", "units",
"skipped_units", "repaired", "duplicates", "compacted", "incidents", "incidents_seconds", "workers",
"startup_seconds", "seconds", "articles_per_s", "worker_peak_mb", "worker_cpu_seconds", "failed", "incidents_on",
"incident_blocks"} ("incidents": how many the last pass merged the dataset's leads into; "incidents_on": where
that pass ran, "cluster" (cut into "incident_blocks" blocks of days) or "driver" when nothing was left to
analyse); progress (the last pass's too) and every skipped article (where it is, its id, why) go to stderr. Exit 0 when every article went in, 1 when some
were skipped or the dataset cannot be written (one line naming the file), 2 on a usage error.
"""


def register(subparsers) -> None:
    from timeline.corpus.inputs import DEFAULT_PARTITION_SIZE

    p = subparsers.add_parser("build", help="analyse a corpus on a Dask cluster into a Parquet dataset",
                              description=BUILD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="INPUT", help="JSONL file, WARC file, or folder of articles")
    p.add_argument("--out", required=True, metavar="DATASET", help="dataset folder (created, or resumed)")
    p.add_argument("--scheduler", metavar="URL", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="worker processes of the local cluster (default 2; not with --scheduler)")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE, metavar="N",
                   help=f"articles per unit of work and commit (default {DEFAULT_PARTITION_SIZE})")
    p.set_defaults(func=run_build)


def run_build(args) -> int:
    from timeline.cli import PROG
    from timeline.corpus.build import build
    from timeline.errors import UsageError
    from timeline.cli.progress import ProgressLine

    if args.scheduler and "--workers" in sys.argv[1:]:
        raise UsageError("--workers sizes the local cluster; with --scheduler the scheduler's workers are used")

    def on_failure(where: str, message: str) -> None:
        print(f"{PROG}: error: skipped {where}: {message}", file=sys.stderr)

    def on_notice(message: str) -> None:
        print(f"{PROG}: {message}", file=sys.stderr)

    bar = ProgressLine(sys.stderr)
    try:
        report = build(args.paths, args.out, scheduler=args.scheduler, workers=args.workers,
                       partition_size=args.partition_size, progress=bar, on_failure=on_failure, on_notice=on_notice)
    finally:  # an error's line starts a line of its own
        bar.done()
    print(json.dumps({"dataset": str(args.out), **report.to_dict()}, ensure_ascii=False, indent=1))
    return 0 if report.ok else 1
