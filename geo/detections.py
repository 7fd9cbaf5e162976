"""Detected spans of evaluation corpora, kept on disk so training and cross-validation parse each text once.

spaCy is the slow part of the geoparse; the ranker only needs what detection produced. ``detect_corpora``
runs the geoparser's own NLP and ``Detector`` over every document and, given a cache file, stores the
candidates there (pickle), keyed by everything that could change them: the corpus files, the detection code
and the demonyms flag. A changed key re-parses; a cache is never trusted across a change.
"""
from __future__ import annotations

import hashlib
import pickle
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
        with cache.open("rb") as fh:
            stored = pickle.load(fh)
        if stored.get("key") == key:
            return stored["docs"]
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
        with cache.open("wb") as fh:
            pickle.dump({"key": key, "docs": docs}, fh)
    return docs
