"""The geo error model: one root, each error also the builtin it means, importable where it always was."""
from __future__ import annotations

import pytest

from geo import exc
from geo.index import Gazetteer


@pytest.mark.parametrize("error,builtin", [
    (exc.GazetteerError, RuntimeError),
    (exc.SupplementError, ValueError),
    (exc.SupplementNotFound, FileNotFoundError),
    (exc.ModelNotInstalled, RuntimeError),
    (exc.CorpusError, ValueError),
    (exc.GeocoderServiceError, ConnectionError),
    (exc.GeocoderAnswerError, ValueError),
])
def test_each_error_is_a_geo_error_and_its_builtin(error, builtin):
    assert issubclass(error, exc.GeoError) and issubclass(error, builtin)


def test_names_importable_from_their_old_places():
    from geo.evaluate import CorpusError
    from geo.nlp import ModelNotInstalled

    assert CorpusError is exc.CorpusError and ModelNotInstalled is exc.ModelNotInstalled


def test_missing_index_file_is_a_gazetteer_error(tmp_path):
    with pytest.raises(exc.GazetteerError, match="cannot open the gazetteer index"):
        Gazetteer(tmp_path / "no-such-index.sqlite")


def test_a_file_that_is_no_index_is_a_gazetteer_error(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(exc.GazetteerError):
        Gazetteer(path)


def test_missing_supplement_is_still_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="supplement file not found"):
        Gazetteer.open(cache_dir=tmp_path, supplements=[tmp_path / "places.csv"])


def test_malformed_supplement_names_file_and_line(tmp_path):
    from geo.sources import supplement

    path = tmp_path / "bad.csv"
    path.write_text("name,aliases,feature_code,country_code,lat,lon\nSomewhere,,RGN,LY,95,15\n", encoding="utf-8")
    with pytest.raises(exc.SupplementError, match=r"bad\.csv:2: lat/lon out of range"):
        list(supplement(path))


def test_online_answer_without_coordinates_is_an_answer_error():
    from geo.online import entry_from_nominatim

    with pytest.raises(exc.GeocoderAnswerError, match="no usable coordinates"):
        entry_from_nominatim({"lon": "13.1", "class": "place", "type": "city"}, fallback_name="Tripoli")
