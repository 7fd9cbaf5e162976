"""The listed events as a table (ACLED Explorer's main view): a row per event with its date, type, place, actors
and source, sortable by any column (a click on its header, Streamlit's own) and a row picked to open its evidence.

The table holds the first ``TABLE_ROWS`` events of the list (the same filters, map view and marker); the
downloads hold them all. Its cells are plain text drawn by Streamlit's data grid (no HTML), and a link is one
only when it is a plain http(s) URL (``safe_url``).
"""
from __future__ import annotations

from typing import Callable, Sequence

import pandas as pd
import streamlit as st

from timeline.query import event_places
from timeline.records import StoredEvent

from .labels import date_label, place_name
from .mdtext import safe_url

TABLE_ROWS = 1000  # a table's rows: enough to sort a selection by eye; the downloads hold every event
COLUMNS = ("Date", "Type", "Place", "Actors", "Sentence", "Source", "Article", "Reports", "Link")
KEY = "nm_table"


def table_frame(events: Sequence[StoredEvent]) -> pd.DataFrame:
    """One row per event, in the list's order; ``Date`` sorts as text in date order (ISO days first)."""
    rows = []
    for se in events:
        e = se.event
        rows.append((date_label(e), e.type, ", ".join(place_name(p) for p in event_places(e)),
                     ", ".join(e.actors), e.sentence, se.source, se.article_title, max(se.reports, 1),
                     safe_url(se.url)))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def render(events: Sequence[StoredEvent], total: int) -> None:
    """The table of ``events`` (the first ``TABLE_ROWS`` of ``total`` listed); the row a reader picks is taken
    on the next run by ``take_pick`` (before the evidence panel is drawn)."""
    st.session_state.nm_table_ids = [se.event.id for se in events]
    st.dataframe(table_frame(events), key=KEY, on_select="rerun", selection_mode="single-row", hide_index=True,
                 use_container_width=True,
                 column_config={"Link": st.column_config.LinkColumn("Link", display_text="open"),
                                "Sentence": st.column_config.TextColumn("Sentence", width="large"),
                                "Reports": st.column_config.NumberColumn("Reports", format="%d")})
    if total > len(events):
        st.caption(f"The table holds the first {len(events):,} of {total:,} events (sort them by a column's "
                   "header); the downloads hold all of them.")
    else:
        st.caption("Sort by a column's header; pick a row to open its evidence.")


def take_pick(choose: Callable[[str], None]) -> None:
    """A newly picked row of the table (its widget state, set before this run) opens that event's evidence:
    ``choose(event_id)``. Only a change of the pick counts: a row left picked while the filters change the
    table's rows opens nothing."""
    ss = st.session_state
    state = ss.get(KEY)
    rows = tuple(((state or {}).get("selection") or {}).get("rows") or ())
    if rows == ss.get("nm_table_seen", ()):
        return
    ss.nm_table_seen = rows
    ids = ss.get("nm_table_ids") or []
    if rows and 0 <= rows[0] < len(ids):
        choose(ids[rows[0]])
