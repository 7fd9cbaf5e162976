"""The evidence view of issue #10 in headless Chromium on the seeded app (see conftest.py): a click on an event's
list card, its timeline mark or its map marker opens its article with the sentence, places and dates marked,
flies the map to it and rings it on the timeline."""
from __future__ import annotations

import re
from pathlib import Path

from map_probe import LONE_TOWN_JS, MOVE_TO_TARGET_JS, TAG_TARGET_JS, map_view, open_app, placed_card
from tests.browser.conftest import act

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

PANEL = ".nm-evidence"
SENTENCE = ".nm-evidence mark.nm-ev-sentence"
RING = "svg [class*=nm_evidence] path"  # the timeline layer that rings the chosen event
# a marker of the map drawn where the map's centre is, to a few pixels (Leaflet rounds the view to whole pixels):
# the map flew to the event's place
MARKER_AT_CENTRE_JS = """() => {
    const map = window.map, c = map.latLngToContainerPoint(map.getCenter()), g = window.feature_group;
    const fg = g[g.length - 1]; let hit = false;
    fg.eachLayer(cl => (cl.getLayers ? cl.getLayers() : [cl]).forEach(m => {
        if (map.latLngToContainerPoint(m.getLatLng()).distanceTo(c) < 4) { hit = true; } }));
    return hit;
}"""
HEAD = "The event's sentence is highlighted"  # the panel's heading line names the event's date and article


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_list_card_opens_the_marked_article_flies_the_map_and_rings_the_timeline(page, app_url):
    frame = open_app(page, app_url)
    assert page.locator(PANEL).count() == 0  # nothing chosen yet
    before = map_view(frame)
    card = placed_card(page)
    sentence = card.locator('[data-testid="stMarkdownContainer"] p').first.inner_text().split("\n")[1]
    frame = act(page, lambda: card.get_by_role("button", name="Show evidence").click())
    page.locator(SENTENCE).first.wait_for(timeout=60_000)
    marked = _flat(page.locator(SENTENCE).first.inner_text())
    assert marked == _flat(sentence), (marked, sentence)  # the event's own sentence, whole, is the one marked
    text = page.locator(PANEL).first.text_content()
    assert len(text) > 5 * len(marked)  # the whole article (the part before the sentence folded), not the sentence
    # places and dates of the text are marked inside it, the event's own among them
    assert page.locator(f"{PANEL} .nm-ev-place").count() >= 3 and page.locator(f"{PANEL} .nm-ev-date").count() >= 2
    assert page.locator(f"{SENTENCE} .nm-ev-own").count() >= 1
    # the map flew to the event: another view, centred on one of its markers
    frame.wait_for_function(f"() => window.map.getZoom() !== {before['zoom']} || "
                            f"Math.abs(window.map.getCenter().lat - {before['lat']}) > 1e-3", timeout=30_000)
    assert frame.evaluate(MARKER_AT_CENTRE_JS)
    assert map_view(frame)["zoom"] in (5, 8)
    # the timeline rings it
    page.locator(RING).first.wait_for(state="attached", timeout=30_000)
    page.locator(SENTENCE).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "evidence.png"))
    act(page, lambda: page.get_by_role("button", name="Close", exact=True).click())
    page.wait_for_selector(PANEL, state="detached", timeout=30_000)
    assert page.locator(RING).count() == 0


def test_a_timeline_mark_and_a_map_marker_open_their_evidence(page, app_url):
    frame = open_app(page, app_url)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    dot = chart.locator("svg g.mark-symbol.role-mark path").first
    dot.wait_for(timeout=60_000)
    # under the full-width map the chart starts low: bring the mark to mid-window, clear of the sticky header
    dot.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = dot.bounding_box()  # a click where the mark is: the topmost mark there (events of one day overlap)
    act(page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    page.locator(SENTENCE).first.wait_for(timeout=60_000)
    page.locator(RING).first.wait_for(state="attached", timeout=30_000)
    first = page.locator(SENTENCE).first.inner_text()
    frame = act(page, lambda: page.get_by_role("button", name="Close", exact=True).click())
    page.wait_for_selector(PANEL, state="detached", timeout=30_000)

    # a marker alone at its spot, clicked as a reader would: its event's evidence opens, the map centred on it
    assert frame.evaluate(LONE_TOWN_JS)
    frame = act(page, lambda: frame.evaluate(MOVE_TO_TARGET_JS, 10))  # a new view: the app reruns
    assert frame.evaluate(TAG_TARGET_JS)
    tip = frame.evaluate("() => String(window.__target.getTooltip().getContent())")
    frame = act(page, lambda: frame.locator('[data-test="target"]').click())
    page.locator(SENTENCE).first.wait_for(timeout=60_000)
    assert frame.evaluate(MARKER_AT_CENTRE_JS)
    day = re.match(r"\d{4}-\d\d-\d\d", tip)
    if day:  # the panel is about that marker's event (its date heads the panel)
        assert day.group(0) in page.locator('[data-testid="stMarkdownContainer"]', has_text=HEAD).last.inner_text()
    assert first  # the timeline's pick had a sentence too
