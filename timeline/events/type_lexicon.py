"""The word classes of the event types, read from data/plover_types.ini (see its header for the keys)."""
from __future__ import annotations

import configparser
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent.parent / "data" / "plover_types.ini"  # timeline/data/, beside the other curated tables

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATEMENT, OTHER = "STATEMENT", "OTHER"
EVENT_TYPES = PLOVER_TYPES + (STATEMENT, OTHER)
FRAMES = ("intent", "intent_adjectives", "refusal", "threat", "demand", "failure", "obligation", "ease", "raise",
          "stop", "happen", "motion", "light", "future", "harm", "toll", "wield", "weapon")


@dataclass(frozen=True, slots=True)
class TypeLexicon:
    """The word classes of data/plover_types.ini, indexed by lemma; ``frames`` maps a frame to its verbs."""

    verbs: dict[str, str]
    nouns: dict[str, str]
    phrases: dict[tuple[str, str], str]
    definitions: dict[str, str]
    frames: dict[str, frozenset[str]]


def _words(section, key) -> list[str]:
    return section.get(key, "").split()


def _index(parser, key: str, path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in EVENT_TYPES:
        if not parser.has_section(name):
            continue
        for word in _words(parser[name], key):
            if out.get(word, name) != name:
                raise ValueError(f"{path}: {key[:-1]} {word!r} is listed under both {out[word]} and {name}")
            out[word] = name
    return out


@lru_cache(maxsize=1)
def lexicon(path: Path = DATA) -> TypeLexicon:
    """The word classes, indexed; a word under two types, or an unknown section or frame, is refused."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",), inline_comment_prefixes=None)
    if not parser.read(path, encoding="utf-8"):
        raise ValueError(f"{path}: cannot read the event type classes")
    unknown = [s for s in parser.sections() if s not in EVENT_TYPES and s != "frames"]
    if unknown:
        raise ValueError(f"{path}: unknown section(s) {', '.join(unknown)}; expected PLOVER types or [frames]")
    frames = parser["frames"] if parser.has_section("frames") else {}
    unknown = [k for k in frames if k not in FRAMES]
    if unknown:
        raise ValueError(f"{path}: unknown frame(s) {', '.join(unknown)}; expected {', '.join(FRAMES)}")
    phrases: dict[tuple[str, str], str] = {}
    for name in EVENT_TYPES:
        if parser.has_section(name):
            for phrase in parser[name].get("phrases", "").split(","):
                words = tuple(phrase.split())
                if not words:
                    continue
                if len(words) != 2:
                    raise ValueError(f"{path}: [{name}] phrase {phrase.strip()!r}: expected two words")
                if phrases.get(words, name) != name:
                    raise ValueError(f"{path}: phrase {' '.join(words)!r} is listed under both {phrases[words]} "
                                     f"and {name}")
                phrases[words] = name
    return TypeLexicon(
        verbs=_index(parser, "verbs", path), nouns=_index(parser, "nouns", path), phrases=phrases,
        definitions={n: " ".join(parser[n].get("definition", "").split()) for n in EVENT_TYPES if parser.has_section(n)},
        frames={k: frozenset(_words(frames, k)) for k in FRAMES})
