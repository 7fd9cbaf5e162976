"""eval-types scoring (pure, on real Event records) and the command on a small gold file of our own."""
from __future__ import annotations

import json

from tests.conftest import run_cli
from timeline.cli import main
from timeline.records import Event
from timeline.evaluation.types import NO_EVENT, actors_match, event_at, figures, score_case


def ev(start, end, type_, actors=()):
    return Event(id=f"{start}-{end}-{type_}", article_id="a", sentence="", start=start, end=end, type=type_,
                 date=None, location=None, actors=tuple(actors))


def gold(event, start, sources, id_="g"):
    return {"id": id_, "event": event, "event_words": [{"start": start, "end": start + 4, "text": "word"}],
            "source": sources}


def test_event_at_takes_the_smallest_then_the_first():
    outer, inner, twin = ev(0, 100, "STATEMENT"), ev(10, 40, "ASSAULT"), ev(10, 40, "COERCE")
    assert event_at([outer, inner, twin], 20) is inner
    assert event_at([outer, inner], 60) is outer
    assert event_at([outer], 100) is None  # end is exclusive


def test_actors_match_by_containment_either_way():
    assert actors_match(["Serb forces"], ["Serb"]) and actors_match(["Israel"], ["Israeli government"])
    assert not actors_match(["Iran"], ["Iraqi government"])
    assert actors_match(["UN"], ["the UN Security Council"]) and actors_match(["un"], ["UN"])
    assert not actors_match([], ["Israel"]) and not actors_match(["Israel"], [" "])


def test_score_case_and_ties():
    events = [ev(0, 50, "OTHER", ["Kenya"]), ev(0, 50, "ASSAULT", ["Somali troops"])]
    case = score_case(gold("ASSAULT", 5, ["Somali troops"]), events)
    assert case.predicted_type == "OTHER" and not case.type_hit and not case.actor_hit
    assert case.tied_type_hit and case.tied_actor_hit
    missing = score_case(gold("AGREE", 70, ["Kenya"]), events)
    assert missing.predicted_type == NO_EVENT and not missing.actor_hit


def test_figures_majority_and_confusions():
    cases = [score_case(gold("AGREE", 1, ["A"]), [ev(0, 9, "AGREE", ["A"])]),
             score_case(gold("AGREE", 1, ["A"]), [ev(0, 9, "CONSULT", ["B"])]),
             score_case(gold("REJECT", 1, ["C"]), [ev(0, 9, "REJECT", ["C"])]),
             score_case(gold("ASSAULT", 1, ["D"]), [])]
    f = figures(cases)
    assert f["sentences"] == 4 and f["type_accuracy"] == 50.0 and f["source_actor"] == 50.0
    assert f["majority_class"] == {"type": "AGREE", "accuracy": 50.0} and f["no_event"] == 25.0
    assert f["per_type"]["AGREE"] == {"gold": 2, "right": 1, "predicted": 1, "confused_with": {"CONSULT": 1}}
    assert f["per_type"]["ASSAULT"]["confused_with"] == {NO_EVENT: 1}


GOLD = [
    {"id": "t1", "published": "2000-01-01", "text": "Kenyan police arrested forty smugglers in Mombasa.",
     "event": "COERCE", "event_words": [{"start": 13, "end": 21, "text": "arrested"}], "source": ["Kenyan police"]},
    {"id": "t2", "published": "2000-01-01", "text": "The Chilean government rejected the Bolivian proposal.",
     "event": "REJECT", "event_words": [{"start": 23, "end": 31, "text": "rejected"}],
     "source": ["Chilean government"]},
    {"id": "t3", "published": "2000-01-01", "text": "Somali troops attacked the port of Kismayo.",
     "event": "ASSAULT", "event_words": [{"start": 14, "end": 22, "text": "attacked"}], "source": ["Somali troops"]},
]


def test_eval_types_command(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in GOLD), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    code, out, err = run_cli(main, ["eval-types", str(path), "--halves", "--errors", str(errors)], capsys=capsys)
    assert code == 0
    result = json.loads(out)
    assert result["sentences"] == 3 and result["type_accuracy"] == 100.0 and result["source_actor"] == 100.0
    assert result["halves"]["first"]["sentences"] == 2 and result["halves"]["second"]["sentences"] == 1
    assert "type accuracy" in err and "majority class" in err
    assert errors.read_text(encoding="utf-8") == ""


def test_eval_types_refuses_a_bad_gold_line(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n{broken\n", encoding="utf-8")
    code, _, err = run_cli(main, ["eval-types", str(path)], capsys=capsys)
    assert code == 2 and f"{path}:2:" in err and "not JSON" in err
    code, _, err = run_cli(main, ["eval-types", str(tmp_path / "missing.jsonl")], capsys=capsys)
    assert code == 2 and "cannot read" in err
