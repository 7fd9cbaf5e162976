"""What a browser test reads off the dashboard page: the map's iframe and markers, the event count."""
from __future__ import annotations

import re

from tests.browser.conftest import act, settle

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


def markers(frame) -> dict:
    return frame.evaluate(_MARKERS_JS)


def shown(page) -> tuple[int, int]:
    loc = page.locator('[data-testid="stMarkdownContainer"]', has_text=re.compile(r"Showing \d+ of \d+ events"))
    loc.first.wait_for(timeout=60_000)
    m = re.search(r"Showing (\d+) of (\d+) events", loc.first.inner_text())
    return int(m.group(1)), int(m.group(2))


def body_has(page, pattern: str, timeout=60_000) -> None:
    """Wait until the page's text matches the regular expression ``pattern``; on a timeout, fail saying what the
    page showed instead (an error message, a job still running), not only that the wait ran out."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function("(p) => new RegExp(p).test(document.body.innerText)", arg=pattern, timeout=timeout)
    except Timeout:
        text = " ".join(page.locator("body").inner_text().split())
        raise AssertionError(f"the page never said /{pattern}/ in {timeout / 1000:.0f} s; it says: "
                             f"{text[:1500]}") from None


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
    """Open the app at ``url`` and wait for it to settle (see conftest.settle); return the map's frame."""
    page.goto(url)
    return settle(page)


def brush(page, start: float, end: float):
    """Drag a brush on the timeline from ``start`` to ``end`` (shares of its width), wait for the app to settle
    and say the window is brushed; return the map's frame."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()  # under the full-width map it may start below the window
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4

    def drag():
        page.mouse.move(box["x"] + box["width"] * start, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * end, y, steps=8)
        page.mouse.up()

    frame = act(page, drag)
    body_has(page, r"\(brushed\)")
    return frame


def brush_narrows(page, start: float, end: float):
    """Brush the timeline (see ``brush``) and check the list and the map both hold fewer events after; return
    the map's frame."""
    frame = settle(page)
    listed, drawn = shown(page)[0], markers(frame)["total"]
    frame = brush(page, start, end)
    assert shown(page)[0] < listed
    assert markers(frame)["total"] < drawn
    return frame


# A town marker alone at its spot (markers sharing a spot stay clustered at any zoom), as window.__target.
LONE_TOWN_JS = """() => {
    const g = window.feature_group; const fg = g[g.length - 1]; const all = [];
    fg.eachLayer(cl => (cl.getLayers ? cl.getLayers() : [cl]).forEach(m => all.push(m)));
    const n = {};
    all.forEach(m => { const k = m.getLatLng().toString(); n[k] = (n[k] || 0) + 1; });
    window.__target = all.find(m => m.options.className === 'nm-town' && n[m.getLatLng().toString()] === 1);
    return !!window.__target;
}"""


def open_article_form(page):
    """Open "Add your own article" (an expander: no rerun) and return its text area, once there."""
    settle(page)
    page.get_by_text("Add your own article").click()
    area = page.get_by_label("…or paste the article's text")
    area.wait_for(timeout=30_000)
    return area


def paste(page, text: str) -> None:
    """Paste ``text`` into the open form's text area and submit it (Ctrl+Enter); wait for the app to settle."""
    area = page.get_by_label("…or paste the article's text")
    area.fill(text)
    act(page, lambda: area.press("Control+Enter"))


def type_into(page, box, value: str, key: str = "Tab") -> None:
    """Type ``value`` into the text ``box`` and press ``key`` (Tab: leave it; Enter) so the app takes it, and
    settle; when the box holds that already nothing changes and nothing reruns."""
    if box.input_value() == value:
        return
    box.fill(value)
    act(page, lambda: box.press(key))


def open_list(page, box):
    """Open the select box ``box``'s list (a click, no rerun) and return its options. A rerun that lands
    meanwhile (the store watcher's, the map reporting its view) draws the box anew, closed: then settle and
    open it again."""
    from playwright.sync_api import TimeoutError as Timeout

    for _ in range(3):
        settle(page, map=False)
        box.click()
        options = page.get_by_role("option")
        try:
            options.first.wait_for(timeout=10_000)
            return options
        except Timeout:
            continue
    raise AssertionError(f"the list of {box} did not open in three clicks")


def add_article(page) -> None:
    """Press "Add article" and wait until the app says it was added, and has settled."""
    act(page, lambda: page.get_by_role("button", name="Add article").click(), says="Added")


# Centre the map on window.__target (see LONE_TOWN_JS) at zoom ``zoom``, without animation.
MOVE_TO_TARGET_JS = "(zoom) => { window.map.setView(window.__target.getLatLng(), zoom, {animate: false}); }"

# After the rerun, find that marker again (the rerun may have put new markers on the map): the town marker alone
# at its spot that is drawn nearest the map's centre; tag its path data-test="target" and keep it as __target.
TAG_TARGET_JS = """() => {
    const g = window.feature_group; const fg = g[g.length - 1]; const all = [];
    fg.eachLayer(cl => (cl.getLayers ? cl.getLayers() : [cl]).forEach(m => all.push(m)));
    const n = {};
    all.forEach(m => { const k = m.getLatLng().toString(); n[k] = (n[k] || 0) + 1; });
    const c = window.map.latLngToContainerPoint(window.map.getCenter());
    const lone = all.filter(m => m.options.className === 'nm-town' && n[m.getLatLng().toString()] === 1
                                 && m._map && m._path);
    if (!lone.length) { return false; }
    const d = m => window.map.latLngToContainerPoint(m.getLatLng()).distanceTo(c);
    lone.sort((a, b) => d(a) - d(b));
    window.__target = lone[0];
    document.querySelectorAll('[data-test="target"]').forEach(e => e.removeAttribute('data-test'));
    lone[0]._path.setAttribute('data-test', 'target');
    return true;
}"""

# The element ``sel`` of the map's document has kept its place and size over five looks (at polling=100 ms:
# half a second) and the map is not panning: an opened popup's auto-pan is over.
_STILL_JS = """(sel) => {
    const e = document.querySelector(sel);
    if (!e) { return false; }
    const r = e.getBoundingClientRect(), k = [r.left, r.top, r.width, r.height].map(Math.round).join(',');
    const w = window.__nmStill = window.__nmStill || {};
    if (!w[sel] || w[sel].k !== k) { w[sel] = {k: k, n: 0}; return false; }
    w[sel].n += 1;
    return w[sel].n >= 5 && !(window.map._panAnim && window.map._panAnim._inProgress) && !window.map._animatingZoom;
}"""


def still(frame, sel: str, timeout=30_000) -> None:
    """Wait until the element ``sel`` of the map's frame has stopped moving (see ``_STILL_JS``)."""
    frame.evaluate("() => { window.__nmStill = {}; }")
    frame.wait_for_function(_STILL_JS, arg=sel, polling=100, timeout=timeout)


def add_pasted(page, text: str, fields: dict[str, str]) -> None:
    """Paste ``text`` into "Add your own article", fill the form's text ``fields`` (label -> value), press
    "Add article" and wait until the app says it was added."""
    open_article_form(page)
    paste(page, text)
    for label, value in fields.items():
        type_into(page, page.get_by_role("textbox", name=label), value)
    add_article(page)


def placed_card(page):
    """The first list card of an event with a place on the map (the bordered block around its button)."""
    buttons = page.get_by_role("button", name="Show evidence")
    buttons.first.wait_for(timeout=60_000)
    for i in range(buttons.count()):
        card = buttons.nth(i).locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
        if "· no place" not in card.inner_text():
            return card
    raise AssertionError("no listed event has a place")
