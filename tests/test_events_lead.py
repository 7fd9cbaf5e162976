"""Each analysed article names its lead (its main happening, not the reporting verb) and each event its
factuality, in `python -m timeline events` (JSON, --jsonl, CSV, GeoJSON): the real pipeline on texts written
for these tests."""
from __future__ import annotations

import csv
import io
import json

from tests.conftest import run_cli
from timeline.cli import main

SHOOTING = ("Gunman kills two at Dayton bar\n\n"
            "Police said a gunman killed two people at a bar in Dayton, Ohio, on Saturday night. "
            "Officers arrested a suspect on Sunday. The suspect did not resist. "
            "The mayor said the city could close bars early.")
# the first happening in the opening only supposes an attack: the lead is the first asserted one
SUPPOSED_FIRST = ("Officials said rebels could attack the port of Misrata this week. "
                  "Rebels shelled the market in Sirte on Monday.")


def _analyse(text: str, published="2021-03-08"):
    import datetime as dt

    from articles import Article
    from timeline.events import analyse_article

    return analyse_article(Article(text=text, title="t", published=dt.date.fromisoformat(published)))


def test_the_lead_is_the_happening_not_the_reporting_verb():
    a = _analyse(SHOOTING)
    leads = [e for e in a.events if e.lead]
    assert len(leads) == 1
    assert leads[0].type == "ASSAULT" and "kills" in SHOOTING[leads[0].start:leads[0].end]  # the headline
    without_headline = SHOOTING.split("\n\n", 1)[1]
    lead = next(e for e in _analyse(without_headline).events if e.lead)
    assert without_headline[lead.start:lead.end].startswith("a gunman killed")  # not "Police said"


def test_an_asserted_happening_leads_before_a_supposed_one():
    a = _analyse(SUPPOSED_FIRST)
    supposed = next(e for e in a.events if "attack" in SUPPOSED_FIRST[e.start:e.end])
    assert supposed.factuality == "hypothetical"
    lead = next(e for e in a.events if e.lead)
    assert "shelled" in SUPPOSED_FIRST[lead.start:lead.end] and lead.factuality == "asserted"


def test_json_csv_and_geojson_carry_lead_and_factuality(capsys, tmp_path):
    path = tmp_path / "shooting.txt"
    path.write_text(SHOOTING, encoding="utf-8")
    code, out, err = run_cli(main, ["events", str(path), "--published", "2021-03-08"], capsys=capsys)
    assert code == 0, err
    events = json.loads(out)["events"]
    assert sum(e["lead"] for e in events) == 1 and all(isinstance(e["lead"], bool) for e in events)
    assert {e["factuality"] for e in events} >= {"asserted", "negated"}  # "did not resist"
    lead_id = next(e["id"] for e in events if e["lead"])

    code, out, _ = run_cli(main, ["events", str(path), "--published", "2021-03-08", "--format", "csv"],
                           capsys=capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"]: r["lead"] for r in rows} == {e["id"]: "true" if e["lead"] else "false" for e in events}
    assert {r["id"]: r["factuality"] for r in rows} == {e["id"]: e["factuality"] for e in events}

    code, out, _ = run_cli(main, ["events", str(path), "--published", "2021-03-08", "--format", "geojson"],
                           capsys=capsys)
    props = [f["properties"] for f in json.loads(out)["features"]]
    assert {p["event_id"] for p in props if p["lead"]} == {lead_id}
    assert all(p["factuality"] in ("asserted", "negated", "hypothetical") for p in props)


def test_jsonl_lines_carry_the_lead(capsys, monkeypatch):
    lines = [{"id": "s1", "text": SHOOTING, "published": "2021-03-08"},
             {"id": "s2", "text": SUPPOSED_FIRST, "published": "2021-03-08"}]
    stdin = "".join(json.dumps(r) + "\n" for r in lines)
    code, out, err = run_cli(main, ["events", "--jsonl"], capsys=capsys, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 0, err
    for line in out.splitlines():
        events = json.loads(line)["events"]
        assert sum(e["lead"] for e in events) == 1
        assert all(e["factuality"] in ("asserted", "negated", "hypothetical") for e in events)


def _analyse_titled(text: str, title: str, published="2021-03-08"):
    import datetime as dt

    from articles import Article
    from timeline.events import analyse_article

    return analyse_article(Article(text=text, title=title, published=dt.date.fromisoformat(published)))


def _lead_text(analysis) -> str:
    lead = next(e for e in analysis.events if e.lead)
    return analysis.article.text[lead.start:lead.end]


def test_a_headline_naming_a_response_and_its_happening_leads_with_the_happening():
    # the report opens with the arrest; the headline says the arrest is in a stabbing: the stabbing leads
    text = ("Police arrested a man in Fresno on Tuesday. Officers said he stabbed his neighbour outside a shop "
            "on Sunday night.")
    assert "arrested" in _lead_text(_analyse_titled(text, "t"))  # no headline: the opening's first happening
    lead = next(e for e in _analyse_titled(text, "Man arrested in Fresno stabbing").events if e.lead)
    assert lead.type == "ASSAULT" and "stabbed" in text[lead.start:lead.end]


def test_violence_a_headline_names_is_its_news_in_any_clause_else_its_first_clause_is():
    text = ("Detectives arrested two men in Tulsa on Monday. A gunman wounded three people at a bar in Tulsa "
            "on Saturday. Hundreds of residents protested outside city hall on Tuesday.")
    for title in ("Three wounded in Tulsa bar shooting, two arrested", "Two arrested in Tulsa; three were wounded",
                  "Suspects accused of wounding 3 at Tulsa bar arrested"):
        lead = next(e for e in _analyse_titled(text, title).events if e.lead)
        assert lead.type == "ASSAULT" and "wounded" in text[lead.start:lead.end], title
    lead = next(e for e in _analyse_titled(text, "Two arrested in Tulsa; residents protest").events if e.lead)
    assert lead.type == "COERCE" and "arrested" in text[lead.start:lead.end]


def test_a_sentence_that_names_the_headlines_happening_beside_a_response_is_the_lead_typed_by_it():
    # one clause ("investigating"): the shooting is only named inside it, so no event is typed ASSAULT
    text = ("Police are investigating after they say a teen girl was shot in the leg. "
            "Anyone with information is asked to call Crime Stoppers.")
    events = _analyse_titled(text, "Teen girl shot in the leg in Mosby Court").events
    lead = next(e for e in events if e.lead)
    assert lead.type == "ASSAULT" and text[lead.start:lead.end].startswith("Police are investigating")
    assert not any(e.type == "ASSAULT" for e in events if not e.lead)
    # without a headline naming it, the event keeps its own type
    lead = next(e for e in _analyse_titled(text, "Update from Richmond").events if e.lead)
    assert lead.type != "ASSAULT"


def test_an_investigation_of_a_happening_leads_with_the_happening_when_no_headline_names_one():
    text = ("Police are investigating a shooting in Reno. A man shot his brother in the leg on Friday night, "
            "officers said.")
    lead = next(e for e in _analyse_titled(text, "Update from Reno").events if e.lead)
    assert lead.type == "ASSAULT" and "shot his brother" in text[lead.start:lead.end]


def test_headline_words_are_read_by_their_base_form_without_the_site_name():
    from timeline.events.lead import headline_happenings

    assert headline_happenings("Teen shot outside Macon school") == ("ASSAULT",)  # an irregular past
    assert headline_happenings("Two stabbings in Akron") == ("ASSAULT",)  # plural of a gerund, doubled b
    assert headline_happenings("Man arrested after Akron shooting")[0] == "ASSAULT"  # the last named first
    assert headline_happenings("Suspect accused of killing 2 arrested")[0] == "ASSAULT"  # violence first
    assert headline_happenings("Weather and traffic - WXYZ Fight Night") == ()  # the site's words are not news
    assert headline_happenings("Crossword | Attack of the clues") == ()
