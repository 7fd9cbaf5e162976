"""The evidence view's HTML (dashboard.evidence): the event's sentence marked in its article, places and dates
marked inside, every piece of the article escaped; and the timeline's click selection read back."""
from __future__ import annotations

import re

from dashboard.evidence import article_html, picked, sentence_span
from geo.records import GazetteerEntry, PlaceMention
from timeline.records import Event
from timeline.timex import Timex

HOSTILE = ("Intro <b>bold</b> line.\n\nOn 1 February 2016 a spokesman in Sirte said \"<script>alert(1)</script>\" "
           "and '<img src=x onerror=alert(1)>' & left. Later, Tripoli.")


def _event(text: str, clause: str, sentence: str, **kw) -> Event:
    start = text.index(clause)
    return Event(id="e1", article_id="a", sentence=sentence, start=start, end=start + len(clause), type="STATEMENT",
                 date=kw.get("date"), location=kw.get("location"), places=kw.get("places", ()))


def _place(text: str, words: str, name: str) -> PlaceMention:
    at = text.index(words)
    return PlaceMention(text=words, start=at, end=at + len(words), score=0.9,
                        entry=GazetteerEntry(geonameid=1, name=name, lat=31.2, lon=16.6, country_code="LY",
                                             feature_code="PPL"))


def _date(text: str, words: str) -> Timex:
    at = text.index(words)
    return Timex(text=words, start=at, end=at + len(words), type="DATE", value="2016-02-01", earliest="2016-02-01",
                 latest="2016-02-01", precision="day")


def test_hostile_article_text_is_escaped_and_the_sentence_marked_whole():
    sentence = HOSTILE[HOSTILE.index("On 1"):HOSTILE.index(" Later")]
    sirte, tripoli = _place(HOSTILE, "Sirte", "Sirte <script>x</script>"), _place(HOSTILE, "Tripoli", "Tripoli")
    when = _date(HOSTILE, "1 February 2016")
    ev = _event(HOSTILE, "a spokesman in Sirte said", sentence, location=sirte, date=when)
    out = article_html(HOSTILE, ev, [sirte, tripoli], [when])
    # nothing of the article became markup: only our own tags are left
    assert set(re.findall(r"<(/?\w+)", out)) <= {"style", "/style", "div", "/div", "details", "/details", "summary",
                                                "/summary", "mark", "/mark", "span", "/span"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "&amp; left" in out
    assert 'title="Sirte &lt;script&gt;x&lt;/script&gt; (LY)"' in out  # hover text escaped too
    mark = re.search(r'<mark class="nm-ev-sentence">(.*?)</mark>', out, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", mark).startswith("On 1 February 2016") and "&amp; left." in mark
    assert '<span class="nm-ev-place nm-ev-own"' in mark and '<span class="nm-ev-date nm-ev-own"' in mark
    assert '<span class="nm-ev-place" title="Tripoli (LY)">Tripoli</span>' in out  # marked, not the event's own
    # the paragraphs before the sentence's own fold away, so the box opens on the sentence
    assert re.search(r"<details[^>]*><summary>Earlier in the article</summary>Intro &lt;b&gt;", out)


def test_sentence_found_around_its_clause_even_when_it_repeats():
    text = "It rained. Troops moved. It rained. Troops moved."
    second = text.rindex("Troops moved")
    ev = Event(id="e", article_id="a", sentence="Troops moved.", start=second, end=second + 6, type="MOVE",
               date=None, location=None)
    assert sentence_span(text, ev) == (second, len(text))
    bad = Event(id="e", article_id="a", sentence="x", start=40, end=400, type="MOVE", date=None, location=None)
    assert sentence_span(text, bad) == (0, 0) and "<mark" not in article_html(text, bad)


def test_timeline_pick_is_read_from_either_layer():
    assert picked({"nm_pick_point": [{"id": "abc"}]}) == "abc"
    assert picked({"nm_pick_range": [{"id": "r1"}], "brush": {}}) == "r1"
    assert picked({"brush": {"start": [1, 2]}}) is None and picked(None) is None and picked({"nm_pick_point": []}) is None
