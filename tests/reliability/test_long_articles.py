"""Item 1: the work on one article grows linearly with its length, and every command has the one size limit."""
from __future__ import annotations

import json
import math
import random
import time

import pytest

from articles import MAX_CHARS
from geo.geometry import haversine_km
from geo.nearness import NearbyAnchors
from geo.records import GazetteerEntry
from tests.reliability.helpers import run

# Four copies of the seed per unit of length, each with other places, as the benchmark builds them.
SMALL, LARGE = 25_000, 100_000


def _long_text(chars: int) -> str:
    from benchmarks.long_articles import long_text

    return long_text(chars)


def _detect_and_resolve_seconds(geoparser, doc) -> float:
    best = math.inf
    for _ in range(2):  # the better of two runs: the machine is shared
        started = time.perf_counter()
        geoparser.resolver.resolve(doc.text, geoparser.detector.detect(doc))
        best = min(best, time.perf_counter() - started)
    return best


def test_detection_and_resolution_grow_linearly(geoparser):
    small = geoparser.nlp(_long_text(SMALL))
    large = geoparser.nlp(_long_text(LARGE))
    ratio = _detect_and_resolve_seconds(geoparser, large) / _detect_and_resolve_seconds(geoparser, small)
    # 4x the text: linear work takes about 4x; the quadratic detector took 16x and more
    assert ratio < 8, f"4x the text took {ratio:.1f}x the time"


def _entry(lat: float, lon: float, code: str = "PPL") -> GazetteerEntry:
    return GazetteerEntry(geonameid=None, name="x", lat=lat, lon=lon, country_code="XX", feature_code=code,
                          population=0, source="test")


def test_nearby_anchors_find_the_nearest_anchor_the_full_loop_finds():
    rng = random.Random(11)
    # clusters near the poles, across the antimeridian and at ordinary latitudes, plus scattered points
    centres = [(89.5, 0.0), (-89.0, 120.0), (10.0, 179.9), (10.0, -179.9), (36.0, 15.0)]
    points = [(min(90.0, max(-90.0, c[0] + rng.uniform(-3, 3))), ((c[1] + rng.uniform(-4, 4) + 180) % 360) - 180)
              for c in centres for _ in range(30)] + [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(60)]
    anchors = [(_entry(lat, lon), f"name{i % 37}") for i, (lat, lon) in enumerate(points)]
    anchors.append((_entry(36.0, 15.0, "PCLI"), "country"))  # a country never anchors
    index = NearbyAnchors(anchors, reach_km=500.0, skip_codes=frozenset({"PCLI"}))
    for lat, lon in points[::3]:
        for own in ("name0", "name5", "nobody"):
            expected = min((haversine_km(lat, lon, e.lat, e.lon) for e, text in anchors
                            if text != own and e.feature_code != "PCLI"), default=math.inf)
            got = index.nearest_km(lat, lon, other_than=own)
            assert got == (expected if expected < 500.0 else math.inf)


@pytest.fixture(scope="module")
def too_long_text() -> str:
    return "Talks in Rome on Monday. " * (MAX_CHARS // 25 + 1)


def test_timeline_dates_jsonl_refuses_a_text_over_the_limit(too_long_text):
    lines = [json.dumps({"id": "long", "text": too_long_text, "published": "2016-01-31"}),
             json.dumps({"id": "short", "text": "Talks in Rome on Monday.", "published": "2016-01-31"})]
    started = time.monotonic()
    proc = run("timeline", "dates", "--jsonl", stdin=("\n".join(lines) + "\n").encode())
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == ["short"]
    assert "line 1" in proc.stderr.decode() and "too long" in proc.stderr.decode() and proc.returncode == 1
    assert time.monotonic() - started < 60  # refused before the tagger ran over a million characters


def test_timeline_eval_dates_refuses_a_text_over_the_limit(tmp_path, too_long_text):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "long", "published": "2016-01-31", "text": too_long_text, "timexes": []}) + "\n")
    proc = run("timeline", "eval-dates", str(gold))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "too long" in err and "Traceback" not in err


def test_geo_eval_refuses_a_text_over_the_limit(tmp_path, too_long_text):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "long", "text": too_long_text, "toponyms": []}) + "\n")
    proc = run("geo", "eval", str(gold))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "too long" in err and "Traceback" not in err


def test_a_long_text_parsed_in_pieces_is_the_same_text_with_the_same_offsets(geoparser):
    from geo.long_docs import parse_long

    text = _long_text(2 * SMALL + 1234)
    doc = parse_long(geoparser.nlp, text, piece_chars=SMALL)
    assert doc.text == text
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents) and len(doc.ents) > 100
    whole = geoparser.nlp(text)
    # cut at paragraph breaks: the places found are those of the whole parse
    assert {(e.start_char, e.text) for e in doc.ents if e.label_ == "GPE"} == \
        {(e.start_char, e.text) for e in whole.ents if e.label_ == "GPE"}


def test_geo_parse_of_a_million_characters_stays_under_the_memory_target(tmp_path):
    import os
    import subprocess

    from tests.reliability.helpers import ROOT, command, env

    path = tmp_path / "long.txt"
    path.write_text(_long_text(MAX_CHARS), encoding="utf-8")
    proc = subprocess.Popen(command("geo", "parse", str(path)), cwd=ROOT, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert usage.ru_maxrss / 1024 < 1536, f"peak {usage.ru_maxrss // 1024} MiB"  # whole, spaCy took 3.2 GB
