"""Playback (issue #10, feature 1) in headless Chromium on the seeded app (see conftest.py): Play moves the
date window on by itself, the page follows each step, Pause stops it, and at the end Loop wraps to the start
while without Loop the play stops."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from map_probe import body_has, open_app, slider
from tests.browser.conftest import act, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored


def _window_caption(page) -> str:
    loc = page.locator('[data-testid="stCaptionContainer"]', has_text=re.compile(r"^Date window: "))
    return loc.first.inner_text().strip() if loc.count() else ""


# The sidebar slider's values each time they change (sampled in the page every 50 ms, through reruns that
# redraw the slider), for ``seconds`` or until ``want`` different values were seen.
_WATCH_JS = """async ([seconds, want]) => {
    const seen = [], t0 = performance.now();
    const read = () => {
        const s = document.querySelector('[data-testid="stSidebar"] [data-testid="stSlider"]');
        const v = s ? [...s.querySelectorAll('[data-testid="stSliderThumbValue"]')].map(e => e.innerText.trim()) : [];
        return v.length ? v : null;
    };
    while (performance.now() - t0 < seconds * 1000 && !(want && seen.length >= want)) {
        const v = read();
        if (v && (!seen.length || seen[seen.length - 1].join('|') !== v.join('|'))) { seen.push(v); }
        await new Promise(r => setTimeout(r, 50));
    }
    return seen;
}"""


def _watch(page, seconds: float, until: int = 0) -> list[tuple[str, ...]]:
    """The slider's values, each time they change, over ``seconds`` (or until ``until`` values were seen) with no
    input from the test."""
    return [tuple(v) for v in page.evaluate(_WATCH_JS, [seconds, until])]


def _extent(page) -> tuple[date, date]:
    help_text = page.locator('[data-testid="stSidebar"]').inner_text()
    m = re.search(r"reaches (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)", help_text)
    assert m, "the sidebar names the whole date range"
    return date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))


def _switch(page, name: str):
    """A sidebar switch (Play) or checkbox (Loop): (its label to click, its input to read), found now."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]', has_text=re.compile(f"^{name}$"))
    return box.get_by_text(name, exact=True), box.locator("input")


def expect(locator):
    """Playwright's retrying assertion on ``locator`` (imported here: without playwright the module still loads
    and the tests skip, see conftest.py)."""
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def _play(page, on: bool) -> None:
    """Turn Play on or off and wait until the switch says so. Playing, the app reruns every step: it does not
    settle until paused, so the caller settles after pausing."""
    label, state = _switch(page, "Play")
    if state.is_checked() != on:
        label.click()
    expect(_switch(page, "Play")[1]).to_be_checked(checked=on, timeout=30_000)


def test_play_moves_the_window_by_itself_and_pause_stops_it(page, app_url):
    open_app(page, app_url)
    before, caption0 = tuple(slider(page)["values"]), _window_caption(page)
    _play(page, True)
    seen = _watch(page, 90.0, until=3)  # 1 step a second by default: several steps, none asked for by the test
    steps = [v for v in seen if v != before]
    assert len(steps) >= 2, seen
    starts = [date.fromisoformat(v[0]) for v in [before, *steps]]
    assert all(b > a for a, b in zip(starts, starts[1:])) or starts[-1] < starts[0], starts  # forward (or wrapped)
    widths = {(date.fromisoformat(v[1]) - date.fromisoformat(v[0])) for v in [before, *steps]}
    assert len(widths) == 1, widths  # a fixed-width window
    assert _window_caption(page) != caption0  # the timeline's and list's window followed
    page.screenshot(path=str(ARTIFACTS / "playback.png"), full_page=True)
    _play(page, False)  # pause
    settle(page)
    paused = tuple(slider(page)["values"])
    assert _watch(page, 4.0) == [paused]  # nothing moves once paused


def test_at_the_end_play_stops_without_loop_and_wraps_with_it(page, app_url):
    open_app(page, app_url)
    lo, hi = _extent(page)
    width = timedelta(days=6)
    # a window one step before the end of the dates
    open_app(page, f"{app_url}/?from={hi - 2 * width - timedelta(days=1)}&to={hi - width - timedelta(days=1)}")
    _play(page, True)
    body_has(page, re.escape(f"Date window: {hi - width} to {hi}"), timeout=120_000)
    # stopped by itself at the end: the switch is off again
    expect(_switch(page, "Play")[1]).not_to_be_checked(timeout=60_000)
    settle(page)
    at_end = tuple(slider(page)["values"])
    assert at_end == ((hi - width).isoformat(), hi.isoformat())
    assert _watch(page, 3.0) == [at_end]

    open_app(page, f"{app_url}/?from={hi - 2 * width - timedelta(days=1)}&to={hi - width - timedelta(days=1)}")
    act(page, lambda: _switch(page, "Loop")[0].click())
    _play(page, True)
    body_has(page, re.escape(f"Date window: {lo} to {lo + width}"), timeout=120_000)  # wrapped to the start
    _play(page, False)
    settle(page)
    # paused on the early dates it wrapped to (a step may come between seeing the wrap and the pause: a step a
    # second, and a click takes longer than that on a loaded machine), and it stays there
    paused = tuple(slider(page)["values"])
    assert paused[0] < (hi - 2 * width).isoformat(), paused
    assert _watch(page, 3.0) == [paused]
