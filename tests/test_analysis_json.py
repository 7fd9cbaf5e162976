"""Analyses as JSON (timeline.analysis_json): a real analysis round-trips; a file naming anything but the
record classes is refused, so a planted cache cannot run code."""
from __future__ import annotations

import pytest

from articles import article_from_text
from timeline import analysis_json


@pytest.fixture(scope="module")
def analysis(geoparser):
    from timeline.events import Pipeline

    article = article_from_text("Kenyan police arrested forty smugglers in Mombasa on Monday.", title="Arrests",
                                published="2020-05-06")
    return Pipeline(geoparser=geoparser).analyse(article)


def test_a_real_analysis_round_trips(tmp_path, analysis):
    assert analysis.events and analysis.places and analysis.timexes
    path = tmp_path / "a.json"
    analysis_json.write(path, [analysis], corpus="test")
    about, records = analysis_json.read(path)
    assert about == {"corpus": "test"} and records == (analysis,)
    assert analysis_json.loads(analysis_json.dumps(analysis)) == analysis


@pytest.mark.parametrize("text,message", [
    ('{"__record__": "Popen", "args": ["touch", "x"]}', "unknown record 'Popen'"),
    ('{"__record__": "Actor", "name": "x", "kind": "group", "__class__": 1}', "Actor has no field '__class__'"),
])
def test_only_the_record_classes_and_their_fields_are_built(text, message):
    with pytest.raises(ValueError, match=message):
        analysis_json.loads(text)


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "something", "records": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an analyses file"):
        analysis_json.read(path)
