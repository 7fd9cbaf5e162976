"""Command line of the timeline package: ``python -m timeline COMMAND ...``.

Each command has its module in this package, named like it (``eval-dates``: ``eval_dates.py``; ``import``:
``import_.py``), which exposes ``register(subparsers)`` adding the subcommand and setting ``func(args) -> int``
on it; a new command is a new module listed in COMMANDS. Nothing outside this package imports it.
JSON goes to stdout, diagnostics to stderr. Errors come out as ``python -m timeline: error: message`` (one line,
argparse's own format): exit 2 for a usage error (bad flags, an unusable input file), 1 when the store cannot
be used; anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules whose register(subparsers) adds commands; imported lazily so `--help` stays fast.
COMMANDS = ("timeline.cli.dates", "timeline.cli.eval_dates", "timeline.cli.events", "timeline.cli.eval_events",
            "timeline.cli.eval_types", "timeline.cli.train_types", "timeline.cli.incidents",
            "timeline.cli.eval_incidents", "timeline.cli.train_incidents", "timeline.cli.ingest", "timeline.cli.build",
            "timeline.cli.import_", "timeline.cli.fetch", "timeline.cli.follow")


from articles import InputError
from timeline.errors import StoreError, UsageError

PROG = "python -m timeline"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + message; the contract wants one line
        raise UsageError(message if self.prog == PROG else f"{self.prog.removeprefix(PROG + ' ')}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="News timeline tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except (UsageError, InputError) as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except StoreError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head`: not an error of ours
        return 0
