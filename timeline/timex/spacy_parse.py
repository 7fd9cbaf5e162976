"""Optional spaCy parse for the tagger (tense from POS tags). Loaded lazily: importing spaCy and a model
costs about a second, which the regex-only path never pays."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def load(model: str):
    import spacy

    # Only the tagger is needed for tense; the parser and NER are the slow parts.
    return spacy.load(model, exclude=["parser", "ner"])


def parse(text: str, model: str):
    return load(model)(text)
