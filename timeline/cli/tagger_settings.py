"""``--setting KEY=VALUE``, the tagger's settings as the ``dates`` and ``eval-dates`` commands take them."""
from __future__ import annotations

from timeline.errors import UsageError
from timeline.timex.settings import SETTINGS, SettingsError, TimexSettings

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def tagger_settings(pairs: list[str]) -> TimexSettings:
    """The tagger's settings from ``--setting KEY=VALUE`` flags; ``UsageError`` naming a bad one."""
    out = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep:
            raise UsageError(f"--setting {pair!r}: expected KEY=VALUE")
        kind = SETTINGS.get(key, (str,))[0]
        if kind is bool:
            flag = raw.strip().lower()
            if flag not in _TRUE | _FALSE:
                raise UsageError(f"--setting {key}: expected true or false, got {raw!r}")
            out[key] = flag in _TRUE
        else:
            out[key] = raw
    try:
        return TimexSettings.from_mapping(out)
    except SettingsError as e:
        raise UsageError(str(e)) from None
