"""The tagger's rules: ``base`` holds the registry and the rule record, ``example`` the examples each rule
carries; ``absolute``, ``relative`` and ``duration`` register their rules when imported
(``timeline.timex.engine`` imports them on first use)."""
