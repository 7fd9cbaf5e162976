"""The fitted ranker: its model file, what fitting changes, folds that keep documents out, and the commands.

Fitting runs on a small real gazetteer (``geo.index.write``) and documents written here, resolved by the real
resolver; the commands run spaCy and the real index on a tiny corpus file written to a temporary folder.
"""
from __future__ import annotations

import json

import pytest

from geo import feature_codes as fc
from geo.cli import main
from geo.detect import Candidate
from geo.detections import DetectedDoc
from geo.features import NAMES
from geo.index import Gazetteer, write
from geo.keeper import keeper_from_dict, keeper_to_dict, load_keeper, make_keeper
from geo.ranker import RankerModelError, hand_ranker, load_ranker, ranker_from_dict, ranker_to_dict
from geo.records import GazetteerEntry
from geo.resolve import ResolveSettings, Resolver
from geo.span_features import NAMES as SPAN_NAMES
from geo.train import Models, cross_validate, fold_of, train, train_models
from tests.conftest import run_cli


def place(gid, name, lat, lon, cc, code=fc.TOWN, population=0):
    return GazetteerEntry(gid, name, lat, lon, cc, code, population), [name]


VALENCE_FR = place(1, "Valence", 44.93, 4.89, "FR", population=60_000)
VALENCE_US = place(2, "Valence", 40.0, -83.0, "US", population=70_000)  # made up: the larger namesake
DALLAS = place(3, "Dallas", 32.783, -96.807, "US", population=1_300_092)
REPUBLIC = place(4, "Republic", 37.12, -93.48, "US", population=15_000)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("ranker") / "gazetteer.sqlite"
    write(path, [VALENCE_FR, VALENCE_US, DALLAS, REPUBLIC], dictionary=frozenset({"republic"}))
    gazetteer = Gazetteer(path)
    yield gazetteer
    gazetteer.close()


def valence_doc(n: int) -> DetectedDoc:
    """An article naming Valence alone, where it means the French town (as a gold corpus would say)."""
    text = f"Report {n}: the market in Valence reopened."
    start = text.index("Valence")
    gold = {"start": start, "end": start + 7, "phrase": "Valence", "geonameid": "1", "lat": 44.93, "lon": 4.89}
    return DetectedDoc("test", str(n), text, (gold,), (Candidate(start, start + 7, "Valence", "ner", 0.9),))


def chosen(resolver, doc: DetectedDoc):
    return [m.entry.geonameid if m.entry else None for m in resolver.resolve(doc.text, list(doc.candidates))]


# -- the model file ----------------------------------------------------------------------------------------
def test_the_shipped_model_expects_exactly_the_features_the_code_computes(small):
    model = load_ranker()
    assert set(model.weights) <= set(NAMES) and model.weights  # fitted: some weight is not zero
    assert Resolver(gazetteer=small).ranker is model  # the default of the geoparser
    assert Resolver(gazetteer=small, settings=ResolveSettings()).ranker.name == "hand"


def test_the_hand_ranker_adds_the_settings_terms():
    st = ResolveSettings()
    score = hand_ranker(st).score({"prior": 5.0, "exact_form": 1.0, "own_name": 1.0, "hint_inside": 1.0})
    assert score == pytest.approx(5.0 + st.exact_form_bonus + st.own_name_bonus + st.hint_bonus)


def test_a_model_round_trips_through_its_file_format(tmp_path):
    ranker = hand_ranker(ResolveSettings())
    path = tmp_path / "m.json"
    path.write_text(json.dumps(ranker_to_dict(ranker, about={"trained_on": "nothing"})), encoding="utf-8")
    back = load_ranker(path)
    assert dict(back.weights) == dict(ranker.weights) and back.min_score == ranker.min_score


@pytest.mark.parametrize("content,message", [
    ("{", "cannot read ranker model"),
    ('{"format": "other"}', "not a geo-ranker file"),
])
def test_a_bad_model_file_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RankerModelError, match=message) as info:
        load_ranker(path)
    assert "bad.json" in str(info.value) and "\n" not in str(info.value)


def test_a_model_for_other_features_is_refused():
    data = ranker_to_dict(hand_ranker(ResolveSettings()), about={})
    data["features"]["renamed"] = data["features"].pop("prior")
    with pytest.raises(RankerModelError, match="other features"):
        ranker_from_dict(data, "old.json")


# -- readings of a mention with extra words ---------------------------------------------------------------
def test_a_mention_with_extra_words_is_read_as_the_place_inside(small):
    text = "Dallas Police said the Islamic Republic had not replied."
    cands = [Candidate(0, 13, "Dallas Police", "ner", 0.9), Candidate(23, 39, "Islamic Republic", "ner", 0.9)]
    found = {m.text: m.entry for m in Resolver(gazetteer=small).resolve(text, cands)}
    assert found["Dallas Police"] is not None and found["Dallas Police"].geonameid == 3
    # "Republic" is an English word: no evidence of the Missouri town (unplaced, so the keeper drops the span)
    assert found.get("Islamic Republic") is None


def test_capitals_matching_a_name_spelled_otherwise_are_marked(small):
    text = "DALLAS and Valence"
    cands = [Candidate(0, 6, "DALLAS", "ner", 0.9), Candidate(11, 18, "Valence", "ner", 0.9)]
    readings = {m.text: r for m, r in Resolver(gazetteer=small, settings=ResolveSettings()).resolve_readings(text, cands)}
    assert all(r.features.get("case_mismatch") == 1.0 for r in readings["DALLAS"])  # an acronym, or a dateline
    assert not any("case_mismatch" in r.features for r in readings["Valence"])


def test_focus_elsewhere_is_the_share_of_the_other_names_abroad(small):
    # Dallas (a town, half a vote) in the US: each Valence reading sees the whole focus; the French one abroad
    text = "Dallas and Valence"
    cands = [Candidate(0, 6, "Dallas", "ner", 0.9), Candidate(11, 18, "Valence", "ner", 0.9)]
    st = ResolveSettings()
    readings = {m.text: r for m, r in Resolver(gazetteer=small, settings=st).resolve_readings(text, cands)}
    by_country = {r.entry.country_code: r.features for r in readings["Valence"]}
    share = st.town_focus_vote / (st.town_focus_vote + st.focus_pseudo_count)
    assert by_country["FR"]["focus_elsewhere"] == pytest.approx(share) and "focus_elsewhere" not in by_country["US"]
    assert by_country["US"]["country_focus"] == pytest.approx(share)


# -- fitting and folds -------------------------------------------------------------------------------------
def test_fitting_learns_what_the_hand_weights_get_wrong(small):
    docs = [valence_doc(n) for n in range(12)]
    assert chosen(Resolver(gazetteer=small, settings=ResolveSettings()), docs[0]) == [2]  # the larger namesake
    fitted = train(docs, small)
    assert chosen(Resolver(gazetteer=small, ranker=fitted), docs[0]) == [1]


def test_folds_keep_every_document_out_of_its_own_training(small):
    docs = [valence_doc(n) for n in range(12)]
    assert [fold_of(d, 3) for d in docs] == [fold_of(d, 3) for d in docs]  # the same folds on every run
    seen = []

    def recording_trainer(training, gazetteer):
        seen.append({d.doc_id for d in training})
        return train(training, gazetteer)

    predictions = cross_validate(docs, small, 3, trainer=recording_trainer)
    assert len(seen) == 3 and len(predictions["test"]) == len(docs)
    for fold, training in enumerate(seen):
        held = {d.doc_id for d in docs if fold_of(d, 3) == fold}
        assert held and not held & training and held | training == {d.doc_id for d in docs}


# -- the keep/drop model of spans -------------------------------------------------------------------------
def test_the_shipped_keeper_expects_exactly_the_span_features_the_code_computes(small):
    keeper = load_keeper()
    assert set(keeper.weights) <= set(SPAN_NAMES) and keeper.weights and 0.0 < keeper.threshold < 1.0
    assert Resolver(gazetteer=small).keeper is keeper  # the default, with the shipped ranker
    assert Resolver(gazetteer=small, settings=ResolveSettings()).keeper is None  # hand weights: every span kept


def test_a_keeper_round_trips_and_refuses_other_features():
    keeper = make_keeper("k", {"bias": 1.5, "unplaced": -3.0}, threshold=0.3)
    back = keeper_from_dict(keeper_to_dict(keeper, about={}), "k.json")
    assert dict(back.weights) == dict(keeper.weights) and back.threshold == 0.3
    data = keeper_to_dict(keeper, about={})
    data["features"]["renamed"] = data["features"].pop("bias")
    with pytest.raises(RankerModelError, match="other features"):
        keeper_from_dict(data, "old.json")


def republic_doc(n: int) -> DetectedDoc:
    """Valence is the gold place; "Republic" opening the sentence is the word, never the Missouri town."""
    text = f"Republic officials said report {n} was late. The market in Valence reopened."
    start = text.index("Valence")
    gold = {"start": start, "end": start + 7, "phrase": "Valence", "geonameid": "1", "lat": 44.93, "lon": 4.89}
    cands = (Candidate(0, 8, "Republic", "gazetteer", 0.5, sentence_initial=True),
             Candidate(start, start + 7, "Valence", "ner", 0.9, label="GPE"))
    return DetectedDoc("test", str(n), text, (gold,), cands)


def test_the_keeper_learns_to_drop_spans_the_gold_never_marks(small):
    docs = [republic_doc(n) for n in range(12)]
    assert [m.text for m in Resolver(gazetteer=small, settings=ResolveSettings()).resolve(
        docs[0].text, list(docs[0].candidates))] == ["Republic", "Valence"]  # the ranker alone places both
    models = train_models(docs, small)
    kept = models.resolver(small).resolve(docs[0].text, list(docs[0].candidates))
    assert [m.text for m in kept] == ["Valence"]
    everything = Resolver(gazetteer=small, ranker=models.ranker, keeper=None)
    assert [m.text for m in everything.resolve(docs[0].text, list(docs[0].candidates))] == ["Republic", "Valence"]


def test_cross_validation_fits_the_keeper_inside_each_fold(small):
    docs = [republic_doc(n) for n in range(12)]
    fitted = []

    def recording_trainer(training, gazetteer):
        models = train_models(training, gazetteer)
        fitted.append(models)
        return models

    predictions = cross_validate(docs, small, 3, trainer=recording_trainer)
    assert len(fitted) == 3 and all(isinstance(m, Models) and m.keeper is not None for m in fitted)
    assert all([p["text"] for p in doc] == ["Valence"] for doc in predictions["test"])


# -- the commands ------------------------------------------------------------------------------------------
TINY = [
    ("Fighting broke out in Tripoli as militias clashed near Misrata and Benghazi.", "Tripoli", 32.887, 13.187),
    ("Protesters marched in Paris on Saturday as police closed the Champs-Elysees.", "Paris", 48.853, 2.349),
    ("Stocks fell in New York on Tuesday while bankers in London waited.", "London", 51.509, -0.126),
    ("Storms hit Atlanta and Savannah on Monday, and Alabama declared an emergency.", "Atlanta", 33.749, -84.388),
]


@pytest.fixture
def tiny_corpus(tmp_path):
    path = tmp_path / "tiny.jsonl"
    lines = []
    for n, (text, phrase, lat, lon) in enumerate(TINY):
        start = text.index(phrase)
        gold = {"start": start, "end": start + len(phrase), "phrase": phrase, "geonameid": None, "lat": lat, "lon": lon}
        lines.append(json.dumps({"id": str(n), "corpus": "tiny", "text": text, "toponyms": [gold]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_cv_reports_held_out_figures_beside_resubstitution(tiny_corpus, capsys):
    code, out, _ = run_cli(main, ["eval", str(tiny_corpus), "--cv", "2"], capsys=capsys)
    assert code == 0
    report = json.loads(out)
    assert report["folds"] == 2
    for part in (report, report["resubstitution"], report["cv"]):
        assert part["overlap"]["tiny"]["gold"] == len(TINY)
        assert 0.0 <= part["overlap"]["pooled"]["acc@161"] <= 100.0


@pytest.mark.parametrize("argv,message", [
    (["--cv", "1"], "--cv 1: need at least 2 folds"),
    (["--cv", "2", "--limit", "1"], "--limit cannot be combined with --cv"),
])
def test_eval_cv_usage_errors_exit_2(tiny_corpus, capsys, argv, message):
    code, _, err = run_cli(main, ["eval", str(tiny_corpus), *argv], capsys=capsys)
    assert code == 2 and err.startswith(f"python -m geo: error: {message}") and err.count("\n") == 1


def test_train_writes_a_model_the_geoparser_can_load(tiny_corpus, tmp_path, capsys):
    out_path = tmp_path / "ranker-test.json"
    keeper_path = tmp_path / "keep-test.json"
    code, out, _ = run_cli(main, ["train", str(tiny_corpus), "--out", str(out_path)], capsys=capsys)
    assert code == 0
    assert json.loads(out) == {"model": str(out_path), "keeper": str(keeper_path), "documents": len(TINY)}
    model = json.loads(out_path.read_text(encoding="utf-8"))
    assert list(model["features"]) == list(NAMES) and model["trained_on"]["corpora"] == {"tiny": len(TINY)}
    assert load_ranker(out_path).name == "ranker-test.json"
    keeper = json.loads(keeper_path.read_text(encoding="utf-8"))
    assert list(keeper["features"]) == list(SPAN_NAMES) and keeper["ranker"] == "ranker-test.json"
    assert load_keeper(keeper_path).name == "keep-test.json"
