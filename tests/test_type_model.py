"""The fitted event-type model: its file loads and predicts in pure Python, fitting and K-fold figures work,
`train-types` and `eval-types --cv` run on a small real subset, and general facts (sentences of our own) come
out typed as PLOVER defines them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EVAL_DIR, ROOT, run_cli
from timeline.events.type_lexicon import EVENT_TYPES
from timeline.events.type_model import (DEFAULT_MODEL, TypeModelError, load_model, model_from_dict, model_to_dict,
                                 predict_type)
from timeline.evaluation.type_train import Example, allowed_for, cross_validate, fit, fold_of

PLOVER_DEV = EVAL_DIR / "events" / "plover-dev.jsonl"
PLOVER_NEWS = EVAL_DIR / "events" / "plover-news-dev.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from geo.nlp import load_nlp

    return load_nlp()


def test_the_shipped_model_loads_and_predicts_without_numpy():
    """Run time reads the JSON and adds weights in pure Python: numpy is never imported to predict."""
    code = (
        "import sys\n"
        "from timeline.events.type_model import load_model\n"
        "m = load_model()\n"
        "print(m.predict(['bias', 'rule=ASSAULT', 'trig=attack', 'trig.class:ASSAULT']))\n"
        "print(m.predict(['bias', 'rule=STATEMENT', 'trig=say', 'trig.speech']))\n"
        "print('numpy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ASSAULT", "STATEMENT", "False"]
    model = load_model()
    assert set(model.classes) == set(EVENT_TYPES) and DEFAULT_MODEL.name == "types-v1.json"
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["format"] == "timeline-types" and data["trained_on"] and data["l2"] > 0
    probs = model.probabilities(["bias", "rule=ASSAULT", "trig=attack", "trig.class:ASSAULT"])
    assert abs(sum(probs.values()) - 1) < 1e-9 and max(probs, key=probs.get) == "ASSAULT"


def test_a_bad_model_file_is_refused_by_name(tmp_path):
    with pytest.raises(TypeModelError, match="not a timeline-types file"):
        model_from_dict({"format": "geo-ranker", "format_version": 1}, "x.json")
    with pytest.raises(TypeModelError, match="unknown classes MEETING"):
        model_from_dict({"format": "timeline-types", "format_version": 1, "classes": ["MEETING"], "weights": {}},
                        "x.json")
    with pytest.raises(TypeModelError, match="weights must map"):
        model_from_dict({"format": "timeline-types", "format_version": 1, "classes": ["AGREE"],
                         "weights": {"bias": {"REJECT": 1.0}}}, "x.json")
    bad = tmp_path / "types.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(TypeModelError, match="cannot read the event type model"):
        load_model.__wrapped__(bad)


def _toy_examples():
    """Two cues, each of one class; YIELD records satisfied by CONCEDE or RETREAT; a speech clause."""
    out = []
    for i in range(12):
        out.append(Example(f"a{i}", ("bias", "trig=attack", "obj=village"), allowed_for("ASSAULT"), gold="ASSAULT"))
        out.append(Example(f"b{i}", ("bias", "trig=free", "obj=prisoner"), allowed_for("YIELD"), gold="YIELD"))
        out.append(Example(f"c{i}", ("bias", "trig=say"), frozenset({"STATEMENT"})))
    return out


def test_fit_learns_each_cue_and_yield_takes_either_of_its_types():
    examples = _toy_examples()
    model = model_from_dict(model_to_dict(EVENT_TYPES, fit(examples, l2=1e-3), about={}), "toy")
    assert model.predict(["bias", "trig=attack"]) == "ASSAULT"
    assert model.predict(["bias", "trig=free"]) in {"CONCEDE", "RETREAT"}
    assert model.predict(["bias", "trig=say"]) == "STATEMENT"
    held = cross_validate(examples, 3, l2=1e-3)
    assert len(held) == len(examples)
    assert all(pred in ex.allowed for ex, pred in zip(examples, (held[i] for i in range(len(examples)))))
    assert {fold_of("a1", 5) for _ in range(3)} == {fold_of("a1", 5)}  # a record's fold is fixed
    with pytest.raises(ValueError, match="at least 2 folds"):
        cross_validate(examples, 1)


@pytest.mark.skipif(not (PLOVER_DEV.exists() and PLOVER_NEWS.exists()), reason="no ../shared/eval/events files")
def test_train_types_and_cv_on_a_small_real_subset(tmp_path, capsys):
    """The first 16 records of each dev file (read by path, written only to a temporary folder)."""
    from timeline.cli import main

    subsets = []
    for path in (PLOVER_DEV, PLOVER_NEWS):
        lines = path.read_text(encoding="utf-8").splitlines()[:16]
        sub = tmp_path / path.name
        sub.write_text("\n".join(lines) + "\n", encoding="utf-8")
        subsets.append(str(sub))
    out_file = tmp_path / "types-small.json"
    code, out, err = run_cli(main, ["train-types", *subsets, "--out", str(out_file)], capsys=capsys)
    assert code == 0, err
    result = json.loads(out)
    # most records give a training example (a sentence whose clauses tell no happening gives none)
    assert result["records"] == 32 and result["examples"] >= 24 and result["features"] > 10
    model = load_model.__wrapped__(out_file)
    assert json.loads(out_file.read_text(encoding="utf-8"))["trained_on"] == ["plover-dev.jsonl",
                                                                             "plover-news-dev.jsonl"]
    assert model.classes and model.weights
    code, out, err = run_cli(main, ["eval-types", *subsets, "--cv", "3", "--l2", "1e-3,1e-2"], capsys=capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["folds"] == 3 and set(result["corpora"]) == set(subsets)
    for path in subsets:
        figs = result["corpora"][path]
        assert figs["shipped"]["sentences"] == 16 and figs["cv l2=0.001"]["sentences"] == 16
        assert 0 <= figs["cv l2=0.01"]["type_accuracy"] <= 100 and "macro_f1" in figs["cv l2=0.001"]
    assert result["pooled"]["cv l2=0.001"]["sentences"] == 32
    assert "5-fold" not in err and "3-fold CV, L2 0.001" in err
    code, out, err = run_cli(main, ["eval-types", *subsets], capsys=capsys)
    assert code == 2 and "only with --cv" in err


def test_eval_types_reads_news_records_by_source_and_target(tmp_path, capsys):
    """A plover-news-style record (source and target spans, no event words) is scored by the event holding
    both starts; gold YIELD takes RETREAT."""
    from timeline.cli import main

    text = "Kenyan police released twelve prisoners on Sunday."
    record = {"id": "n1", "published": None, "text": text, "event": "YIELD", "source": "Kenyan police",
              "target": "twelve prisoners", "source_span": [0, 13], "target_span": [23, 39]}
    assert text[23:39] == "twelve prisoners"
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, out, err = run_cli(main, ["eval-types", str(path)], capsys=capsys)
    assert code == 0, err
    figs = json.loads(out)
    assert figs["type_accuracy"] == 100.0 and figs["source_actor"] == 100.0 and figs["macro_f1"] == 100.0



def test_a_record_whose_clauses_merge_still_gives_its_example(tmp_path):
    """A sentence's clauses of one happening are one event spanning them all; the fitting reads the clause that holds
    the gold words, as each clause is typed before the merge (it looked for a trigger inside the merged event's
    span, found none, so such a record gave no example and --cv typed it with the shipped model)."""
    from timeline.cli.eval_types import read_type_gold
    from timeline.events import default_pipeline
    from timeline.evaluation.type_train import record_examples

    text = "Chile and Peru have agreed on a new border treaty, the foreign ministry announced on Monday."
    start = text.index("agreed")
    record = {"id": "m1", "published": "2000-01-01", "text": text, "event": "AGREE",
              "event_words": [{"start": start, "end": start + 6, "text": "agreed"}], "source": ["Chile"]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [(rec, article)] = read_type_gold(str(path))
    scored = record_examples(default_pipeline(), rec, article)
    [event] = [e for e in scored.events if e.start <= start < e.end]
    assert (event.start, event.end) == (0, len(text) - 1)  # both clauses are one event
    assert scored.examples and scored.examples[0].gold == "AGREE"
    assert "trig=agree" in scored.examples[0].features

# General facts, sentences of our own written from the PLOVER definitions (the kinds of clause the rules
# alone missed: nouns of force behind a light verb, money given, captives let go, a summons to complain).
FACT_ROWS = [
    ("ASSAULT", "The militia commenced air and ground assaults on the town."),
    ("ASSAULT", "Witnesses described mass killings and beheadings in the village."),
    ("ASSAULT", "The rebels shelled the airport overnight."),
    ("AID", "Germany donated ten million euros to the relief effort."),
    ("AID", "The bank granted Kenya a loan of two billion dollars."),
    ("ACCUSE", "The ministry summoned the ambassador to complain about the remarks."),
    ("CONSULT", "The foreign minister paid a courtesy visit to the king."),
    ("COERCE", "Police detained two journalists at the border."),
    ("STATEMENT", "The spokesman said the weather was fine."),
    ("STATEMENT", "The minister announced that the budget would be published on Monday."),
    ("OTHER", "The ferry sank near the coast."),
    ("OTHER", "The museum reopened after the renovation."),
    ("RETREAT", "The junta let free some forty political prisoners."),
    # violence told by its victims and its toll (tests/test_event_types.py, VIOLENCE_ROWS: the rules' evidence)
    ("ASSAULT", "A teenager died in a shooting outside the mall."),
    ("ASSAULT", "A shooting left two men dead."),
    ("ASSAULT", "The robber pulled out a pistol."),
    ("ASSAULT", "The deputies returned fire."),
    ("RETREAT", "The battalion pulled out of the valley."),
]


@pytest.mark.parametrize("expected,sentence", FACT_ROWS)
def test_general_facts(nlp, expected, sentence):
    assert predict_type(next(nlp(sentence).sents).root) == expected


def test_the_model_mostly_agrees_with_the_rule_rows(nlp):
    """tests/test_event_types.py checks the hand rules (still the model's evidence); the model, fitted on news,
    disagrees with a few of those rows on purpose (e.g. the news gold types troops deployed as peacekeepers AID
    and sanctions imposed COERCE): at least 85% of them agree."""
    from tests.test_event_types import CLAUSE_ROWS, TYPE_ROWS

    rows = TYPE_ROWS + CLAUSE_ROWS
    agree = sum(predict_type(next(nlp(s).sents).root) == want for want, s in rows)
    assert agree >= 0.85 * len(rows), f"{agree}/{len(rows)}"
