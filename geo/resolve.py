"""Resolution: choose, for each detected span, the gazetteer entry it means, or none.

Each reading of a mention is described by features (``geo.features``): the kind of place and its population
(``place_kinds.prior``, the table detection reads too), how well the name matches, the article's country
focus (countries, demonyms and states it mentions), "X, Y" / "X in Y" hints ("Aleppo in Syria"), a state
or country named elsewhere in the mention's sentence or in the article's dateline (``geo.context``), and
closeness to the other places of the article. A ranker (``geo.ranker``) weighs them into one score: by
default the model fitted on the dev corpora (geo/data/ranker-v2.json, ``python -m geo train``); the hand
weights of ``ResolveSettings`` are ``hand_ranker(settings)``. Rounds: the first resolves with priors and
hints alone, the next add the focus and closeness measured on the previous one. A best score under the
ranker's ``min_score`` abstains (null coordinates). Last, the keep/drop model of spans (``geo.keeper``,
geo/data/keep-v2.json) drops the resolved spans it finds unlikely to be places at all.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from geo import feature_codes as fc
from geo.context import dateline_container, sentence_ids
from geo.detect import Candidate
from geo.features import all_capitals, static_features
from geo.focus_votes import FocusVotes, OtherVotes
from geo.geometry import haversine_km
from geo.index import Gazetteer
from geo.keeper import Keeper, load_keeper
from geo.names import name_key
from geo.nearness import NearbyAnchors
from geo.place_kinds import country_prior, prior
from geo.ranker import Ranker, hand_ranker, load_ranker
from geo.records import GazetteerEntry, PlaceMention
from geo.span_features import spans_features


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveSettings:
    """The resolver's constants, on the scale of the priors (``place_kinds``: log10 of a population).

    The weights (bonuses, penalties, focus weights) are the hand ranker's (``geo.ranker.hand_ranker``); a
    fitted ranker brings its own and uses only the reaches, thresholds and counts here. The rules those
    drive were each switched off and the models refitted (--cv 5, keeper threshold 0.15, pooled acc@161 79.8):
    one sense per article -0.1, every choice anchoring nearness (anchor_margin 0) -0.4, a town's focus vote
    as strong as a country's -0.2; close pairs counted only in a country with half the focus (a former
    pair_country_share gate) 0.0, so that gate went: the fitted country_focus keeps Essex's Manchester.
    """

    min_score: float = 2.5  # below this the best reading is a guess: abstain (null coordinates) rather than place it
    exact_form_bonus: float = 0.7  # the mention spells a name exactly as the gazetteer does ("Sirte", not "SIRTE")
    own_name_bonus: float = 0.5  # the mention is the entry's main name (or it plus " City"), not an alternate
    alternate_name_penalty: float = -0.5  # matched only through an alternate name ("Med" for Madinah)
    country_namesake_penalty: float = -3.0  # "Mexico": the capital or a town of a country's own name yields
    country_focus_weight: float = 3.0  # all the other names in one country add this much to readings there
    admin1_focus_weight: float = 2.5  # all the other names of a country in one state add this much there
    area_focus_vote: float = 1.0  # a country, state or demonym says which country an article is about
    town_focus_vote: float = 0.5  # a town says it only half as surely (it may be a namesake)
    hint_bonus: float = 6.0  # "Aleppo, Syria": a reading inside the named container
    hint_conflict: float = -2.0  # a reading outside it
    admin1_reach_km: float = 600.0  # a state without a code contains what lies this near its point
    county_pair_bonus: float = 4.0  # "Paris" with "Henry County": the town in that county, and that county
    pair_km: float = 40.0  # two names with readings this close to each other support those readings
    pair_bonus: float = 1.5  # per other name nearby...
    pair_max_neighbours: int = 2  # ...counting at most this many
    pair_reach: float = 2.0  # only readings within this much of the name's best static score pair up
    pair_cell_degrees: float = 0.5  # the grid the close pairs are looked up in (a cell and its 8 neighbours)
    pair_city_population: int = 100_000  # a name whose best reading is this big is no small town to pair
    max_rounds: int = 3  # focus rounds after the first, each run only while a choice still changes
    focus_pseudo_count: float = 0.5  # a lone other place is weaker evidence of focus than many
    anchor_margin: float = 1.0  # a choice this far ahead of its runner-up anchors the nearness of others
    near_km: tuple[tuple[float, float], ...] = ((50, 2.0), (200, 1.5), (500, 0.75))  # (within km, bonus)
    lone_option_margin: float = 5.0  # the margin of a name with one reading: sure, as if 5 ahead
    one_sense_slack: float = 1.0  # a mention takes its name's article-wide reading if it scores this near min_score
    full_score_at: float = 6.0  # a best score of this (a state's prior) gives a mention its full confidence
    sentence_reach_chars: int = 200  # a state or country named this near in the same sentence is its context
    sure_margin: float = 50.0  # the logistic of a margin this large is 1.0 in floating point: skip it


_VARIANT_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|ash)[- ]", re.IGNORECASE)
_VARIANT_SUFFIX = re.compile(
    r"\s+(?:city|province|governorate|region|district|state|town|village|island|base|air base|airbase)$",
    re.IGNORECASE,
)
# Places that contain others: "X, Syria", "X in Ohio" are hints; their names are no small town's.
_CONTAINERS = frozenset({fc.COUNTRY, fc.STATE, fc.CONTINENT})
_COUNTRY_OR_STATE = frozenset({fc.COUNTRY, fc.STATE})
_TOO_LARGE_TO_BE_NEAR = frozenset({fc.COUNTRY, fc.CONTINENT})  # nearness to a point means nothing for them
_TOO_LARGE_TO_ANCHOR = frozenset({fc.COUNTRY, fc.CONTINENT, fc.STATE})


@dataclass
class _Slot:
    cand: Candidate
    options: list[tuple[GazetteerEntry, float]]  # entry, static score by the hand weights (prior + name match)
    static: list[dict[str, float]] = field(default_factory=list)  # per option, its static features
    base: list[float] = field(default_factory=list)  # per option, the ranker's score of its static features
    chosen: GazetteerEntry | None = None
    best: float = 0.0
    margin: float = 0.0
    hint: GazetteerEntry | None = field(default=None)
    # states and countries named elsewhere in the mention's sentence, and the one its article's dateline names
    in_sentence: list[GazetteerEntry] = field(default_factory=list)
    dateline: GazetteerEntry | None = None
    paired: set[int] = field(default_factory=set)  # id() of options whose county (or town) is also named
    neighbours: dict[int, int] = field(default_factory=dict)  # id() of option -> other names placed nearby
    scored: list[tuple[float, GazetteerEntry]] = field(default_factory=list)
    option_scores: list[float] = field(default_factory=list)  # per option, its score in the last round
    features: list[dict[str, float]] = field(default_factory=list)  # per option, all its features, last round
    # the state written after the name and a comma ("Howland, Ohio"), and the test of a reading by it
    # (``Resolver._held_by_its_state``)
    state: GazetteerEntry | None = None
    held: object = None


def _container(slot: _Slot) -> GazetteerEntry | None:
    """The state or country a mention names, when its best reading by name alone is one."""
    if not slot.options:
        return None
    best = max(slot.options, key=lambda o: o[1])[0]
    return best if best.feature_code in _COUNTRY_OR_STATE else None


@dataclass(frozen=True, slots=True)
class Reading:
    """One candidate reading of a mention after the last round: its features and the ranker's score."""

    entry: GazetteerEntry
    features: dict[str, float]
    score: float


_SHIPPED = object()  # the keeper default: the shipped keep/drop model, with the shipped ranker only


class Resolver:
    """``ranker``: the fitted default model when None; given ``settings`` alone, their hand weights.

    ``keeper``: the keep/drop model of spans (``geo.keeper``). By default the shipped one, and only with the
    shipped ranker (its features include the ranker's scores); None keeps every span.
    """

    def __init__(self, *, gazetteer: Gazetteer, settings: ResolveSettings | None = None, ranker: Ranker | None = None,
                 keeper: Keeper | None | object = _SHIPPED):
        self.gazetteer = gazetteer
        self.settings = settings or ResolveSettings()
        if keeper is _SHIPPED:
            keeper = _SHIPPED if ranker is None and settings is None else None
        if ranker is None and settings is not None:
            ranker = hand_ranker(self.settings)  # explicit settings ask for their weights (tests isolate a rule so)
        self._ranker = ranker  # None: the shipped model, read on first use (``geo train`` must run without it)
        self._keeper = keeper
        self._place_words: frozenset[str] | None = None  # place names that are also English words, read once

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            self._ranker = load_ranker()
        return self._ranker

    @property
    def keeper(self) -> Keeper | None:
        if self._keeper is _SHIPPED:
            self._keeper = load_keeper()
        return self._keeper

    def _dictionary(self) -> frozenset[str]:
        if self._place_words is None:
            self._place_words = self.gazetteer.dictionary_words()
        return self._place_words

    # -- candidates ----------------------------------------------------------------------------------------
    def options(self, cand: Candidate) -> list[tuple[GazetteerEntry, float]]:
        """Every reading of the mention with its static score by the hand weights."""
        return [(entry, score) for entry, score, _ in self._options(cand)]

    def _options(self, cand: Candidate) -> list[tuple[GazetteerEntry, float, dict[str, float]]]:
        st = self.settings
        if cand.country:  # a demonym: the country it stands for, nothing to rank
            entry = self.gazetteer.country(cand.country)
            return [(entry, country_prior(), static_features(entry, entry.name))] if entry else []
        if cand.region:
            hits = [(e, prior(e, cand.region)) for e, _ in self.gazetteer.lookup(cand.region)]
            return [(e, sc, static_features(e, cand.region))
                    for e, sc in sorted(hits, key=lambda h: -h[1])[:1]]
        text = cand.text
        hits = self.gazetteer.lookup(text)
        if not hits:
            for variant in (_VARIANT_PREFIX.sub("", text), _VARIANT_SUFFIX.sub("", text),
                            text.replace("St. ", "Saint ").replace("St ", "Saint ")):
                if variant != text and len(variant) > 2:
                    hits = self.gazetteer.lookup(variant)
                    if hits:
                        break
        partial = False
        if not hits:
            inner = self._inner_name(text)
            if inner is not None:
                text, hits, partial = inner, self.gazetteer.lookup(inner), True
        key = name_key(text)
        # "Mexico", "Kuwait", "Panama": where the name is a country's own, its capital or towns that also
        # answer to it are the country's namesakes, not rivals to be preferred for being nearer to others.
        own_country = {e.country_code for e, _ in hits if e.feature_code == fc.COUNTRY and name_key(e.name) == key}
        capitals = all_capitals(text)  # an acronym ("NATO", "EU") rarely stands for a name spelled otherwise
        out = []
        for entry, form in hits:
            exact = form == text
            # "New York" is New York City's own name as much as the state's: the city's " City" is a
            # suffix news copy usually drops ("Mexico City", "Kuwait City" are the same pattern).
            own = name_key(entry.name) in (key, f"{key} city")
            namesake = entry.country_code in own_country and entry.feature_code != fc.COUNTRY
            score = prior(entry, text) + (st.exact_form_bonus if exact else 0.0) + \
                (st.own_name_bonus if own else st.alternate_name_penalty) + \
                (st.country_namesake_penalty if namesake else 0.0)
            out.append((entry, score, static_features(entry, text, exact_form=exact, own_name=own, namesake=namesake,
                                                      partial=partial,
                                                      case_mismatch=capitals and not all_capitals(form))))
        return out

    def _inner_name(self, text: str) -> str | None:
        """The longest run of capitalised words inside a mention that names a place, else None.

        Detection keeps spans such as "Butler County Jail", "Western Massachusetts", "St. Louis Police": the
        whole names no place, a part of it does. A run made only of words that are also dictionary words
        ("Republic" in "Islamic Republic") is no evidence of a place and is skipped.
        """
        words = text.split()
        if len(words) < 2:
            return None
        place_words = self._dictionary()
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                run = words[i : i + n]
                if not all(w[:1].isupper() for w in run) or all(name_key(w) in place_words for w in run):
                    continue
                phrase = " ".join(run)
                if self.gazetteer.lookup(phrase):
                    return phrase
        return None

    # -- resolution ----------------------------------------------------------------------------------------
    def resolve(self, text: str, cands: list[Candidate], *, keep_unplaced: bool = False) -> list[PlaceMention]:
        """The mentions of the spans the keeper keeps (all of them without a keeper).

        ``keep_unplaced``: the keeper judges only placed spans, for an online geocoder to ask about the rest
        (an unplaced span is likely no place offline; online it may be the village the index lacks).
        """
        resolved = self.resolve_readings(text, cands)
        keeper = self.keeper
        if keeper is None:
            return [mention for mention, _ in resolved]
        features = spans_features([(c, m, r) for c, (m, r) in zip(cands, resolved)], self._dictionary())
        return [mention for (mention, _), f in zip(resolved, features)
                if (keep_unplaced and mention.entry is None) or keeper.keeps(f)]

    def resolve_readings(self, text: str, cands: list[Candidate]) -> list[tuple[PlaceMention, list[Reading]]]:
        """Each mention with every reading it had in the last round (what a ranker is trained on)."""
        slots = []
        for c in cands:
            options = self._options(c)
            static = [f for _, _, f in options]
            slots.append(_Slot(c, [(e, sc) for e, sc, _ in options], static=static,
                               base=[self.ranker.score(f) for f in static]))
        self._hints(text, slots)
        self._sentence_and_dateline(text, slots)
        self._county_pairs(slots)
        self._close_pairs(slots)
        self._round(slots, focus=None, anchors=None)
        # Focus and closeness are measured on the previous round's choices; a choice that flips ("Georgia"
        # the country becoming the state once "Atlanta" is read) changes the focus, so go again until stable.
        for _ in range(self.settings.max_rounds):
            before = [s.chosen for s in slots]
            anchors = NearbyAnchors(((s.chosen, s.cand.text) for s in slots
                                     if s.chosen and s.margin >= self.settings.anchor_margin),
                                    reach_km=max((limit for limit, _ in self.settings.near_km), default=0.0),
                                    skip_codes=_TOO_LARGE_TO_ANCHOR)
            self._round(slots, focus=self._focus(slots), anchors=anchors)
            if [s.chosen for s in slots] == before:
                break
        self._one_sense_per_article(slots)
        out = []
        for s in slots:
            readings = [Reading(e, f, sc) for (e, _), f, sc in zip(s.options, s.features, s.option_scores)]
            if s.chosen is None:
                out.append((PlaceMention(s.cand.text, s.cand.start, s.cand.end, None, 0.0), readings))
                continue
            sure = 1.0 / (1.0 + math.exp(-s.margin)) if s.margin < self.settings.sure_margin else 1.0
            # detection's confidence, halved for a coin-flip choice and for a weak best reading
            low, full = self.ranker.min_score, self.ranker.full_score_at
            weak = min(1.0, max(0.0, s.best - low) / (full - low)) if full > low else 1.0
            score = s.cand.confidence * (0.5 + 0.5 * sure) * weak
            out.append((PlaceMention(s.cand.text, s.cand.start, s.cand.end, s.chosen, score), readings))
        return out

    def _hints(self, text: str, slots: list[_Slot]) -> None:
        """"Aleppo, Syria" and "Aleppo in Syria": the second place contains the first."""
        for a, b in zip(slots, slots[1:]):
            between = text[a.cand.end : b.cand.start]
            if between.strip() not in {",", "in", ", in"} or not b.options:
                continue
            container = max(b.options, key=lambda o: o[1])[0]
            if container.feature_code in _CONTAINERS:
                a.hint = container
                if between.strip() == "," and container.feature_code == fc.STATE and container.admin1:
                    a.state = container

    def _sentence_and_dateline(self, text: str, slots: list[_Slot]) -> None:
        """"Moscow, a college town in northern Idaho": a state or country named in the mention's sentence
        (not right beside it: that is a hint), and the container of the article's dateline ("SPRINGFIELD,
        Mo. (AP) —"), each as the best reading of its own name. Only the containers within
        ``sentence_reach_chars`` count, so a text without stops (a list of thousands of names) stays linear."""
        spans = [(s.cand.start, s.cand.end) for s in slots]
        containers = [_container(s) for s in slots]
        by_sentence: dict[int, list[int]] = {}
        for k, sid in enumerate(sentence_ids(text, spans)):
            by_sentence.setdefault(sid, []).append(k)
        reach = self.settings.sentence_reach_chars
        for members in by_sentence.values():
            named = sorted((slots[k].cand.start, name_key(slots[k].cand.text), containers[k]) for k in members
                           if containers[k] is not None)
            starts = [n[0] for n in named]
            for k in members:
                own, at = name_key(slots[k].cand.text), slots[k].cand.start
                near = named[bisect_left(starts, at - reach): bisect_right(starts, at + reach)]
                slots[k].in_sentence = [c for _, key, c in near if key != own and c is not slots[k].hint]
        where = dateline_container(text, spans)
        if where is not None and containers[where] is not None:
            for k, s in enumerate(slots):
                if k != where:
                    s.dateline = containers[where]

    @staticmethod
    def _county_pairs(slots: list[_Slot]) -> None:
        """A town and its county named in one article confirm each other.

        "Paris" and "Henry County" together mean Paris, Tennessee, and that Henry County: each of the
        pair is marked on the other's behalf. A name never pairs with itself.
        """
        offered: dict[tuple[bool, str | None, str | None, str], set[str]] = {}
        for s in slots:
            own = name_key(s.cand.text)
            for entry, _ in s.options:
                if entry.admin2:
                    is_county = entry.feature_code == fc.COUNTY
                    offered.setdefault((is_county, entry.country_code, entry.admin1, name_key(entry.admin2)),
                                       set()).add(own)
        for s in slots:
            own = name_key(s.cand.text)
            for entry, _ in s.options:
                if entry.admin2:
                    partner = (entry.feature_code != fc.COUNTY, entry.country_code, entry.admin1,
                               name_key(entry.admin2))
                    if offered.get(partner, set()) - {own}:
                        s.paired.add(id(entry))

    def _close_pairs(self, slots: list[_Slot]) -> None:
        """Readings of two different names that lie close together support each other.

        "New London", "Mt. Pleasant" and "Winfield" each name a dozen towns, but only in south-east Iowa
        are all three within a few miles: the small towns of a local paper find each other. Options are
        bucketed on a half-degree grid so the pairs are found without comparing every option with every other.
        """
        st = self.settings
        cell = st.pair_cell_degrees
        grid: dict[tuple[int, int], list[tuple[str, GazetteerEntry]]] = {}
        seen: set[str] = set()
        for s in slots:
            key = name_key(s.cand.text)
            if key in seen or s.cand.country or s.cand.region or len(s.options) < 2:
                continue
            seen.add(key)
            if any(e.feature_code in _CONTAINERS for e, _ in s.options):
                continue  # "California", "US": a state's or country's name is not a small town's
            top, best = max(((sc, e) for e, sc in s.options), key=lambda x: x[0])
            if best.population >= st.pair_city_population or best.feature_code == fc.CAPITAL:
                continue  # a city everyone knows ("Manchester") is not outvoted by two namesake villages
            for entry, static in s.options:
                # a reading far below the name's best one ("Us", France, for "US") lends no support
                if entry.feature_code.startswith(fc.POPULATED_PLACE_PREFIX) and static >= top - st.pair_reach:
                    grid.setdefault((int(entry.lat // cell), int(entry.lon // cell)), []).append((key, entry))
        if len(seen) < 2:
            return
        support: dict[int, set[str]] = {}
        for (gy, gx), members in grid.items():
            near = [m for dy in (-1, 0, 1) for dx in (-1, 0, 1) for m in grid.get((gy + dy, gx + dx), ())]
            for key, entry in members:
                for other_key, other in near:
                    if other_key != key and haversine_km(entry.lat, entry.lon, other.lat, other.lon) < st.pair_km:
                        support.setdefault(id(entry), set()).add(other_key)
        for s in slots:
            for entry, _ in s.options:
                if id(entry) in support:
                    s.neighbours[id(entry)] = len(support[id(entry)])

    def _inside(self, entry: GazetteerEntry, container: GazetteerEntry) -> bool | None:
        if container.feature_code == fc.COUNTRY:
            return entry.country_code == container.country_code and entry is not container
        if container.feature_code == fc.STATE and container.admin1:
            return entry.country_code == container.country_code and entry.admin1 == container.admin1
        if container.feature_code == fc.STATE:
            return entry.country_code == container.country_code and \
                haversine_km(entry.lat, entry.lon, container.lat, container.lon) < self.settings.admin1_reach_km
        return None

    def _focus(self, slots: list[_Slot]) -> tuple[dict, dict]:
        """Per name, the country and state its first-round choice is in.

        Counted once per distinct name, and a name never votes for itself: "Paris" said five times in a
        Texas paper must not outvote "Dallas" said twice just by repeating its own first guess.
        """
        countries: dict[str, Counter] = {}
        admin1: dict[str, Counter] = {}
        for s in slots:
            e = s.chosen
            if e is None or not e.country_code:
                continue
            key = name_key(s.cand.text)
            if key in countries:
                continue
            st = self.settings
            weight = st.area_focus_vote if e.feature_code in _COUNTRY_OR_STATE or s.cand.country else st.town_focus_vote
            countries[key] = Counter({e.country_code: weight})
            admin1[key] = Counter({(e.country_code, e.admin1): 1.0} if e.admin1 else {})
        return countries, admin1

    def _round(self, slots: list[_Slot], *, focus, anchors) -> None:
        st = self.settings
        votes = FocusVotes(*focus) if focus is not None else None  # counted once a round, not once a name
        by_name: dict[str, OtherVotes] = {}  # the focus of the other names, per name
        for s in slots:
            if not s.options:
                continue
            if votes is not None:
                key = name_key(s.cand.text)
                if key not in by_name:
                    by_name[key] = votes.others_for(key)
                others = by_name[key]
            scored, features, option_scores = [], [], []
            for (entry, _), static, base in zip(s.options, s.static, s.base):
                ctx: dict[str, float] = {}
                if s.hint is not None:
                    inside = self._inside(entry, s.hint)
                    if inside is True:
                        ctx["hint_inside"] = 1.0
                    elif inside is False:
                        ctx["hint_outside"] = 1.0
                if any(self._inside(entry, c) for c in s.in_sentence):
                    ctx["sentence_inside"] = 1.0
                if s.dateline is not None and self._inside(entry, s.dateline):
                    ctx["dateline_inside"] = 1.0
                if id(entry) in s.paired:
                    ctx["county_pair"] = 1.0
                close = min(st.pair_max_neighbours, s.neighbours.get(id(entry), 0))
                if focus is None:
                    if close:
                        ctx["close_pairs"] = close
                else:
                    if others.total > 0 and entry.country_code:
                        share = others.country(entry.country_code) / (others.total + st.focus_pseudo_count)
                        if share:
                            ctx["country_focus"] = share
                        # the rest: the same for every reading of the name, it weighs them against "none",
                        # so a lone namesake abroad ("Harawa" in Hawaii, in a story from Libya) may abstain
                        elsewhere = (others.total - others.country(entry.country_code)) / (
                            others.total + st.focus_pseudo_count)
                        if elsewhere:
                            ctx["focus_elsewhere"] = elsewhere
                            if "alternate_name" in static:
                                ctx["alternate_elsewhere"] = elsewhere
                        if close:
                            ctx["close_pairs"] = close
                    state_votes = others.state(entry.country_code, entry.admin1) if entry.admin1 else 0
                    if state_votes and entry.feature_code != fc.COUNTRY:
                        # A share, so an article naming five states does not pull each town to all of them.
                        ctx["state_focus"] = state_votes / others.in_country(entry.country_code)
                if anchors:
                    near = self._nearness(entry, s.cand.text, anchors)
                    if near:
                        ctx["nearness"] = near
                score = base + self.ranker.score(ctx)
                scored.append((score, entry))
                features.append(static | ctx)
                option_scores.append(score)
            s.features, s.option_scores = features, option_scores
            scored.sort(key=lambda x: -x[0])
            s.held = self._held_by_its_state(s)
            if s.held is not None:  # only the readings inside the state written after the name
                scored = [x for x in scored if s.held(x[1])]
            s.scored = scored
            if not scored:
                s.best, s.margin, s.chosen = 0.0, 0.0, None
                continue
            best, entry = scored[0]
            second = scored[1][0] if len(scored) > 1 else best - st.lone_option_margin
            s.best, s.margin = best, best - second
            s.chosen = entry if best >= self.ranker.min_score else None

    def _held_by_its_state(self, slot: _Slot):
        """A town written with its state after a comma ("Paris, Texas", "Howland, Ohio", "Felton, Minn.") lies in
        that state: only its readings inside it may be chosen, and with none (the gazetteer lacks that Howland)
        the namesake elsewhere is not the place either: the mention stays unplaced. Returns the test of a
        reading, or None where the rule says nothing. Only a first-level division with its code counts: "Atlanta,
        Georgia" may read the country, "Lahore in Punjab" the Indian state, "Saipan, Guam" is a list."""
        if slot.state is None or any(e.feature_code in _CONTAINERS for e, _ in slot.options):
            return None
        state = slot.state
        return lambda entry: entry.country_code == state.country_code and entry.admin1 == state.admin1

    def _one_sense_per_article(self, slots: list[_Slot]) -> None:
        """One name, one place within an article: "Paris, Missouri" early on settles every later "Paris".

        The entry with the highest score summed over all mentions of the name wins, so one strong hint
        outweighs the same weak prior repeated.
        """
        groups: dict[str, list[_Slot]] = {}
        for s in slots:
            if s.scored and not s.cand.country and not s.cand.region:
                groups.setdefault(name_key(s.cand.text), []).append(s)
        for s in slots:
            if s.held is not None and not s.scored:
                groups.setdefault(name_key(s.cand.text), []).append(s)
        for group in groups.values():
            if len(group) < 2:
                continue
            # a mention written with its state after a comma holds every mention of the name to it
            held = next((s.held for s in group if s.held is not None), None)
            totals: dict[int, float] = {}
            entries: dict[int, GazetteerEntry] = {}
            for s in group:
                for score, entry in s.scored:
                    if held is not None and not held(entry):
                        continue
                    k = id(entry) if entry.geonameid is None else entry.geonameid
                    totals[k] = totals.get(k, 0.0) + score
                    entries[k] = entry
            if not totals:  # no reading of the name lies where the text says it does: none is placed
                for s in group:
                    s.chosen = None
                continue
            winner = entries[max(totals, key=totals.get)]
            wkey = id(winner) if winner.geonameid is None else winner.geonameid
            for s in group:
                mine = next((sc for sc, e in s.scored if (id(e) if e.geonameid is None else e.geonameid) == wkey), None)
                if mine is not None and mine >= self.ranker.min_score - self.settings.one_sense_slack:
                    s.chosen, s.best = winner, max(s.best, mine)

    def _nearness(self, entry: GazetteerEntry, text: str, anchors: NearbyAnchors) -> float:
        if entry.feature_code in _TOO_LARGE_TO_BE_NEAR:
            return 0.0
        # the closest anchor of another name, looked up in a grid: a loop over every anchor was quadratic
        best = anchors.nearest_km(entry.lat, entry.lon, other_than=text)
        for limit, bonus in self.settings.near_km:
            if best < limit:
                return bonus
        return 0.0
