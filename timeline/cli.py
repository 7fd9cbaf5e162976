"""Command line of the timeline package: ``python -m timeline COMMAND ...``.

Each command module exposes ``register(subparsers)`` which adds its subcommand(s) and sets
``func(args) -> int`` on them; adding ``events`` or ``ingest`` later means adding a module to COMMANDS.
JSON goes to stdout, diagnostics to stderr; usage errors exit 2 with a one-line message.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules whose register(subparsers) adds commands; imported lazily so `--help` stays fast.
COMMANDS = ("timeline.timex_cli", "timeline.events_cli", "timeline.event_eval_cli", "timeline.ingest_cli")


class UsageError(Exception):
    """Bad command line or unusable input: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + message; the contract wants one line
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m timeline", description="News timeline tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head`: not an error of ours
        return 0
