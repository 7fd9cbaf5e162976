"""The detector's confidences and the resolver's weights are settings passed in, not numbers inside the code."""
from __future__ import annotations

import pytest

from geo.detect import DetectConfidence, Detector
from geo.lexicon import Lexicon
from geo.nlp import load_nlp
from geo.resolve import ResolveSettings


def test_detector_confidences_are_the_settings_passed_in(gazetteer):
    doc = load_nlp(for_geo=True)("Rival militias clashed in Sirte on Sunday.")
    lexicon = Lexicon(gazetteer)
    (default,) = [c for c in Detector(lexicon=lexicon).detect(doc) if c.text == "Sirte"]
    (lowered,) = [c for c in Detector(lexicon=lexicon, confidence=DetectConfidence(ner=0.42)).detect(doc)
                  if c.text == "Sirte"]
    assert default.origin == lowered.origin == "ner"
    assert (default.confidence, lowered.confidence) == (DetectConfidence().ner, 0.42)


@pytest.mark.parametrize("settings", [ResolveSettings, DetectConfidence])
def test_settings_are_keyword_only_and_frozen(settings):
    with pytest.raises(TypeError):
        settings(0.5)
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError is an AttributeError
        setattr(settings(), next(iter(settings.__dataclass_fields__)), 0.5)
