"""Item 7's smaller probes: Ctrl-C during an ingest, UTF-16 files, an empty --published, a folder for a file."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.conftest import SEED, hears_ctrl_c
from tests.reliability.helpers import ROOT, command, env, run


def _articles_stored(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not created yet, or locked by the writer for a moment
        return 0


@pytest.mark.parametrize("workers,to_group", [("1", False), ("2", True)],
                         ids=["one process", "two workers, Ctrl-C to the process group"])
def test_ctrl_c_during_ingest_prints_the_summary_and_no_traceback(tmp_path, workers, to_group):
    """Ctrl-C stops an ingest after the articles stored so far. A terminal's Ctrl-C reaches the whole process group,
    the analysis workers too: they leave it to the ingest, which stops and reports (no article failed by it)."""
    body = SEED.read_text(encoding="utf-8").split("---", 2)[2]
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(40):  # distinct articles: each its own title
        (folder / f"a{n:02d}.txt").write_text(f"Report number {n}\n\n{body}", encoding="utf-8")
    db = tmp_path / "store.sqlite"

    def hearing_ctrl_c():
        hears_ctrl_c()
        if to_group:
            os.setpgrp()  # as a shell's foreground job: the signal goes to the group

    proc = subprocess.Popen(command("timeline", "ingest", str(folder), "--db", str(db), "--published", "2016-01-31",
                                    "--workers", workers),
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=hearing_ctrl_c)
    deadline = time.monotonic() + 180
    while _articles_stored(db) < 1 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode == 130 and "Traceback" not in err and "interrupted" in err, err
    summary = json.loads(out)
    assert 1 <= summary["articles"] < 40 and summary["articles"] == _articles_stored(db)
    assert any("interrupted" in w for w in summary["warnings"]) and summary["failed"] == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_file_is_read_not_called_binary(tmp_path, encoding):
    path = tmp_path / "note.txt"
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")  # utf-16 and utf-32 write their mark themselves
    path.write_bytes((bom + "Talks in Rome on Monday.\n").encode(encoding))
    proc = run("timeline", "dates", str(path), "--published", "2016-01-31")
    assert proc.returncode == 0, proc.stderr
    (timex,) = json.loads(proc.stdout)["timexes"]
    assert timex["text"] == "Monday" and timex["value"] == "2016-01-25" and timex["start"] == 17


@pytest.mark.parametrize("module,args", [
    ("timeline", ("dates", str(SEED))), ("timeline", ("events", str(SEED))), ("geo", ("parse", str(SEED))),
])
def test_an_empty_published_is_refused(module, args):
    proc = run(module, *args, "--published", "")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "--published" in err and len(err.strip().splitlines()) == 1


def test_timeline_events_on_a_folder_says_it_is_a_folder(tmp_path):
    proc = run("timeline", "events", str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "is a directory" in err and "extension" not in err


def test_ingest_into_a_read_only_store_fails_at_open_before_any_analysis(tmp_path):
    from timeline.store import Store

    db = tmp_path / "store.sqlite"
    Store.open(db).close()
    # immutable: read-only even for root (these tests may run as root, for whom file modes mean nothing)
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        started = time.monotonic()
        proc = run("timeline", "ingest", str(SEED), "--db", str(db))
        err = proc.stderr.decode()
        assert proc.returncode == 2 and "read-only" in err and len(err.strip().splitlines()) == 1
        assert time.monotonic() - started < 20  # refused before the model loaded
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
