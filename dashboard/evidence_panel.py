"""Which event the evidence panel shows, how a click (list card, map marker, timeline mark) chooses it,
where the map flies for it, and the panel itself (``dashboard.evidence`` builds its HTML).

Session state: ``nm_evidence`` the chosen event's id; ``nm_fly`` the (lat, lon, zoom) the map is sent to
(streamlit-folium moves a drawn map when its ``center``/``zoom`` change, without drawing it again);
``nm_pick_seen`` the timeline click already acted on (the chart keeps reporting it).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

import streamlit as st

from geo.records import GazetteerEntry
from timeline.records import StoredEvent
from timeline.query import event_places

from . import curation, evidence
from .labels import corrected_label, date_label, place_name
from .mdtext import md_escape, safe_url

TOWN_ZOOM, AREA_ZOOM = 8, 5
Find = Callable[[str], "StoredEvent | None"]  # an event by its id, as stored now (the store's ``event``)


def choose(se: StoredEvent, at: tuple[float, float] | None = None, zoom: int | None = None) -> None:
    """Show ``se``'s evidence and send the map to it (to ``at``, the clicked marker, else its first place).

    ``zoom``: the map's zoom when the marker was clicked; the map keeps it when closer than the event's own
    (a click never zooms out: the markers of a point opened around it stay open)."""
    ss = st.session_state
    ss.nm_evidence = se.event.id
    ss.pop("nm_cur_delete", None)
    places = event_places(se.event)
    if at is not None:
        area = any(p.entry.is_area for p in places if (round(p.entry.lat, 4), round(p.entry.lon, 4))
                   == (round(at[0], 4), round(at[1], 4)))
        ss.nm_fly = (float(at[0]), float(at[1]), max(AREA_ZOOM if area else TOWN_ZOOM, int(zoom or 0)))
    elif places:
        fly_to_place(places[0].entry)


def fly_to_place(entry: GazetteerEntry) -> None:
    """Send the map to ``entry``: an event's place, or the place a reader's correction gave it."""
    st.session_state.nm_fly = (entry.lat, entry.lon, AREA_ZOOM if entry.is_area else TOWN_ZOOM)


def clear() -> None:
    for key in ("nm_evidence", "nm_fly", "nm_cur_delete"):
        st.session_state.pop(key, None)


def current(find: Find) -> StoredEvent | None:
    """The chosen event as stored now (a correction shows at once), or None (none chosen, or it is gone)."""
    eid = st.session_state.get("nm_evidence")
    return find(eid) if eid else None


def take_timeline_pick(selection, find: Find) -> None:
    """A new click on a timeline mark chooses its event."""
    ss = st.session_state
    eid = evidence.picked(selection or {})
    if eid and eid != ss.get("nm_pick_seen"):
        ss.nm_pick_seen = eid
        se = find(eid)
        if se is not None:
            choose(se)


def landed_at(view, fly) -> bool:
    """Whether the map ``view`` (a Bounds) is the one a flight ``fly`` (lat, lon, zoom) landed on: its centre,
    in Web Mercator (the map's projection), within 2 % of the view of the flight's point. streamlit-folium
    centres the map on the point; Leaflet rounds to whole pixels, and a reader's drag moves the centre further."""
    if view is None or fly is None:
        return False

    def y(deg: float) -> float:
        deg = min(max(deg, -85.0), 85.0)  # the Mercator map's edge (the poles are at infinity)
        return math.log(math.tan(math.pi / 4 + math.radians(deg) / 2))

    south, north = y(view.south), y(view.north)
    width = (view.east - view.west) % 360 or 360.0
    off_centre = (float(fly[1]) - view.west) % 360 - width / 2
    return abs((south + north) / 2 - y(float(fly[0]))) <= 0.02 * (north - south) and abs(off_centre) <= 0.02 * width


def fly_to() -> dict:
    """streamlit-folium's ``center`` and ``zoom`` for the chosen event ({} when none is chosen)."""
    fly = st.session_state.get("nm_fly")
    return {"center": (fly[0], fly[1]), "zoom": fly[2]} if fly else {}


def open_button(se: StoredEvent) -> None:
    """The list card's button that opens the event's evidence."""
    st.button("Show evidence", key=f"nm_ev_{se.event.id}", on_click=choose, args=(se,),
              help="Open the article with this event's sentence, places and dates marked; the map flies to it")


def render(store, changed: Callable[[str], None]) -> None:
    """The evidence panel for the chosen event (nothing when none is chosen); ``store`` finds it by id."""
    se = current(store.event)
    if se is None:
        return
    e = se.event
    st.subheader("Evidence")
    head, close = st.columns([6, 1])
    where = ", ".join(place_name(p) for p in event_places(e)) or "no place"
    fixed = corrected_label(se)
    head.markdown(f"**{md_escape(date_label(e))}** · {md_escape(e.type)} · {md_escape(where, 160)}"
                  + (f" · :orange[{md_escape(fixed)}]" if fixed else "") + "  \n"
                  f"From *{md_escape(se.article_title or e.article_id, 120)}* "
                  f"({md_escape(se.source or 'unknown source')}). The event's sentence is highlighted; places are "
                  "underlined, dates dotted (the event's own in bold).")
    close.button("Close", key="nm_ev_close", on_click=clear)
    article = store.article(e.article_id) if hasattr(store, "article") else None
    if article and article.get("text"):
        places, timexes = store.mentions(e.article_id) if hasattr(store, "mentions") else ((), ())
        st.html(evidence.article_html(article["text"], e, places, timexes))
    else:  # a data set without article texts: the sentence alone
        st.html(evidence.article_html(e.sentence, replace(e, start=0, end=len(e.sentence))))
    _reports(store, se)
    curation.render(store, se, changed, fly_to_place)


REPORTS_SHOWN = 20  # an incident's reports listed in the panel (the ACLED export lists them all)


def _reports(store, se: StoredEvent) -> None:
    """The incident's reports, when several articles tell it: each one's sentence, outlet and link."""
    incident = store.incident(se.incident_id) if se.incident_id and se.reports > 1 else None
    if incident is None:
        return
    lines = []
    for event_id in incident.event_ids[:REPORTS_SHOWN]:
        other = store.event(event_id)
        if other is None:
            continue
        url = safe_url(other.url)
        title = md_escape(other.article_title or other.event.article_id, 90)
        lines.append(f"- {md_escape(other.event.sentence, 300)} — {f'[{title}]({url})' if url else title} "
                     f"({md_escape(other.source or 'unknown source')})")
    more = f"  \n…and {incident.reports - REPORTS_SHOWN} more." if incident.reports > REPORTS_SHOWN else ""
    st.markdown(f"**Reported by {incident.reports} articles** (one incident):  \n" + "\n".join(lines) + more)
