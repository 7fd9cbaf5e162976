"""The news map + timeline dashboard (Streamlit). It only lays out what the builder modules return.

Run from the repository root, after ``pip install -e .``:

    python -m dashboard --db PATH.sqlite            # also warms up while the server starts
    streamlit run dashboard/app.py -- --db PATH.sqlite

Either way the needed Streamlit options (static serving on, usage statistics off) come from the root's
.streamlit/config.toml (``python -m dashboard`` also passes them, for runs from elsewhere), and the app itself
copies the map's static files and seeds an empty store, so neither depends on how it was started.

The store path is ``--db PATH`` (after ``--``), else the NEWSMAP_DB environment variable, else
$XDG_DATA_HOME/newsmap/newsmap.sqlite (~/.local/share/newsmap/newsmap.sqlite; ``backend.default_db_path``);
``--dataset DIR`` (or NEWSMAP_DATASET) opens the Parquet dataset of ``python -m timeline
build`` instead, read-only. MAP_TILES=offline (default) or osm chooses the map background (see map_view).

No rerun holds every event: each asks the store (``timeline.query.EventQueries``, answered in SQL by SQLite
or DuckDB) only for what the view shows: a page of the list, markers or counts per map cell, the timeline's
events or its counts per bin, the facet counts; what holds for the whole store is asked once per revision
(``dashboard.overview``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import (backend, event_table, evidence, evidence_panel, export, hosts, link_job, map_labels, map_view,
                       offline_assets, playback, state, timeline_view)
from dashboard import filters as flt
from dashboard.answers import Answers
from dashboard.labels import DOUBTFUL_PLACE_SCORE, corrected_label, date_label, place_name, sureness_label
from dashboard.mdtext import md_escape, md_link, safe_url
from dashboard.overview import WORLD, Overview, build_overview
from dashboard.regions import PlaceOptions
from dashboard.upload import both_given_note, forget_upload, read_pasted, read_published, read_upload_once
from timeline.errors import StoreError
from timeline.records import StoredEvent
from timeline.query import Bounds, Filters

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LIST_PAGE = 100  # events per page of the list
SPOT_TOL = 1e-4  # degrees: a clicked marker's events are those placed this near it
MAP_HEIGHT = 620  # px: the map spans the page's width
REFRESH_SECONDS = 10  # an open dashboard looks this often whether the store has new articles
LINK_POLL_SECONDS = 0.5  # while a link is fetched, its progress is looked at this often
# What the page holds by default: happenings and statements the articles assert (timeline.records.FACTUALITIES);
# the sidebar's "Show negated and hypothetical events" (kept in the link as unasserted=1) adds the rest.
ASSERTED_ONLY = ("asserted",)


@dataclass
class StoreHolder:
    store: object
    rev: int = 0
    seeded: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # one seeding per process
    answers: Answers | None = None  # the store's answers kept between reruns
    read_at: tuple | None = None  # the revision the overview last read (a dataset refreshes on a new one)

    def __post_init__(self) -> None:
        self.answers = Answers(self.store)


def db_path_from_args(argv: list[str]) -> str:
    return store_from_args(argv)[0]


def store_from_args(argv: list[str]) -> tuple[str, bool]:
    """(path, is a dataset): ``--dataset DIR`` or NEWSMAP_DATASET, else ``--db PATH`` or the default store."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db")
    p.add_argument("--dataset")
    args, _ = p.parse_known_args(argv)
    if args.dataset and not args.db:
        return args.dataset, True
    if args.db:
        return args.db, False
    dataset = backend.default_dataset_path()
    return (dataset, True) if dataset else (backend.default_db_path(), False)


@st.cache_resource(show_spinner=False)
def get_store(db_path: str, dataset: bool = False) -> StoreHolder:
    return StoreHolder(store=backend.open_dataset(db_path) if dataset else backend.open_store(db_path),
                       seeded=dataset)  # a dataset is read-only: never seeded


@st.cache_resource(show_spinner=False)
def get_assets() -> dict:
    return offline_assets.sync_assets()


@st.cache_resource(show_spinner=False)
def start_map_labels() -> object:
    """The map's place names, written once per process from the gazetteer (in the background)."""
    return map_labels.write_in_background(offline_assets.VENDOR_DIR / offline_assets.LABELS_NAME)


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_overview(db_path: str, rev: tuple, _holder: StoreHolder) -> Overview:
    """The store's ``Overview`` per revision (shared read-only by every session)."""
    if hasattr(_holder.store, "refresh") and _holder.read_at not in (None, rev):
        _holder.store.refresh()  # a dataset: take in the units a build committed since (opening read the rest)
    _holder.read_at = rev
    return build_overview(_holder.store)


def _spot(lat: float, lon: float) -> Bounds:
    """The box of a clicked marker: its events are those with a place in it (``filters.events_at``' rule)."""
    return Bounds(lat - SPOT_TOL, lon - SPOT_TOL, lat + SPOT_TOL, lon + SPOT_TOL)


def _placed_at(store, lat: float, lon: float) -> bool:
    """Whether some event has a placed place at (lat, lon): a marker's spot, not a cluster's or a cell's."""
    return store.event_count(Filters(), bbox=_spot(lat, lon)) > 0


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


def _init_state(ds: Overview, store) -> None:
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
    ss.f_text = f.text
    if extent and extent[0] < extent[1]:
        ss.f_window = state.window_or_extent(f, extent, ds.window)
        ss.nm_track = state.track_for(ss.f_window, extent)
    if link.at and not _placed_at(store, *link.at):
        more.append("Ignored the marker from the link: no stored event is placed there.")
        link = replace(link, at=None)
    ss.nm_notices = notices + more
    ss.f_review = params.get("review", [""])[-1:] == ["1"]
    ss.f_unasserted = params.get("unasserted", [""])[-1:] == ["1"]
    ss.f_every_report = params.get("reports", [""])[-1:] == ["1"]
    ss.f_heat = params.get("heat", [""])[-1:] == ["1"]
    ss.nm_link = link  # the link's brush and map view hold until the reader brushes or presses Reset
    ss.nm_selected = link.at
    ss.nm_last_click = None
    ss.nm_brush_seen = None
    ss.nm_init = True


def _gen_key(name: str) -> str:
    """The map's or the timeline's widget key: Reset moves both to new keys, so they start afresh (the map on
    the data, the timeline with no brush) instead of keeping a view the reader can no longer undo; a Step or
    Play from a brush moves the timeline alone (``_brush_into_window``)."""
    ss = st.session_state
    gen = ss.get("nm_gen", 0) + (ss.get("nm_tl_gen", 0) if name == "nm_timeline" else 0) * 1000
    return name if not gen else f"{name}_{gen}"


def _brush_into_window() -> None:
    """A brush on the timeline becomes the slider's window, and the brush is cleared: Step and Play move the
    window, and a brush left in force kept the caption and the list on the old dates (issue #21)."""
    ss = st.session_state
    brush = _current_brush()
    if not brush:
        return
    ss.f_window = tuple(sorted(brush))
    ss.nm_tl_gen = ss.get("nm_tl_gen", 0) + 1
    ss.nm_link = replace(ss.nm_link, brush=None)
    ss.nm_brush_seen = None


def _step_window(extent, spans) -> None:
    ss = st.session_state
    _brush_into_window()
    old = tuple(ss.f_window)
    ss.f_window = state.step_window(old, extent, spans)
    playback.note_step(ss, old, tuple(ss.f_window))


def _play_switched(extent) -> None:
    if st.session_state.get("nm_playing"):
        _brush_into_window()
    playback.started(st.session_state, extent)


def _set_window(window, track) -> None:
    ss = st.session_state
    ss.f_window, ss.nm_track = tuple(window), tuple(track)
    ss.pop("nm_added_span", None)


def _reset_filters(extent, window) -> None:
    ss = st.session_state
    ss.f_actors, ss.f_types, ss.f_sources, ss.f_articles = [], [], [], []
    ss.f_countries, ss.f_regions = [], []
    ss.f_text = ""
    ss.nm_playing = False
    ss.f_review = False
    ss.f_unasserted = False
    ss.f_every_report = False
    ss.f_heat = False
    if extent and extent[0] < extent[1]:
        _set_window(window or extent, state.track_for(window or extent, extent))
    ss.nm_selected = None
    ss.nm_link = state.LinkView()
    evidence_panel.clear()  # the panel and the flight to its event: else the new map opens where it flew
    for key in ("nm_evidence_at", "nm_fly_last"):
        ss.pop(key, None)
    ss.nm_gen = ss.get("nm_gen", 0) + 1


def _fit_window(ds: Overview, store) -> None:
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
    span = store.date_extent(Filters(articles=(added,))) if added else None
    if span and not (span[0] >= lo and span[1] <= hi):
        ss.nm_added_span = (max(span[0], extent[0]), min(span[1], extent[1]))
    track = state.track_after(window, ss.get("nm_track"), extent)
    if window != tuple(ss.f_window) or track != ss.get("nm_track"):
        ss.f_window, ss.nm_track = window, track  # set before the slider: its new ends make it a new widget


def _selection(extent):
    """The reader's selection as the session holds it: (the sidebar's choices, those with the date window (the
    slider's, narrowed by the timeline's brush), the review and factuality choices, the slider's window, the
    brush). Read before the sidebar is drawn too, for its counts: a widget's new value is in the session
    before the run starts."""
    ss = st.session_state
    slider = tuple(ss.f_window) if "f_window" in ss and extent and extent[0] < extent[1] else None
    brush = _current_brush()
    start, end = state.effective_window(slider, brush, extent)
    unasserted = bool(ss.get("f_unasserted"))  # negated and hypothetical events too (else asserted ones only)
    chosen = Filters(**{k: tuple(ss.get(f"f_{k}", ())) for k in FACET_KEYS}, text=ss.get("f_text", "").strip())
    # one mark per incident (its earliest report's lead) unless the reader asks for every report
    f = replace(chosen, start=start, end=end, review=bool(ss.get("f_review")),
                factualities=() if unasserted else ASSERTED_ONLY, per_incident=not ss.get("f_every_report"))
    return chosen, f, slider, brush


COUNTS_HELP = ("The number beside each value: its events under the current date window, brush and other filters "
               "(the map view aside).")
FACET_KEYS = ("actors", "types", "sources", "articles", "countries", "regions")  # Filters' fields = f_<key> widgets
COUNTED_FACETS = ("actors", "countries", "regions")  # the lists that show a count beside each value


def _facet_counts(store, f: Filters) -> dict[str, dict[str, int]]:
    """Each counted list's events per value under the rest of the selection: the date window and brush, the other
    lists' choices, review and factuality, but not the list's own choice (so its other values keep their counts
    and can be added), nor the map view (a drag would ask them all again). A value the selection leaves no
    event for counts 0."""
    return {facet: {v.value: v.count for v in store.value_counts(facet, replace(f, **{facet: ()}))}
            for facet in COUNTED_FACETS}


def _sidebar(ds: Overview, store, now: dict[str, dict[str, int]]) -> None:
    """The filters. ``now``: the counted lists' counts under the current selection (``_facet_counts``)."""
    ss = st.session_state
    sb = st.sidebar
    extent, counts, titles = ds.extent, ds.counts, ds.titles
    sb.header("Filters")
    sb.text_input("Search the events", key="f_text", max_chars=state.MAX_SEARCH_CHARS,
                  placeholder="Words in sentences and titles",
                  help="Keeps the events whose sentence or article title holds every word (any case; part of a "
                       "word counts: “attack” finds “attacked”). Enter applies it.")
    for key, opts in (("f_actors", counts), ("f_types", set(ds.types)), ("f_sources", set(ds.sources)),
                      ("f_articles", ds.article_ids)):
        ss[key] = [v for v in ss.get(key, []) if v in opts]
    actors_now = now["actors"]
    sb.multiselect("Actors", options=list(counts), key="f_actors",
                   format_func=lambda a: f"{a} ({actors_now.get(a, 0)})",
                   placeholder="All actors", help=COUNTS_HELP)
    sb.multiselect("Event type", options=ds.types, key="f_types", placeholder="All types")
    sb.multiselect("Source", options=ds.sources, key="f_sources", placeholder="All sources")
    # the articles with most events, and any chosen (from a link) beyond those
    extra = [a for a in ss.f_articles if a not in titles]
    if extra:
        titles = {**titles, **store.article_titles(extra)}
    options = list(titles)
    sb.multiselect("Article", options=options, key="f_articles", format_func=lambda a: titles.get(a, a),
                   placeholder="All articles")
    _place_filter(ds.places, now)
    sb.checkbox("Needs review only", key="f_review",
                help=f"Events with a doubtful place (score under {DOUBTFUL_PLACE_SCORE}: a weak reading or a close "
                     "second one) or a date not from their own sentence (carried from context, or only the "
                     "publication date)")
    sb.checkbox("Show negated and hypothetical events", key="f_unasserted",
                help="By default the map, the timeline and the list hold what the articles assert happened or "
                     "was said. This adds what they deny or only suppose: “did not attack”, “denied that …”, "
                     "“could make the crossing”, “plans to …”, “if the talks fail …”.")
    sb.checkbox("Heat map", key="f_heat",
                help="The map as a grid of cells shaded by how many events each holds (yellow few, dark red the "
                     "most), under the date window, the brush and every filter: play or step the window and the "
                     "heat follows. A cell's tooltip gives its count.")
    sb.checkbox("Every report of an incident", key="f_every_report",
                help="By default the reports of one happening by several articles are one incident: one mark, one "
                     "card (“3 reports”), counted once. This shows each report's event by itself.")
    if extent and extent[0] < extent[1]:
        track = ss.nm_track
        sb.slider("Date window", min_value=track[0], max_value=track[1], key="f_window", format="YYYY-MM-DD",
                  help="Drag an end to the end of the track to move the track on; “All dates” shows everything.")
        c1, c2 = sb.columns(2)
        c1.button("▶ Step", on_click=_step_window, args=(extent, ds.spans),
                  help="Move the date window forward by its width (past dates with no event)",
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


def _place_filter(places: PlaceOptions, now: dict[str, dict[str, int]]) -> None:
    """The sidebar's country and first-level region lists (the regions of the chosen countries only), each value
    with its events under the current selection."""
    ss, sb = st.session_state, st.sidebar
    ss.f_countries = [c for c in ss.get("f_countries", []) if c in places.countries]
    sb.multiselect("Country", options=list(places.countries), key="f_countries",
                   format_func=lambda c: places.label(c, now["countries"].get(c, 0)),
                   placeholder="All countries", help="Events with a place in one of these countries. " + COUNTS_HELP)
    offered = places.regions_of(ss.f_countries)
    ss.f_regions = [r for r in ss.get("f_regions", []) if r in offered]
    sb.multiselect("Region", options=offered, key="f_regions",
                   format_func=lambda r: places.label(r, now["regions"].get(r, 0)),
                   placeholder="All regions", help="Events with a place in one of these first-level regions "
                   "(provinces, states; GeoNames' admin1 codes). " + COUNTS_HELP)


def _play_controls(col, extent) -> None:
    """Play/Pause beside Step, then the speed and Loop (dashboard.playback), and the timer while playing."""
    ss, sb = st.session_state, st.sidebar
    # A switch, not a button: a button's click is one message that a timer's rerun arriving at the same
    # moment can swallow, while a switch's state goes with every later rerun, so Pause always holds.
    col.toggle("Play", key="nm_playing", on_change=_play_switched, args=(extent,))  # off: pause
    s1, s2 = sb.columns([3, 2])
    s1.selectbox("Speed", playback.SPEEDS, key="nm_play_speed", format_func=playback.speed_label,
                 index=playback.SPEEDS.index(playback.DEFAULT_SPEED), label_visibility="collapsed")
    s2.checkbox("Loop", key="nm_play_loop")  # at the end of the dates, start again from the first
    with sb:
        playback.ticker(ss)


# The uploader's own check counts a megabyte as 1,000,000 bytes, the server's (and MAX_UPLOAD_BYTES) as
# 1,048,576: at 2 it refused files of 2,000,000 to 2,097,152 bytes the server takes. At 3 the server's limit
# is the one a file meets first, and read_upload names the 2 MB limit for anything past it.
UPLOADER_MB = 3


def _link_form(holder: StoreHolder) -> None:
    """"Add by link": the page fetched and read as `python -m timeline fetch` does (public addresses only,
    unless the dashboard was started with NEWSMAP_ALLOW_PRIVATE=1), in a job no rerun cuts short
    (``dashboard.link_job``); the page stays usable meanwhile and the outcome shows once it is done."""
    if not backend.writable(holder.store):
        return
    ss = st.session_state
    with st.expander("Add by link", expanded=bool(ss.get("nm_link_open"))):
        with st.form("nm_link_form", clear_on_submit=False, border=False):
            url = st.text_input("Link to a news page (http or https)", key="nm_link_url",
                                placeholder="https://…")
            go = st.form_submit_button("Fetch and add", type="primary")
        if go and url.strip() and ss.get("nm_link_job") is None:
            ss.nm_link_open = True
            ss.pop("nm_link_error", None)

            def stored() -> None:
                holder.rev += 1  # every session reads the store again

            ss.nm_link_job = link_job.start(holder.store, url, on_stored=stored)
        if ss.get("nm_link_error"):  # kept until the next fetch (the map's rerun would take a one-run error)
            st.error(md_escape(f"Not added: {ss.nm_link_error}"))
        if ss.get("nm_link_job") is not None:
            _link_progress()


@st.fragment(run_every=LINK_POLL_SECONDS)
def _link_progress() -> None:
    """The running link job's progress; once it is done, its outcome becomes the page's message and the app
    runs again. The outcome is written before the job is let go, so a run cut short here loses nothing: the
    next one finds the job still there, done, and writes the same outcome."""
    ss = st.session_state
    job = ss.get("nm_link_job")
    if job is None:
        return
    if not job.done:
        fraction, message = job.progress
        st.progress(fraction, text=message)
        return
    try:
        summary = job.outcome()
    except (ValueError, StoreError) as exc:  # StoreError: a lock held too long, a read-only store, a full disk
        ss.nm_link_error = str(exc)
    else:
        ss.nm_added = summary.get("article_id")
        _refit_map()
        title = md_escape(summary.get("title") or summary.get("article_id"), 120)  # the page's words
        # a lasting note: a one-run message was gone with the map's refit a second later, unread
        ss.pop("nm_undo", None)
        ss.nm_note = f"Added “{title}” from the link: {summary.get('events', 0)} events."
    del ss.nm_link_job
    st.rerun(scope="app")


def _feeds_sidebar(holder: StoreHolder) -> None:
    """The feeds `python -m timeline follow` reads into this store: when each was last read, what came in."""
    feeds = backend.followed_feeds(holder.store)
    if not feeds:
        return
    sb = st.sidebar
    sb.header("Feeds followed")
    for f in feeds:
        read = (f["last_read"] or "never").replace("T", " ").split("+")[0]
        if f["last_status"] == "failed":
            came = f":orange[failed: {md_escape(f['last_error'] or '', 120)}]"
        elif f["last_status"] == "unchanged":
            came = "unchanged"
        else:
            came = f"{f['last_new']} new"
        sb.markdown(f"**{md_link(f['url'])}**  \n:gray[last read {read} UTC] · {came} · "
                    f"{f['articles']} articles in all")
        titles = [e["title"] for e in f["latest"] if e["done"] and e["title"]][:3]
        if titles:
            sb.caption(" · ".join(md_escape(t, 60) for t in titles))


def _article_form(holder: StoreHolder) -> None:
    if not backend.writable(holder.store):
        with st.expander("Add your own article"):
            st.info("This dashboard reads a Parquet dataset, which it does not change: add articles with "
                    "`python -m timeline build` (and reopen), or open a SQLite store with `--db` to add them here.")
        return
    ss = st.session_state
    if ss.pop("nm_form_added", False):  # the article just added: an empty form for the next one
        ss.nm_form_gen = ss.get("nm_form_gen", 0) + 1
        for key in ("up_text", *_FORM_FIELDS):
            ss[key] = ""
        ss.pop("up_meta_was", None)
    with st.expander("Add your own article", expanded=bool(ss.get("nm_upload_open"))):
        up = st.file_uploader("Upload a .txt, .md or .html file (2 MB at most)", type=["txt", "md", "html", "htm"],
                              key=f"up_file_{ss.get('nm_form_gen', 0)}", max_upload_size=UPLOADER_MB)
        pasted = st.text_area("…or paste the article's text", key="up_text", height=140)
        art, err = None, None
        if up is not None and pasted.strip():
            st.warning(md_escape(both_given_note(up.name)))
        try:
            if up is None:
                forget_upload(ss)
            else:
                art = read_upload_once(ss, up.name, up.getvalue())
            if up is None and pasted.strip():
                art = read_pasted(pasted)
        except ValueError as exc:
            err = str(exc)
        if err:
            st.error(md_escape(err))
        _fill_form_fields(art)
        c1, c2 = st.columns(2)
        title = c1.text_input("Title", key="up_title")
        source = c2.text_input("Source", key="up_source")
        url = c1.text_input("URL", key="up_url")
        # A text field, not a date picker: the picker keeps to ten years around today and drops an impossible
        # day without a word; here any day from 1900 to a year ahead is taken and a bad one is named.
        typed = c2.text_input("Publication date, YYYY-MM-DD (relative dates are read from it)", key="up_pub")
        published = None
        try:
            published = read_published(typed)
        except ValueError as exc:
            st.error(md_escape(str(exc)))
            art = None
        if st.button("Add article", type="primary", key="up_go", disabled=art is None):
            ss.nm_upload_open = True
            bar = st.progress(0.0, text="Processing the article…")
            try:
                summary = backend.add_article(
                    holder.store, article=art, published=published, title=title.strip(), source=source.strip(),
                    url=url.strip(),
                    progress=lambda frac, msg: bar.progress(min(max(float(frac), 0.0), 1.0), text=msg))
            except (ValueError, StoreError) as exc:  # StoreError: a lock held too long, a read-only store, a full disk
                bar.empty()
                st.error(md_escape(f"Not added: {exc}"))
            else:
                holder.rev += 1
                ss.nm_added = summary.get("article_id")
                ss.nm_form_added = True
                _refit_map()
                name = title.strip() or (art.title if art and art.title else "") or "the pasted text"
                ss.pop("nm_undo", None)
                ss.nm_note = (f"Added “{md_escape(name, 120)}”: {summary.get('events', 0)} events, "
                              f"{summary.get('places', 0)} places, {summary.get('dates', 0)} dates.")
                st.rerun()


# The form's fields below the text: title, source, URL, publication date (session-state keys).
_FORM_FIELDS = ("up_title", "up_source", "up_url", "up_pub")


def _fill_form_fields(art) -> None:
    """Fill the fields from what the file or the pasted front matter says, once per new value: a field the
    reader typed in keeps its words when the text is taken a moment later (before: the fields were keyed by
    what filled them, so the rerun after a paste gave new, empty ones and wiped a title being typed)."""
    ss = st.session_state
    meta = dict(zip(_FORM_FIELDS, (art.title, art.source, art.url, art.published.isoformat() if art.published
                                   else "") if art else ("", "", "", "")))
    was = ss.get("up_meta_was", {})
    for key in _FORM_FIELDS:
        if meta[key] and meta[key] != was.get(key):
            ss[key] = meta[key]
        ss.setdefault(key, "")
    ss.up_meta_was = meta


def _current_brush():
    """The timeline brush in force: the reader's on the chart, else the share link's (until the reader brushes
    or clears the chart, which replaces it)."""
    ss = st.session_state
    chart = timeline_view.parse_brush((ss.get(_gen_key("nm_timeline")) or {}).get("selection") or {})
    if chart != ss.get("nm_brush_seen"):
        ss.nm_brush_seen = chart
        ss.nm_link = replace(ss.nm_link, brush=None)
    return chart or ss.nm_link.brush


def _flown_to(view) -> bool:
    """Whether ``view`` is where the map flew to show an event's evidence (``evidence_panel.landed_at``), not a
    view the reader moved to. The last flight is kept after the panel closes (the map stays where it flew)
    until Reset."""
    ss = st.session_state
    if ss.get("nm_fly"):
        ss.nm_fly_last = ss.nm_fly
    return evidence_panel.landed_at(view, ss.get("nm_fly_last"))


def _opening_bounds(ds: Overview, map_key: str):
    """The data's bounds when this map (``map_key``: Reset makes a new one) first had some. They stay while the
    map lives: articles coming in (`follow`, another browser) widen the data's bounds, and a map given other
    opening bounds is drawn afresh, which threw away the reader's view (issue #24)."""
    ss = st.session_state
    key = f"nm_open_bounds_{map_key}"
    if ss.get(key) is None:
        ss[key] = ds.bounds
    return ss[key]


def _refit_map() -> None:
    """After the reader added an article here: the map opens afresh on all the data, the new article's places
    included, with the legend of every type (what ``_opening_bounds`` and ``_kept_legend`` keep is for articles
    that come in from elsewhere while the reader looks)."""
    ss = st.session_state
    for key in [k for k in ss.keys() if k.startswith(("nm_open_bounds_", "nm_colors_"))]:
        del ss[key]


def _kept_legend(ds: Overview, map_key: str) -> dict[str, str]:
    """The map legend's types and colours for this map's life (``map_key``): a map given another legend is drawn
    afresh, losing the reader's view, so a type coming in (`follow`) joins the legend at the next Reset or
    reload. Its colour is fixed (``dashboard.type_colors``): the markers have it at once."""
    ss = st.session_state
    key = f"nm_colors_{map_key}"
    if not ss.get(key):
        ss[key] = dict(ds.colors)
    return ss[key]


def _link_now(brush, view, map_key: str) -> state.LinkView:
    """What the share link says beyond the filters: the brush, the marker, and the map view once the reader
    has moved it from where it opened (the first view the map reports) or it came from a link."""
    ss = st.session_state
    first = ss.setdefault(f"nm_first_view_{map_key}_{ss.nm_base_view}", view) if view else None
    keep_view = view if view and (ss.nm_link.view or view != first) else None
    return state.LinkView(brush=brush, view=keep_view, at=ss.get("nm_selected"))


TIMELINE_MODES = {"auto": "Automatic", "events": "Each event", "counts": "Counts"}
DATED = dt.date(1, 1, 1)  # a window start that keeps every dated event (timeline.query: undated ones drop out)


def _timeline_chart(store, f_tl: Filters, bbox, colors: dict[str, str], zoom, window, extent) -> int:
    """The timeline of the events passing ``f_tl`` (no date window) in ``bbox``: each event (points and bars)
    for small selections, counts per bin (the store's ``time_bins``) for many, or as the reader chooses;
    either carries the brush. Returns how many of them are dated."""
    ss = st.session_state
    mode = st.radio("Timeline shows", list(TIMELINE_MODES), format_func=TIMELINE_MODES.get, horizontal=True,
                    key="nm_tl_mode", label_visibility="collapsed",
                    help=f"Automatic: each event up to {timeline_view.STRIP_MAX_ROWS}, counts above")
    dated = sum(b.count for b in store.time_bins(f_tl, bbox=bbox, unit="year"))
    if mode == "counts" or (mode == "auto" and dated > timeline_view.STRIP_MAX_ROWS):
        span = zoom or extent
        unit = timeline_view.bin_days((span[1] - span[0]).days if span else 0)
        shown = replace(f_tl, start=zoom[0], end=zoom[1]) if zoom else f_tl  # only the bins the axis shows
        df = timeline_view.bins_frame(store.time_bins(shown, bbox=bbox, unit=unit, by="types"), unit, window)
        chart = timeline_view.histogram_chart(df, unit, colors, domain=zoom, brush=ss.nm_link.brush)
        note = "Bars: events per day, week or month (by the span shown), stacked by type."
        selections = [timeline_view.BRUSH]
    else:
        page = store.events_page(replace(f_tl, start=DATED), bbox=bbox, limit=max(dated, 1))
        rows = pd.DataFrame(timeline_view.timeline_rows(page.events, window), columns=timeline_view.COLUMNS)
        chart = timeline_view.build_timeline([], colors, window, domain=zoom, rows=rows, brush=ss.nm_link.brush)
        # a click on a mark opens its event's evidence; the chosen event is ringed
        chart = evidence.with_highlight(evidence.with_pick(chart), rows, ss.get("nm_evidence"),
                                        sorted(colors, key=str.lower), clip=zoom is not None)
        selections = [timeline_view.BRUSH, *evidence.PICKS]
        note = ("Points: events dated to a day (a number: several that day). Bars: dates known only to a week, "
                "month or year. Click one for its evidence.")
    st.altair_chart(chart, key=_gen_key("nm_timeline"), on_select="rerun", selection_mode=selections,
                    width="stretch")
    st.caption(note)
    return dated


def _country_table(store, f_list: Filters, bbox, ds: Overview) -> None:
    """The listed events per country (the sidebar, the window, the brush, the map view and the marker applied);
    an event counts once for each country it names."""
    rows = store.value_counts("countries", f_list, bbox=bbox)
    if not rows:
        return
    st.caption("Events per country in this view (an event counts once for each country it names):")
    st.dataframe([{"country": ds.country_names.get(v.value, v.value), "code": v.value, "events": v.count}
                  for v in rows], hide_index=True, height=min(36 * (len(rows) + 1) + 2, 220), width="stretch")


def _map_layer(store, f: Filters, view, shown, colors: dict[str, str]):
    """The map's events layer and its caption: every marker of the events passing ``f`` when they are few,
    else the markers of those in ``view`` (the one the map reported) when few enough are, else counts per map
    cell, sized for what the map shows (``shown``: ``view``, else the view it opens on)."""
    limit = map_view.MARKER_MAX_EVENTS
    if st.session_state.get("f_heat"):  # the heat layer: counts per cell over the view, whatever their number
        cells = store.map_cells(f, bbox=view, size=map_view.cell_size(shown))
        counted = sum(c.count for c in cells)
        return (map_view.build_heat_group(cells),
                f"Heat map: {len(cells):,} cells holding {counted:,} events{' in the map view' if view else ''} "
                "(an event counts in each cell it is placed in); darker cells hold more. ")
    n = store.event_count(f, bbox=WORLD)  # the events the map can place
    box = None
    if n > limit and view is not None:
        box, n = view, store.event_count(f, bbox=view)
    if n <= limit:
        events = store.events_page(f, bbox=box or WORLD, limit=limit).events  # the placed ones: all markers
        new = _new_articles(events)
        frags = store.remember(("markers", f, box, new, tuple(colors.items())),
                               lambda: map_view.marker_fragments(events, colors, new),
                               max(1, len(events)))
        fresh = sum(1 for e in events if e.event.article_id in new)
        group = map_view.build_marker_group(events, colors, frags)
        return (group,
                f"{map_view.marker_count(events)} markers for {store.event_count(f, bbox=box)} events"
                + (" in the map view" if box else "")
                + (f" ({fresh} new since you opened: their tooltips say so)" if fresh else "")
                + ". Solid circles: towns and sites; dashed: countries, regions, seas. "
                + _trail(group, store, f, box, colors, {e.event.id for e in events}))
    cells = store.map_cells(f, bbox=box, size=map_view.cell_size(shown))
    return (map_view.build_cell_group(cells),
            f"{len(cells)} cells counting {n:,} events{' in the map view' if box else ''}: zoom in (or click a "
            f"cell) for the markers, drawn once the view holds {limit:,} events or fewer. ")


def _trail(group, store, f: Filters, box, colors: dict[str, str], shown: set[str]) -> str:
    """After Step or Play: the events of the last steps' windows (``playback.trail``) as faded dots on
    ``group``, those still shown left out; the caption's words for them ("" when there is no trail)."""
    windows = playback.trail(st.session_state)
    if not windows:
        return ""
    past = []
    for w in windows:
        page = store.events_page(replace(f, start=w[0], end=w[1]), bbox=box or WORLD,
                                 limit=map_view.MARKER_MAX_EVENTS)
        past.append([se for se in page.events if se.event.id not in shown])
    n = map_view.add_trail(group, past, colors)
    return (f"Faded dots: the {n} places of the last {len(windows)} steps' windows (the older, the fainter). "
            if n else "")


def _list_page(total: int, sig) -> int:
    """The list's page (from 0): back to the first when the list's question changed; Previous/Next."""
    ss = st.session_state
    if ss.get("nm_list_sig") != sig:
        ss.nm_list_sig, ss.nm_page = sig, 0
    last = max(0, (total - 1) // LIST_PAGE)
    ss.nm_page = min(max(ss.get("nm_page", 0), 0), last)
    return ss.nm_page


def _turn_page(step: int) -> None:
    st.session_state.nm_page = st.session_state.get("nm_page", 0) + step


def _empty_note(in_view: bool, at_marker: bool, f: Filters) -> str:
    """Why the list is empty, and the way back."""
    why = [w for w, on in (("the map view", in_view), ("the clicked marker", at_marker),
                           ("the date window", f.start is not None or f.end is not None),
                           ("the sidebar filters", bool(f.actors or f.types or f.sources or f.articles
                                                        or f.countries or f.regions))) if on]
    return ("No events in this view: " + (", ".join(why) or "the current choices") + " leave none. Zoom the map "
            "out, widen the date window, or press Reset in the sidebar to start again.")


@st.fragment(run_every=REFRESH_SECONDS)
def _watch_store(db_path: str, seen: tuple) -> None:
    """Every REFRESH_SECONDS: when the store file changed (`follow`, `ingest`, another browser), the whole page
    runs again and shows the new articles without a reload; the filters, the brush and the map view live in
    the session, so they are kept."""
    if backend.store_version(db_path) != seen:
        st.rerun(scope="app")


def _new_since_opened(store) -> frozenset:
    """The articles stored when this session opened (those after it are marked "new since you opened")."""
    ss = st.session_state
    if "nm_opened_ids" not in ss:
        ids = getattr(store, "article_ids", None)
        ss.nm_opened_ids = frozenset(ids()) if callable(ids) else None
    return ss.nm_opened_ids


def _new_articles(events) -> frozenset:
    """Of ``events``' articles, those stored after this session opened."""
    opened = st.session_state.get("nm_opened_ids")
    if opened is None:
        return frozenset()
    return frozenset(e.event.article_id for e in events if e.event.article_id not in opened)


def _event_card(se: StoredEvent, *, new: bool = False) -> str:
    e = se.event
    places = flt.event_places(e)
    where = ", ".join(place_name(p) for p in places) or "no place"
    actors = ", ".join(e.actors) or "no actor found"
    title = se.article_title or "article"
    url = safe_url(se.url)
    link = f"[{md_escape(title, 90)}]({url})" if url else md_escape(title, 90)
    sure = sureness_label(e, places[0] if places else None)
    fixed = corrected_label(se)
    mark = ":green[**● new since you opened**] · " if new else ""
    reports = f" · **{se.reports} reports**" if se.reports > 1 else ""  # an incident told by several articles
    return (f"{mark}**{md_escape(date_label(e))}** · {md_escape(e.type)} · {md_escape(where, 120)}{reports}  \n"
            f"{md_escape(e.sentence, 400)}  \n"
            f"*{md_escape(actors, 200)}* · {link} ({md_escape(se.source or 'unknown source')})  \n"
            f":gray[How sure: {md_escape(sure)}]" + (f" · :orange[{md_escape(fixed)}]" if fixed else ""))


def _choose_by_id(store, event_id: str) -> None:
    se = store.event(event_id)
    if se is not None:
        evidence_panel.choose(se)


def _store_changed(holder: StoreHolder, message: str) -> None:
    """After a correction or a deletion: every session reads the store again; the message stays (below)."""
    holder.rev += 1
    st.session_state.nm_note = md_escape(message)
    st.session_state.nm_undo = st.session_state.pop("nm_undo_next", None)  # a deletion's note offers its Undo
    st.rerun()


def _lasting_note(holder: StoreHolder) -> None:
    """What the reader's last add, correction or deletion did, until the next one or until dismissed (a note
    that vanished with the next rerun, the map's own a second later, was gone before it was read)."""
    ss = st.session_state
    note = ss.get("nm_note")
    if not note:
        return
    undo = ss.get("nm_undo")
    if undo:
        text, again, close = st.columns([11, 2, 1])
        again.button("Undo", key="nm_undo_btn", help="Store the deleted article again, with its corrections",
                     on_click=_undo_delete, args=(holder,))
    else:
        text, close = st.columns([12, 1])
    text.success(note)
    close.button("✕", key="nm_note_close", help="Dismiss this note",
                 on_click=lambda: [ss.pop(k, None) for k in ("nm_note", "nm_undo")])


def _undo_delete(holder: StoreHolder) -> None:
    """The note's Undo: the deleted article analysed anew and stored with its corrections."""
    ss = st.session_state
    kept = ss.pop("nm_undo", None)
    if not kept:
        return
    title = md_escape(kept.get("title") or kept["article"]["id"], 120)
    try:
        n = backend.restore_article(holder.store, kept)
    except (ValueError, StoreError) as exc:
        ss.nm_note = f"“{title}” could not be restored: {md_escape(str(exc), 200)}"
        return
    holder.rev += 1
    fixes = len(kept["corrections"])
    ss.nm_note = f"Restored “{title}”: {n} events" + (f", with its corrections ({fixes})." if fixes else ".")


def _share_link(query: dict) -> None:
    """The link to this view (the filters, window, brush, map view and marker: ``query``, the page's own query
    string), in a code box whose button copies it (#21: "copy link"). A code box shows text, never HTML."""
    base = (st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    if not base:  # no browser (Streamlit's AppTest)
        return
    link = base + ("?" + urlencode(query, doseq=True) if query else "")
    with st.sidebar.popover("Share this view", width="stretch"):
        st.caption("This link opens the page on what you see now. Copy it with the button at the box's right.")
        st.code(link, language=None, wrap_lines=True)


def _refuse_foreign_host() -> None:
    """Draw nothing for a session opened under a host name the dashboard does not answer to (DNS rebinding;
    ``dashboard.hosts``). ``python -m dashboard`` refuses such requests before they reach the app; this covers
    ``streamlit run``. No headers at all means no web request (Streamlit's AppTest)."""
    headers = st.context.headers
    allowed = hosts.allowed_hosts(st.get_option("server.address"))
    if headers and not hosts.is_allowed(headers.get("Host"), allowed):
        st.error(hosts.REFUSAL)
        st.stop()


def main() -> None:
    st.set_page_config(page_title="News map and timeline", layout="wide")
    _refuse_foreign_host()
    ss = st.session_state
    if not st.get_option("server.enableStaticServing"):
        st.error("Static file serving is off, so the map cannot load Leaflet. Start the app with "
                 "`python -m dashboard`, or `streamlit run dashboard/app.py` from the repository root (its "
                 ".streamlit/config.toml turns it on), or add `--server.enableStaticServing true`.")
    assets = get_assets()
    db_path, is_dataset = store_from_args(sys.argv[1:])
    holder = get_store(db_path, is_dataset)
    _seed(holder, st.empty())
    # the file's version too: articles another process (the CLI) ingested show on the next rerun or reload
    rev = (holder.rev, backend.store_version(db_path))
    ds = cached_overview(db_path, rev, holder)
    store = holder.answers.at(rev)  # the store's questions, each answered once per revision
    _new_since_opened(holder.store)
    if not is_dataset:
        _watch_store(db_path, rev[1])
    extent = ds.extent
    _init_state(ds, store)
    playback.step_if_due(ss, extent, spans=ds.spans)  # before the slider is drawn: it shows the window played to
    _fit_window(ds, store)
    start_map_labels()

    st.title("News map and timeline")
    for notice in ss.get("nm_notices", []):
        st.warning(notice)
    _lasting_note(holder)
    _sidebar(ds, store, _facet_counts(store, _selection(extent)[1]))
    _feeds_sidebar(holder)
    _link_form(holder)
    _article_form(holder)

    # The current selection: sidebar choices, slider window narrowed by the timeline brush, map view, clicked marker.
    chosen, f, slider, brush = _selection(extent)
    start, end, review, unasserted = f.start, f.end, f.review, not f.factualities
    every_report = not f.per_incident
    map_key = _gen_key("nm_map")
    ss.nm_base_view = (ss.nm_link.view, _opening_bounds(ds, map_key))  # the view the map opens on
    map_state = ss.get(map_key) or {}
    view = flt.bounds_from_folium(map_state.get("bounds"))
    # the view filters the list only when it leaves out some placed event (else unplaced ones stay listed), and
    # only when the reader chose it: one the map flew to for the evidence panel narrows nothing
    bounds = view if view and not _flown_to(view) and store.event_count(Filters(), bbox=view) < ds.placed else None
    click = map_state.get("last_object_clicked")
    if click and click != ss.get("nm_last_click"):
        ss.nm_last_click = click
        spot = (float(click["lat"]), float(click["lng"]))
        if _placed_at(store, *spot):  # else a cluster or a cell was clicked: the map zooms in, nothing is selected
            ss.nm_selected = spot
            ss.nm_evidence_at = spot  # its first listed event's evidence opens (below, once the list is known)
    evidence_panel.take_timeline_pick((ss.get(_gen_key("nm_timeline")) or {}).get("selection"), holder.store.event)
    event_table.take_pick(lambda eid: _choose_by_id(holder.store, eid))

    # The URL follows the sidebar (the slider's window, not the brush).
    url_f = replace(chosen, start=slider[0] if slider else None, end=slider[1] if slider else None)
    q = {**state.to_query(url_f, ds.window), **({"review": "1"} if review else {}),
         **({"unasserted": "1"} if unasserted else {}),
         **({"reports": "1"} if every_report else {}),
         **({"heat": "1"} if ss.get("f_heat") else {}),
         **state.link_view_query(_link_now(brush, view, map_key))}
    if q != {k: st.query_params.get_all(k) if isinstance(q.get(k), list) else st.query_params.get(k)
             for k in st.query_params.keys()}:
        st.query_params.from_dict(q)
    _share_link(q)

    colors, legend = ds.colors, _kept_legend(ds, map_key)
    # A clicked marker was in view when clicked; the popup's auto-pan may since have moved it out of the
    # view, so the marker, not the view, says which events are meant.
    list_box = _spot(*ss.nm_selected) if ss.get("nm_selected") else bounds
    n_list = store.event_count(f, bbox=list_box)
    page_no = _list_page(n_list, (f, list_box))
    page = store.events_page(f, bbox=list_box, offset=page_no * LIST_PAGE, limit=LIST_PAGE)
    clicked_at = ss.pop("nm_evidence_at", None)
    if clicked_at and page.events:  # a clicked marker opens its first listed event's evidence
        evidence_panel.choose(page.events[0], clicked_at, map_state.get("zoom"))

    # The map across the page, the timeline and the counts under it (the map was a third of the page).
    left, right = st.container(), st.container()
    with left:
        mode = map_view.tiles_mode()
        linked = ss.nm_link.view  # a share link's map view, else the data's
        opening = [[linked[0], linked[1]], [linked[2], linked[3]]] if linked else _opening_bounds(ds, map_key)
        base = map_view.build_base_map([], legend, mode=mode, outlines=assets.get("outlines", False), bounds=opening,
                                       labels=mode == "offline")  # OSM tiles have their own names
        opened = Bounds(opening[0][0], opening[0][1], opening[1][0], opening[1][1]) if opening else None
        group, caption = _map_layer(store, f, view, view or opened, colors)
        st_folium(base, key=map_key, height=MAP_HEIGHT, use_container_width=True,
                  returned_objects=["bounds", "zoom", "last_object_clicked"], feature_group_to_add=group,
                  **evidence_panel.fly_to())
        st.caption(caption + md_escape(map_view.offline_note(mode, assets.get("outlines", False))))
    with right:
        st.subheader("Timeline")
        zoom = slider if slider and tuple(slider) != tuple(extent) else None  # the slider zooms the time axis
        f_tl = replace(f, start=None, end=None)
        dated = _timeline_chart(store, f_tl, bounds, colors, zoom, (start, end), extent)
        undated = store.event_count(f_tl, bbox=bounds) - dated
        st.caption(f"Drag on the chart to narrow the window; {undated} undated events are left off.")
        if start or end:
            st.caption(f"Date window: {start or '…'} to {end or '…'}" + (" (brushed)" if brush else ""))
        _country_table(store, f, list_box, ds)

    evidence_panel.render(holder.store, lambda message: _store_changed(holder, message))

    st.subheader("Events")
    scope = []
    if bounds:
        scope.append("in the map view")
    if ss.get("nm_selected"):
        scope.append("at the clicked marker")
    if review:
        scope.append("needing review")
    if f.text:
        scope.append(f"matching “{md_escape(f.text, 80)}”")
    st.markdown(f"Showing **{page.total}** of {ds.total} events"
                + (" (" + ", ".join(scope) + ")" if scope else "") + ".")
    if not page.total and ds.total:
        st.info(_empty_note(bool(bounds), bool(ss.get("nm_selected")), f))
    if ss.get("nm_selected"):
        if st.button("Clear marker selection", key="nm_clear_sel"):
            ss.nm_selected = None
            st.rerun()
    c1, c2, c3, c4 = st.columns(4)
    # The files are written when a button is clicked (a callable), not on every rerun, and a click does not
    # rerun; each reads the listed events from the store page by page (export.iter_events).
    rows = lambda: export.iter_events(holder.store, f, list_box)  # noqa: E731
    c1.download_button("Download CSV", lambda: export.to_csv(list(rows())), "events.csv", "text/csv", key="dl_csv",
                       on_click="ignore")
    c2.download_button("Download GeoJSON", lambda: export.places_geojson(rows()), "events.geojson",
                       "application/geo+json", key="dl_geojson", on_click="ignore",
                       help="One point per place of each event (where it happened, then the places it mentions)")
    incidents = lambda: holder.store.incidents(f, bbox=list_box) if f.per_incident else ()  # noqa: E731
    c3.download_button("Download ACLED CSV", lambda: export.acled_csv(rows(), ds.country_names, incidents()),
                       "events-acled.csv",
                       "text/csv", key="dl_acled", on_click="ignore",
                       help="ACLED's columns: event_date, time_precision, event_type, actor1, actor2, country, "
                            "admin1, location, latitude, longitude, geo_precision, source, notes")
    c4.download_button("Download JSON", lambda: export.to_json(rows()), "events.json", "application/json",
                       key="dl_json", on_click="ignore")
    as_table = st.segmented_control("List as", ["Cards", "Table"], default="Cards", key="nm_list_as",
                                    label_visibility="collapsed") == "Table"
    if as_table:
        table = page if page.offset == 0 and page.total <= LIST_PAGE else store.events_page(
            f, bbox=list_box, limit=event_table.TABLE_ROWS)
        event_table.render(table.events, page.total)
        return
    opened = ss.get("nm_opened_ids")
    for e in page.events:
        with st.container(border=True):
            st.markdown(_event_card(e, new=opened is not None and e.event.article_id not in opened))
            evidence_panel.open_button(e)
    if page.total > LIST_PAGE:
        first, last = page.offset + 1, page.offset + len(page.events)
        p1, p2, p3 = st.columns([1, 2, 1])
        p1.button("◀ Previous", key="nm_prev", on_click=_turn_page, args=(-1,), disabled=page.offset == 0)
        p2.caption(f"Showing {first:,}–{last:,} of {page.total:,} (page {page_no + 1} of "
                   f"{(page.total - 1) // LIST_PAGE + 1}); the downloads hold all {page.total:,}.")
        p3.button("Next ▶", key="nm_next", on_click=_turn_page, args=(1,), disabled=last >= page.total)


if __name__ == "__main__":
    main()
