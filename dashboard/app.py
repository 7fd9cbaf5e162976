"""The news map + timeline dashboard (Streamlit). It only lays out what the builder modules return.

Run from the repository root, after ``pip install -e .``:

    python -m dashboard --db data/newsmap.sqlite            # also warms up while the server starts
    streamlit run dashboard/app.py -- --db data/newsmap.sqlite

Either way the needed Streamlit options (static serving on, usage statistics off) come from the root's
.streamlit/config.toml (``python -m dashboard`` also passes them, for runs from elsewhere), and the app itself
copies the map's static files and seeds an empty store, so neither depends on how it was started.

The store path is ``--db PATH`` (after ``--``), else the NEWSMAP_DB environment variable, else
data/newsmap.sqlite. MAP_TILES=offline (default) or osm chooses the map background (see map_view).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard import (backend, evidence, evidence_panel, export, map_labels, map_view, offline_assets, playback,
                       state, timeline_view)
from dashboard import filters as flt
from dashboard.counts import country_counts, country_names, event_countries
from dashboard.labels import DOUBTFUL_PLACE_SCORE, corrected_label, date_label, place_name, sureness_label
from dashboard.mdtext import md_escape, safe_url
from dashboard.regions import PlaceOptions, place_options
from dashboard.upload import both_given_note, read_pasted, read_published, read_upload
from timeline.model import StoredEvent
from timeline.query import Filters

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LIST_LIMIT = 150
MAP_HEIGHT = 620  # px: the map spans the page's width


@dataclass
class StoreHolder:
    store: object
    rev: int = 0
    seeded: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # one seeding per process


def db_path_from_args(argv: list[str]) -> str:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db")
    args, _ = p.parse_known_args(argv)
    return args.db or backend.default_db_path()


@st.cache_resource(show_spinner=False)
def get_store(db_path: str) -> StoreHolder:
    return StoreHolder(store=backend.open_store(db_path))


@st.cache_resource(show_spinner=False)
def get_assets() -> dict:
    return offline_assets.sync_assets()


@st.cache_resource(show_spinner=False)
def start_map_labels() -> object:
    """The map's place names, written once per process from the gazetteer (in the background)."""
    return map_labels.write_in_background(offline_assets.VENDOR_DIR / offline_assets.LABELS_NAME)


@dataclass(frozen=True)
class Dataset:
    """The stored events and what every rerun derives from all of them, computed once per store revision.

    Shared read-only by every session (``st.cache_resource``: no copy per rerun, which for 10,000 events
    would cost more than the rest of the rerun).
    """

    events: list[StoredEvent]  # earliest first (filters.sort_key)
    extent: tuple | None  # (first, last) date the slider can show, or None
    window: tuple | None  # the window the app opens on (filters.default_window): extent less far-off events
    counts: dict[str, int]  # events per actor
    titles: dict[str, str]  # article id -> title
    types: list[str]
    sources: list[str]
    colors: dict[str, str]
    bounds: list | None  # the map's initial view
    markers: list[str]  # per event, its map markers pre-serialised (map_view.marker_fragments)
    timeline: object  # pandas DataFrame of timeline rows by event position (timeline_view.timeline_frame)
    index: flt.EventIndex  # the events in columns, for filtering
    countries: dict[str, tuple[str, ...]]  # event id -> its places' country codes (counts.event_countries)
    country_names: dict[str, str]  # country code -> name (counts.country_names)
    places: PlaceOptions  # the country and region filter's options (regions.place_options)

    @property
    def known(self) -> dict[str, set[str]]:
        return {"actor": set(self.counts), "type": set(self.types), "source": set(self.sources),
                "article": set(self.titles), "country": set(self.places.countries),
                "region": set(self.places.regions)}


def build_dataset(events: list[StoredEvent]) -> Dataset:
    events = sorted(events, key=flt.sort_key)
    types = flt.distinct(se.event.type for se in events)
    colors = map_view.type_colors(types)
    extent = flt.slider_extent(flt.date_extent(events))
    return Dataset(
        events=events, extent=extent, window=flt.default_window(events, extent), counts=flt.actor_counts(events),
        titles={se.event.article_id: se.article_title or se.event.article_id for se in events if se.event.article_id},
        types=types, sources=flt.distinct(se.source for se in events), colors=colors,
        bounds=map_view.data_bounds(events),
        markers=map_view.marker_fragments(events, colors), timeline=timeline_view.timeline_frame(events),
        index=flt.EventIndex(events), countries=event_countries(events), country_names=country_names(events),
        places=place_options(events))


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_dataset(db_path: str, rev: tuple, _holder: StoreHolder) -> Dataset:
    return build_dataset(backend.load_events(_holder.store))


def _seed(holder: StoreHolder, slot) -> None:
    """On first start with an empty store, ingest the seeds with a progress bar in ``slot`` (once per process).

    ``slot`` is an ``st.empty()`` made on every run, so the elements after it keep their places whether or
    not this run seeds (a moved map would be remounted: its iframe reloaded and its view reset).
    """
    if holder.seeded:
        return
    with holder.lock:
        if holder.seeded:
            return
        bar = slot.progress(0.0, text="Loading the seed articles…")
        n = backend.ensure_seeded(holder.store, SEEDS_DIR,
                                  lambda frac, msg: bar.progress(min(max(float(frac), 0.0), 1.0), text=msg))
        slot.empty()
        holder.seeded = True
        if n:
            holder.rev += 1


def _init_state(ds: Dataset) -> None:
    """First run of a session: the filters come from the URL (bad values ignored with a notice); a link
    without dates opens on the data set's default window."""
    ss = st.session_state
    if ss.get("nm_init"):
        return
    extent = ds.extent
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    f, notices = state.parse_query(params, known=ds.known, extent=extent)
    link, more = state.parse_link_view(params)
    ss.f_actors, ss.f_types = list(f.actors), list(f.types)
    ss.f_sources, ss.f_articles = list(f.sources), list(f.articles)
    ss.f_countries, ss.f_regions = list(f.countries), list(f.regions)
    if extent and extent[0] < extent[1]:
        ss.f_window = state.window_or_extent(f, extent, ds.window)
        ss.nm_track = state.track_for(ss.f_window, extent)
    if link.at and not ds.index.placed_at(*link.at):
        more.append("Ignored the marker from the link: no stored event is placed there.")
        link = replace(link, at=None)
    ss.nm_notices = notices + more
    ss.f_review = params.get("review", [""])[-1:] == ["1"]
    ss.nm_link = link  # the link's brush and map view hold until the reader brushes or presses Reset
    ss.nm_selected = link.at
    ss.nm_last_click = None
    ss.nm_brush_seen = None
    ss.nm_init = True


def _gen_key(name: str) -> str:
    """The map's or the timeline's widget key: Reset moves both to new keys, so they start afresh (the map on
    the data, the timeline with no brush) instead of keeping a view the reader can no longer undo."""
    gen = st.session_state.get("nm_gen", 0)
    return name if not gen else f"{name}_{gen}"


def _step_window(extent) -> None:
    ss = st.session_state
    ss.f_window = state.step_window(tuple(ss.f_window), extent)


def _set_window(window, track) -> None:
    ss = st.session_state
    ss.f_window, ss.nm_track = tuple(window), tuple(track)
    ss.pop("nm_added_span", None)


def _reset_filters(extent, window) -> None:
    ss = st.session_state
    ss.f_actors, ss.f_types, ss.f_sources, ss.f_articles = [], [], [], []
    ss.f_countries, ss.f_regions = [], []
    ss.nm_playing = False
    ss.f_review = False
    if extent and extent[0] < extent[1]:
        _set_window(window or extent, state.track_for(window or extent, extent))
    ss.nm_selected = None
    ss.nm_link = state.LinkView()
    evidence_panel.clear()
    ss.nm_gen = ss.get("nm_gen", 0) + 1


def _fit_window(ds: Dataset) -> None:
    """Keep the slider's value right when the data set changed under the session (an article was added):
    a window that was the old default or whole extent becomes the new default, a missing one (the old data
    had a single date) is set, and the window widens to the dates of the article just added."""
    ss = st.session_state
    old = ss.get("nm_window_was")
    ss.nm_window_was = (ds.window, ds.extent)
    added = ss.pop("nm_added", None)
    extent = ds.extent
    if not (extent and extent[0] < extent[1]):
        return
    if "f_window" not in ss or (old and old != (ds.window, extent) and tuple(ss.f_window) in old):
        ss.f_window = ds.window or extent
    lo, hi = (min(max(d, extent[0]), extent[1]) for d in ss.f_window)
    window = (lo, hi)
    # An added article's dates far from the window (a 2005 article beside the 2016 seed) are offered with a
    # button, not added to the window: a window stretched over years leaves the weeks read so far a sliver.
    span = flt.date_extent(se for se in ds.events if added and se.event.article_id == added)
    if span and not (span[0] >= lo and span[1] <= hi):
        ss.nm_added_span = (max(span[0], extent[0]), min(span[1], extent[1]))
    track = state.track_after(window, ss.get("nm_track"), extent)
    if window != tuple(ss.f_window) or track != ss.get("nm_track"):
        ss.f_window, ss.nm_track = window, track  # set before the slider: its new ends make it a new widget


def _sidebar(ds: Dataset) -> None:
    ss = st.session_state
    sb = st.sidebar
    extent, counts, titles = ds.extent, ds.counts, ds.titles
    sb.header("Filters")
    for key, opts in (("f_actors", counts), ("f_types", set(ds.types)), ("f_sources", set(ds.sources)),
                      ("f_articles", titles)):
        ss[key] = [v for v in ss.get(key, []) if v in opts]
    sb.multiselect("Actors", options=list(counts), key="f_actors", format_func=lambda a: f"{a} ({counts[a]})",
                   placeholder="All actors")
    sb.multiselect("Event type", options=ds.types, key="f_types", placeholder="All types")
    sb.multiselect("Source", options=ds.sources, key="f_sources", placeholder="All sources")
    sb.multiselect("Article", options=list(titles), key="f_articles", format_func=lambda a: titles.get(a, a),
                   placeholder="All articles")
    _place_filter(ds.places)
    sb.checkbox("Needs review only", key="f_review",
                help=f"Events with a doubtful place (score under {DOUBTFUL_PLACE_SCORE}: a weak reading or a close "
                     "second one) or a date not from their own sentence (carried from context, or only the "
                     "publication date)")
    if extent and extent[0] < extent[1]:
        track = ss.nm_track
        sb.slider("Date window", min_value=track[0], max_value=track[1], key="f_window", format="YYYY-MM-DD",
                  help="Drag an end to the end of the track to move the track on; “All dates” shows everything.")
        c1, c2 = sb.columns(2)
        c1.button("▶ Step", on_click=_step_window, args=(extent,), help="Move the date window forward by its width",
                  key="nm_step")
        _play_controls(c2, extent)
        c1, c2 = sb.columns(2)
        c1.button("Reset", on_click=_reset_filters, args=(extent, ds.window), key="nm_reset",
                  help="Clear the filters, the brush and the marker, and bring the map back to the events")
        c2.button("All dates", on_click=_set_window, args=(extent, extent), key="nm_all",
                  help=f"The whole stored range, {extent[0]} to {extent[1]}")
        span = ss.get("nm_added_span")
        if span:
            sb.button(f"Show the added article's dates ({span[0]} to {span[1]})", key="nm_show_added",
                      on_click=_set_window, args=(span, state.track_for(span, extent)))
        if ds.window and ds.window != extent and tuple(ss.f_window) == tuple(ds.window):
            sb.caption(f"Opened on the weeks most events fall in; “All dates” reaches {extent[0]} to "
                       f"{extent[1]}.")
    elif extent:
        sb.caption(f"All dated events fall on {extent[0]}.")


def _place_filter(places: PlaceOptions) -> None:
    """The sidebar's country and first-level region lists (the regions of the chosen countries only)."""
    ss, sb = st.session_state, st.sidebar
    ss.f_countries = [c for c in ss.get("f_countries", []) if c in places.countries]
    sb.multiselect("Country", options=list(places.countries), key="f_countries", format_func=places.label,
                   placeholder="All countries", help="Events with a place in one of these countries")
    offered = places.regions_of(ss.f_countries)
    ss.f_regions = [r for r in ss.get("f_regions", []) if r in offered]
    sb.multiselect("Region", options=offered, key="f_regions", format_func=places.label,
                   placeholder="All regions", help="Events with a place in one of these first-level regions "
                   "(provinces, states; GeoNames' admin1 codes, named by their towns here)")


def _play_controls(col, extent) -> None:
    """Play/Pause beside Step, then the speed and Loop (dashboard.playback), and the timer while playing."""
    ss, sb = st.session_state, st.sidebar
    # A switch, not a button: a button's click is one message that a timer's rerun arriving at the same
    # moment can swallow, while a switch's state goes with every later rerun, so Pause always holds.
    col.toggle("Play", key="nm_playing", on_change=playback.started, args=(ss, extent))  # off: pause
    s1, s2 = sb.columns([3, 2])
    s1.selectbox("Speed", playback.SPEEDS, key="nm_play_speed", format_func=playback.speed_label,
                 index=playback.SPEEDS.index(playback.DEFAULT_SPEED), label_visibility="collapsed")
    s2.checkbox("Loop", key="nm_play_loop")  # at the end of the dates, start again from the first
    with sb:
        playback.ticker(ss)


def _article_form(holder: StoreHolder) -> None:
    with st.expander("Add your own article", expanded=bool(st.session_state.get("nm_upload_open"))):
        up = st.file_uploader("Upload a .txt, .md or .html file (2 MB at most)", type=["txt", "md", "html", "htm"],
                              key="up_file", max_upload_size=2)
        pasted = st.text_area("…or paste the article's text", key="up_text", height=140)
        art, err = None, None
        if up is not None and pasted.strip():
            st.warning(md_escape(both_given_note(up.name)))
        try:
            if up is not None:
                art = read_upload(up.name, up.getvalue())
            elif pasted.strip():
                art = read_pasted(pasted)
        except ValueError as exc:
            err = str(exc)
        if err:
            st.error(md_escape(err))
        # A keyed widget keeps its value when its ``value=`` changes, so the fields are keyed by what fills
        # them: another file, or pasted front matter that says something else, gives fresh fields.
        meta = (art.title, art.source, art.url, str(art.published)) if art else ()
        sig = hashlib.sha1(repr((getattr(up, "name", ""), getattr(up, "size", 0), meta)).encode()).hexdigest()[:12]
        c1, c2 = st.columns(2)
        title = c1.text_input("Title", value=art.title if art else "", key=f"up_title_{sig}")
        source = c2.text_input("Source", value=art.source if art else "", key=f"up_source_{sig}")
        url = c1.text_input("URL", value=art.url if art else "", key=f"up_url_{sig}")
        # A text field, not a date picker: the picker keeps to ten years around today and drops an impossible
        # day without a word; here any day from 1900 to a year ahead is taken and a bad one is named.
        typed = c2.text_input("Publication date, YYYY-MM-DD (relative dates are read from it)",
                              value=art.published.isoformat() if art and art.published else "", key=f"up_pub_{sig}")
        published = None
        try:
            published = read_published(typed)
        except ValueError as exc:
            st.error(md_escape(str(exc)))
            art = None
        if st.button("Add article", type="primary", key="up_go", disabled=art is None):
            st.session_state.nm_upload_open = True
            bar = st.progress(0.0, text="Processing the article…")
            try:
                summary = backend.add_article(
                    holder.store, article=art, published=published, title=title.strip(), source=source.strip(),
                    url=url.strip(),
                    progress=lambda frac, msg: bar.progress(min(max(float(frac), 0.0), 1.0), text=msg))
            except ValueError as exc:
                bar.empty()
                st.error(f"Not added: {exc}")
            else:
                holder.rev += 1
                st.session_state.nm_added = summary.get("article_id")
                st.session_state.nm_flash = (f"Added “{summary.get('article_id')}”: {summary.get('events', 0)} events, "
                                             f"{summary.get('places', 0)} places, {summary.get('dates', 0)} dates.")
                st.rerun()


def _current_brush():
    """The timeline brush in force: the reader's on the chart, else the share link's (until the reader brushes
    or clears the chart, which replaces it)."""
    ss = st.session_state
    chart = timeline_view.parse_brush((ss.get(_gen_key("nm_timeline")) or {}).get("selection") or {})
    if chart != ss.get("nm_brush_seen"):
        ss.nm_brush_seen = chart
        ss.nm_link = replace(ss.nm_link, brush=None)
    return chart or ss.nm_link.brush


def _link_now(brush, view, map_key: str) -> state.LinkView:
    """What the share link says beyond the filters: the brush, the marker, and the map view once the reader
    has moved it from where it opened (the first view the map reports) or it came from a link."""
    ss = st.session_state
    first = ss.setdefault(f"nm_first_view_{map_key}_{ss.nm_base_view}", view) if view else None
    keep_view = view if view and (ss.nm_link.view or view != first) else None
    return state.LinkView(brush=brush, view=keep_view, at=ss.get("nm_selected"))


TIMELINE_MODES = {"auto": "Automatic", "events": "Each event", "counts": "Counts"}


def _timeline_chart(rows, colors: dict[str, str], zoom, window) -> None:
    """The timeline: each event (points and bars) for small selections, counts stacked by type for many
    (or as the reader chooses); either carries the brush."""
    ss = st.session_state
    mode = st.radio("Timeline shows", list(TIMELINE_MODES), format_func=TIMELINE_MODES.get, horizontal=True,
                    key="nm_tl_mode", label_visibility="collapsed",
                    help=f"Automatic: each event up to {timeline_view.STRIP_MAX_ROWS}, counts above")
    selections = [timeline_view.BRUSH]
    if mode == "counts" or (mode == "auto" and len(rows) > timeline_view.STRIP_MAX_ROWS):
        chart = timeline_view.build_histogram(rows, colors, domain=zoom, brush=ss.nm_link.brush)
        note = "Bars: events per day, week or month (by the span shown), stacked by type."
    else:
        chart = timeline_view.build_timeline([], colors, window, domain=zoom, rows=rows, brush=ss.nm_link.brush)
        # a click on a mark opens its event's evidence; the chosen event is ringed
        chart = evidence.with_highlight(evidence.with_pick(chart), rows, ss.get("nm_evidence"),
                                        sorted(colors, key=str.lower), clip=zoom is not None)
        selections += list(evidence.PICKS)
        note = ("Points: events dated to a day (a number: several that day). Bars: dates known only to a week, "
                "month or year. Click one for its evidence.")
    st.altair_chart(chart, key=_gen_key("nm_timeline"), on_select="rerun", selection_mode=selections,
                    width="stretch")
    st.caption(note)


def _country_table(list_events: list[StoredEvent], ds: Dataset) -> None:
    """The listed events per country (the sidebar, the window, the brush, the map view and the marker applied)."""
    rows = country_counts(list_events, ds.countries, ds.country_names)
    if not rows:
        return
    st.caption("Events per country in this view (an event counts once for each country it names):")
    st.dataframe([{"country": name, "code": code, "events": n} for code, name, n in rows], hide_index=True,
                 height=min(36 * (len(rows) + 1) + 2, 220), width="stretch")


def _empty_note(in_view: bool, at_marker: bool, f: Filters) -> str:
    """Why the list is empty, and the way back."""
    why = [w for w, on in (("the map view", in_view), ("the clicked marker", at_marker),
                           ("the date window", f.start is not None or f.end is not None),
                           ("the sidebar filters", bool(f.actors or f.types or f.sources or f.articles
                                                        or f.countries or f.regions))) if on]
    return ("No events in this view: " + (", ".join(why) or "the current choices") + " leave none. Zoom the map "
            "out, widen the date window, or press Reset in the sidebar to start again.")


def _event_card(se: StoredEvent) -> str:
    e = se.event
    places = flt.event_places(e)
    where = ", ".join(place_name(p) for p in places) or "no place"
    actors = ", ".join(e.actors) or "no actor found"
    title = se.article_title or "article"
    url = safe_url(se.url)
    link = f"[{md_escape(title, 90)}]({url})" if url else md_escape(title, 90)
    sure = sureness_label(e, places[0] if places else None)
    fixed = corrected_label(se)
    return (f"**{md_escape(date_label(e))}** · {md_escape(e.type)} · {md_escape(where, 120)}  \n"
            f"{md_escape(e.sentence, 400)}  \n"
            f"*{md_escape(actors, 200)}* · {link} ({md_escape(se.source or 'unknown source')})  \n"
            f":gray[How sure: {md_escape(sure)}]" + (f" · :orange[{md_escape(fixed)}]" if fixed else ""))


def _store_changed(holder: StoreHolder, message: str) -> None:
    """After a correction or a deletion: every session reads the store again; the message shows once."""
    holder.rev += 1
    st.session_state.nm_flash = md_escape(message)
    st.rerun()


def main() -> None:
    st.set_page_config(page_title="News map and timeline", layout="wide")
    ss = st.session_state
    if not st.get_option("server.enableStaticServing"):
        st.error("Static file serving is off, so the map cannot load Leaflet. Start the app with "
                 "`python -m dashboard`, or `streamlit run dashboard/app.py` from the repository root (its "
                 ".streamlit/config.toml turns it on), or add `--server.enableStaticServing true`.")
    assets = get_assets()
    db_path = db_path_from_args(sys.argv[1:])
    holder = get_store(db_path)
    _seed(holder, st.empty())
    # the file's version too: articles another process (the CLI) ingested show on the next rerun or reload
    ds = cached_dataset(db_path, (holder.rev, backend.store_version(db_path)), holder)
    events, extent = ds.events, ds.extent
    _init_state(ds)
    playback.step_if_due(ss, extent)  # before the slider is drawn: it shows the window played to
    _fit_window(ds)
    start_map_labels()

    st.title("News map and timeline")
    for notice in ss.get("nm_notices", []):
        st.warning(notice)
    if ss.get("nm_flash"):
        st.success(ss.pop("nm_flash"))
    _sidebar(ds)
    _article_form(holder)

    # The current selection: sidebar choices, slider window narrowed by the timeline brush, map view, clicked marker.
    slider = tuple(ss.f_window) if "f_window" in ss and extent and extent[0] < extent[1] else None
    brush = _current_brush()
    start, end = state.effective_window(slider, brush, extent)
    chosen = Filters(actors=tuple(ss.f_actors), types=tuple(ss.f_types), sources=tuple(ss.f_sources),
                     articles=tuple(ss.f_articles), countries=tuple(ss.f_countries), regions=tuple(ss.f_regions))
    f = replace(chosen, start=start, end=end)
    map_key = _gen_key("nm_map")
    ss.nm_base_view = (ss.nm_link.view, ds.bounds)  # the view the map opens on (a new one re-renders it)
    map_state = ss.get(map_key) or {}
    view = flt.bounds_from_folium(map_state.get("bounds"))
    bounds = ds.index.view_restricts(view)
    click = map_state.get("last_object_clicked")
    if click and click != ss.get("nm_last_click"):
        ss.nm_last_click = click
        spot = (float(click["lat"]), float(click["lng"]))
        if ds.index.placed_at(*spot):  # else a cluster was clicked: Leaflet zooms into it, nothing is selected
            ss.nm_selected = spot
            ss.nm_evidence_at = spot  # its first listed event's evidence opens (below, once the list is known)
    evidence_panel.take_timeline_pick((ss.get(_gen_key("nm_timeline")) or {}).get("selection"), events)

    # The URL follows the sidebar (the slider's window, not the brush).
    url_f = replace(chosen, start=slider[0] if slider else None, end=slider[1] if slider else None)
    q = {**state.to_query(url_f, ds.window), **({"review": "1"} if ss.get("f_review") else {}),
         **state.link_view_query(_link_now(brush, view, map_key))}
    if q != {k: st.query_params.get_all(k) if isinstance(q.get(k), list) else st.query_params.get(k)
             for k in st.query_params.keys()}:
        st.query_params.from_dict(q)

    colors = ds.colors
    # the in-memory filter over columns built once (ds.index): positions into ds.events.
    review = bool(ss.get("f_review"))
    map_pos = ds.index.select(f, review_only=review)
    timeline_pos = ds.index.select(f, use_window=False, bounds=bounds, review_only=review)
    map_events = ds.index.take(map_pos)
    if ss.get("nm_selected"):
        # A clicked marker was in view when clicked; the popup's auto-pan may since have moved it out of the
        # view, so the marker, not the view, says which events are meant.
        list_events = flt.events_at(ds.index.take(ds.index.select(f, review_only=review)), *ss.nm_selected)
    else:
        list_events = ds.index.take(ds.index.select(f, bounds=bounds, review_only=review))
    clicked_at = ss.pop("nm_evidence_at", None)
    if clicked_at and list_events:
        evidence_panel.choose(list_events[0], clicked_at)

    # The map across the page, the timeline and the counts under it (the map was a third of the page).
    left, right = st.container(), st.container()
    with left:
        mode = map_view.tiles_mode()
        linked = ss.nm_link.view  # a share link's map view, else the data's
        base = map_view.build_base_map(events, colors, mode=mode, outlines=assets.get("outlines", False),
                                       bounds=[[linked[0], linked[1]], [linked[2], linked[3]]] if linked else ds.bounds,
                                       labels=mode == "offline")  # OSM tiles have their own names
        group = map_view.build_marker_group(map_events, colors, [ds.markers[i] for i in map_pos])
        st_folium(base, key=map_key, height=MAP_HEIGHT, use_container_width=True,
                  returned_objects=["bounds", "last_object_clicked"], feature_group_to_add=group,
                  **evidence_panel.fly_to())
        st.caption(f"{map_view.marker_count(map_events)} markers for {len(map_events)} events. "
                   "Solid circles: towns and sites; dashed: countries, regions, seas. "
                   + md_escape(map_view.offline_note(mode, assets.get("outlines", False))))
    with right:
        st.subheader("Timeline")
        zoom = slider if slider and tuple(slider) != tuple(extent) else None  # the slider zooms the time axis
        rows = timeline_view.select_rows(ds.timeline, timeline_pos, (start, end))
        _timeline_chart(rows, colors, zoom, (start, end))
        undated = len(timeline_pos) - len(rows)
        st.caption(f"Drag on the chart to narrow the window; {undated} undated events are left off.")
        if start or end:
            st.caption(f"Date window: {start or '…'} to {end or '…'}" + (" (brushed)" if brush else ""))
        _country_table(list_events, ds)

    evidence_panel.render(holder.store, events, lambda message: _store_changed(holder, message))

    st.subheader("Events")
    scope = []
    if bounds:
        scope.append("in the map view")
    if ss.get("nm_selected"):
        scope.append("at the clicked marker")
    if review:
        scope.append("needing review")
    st.markdown(f"Showing **{len(list_events)}** of {len(events)} events"
                + (" (" + ", ".join(scope) + ")" if scope else "") + ".")
    if not list_events and events:
        st.info(_empty_note(bool(bounds), bool(ss.get("nm_selected")), f))
    if ss.get("nm_selected"):
        if st.button("Clear marker selection", key="nm_clear_sel"):
            ss.nm_selected = None
            st.rerun()
    c1, c2, c3, c4 = st.columns(4)
    # The files are built when a button is clicked (a callable), not on every rerun, and a click does not rerun.
    c1.download_button("Download CSV", lambda: export.to_csv(list_events), "events.csv", "text/csv", key="dl_csv",
                       on_click="ignore")
    c2.download_button("Download GeoJSON", lambda: export.places_geojson(list_events), "events.geojson",
                       "application/geo+json", key="dl_geojson", on_click="ignore",
                       help="One point per place of each event (where it happened, then the places it mentions)")
    c3.download_button("Download ACLED CSV", lambda: export.acled_csv(list_events), "events-acled.csv", "text/csv",
                       key="dl_acled", on_click="ignore",
                       help="ACLED's columns: event_date, time_precision, event_type, actor1, actor2, country, "
                            "admin1, location, latitude, longitude, geo_precision, source, notes")
    c4.download_button("Download JSON", lambda: export.to_json(list_events), "events.json", "application/json",
                       key="dl_json", on_click="ignore")
    for e in list_events[:LIST_LIMIT]:
        with st.container(border=True):
            st.markdown(_event_card(e))
            evidence_panel.open_button(e)
    if len(list_events) > LIST_LIMIT:
        st.caption(f"The first {LIST_LIMIT} are listed; the downloads hold all {len(list_events)}.")


if __name__ == "__main__":
    main()
