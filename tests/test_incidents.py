"""Leads and incidents with the real pipeline and the shipped models (timeline.incidents).

The reports are written here: two of one shooting in Dayton (the second a day later, naming the victim and the
street again), one of another shooting the same night in Toledo, the same state.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from articles import article_from_text
from timeline.incidents import leads as L
from timeline.incidents.merging import (PAIR_FEATURES, IncidentMerger, LeadText, PairModel, load_pair_model,
                                        merge_all, pair_features)
from timeline.incidents.run import incidents_of, read_leads

DAYTON_1 = ("Man shot on Salem Avenue in Dayton",
            "DAYTON, Ohio - A 24-year-old man was shot Saturday night on Salem Avenue, Dayton police said.\n\n"
            "Officers found Marcus Reed wounded in the leg outside a convenience store. He was taken to Miami "
            "Valley Hospital.\n\nNo arrests have been made.", "2016-03-14")
DAYTON_2 = ("Police seek gunman after Salem Avenue shooting",
            "Dayton police are looking for the gunman who shot Marcus Reed, 24, on Saturday night.\n\n"
            "Reed was wounded outside a convenience store on Salem Avenue in Dayton. Investigators asked "
            "witnesses to call.", "2016-03-15")
TOLEDO = ("Woman killed in Toledo shooting",
          "TOLEDO, Ohio - A 31-year-old woman was shot and killed Saturday night in a house on Dorr Street in "
          "Toledo.\n\nPolice identified her as Angela Brooks. A suspect was arrested on Sunday.", "2016-03-14")


@pytest.fixture(scope="module")
def pipeline(geoparser):
    from timeline.events import Pipeline

    return Pipeline(geoparser=geoparser)


@pytest.fixture(scope="module")
def analyses(pipeline):
    return [pipeline.analyse(article_from_text(text, title=title, published=published))
            for title, text, published in (DAYTON_1, DAYTON_2, TOLEDO)]


@pytest.fixture(scope="module")
def leads(analyses):
    return read_leads(analyses, L.LeadReader.shipped())


def test_the_lead_is_the_shooting_not_what_police_said(leads):
    first = leads[0].lead
    assert first.type == "ASSAULT" and first.sentence.startswith("DAYTON, Ohio - A 24-year-old man was shot")
    assert leads[0].event is not None and leads[0].event.id == first.event_id


def test_saturday_night_in_a_monday_report_is_two_days_before_it(leads):
    assert [x.lead.day for x in leads] == [dt.date(2016, 3, 12)] * 3


def test_the_lead_is_placed_in_the_town_of_the_dateline(leads):
    assert [(x.lead.place.entry.name, x.lead.place.entry.country_code) for x in leads] == \
        [("Dayton", "US"), ("Dayton", "US"), ("Toledo", "US")]
    assert all(x.lead.place.entry.feature_code.startswith("PPL") for x in leads)


def test_two_reports_of_one_shooting_merge_and_another_that_night_in_the_state_stays_apart(leads):
    first, second, toledo = incidents_of(leads, load_pair_model())
    assert first == second and toledo != first


def test_a_follow_up_report_leads_with_the_shooting_not_the_search(leads):
    assert leads[1].lead.type == "ASSAULT"


def test_the_lead_record_carries_the_chosen_day_and_place(leads):
    d = L.lead_record(leads[0].lead, leads[0].event)
    assert d["date"]["earliest"] == d["date"]["latest"] == "2016-03-12" and d["date"]["precision"] == "day"
    assert d["location"]["name"] == "Dayton" and d["type"] == "ASSAULT"
    json.dumps(d)


def test_an_article_with_no_event_has_no_lead_and_no_incident(analyses):
    import dataclasses

    eventless = dataclasses.replace(analyses[0], events=())
    leads = read_leads([eventless], L.LeadReader.shipped())
    assert leads[0].lead is None and leads[0].event is None
    assert incidents_of(leads, load_pair_model()) == [None]


def test_blocking_keeps_leads_weeks_apart_from_ever_meeting(leads):
    """The merger compares a lead only with incidents within days of it: a lead five weeks on is not even
    scored against the Dayton incident, however alike the words."""
    import dataclasses

    merger = IncidentMerger(load_pair_model())
    merger.add(leads[0].lead, leads[0].opening)
    later = dataclasses.replace(leads[1].lead, day=dt.date(2016, 4, 20), published=dt.date(2016, 4, 21))
    assert merger.near(later, LeadText.of(later, leads[1].opening)) == set()
    assert merger.near(leads[1].lead, LeadText.of(leads[1].lead, leads[1].opening)) == {0}


def test_pair_features_read_day_place_and_shared_names(leads):
    texts = [LeadText.of(x.lead, x.opening) for x in leads]
    f = pair_features(leads[0].lead, leads[1].lead, texts[0], texts[1])
    assert set(f) == set(PAIR_FEATURES)
    assert f["same_day"] == 1.0 and f["km_1"] == 1.0 and f["same_state"] == 1.0
    assert {"marcus", "reed", "salem"} <= texts[0].names & texts[1].names
    f_toledo = pair_features(leads[0].lead, leads[2].lead, texts[0], texts[2])
    assert f_toledo["far"] == 1.0 and f_toledo["same_state"] == 1.0 and f_toledo["names"] < f["names"]


def test_a_brief_report_inside_a_longer_one_overlaps_fully_where_jaccard_sees_little(leads):
    # The overlap coefficient (shared words over the smaller set) reads a three-name brief whose names all stand
    # in a long report as fully alike; Jaccard (over the union) reads it as barely alike.
    brief = LeadText(frozenset(), frozenset({"marcus", "reed", "salem"}), frozenset({"marcus", "reed", "salem"}),
                     frozenset())
    long_ = LeadText(frozenset(), frozenset({"marcus", "reed", "salem", *(f"w{i}" for i in range(27))}),
                     frozenset({"marcus", "reed", "salem", *(f"n{i}" for i in range(9))}), frozenset())
    f = pair_features(leads[0].lead, leads[0].lead, brief, long_)
    assert f["opening_overlap"] == 1.0 and f["names_overlap"] == 1.0
    assert f["opening_words"] == pytest.approx(0.1) and f["names"] == pytest.approx(0.25)
    assert f["undated_opening"] == f["undated_names"] == f["undated_type"] == 0.0  # the lead has a day


def test_a_model_of_shared_names_alone_merges_the_reports_that_name_the_victim(leads):
    """Weekdays and months are no names: the Toledo report shares only "Ohio" with the Dayton ones."""
    by_names = PairModel({"names": 40.0, "bias": -8.0}, threshold=0.5)
    assert merge_all([x.lead for x in leads], [x.opening for x in leads], by_names) == [0, 0, 1]


@pytest.mark.parametrize("content,message", [
    ('{"features": {"town": 1.0}}', "not a chooser model"),
    ('{"features": {"town": true}}', "not a chooser model"),
])
def test_a_chooser_file_of_another_shape_is_refused_by_name(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        L.load_chooser(path, L.PLACE_FEATURES)


def test_the_analyses_cache_outlives_a_refit_of_the_incidents_models():
    # train-incidents rewrites timeline/data/lead-*.json and merge-v1.json; the analyses they are fitted on do not
    # depend on them, so the cache key must not either (it did: every refit analysed the corpus again)
    from timeline.incidents.corpus import analysis_files
    from timeline.incidents.merging import MODEL

    files = {f.resolve() for f in analysis_files()}
    assert not files & {L.PLACE_MODEL.resolve(), L.DAY_MODEL.resolve(), MODEL.resolve()}
    assert not [f for f in files if "incidents" in f.parts]
    names = {f.name for f in files}
    assert {"types-v1.json", "pipeline.py", "ranker-v2.json"} <= names  # what an analysis does depend on


def test_incidents_of_a_store_and_of_a_dataset_print_as_json_lines(tmp_path, capsys):
    """`incidents --db STORE` (and --dataset DIR) prints what is stored, one INCIDENT line each; a missing store
    is a one-line error that creates no file."""
    import datetime as dt
    import json

    from tests.conftest import run_cli
    from timeline.cli import main
    from timeline.dataset.incidents import write_incidents
    from timeline.dataset.parquet import Dataset, unit_tables
    from timeline.events import analyse_article
    from timeline.records import Article
    from timeline.store import Store

    storm = [("Fiji storm", "Fiji Times", "2016-02-22", "Cyclone Winston struck Suva on February 20."),
             ("Winston hits Fiji", "Fiji Sun", "2016-02-23",
              "Cyclone Winston struck Suva in Fiji on Saturday, February 20, tearing roofs from houses.")]
    analyses = [analyse_article(Article(text=text, title=title, source=source, published=dt.date.fromisoformat(day)))
                for title, source, day, text in storm]
    db = tmp_path / "s.sqlite"
    with Store.open(db) as store:
        for a in analyses:
            store.save(a)
    code, out, err = run_cli(main, ["incidents", "--db", str(db)], capsys=capsys)
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["reports"] == 2 and line["sources"] == ["Fiji Times", "Fiji Sun"] and line["location"]["name"] == "Suva"
    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(1)
    ds.commit("unit", "both", unit_tables(analyses), [], set())
    write_incidents(ds)
    code, out, err = run_cli(main, ["incidents", "--dataset", str(tmp_path / "ds")], capsys=capsys)
    assert code == 0, err
    assert [{k: v for k, v in json.loads(x).items() if k != "id"} for x in out.splitlines()] == \
        [{k: v for k, v in line.items() if k != "id"}]
    code, out, err = run_cli(main, ["incidents", "--db", str(tmp_path / "none.sqlite")], capsys=capsys)
    assert code == 2 and "no such store file" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.sqlite").exists()


def test_a_town_named_with_its_county_and_state_is_the_exact_one_of_the_three(pipeline):
    text = ("A man was shot in Warren, in Trumbull County, Ohio, on Saturday night, deputies said.\n\n"
            "He was taken to a hospital in Cleveland.")
    a = pipeline.analyse(article_from_text(text, title="Man shot in Warren", published="2016-03-14"))
    lead = next(e for e in a.events if e.lead)
    cands = L.place_candidates(a.places)
    rows = {c.entry.name: row for c, row in zip(cands, L.ArticleView.of(a, lead).place_rows(cands))}
    assert {"Warren", "Trumbull County", "Ohio", "Cleveland"} <= set(rows)
    assert rows["Warren"]["town_in_named_county"] == rows["Warren"]["town_in_named_state"] == 1.0
    assert rows["Trumbull County"]["county_with_named_town"] == 1.0
    # Cleveland lies in Ohio, not in Trumbull County
    assert rows["Cleveland"]["town_in_named_county"] == 0.0 and rows["Cleveland"]["town_in_named_state"] == 1.0
    assert rows["Ohio"]["town_in_named_state"] == rows["Ohio"]["county_with_named_town"] == 0.0


def test_day_features_count_the_happenings_of_each_day_and_read_a_night_before_publication(pipeline):
    text = ("A gunman killed a clerk at a gas station in Toledo late Saturday night, police said Sunday.\n\n"
            "Detectives arrested a suspect on Sunday.")
    a = pipeline.analyse(article_from_text(text, title="Clerk killed in Toledo", published="2016-03-13"))
    lead = next(e for e in a.events if e.lead)
    assert lead.type == "ASSAULT"
    cands = L.day_candidates(a.events, a.article.published, lead.type)
    rows = {c.day.isoformat(): row for c, row in zip(cands, L.ArticleView.of(a, lead).day_rows(cands))}
    saturday, sunday = rows["2016-03-12"], rows["2016-03-13"]
    assert saturday["night_words"] == saturday["night_day_before"] == saturday["weekday_day_before"] == 1.0
    assert saturday["lead_type_events"] > 0
    assert sunday["happening_events"] > sunday["lead_type_events"]  # the arrest beside what police said
    assert sunday["night_words"] == sunday["publication_only"] == 0.0  # "Sunday" is written in the text
