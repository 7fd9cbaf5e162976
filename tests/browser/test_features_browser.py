"""Features of issue #10 in headless Chromium on the seeded app (see conftest.py): counts over time."""
from __future__ import annotations

from pathlib import Path

from map_probe import brush_narrows, open_app, shown
from tests.browser.conftest import act

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

_BARS_JS = """(el) => [...el.querySelectorAll('g.mark-rect.role-mark:not([class*=brush]) path')].map(p => {
    const r = p.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width), Math.round(r.height),
                                                 p.getAttribute('fill')]; })"""


def test_counts_histogram_stacks_types_and_its_brush_narrows_map_and_list(page, app_url):
    open_app(page, app_url)
    act(page, lambda: page.get_by_text("Counts", exact=True).click())
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg g.mark-rect.role-mark:not([class*=brush]) path").first.wait_for(timeout=60_000)
    assert chart.locator("svg g.mark-symbol.role-mark path").count() == 0  # no per-event dots: bars of counts
    bars = chart.evaluate(_BARS_JS)
    columns: dict[int, set] = {}
    for left, _, _, fill in bars:
        columns.setdefault(left, set()).add(fill)
    assert any(len(fills) > 1 for fills in columns.values()), bars  # one bin holds several types, stacked
    assert "events per" in chart.evaluate("el => el.textContent")  # the y axis says what it counts
    page.screenshot(path=str(ARTIFACTS / "browser_counts.png"), full_page=True)
    brush_narrows(page, 0.55, 0.8)
    page.screenshot(path=str(ARTIFACTS / "browser_counts_brushed.png"), full_page=True)


def test_geojson_and_acled_downloads_hold_what_the_page_shows(page, app_url):
    import csv
    import io
    import json
    import re

    open_app(page, app_url)
    n_listed = shown(page)[0]
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text=re.compile(r"\d+ markers for \d+ events"))
    n_markers, n_mapped = map(int, re.search(r"(\d+) markers for (\d+) events", caption.first.inner_text()).groups())
    files = {}
    for label in ("Download GeoJSON", "Download ACLED CSV"):
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name=label, exact=True).click()
        files[label] = Path(dl.value.path()).read_text(encoding="utf-8")
    features = json.loads(files["Download GeoJSON"])["features"]
    placed = [f for f in features if f["geometry"]]
    # the opening view lists what the map shows: one feature per marker (before: one per event, 13 of 34)
    assert n_listed == n_mapped and len(placed) == n_markers > n_listed
    assert {f["properties"]["role"] for f in placed} == {"location", "mentioned"}
    rows = list(csv.DictReader(io.StringIO(files["Download ACLED CSV"])))
    assert len(rows) == n_listed
    assert list(rows[0])[:3] == ["event_date", "time_precision", "event_type"]
    assert {r["time_precision"] for r in rows} <= {"1", "2", "3", ""} and {"1", "3"} <= {r["time_precision"] for r in rows}
    assert {r["geo_precision"] for r in rows if r["location"]} <= {"1", "2", "3"}
