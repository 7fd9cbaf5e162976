"""Curation of issue #10 in headless Chromium on an app of this module's own (a fresh store, see conftest.py):
correct an event's date and place from its evidence panel, and delete an article after confirming."""
from __future__ import annotations

from pathlib import Path

from map_probe import add_pasted, body_has, map_frame, open_app, settle, shown

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored
HEAD = "The event's sentence is highlighted"  # the evidence panel's heading line
ADDED = ("BENGHAZI, 3 March 2016 - Protesters gathered in Benghazi on Thursday, police said. "
         "The crowd later marched to the port of Benghazi.")


def _card(page, text: str):
    """The innermost list card holding ``text`` and a "Show evidence" button."""
    return page.locator('[data-testid="stVerticalBlock"]').filter(
        has=page.get_by_role("button", name="Show evidence")).filter(has_text=text).last


def _head(page) -> str:
    return page.locator('[data-testid="stMarkdownContainer"]', has_text=HEAD).last.inner_text()


def _first_placed_sentence(page) -> str:
    """The sentence of the first listed event with a place (its card's second line)."""
    buttons = page.get_by_role("button", name="Show evidence")
    buttons.first.wait_for(timeout=60_000)
    for i in range(buttons.count()):
        card = buttons.nth(i).locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
        lines = card.locator('[data-testid="stMarkdownContainer"] p').first.inner_text().split("\n")
        if "· no place" not in lines[0]:
            return lines[1]
    raise AssertionError("no listed event has a place")


def test_correct_a_date_and_a_place_then_delete_an_article(page, own_app_url):
    open_app(page, own_app_url)
    sentence = _first_placed_sentence(page)
    _card(page, sentence[:60]).get_by_role("button", name="Show evidence").click()
    page.locator(".nm-evidence mark.nm-ev-sentence").first.wait_for(timeout=60_000)
    settle(page)
    assert "corrected" not in _head(page)
    page.get_by_text("Correct this event", exact=True).click()
    settle(page)

    # an impossible day is named and changes nothing
    date_box = page.get_by_role("textbox", name="Date, YYYY-MM-DD")
    date_box.fill("2016-02-30")
    date_box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Save date").click()
    body_has(page, "2016-02-30")
    settle(page)
    assert "corrected" not in _head(page)

    # a good day is stored, shown as corrected in the panel and the list, and heads the panel
    date_box = page.get_by_role("textbox", name="Date, YYYY-MM-DD")
    date_box.fill("2016-01-20")
    date_box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Save date").click()
    body_has(page, r"Date corrected: 2016-01-20")
    settle(page)
    assert "corrected: date" in _head(page) and _head(page).startswith("2016-01-20")

    # another place, found by searching the gazetteer by name (the readings of one name, most populous first)
    settle(page)
    if not page.get_by_role("textbox", name="Search the gazetteer by name").is_visible():  # it stays open
        page.get_by_text("Correct this event", exact=True).click()
    search = page.get_by_role("textbox", name="Search the gazetteer by name")
    search.fill("Tripoli")
    search.press("Enter")
    settle(page)
    options = page.get_by_role("option")
    for _ in range(3):  # a click while the rerun redraws the box is lost: click again
        page.get_by_role("combobox", name="Place").click()
        try:
            options.first.wait_for(timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError
            settle(page)
    options.first.wait_for(timeout=10_000)
    labels = options.all_inner_texts()
    pick = next(i for i, label in enumerate(labels) if "current" not in label)
    chosen = labels[pick].split(" (")[0]
    options.nth(pick).click()
    settle(page)
    page.get_by_role("button", name="Save place").click()
    body_has(page, "Place corrected")
    settle(page)
    head = _head(page)
    assert "corrected: date, place" in head and chosen in head
    page.locator(".nm-evidence").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "correction.png"))
    # the map's popup says so too (its markers are built from the stored, corrected event)
    frame = map_frame(page)
    frame.wait_for_function("""() => { const g = window.feature_group; const fg = g[g.length - 1]; let hit = false;
        fg.eachLayer(c => (c.getLayers ? c.getLayers() : [c]).forEach(m => {
            if (String(m.getPopup().getContent()).indexOf('corrected: date, place') >= 0) { hit = true; } }));
        return hit; }""", timeout=60_000)

    # delete an article added here: asked first, then its events go and the seed's stay
    total = shown(page)[1]
    add_pasted(page, ADDED, {"Title": "Benghazi protest"})
    with_added = shown(page)[1]
    assert with_added > total
    # every date, the whole map (the map is still zoomed on the corrected event)
    page.get_by_role("button", name="Reset").click()
    settle(page)
    page.get_by_role("button", name="All dates").click()
    settle(page)
    _card(page, "Protesters gathered").get_by_role("button", name="Show evidence").click()
    page.locator(".nm-evidence mark.nm-ev-sentence").first.wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Delete this article…").click()
    body_has(page, "cannot be undone")
    settle(page)
    page.get_by_role("button", name="Cancel").click()  # the confirm step: Cancel keeps it
    settle(page)
    assert shown(page)[1] == with_added
    page.get_by_role("button", name="Delete this article…").click()
    page.get_by_role("button", name="Yes, delete the article").click()
    body_has(page, "Deleted “Benghazi protest”")
    settle(page)
    assert shown(page)[1] == total
    assert page.locator(".nm-evidence").count() == 0
    assert "Protesters gathered" not in page.locator("body").inner_text()
