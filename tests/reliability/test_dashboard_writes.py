"""Issue #18, item 8: a lock held over 30 s, a read-only store or a full disk during "Add article", "Save date"
or "Save place" gets a message naming the problem, the form keeps what was typed, and the page is not
replaced by the generic error. Each case runs the app in a process of its own (dashboard_write_child.py) on a
real store file, with the problem made real (another connection's lock, RLIMIT_FSIZE, an immutable file)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability.helpers import env

CHILD = Path(__file__).with_name("dashboard_write_child.py")
WORDS = {"lock": "busy", "readonly": "read-only", "full": "disk is full"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A store holding one article analysed by the real pipeline (an event with a place and a date)."""
    from articles import Article
    from timeline.events import analyse_article
    from timeline.store import Store

    path = tmp_path_factory.mktemp("writes") / "store.sqlite"
    article = Article(text="Militants attacked a checkpoint in Sirte on Saturday, officials in Misrata said.",
                      title="Sirte attack", source="Wire", url="https://wire.example/sirte",
                      published=dt.date(2016, 1, 31), path="")
    with Store.open(path) as store:
        store.save(analyse_article(article))
    return path


def _copy(template: Path, dest: Path) -> Path:
    with closing(sqlite3.connect(template)) as a, closing(sqlite3.connect(dest)) as b:
        a.backup(b)
    return dest


def _articles(db: Path) -> int:
    with closing(sqlite3.connect(db)) as con:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _run(db: Path, kind: str, action: str) -> dict:
    proc = subprocess.run([sys.executable, str(CHILD), str(db), kind, action], capture_output=True, env=env(),
                          timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def _immutable(path: Path, on: bool) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("kind,action", [("lock", "add"), ("full", "add"), ("readonly", "add"),
                                         ("full", "date"), ("readonly", "date"), ("lock", "place"),
                                         ("full", "place")])
def test_a_write_the_store_cannot_take_is_named_and_the_form_kept(template, tmp_path, kind, action):
    db = _copy(template, tmp_path / "store.sqlite")
    if kind == "readonly" and not _immutable(db, True):
        pytest.skip("chattr +i is not available here (needs root on a file system with attributes)")
    try:
        shown = _run(db, kind, action)
    finally:
        if kind == "readonly":
            _immutable(db, False)
    assert not shown["exceptions"], shown  # the page is not replaced by the generic error
    assert any(WORDS[kind] in e.replace("\\", "") for e in shown["errors"]), shown  # Markdown-escaped
    assert shown["kept"], shown
    assert _articles(db) == 1  # nothing stored, nothing lost
