"""Timeline: the dates and events of news articles, and where they are kept (the rooms are listed in
docs/architecture.md: ``records``, ``query``, ``timex/``, ``events/``, ``store/``, ``dataset/``, ``corpus/``,
``imports/``, ``evaluation/``, ``cli/``).

``from timeline import tag_dates, Timex`` works; the names are loaded on first use so that
``python -m timeline --help`` does not pay for the tagger's rule compilation.
"""
from __future__ import annotations

__all__ = ["tag_dates", "tag_doc", "Timex", "TimexSettings"]


def __getattr__(name: str):
    if name in ("tag_dates", "tag_doc", "Timex"):
        from timeline import timex

        return getattr(timex, name)
    if name == "TimexSettings":
        from timeline.timex.settings import TimexSettings

        return TimexSettings
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
