"""The geoparser: text in, one ``PlaceMention`` per place mention out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.detect import DetectConfidence, Detector
from geo.index import Gazetteer
from geo.lexicon import Lexicon
from geo.nlp import load_nlp
from geo.records import PlaceMention
from geo.resolve import ResolveSettings, Resolver


@dataclass(frozen=True, slots=True)
class GeoparseSettings:
    demonyms: bool = False
    batch_size: int = 32
    n_process: int = 1
    supplements: tuple[Path, ...] = ()


class Geoparser:
    """Holds the model and the index; ``parse`` one text or ``parse_many`` a stream (batched NLP)."""

    def __init__(self, *, settings: GeoparseSettings | None = None, gazetteer: Gazetteer | None = None,
                 nlp=None, online=None, resolve_settings: ResolveSettings | None = None,
                 detect_confidence: DetectConfidence | None = None):
        self.settings = settings or GeoparseSettings()
        self.gazetteer = gazetteer or Gazetteer.open(supplements=self.settings.supplements)
        self.nlp = nlp or load_nlp(for_geo=True)
        self.lexicon = Lexicon(self.gazetteer)
        self.detector = Detector(lexicon=self.lexicon, demonyms=self.settings.demonyms, confidence=detect_confidence)
        self.resolver = Resolver(gazetteer=self.gazetteer, settings=resolve_settings)
        self.online = online  # an OnlineGeocoder, asked only for mentions the index could not place

    def parse_doc(self, doc) -> list[PlaceMention]:
        mentions = self.resolver.resolve(doc.text, self.detector.detect(doc), keep_unplaced=self.online is not None)
        if self.online is not None:
            mentions = [self._ask_online(m) if m.entry is None else m for m in mentions]
        return mentions

    def parse(self, text: str) -> list[PlaceMention]:
        return self.parse_doc(self.nlp(text))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[PlaceMention]]:
        for doc in self.nlp.pipe(texts, batch_size=self.settings.batch_size, n_process=self.settings.n_process):
            yield self.parse_doc(doc)

    def _ask_online(self, mention: PlaceMention) -> PlaceMention:
        entry = self.online.lookup(mention.text)
        if entry is None:
            return mention
        return PlaceMention(mention.text, mention.start, mention.end, entry, 0.5)


def parse_texts(texts: Sequence[str], **kwargs) -> list[list[PlaceMention]]:
    return list(Geoparser(settings=GeoparseSettings(**kwargs)).parse_many(texts))
