"""The tagger's rules: ``base`` holds the registry and the rule record, the other modules register rules
when imported (``timeline.timex.engine`` imports them on first use)."""
