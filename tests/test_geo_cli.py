"""``python -m geo`` run in-process: the contract of README.md and every kind of bad input."""
from __future__ import annotations

import json
import re
import sys

import pytest

from geo import feature_codes as fc
from geo.cli import main
from tests.conftest import SEED, run_cli

PLACE_KEYS = {"text", "start", "end", "name", "lat", "lon", "country_code", "geonameid", "feature_code", "score",
              "source"}


def run(argv, stdin: str | None = None, monkeypatch=None, capsys=None):
    return run_cli(main, argv, capsys=capsys, stdin=stdin, monkeypatch=monkeypatch)


def test_parse_file_prints_place_records(monkeypatch, capsys):
    code, out, err = run(["parse", str(SEED), "--published", "2016-01-31", "--demonyms"], None, monkeypatch, capsys)
    assert code == 0
    places = json.loads(out)["places"]
    assert places and all(set(p) == PLACE_KEYS for p in places)
    by_text = {p["text"]: p for p in places}
    assert by_text["Sirte"]["country_code"] == "LY" and isinstance(by_text["Sirte"]["geonameid"], int)
    assert by_text["Libyan"]["feature_code"] == fc.COUNTRY


def test_demonyms_only_with_the_flag(monkeypatch, capsys):
    code, out, _ = run(["parse", str(SEED)], None, monkeypatch, capsys)
    assert code == 0
    assert "Libyan" not in {p["text"] for p in json.loads(out)["places"]}


def test_jsonl_reports_bad_lines_and_goes_on(monkeypatch, capsys):
    lines = "\n".join([
        json.dumps({"id": "a", "text": "Clashes in Sirte and Tripoli."}),
        "{not json",
        json.dumps({"id": "b", "text": "Nothing here."}),
        json.dumps({"id": "c", "text": "Talks in Rome.", "published": "2016-13-45"}),
        json.dumps({"id": "d", "text": "The Mosul offensive began."}),
    ]) + "\n"
    code, out, err = run(["parse", "--jsonl"], lines, monkeypatch, capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "d"]
    assert {p["text"] for p in rows[0]["places"]} == {"Sirte", "Tripoli"}
    assert rows[1]["places"] == []
    assert "line 2" in err and "line 4" in err and "2016-13-45" in err
    assert code == 1  # some lines were bad


@pytest.mark.parametrize("argv,needle", [
    (["parse", str(SEED), "--published", "31/01/2016"], "invalid --published"),
    (["parse", str(SEED), "--bogus"], "unrecognized arguments"),
    (["parse"], "either FILE or --jsonl"),
    (["parse", "/nonexistent/article.txt"], "no such file"),
])
def test_usage_errors_exit_2_with_one_line(argv, needle, monkeypatch, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits itself for unknown flags
        code = exc.code
    _, err = capsys.readouterr()
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content,needle", [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("Sirte était calme".encode("latin-1"), "not UTF-8"),
    (b"Sirte. " * 1_500_000, "too long"),
])
def test_bad_files(tmp_path, content, needle, monkeypatch, capsys):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    code, out, err = run(["parse", str(path)], None, monkeypatch, capsys)
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1


def test_text_with_no_places(tmp_path, monkeypatch, capsys):
    path = tmp_path / "none.txt"
    path.write_text("The committee met and agreed on nothing at all.", encoding="utf-8")
    code, out, err = run(["parse", str(path)], None, monkeypatch, capsys)
    assert code == 0 and json.loads(out) == {"places": []}
    assert "no places" in err


def test_user_supplement_adds_a_place(tmp_path, monkeypatch, capsys):
    supplement = tmp_path / "newsroom.csv"
    supplement.write_text(
        "name,aliases,feature_code,country_code,lat,lon,geonameid,importance,source\n"
        "Camp Zarnovia,Zarnovia Camp,MILB,LY,30.5,15.5,,4,our reporter\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Fighters gathered at Camp Zarnovia near Sirte.", encoding="utf-8")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    code, out, _ = run(["parse", str(article), "--supplement", str(supplement)], None, monkeypatch, capsys)
    assert code == 0
    found = {p["text"]: p for p in json.loads(out)["places"]}
    assert found["Camp Zarnovia"]["lat"] == 30.5 and found["Camp Zarnovia"]["source"] == "user:newsroom.csv"


def test_malformed_supplement_is_named(tmp_path, monkeypatch, capsys):
    supplement = tmp_path / "bad.csv"
    supplement.write_text("name,aliases,feature_code,country_code,lat,lon\nSomewhere,,RGN,LY,north,15\n")
    article = tmp_path / "a.txt"
    article.write_text("Sirte.", encoding="utf-8")
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    code, out, err = run(["parse", str(article), "--supplement", str(supplement)], None, monkeypatch, capsys)
    assert code == 2 and "bad.csv:2" in err and "lat/lon" in err


# -- the error model: one line in argparse's format; exit 2 only for what the user got wrong ----------------
ERROR_LINE = re.compile(r"python -m geo( \w+)?: error: \S.*\n")


@pytest.mark.parametrize("argv", [
    ["parse", str(SEED), "--published", "31/01/2016"],  # articles.InputError
    ["parse", "/nonexistent/article.txt"],
    ["parse", str(SEED), "--bogus"],  # argparse's own
    ["eval", "/nonexistent/corpus.jsonl"],  # CorpusError
    ["index", "--supplement", "/nonexistent/places.csv"],  # SupplementNotFound
])
def test_every_usage_error_is_one_line_in_argparse_format(argv, monkeypatch, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits itself
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert ERROR_LINE.fullmatch(err), err


def test_malformed_corpus_is_a_usage_error_naming_its_line(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "Sirte.", "toponyms": []}) + "\n{\"id\": \"b\"}\n",
                      encoding="utf-8")
    code, out, err = run(["eval", str(corpus)], None, monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"python -m geo: error: {corpus}:2: not a corpus line") and err.count("\n") == 1


def test_an_index_that_cannot_be_built_exits_1_with_one_line(tmp_path, monkeypatch, capsys):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("GEO_CACHE_DIR", str(not_a_folder))
    code, out, err = run(["index"], None, monkeypatch, capsys)
    assert code == 1 and out == ""
    *progress, last = err.splitlines()  # the build announces itself first
    assert last.startswith("python -m geo: error: cannot build the gazetteer index") and str(not_a_folder) in last


def test_an_internal_value_error_is_a_bug_not_a_usage_error(monkeypatch, capsys):
    # A ValueError raised deep inside the geoparser is no fault of the user's: it must reach the caller (a
    # traceback and exit 1 from ``python -m geo``), not pass for a usage error with exit 2.
    from geo.resolve import Resolver

    def broken(self, text, cands, **options):
        raise ValueError("an internal bug")

    monkeypatch.setattr(Resolver, "resolve", broken)
    with pytest.raises(ValueError, match="an internal bug"):
        main(["parse", str(SEED)])
    assert capsys.readouterr().err == ""
