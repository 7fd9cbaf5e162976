"""The article's focus as each name sees it: the country and state votes of every other name.

A name never votes for itself (``Resolver._focus``), so each distinct name needs the votes of all the others.
Summing them afresh for every name made a long article with many distinct names quadratic (100,000
characters naming 9,000 towns: minutes). The article's totals are counted once, and each name's view is those
totals less its own vote (one country, at most one state). The votes are multiples of 0.5 (``ResolveSettings``
``area_focus_vote``, ``town_focus_vote``; a state vote is 1.0), so every sum and difference is exact in
floating point, whatever the order: the same numbers the sum over the other names gave.
"""
from __future__ import annotations

from collections import Counter


class FocusVotes:
    """``countries``: name key -> Counter(country code: vote); ``admin1``: name key ->
    Counter((country code, admin1 code): 1.0), as ``Resolver._focus`` counts them."""

    def __init__(self, countries: dict[str, Counter], admin1: dict[str, Counter]):
        self._countries, self._admin1 = countries, admin1
        self._country_totals: Counter = Counter()
        for votes in countries.values():
            self._country_totals.update(votes)
        self._state_totals: Counter = Counter()
        for votes in admin1.values():
            self._state_totals.update(votes)
        self._in_country_totals: Counter = Counter()  # state votes per country
        for (cc, _), vote in self._state_totals.items():
            self._in_country_totals[cc] += vote
        self._all = sum(self._country_totals.values())

    def others_for(self, key: str) -> "OtherVotes":
        return OtherVotes(self, self._countries.get(key, Counter()), self._admin1.get(key, Counter()))


class OtherVotes:
    """The votes of every name but one."""

    def __init__(self, votes: FocusVotes, own_countries: Counter, own_states: Counter):
        self._votes, self._own_countries, self._own_states = votes, own_countries, own_states
        self.total = votes._all - sum(own_countries.values())

    def country(self, cc: str) -> float:
        return self._votes._country_totals[cc] - self._own_countries[cc]

    def state(self, cc: str, admin1: str) -> float:
        return self._votes._state_totals[(cc, admin1)] - self._own_states[(cc, admin1)]

    def in_country(self, cc: str) -> float:
        """All the state votes in one country."""
        own = sum(v for (c, _), v in self._own_states.items() if c == cc)
        return self._votes._in_country_totals[cc] - own
