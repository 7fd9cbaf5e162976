"""The dashboard on stores it does not load whole (issue #12, item 3), through streamlit.testing.v1.AppTest: a
Parquet dataset built here by ``python -m timeline build`` (DuckDB, read-only) beside the SQLite store of the
same articles, and the list's pages on a store of more events than a page (the real analyses of the fixture
articles replicated by the benchmark's generator). What a test expects is read from the stores' own queries."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app import ASSERTED_ONLY
from dashboard.mdtext import md_escape
from tests.replicated_store import ARTICLES, build_store
from tests.test_dashboard_app import _env, cards, shown  # noqa: F401  (_env: the app's environment, autouse)
from timeline.store.duck import DuckStore
from timeline.query import Filters
from timeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def built_dataset(tmp_path_factory) -> Path:
    """The fixture articles through ``python -m timeline build`` (one local worker) into a dataset."""
    out = tmp_path_factory.mktemp("built") / "ds"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "timeline", "build", str(ARTICLES), "--out", str(out),
                           "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def same_store(tmp_path_factory) -> Path:
    """The same articles in a SQLite store (``timeline ingest``'s path)."""
    from timeline.events import analyse_article
    from timeline.ingest import ingest

    path = tmp_path_factory.mktemp("same") / "events.sqlite"
    with Store.open(path) as store:
        assert ingest([ARTICLES], store=store, analyse=analyse_article).ok
    return path


@pytest.fixture(scope="module")
def many_store(tmp_path_factory) -> Path:
    """160 events (32 replicated articles of 5): more than one page of the list."""
    return build_store(tmp_path_factory.mktemp("many") / "events.sqlite", articles=32, events_per_article=5)


def run_app(monkeypatch, *, db: Path | None = None, dataset: Path | None = None) -> AppTest:
    monkeypatch.delenv("NEWSMAP_DATASET", raising=False)
    if dataset is not None:
        monkeypatch.setenv("NEWSMAP_DATASET", str(dataset))
    else:
        monkeypatch.setenv("NEWSMAP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_caption(at: AppTest) -> str | None:
    return next((c.value for c in at.caption if re.match(r"Showing [\d,]+–[\d,]+ of", c.value)), None)


def test_dashboard_on_a_built_dataset_answers_as_on_the_sqlite_store(monkeypatch, built_dataset, same_store):
    with DuckStore(built_dataset) as duck, Store.open(same_store) as sql:
        total = duck.event_count()
        assert total == sql.event_count() > 0
        # the opening view holds asserted events (negated and hypothetical ones behind a checkbox)
        asserted = Filters(factualities=ASSERTED_ONLY)
        n_asserted = duck.event_count(asserted)
        assert n_asserted == sql.event_count(asserted) > 0
        actor = duck.value_counts("actors")[0].value
        n_actor = duck.event_count(replace(asserted, actors=(actor,)))
        assert 0 < n_actor < n_asserted
    for kind in ("dataset", "sqlite"):
        at = run_app(monkeypatch, **({"dataset": built_dataset} if kind == "dataset" else {"db": same_store}))
        at.sidebar.button(key="nm_all").click().run()
        assert shown(at) == (n_asserted, total), kind
        assert len(cards(at)) == n_asserted
        if n_asserted < total:  # the checkbox brings back the rest
            at.sidebar.checkbox(key="f_unasserted").check().run()
            assert shown(at) == (total, total), kind
            at.sidebar.checkbox(key="f_unasserted").uncheck().run()
        assert any(o.startswith(f"{actor} (") for o in at.sidebar.multiselect(key="f_actors").options)
        at.sidebar.multiselect(key="f_actors").set_value([actor]).run()
        assert shown(at) == (n_actor, total), kind
        assert all(actor in c for c in cards(at))
        assert at.dataframe, kind  # the counts per country
        info = " ".join(i.value for i in at.info)
        # the evidence opens the article itself, its sentence marked (on a dataset it was the sentence alone)
        evidence = next(b for b in at.button if b.key and b.key.startswith("nm_ev_"))
        evidence.click().run()
        assert not at.exception, kind
        with Store.open(same_store) as sql:  # the same articles as the dataset's
            event = sql.event(evidence.key[len("nm_ev_"):]).event
            text = sql.article(event.article_id)["text"]
        marked = " ".join(h.proto.body for h in at.get("html"))
        assert 'class="nm-ev-sentence"' in marked, kind
        assert len(text) > len(event.sentence) and len(re.sub(r"<[^>]+>", "", marked)) >= 0.9 * len(text), kind
        if kind == "dataset":  # read-only: the form says so instead of offering to add
            assert "does not change" in info and not [b for b in at.button if b.key == "up_go"]
        else:
            assert [b for b in at.button if b.key == "up_go"]


def test_the_list_pages_through_the_events(monkeypatch, many_store):
    with Store.open(many_store) as store:
        total = store.event_count()
        want = [se.event.sentence for se in store.events()]
    assert total == 160
    at = run_app(monkeypatch, db=many_store)
    at.sidebar.button(key="nm_all").click().run()
    assert shown(at) == (total, total)
    assert page_caption(at).startswith(f"Showing 1–100 of {total} (page 1 of 2)")
    assert len(cards(at)) == 100
    assert at.button(key="nm_prev").disabled and not at.button(key="nm_next").disabled
    at.button(key="nm_next").click().run()
    assert page_caption(at).startswith(f"Showing 101–{total} of {total} (page 2 of 2)")
    second = cards(at)
    assert len(second) == total - 100 and at.button(key="nm_next").disabled
    # the second page holds the list's own order from event 101 on (each card shows its sentence)
    assert all(md_escape(sentence, 400) in card for sentence, card in zip(want[100:], second))
    at.button(key="nm_prev").click().run()
    assert page_caption(at).startswith(f"Showing 1–100 of {total}")
    # a new question starts again on its first page
    at.button(key="nm_next").click().run()
    typ = at.sidebar.multiselect(key="f_types").options[0]
    at.sidebar.multiselect(key="f_types").set_value([typ]).run()
    with Store.open(many_store) as store:
        n_type = store.event_count(Filters(types=(typ,)))
    assert shown(at)[0] == n_type
    caption = page_caption(at)
    assert (caption is None and len(cards(at)) == n_type) or caption.startswith("Showing 1–")
