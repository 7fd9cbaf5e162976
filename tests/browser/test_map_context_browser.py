"""Map context (issue #10, feature 2) in headless Chromium on the seeded app (see conftest.py): the map spans
the page, country names show at low zoom and the gazetteer's towns once zoomed in (a few dozen at most), and
the sidebar's region filter narrows the list and goes into the share link."""
from __future__ import annotations

import re
from pathlib import Path

from map_probe import open_app, shown
from tests.browser.conftest import act, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

_LABELS_JS = """(kind) => [...document.querySelectorAll('.nm-label-' + kind)].map(e => e.textContent)"""


def _labels(frame, kind: str, want=None, timeout=30_000) -> list[str]:
    """The map's labels of ``kind`` (country, town) once there are some (or one named ``want``)."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        frame.wait_for_function("([kind, want]) => { const t = [...document.querySelectorAll('.nm-label-' + kind)]"
                                ".map(e => e.textContent); return want ? t.includes(want) : t.length > 0; }",
                                arg=[kind, want], timeout=timeout)
    except Timeout:
        raise AssertionError(f"no {kind} label {want or ''} at zoom {frame.evaluate('() => window.map.getZoom()')}: "
                             f"{frame.evaluate(_LABELS_JS, kind)}") from None
    return frame.evaluate(_LABELS_JS, kind)


def test_the_map_spans_the_page_with_country_then_town_names(page, app_url):
    frame = open_app(page, app_url)
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert iframe["width"] > 0.6 * main["width"] and iframe["height"] >= 600  # was a third of the page, 500 px
    # North Africa and Europe, low zoom
    frame = act(page, lambda: frame.evaluate("() => window.map.setView([27, 17], 3)"))
    countries = _labels(frame, "country", "Libya")
    assert {"Libya", "Egypt"} <= set(countries)
    assert _labels_now(frame, "town") == []  # no towns at this zoom
    page.screenshot(path=str(ARTIFACTS / "first_view.png"), full_page=True)
    frame = act(page, lambda: frame.evaluate("() => window.map.setView([32.1, 20.1], 7)"))  # Cyrenaica
    towns = _labels(frame, "town", "Benghazi")
    assert "Benghazi" in towns
    for zoom in (3, 5, 7, 9):
        # each a new view (from Cyrenaica at 7 the first is one): the app reruns, the map settles at that zoom
        frame = act(page, lambda: frame.evaluate(f"() => window.map.setView([31, 18], {zoom})"))
        assert frame.evaluate("() => window.map.getZoom()") == zoom
        assert len(_labels_now(frame, "country")) + len(_labels_now(frame, "town")) <= 40  # never a swamp
    # the labels lie under the markers and take no clicks
    assert frame.evaluate("() => getComputedStyle(window.map.getPane('labels')).pointerEvents") == "none"


def _labels_now(frame, kind: str) -> list[str]:
    return frame.evaluate(_LABELS_JS, kind)


def test_the_region_filter_narrows_the_list_and_goes_into_the_link(page, app_url):
    open_app(page, app_url)
    listed, total = shown(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text=re.compile(r"^Region$"))
    box.click()
    option = page.locator('[role="option"]', has_text=" · region ").first  # (after "Select all")
    option.wait_for(timeout=30_000)
    name = option.inner_text()
    assert re.search(r" · region \w+", name), name  # country name and admin1 code (and the towns in it)
    act(page, lambda: page.locator('[role="option"]', has_text=" · region ").first.click())
    page.keyboard.press("Escape")
    settle(page)
    narrowed = shown(page)[0]
    assert 0 < narrowed < listed
    assert re.search(r"[?&]region=[A-Z]{2}\.\w+", page.url), page.url
    # the link reopens on the same region
    open_app(page, page.url)
    assert shown(page)[0] == narrowed
