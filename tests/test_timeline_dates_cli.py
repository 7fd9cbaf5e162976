"""The `dates` command run in-process through timeline.cli.main (real files, real tagger)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from timeline.cli import main

ARTICLE = "---\ntitle: Test\npublished: 2016-01-31\n---\nThe minister spoke on Saturday. He will return on February 8.\n"


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    return run_cli(main, argv, capsys=capsys, stdin=stdin, monkeypatch=monkeypatch)


def test_file_with_front_matter(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(["dates", str(f)], capsys)
    assert code == 0
    data = json.loads(out)
    body = ARTICLE.split("---\n", 2)[2]
    got = [(t["text"], t["value"]) for t in data["timexes"]]
    assert got == [("Saturday", "2016-01-30"), ("February 8", "2016-02-08")]
    for t in data["timexes"]:  # offsets are into the body after the front matter
        assert body[t["start"]:t["end"]] == t["text"]
        assert set(t) == {"text", "start", "end", "type", "value", "earliest", "latest", "precision"}


def test_published_flag_overrides_front_matter(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(["dates", str(f), "--published", "2016-02-10"], capsys)
    assert code == 0
    assert json.loads(out)["timexes"][0]["value"] == "2016-02-06"


def test_seed_file(capsys):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "libya-channel-2016-01-31.md"
    code, out, _ = run(["dates", str(seed)], capsys)
    assert code == 0
    values = {t["text"]: t["value"] for t in json.loads(out)["timexes"]}
    assert values["four days beforehand"] == "2016-02-04"
    assert values["The day before"] == "2016-01-27"


def test_no_publication_date_warns_and_leaves_null(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("The minister spoke on Saturday about the 1990s.\n", encoding="utf-8")
    code, out, err = run(["dates", str(f)], capsys)
    assert code == 0
    timexes = {t["text"]: t for t in json.loads(out)["timexes"]}
    assert timexes["Saturday"]["value"] is None and timexes["Saturday"]["earliest"] is None
    assert timexes["the 1990s"]["value"] == "199"
    assert "warning" in err and "publication date" in err


@pytest.mark.parametrize("argv, needle", [
    (["dates", "X", "--published", "2016-13-01"], "2016-13-01"),
    (["dates", "X", "--published", "yesterday"], "yesterday"),
    (["dates", "X", "--frobnicate"], "--frobnicate"),
    (["dates"], "FILE"),
    (["nosuchcommand"], "nosuchcommand"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, argv, needle):
    f = tmp_path / "a.txt"
    f.write_text("on Friday\n", encoding="utf-8")
    argv = [str(f) if a == "X" else a for a in argv]
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_bad_front_matter_date(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text("---\npublished: 31/01/2016\n---\non Friday\n", encoding="utf-8")
    code, _, err = run(["dates", str(f)], capsys)
    assert code == 2 and "31/01/2016" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content, needle", [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 on Friday", "UTF-8"),
])
def test_unusable_files(tmp_path, capsys, content, needle):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(["dates", str(f), "--published", "2016-01-31"], capsys)
    assert code == 2 and out == "" and needle in err and len(err.strip().splitlines()) == 1


def test_missing_file(tmp_path, capsys):
    code, _, err = run(["dates", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "nope.txt" in err


def test_jsonl_mode_reports_bad_lines_and_goes_on(capsys, monkeypatch):
    lines = "\n".join([
        json.dumps({"id": "a", "text": "He spoke on Saturday.", "published": "2016-01-31"}),
        "{not json",
        json.dumps({"id": "c", "text": "It rained yesterday.", "published": "2016-01-31"}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": "Friday", "published": "2016-99-01"}),
        json.dumps({"id": "f", "text": "It rained yesterday.", "published": None}),
    ]) + "\n"
    code, out, err = run(["dates", "--jsonl"], capsys, stdin=lines, monkeypatch=monkeypatch)
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in records] == ["a", "c", "f"]
    assert records[0]["timexes"][0]["value"] == "2016-01-30"
    assert records[1]["timexes"][0]["value"] == "2016-01-30"
    assert records[2]["timexes"][0]["value"] is None
    assert "line 2" in err and "line 4" in err and "line 5" in err
    assert "line 6" in err and "warning" in err
    assert code == 1


def test_jsonl_and_file_are_exclusive(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("on Friday\n", encoding="utf-8")
    code, _, err = run(["dates", str(f), "--jsonl"], capsys)
    assert code == 2 and "--jsonl" in err


def test_a_boolean_setting_that_is_neither_true_nor_false_is_refused(tmp_path, capsys):
    # "USE_SPACY=maybe" used to be read as false without a word.
    f = tmp_path / "a.txt"
    f.write_text("He spoke on Saturday.", encoding="utf-8")
    code, _, err = run(["dates", str(f), "--published", "2016-01-31", "--setting", "USE_SPACY=maybe"], capsys)
    assert code == 2 and "USE_SPACY" in err and "maybe" in err


def test_bad_setting_is_a_usage_error(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("on Friday\n", encoding="utf-8")
    code, _, err = run(["dates", str(f), "--setting", "NOPE=1"], capsys)
    assert code == 2 and "NOPE" in err


def test_eval_dates_small_corpus(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    text = "He spoke on Friday. Prices rose last year."
    gold.write_text(json.dumps({"id": "d1", "published": "1998-08-07", "text": text, "timexes": [
        {"start": 12, "end": 18, "text": "Friday", "type": "DATE", "value": "1998-08-07"},
        {"start": 31, "end": 40, "text": "last year", "type": "DATE", "value": "1996"},
    ]}) + "\n", encoding="utf-8")
    code, out, err = run(["eval-dates", str(gold)], capsys)
    assert code == 0
    fig = json.loads(out)
    assert fig["relaxed"]["F1"] == 100.0 and fig["value_accuracy"] == 50.0 and fig["value_F1"] == 50.0
    assert "value F1" in err and "1/1" in err
