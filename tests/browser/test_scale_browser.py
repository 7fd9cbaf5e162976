"""The dashboard on more events than it draws (issue #12, item 3) in headless Chromium (see conftest.py): counts
per map cell at low zoom and the markers once the view holds few enough, on a SQLite store of replicated real
analyses; and the app on a Parquet dataset built here by ``python -m timeline build``."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.browser.conftest import fresh_app
from map_probe import open_app, shown
from tests.browser.conftest import act, settle

from dashboard.map_view import MARKER_MAX_EVENTS
from tests.replicated_store import ARTICLES, build_store
from timeline.query import Bounds, Filters

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"  # gitignored
_CELLS_JS = """() => ({cells: document.querySelectorAll('path.nm-cell').length,
    counts: [...document.querySelectorAll('.nm-cell-count')].map(d => Number(d.textContent)),
    markers: document.querySelectorAll('path.nm-town, path.nm-area, .marker-cluster').length})"""


@pytest.fixture(scope="module")
def many(chromium_path, tmp_path_factory):
    """An app on 2,000 events (400 replicated articles of 5), more placed ones than the map draws as markers."""
    tmp = tmp_path_factory.mktemp("many_app")
    build_store(tmp / "events.sqlite", articles=400, events_per_article=5)
    with fresh_app(tmp) as url:
        yield url, tmp / "events.sqlite"


def _caption(page, pattern: str) -> re.Match:
    loc = page.locator('[data-testid="stCaptionContainer"]', has_text=re.compile(pattern))
    loc.first.wait_for(timeout=60_000)
    return re.search(pattern, loc.first.inner_text())


def test_cells_with_counts_at_low_zoom_and_markers_zoomed_in(page, many):
    from timeline.store import Store

    url, db = many
    with Store.open(db) as store:
        total = store.event_count()
        placed = store.event_count(bbox=Bounds(-90, -180, 90, 180))
        # a spot to zoom into: the busiest 0.2-degree cell that holds few enough events for markers
        cells = [c for c in store.map_cells(size=0.2) if c.count <= MARKER_MAX_EVENTS // 2]
        spot = max(cells, key=lambda c: c.count)
    assert total == 2000 and placed > MARKER_MAX_EVENTS and spot.count > 0
    # every report by itself (reports=1): replicas of one article are reports of one incident, and this test
    # counts the map's cells and markers against the store's events
    frame = open_app(page, f"{url}/?reports=1")
    frame.wait_for_function("() => document.querySelectorAll('path.nm-cell').length > 0", timeout=60_000)
    drawn = frame.evaluate(_CELLS_JS)
    assert drawn["markers"] == 0 and drawn["cells"] == len(drawn["counts"]) > 0
    n_cells, n_counted = (int(x.replace(",", "")) for x in
                          _caption(page, r"(\d+) cells counting ([\d,]+) events").group(1, 2))
    assert n_cells == drawn["cells"]
    # an event with places in two cells counts in both: the cells' counts add up to the events at least
    assert sum(drawn["counts"]) >= n_counted > MARKER_MAX_EVENTS
    page.screenshot(path=str(ARTIFACTS / "browser_cells.png"), full_page=True)

    # zoom in on the spot: the view now holds few events, and they are drawn as markers
    s, w = spot.south, spot.west
    frame = act(page, lambda: frame.evaluate(
        f"() => window.map.fitBounds([[{s}, {w}], [{s + spot.size}, {w + spot.size}]], {{animate: false}})"))
    frame.wait_for_function("() => document.querySelectorAll('path.nm-town, path.nm-area, .marker-cluster')"
                            ".length > 0 && document.querySelectorAll('path.nm-cell').length === 0", timeout=60_000)
    frame = settle(page)
    n_markers, n_events = map(int, _caption(page, r"(\d+) markers for (\d+) events in the map view").group(1, 2))
    assert 0 < n_events <= MARKER_MAX_EVENTS and n_markers >= n_events
    listed, of = shown(page)
    assert of == total and listed == n_events  # the list holds the events in the view too
    view = frame.evaluate("() => { const b = window.map.getBounds(); return [b.getSouth(), b.getWest(), "
                          "b.getNorth(), b.getEast()]; }")
    with Store.open(db) as store:
        assert store.event_count(Filters(), bbox=Bounds(*view)) == pytest.approx(n_events, abs=2)
    page.screenshot(path=str(ARTIFACTS / "browser_cells_zoomed.png"), full_page=True)


def test_the_app_on_a_dataset_built_by_timeline_build(page, chromium_path, tmp_path):
    from timeline.store.duck import DuckStore

    out = tmp_path / "ds"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "timeline", "build", str(ARTICLES), "--out", str(out),
                           "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    with DuckStore(out) as duck:
        total = duck.event_count()
    with fresh_app(tmp_path, ["--dataset", str(out)]) as url:
        frame = open_app(page, url)
        assert shown(page)[1] == total > 0
        frame.wait_for_function("() => document.querySelectorAll('path.nm-town, path.nm-area, .marker-cluster')"
                                ".length > 0", timeout=60_000)
        page.get_by_text("Add your own article").click()
        page.get_by_text("does not change", exact=False).first.wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Add article").count() == 0
        page.screenshot(path=str(ARTIFACTS / "browser_dataset.png"), full_page=True)
