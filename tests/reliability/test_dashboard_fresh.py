"""Item 6: a running dashboard shows the articles another process ingested into its store, on the next rerun."""
from __future__ import annotations

import os
from pathlib import Path

import test_dashboard_app as app_tests  # the app's own AppTest helpers and store fixtures
from tests.reliability.helpers import run as run_command

seeded_store = app_tests.seeded_store
seeded = app_tests.seeded
_env = app_tests._env


def test_articles_ingested_by_the_cli_show_on_the_next_run(seeded):
    at = app_tests.run()
    _, before = app_tests.shown(at)
    db = Path(os.environ["NEWSMAP_DB"])
    proc = run_command("timeline", "ingest", str(app_tests.ARTICLES), "--db", str(db))  # another process
    assert proc.returncode == 0, proc.stderr
    added = seeded.count()["events"]
    at.run()
    assert not at.exception
    _, after = app_tests.shown(at)
    assert after == added > before  # what the store holds now, not the 45 events the app first read
