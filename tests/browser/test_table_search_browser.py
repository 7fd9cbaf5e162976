"""The event table and the text search of issue #21 (what ACLED Explorer's readers expect) in headless Chromium on
the seeded app (see conftest.py): a search narrows the list, the map and the link; the list shown as a table
holds the listed events, one row each; a row picked opens that event's evidence."""
from __future__ import annotations

import re
from pathlib import Path

from map_probe import body_has, markers, open_app, shown
from tests.browser.conftest import act, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored
TABLE = '[data-testid="stDataFrame"]'
SENTENCE = ".nm-evidence mark.nm-ev-sentence"
# The rows of the page's last data grid (the event table) as its accessible table gives them, header first
ROWS_JS = """(sel) => { const all = document.querySelectorAll(sel), t = all[all.length - 1];
    return t ? [...t.querySelectorAll('[role=row]')].map(r => [...r.querySelectorAll('[role=gridcell],'
        + '[role=columnheader]')].map(c => c.innerText.trim())) : []; }"""


def _search(page, words: str):
    box = page.get_by_role("textbox", name="Search the events")
    box.fill(words)
    return act(page, lambda: box.press("Enter"))


def test_a_search_narrows_the_list_the_map_and_the_link(page, app_url):
    frame = open_app(page, app_url)
    listed, total = shown(page)
    drawn = markers(frame)["total"]
    frame = _search(page, "Tripoli")
    n = shown(page)[0]
    assert 0 < n < listed
    assert markers(frame)["total"] < drawn
    assert "q=Tripoli" in page.url
    body_has(page, r"matching “Tripoli”")
    cards = page.get_by_role("button", name="Show evidence")
    assert cards.count() == n
    # the link reopens the search
    page.goto(page.url)
    settle(page)
    assert shown(page) == (n, total)
    assert page.get_by_role("textbox", name="Search the events").input_value() == "Tripoli"


def test_the_table_lists_the_events_and_a_picked_row_opens_its_evidence(page, app_url):
    open_app(page, app_url + "/?q=Tripoli")
    n = shown(page)[0]
    assert n >= 2
    act(page, lambda: page.get_by_role("radio", name="Table").click())
    page.locator(TABLE).last.wait_for(timeout=60_000)
    rows = page.evaluate(ROWS_JS, TABLE)
    assert len(rows) == n + 1  # the header and a row per listed event
    assert [h for h in rows[0] if h][:5] == ["Date", "Type", "Place", "Actors", "Sentence"]
    assert all("Tripoli" in " ".join(r) for r in rows[1:])
    assert page.get_by_role("button", name="Show evidence").count() == 0  # the table stands in for the cards
    page.screenshot(path=str(ARTIFACTS / "browser_table.png"), full_page=True)
    # pick the second row by its selection box (the grid's first column; the grid draws on a canvas)
    table = page.locator(TABLE).last
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    header = box["height"] / (n + 1)
    second = rows[2]
    assert page.locator(SENTENCE).count() == 0
    act(page, lambda: page.mouse.click(box["x"] + 14, box["y"] + header * 2.5))
    page.locator(SENTENCE).first.wait_for(timeout=60_000)
    marked = " ".join(page.locator(SENTENCE).first.inner_text().split())
    sentence = second[rows[0].index("Sentence")]
    assert re.sub(r"\W+", " ", marked)[:40] == re.sub(r"\W+", " ", sentence)[:40]
