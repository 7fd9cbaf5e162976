"""The defects of issue #21 a reader trips on, each reproduced in headless Chromium on the seeded app (see
conftest.py): Reset after the evidence opened, the evidence's flight narrowing the list, type colours, Step after
a brush, the Deploy button, the form wiping a title and forgetting what was added. The upload test comes last: it adds an article.
"""
from __future__ import annotations

import re
from datetime import date

from map_probe import brush, map_view, open_app, open_article_form, open_list, placed_card, shown
from tests.browser.conftest import act

PANEL = ".nm-evidence"


def _open_evidence(page):
    frame = act(page, lambda: placed_card(page).get_by_role("button", name="Show evidence").click())
    page.locator(PANEL).first.wait_for(timeout=60_000)
    return frame


def test_reset_after_the_evidence_opened_closes_it_and_brings_the_map_back(page, own_app_url):
    frame = open_app(page, own_app_url)
    opening, listed = map_view(frame), shown(page)
    frame = _open_evidence(page)
    assert map_view(frame)["zoom"] > opening["zoom"]  # it flew to the event
    frame = act(page, lambda: page.get_by_role("button", name="Reset", exact=True).click())
    assert page.locator(PANEL).count() == 0  # before: the panel stayed open
    assert map_view(frame)["zoom"] == opening["zoom"]  # before: the map stayed where it flew
    assert shown(page) == listed


def test_opening_the_evidence_does_not_narrow_the_list_to_where_the_map_flew(page, own_app_url):
    frame = open_app(page, own_app_url)
    listed, _ = shown(page)
    frame = _open_evidence(page)
    assert map_view(frame)["zoom"] >= 5  # the map is at the event: most events are out of its view
    assert shown(page)[0] == listed  # before: "Showing 4 of 65 events (in the map view)"
    assert not page.get_by_text(re.compile(r"in the map view\)")).count()
    # the view the reader moves to still narrows it: a drag away from the flight's point
    frame = act(page, lambda: frame.evaluate("() => window.map.panBy([250, 120], {animate: false})"))
    n, _ = shown(page)
    assert n < listed and page.get_by_text(re.compile(r"in the map view")).count()


def test_the_legend_gives_each_type_its_fixed_colour(page, own_app_url):
    from dashboard.type_colors import TYPE_COLORS

    frame = open_app(page, own_app_url)
    legend = frame.evaluate("""() => Array.from(document.querySelectorAll('.nm-legend div')).map(d => {
        const i = d.querySelector('i'); return [d.textContent.trim(), i ? i.style.background : ''];
    })""")
    typed = {name: colour for name, colour in legend if name in TYPE_COLORS}
    assert len(typed) >= 3, legend
    rgb = lambda h: "rgb(%d, %d, %d)" % tuple(int(h[k:k + 2], 16) for k in (1, 3, 5))  # noqa: E731
    assert typed == {name: rgb(TYPE_COLORS[name]) for name in typed}  # before: the palette's, by sorted order
    assert len(set(typed.values())) == len(typed)


def _window(page) -> tuple[date, date, bool]:
    text = page.locator('[data-testid="stCaptionContainer"]', has_text="Date window:").first.inner_text()
    m = re.search(r"Date window: (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)( \(brushed\))?", text)
    assert m, text
    return date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2)), bool(m.group(3))


def test_step_after_a_brush_moves_on_from_the_brushed_dates(page, own_app_url):
    open_app(page, own_app_url)
    brush(page, 0.35, 0.6)
    lo, hi, brushed = _window(page)
    assert brushed
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("button", name="▶ Step").click())
    lo2, hi2, brushed2 = _window(page)
    # the next stretch of the brush's width (before: the slider moved on, the caption and list kept the brush)
    assert not brushed2 and (lo2, hi2 - lo2) == (hi, hi - lo), (lo, hi, lo2, hi2)


def test_each_step_lands_on_dates_with_events(page, own_app_url):
    # the seed's dates run from a 2011 background event to its 2016 news: past the end, Step wraps to 2011, and
    # a week on from there was an empty window (before: "Showing 0 of 65", and Play walked through years of them)
    open_app(page, own_app_url)
    seen = []
    for _ in range(6):
        act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("button", name="▶ Step").click())
        lo, hi, _ = _window(page)
        seen.append((lo, hi, shown(page)[0]))
    assert all(n > 0 for _, _, n in seen), seen
    assert len({lo.year for lo, _, _ in seen}) > 1, seen  # it did wrap to the early dates


# The timeline's axis labels.
_AXIS_JS = "(el) => [...el.querySelectorAll('g.role-axis-label text')].map(t => t.textContent)"


def test_a_short_window_gives_each_day_one_axis_label(page, own_app_url):
    open_app(page, f"{own_app_url}/?from=2016-01-27&to=2016-01-31")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg g.mark-symbol.role-mark path").first.wait_for(timeout=60_000)
    axis = chart.evaluate(_AXIS_JS)
    days = [t for t in axis if re.fullmatch(r"\d{4}-\d\d-\d\d", t)]
    assert days and len(days) == len(set(days)), axis  # before: "2016-01-27" four times, 21 labels for 6 days


def test_no_deploy_button_for_a_reader(page, own_app_url):
    open_app(page, own_app_url)
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    assert page.get_by_role("button", name="Deploy").count() == 0


def test_a_title_typed_right_after_pasting_is_kept_and_the_form_empties_after_adding(page, own_app_url):
    open_app(page, own_app_url)
    area = open_article_form(page)
    area.fill("On 2 February 2016 gunmen attacked a checkpoint near Ajdabiya, the army said.")
    title = page.get_by_role("textbox", name="Title")
    # a reader types the title at once: leaving the text area takes the text (a rerun) while they type
    title.click()
    page.keyboard.type("Checkpoint attack near Ajdabiya", delay=40)
    act(page, lambda: page.keyboard.press("Tab"))
    assert page.get_by_role("textbox", name="Title").input_value() == "Checkpoint attack near Ajdabiya"
    act(page, lambda: page.get_by_role("button", name="Add article").click(), says="Added")
    note = page.locator('[data-testid="stAlert"]', has_text="Added")
    # the note names the article by its title (before: its hash id), and stays after the map's own rerun
    assert "“Checkpoint attack near Ajdabiya”" in note.first.inner_text()
    assert page.get_by_text("Checkpoint attack near Ajdabiya").count() >= 1
    act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("button", name="All dates").click())
    assert page.locator('[data-testid="stAlert"]', has_text="Added").count() == 1
    # the form is empty for the next article (before: the old text stayed, and the next upload was refused
    # with "Both a file and pasted text were given")
    assert page.get_by_label("…or paste the article's text").input_value() == ""
    assert page.get_by_role("textbox", name="Title").input_value() == ""


def test_a_country_counted_under_the_brush_gives_that_many_events(page, own_app_url):
    # defect 10: the lists' counts were the whole store's ("Libya (25)" under a brush holding 3 of its events)
    open_app(page, own_app_url)
    brush(page, 0.35, 0.6)
    listed = shown(page)[0]
    options = open_list(page, page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Country"))
    labels = options.all_inner_texts()
    counted = [(i, int(m.group(1))) for i, t in enumerate(labels) if (m := re.search(r"\((\d+)\)\s*$", t))]
    assert counted and all(n <= listed for _, n in counted), (labels, listed)
    pick, n = max(counted, key=lambda c: c[1])
    act(page, lambda: page.get_by_role("option").nth(pick).click())
    assert shown(page)[0] == n, labels[pick]


# The counts chart's bars (their box on the page and their opacity) and the brush's box.
_BARS_JS = """(el) => {
    const box = r => { const b = r.getBoundingClientRect(); return [b.left, b.right]; };
    const bars = [...el.querySelectorAll('g.mark-rect.role-mark:not([class*="brush"]) path')]
        .map(p => [...box(p), parseFloat(p.getAttribute('opacity') ?? p.style.opacity ?? '1')]);
    const b = el.querySelector('g[class*="brush_brush"] path');
    return {bars, brush: b ? box(b) : null};
}"""


def test_the_counts_chart_brightens_the_bars_the_brush_holds(page, own_app_url):
    # defect 7: every bar drew at 25% opacity, brushed or not (an aggregate had dropped the field that says which
    # bars the window holds); and the brush's window takes the days whose middle its box covers
    open_app(page, own_app_url)
    act(page, lambda: page.get_by_text("Counts", exact=True).click())
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator('g.mark-rect.role-mark:not([class*="brush"]) path').first.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    before = chart.evaluate(_BARS_JS)["bars"]
    assert before and all(o > 0.9 for _, _, o in before), before  # the whole window: every bar bright
    # brush from the middle of the bars' stretch to past its end: some bars in, some out
    box = chart.bounding_box()
    middles = sorted({round((a + b) / 2) for a, b, _ in before})
    assert len(middles) >= 3, middles
    cut = middles[len(middles) // 2] - 2
    brush(page, (cut - box["x"]) / box["width"], min(0.99, (middles[-1] + 8 - box["x"]) / box["width"]))
    got = chart.evaluate(_BARS_JS)
    bright = [(a, b) for a, b, o in got["bars"] if o > 0.9]
    dim = [(a, b) for a, b, o in got["bars"] if o < 0.5]
    assert bright and dim, got  # before: all dimmed
    left, right = got["brush"]
    # a bright bar is a day the window holds: its middle is inside the brush's box, and a dim one's is not
    assert all(left <= (a + b) / 2 <= right for a, b in bright), got
    assert not any(left < (a + b) / 2 < right for a, b in dim), got


def test_share_this_view_gives_a_link_that_reopens_it(page, own_app_url):
    # "a copy link button": the link in a code box (its button copies it) reopens the same selection
    open_app(page, own_app_url)
    brush(page, 0.35, 0.6)
    listed = shown(page)
    lo, hi, _ = _window(page)
    page.get_by_role("button", name="Share this view").click()  # a popover: no rerun
    code = page.locator('[data-testid="stCode"]').filter(has_text="http://127.0.0.1")
    code.first.wait_for(timeout=30_000)
    link = code.first.inner_text().strip()
    assert link.startswith(own_app_url) and "brush=" in link, link
    other = page.context.new_page()
    try:
        open_app(other, link)
        assert shown(other) == listed
        assert _window(other)[:2] == (lo, hi)
    finally:
        other.close()
