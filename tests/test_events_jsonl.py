"""`python -m timeline events --jsonl`: one result line per input line, streamed, bad lines reported."""
from __future__ import annotations

import json
import sys

from tests.conftest import run_cli
from timeline.cli import main

LINES = [
    {"id": "k1", "text": "Kenyan police arrested forty smugglers in Mombasa on Monday.", "published": "2020-05-06"},
    {"id": "k2", "text": "Somali troops attacked the port of Kismayo on Tuesday.", "published": "2020-05-06"},
    {"id": "k3", "text": "The foreign ministers met in Nairobi.", "published": "2020-05-06"},
]


def test_one_line_out_per_line_in(capsys, monkeypatch):
    stdin = "".join(json.dumps(r) + "\n" for r in LINES)
    code, out, err = run_cli(main, ["events", "--jsonl"], capsys=capsys, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 0, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["k1", "k2", "k3"]
    assert all(set(r) == {"id", "article", "events", "actors"} for r in results)
    first = results[0]["events"][0]
    assert first["type"] == "COERCE" and "Kenyan police" in first["actors"]
    assert first["date"]["value"] == "2020-05-04"  # "on Monday" before a Wednesday publication
    assert results[1]["events"][0]["type"] == "ASSAULT"


def test_bad_lines_are_reported_and_the_others_go_on(capsys, monkeypatch):
    stdin = "\n".join([json.dumps(LINES[0]), "{not json", json.dumps({"id": "x", "text": 5}),
                       json.dumps({"id": "y", "text": "Police arrested him.", "published": "2020-02-31"}),
                       json.dumps(LINES[1])]) + "\n"
    code, out, err = run_cli(main, ["events", "--jsonl"], capsys=capsys, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["k1", "k2"]
    assert "line 2: skipped: not JSON" in err and 'line 3: skipped: missing or non-string "text"' in err
    assert "line 4: skipped: invalid published date '2020-02-31'" in err


def test_results_are_streamed(capsys, monkeypatch):
    """Each result is written before the next line is read (a caller can pipe hundreds of texts)."""
    seen = []

    def lines():
        for k, rec in enumerate(LINES):
            seen.append(capsys.readouterr().out)
            assert "".join(seen).count("\n") == k  # every earlier line already has its result
            yield json.dumps(rec) + "\n"

    monkeypatch.setattr(sys, "stdin", lines())
    assert main(["events", "--jsonl"]) == 0
    assert "".join(seen + [capsys.readouterr().out]).count("\n") == len(LINES)


def test_file_and_jsonl_are_exclusive(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Police arrested him.", encoding="utf-8")
    code, _, err = run_cli(main, ["events", str(f), "--jsonl"], capsys=capsys)
    assert code == 2 and "--jsonl" in err
    code, _, err = run_cli(main, ["events"], capsys=capsys)
    assert code == 2 and "FILE" in err
