"""The dashboard in headless Chromium with every non-loopback request blocked (see conftest.py).

The app runs with the real backend on a fresh store, so it starts by ingesting the seeds; the
assertions hold for any reasonable reading of the seed article. Screenshots go to artifacts/ (gitignored).
"""
from __future__ import annotations

import json
from pathlib import Path

from dashboard import offline_assets
from map_probe import (LONE_TOWN_JS, MOVE_TO_TARGET_JS, TAG_TARGET_JS, add_article, add_pasted, brush_narrows, markers,
                       open_app, open_article_form, paste, shown, still)
from tests.browser.conftest import act, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

XSS = "<script>alert(1)</script>"


def test_map_renders_the_seed_markers_offline(page, app_url):
    frame = open_app(page, app_url)
    info = markers(frame)
    assert info["total"] >= 10, info
    tips = " ".join(info["tips"])
    for place in ("Sirte", "Tripoli", "Rome", "Lampedusa", "Paris"):
        assert place in tips, (place, tips)
    assert info["drawn"] > 0  # markers or clusters are really in the DOM
    note = frame.locator(".nm-note").inner_text()
    assert "Offline map" in note
    if offline_assets.world_atlas_file() is not None:
        # the outlines are fetched after the map is drawn: wait for them (a quiet page says nothing of a fetch)
        frame.wait_for_function("() => document.querySelectorAll('.leaflet-outlines-pane path').length > 50",
                                timeout=60_000)
        info = markers(frame)
        assert info["outlines"] > 50  # Natural Earth outlines came from /app/static, not a tile server
    else:  # world-atlas not installed (npm step skipped): the map says so
        assert "no outline data" in note
    assert frame.locator(".nm-legend").is_visible()
    page.screenshot(path=str(ARTIFACTS / "browser_initial.png"), full_page=True)


def test_narrower_date_window_in_the_url_lowers_the_marker_count(page, app_url):
    frame = open_app(page, app_url)
    before = markers(frame)["total"]
    shown_before = shown(page)
    frame = open_app(page, app_url + "/?from=2016-01-30&to=2016-02-05")
    after = markers(frame)
    assert 0 < after["total"] < before, (after["total"], before)
    assert shown(page)[0] < shown_before[0]
    assert "from=2016-01-30" in page.url
    page.screenshot(path=str(ARTIFACTS / "browser_date_window.png"), full_page=True)


def test_choosing_an_actor_narrows_the_list_and_the_map(page, app_url):
    frame = open_app(page, app_url)
    total_before = markers(frame)["total"]
    shown_before, _ = shown(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.keyboard.type("John Kerry")
    act(page, lambda: page.keyboard.press("Enter"))
    page.keyboard.press("Escape")
    frame = settle(page)
    # Kerry's two happenings: the meeting in Rome on February 8 and the talks four days before it
    assert shown(page)[0] == 2 < shown_before
    assert markers(frame)["total"] < total_before
    assert "actor=John+Kerry" in page.url or "actor=John%20Kerry" in page.url
    assert page.locator("em", has_text="John Kerry").count() == 2  # the two cards' actor lines
    assert page.get_by_text("Muammar Gaddafi", exact=False).count() == 0  # the other cards are gone
    page.screenshot(path=str(ARTIFACTS / "browser_actor.png"), full_page=True)


def test_downloads_hold_the_listed_events(page, app_url):
    open_app(page, app_url + "/?actor=John+Kerry")
    assert shown(page)[0] == 2
    files = {}
    for label in ("Download CSV", "Download JSON"):  # built on click, one after the other, no rerun between
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name=label).click()
        files[label] = Path(dl.value.path()).read_text(encoding="utf-8")
    rows = files["Download CSV"].strip().split("\n")
    assert len(rows) == 3 and rows[0].startswith("id,") and all("John Kerry" in r for r in rows[1:])
    events = json.loads(files["Download JSON"])["events"]
    assert len(events) == 2 and all("John Kerry" in e["actors"] for e in events)


def test_brushing_the_timeline_filters_the_map_and_the_list(page, app_url):
    open_app(page, app_url + "/?from=2016-01-10&to=2016-02-08")
    brush_narrows(page, 0.55, 0.75)
    page.screenshot(path=str(ARTIFACTS / "browser_brush.png"), full_page=True)


def test_clicking_a_marker_selects_its_events(page, app_url):
    frame = open_app(page, app_url)
    shown_before = shown(page)[0]
    # bring a town marker alone at its spot (markers sharing one stay clustered) out of its cluster and
    # click it like a reader would
    assert frame.evaluate(LONE_TOWN_JS)
    frame = act(page, lambda: frame.evaluate(MOVE_TO_TARGET_JS, 10))  # a new view: the app reruns
    assert frame.evaluate(TAG_TARGET_JS)
    act(page, lambda: frame.locator('[data-test="target"]').click())
    page.wait_for_function("() => /at the clicked marker/.test(document.body.innerText)", timeout=60_000)
    n = shown(page)[0]
    assert 1 <= n < shown_before  # the popup's auto-pan may move the marker out of view: it stays selected
    page.screenshot(path=str(ARTIFACTS / "browser_marker_click.png"), full_page=True)
    act(page, lambda: page.get_by_role("button", name="Clear marker selection").click())
    page.wait_for_function("() => !/at the clicked marker/.test(document.body.innerText)", timeout=60_000)
    assert page.get_by_role("button", name="Clear marker selection").count() == 0


HOSTILE = ("On 1 February 2016 a spokesman in Tripoli said \"<script>alert(1)</script>\" and "
           "'<img src=x onerror=alert(1)>' to reporters in Tripoli.")


def test_article_without_places_is_refused_in_the_app(page, app_url):
    open_app(page, app_url)
    total = shown(page)[1]
    open_article_form(page)
    paste(page, "Nothing happened, and nobody said anything about it.")
    act(page, lambda: page.get_by_role("button", name="Add article").click(), says="Not added")
    assert shown(page)[1] == total
    page.screenshot(path=str(ARTIFACTS / "browser_upload_refused.png"), full_page=True)


def test_hostile_article_text_shows_as_text_and_runs_nothing(page, app_url):
    open_app(page, app_url)
    total = shown(page)[1]
    add_pasted(page, HOSTILE, {"Title": 'Hostile <b>title</b> "quoted" & \'single\'',
                               "Source": "<img src=x onerror=alert(1)>", "URL": "javascript:alert(1)"})
    assert shown(page)[1] > total
    # the event list shows the markup as text, and nothing was turned into an element
    assert page.get_by_text(XSS, exact=False).count() >= 1
    assert page.locator('img[src="x"]').count() == 0
    # open the hostile event's popup on the map
    frame = settle(page)
    frame.wait_for_function("""() => { const g = window.feature_group; const fg = g[g.length - 1]; let hit = false;
        fg.eachLayer(c => (c.getLayers ? c.getLayers() : []).forEach(m => {
            if (String(m.getPopup().getContent()).indexOf('alert(1)') >= 0) { hit = true; } })); return hit; }""",
                            timeout=60_000)
    # show that marker's popup content the way Leaflet does (innerHTML of the string we built)
    frame.evaluate("""() => {
        const g = window.feature_group; const fg = g[g.length - 1]; let hit = null;
        fg.eachLayer(c => (c.getLayers ? c.getLayers() : []).forEach(m => {
            if (String(m.getPopup().getContent()).indexOf('alert(1)') >= 0) { hit = m; } }));
        window.map.setView(hit.getLatLng(), 8, {animate: false});
        L.popup({maxWidth: 340}).setLatLng(hit.getLatLng()).setContent(hit.getPopup().getContent()).openOn(window.map);
    }""")
    popup = frame.locator(".leaflet-popup-content")
    popup.first.wait_for(timeout=30_000)
    text = popup.first.inner_text()
    assert XSS in text and "onerror=alert(1)" in text
    assert "How sure: place score" in text  # the sureness line (issue #10) is escaped text as well
    assert frame.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    assert frame.locator(".leaflet-popup-content a").count() == 0  # the javascript: URL is not a link
    still(frame, ".leaflet-popup")
    page.screenshot(path=str(ARTIFACTS / "browser_escaping.png"), full_page=True)
    # the evidence view shows the whole hostile article as text, its sentence marked (issue #10)
    settle(page)
    act(page, lambda: page.locator('[data-testid="stVerticalBlock"]').filter(
        has=page.get_by_role("button", name="Show evidence")).filter(has_text="alert(1)").last  # the innermost
        .get_by_role("button", name="Show evidence").click())
    panel = page.locator(".nm-evidence")
    panel.locator("mark.nm-ev-sentence").first.wait_for(timeout=60_000)
    assert XSS in panel.first.text_content() and "onerror=alert(1)" in panel.first.text_content()
    assert panel.locator("script, img, a").count() == 0 and page.locator('img[src="x"]').count() == 0


_PLACE_UNDER_LEGEND_JS = """() => {
    const map = window.map, c = map.getContainer();
    if (!window.__target) {
        const g = window.feature_group; const fg = g[g.length - 1];
        fg.eachLayer(cl => (cl.getLayers ? cl.getLayers() : [cl]).forEach(m => {
            if (String(m.getTooltip().getContent()).indexOf('Paris') >= 0) { window.__target = m; } }));
    }
    const t = window.__target;
    map.closePopup();
    map.setView(t.getLatLng(), 10, {animate: false});
    // put the marker just under the legend's middle: a popup opening above it would reach under the legend
    const lg = c.querySelector('.nm-legend').getBoundingClientRect(), cr = c.getBoundingClientRect();
    const want = L.point(lg.left - cr.left + lg.width / 2, lg.bottom - cr.top + 30);
    map.panBy(map.latLngToContainerPoint(t.getLatLng()).subtract(want), {animate: false});
    return Math.round(lg.bottom - cr.top);
}"""

_POPUP_BOX_JS = """() => {
    const p = document.querySelector('.leaflet-popup'), l = document.querySelector('.nm-legend');
    if (!p) { return null; }
    const a = p.getBoundingClientRect(), b = l.getBoundingClientRect();
    const c = window.map.getContainer().getBoundingClientRect();
    return {overlap: a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom,
            top: a.top - c.top, bottom: c.bottom - a.bottom, legend_bottom: b.bottom - c.top};
}"""


def _popup_box(frame):
    frame.wait_for_function("() => document.querySelector('.leaflet-popup')", timeout=30_000)
    still(frame, ".leaflet-popup")  # after the auto-pan
    return frame.evaluate(_POPUP_BOX_JS)


def test_popups_open_clear_of_the_legend(page, app_url):
    frame = open_app(page, app_url)
    assert frame.evaluate(_PLACE_UNDER_LEGEND_JS) > 60  # the legend is there, with rows
    # Leaflet's own popup, opened there, would sit under the legend (controls are above every map pane)
    frame.evaluate("() => { L.popup({maxWidth: 340}).setLatLng(window.__target.getLatLng())"
                   ".setContent(window.__target.getPopup().getContent()).openOn(window.map); }")
    plain = _popup_box(frame)
    assert plain and plain["overlap"], plain
    # the marker's own popup pans the map until it is clear of the legend
    frame.evaluate(_PLACE_UNDER_LEGEND_JS)
    frame.evaluate("() => { window.__target.openPopup(); }")  # (returning the marker would serialise the map)
    box = _popup_box(frame)
    assert box and not box["overlap"], box
    assert box["top"] >= box["legend_bottom"] and box["bottom"] >= 0, box
    page.screenshot(path=str(ARTIFACTS / "browser_popup_legend.png"), full_page=True)


def test_uploaded_html_page_is_read_once_and_its_events_are_added(page, app_url, tmp_path):
    # An .html upload used to be turned into text by the form and then read as HTML again ("no article text
    # found"): now the one article reader extracts the page once, title and date included.
    html = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "coalition-sirte.html"
    open_app(page, app_url)
    total = shown(page)[1]
    open_article_form(page)
    act(page, lambda: page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(html)))
    assert page.get_by_role("textbox", name="Title").input_value() == "Coalition weighs strikes on Sirte"
    add_article(page)
    assert shown(page)[1] > total
    assert page.get_by_text("Sirte", exact=False).count() >= 1
    page.screenshot(path=str(ARTIFACTS / "browser_html_upload.png"), full_page=True)
