"""Shared fixtures: the real spaCy model and the real gazetteer index, loaded once per test session."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "libya-channel-2016-01-31.md"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def gazetteer():
    from geo.index import Gazetteer

    return Gazetteer.open(quiet=True)


@pytest.fixture(scope="session")
def geoparser(gazetteer):
    from geo.parser import GeoparseSettings, Geoparser

    return Geoparser(settings=GeoparseSettings(demonyms=True), gazetteer=gazetteer)


@pytest.fixture(scope="session")
def seed_text() -> str:
    from articles import split_front_matter

    return split_front_matter(SEED.read_text(encoding="utf-8"))[1]


def run_cli(main, argv, *, capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """A ``python -m ...`` command in-process: its exit code, stdout and stderr (stdin given as text)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err
