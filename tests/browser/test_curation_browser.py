"""Curation of issue #10 in headless Chromium on an app of this module's own (a fresh store, see conftest.py):
correct an event's date and place from its evidence panel, and delete an article after confirming."""
from __future__ import annotations

from pathlib import Path

from map_probe import add_pasted, open_app, open_list, shown, type_into
from tests.browser.conftest import act, settle

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


def _show_evidence(page, text: str) -> None:
    """Open the evidence panel of the listed event whose card holds ``text``."""
    act(page, lambda: _card(page, text).get_by_role("button", name="Show evidence").click())
    page.locator(".nm-evidence mark.nm-ev-sentence").first.wait_for(timeout=60_000)


def _press(page, name: str, says: str | None = None) -> None:
    """Click the button ``name`` (found now) and wait for the rerun it makes to settle (and the page to have said
    ``says``, a regular expression, meanwhile)."""
    act(page, lambda: page.get_by_role("button", name=name).click(), says=says)


def test_correct_a_date_and_a_place_then_delete_an_article(page, own_app_url):
    open_app(page, own_app_url)
    sentence = _first_placed_sentence(page)
    _show_evidence(page, sentence[:60])
    assert "corrected" not in _head(page)
    page.get_by_text("Correct this event", exact=True).click()  # an expander: it opens without a rerun
    page.get_by_role("textbox", name="Date, YYYY-MM-DD").wait_for(timeout=30_000)

    # an impossible day is named and changes nothing
    type_into(page, page.get_by_role("textbox", name="Date, YYYY-MM-DD"), "2016-02-30", key="Enter")
    _press(page, "Save date", says="2016-02-30")
    assert "corrected" not in _head(page)

    # a good day is stored, shown as corrected in the panel and the list, and heads the panel
    type_into(page, page.get_by_role("textbox", name="Date, YYYY-MM-DD"), "2016-01-20", key="Enter")
    _press(page, "Save date", says=r"Date corrected: 2016-01-20")
    assert "corrected: date" in _head(page) and _head(page).startswith("2016-01-20")

    # another place, found by searching the gazetteer by name (the readings of one name, most populous first)
    if not page.get_by_role("textbox", name="Search the gazetteer by name").is_visible():  # it stays open
        page.get_by_text("Correct this event", exact=True).click()
    search = page.get_by_role("textbox", name="Search the gazetteer by name")
    search.wait_for(timeout=30_000)
    type_into(page, search, "Tripoli", key="Enter")
    options = open_list(page, page.get_by_role("combobox", name="Place"))
    labels = options.all_inner_texts()
    # a reading that is neither the event's current place nor the one the box shows now (picking that one
    # changes nothing, so nothing reruns): the list marks the one shown with aria-selected
    shown_now = [options.nth(i).get_attribute("aria-selected") == "true" for i in range(len(labels))]
    pick = next(i for i, label in enumerate(labels) if "current" not in label and not shown_now[i])
    chosen = labels[pick].split(" (")[0]
    act(page, lambda: page.get_by_role("option").nth(pick).click())
    _press(page, "Save place", says="Place corrected")
    frame = settle(page)
    head = _head(page)
    assert "corrected: date, place" in head and chosen in head
    page.locator(".nm-evidence").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "correction.png"))
    # the map's popup says so too (its markers are built from the stored, corrected event)
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
    _press(page, "Reset")
    _press(page, "All dates")
    _show_evidence(page, "Protesters gathered")
    _press(page, "Delete this article…", says="offers an Undo")
    _press(page, "Cancel")  # the confirm step: Cancel keeps it
    assert shown(page)[1] == with_added
    _press(page, "Delete this article…")
    _press(page, "Yes, delete the article", says="Deleted “Benghazi protest”")
    assert shown(page)[1] == total
    assert page.locator(".nm-evidence").count() == 0
    assert "Protesters gathered" not in page.locator("body").inner_text()

    # the note's Undo stores it again (#21: undo for delete), and the note says so
    _press(page, "Undo", says="Restored “Benghazi protest”")
    assert shown(page)[1] == with_added
    _show_evidence(page, "Protesters gathered")
    assert page.get_by_role("button", name="Undo").count() == 0  # one Undo per deletion
