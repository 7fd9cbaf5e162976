"""Gold incident files (../shared/eval/README.md, "incidents/") read into reports with their analyses.

Analysing a few thousand reports takes minutes, and fitting or scoring the incident models needs only the
analyses: with a cache file they are kept (``timeline.analysis_json``, never pickle), keyed by the corpus file
and by the code and data that make an analysis, so a changed pipeline analyses again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Callable

from articles import InputError
from timeline.incidents.train import GoldReport

_ROOT = Path(__file__).resolve().parents[2]
# What an analysis depends on: every source and data file of these packages (but not of timeline/incidents).
_ANALYSIS_CODE = ("articles", "geo", "timeline")
_INCIDENTS = "incidents"


class GoldFileError(ValueError):
    """A line of a gold incidents file that is not of the protocol's form."""


def read_gold(path: Path) -> list[dict]:
    """The gold lines of an incidents file, checked for the keys the protocol needs."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "incident" not in row:
            raise GoldFileError(f'{path}:{n}: a gold line needs "text" and "incident"')
        rows.append(row)
    return rows


def analysis_files() -> list[Path]:
    """The source and data files an analysis depends on: those of articles, geo and timeline, less the incidents
    layer's own code and the models it fits (``train-incidents`` rewrites those: the analyses stay valid)."""
    from timeline.incidents.leads import DAY_MODEL, PLACE_MODEL
    from timeline.incidents.merging import MODEL

    fitted_here = {DAY_MODEL.resolve(), PLACE_MODEL.resolve(), MODEL.resolve()}
    return [f for package in _ANALYSIS_CODE for f in sorted((_ROOT / package).rglob("*"))
            if f.is_file() and f.suffix in (".py", ".csv", ".txt", ".ini", ".json") and "__pycache__" not in f.parts
            and _INCIDENTS not in f.relative_to(_ROOT).parts[:2] and f.resolve() not in fitted_here]


def _cache_key(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    for f in analysis_files():
        digest.update(str(f.relative_to(_ROOT)).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def _article(row: dict):
    from articles import article_from_text

    return article_from_text(row["text"], title=row.get("title") or None, url=row.get("url") or None,
                             published=row.get("published") or None)


def gold_report(row: dict, analysis) -> GoldReport:
    place = row.get("incident_place") or {}
    point = (float(place["lat"]), float(place["long"])) if place.get("lat") is not None \
        and place.get("long") is not None else None
    day = dt.date.fromisoformat(row["incident_date"]) if row.get("incident_date") else None
    block = f"topic {row['topic']}" if row.get("topic") is not None else f"{day} {place.get('state') or ''}"
    return GoldReport(str(row.get("id")), analysis, str(row["incident"]), day, point, block)


def analyse_gold(path: Path, analyse: Callable, *, cache: Path | None = None) -> list[GoldReport]:
    """Every report of the gold file with its analysis (``analyse(article)``), from ``cache`` when it was
    made from the same file and code."""
    from timeline import analysis_json

    rows = read_gold(path)
    key = _cache_key(path)
    if cache is not None and cache.exists():
        try:
            about, analyses = analysis_json.read(cache)
        except (OSError, ValueError, TypeError) as exc:
            print(f"timeline: warning: ignoring the cache {cache}: {' '.join(str(exc).split())}", file=sys.stderr)
        else:
            if about.get("key") == key and len(analyses) == len(rows):
                return [gold_report(r, a) for r, a in zip(rows, analyses)]
    analyses = []
    start = time.perf_counter()
    for n, row in enumerate(rows, 1):
        try:
            analyses.append(analyse(_article(row)))
        except InputError as exc:  # an empty or binary text: no article, so no lead (and alone)
            print(f"\n{path.name}: line {n}: no article: {exc}", file=sys.stderr)
            analyses.append(None)
        if n % 50 == 0 or n == len(rows):
            print(f"\r{path.name}: {n}/{len(rows)} articles analysed ({time.perf_counter() - start:.0f} s)",
                  end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if cache is not None:
        analysis_json.write(cache, analyses, key=key)
    return [gold_report(r, a) for r, a in zip(rows, analyses)]
