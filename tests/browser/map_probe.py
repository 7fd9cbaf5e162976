"""What a browser test reads off the dashboard page: the map's iframe and markers, the event count."""
from __future__ import annotations

import re

_MARKERS_JS = """() => {
    const groups = window.feature_group || [];
    if (!groups.length) { return null; }
    const fg = groups[groups.length - 1];
    const tips = [];
    fg.eachLayer(c => (c.getLayers ? c.getLayers() : [c]).forEach(m => {
        const t = m.getTooltip && m.getTooltip();
        tips.push(t ? String(t.getContent()) : '');
    }));
    const drawn = document.querySelectorAll('path.nm-town, path.nm-area, .marker-cluster').length;
    const outlines = document.querySelectorAll('.leaflet-outlines-pane path').length;
    return {total: tips.length, tips: tips, drawn: drawn, outlines: outlines, n: groups.length};
}"""


def map_frame(page):
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    for _ in range(200):
        frames = [f for f in page.frames if "st_folium" in f.url]
        if frames:
            frame = frames[0]
            frame.wait_for_function("() => window.feature_group && window.feature_group.length > 0", timeout=60_000)
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("the map component never loaded")


def markers(frame) -> dict:
    return frame.evaluate(_MARKERS_JS)


def shown(page) -> tuple[int, int]:
    loc = page.locator('[data-testid="stMarkdownContainer"]', has_text=re.compile(r"Showing \d+ of \d+ events"))
    loc.first.wait_for(timeout=60_000)
    m = re.search(r"Showing (\d+) of (\d+) events", loc.first.inner_text())
    return int(m.group(1)), int(m.group(2))


def settle(page, ms=1500):
    page.wait_for_timeout(ms)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
