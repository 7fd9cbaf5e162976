"""The evidence view: the article an event was read from, with the event's sentence marked and the places
and dates found in the text marked inside it, and the event's ring on the timeline.

The article text comes from the store (``Store.article``) and the marks from the stored mentions'
offsets (``Store.mentions``: place mentions and temporal expressions); every piece of article text goes
through ``html.escape`` before it is placed between the marks.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence

import altair as alt
import pandas as pd

from geo.records import PlaceMention
from timeline.records import Event
from timeline.timex import Timex

from . import timeline_view
from .labels import place_name

# The timeline's click-a-mark selections (field: the event id), one on the bars and one on the points: Vega-Lite
# gives a selection to one view, and a shared one would be kept on the first layer only.
PICKS = ("nm_pick_range", "nm_pick_point")
SENTENCE_CLASS = "nm-ev-sentence"
HIGHLIGHT_NAME = "nm_evidence"  # the timeline layer ringing the chosen event (Vega puts it in the marks' class)

CSS = """<style>
.nm-evidence { white-space: pre-wrap; max-height: 420px; overflow-y: auto; padding: 8px 12px;
  border: 1px solid #d0d4da; border-radius: 6px; font: 15px/1.55 serif; background: #fff; }
.nm-evidence mark.nm-ev-sentence { background: #fff1a8; padding: 1px 0; }
.nm-evidence .nm-ev-place { border-bottom: 2px solid #1f77b4; }
.nm-evidence .nm-ev-date { border-bottom: 2px dotted #d62728; }
.nm-evidence .nm-ev-own { font-weight: 600; }
.nm-evidence summary { font: 13px sans-serif; color: #555; cursor: pointer; }
</style>"""


@dataclass(frozen=True, slots=True)
class Span:
    """One marked stretch of the text: ``[start, end)`` with its CSS classes and hover text."""

    start: int
    end: int
    classes: str
    title: str


def _spans(text: str, event: Event, places: Sequence[PlaceMention], timexes: Sequence[Timex]) -> list[Span]:
    """The place and date marks that lie inside the text, in text order, overlaps dropped (the first kept).
    The event's own location, places and date are marked ``nm-ev-own``."""
    own_places = {(p.start, p.end) for p in (event.location, *event.places) if p is not None}
    own_date = (event.date.start, event.date.end) if event.date is not None else None
    found = [Span(p.start, p.end, "nm-ev-place" + (" nm-ev-own" if (p.start, p.end) in own_places else ""),
                  place_name(p) + (f" ({p.entry.country_code})" if p.entry and p.entry.country_code else ""))
             for p in places]
    found += [Span(t.start, t.end, "nm-ev-date" + (" nm-ev-own" if (t.start, t.end) == own_date else ""),
                   str(t.value or t.text)) for t in timexes]
    out, reached = [], 0
    for s in sorted(found, key=lambda s: (s.start, -s.end)):
        if not (isinstance(s.start, int) and isinstance(s.end, int)) or not 0 <= s.start < s.end <= len(text):
            continue  # a mention without offsets in this text (a place set by hand on an unplaced event)
        if s.start >= reached:
            out.append(s)
            reached = s.end
    return out


def _marked(text: str, lo: int, hi: int, spans: list[Span]) -> str:
    """``text[lo:hi]`` escaped, with the parts of ``spans`` inside it wrapped in their marks."""
    parts, at = [], lo
    for s in spans:
        a, b = max(s.start, lo), min(s.end, hi)
        if a >= b:
            continue
        parts.append(html.escape(text[at:a]))
        parts.append(f'<span class="{s.classes}" title="{html.escape(s.title, quote=True)}">'
                     f"{html.escape(text[a:b])}</span>")
        at = b
    parts.append(html.escape(text[at:hi]))
    return "".join(parts)


def sentence_span(text: str, event: Event) -> tuple[int, int]:
    """Where the event's sentence stands in the text: the occurrence of ``event.sentence`` holding the event's
    clause (``event.start``-``event.end``), else the clause itself, else (0, 0) when the offsets do not fit."""
    lo, hi = event.start, event.end
    if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo < hi <= len(text)):
        return 0, 0
    sentence = event.sentence or ""
    at = text.find(sentence, max(0, hi - len(sentence))) if sentence else -1
    while 0 <= at <= lo:
        if at + len(sentence) >= hi:
            return at, at + len(sentence)
        at = text.find(sentence, at + 1)
    return lo, hi


def article_html(text: str, event: Event, places: Sequence[PlaceMention] = (), timexes: Sequence[Timex] = ()) -> str:
    """The whole article as escaped HTML: the event's sentence in ``<mark class="nm-ev-sentence">``, places
    and dates in spans (a place or date crossing the sentence's edge is split there)."""
    spans = _spans(text, event, places, timexes)
    lo, hi = sentence_span(text, event)
    # The paragraphs before the sentence's own fold away, so the box opens on the sentence (no script scrolls it).
    cut = text.rfind("\n", 0, lo) + 1 if hi > lo else 0
    body = ""
    if text[:cut].strip():
        body = (f'<details class="nm-ev-before"><summary>Earlier in the article</summary>'
                f"{_marked(text, 0, cut, spans)}</details>")
    body += _marked(text, cut, lo, spans)
    if hi > lo:
        body += f'<mark class="{SENTENCE_CLASS}">{_marked(text, lo, hi, spans)}</mark>'
    body += _marked(text, hi, len(text), spans)
    return f'{CSS}<div class="nm-evidence">{body}</div>'


def with_pick(chart: alt.LayerChart) -> alt.LayerChart:
    """The strip timeline (``timeline_view.build_timeline``) with a click selection on its points and bars
    that names the clicked event's id (the app opens that event's evidence)."""
    layers = list(chart.layer)
    for i, name in enumerate(PICKS[:len(layers)]):  # the bars and the points; the count labels are not events
        layers[i] = layers[i].add_params(alt.selection_point(name=name, fields=["id"], on="click", clear=False))
    return _relayer(chart, layers)


def _relayer(chart: alt.LayerChart, layers: list) -> alt.LayerChart:
    """``chart`` (built afresh on each rerun by timeline_view) with ``layers``: set in place, since a copy would
    carry the brush twice (Altair lifts a layer's params to the top when it makes the copy)."""
    chart.layer = layers
    return chart


def picked(selection) -> str | None:
    """The event id a click on the timeline picked, from Streamlit's chart selection state, or None."""
    for name in PICKS:
        try:
            sel = selection.get(name) if hasattr(selection, "get") else None
        except Exception:  # noqa: BLE001 - an unexpected shape means nothing was picked
            return None
        if isinstance(sel, list) and sel and isinstance(sel[0], dict) and sel[0].get("id"):
            return str(sel[0]["id"])
    return None


def with_highlight(chart: alt.LayerChart, rows: pd.DataFrame, event_id: str | None, types: Sequence[str],
                   clip: bool) -> alt.LayerChart:
    """The strip timeline with a ring around the chosen event's point (or an outline round its bar)."""
    if not event_id or not len(rows):
        return chart
    mine = rows[rows["id"] == event_id]
    if not len(mine):
        return chart
    lane = alt.YOffset("kind:N", scale=alt.Scale(domain=["point", "range"]))
    base = alt.Chart(mine).encode(x=alt.X("start:T"), y=alt.Y("type:N", sort=list(types)), yOffset=lane)
    ring = timeline_view.at_midday(base.transform_filter(alt.datum.kind == "point")).mark_point(
        shape="circle", size=420, filled=False, stroke="#111111", strokeWidth=3, clip=clip).encode(
        x=alt.X(f"{timeline_view.NOON}:T"))  # where the dot is: the middle of its day
    box = base.transform_filter(alt.datum.kind == "range").mark_bar(
        height=13, fillOpacity=0, stroke="#111111", strokeWidth=2.5, clip=clip).encode(x2=alt.X2("end:T"))
    return _relayer(chart, [*chart.layer, ring.properties(name=f"{HIGHLIGHT_NAME}_point"),
                            box.properties(name=f"{HIGHLIGHT_NAME}_range")])
