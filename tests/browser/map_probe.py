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
    """The map's iframe once Leaflet has its markers. A rerun may replace the iframe (new data, Reset): a frame
    detached while waiting is skipped for the one that took its place."""
    from playwright.sync_api import Error

    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    for _ in range(200):
        frames = [f for f in page.frames if "st_folium" in f.url and not f.is_detached()]
        if frames:
            frame = frames[-1]
            try:
                frame.wait_for_function("() => window.feature_group && window.feature_group.length > 0",
                                        timeout=60_000)
            except Error as exc:
                if "detached" not in str(exc):
                    raise
                continue
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


def body_has(page, pattern: str, timeout=60_000) -> None:
    """Wait until the page's text matches the regular expression ``pattern``."""
    page.wait_for_function("(p) => new RegExp(p).test(document.body.innerText)", arg=pattern, timeout=timeout)


def map_view(frame) -> dict:
    """The Leaflet map's centre and zoom."""
    return frame.evaluate("() => { const c = window.map.getCenter();"
                          " return {lat: c.lat, lng: c.lng, zoom: window.map.getZoom()}; }")


def slider(page) -> dict:
    """The sidebar date slider: its two thumbs' boxes and values, and the ends of its track (ISO dates)."""
    s = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').first
    s.wait_for(timeout=60_000)
    thumbs = s.locator('input[type="range"]')  # each inside a hidden box inside its thumb
    boxes = [thumbs.nth(i).locator("xpath=../..").bounding_box() for i in range(thumbs.count())]
    values = [v.strip() for v in s.locator('[data-testid="stSliderThumbValue"]').all_inner_texts()]
    ends = s.locator('[data-testid="stSliderTickBar"] p').all_inner_texts()
    track = (ends[0].strip(), ends[-1].strip())
    return {"boxes": boxes, "values": values, "track": track, "width": s.bounding_box()["width"]}


def open_app(page, url: str):
    """Open the app at ``url`` and wait for the map and the page to settle; return the map's frame."""
    page.goto(url)
    frame = map_frame(page)
    settle(page)
    return frame


def brush(page, start: float, end: float) -> None:
    """Drag a brush on the timeline from ``start`` to ``end`` (shares of its width) and wait for the app to
    say the window is brushed."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()  # under the full-width map it may start below the window
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end, y, steps=8)
    page.mouse.up()
    body_has(page, r"\(brushed\)")


def brush_narrows(page, frame, start: float, end: float) -> None:
    """Brush the timeline (see ``brush``) and check the list and the map both hold fewer events after."""
    listed, drawn = shown(page)[0], markers(frame)["total"]
    brush(page, start, end)
    settle(page)
    assert shown(page)[0] < listed
    assert markers(frame)["total"] < drawn


# A town marker alone at its spot (markers sharing a spot stay clustered at any zoom), as window.__target.
LONE_TOWN_JS = """() => {
    const g = window.feature_group; const fg = g[g.length - 1]; const all = [];
    fg.eachLayer(cl => (cl.getLayers ? cl.getLayers() : [cl]).forEach(m => all.push(m)));
    const n = {};
    all.forEach(m => { const k = m.getLatLng().toString(); n[k] = (n[k] || 0) + 1; });
    window.__target = all.find(m => m.options.className === 'nm-town' && n[m.getLatLng().toString()] === 1);
    return !!window.__target;
}"""


def add_pasted(page, text: str, fields: dict[str, str]) -> None:
    """Paste ``text`` into "Add your own article", fill the form's text ``fields`` (label -> value), press
    "Add article" and wait until the app says it was added."""
    page.get_by_text("Add your own article").click()
    area = page.get_by_label("…or paste the article's text")
    area.wait_for(timeout=30_000)
    area.fill(text)
    area.press("Control+Enter")
    settle(page)
    box = None
    for label, value in fields.items():
        box = page.get_by_role("textbox", name=label)
        box.fill(value)
    if box is not None:
        box.press("Tab")
        settle(page)
    page.get_by_role("button", name="Add article").click()
    page.get_by_text("Added", exact=False).first.wait_for(timeout=120_000)
    settle(page)
