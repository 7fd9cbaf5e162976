"""Playback (issue #10): Play moves the date window forward by its own width on its own, at a chosen speed,
wrapping to the start at the end of the extent when Loop is on and stopping there when it is off.

How it runs, with Streamlit's own timer and no rerun storm: a small fragment with ``run_every`` (one tick
per step) does nothing but ask for a rerun of the app once a step is due; that run moves the window
(``step_if_due``, called before the sidebar's slider exists, so the slider shows the new window) and
redraws what follows it: the slider, the map's markers, the timeline, the counts and the list. A step is
taken only when its interval has passed since the last one (``due``), so ticks arriving while a slow run
is still going take no extra steps. Paused, the fragment is not drawn and nothing reruns on its own.

Session keys: ``nm_playing`` (the Play switch), ``nm_play_at`` (time.monotonic() of the last step, 0 = step now),
``nm_play_speed`` (seconds per step, the speed select), ``nm_play_loop`` (the Loop toggle), ``nm_trail`` (the
windows of the last steps, ``note_step``).

The trail (issue #21, Liveuamap's and TimelineJS' readers): after a Step or a played step, the map keeps the
events of the last ``TRAIL_STEPS`` windows as faded dots, fainter the older the step, so a reader sees where
things moved from. It holds only while the window is the one the steps led to: any other change of the window
(the slider, Reset, All dates) ends it.
"""
from __future__ import annotations

import time
from datetime import date
from typing import MutableMapping, Sequence

from .state import step_window

SPEEDS = (3.0, 2.0, 1.0, 0.5)  # seconds per step offered; a step costs the server <= 0.5 s (benchmark)
DEFAULT_SPEED = 1.0
DUE_SHARE = 0.9  # a tick a little early (the timer starts when the fragment is drawn) still steps

Window = tuple[date, date]
TRAIL_STEPS = 2  # the windows before the current one whose events stay on the map, faded


def note_step(ss: MutableMapping, old: Window, new: Window) -> None:
    """A step moved the window from ``old`` to ``new``: ``old`` heads the trail, after the windows of the steps
    that led to it (kept only when ``old`` is where the last step ended)."""
    before = ss.get("nm_trail") or {}
    earlier = list(before.get("windows", ())) if tuple(before.get("at", ())) == tuple(old) else []
    ss["nm_trail"] = {"at": tuple(new), "windows": [tuple(old), *earlier][:TRAIL_STEPS]}


def trail(ss: MutableMapping) -> list[Window]:
    """The trail's windows, the latest first; none unless the window is still where the last step put it."""
    t = ss.get("nm_trail") or {}
    if "f_window" not in ss or tuple(t.get("at", ())) != tuple(ss["f_window"]):
        return []
    return [tuple(w) for w in t.get("windows", ())]


def speed_label(seconds: float) -> str:
    return f"{1 / seconds:g} steps/s" if seconds < 1 else "1 step/s" if seconds == 1 else f"1 step/{seconds:g} s"


def next_window(window: Window, extent: Window, loop: bool, spans: Sequence[Window] = ()) -> Window | None:
    """The window one step on: ``state.step_window``'s (skipping stretches with no event when ``spans`` are
    given), except that at the end of the dates it wraps to the start only when ``loop`` is on; None (stop)
    otherwise."""
    if not loop and (window[1] >= extent[1] or (spans and not any(b > window[1] for _, b in spans))):
        return None
    return step_window(window, extent, spans)


def interval(ss: MutableMapping) -> float:
    speed = ss.get("nm_play_speed", DEFAULT_SPEED)
    return float(speed) if speed in SPEEDS else DEFAULT_SPEED


def due(ss: MutableMapping, now: float | None = None) -> bool:
    """Playing, and the step's interval has (about) passed since the last step."""
    if not ss.get("nm_playing"):
        return False
    now = time.monotonic() if now is None else now
    return now - float(ss.get("nm_play_at", 0.0)) >= DUE_SHARE * interval(ss)


def step_if_due(ss: MutableMapping, extent: Window | None, now: float | None = None,
                spans: Sequence[Window] = ()) -> bool:
    """Move ``ss.f_window`` one step when a step is due (stopping at the end without Loop); True if it moved."""
    if not due(ss, now) or not extent or extent[0] >= extent[1] or "f_window" not in ss:
        return False
    new = next_window(tuple(ss["f_window"]), extent, bool(ss.get("nm_play_loop")), spans)
    if new is None:
        ss["nm_playing"] = False
        return False
    note_step(ss, tuple(ss["f_window"]), new)
    ss["f_window"] = new
    ss["nm_play_at"] = time.monotonic() if now is None else now
    return True


def started(ss: MutableMapping, extent: Window) -> None:
    """The Play switch changed. Switched on, play steps at once; from the very end of the extent it starts
    over on the first dates (shown for a step's time before moving on)."""
    if not ss.get("nm_playing"):
        return
    window = tuple(ss["f_window"])
    ss["nm_play_at"] = 0.0
    if window[1] >= extent[1] and window[0] > extent[0]:  # played to the end before: from the start again
        width = window[1] - window[0]
        ss["f_window"] = (extent[0], min(extent[0] + width, extent[1]))
        ss["nm_play_at"] = time.monotonic()


def ticker(ss: MutableMapping) -> None:
    """Draw the timer (only while playing): a fragment rerun every step's interval that asks for a rerun of
    the app when a step is due. Called inside the sidebar."""
    import streamlit as st

    if not ss.get("nm_playing"):
        return

    def tick() -> None:
        if due(ss):
            st.rerun(scope="app")

    st.fragment(run_every=interval(ss))(tick)()
