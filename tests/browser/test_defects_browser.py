"""The defects of issue #10 that a reader hits on the map and the timeline, each reproduced in headless Chromium
on the seeded app (see conftest.py). None of these tests adds an article (the upload ones have their own app).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from dashboard import offline_assets
from map_probe import (LONE_TOWN_JS, MOVE_TO_TARGET_JS, TAG_TARGET_JS, body_has, brush, map_view, open_app, shown,
                       still)
from tests.browser.conftest import act, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

# A cluster whose markers are on different spots (so zooming in can split it), its icon tagged for a click.
_TAG_SPLITTABLE_CLUSTER_JS = """() => {
    const g = window.feature_group; const fg = g[g.length - 1]; let found = null;
    fg.eachLayer(group => {
        const inner = group._featureGroup; if (!inner) { return; }
        inner.eachLayer(c => {
            if (found || !c.getAllChildMarkers || !c._icon) { return; }
            const spots = new Set(c.getAllChildMarkers().map(m => m.getLatLng().toString()));
            if (spots.size > 1) { found = c; }
        });
    });
    if (!found) { return false; }
    found._icon.setAttribute('data-test', 'cluster');
    return true;
}"""


def test_clicking_a_cluster_zooms_into_it_and_selects_nothing(page, app_url):
    frame = open_app(page, app_url)
    shown_before = shown(page)[0]
    assert frame.evaluate(_TAG_SPLITTABLE_CLUSTER_JS), "no cluster of several spots on the opening view"
    zoom_before = map_view(frame)["zoom"]
    frame = act(page, lambda: frame.locator('[data-test="cluster"]').click())  # the map zooms: new bounds, a rerun
    assert map_view(frame)["zoom"] > zoom_before  # Leaflet.markercluster zoomed to the cluster's markers
    assert "at the clicked marker" not in page.locator("body").inner_text()
    assert shown(page)[0] > 0
    page.screenshot(path=str(ARTIFACTS / "browser_cluster_click.png"), full_page=True)
    assert shown_before > 0


# Outline rings (of the polygons Leaflet holds) with an edge jumping more than half the globe: drawn as a
# stripe across the map. Antarctica's ring runs along the pole off the Mercator map and is left out.
_ANTIMERIDIAN_JUMPS_JS = """() => {
    const bad = [];
    window.map.eachLayer(l => {
        if (!l.feature || !l.getLatLngs || l.options.pane !== 'outlines') { return; }
        const rings = [];
        (function walk(a) { if (a.length && a[0].lat !== undefined) { rings.push(a); } else { a.forEach(walk); } })(l.getLatLngs());
        rings.forEach(r => {
            if (Math.min.apply(null, r.map(p => p.lat)) < -80) { return; }
            for (let i = 0; i < r.length; i++) {
                const a = r[i], b = r[(i + 1) % r.length];
                if (Math.abs(a.lng - b.lng) > 180) { bad.push(l.feature.properties.name); return; }
            }
        });
    });
    return bad;
}"""


def test_country_outlines_do_not_stripe_across_the_map(page, app_url):
    if offline_assets.world_atlas_file() is None:
        import pytest
        pytest.skip("world-atlas is not installed: no outlines to draw")
    frame = open_app(page, app_url)
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-outlines-pane path').length > 50",
                            timeout=60_000)
    # Russia, Fiji and the date line
    frame = act(page, lambda: frame.evaluate("() => window.map.setView([40, 100], 1, {animate: false})"))
    assert frame.evaluate(_ANTIMERIDIAN_JUMPS_JS) == []  # before the fix: ['Fiji', 'Russia']
    page.screenshot(path=str(ARTIFACTS / "browser_antimeridian.png"), full_page=True)


_PLACE_UNDER_ZOOM_CONTROL_JS = """() => {
    const map = window.map, c = map.getContainer(), t = window.__target;
    map.closePopup();
    map.setView(t.getLatLng(), 10, {animate: false});
    const z = c.querySelector('.leaflet-control-zoom').getBoundingClientRect(), cr = c.getBoundingClientRect();
    const want = L.point(z.right - cr.left + 20, z.bottom - cr.top + 30);
    map.panBy(map.latLngToContainerPoint(t.getLatLng()).subtract(want), {animate: false});
}"""

_POPUP_VS_ZOOM_JS = """() => {
    const p = document.querySelector('.leaflet-popup'), z = document.querySelector('.leaflet-control-zoom');
    if (!p) { return null; }
    const a = p.getBoundingClientRect(), b = z.getBoundingClientRect();
    return a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
}"""


def test_popup_opens_clear_of_the_zoom_control(page, app_url):
    frame = open_app(page, app_url)
    assert frame.evaluate(LONE_TOWN_JS)
    frame.evaluate(_PLACE_UNDER_ZOOM_CONTROL_JS)
    frame.evaluate("() => { window.__target.openPopup(); }")
    frame.wait_for_function("() => document.querySelector('.leaflet-popup')", timeout=30_000)
    still(frame, ".leaflet-popup")  # the auto-pan is over
    assert frame.evaluate(_POPUP_VS_ZOOM_JS) is False
    page.screenshot(path=str(ARTIFACTS / "browser_popup_zoom.png"), full_page=True)


_TIMELINE_MARKS_JS = """(el) => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const pts = [...el.querySelectorAll('g.mark-symbol.role-mark path')].map(box);
    const bars = [...el.querySelectorAll('g.mark-rect.role-mark:not([class*=brush]) path')].map(box);
    const texts = [...el.querySelectorAll('g.mark-text.role-mark text')];
    const labels = texts.map(t => t.textContent);
    let overlaps = 0;
    pts.forEach(p => bars.forEach(b => { if (p[0] < b[2] && p[2] > b[0] && p[1] < b[3] && p[3] > b[1]) { overlaps++; } }));
    // each count label: does it sit inside a dot (its box within the dot's box, to a pixel)?
    const within = (t, p) => t[0] >= p[0] - 1 && t[2] <= p[2] + 1 && t[1] >= p[1] - 1 && t[3] <= p[3] + 1;
    const placed = texts.map(box).map(t => ({inside: pts.some(p => within(t, p))}));
    return {points: pts.length, bars: bars.length, overlaps: overlaps, labels: labels, placed: placed};
}"""


def test_timeline_points_stay_off_the_bars_and_show_their_count(page, app_url):
    open_app(page, app_url)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg g.mark-symbol.role-mark path").first.wait_for(timeout=60_000)
    marks = chart.evaluate(_TIMELINE_MARKS_JS)
    assert marks["points"] > 0 and marks["bars"] > 0, marks
    assert marks["overlaps"] == 0, marks  # before: day points drawn over week bars ("(O(O(O")
    # several events of one type on one day: one dot with its count beside it
    assert any(re.fullmatch(r"\d+", t) and int(t) >= 2 for t in marks["labels"]), marks["labels"]
    # the count is written inside its dot, never beside it where the next day's dot is ("●2●2")
    assert all(p["inside"] for p in marks["placed"]), marks["placed"]
    page.screenshot(path=str(ARTIFACTS / "browser_timeline_marks.png"), full_page=True)


def test_empty_view_says_so_and_reset_brings_the_events_back(page, app_url):
    frame = open_app(page, app_url)
    total_shown = shown(page)[0]
    # the empty South Pacific
    act(page, lambda: frame.evaluate("() => window.map.setView([-45, -140], 7, {animate: false})"))
    page.wait_for_function("() => /Showing 0 of/.test(document.body.innerText)", timeout=60_000)
    body_has(page, "No events in this view")
    page.screenshot(path=str(ARTIFACTS / "browser_empty_view.png"), full_page=True)
    # Reset: a new iframe, back on the data (Libya, Europe), not the Pacific
    frame = act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Reset").click())
    page.wait_for_function("(n) => new RegExp('Showing ' + n + ' of').test(document.body.innerText)",
                           arg=total_shown, timeout=60_000)
    lng = map_view(frame)["lng"]
    assert abs(lng) < 60, lng


def test_share_link_restores_brush_map_view_and_selected_marker(page, app_url, browser):
    open_app(page, app_url)
    frame = brush(page, 0.3, 0.9)
    # move the map onto a town marker still shown (alone at its spot, so it leaves its cluster) and click it
    assert frame.evaluate(LONE_TOWN_JS)
    frame = act(page, lambda: frame.evaluate(MOVE_TO_TARGET_JS, 9))
    assert frame.evaluate(TAG_TARGET_JS)
    frame = act(page, lambda: frame.locator('[data-test="target"]').click())
    body_has(page, "at the clicked marker")
    text = page.locator("body").inner_text()
    window = re.search(r"Date window: (\S+) to (\S+) \(brushed\)", text).groups()
    n = shown(page)[0]
    view = map_view(frame)
    link = page.url
    q = parse_qs(urlparse(link).query)
    assert {"brush", "view", "at"} <= set(q), link
    # the link, opened by someone else
    other = page.context.new_page()
    other.goto(link)
    frame2 = settle(other)
    text2 = other.locator("body").inner_text()
    assert re.search(r"Date window: (\S+) to (\S+) \(brushed\)", text2).groups() == window
    assert "at the clicked marker" in text2
    assert shown(other)[0] == n
    view2 = map_view(frame2)
    assert abs(view2["lat"] - view["lat"]) < 0.5 and abs(view2["lng"] - view["lng"]) < 0.5, (view, view2)
    assert abs(view2["zoom"] - view["zoom"]) <= 1, (view, view2)
    other.screenshot(path=str(ARTIFACTS / "browser_share_link.png"), full_page=True)
    other.close()
