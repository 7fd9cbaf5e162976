"""The defects of issue #10 around "Add your own article" and the date slider, in headless Chromium on an app
of this module's own (its tests add articles; the order matters: the 2005 article comes last).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from map_probe import add_article, body_has, open_app, open_article_form, paste, shown, slider, type_into
from tests.browser.conftest import act

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored


def _paste(page, text: str) -> None:
    open_article_form(page)
    paste(page, text)


def _type_date(page, iso: str) -> None:
    """Type a day into the form's publication date as a reader would: a text field, or (the date picker the
    form had before) its year, month and day segments."""
    box = page.get_by_role("textbox", name=re.compile("Publication date"))
    if box.count():
        type_into(page, box, iso, key="Enter")
    else:
        for part, value in zip(("year", "month", "day"), iso.split("-")):
            page.get_by_role("spinbutton", name=re.compile(f"^{part}, Publication date")).click()
            page.keyboard.type(value)
        act(page, lambda: page.keyboard.press("Enter"))


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def test_the_opening_date_window_is_a_good_part_of_the_slider_and_a_drag_moves_one_end(page, own_app_url):
    open_app(page, own_app_url)
    s = slider(page)
    (a, b), width = s["boxes"], s["width"]
    assert a["x"] + a["width"] <= b["x"], s  # the thumbs do not overlap
    assert (b["x"] - a["x"]) >= 0.25 * width, s  # before: 3 % of the track
    lo, hi = s["values"]
    # drag the left thumb a little to the right: the start moves, the end stays, the window stays a window

    def drag():
        page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
        page.mouse.down()
        page.mouse.move(a["x"] + a["width"] / 2 + 25, a["y"] + a["height"] / 2, steps=6)
        page.mouse.up()

    act(page, drag)
    lo2, hi2 = slider(page)["values"]
    assert hi2 == hi and lo2 > lo, (lo, hi, lo2, hi2)
    assert _days(lo2, hi2) > 7, (lo2, hi2)
    page.screenshot(path=str(ARTIFACTS / "browser_slider.png"), full_page=True)


def test_file_and_pasted_text_together_say_which_is_used(page, own_app_url, tmp_path):
    open_app(page, own_app_url)
    f = tmp_path / "from-a-file.txt"
    f.write_text("On 2 February 2016 fighters clashed near Benghazi, officials said.", encoding="utf-8")
    _paste(page, "On 3 February 2016 a ship docked in Misrata, the port said.")
    act(page, lambda: page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(f)))
    alert = page.locator('[data-testid="stAlert"]', has_text="from-a-file.txt")
    alert.first.wait_for(timeout=30_000)
    assert "pasted text" in alert.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "browser_file_and_text.png"), full_page=True)


def test_publication_date_takes_the_seed_date_and_names_an_impossible_one(page, own_app_url):
    open_app(page, own_app_url)
    total = shown(page)[1]
    _paste(page, "Yesterday gunmen attacked a checkpoint near Ajdabiya, the army said.")
    _type_date(page, "2025-02-30")
    body_has(page, "2025-02-30")  # named, not silently dropped or changed
    assert page.locator('[data-testid="stAlert"]', has_text="2025-02-30").count() >= 1
    _type_date(page, "2016-01-31")  # the seed's own date (before: only 2016-12-01..2036-12-01 was accepted)
    add_article(page)
    assert shown(page)[1] > total
    card = page.locator('[data-testid="stMarkdownContainer"]', has_text="checkpoint near Ajdabiya")
    assert "2016-01-30" in card.first.inner_text()  # "yesterday" read from the date given
    # pasted front matter with an impossible date is named too
    paste(page, "---\ntitle: Bad date\npublished: 2025-02-30\n---\nOn Monday fighters entered Sirte.")
    page.screenshot(path=str(ARTIFACTS / "browser_publication_date.png"), full_page=True)
    page.locator('[data-testid="stAlert"]', has_text="2025-02-30").first.wait_for(timeout=30_000)


ARTICLE_2005 = ("---\ntitle: Protests in Benghazi\nsource: Test Wire\npublished: 2005-03-15\n---\n"
                "On 12 March 2005 protesters gathered in Benghazi, police said. "
                "On 14 March 2005 the army sent troops to Tripoli.")


def _axis_span(page) -> int:
    """Days between the first and last labelled dates of the timeline's axis."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    texts = chart.evaluate("el => [...el.querySelectorAll('svg g.role-axis-label text')].map(t => t.textContent)")
    labels = [t for t in texts if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.strip())]
    assert len(labels) >= 2, labels
    return _days(labels[0].strip(), labels[-1].strip())


def test_adding_a_2005_article_keeps_the_seed_weeks_readable(page, own_app_url):
    open_app(page, own_app_url)
    span_before = _axis_span(page)
    _paste(page, ARTICLE_2005)
    add_article(page)
    s = slider(page)
    (a, b), width = s["boxes"], s["width"]
    assert (b["x"] - a["x"]) >= 0.25 * width, s
    assert _axis_span(page) <= max(2 * span_before, 120), (span_before, _axis_span(page))
    page.screenshot(path=str(ARTIFACTS / "browser_after_2005_article.png"), full_page=True)
