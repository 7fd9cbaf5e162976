"""Issue #18, item 11: values at the far end of what their type allows: a share link's map view of 1e308
degrees, a date of 1066 written out in full."""
from __future__ import annotations

import json

from dashboard import state
from tests.reliability.helpers import run


def test_a_map_view_past_any_longitude_is_ignored_with_a_notice():
    link, notices = state.parse_link_view({"view": "0,1e308,1,-1e308"})
    assert link.view is None
    assert len(notices) == 1 and "Ignored the map view" in notices[0]
    wrapped, none = state.parse_link_view({"view": "-10,170,10,190"})  # across the antimeridian: a real view
    assert wrapped.view is not None and not none


def test_a_day_month_and_year_before_1500_is_that_day(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The battle was fought on 14 October 1066; the king was crowned on December 25, 1066.",
                       encoding="utf-8")
    proc = run("timeline", "dates", str(article), "--published", "2016-01-31")
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    values = {t["text"]: t["value"] for t in json.loads(proc.stdout)["timexes"]}
    assert values == {"14 October 1066": "1066-10-14", "December 25, 1066": "1066-12-25"}, values
