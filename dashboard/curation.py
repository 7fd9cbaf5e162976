"""Curation in the evidence panel (SQLite store only): correct the shown event's place (another gazetteer
reading of its mention, or a place found by name) or its date, and delete its article after a confirm step.

The store does the work (``Store.correct_sentence_place`` / ``correct_date`` / ``delete_article``, see
``timeline.store.corrections``); a store without those methods (a read-only DuckDB dataset) gets no controls.
A corrected place moves every event of the sentence that was placed where the shown one was, and the map
goes to the new place.
"""
from __future__ import annotations

from typing import Callable

import streamlit as st

from geo.records import GazetteerEntry
from timeline.errors import StoreError
from timeline.records import StoredEvent

from .backend import kept_for_undo
from .mdtext import md_escape
from .upload import read_published

Changed = Callable[[str], None]  # called with a one-line message after the store changed
Placed = Callable[[GazetteerEntry], None]  # called with the new place of a corrected event (the map goes there)
LOOKUP_LIMIT = 40  # readings offered for one name, most populous first


def offered(store) -> bool:
    return all(hasattr(store, m) for m in ("correct_sentence_place", "correct_date", "delete_article"))


@st.cache_resource(show_spinner="Opening the gazetteer…")
def _gazetteer():
    from geo.index import Gazetteer

    return Gazetteer.open(quiet=True)


def readings(name: str) -> list[GazetteerEntry]:
    """Every gazetteer entry ``name`` can mean (the geoparser's candidates for it), most populous first."""
    if not name.strip():
        return []
    seen, out = set(), []
    for entry, _ in _gazetteer().lookup(name):
        key = (entry.geonameid, entry.name, round(entry.lat, 4), round(entry.lon, 4))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return sorted(out, key=lambda e: (-(e.population or 0), e.name))[:LOOKUP_LIMIT]


def entry_label(e: GazetteerEntry) -> str:
    where = ", ".join(x for x in (e.admin1, e.country_code) if x)
    pop = f", population {e.population:,}" if e.population else ""
    return f"{e.name} ({where or 'no country'}; {e.feature_code}{pop}; {e.lat:.3f}, {e.lon:.3f})"


def _same_place(a: GazetteerEntry | None, b: GazetteerEntry) -> bool:
    if a is None:
        return False
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return (round(a.lat, 3), round(a.lon, 3), a.name) == (round(b.lat, 3), round(b.lon, 3), b.name)


def render(store, se: StoredEvent, changed: Changed, placed: Placed) -> None:
    """The correction and delete controls for the event ``se`` shown in the evidence panel."""
    if not offered(store):
        st.caption("This data set is read-only: corrections need the SQLite store.")
        return
    e = se.event
    # keyed: the expander stays open over the reruns a correction makes
    with st.expander("Correct this event", expanded=False, key=f"nm_cur_open_{e.id}"):
        loc = e.location
        c1, c2 = st.columns(2)
        with c1:
            said = loc.text if loc else ""
            query = st.text_input("Search the gazetteer by name", value=said, key=f"nm_cur_q_{e.id}",
                                  help="The readings of the words the place was read from; type another name "
                                       "to search for it")
            options = readings(query)
            current = next((i for i, o in enumerate(options) if _same_place(loc.entry if loc else None, o)), None)
            if options:
                choice = st.selectbox("Place", range(len(options)), index=current if current is not None else 0,
                                      format_func=lambda i: entry_label(options[i])
                                      + ("  · current" if i == current else ""), key=f"nm_cur_place_{e.id}_{query}")
                if st.button("Save place", key=f"nm_cur_place_go_{e.id}", disabled=choice == current):
                    try:
                        moved = len(store.correct_sentence_place(e.id, options[choice]))
                    except StoreError as exc:
                        st.error(md_escape(str(exc)))
                    else:
                        placed(options[choice])
                        changed(f"Place corrected: {entry_label(options[choice])}; {moved} "
                                f"event{'s' if moved != 1 else ''} of this sentence moved there.")
            else:
                st.caption("No gazetteer entry has that name.")
        with c2:
            first = e.day_range[0].isoformat() if e.day_range else ""
            typed = st.text_input("Date, YYYY-MM-DD", value=first, key=f"nm_cur_date_{e.id}")
            if st.button("Save date", key=f"nm_cur_date_go_{e.id}"):
                try:
                    day = read_published(typed, what="corrected date")
                    if day is None:
                        raise ValueError("Type the event's day as YYYY-MM-DD.")
                    store.correct_date(e.id, day)
                except (ValueError, StoreError) as exc:
                    st.error(md_escape(str(exc)))
                else:
                    changed(f"Date corrected: {day.isoformat()}.")
    _delete(store, se, changed)


def _delete(store, se: StoredEvent, changed: Changed) -> None:
    ss = st.session_state
    aid, title = se.event.article_id, se.article_title or se.event.article_id
    if ss.get("nm_cur_delete") != aid:
        if st.button("Delete this article…", key=f"nm_cur_del_{aid}",
                     help="Remove the article and every event read from it (asks first)"):
            ss.nm_cur_delete = aid
            st.rerun()
        return
    st.warning(f"Delete “{md_escape(title, 120)}” and all its events from the store? Its corrections go too; "
               "the note that follows offers an Undo.")
    c1, c2 = st.columns(2)
    if c1.button("Yes, delete the article", type="primary", key=f"nm_cur_del_yes_{aid}"):
        ss.pop("nm_cur_delete", None)
        ss.pop("nm_evidence", None)
        kept = kept_for_undo(store, aid)  # read before it goes: the note's Undo stores it again
        gone = store.delete_article(aid)
        if gone and kept is not None:
            ss.nm_undo_next = dict(kept, title=title)
        changed(f"Deleted “{title}”." if gone else f"“{title}” was already gone.")
    if c2.button("Cancel", key=f"nm_cur_del_no_{aid}"):
        ss.pop("nm_cur_delete", None)
        st.rerun()
