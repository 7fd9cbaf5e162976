"""Item 7: a link with 1,000 unknown ``?actor=`` values gives a few notices, not 1,000."""
from __future__ import annotations

from datetime import date

from dashboard import state


def test_a_thousand_unknown_actors_give_a_few_notices():
    params = {"actor": [f"Nobody {n}" for n in range(1000)] + ["John Kerry"]}
    f, notices = state.parse_query(params, known={"actor": {"John Kerry"}},
                                   extent=(date(2016, 1, 1), date(2016, 2, 1)))
    assert f.actors == ("John Kerry",)
    assert len(notices) == state.MAX_NAMED_UNKNOWN + 1
    assert "Nobody 0" in notices[0] and "997 more unknown actor" in notices[-1]
