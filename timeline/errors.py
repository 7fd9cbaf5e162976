"""The errors of ``timeline``: one root, and each subclass also the builtin it means (geopy's model).

Library code raises these; only the command line (``timeline.cli``) turns them into ``prog: error: message``
and an exit status: 2 for a ``UsageError`` (and the ``articles.InputError`` of a bad input file), 1 for a
``StoreError`` it reports, a traceback for anything else (a bug is never passed off as a usage error).
"""
from __future__ import annotations


class TimelineError(Exception):
    """Root of every error this package raises on purpose."""


class UsageError(TimelineError, ValueError):
    """A bad command line or unusable input: reported on one line, exit status 2."""


class StoreError(TimelineError, RuntimeError):
    """The store cannot be opened, or an analysis cannot be saved (nothing of it is then stored)."""


class StoreDamaged(StoreError):
    """The file is a SQLite store whose pages are damaged on disk: not the reader's usage, so exit status 1."""


class MigrationError(StoreError):
    """A migration failed (the file stays at its previous version) or the file is newer than this code."""
