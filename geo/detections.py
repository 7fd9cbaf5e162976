"""Detected spans of evaluation corpora, kept on disk so training and cross-validation parse each text once.

spaCy is the slow part of the geoparse; the ranker only needs what detection produced. ``detect_corpora``
runs the geoparser's own NLP and ``Detector`` over every document and, given a cache file, stores the
candidates there, keyed by everything that could change them: the corpus files, the detection code and the
demonyms flag. A changed key re-parses; a cache is never trusted across a change.

The cache is JSON, checked field by field on reading, never pickle: a cache path is often a shared place like
/tmp, and a pickle planted there by someone else would run their code in ours. A file that is not a cache of
this shape is reported in one line and replaced.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from geo.detect import Candidate
from geo.evaluate import read_corpus

_CODE = ("detect.py", "lexicon.py", "nlp.py", "names.py", "index.py", "sources.py")


@dataclass(frozen=True, slots=True)
class DetectedDoc:
    """One gold document with the candidates detection found in its text."""

    corpus: str
    doc_id: str
    text: str
    toponyms: tuple[dict, ...]  # the gold records, as the corpus line gives them
    candidates: tuple[Candidate, ...]


def _cache_key(paths: list[Path], demonyms: bool) -> str:
    digest = hashlib.sha256(f"demonyms={demonyms}".encode())
    here = Path(__file__).parent
    for path in [*paths, *(here / name for name in _CODE)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def detect_corpora(paths: list[Path], geoparser, *, cache: Path | None = None) -> list[DetectedDoc]:
    """Every document of the corpora with its candidates, from ``cache`` when it was made from the same sources."""
    paths = [Path(p) for p in paths]
    key = _cache_key(paths, geoparser.detector.demonyms)
    if cache is not None and cache.exists():
        docs = read_cache(cache, key)
        if docs is not None:
            return docs
    docs: list[DetectedDoc] = []
    for path in paths:
        corpus = read_corpus(path)
        for n, doc in enumerate(geoparser.nlp.pipe((d["text"] for d in corpus), batch_size=32), start=1):
            gold = corpus[n - 1]
            docs.append(DetectedDoc(path.stem, str(gold.get("id", n)), gold["text"], tuple(gold["toponyms"]),
                                    tuple(geoparser.detector.detect(doc))))
            if n % 25 == 0 or n == len(corpus):
                print(f"\r{path.stem}: {n}/{len(corpus)} documents parsed", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    if cache is not None:
        write_cache(cache, key, docs)
    return docs


_FORMAT = "newsmap-geo-detections"
_VERSION = 1
# Each Candidate field with the JSON types its value may take (None only where the field is optional).
_CANDIDATE_TYPES: dict[str, tuple[type, ...]] = {
    "start": (int,), "end": (int,), "text": (str,), "origin": (str,), "confidence": (int, float),
    "country": (str, type(None)), "region": (str, type(None)), "label": (str,), "sentence_initial": (bool,),
}


class CacheFormatError(ValueError):
    """A cache file that is not a detections cache of this version."""


def write_cache(cache: Path, key: str, docs: list[DetectedDoc]) -> None:
    """Write ``docs`` to ``cache`` as JSON (through a temporary file, so a killed run leaves no half cache)."""
    data = {"format": _FORMAT, "version": _VERSION, "key": key,
            "docs": [{"corpus": d.corpus, "doc_id": d.doc_id, "text": d.text, "toponyms": list(d.toponyms),
                      "candidates": [{name: getattr(c, name) for name in _CANDIDATE_TYPES} for c in d.candidates]}
                     for d in docs]}
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    finally:
        tmp.unlink(missing_ok=True)


def read_cache(cache: Path, key: str) -> list[DetectedDoc] | None:
    """The documents kept in ``cache`` for ``key``; None when it was made from other sources, or is no cache
    of this shape at all (said in one line on stderr; the caller parses again and overwrites it)."""
    try:
        data = json.loads(cache.read_bytes())
        if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("version") != _VERSION:
            raise CacheFormatError("not a detections cache of this version")
        if data.get("key") != key:
            return None
        return [_doc(d) for d in _list(data.get("docs"), "docs")]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, CacheFormatError) as exc:
        print(f"geo: warning: ignoring the cache {cache}: {' '.join(str(exc).split())}", file=sys.stderr)
        return None


def _list(value, what: str) -> list:
    if not isinstance(value, list):
        raise CacheFormatError(f"{what} is not a list")
    return value


def _doc(d) -> DetectedDoc:
    if not isinstance(d, dict):
        raise CacheFormatError("a document is not an object")
    for name in ("corpus", "doc_id", "text"):
        if not isinstance(d.get(name), str):
            raise CacheFormatError(f"a document's {name} is not a string")
    toponyms = _list(d.get("toponyms"), "toponyms")
    if not all(isinstance(t, dict) for t in toponyms):
        raise CacheFormatError("a toponym is not an object")
    return DetectedDoc(d["corpus"], d["doc_id"], d["text"], tuple(toponyms),
                       tuple(_candidate(c) for c in _list(d.get("candidates"), "candidates")))


def _candidate(c) -> Candidate:
    if not isinstance(c, dict) or set(c) != set(_CANDIDATE_TYPES):
        raise CacheFormatError("a candidate does not have the fields of Candidate")
    for name, types in _CANDIDATE_TYPES.items():
        value = c[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise CacheFormatError(f"a candidate's {name} is of the wrong type")
    return Candidate(**c)
