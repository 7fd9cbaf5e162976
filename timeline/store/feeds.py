"""What ``follow`` keeps in the store: the feeds, their ETag/Last-Modified, when each was read and what came in,
each entry seen (fetched once) and the backoff after failures. Tables of migration 7.

``FeedLog(store)`` works on the store's own connection, lock and transactions; every write is one transaction.
Backoff counts rounds: after the n-th failure in a row a feed (or entry) skips 2**(n-1) - 1 rounds (the next
round retries after one failure, then every 2nd, 4th, ... round), at most ``MAX_WAIT_ROUNDS``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from timeline.store.sqlite import Store

MAX_WAIT_ROUNDS = 63


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def backoff_rounds(failures: int) -> int:
    return min(2 ** max(failures - 1, 0) - 1, MAX_WAIT_ROUNDS)


@dataclass(frozen=True)
class FeedState:
    url: str
    added_at: str
    etag: str | None = None
    last_modified: str | None = None
    kind: str | None = None
    last_read: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    last_new: int = 0
    articles: int = 0
    failures: int = 0
    wait_rounds: int = 0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_FEED_COLUMNS = ", ".join(FeedState.__dataclass_fields__)


class FeedLog:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._conn = store._conn

    def _write(self, sql: str, params=()) -> None:
        with self._store._lock, self._store._transaction():
            self._conn.execute(sql, params)

    def add(self, url: str) -> None:
        self._write("INSERT INTO feeds (url, added_at) VALUES (?, ?) ON CONFLICT (url) DO NOTHING", (url, _now()))

    def feed(self, url: str) -> FeedState | None:
        with self._store._lock:
            row = self._conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(*row) if row else None

    def feeds(self) -> list[FeedState]:
        with self._store._lock:
            rows = self._conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url").fetchall()
        return [FeedState(*r) for r in rows]

    def take_turn(self, url: str) -> bool:
        """True when the feed is due this round; else one round of its backoff is spent."""
        with self._store._lock, self._store._transaction():
            row = self._conn.execute("SELECT wait_rounds FROM feeds WHERE url = ?", (url,)).fetchone()
            if row and row[0] > 0:
                self._conn.execute("UPDATE feeds SET wait_rounds = wait_rounds - 1 WHERE url = ?", (url,))
                return False
        return True

    def read_ok(self, url: str, *, status: str, kind: str | None, etag: str | None, last_modified: str | None,
                new: int) -> None:
        """A read answered: ``status`` "new" (entries looked at) or "unchanged" (304)."""
        self._write("UPDATE feeds SET last_read = ?, last_status = ?, last_error = NULL, failures = 0, "
                    "wait_rounds = 0, kind = COALESCE(?, kind), etag = COALESCE(?, etag), "
                    "last_modified = COALESCE(?, last_modified), last_new = ?, articles = articles + ? "
                    "WHERE url = ?", (_now(), status, kind, etag, last_modified, new, new, url))

    def read_failed(self, url: str, error: str) -> int:
        """A read failed; returns the rounds it now waits."""
        with self._store._lock, self._store._transaction():
            row = self._conn.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
            failures = (row[0] if row else 0) + 1
            wait = backoff_rounds(failures)
            self._conn.execute("UPDATE feeds SET last_read = ?, last_status = 'failed', last_error = ?, "
                               "last_new = 0, failures = ?, wait_rounds = ? WHERE url = ?",
                               (_now(), error, failures, wait, url))
        return wait

    # --- entries ------------------------------------------------------------------------------------------

    def due_entries(self, feed_url: str, urls: list[str]) -> list[str]:
        """Of ``urls`` (a feed's entries, in order), those to fetch this round: never seen, or failed before
        and done waiting. Entries still waiting spend a round; new ones are recorded as seen."""
        now = _now()
        out = []
        with self._store._lock, self._store._transaction():
            for url in dict.fromkeys(urls):
                row = self._conn.execute("SELECT done, wait_rounds FROM feed_entries WHERE feed_url = ? AND url = ?",
                                         (feed_url, url)).fetchone()
                if row is None:
                    self._conn.execute("INSERT INTO feed_entries (feed_url, url, seen_at) VALUES (?, ?, ?)",
                                       (feed_url, url, now))
                    out.append(url)
                elif row[0]:
                    continue
                elif row[1] > 0:
                    self._conn.execute("UPDATE feed_entries SET wait_rounds = wait_rounds - 1 "
                                       "WHERE feed_url = ? AND url = ?", (feed_url, url))
                else:
                    out.append(url)
        return out

    def pending(self, feed_url: str) -> list[str]:
        """Entries seen but not stored yet (they failed): retried even when the feed itself is unchanged."""
        with self._store._lock:
            return [r[0] for r in self._conn.execute(
                "SELECT url FROM feed_entries WHERE feed_url = ? AND done = 0 ORDER BY seen_at, url", (feed_url,))]

    def entry_done(self, feed_url: str, url: str, article_id: str | None) -> None:
        self._write("UPDATE feed_entries SET done = 1, article_id = ?, error = NULL WHERE feed_url = ? AND url = ?",
                    (article_id, feed_url, url))

    def entry_failed(self, feed_url: str, url: str, error: str) -> None:
        with self._store._lock, self._store._transaction():
            row = self._conn.execute("SELECT failures FROM feed_entries WHERE feed_url = ? AND url = ?",
                                     (feed_url, url)).fetchone()
            failures = (row[0] if row else 0) + 1
            self._conn.execute("UPDATE feed_entries SET error = ?, failures = ?, wait_rounds = ? "
                               "WHERE feed_url = ? AND url = ?", (error, failures, backoff_rounds(failures),
                                                                 feed_url, url))

    def entries(self, feed_url: str) -> list[dict]:
        with self._store._lock:
            rows = self._conn.execute(
                "SELECT e.url, e.seen_at, e.done, e.article_id, e.error, a.title FROM feed_entries e "
                "LEFT JOIN articles a ON a.id = e.article_id WHERE e.feed_url = ? ORDER BY e.seen_at DESC, e.url",
                (feed_url,)).fetchall()
        return [dict(zip(("url", "seen_at", "done", "article_id", "error", "title"), r)) for r in rows]


def article_with_text(store: Store, text: str) -> str | None:
    """The id of a stored article with exactly this text, or None (by the index of migration 7)."""
    with store._lock:
        row = store._conn.execute("SELECT id FROM articles WHERE length(text) = ? AND substr(text, 1, 64) = ? "
                                  "AND text = ? LIMIT 1", (len(text), text[:64], text)).fetchone()
    return row[0] if row else None


def has_article(store: Store, article_id: str) -> bool:
    with store._lock:
        return store._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None
