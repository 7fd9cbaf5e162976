"""One article to its events and actors.

``pipeline`` loads spaCy, the gazetteer and the tagger once and turns an article into an ``Analysis``
(``EventExtractor``); ``clauses`` cuts a sentence into clauses; ``dating`` says when each clause's happening
took place (all the rules of "when did this happen"); ``types`` (with its word classes in ``type_lexicon``) what
kind of happening it is; ``actors`` who acts; ``boilerplate`` what in an article is not news; ``covered`` which
offsets a set of spans covers; ``factuality`` whether a clause asserts, negates or supposes its happening;
``lead`` which event is the article's main happening.

``from timeline.events import analyse_article`` works; the names are loaded on first use, so that importing a
submodule (``timeline.events.type_lexicon``) does not load the whole pipeline.
"""
from __future__ import annotations

__all__ = ["EventExtractor", "Pipeline", "analyse_article", "default_pipeline"]


def __getattr__(name: str):
    if name in __all__:
        from timeline.events import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'timeline.events' has no attribute {name!r}")
