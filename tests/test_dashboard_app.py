"""The Streamlit app through streamlit.testing.v1.AppTest: filters, query parameters, the upload path.

Most tests put a fake store behind ``dashboard.backend`` (the hand-written fixture
tests/fixtures/dashboard_events.json), so their counts are exact; the ``real_backend`` tests at the end run
the real store and pipeline.
"""
from __future__ import annotations

import json
import re
import threading
from datetime import date
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

import dashboard.backend

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard_events.json"


class FakeStore:
    """The fixture's events in memory."""

    def __init__(self):
        self.events: list[dict] = []
        self.lock = threading.Lock()


def _fake_add_article(store, *, text, published, title, source, url, filename, progress):
    """The backend's contract, crudely: refuse text with no place the store knows or no ISO date."""
    if not text.strip():
        raise ValueError("The article is empty.")
    progress(0.3, "Finding places")
    known = {p["text"]: p for e in store.events for p in e["places"] if p.get("lat") is not None}
    places = [dict(p, start=m.start(), end=m.end()) for name, p in known.items()
              for m in re.finditer(re.escape(name), text)]
    dates = list(re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", text))
    if not places:
        raise ValueError("No places were found in the article, so it was not added.")
    if not dates:
        raise ValueError("No dates were found in the article, so it was not added.")
    d = dates[0].group(0)
    event = {"id": "pasted#e00", "article_id": "pasted", "article_title": title or "pasted", "source": source,
             "url": url, "published": published.isoformat() if published else None, "sentence": text[:200],
             "start": 0, "end": len(text), "type": "statement",
             "date": {"text": d, "start": dates[0].start(), "end": dates[0].end(), "type": "DATE", "value": d,
                      "earliest": d, "latest": d, "precision": "day"},
             "location": places[0], "places": places, "actors": []}
    with store.lock:
        store.events.append(event)
    progress(1.0, "Stored")
    return {"article_id": "pasted", "events": 1, "places": len(places), "dates": len(dates), "actors": 0}


@pytest.fixture
def fake_backend(monkeypatch):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))

    def ensure_seeded(store, seeds_dir, progress):
        if store.events:
            return 0
        store.events.extend(data["events"])
        progress(1.0, "seeded")
        return len(data["events"])

    monkeypatch.setattr(dashboard.backend, "open_store", lambda path: FakeStore())
    monkeypatch.setattr(dashboard.backend, "ensure_seeded", ensure_seeded)
    monkeypatch.setattr(dashboard.backend, "load_events", lambda store: [dict(e) for e in store.events])
    monkeypatch.setattr(dashboard.backend, "load_actors", lambda store: list(data["actors"]))
    monkeypatch.setattr(dashboard.backend, "add_article", _fake_add_article)


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMAP_DB", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("MAP_TILES", "offline")
    old = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    yield
    st_config.set_option("server.enableStaticServing", old)


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> tuple[int, int]:
    for m in at.markdown:
        hit = re.match(r"Showing \*\*(\d+)\*\* of (\d+) events", m.value)
        if hit:
            return int(hit.group(1)), int(hit.group(2))
    raise AssertionError("no event count on the page")


def test_first_start_seeds_and_shows_everything(fake_backend):
    at = run()
    assert shown(at) == (14, 14)
    assert not at.warning and not at.error
    actors = at.sidebar.multiselect(key="f_actors")
    assert "Islamic State (3)" in actors.options  # with its event count
    assert at.sidebar.slider(key="f_window").value == (date(2011, 1, 1), date(2016, 2, 8))
    assert len(at.get("download_button")) == 3


def test_actor_filter_narrows_the_list_and_goes_into_the_url(fake_backend):
    at = run()
    at.sidebar.multiselect(key="f_actors").select("John Kerry").run()
    assert shown(at) == (1, 14)
    assert at.query_params.get("actor") in (["John Kerry"], "John Kerry")
    at.sidebar.multiselect(key="f_types").select("statement").run()
    assert shown(at) == (0, 14)


def test_date_slider_narrows_the_list(fake_backend):
    at = run()
    at.sidebar.slider(key="f_window").set_value((date(2016, 1, 27), date(2016, 1, 31))).run()
    assert shown(at) == (5, 14)
    assert at.query_params.get("from") in ("2016-01-27", ["2016-01-27"])


def test_query_parameters_restore_a_view(fake_backend):
    at = run({"actor": ["Jean-Yves Le Drian"], "from": "2016-01-30", "to": "2016-02-05"})
    assert at.sidebar.multiselect(key="f_actors").value == ["Jean-Yves Le Drian"]
    assert at.sidebar.slider(key="f_window").value == (date(2016, 1, 30), date(2016, 2, 5))
    assert shown(at) == (2, 14)
    assert not at.warning


def test_unknown_actor_and_invalid_date_are_ignored_with_a_notice(fake_backend):
    at = run({"actor": ["John Kerry", "Nobody <script>"], "from": "2016-02-31", "type": "nonsense"})
    notices = " ".join(w.value for w in at.warning)
    assert "Nobody" in notices and "2016\\-02\\-31" in notices and "nonsense" in notices
    assert len(at.warning) == 3
    assert at.sidebar.multiselect(key="f_actors").value == ["John Kerry"]
    assert shown(at) == (1, 14)


def test_step_button_moves_the_window(fake_backend):
    at = run({"from": "2016-01-01", "to": "2016-01-10"})
    at.sidebar.button(key="nm_step").click().run()
    assert at.sidebar.slider(key="f_window").value == (date(2016, 1, 10), date(2016, 1, 19))


def test_pasted_article_with_no_places_is_refused_and_nothing_stored(fake_backend):
    at = run()
    at.text_area(key="up_text").input("Nothing happened anywhere, ever, as far as anyone knows.").run()
    at.button(key="up_go").click().run()
    assert any("Not added" in e.value and "No places" in e.value for e in at.error)
    assert shown(at) == (14, 14)


def test_pasted_article_with_no_dates_is_refused(fake_backend):
    at = run()
    at.text_area(key="up_text").input("Officials met in Tripoli to talk.").run()
    at.button(key="up_go").click().run()
    assert any("No dates" in e.value for e in at.error)
    assert shown(at) == (14, 14)


def test_oversized_paste_is_refused_before_processing(fake_backend):
    at = run()
    at.text_area(key="up_text").input("Tripoli 2016-02-01. " * 120_000).run()
    assert any("2 MB" in e.value for e in at.error)
    assert at.button(key="up_go").disabled
    assert shown(at) == (14, 14)


def test_good_article_appears_in_the_views(fake_backend):
    at = run()
    at.text_area(key="up_text").input("On 2016-02-05 officials met in Tripoli. Talks went on in Sirte.").run()
    at.button(key="up_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Added" in s.value for s in at.success)
    total = shown(at)[1]
    assert total > 14


# ---------------------------------------------------------------- the real store and pipeline
def test_real_backend_seeds_the_empty_store_on_first_start():
    at = run()
    n, total = shown(at)
    assert total > 10 and n == total
    assert not at.error
    options = " ".join(at.sidebar.multiselect(key="f_actors").options)
    assert "Islamic State" in options


def test_real_backend_refuses_an_article_without_places():
    at = run()
    before = shown(at)[1]
    at.text_area(key="up_text").input("Nothing happened, and nobody said anything about it.").run()
    at.button(key="up_go").click().run()
    assert any("Not added" in e.value for e in at.error), [e.value for e in at.error]
    assert shown(at)[1] == before


def test_real_backend_adds_a_pasted_article():
    at = run()
    before = shown(at)[1]
    at.text_area(key="up_text").input(
        "On 3 February 2016 the mayor of Tripoli met officials from Misrata to discuss security in Sirte.").run()
    at.date_input[0].set_value(date(2016, 2, 5)).run()
    at.button(key="up_go").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Added" in s.value for s in at.success)
    assert shown(at)[1] > before
