"""No file the project reads may run code (issue #18, item 1).

``geo train`` and ``geo eval --cv --cache FILE`` used to unpickle whatever FILE held, and the README put it at a
path any local user could write first: a planted pickle ran its command. The cache is JSON now, checked on
reading; a planted pickle is named in a warning and replaced, and runs nothing. The source tree is also read
for the calls that execute data (pickle, marshal, shelve, eval/exec, yaml.load).
"""
from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest

from geo.cli import main
from geo.detect import Candidate
from geo.detections import DetectedDoc, read_cache, write_cache, _CANDIDATE_TYPES
from tests.conftest import ROOT, run_cli
from tests.test_geo_ranker import TINY, tiny_corpus  # noqa: F401 - the fixture, used by name

class _Planted:
    """What an attacker leaves at the cache path: unpickling it writes ``marker``."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


@pytest.mark.parametrize("command", [["train"], ["eval", "--cv", "2"]])
def test_a_planted_pickle_at_the_cache_path_runs_nothing(tiny_corpus, tmp_path, capsys, command):
    marker = tmp_path / "pwned"
    cache = tmp_path / "geo-det.pkl"
    cache.write_bytes(pickle.dumps({"key": "whatever", "docs": _Planted(marker)}))
    extra = ["--out", str(tmp_path / "ranker-t.json")] if command == ["train"] else []
    code, _, err = run_cli(main, [command[0], str(tiny_corpus), *command[1:], *extra, "--cache", str(cache)],
                           capsys=capsys)
    assert code == 0
    assert not marker.exists()
    assert f"geo: warning: ignoring the cache {cache}" in err
    # Replaced by a JSON cache of the documents just parsed, which the next run reads back.
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["format"] == "newsmap-geo-detections" and len(kept["docs"]) == len(TINY)


def test_the_cache_round_trips_every_candidate_field(tmp_path):
    docs = [DetectedDoc("c", "1", "In Valence, France.", ({"start": 3, "end": 10, "phrase": "Valence"},),
                        (Candidate(3, 10, "Valence", "ner", 0.9, label="GPE", sentence_initial=False),
                         Candidate(12, 18, "France", "demonym", 1, country="FR", region="FR.11",
                                   sentence_initial=True)))]
    cache = tmp_path / "det.json"
    write_cache(cache, "k1", docs)
    assert read_cache(cache, "k1") == docs
    assert read_cache(cache, "another key") is None  # made from other sources: parse again
    assert set(_CANDIDATE_TYPES) == set(Candidate.__dataclass_fields__)


@pytest.mark.parametrize("content", [
    b"\x80\x04not json",
    b'{"format": "newsmap-geo-detections", "version": 1, "key": "k", "docs": {}}',
    b'{"format": "newsmap-geo-detections", "version": 1, "key": "k", "docs": [{"corpus": "c", "doc_id": "1", '
    b'"text": "t", "toponyms": [], "candidates": [{"start": true}]}]}',
    b'{"format": "newsmap-geo-detections", "version": 1, "key": "k", "docs": [{"corpus": "c", "doc_id": "1", '
    b'"text": "t", "toponyms": [], "candidates": [{"start": 0, "end": 1, "text": "t", "origin": "ner", '
    b'"confidence": "high", "country": null, "region": null, "label": "", "sentence_initial": false}]}]}',
    b'{"format": "something else", "version": 1, "key": "k", "docs": []}',
])
def test_a_cache_of_another_shape_is_refused_by_name(tmp_path, capsys, content):
    cache = tmp_path / "det.json"
    cache.write_bytes(content)
    assert read_cache(cache, "k") is None
    err = capsys.readouterr().err
    assert err.startswith(f"geo: warning: ignoring the cache {cache}: ") and err.count("\n") == 1


# Calls that turn data into running code. A module may mention them in prose; no code may call them.
_CODE_FROM_DATA = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"), ("marshal", "loads"),
                   ("shelve", "open"), ("yaml", "load"), ("yaml", "unsafe_load"), ("dill", "load"),
                   ("joblib", "load")}


def _source_files():
    for folder in ("articles", "geo", "timeline", "dashboard", "benchmarks", "scripts"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_module_of_the_project_runs_code_from_data():
    found = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in {"eval", "exec"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {f.id}()")
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
                        and (f.value.id, f.attr) in _CODE_FROM_DATA:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {f.value.id}.{f.attr}()")
                elif isinstance(f, ast.Attribute) and f.attr == "load" and any(
                        kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
                        for kw in node.keywords):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} load(allow_pickle=...)")
    assert found == []
