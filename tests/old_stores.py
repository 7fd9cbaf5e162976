"""Writing a store as an older version of the program did, for the tests of migrations.

Today's ``Store`` inserts an event's ``lead`` and ``factuality`` (migration 9). A test that saves "as the
version N program did" migrates to N, gives the events table those two columns for the save, and drops them
after, so the file is the version N file that program would have left.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

V9_EVENT_COLUMNS = ("lead", "factuality")


def migrate_to(n: int):
    """A ``migrate`` for ``timeline.store.sqlite``: to version ``n``, plus migration 9's event columns."""
    from timeline.store.migrations import MIGRATIONS, migrate

    def apply(conn: sqlite3.Connection) -> list[int]:
        done = migrate(conn, MIGRATIONS[:n])
        have = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
        for column in V9_EVENT_COLUMNS:
            if column not in have:
                conn.execute(f"ALTER TABLE events ADD COLUMN {column}")
        return done
    return apply


def drop_v9_columns(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for column in V9_EVENT_COLUMNS:
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.close()
