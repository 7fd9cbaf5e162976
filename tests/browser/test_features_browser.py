"""Features of issue #10 in headless Chromium on the seeded app (see conftest.py): counts over time."""
from __future__ import annotations

from pathlib import Path

from map_probe import body_has, map_frame, markers, settle, shown

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

_BARS_JS = """(el) => [...el.querySelectorAll('g.mark-rect.role-mark:not([class*=brush]) path')].map(p => {
    const r = p.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width), Math.round(r.height),
                                                 p.getAttribute('fill')]; })"""


def test_counts_histogram_stacks_types_and_its_brush_narrows_map_and_list(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    settle(page)
    before, markers_before = shown(page)[0], markers(frame)["total"]
    page.get_by_text("Counts", exact=True).click()
    settle(page)
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
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=8)
    page.mouse.up()
    body_has(page, r"\(brushed\)")
    settle(page)
    assert shown(page)[0] < before
    assert markers(frame)["total"] < markers_before
    page.screenshot(path=str(ARTIFACTS / "browser_counts_brushed.png"), full_page=True)
