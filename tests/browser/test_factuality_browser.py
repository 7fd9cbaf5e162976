"""The dashboard shows what the articles assert by default, and what they deny or only suppose one click away
(issue #19 item 2): the sidebar's "Show negated and hypothetical events", kept in the share link; in headless
Chromium on the seeded app (the seed has negated and hypothetical events: "could make the crossing", ...)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from map_probe import open_app, shown
from tests.browser.conftest import act, settle

LABEL = "Show negated and hypothetical events"


def _count(page) -> int:
    return shown(page)[0]


def test_the_rest_is_one_click_away_and_the_link_keeps_it(page, own_app_url):
    open_app(page, own_app_url)
    assert not page.get_by_role("checkbox", name=LABEL).is_checked()
    click = lambda: page.get_by_text(LABEL, exact=True).click()  # noqa: E731
    act(page, click)
    everything = _count(page)
    assert parse_qs(urlparse(page.url).query).get("unasserted") == ["1"]
    act(page, click)  # off again, in the same map view: the negated and hypothetical events leave the list
    asserted = _count(page)
    assert 0 < asserted < everything
    assert "unasserted" not in parse_qs(urlparse(page.url).query)
    act(page, click)
    assert _count(page) == everything
    page.goto(page.url)  # the share link opens with the box ticked and the same events listed
    settle(page)
    assert page.get_by_role("checkbox", name=LABEL).is_checked()
    assert _count(page) == everything
