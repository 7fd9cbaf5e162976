"""The ``import`` subcommand: ``python -m timeline import acled|gdelt FILE (--db DB | --out DATASET/)``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

IMPORT_HELP = """\
Import an event data set: every row becomes a synthetic article (its id derived from the data set's own event
id, so importing again replaces rather than duplicates) with one event, its date, place, actors and PLOVER
type, saved in the SQLite store DB or committed to the Parquet dataset DATASET (see README "Importing ACLED
and GDELT"). The article's source is "ACLED" or "GDELT": the source filter tells them apart.

Prints a JSON summary on stdout: {"source", "file", "db" | "dataset", "rows", "articles", "events", "skipped",
"failed": [{"row", "error"}], "store": {table: rows} (with --db)}. Progress and each bad row (its row number
and what is wrong) go to stderr; bad rows are skipped, the others go in. Exit 0 when every row went in, 1 when
some were bad, 2 when FILE is not that format at all (nothing is stored) or on a usage error.
"""

FORMATS = {
    "acled": ("an ACLED CSV export (acleddata.com)", "timeline.imports.acled"),
    "gdelt": ("a GDELT 2.0 events export (.CSV or .CSV.zip, tab-separated, 61 columns)", "timeline.imports.gdelt"),
}


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="import ACLED or GDELT event data into the store or a dataset",
                              description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    formats = p.add_subparsers(dest="format", metavar="FORMAT")
    formats.required = True
    for name, (what, _module) in FORMATS.items():
        f = formats.add_parser(name, help=f"import {what}", description=IMPORT_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        f.add_argument("file", metavar="FILE", help=what)
        where = f.add_mutually_exclusive_group(required=True)
        where.add_argument("--db", metavar="DB", help="SQLite store file (created if missing)")
        where.add_argument("--out", metavar="DATASET", help="Parquet dataset folder (created, or added to)")
        f.set_defaults(func=run_import)


def run_import(args) -> int:
    import importlib

    from timeline.cli import PROG
    from timeline.errors import UsageError
    from timeline.imports.run import file_key, into_dataset, into_store
    from timeline.cli.progress import ProgressLine
    from timeline.cli.writable import check_writable

    fmt = importlib.import_module(FORMATS[args.format][1])
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    fmt.check(path)  # not this format at all: exit 2 before anything is opened for writing
    total = fmt.count(path)
    bar = ProgressLine(sys.stderr)
    if args.db:
        from timeline.store import Store, StoreDamaged, StoreError

        if Path(args.db).is_dir():
            raise UsageError(f"--db {args.db}: is a directory, not a database file")
        check_writable(Path(args.db))
        try:
            store = Store.open(args.db)
        except StoreDamaged:
            raise  # the file's fault, not the command line's: exit 1
        except StoreError as e:
            raise UsageError(f"--db {e}") from None
        with store:
            report = into_store(fmt.read(path), store, total=total, progress=bar)
            counts = {"store": store.count()}
        where = {"db": str(args.db)}
    else:
        report = into_dataset(fmt.read(path), Path(args.out), file_key=file_key(path, fmt.SOURCE), total=total,
                              progress=bar)
        counts, where = {}, {"dataset": str(args.out)}
    bar.done()
    for row, message in report.failed:
        print(f"{PROG}: error: {path}: row {row}: {message}", file=sys.stderr)
    print(json.dumps({"source": fmt.SOURCE, "file": str(path), **where, **report.to_dict(), **counts},
                     ensure_ascii=False, indent=1))
    return 0 if report.ok else 1
