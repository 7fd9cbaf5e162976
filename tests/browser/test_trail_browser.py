"""Issue #21: playback leaves a fading trail of its last steps (the events of the windows it left, as faded
dots, fainter the older), in headless Chromium on the seeded app (see conftest.py)."""
from __future__ import annotations

from pathlib import Path

from map_probe import body_has, open_app
from tests.browser.conftest import MAP_IFRAME, act

from dashboard.map_view import TRAIL_OPACITY

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

_TRAIL_JS = """() => [...document.querySelectorAll('path.nm-trail')].map(p =>
    [p.classList.contains('nm-trail-1') ? 1 : 2, Number(p.getAttribute('fill-opacity'))])"""


def _step(page):
    return act(page, lambda: page.get_by_role("button", name="▶ Step").click())


def test_steps_leave_a_fading_trail_that_ends_when_the_window_is_moved_otherwise(page, app_url):
    frame = open_app(page, app_url + "/?from=2016-01-25&to=2016-01-31")
    assert frame.evaluate(_TRAIL_JS) == []  # no step yet: no trail
    frame = _step(page)
    body_has(page, "Date window: 2016-01-31 to 2016-02-06")
    dots = frame.evaluate(_TRAIL_JS)
    assert dots and all(age == 1 and abs(o - TRAIL_OPACITY[0]) < 1e-6 for age, o in dots)
    body_has(page, r"Faded dots: the \d+ places of the last 1 steps")
    frame = _step(page)
    dots = frame.evaluate(_TRAIL_JS)
    ages = {age for age, _ in dots}
    assert 2 in ages  # the first step's window, fainter now
    assert all(abs(o - TRAIL_OPACITY[age - 1]) < 1e-6 for age, o in dots)
    page.locator(MAP_IFRAME).last.screenshot(path=str(ARTIFACTS / "browser_trail.png"))
    # another way of moving the window ends the trail
    frame = act(page, lambda: page.locator('[data-testid="stSidebar"]').get_by_role("button", name="All dates").click())
    assert frame.evaluate(_TRAIL_JS) == []
