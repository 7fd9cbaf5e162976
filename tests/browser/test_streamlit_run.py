"""``streamlit run dashboard/app.py`` from the root, with no options but a port, shows the seed map offline.

The server comes from the ``plain_run`` fixture (conftest.py): a fresh store, a fresh HOME, no STREAMLIT_*
variables, so static serving, usage statistics off and the loopback address can only come from the
project's .streamlit/config.toml, and the seeding from the app itself. The ``page`` fixture fails the test
if anything (a CDN, a usage-statistics endpoint) was requested outside loopback.
"""
from __future__ import annotations

from map_probe import markers, open_app, shown


def test_plain_streamlit_run_shows_the_seed_markers_offline(page, plain_run):
    url, log = plain_run
    frame = open_app(page, url)
    info = markers(frame)
    tips = " ".join(info["tips"])
    for place in ("Sirte", "Tripoli", "Lampedusa"):
        assert place in tips, (place, tips)
    assert info["drawn"] > 0
    assert shown(page)[1] >= 10  # the seed article's events were ingested into the empty store
    assert page.get_by_text("Static file serving is off").count() == 0
    # Bound to loopback by the project's config, not by an option on the command line.
    assert f"{url}" in log.read_text() and "0.0.0.0" not in log.read_text()
