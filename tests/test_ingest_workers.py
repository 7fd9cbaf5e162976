"""``ingest(..., workers=N)`` and ``python -m timeline ingest --workers N``: the real analysis in worker
processes (``timeline.analysis_pool``), the store written here, in the files' order; what it stores is what one
process stores."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from timeline.analysis_pool import MIN_ARTICLES, pool_for
from timeline.cli import main
from timeline.events import analyse_article
from timeline.ingest import ingest
from timeline.store import Store
from tests.worker_analysis import PID_DIR, analyse_marked

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOWNS = ["Benghazi", "Misrata", "Sirte", "Tripoli", "Zawiya", "Derna", "Tobruk", "Sabha", "Ajdabiya"]


@pytest.fixture
def many_articles(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    for n, town in enumerate(TOWNS, 1):
        (d / f"{n:02d}-{town.lower()}.md").write_text(
            f"---\ntitle: Clashes in {town}\npublished: 2016-03-{n + 1:02d}\n---\n"
            f"Gunmen attacked a checkpoint in {town} on March {n}, 2016, and two soldiers were wounded, "
            f"officials said.\n\nThe army said it would send reinforcements to {town}.\n", encoding="utf-8")
    for f in (FIXTURES / "dashboard_articles").iterdir():
        shutil.copy(f, d / f"20-{f.name}")
    (d / "30-broken.txt").write_bytes(b"\xff\xfe\x00\x00binary junk")
    (d / "31-crash.txt").write_text("CRASH-HERE: rebels shelled Sirte on March 3, 2016.\n", encoding="utf-8")
    return d


def _rows(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        rows = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in ("events", "places", "article_actors")}
        # all but the time each was stored
        rows["articles"] = conn.execute("SELECT id, title, source, url, published, path, text FROM articles "
                                        "ORDER BY rowid").fetchall()
    return rows


def test_two_workers_store_what_one_process_stores_in_the_same_order(tmp_path, many_articles, monkeypatch):
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv(PID_DIR, str(pids))  # the spawned workers inherit it
    reports = {}
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.sqlite") as store:
            reports[workers] = ingest([many_articles], store=store, analyse=analyse_marked, workers=workers)
        if workers == 1:
            assert {p.name for p in pids.iterdir()} == {str(os.getpid())}
            for p in pids.iterdir():
                p.unlink()
    workers_seen = {int(p.name) for p in pids.iterdir()}
    assert workers_seen and os.getpid() not in workers_seen  # analysed in other processes
    one, two = reports[1], reports[2]
    assert two.articles == one.articles == len(TOWNS) + 3
    assert two.article_ids == one.article_ids  # stored in the files' order
    assert (two.events, two.places, two.actors) == (one.events, one.places, one.actors)
    assert [(Path(p).name, m.split(": ", 1)[1]) for p, m in two.failed] == [
        (Path(p).name, m.split(": ", 1)[1]) for p, m in one.failed]
    failed = dict((Path(p).name, m) for p, m in two.failed)
    assert set(failed) == {"30-broken.txt", "31-crash.txt"}
    assert failed["31-crash.txt"].endswith("analysis failed (RuntimeError: tagger crashed on this one)")
    assert "\n" not in failed["31-crash.txt"]
    assert _rows(tmp_path / "w2.sqlite") == _rows(tmp_path / "w1.sqlite")


def test_a_pool_only_for_several_articles_and_more_than_one_worker():
    assert pool_for(analyse_article, workers=1, articles=100) is None
    assert pool_for(analyse_article, workers=4, articles=MIN_ARTICLES - 1) is None
    pool = pool_for(analyse_article, workers=4, articles=MIN_ARTICLES)
    try:
        assert pool is not None and pool.workers == 4 and pool.ahead == 8
    finally:
        pool.close()


def test_cli_ingest_with_workers_and_a_bad_worker_count(tmp_path, many_articles, capsys):
    db = tmp_path / "cli.sqlite"
    assert main(["ingest", str(many_articles), "--db", str(db), "--workers", "2"]) == 1  # the two bad files
    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == len(TOWNS) + 3 + 1  # the marked file is analysed for real here
    assert [Path(f["path"]).name for f in summary["failed"]] == ["30-broken.txt"]
    assert main(["ingest", str(many_articles), "--db", str(tmp_path / "x.sqlite"), "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert "--workers 0: give 1 or more" in err
    assert not (tmp_path / "x.sqlite").exists()


IDLE_POOL = """
import time
from articles import article_from_text
from timeline.analysis_pool import AnalysisPool
from tests.worker_analysis import analyse_marked

pool = AnalysisPool(analyse_marked, workers=2)
pool.submit(article_from_text("Rebels shelled Sirte on March 3, 2016.", published="2016-03-04")).result()
try:  # listening before it says so: the test's Ctrl-C follows "ready"
    print("ready", flush=True)
    time.sleep(120)
except KeyboardInterrupt:
    pool.close(cancel=True)
    print("stopped", flush=True)
"""


def test_ctrl_c_reaching_idle_workers_leaves_no_traceback(tmp_path):
    """A terminal's Ctrl-C goes to the whole process group: workers waiting for an article printed a traceback
    each ("Process SpawnProcess-1: ... KeyboardInterrupt") before they were made to leave it to the caller."""
    import signal
    import subprocess
    import sys

    from tests.conftest import hears_ctrl_c

    def own_group_hearing_ctrl_c():
        hears_ctrl_c()
        os.setpgrp()

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-c", IDLE_POOL], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=own_group_hearing_ctrl_c)
    assert proc.stdout.readline().strip() == "ready"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert out.strip() == "stopped" and proc.returncode == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
