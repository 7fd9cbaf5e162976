"""Issue #21: a heat layer whose counts follow the time window (kepler.gl's grid, folium #1391), in headless
Chromium on the seeded app (see conftest.py)."""
from __future__ import annotations

import re
from pathlib import Path

from map_probe import body_has, open_app
from tests.browser.conftest import MAP_IFRAME, act

from dashboard.map_view import HEAT_RAMP

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

# The heat cells drawn: each one's count (from its tooltip) and fill colour
_HEAT_JS = """() => {
    const out = [], g = window.feature_group, fg = g[g.length - 1];
    const look = l => { if (l.eachLayer) { l.eachLayer(look); }
                        else if (l.options && l.options.className === 'nm-heat') {
        out.push([Number(String(l.getTooltip().getContent()).split(' ')[0]), l.options.fillColor]); } };
    fg.eachLayer(look);
    return {cells: out, drawn: document.querySelectorAll('path.nm-heat').length,
            markers: document.querySelectorAll('path.nm-town, path.nm-area').length};
}"""


def _heat(frame) -> dict:
    return frame.evaluate(_HEAT_JS)


def test_the_heat_layer_counts_what_the_window_holds(page, app_url):
    frame = open_app(page, app_url)
    assert _heat(frame)["drawn"] == 0  # markers until the reader asks for heat
    frame = act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_text("Heat map").click())
    heat = _heat(frame)
    assert heat["drawn"] == len(heat["cells"]) > 1 and heat["markers"] == 0
    assert all(color in HEAT_RAMP for _, color in heat["cells"])
    # the busiest cell the darkest, the ramp climbing with the count
    by_count = sorted(heat["cells"])
    assert by_count[-1][1] == HEAT_RAMP[-1]
    assert [HEAT_RAMP.index(c) for _, c in by_count] == sorted(HEAT_RAMP.index(c) for _, c in by_count)
    caption = re.search(r"Heat map: ([\d,]+) cells holding ([\d,]+) events", page.locator("body").inner_text())
    assert int(caption.group(1)) == len(heat["cells"]) and int(caption.group(2)) == sum(n for n, _ in heat["cells"])
    assert "heat=1" in page.url
    page.locator(MAP_IFRAME).last.screenshot(path=str(ARTIFACTS / "browser_heat.png"))
    # a week's window: the cells count that week's events only
    whole = sum(n for n, _ in heat["cells"])
    frame = open_app(page, app_url + "/?heat=1&from=2016-01-25&to=2016-01-31")
    week_cells = sorted(_heat(frame)["cells"])
    week = sum(n for n, _ in week_cells)
    assert 0 < week < whole
    # Step moves the window on, and the heat with it
    frame = act(page, lambda: page.get_by_role("button", name="▶ Step").click())
    body_has(page, r"Date window: 2016-01-31 to 2016-02-06")  # moved on by its width
    stepped = sorted(_heat(frame)["cells"])
    assert stepped and stepped != week_cells
