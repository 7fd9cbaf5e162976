"""Tense of the clause around a timex: decides whether a bare "Friday" or "in December" looks back or ahead.

Reads the nearest tense cue inside the sentence: a modal "will", "is expected to", "plans to", "eyeing" ...
for the future; a past-tense verb, "ago", "last" for the past. With a spaCy Doc the past-tense verbs and
modals come from POS tags; without one, from word lists (-ed endings and irregular past forms), which is
what keeps the tagger usable without loading a model.

``clause_tense(token)`` is the other reading, of a clause rather than of a span: the tense of the clause a
predicate heads, from its auxiliaries and tags (``timeline.events.dating`` dates clauses by it). Both read the
future from the same auxiliaries.
"""
from __future__ import annotations

import bisect
import re

from timeline.timex.lexicon import FUTURE_CUES, IRREGULAR_PAST, PRESENT_CUES

# PRESENT: the present of arrangements ("the meeting is on Monday", "the train leaves at 5"), which looks ahead
# to a bare day as the future does; the past and the future are read as before.
PAST, FUTURE, PRESENT = "PAST", "FUTURE", "PRESENT"
CLAUSE_TENSES = ("future", "past", "perfect", "present", "nonfinite")  # what clause_tense answers

# Auxiliaries of the future ("will", "shall", "'ll", and "wo" the lemma of "won't").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Around a bare date "would" looks ahead too ("would meet on Friday"); a clause with "would" is not future.
_FUTURE_MODALS = FUTURE_AUX | {"would"}
# Governors whose infinitive names a happening still to come: "expected to rise", "plans to visit".
FUTURE_GOVERNORS = frozenset(
    "expect plan intend schedule set due aim prepare propose seek hope want vow promise pledge threaten "
    "decide agree offer".split())

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|'ll")
# A sentence ends at . ! ? (optionally followed by quotes/brackets) before white space, or at a blank line.
_SENT_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“‘`(]*[A-Z0-9])|\n\s*\n")
# Cue words that only mark the future when followed by "to" ("is expected to meet", "plans to").
_NEEDS_TO = frozenset({"going", "expected", "expects", "expect", "plans", "plan", "planning", "planned",
                       "intends", "intend", "aims", "aim", "hopes", "hope", "set", "is", "are"})
# Words right before the timex that say which way it points whatever the verb ("as early as Tuesday",
# "effective Feb. 1", "payable Dec. 7", "since 1990").
_LEAD_FUTURE = re.compile(r"(?:\bas\s+(?:soon|early)\s+as|\beffective|\bpayable|\bdue|\bstarting|\buntil|\btill|\bby)"
                          r"\s+(?:on\s+)?$", re.I)
# A day something is moved to lies ahead of the moving, whatever the tense ("the launch slipped to Nov. 3",
# "the review was moved to Thursday").
_LEAD_MOVED = re.compile(r"\b(?:moved|postponed|pushed\s+back|pushed|rescheduled|delayed|put\s+off|brought\s+forward"
                         r"|slipped|bumped|shifted)\s+(?:back\s+)?(?:to|until|till|for)\s+(?:next\s+)?$", re.I)
_LEAD_DEADLINE = re.compile(r"(?:\buntil|\btill|\bby)\s+(?:on\s+)?$", re.I)
_LEAD_PAST = re.compile(r"\bsince\s+$", re.I)
_PAST_WORDS = frozenset({"ago", "earlier", "last", "previously", "recently", "yesterday"})
_NOT_PAST_ED = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "breed", "hundred", "united",
                          "indeed", "proceed", "succeed", "exceed", "embed", "greed", "creed", "weed"})
_COPULA = frozenset("is are am 're isn't aren't".split())
_PREPOSITIONS = frozenset("of at in on for by to from with after before since until".split())
_MODALS = frozenset("will would shall should can could may might must 'll wo".split())
_MAX_DISTANCE = 30  # tokens; beyond that a cue belongs to another clause more often than not


# A period after these is an abbreviation, not the end of a sentence ("Feb. 1", "Mr. Davison", "Gen. Kelly").
_ABBREVIATIONS = frozenset("""
jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen sen rep gov lt col sgt capt adm maj prof
rev jr sr st no nos ft mt vs
""".split())
_ABBR_BEFORE = re.compile(r"([A-Za-z]+)\.$")
# An "-ed" word right after these is an adjective, not a past-tense verb ("a still unspecified date", "the
# recently merged company", "its planned sale").
_DETERMINERS = frozenset("a an the this these its their his her our your no any some each every "
                         "still already newly recently previously".split())


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENT_END.finditer(text):
        before = _ABBR_BEFORE.search(text, max(0, m.start() - 6), m.start() + 1)
        if before and before.group(1).lower() in _ABBREVIATIONS:
            continue
        if before and len(before.group(1)) == 1 and before.group(1).isupper() and \
                text[before.start() - 1:before.start()] in (" ", "\n"):
            continue  # a middle initial: "Daniel P. Davison" (but "the U.S. The ..." does end a sentence)
        starts.append(m.end())
    return starts


class TenseReader:
    """Answers ``at(start, end)`` -> "PAST", "FUTURE", "PRESENT" or None for spans of one text."""

    def __init__(self, text: str, doc=None) -> None:
        self.text = text
        self.sent_starts = _sentence_starts(text)
        if doc is not None:
            self.tokens = [(t.idx, t.idx + len(t.text), t.text.lower(), t.tag_, t.lemma_.lower()) for t in doc
                           if not t.is_space and not t.is_punct]
        else:
            self.tokens = [(m.start(), m.end(), m.group().lower(), None, None) for m in _TOKEN.finditer(text)]
        self.token_starts = [t[0] for t in self.tokens]

    def sentence(self, start: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, start) - 1
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return self.sent_starts[i], end

    def at(self, start: int, end: int) -> str | None:
        lead = self.text[max(0, start - 30):start]
        if _LEAD_MOVED.search(lead):
            return FUTURE
        if _LEAD_FUTURE.search(lead):
            # "had filed reports by Wednesday", "until Thursday they had not called him": a deadline
            # already past (past perfect), not one ahead.
            if _LEAD_DEADLINE.search(lead) and self._past_perfect(start, end):
                return PAST
            return FUTURE
        if _LEAD_PAST.search(lead):
            return PAST
        s_start, s_end = self.sentence(start)
        lo = bisect.bisect_left(self.token_starts, s_start)
        first_inside = bisect.bisect_left(self.token_starts, start)
        after = bisect.bisect_left(self.token_starts, end)
        hi = bisect.bisect_left(self.token_starts, s_end)
        best: tuple[float, str] | None = None
        # Left of the timex, nearest first; a cue to the left governs more often, so right distances weigh more.
        for dist, i in enumerate(range(first_inside - 1, lo - 1, -1)):
            if dist > _MAX_DISTANCE:
                break
            cue = self._cue(i, hi)
            if cue:
                best = (dist, cue)
                break
        for dist, i in enumerate(range(after, hi)):
            if dist > _MAX_DISTANCE or (best and dist * 1.5 >= best[0]):
                break
            cue = self._cue(i, hi)
            if cue:
                best = (dist * 1.5, cue)
                break
        return best[1] if best else None

    def _past_perfect(self, start: int, end: int) -> bool:
        """A "had" in the sentence, within a few words of the span."""
        s_start, s_end = self.sentence(start)
        lo = max(bisect.bisect_left(self.token_starts, s_start), bisect.bisect_left(self.token_starts, start) - 8)
        hi = min(bisect.bisect_left(self.token_starts, s_end), bisect.bisect_left(self.token_starts, end) + 8)
        return any(self.tokens[i][2] in ("had", "hadn't") for i in range(lo, hi))

    def _cue(self, i: int, hi: int) -> str | None:
        _s, _e, word, tag, lemma = self.tokens[i]
        nxt = self.tokens[i + 1][2] if i + 1 < hi else ""
        if word in _NEEDS_TO:
            return FUTURE if nxt == "to" else self._present(i, word)
        if tag is not None:
            if tag == "MD":
                return FUTURE if lemma in _FUTURE_MODALS or word.endswith("'ll") else None
            if word in FUTURE_CUES:
                return FUTURE
            if tag == "VBD" or word in _PAST_WORDS:
                return PAST
            if tag in ("VBZ", "VBP") and word in PRESENT_CUES:
                return PRESENT
            return None
        if word in PRESENT_CUES:
            return self._present(i, word)
        if word in FUTURE_CUES or word.endswith("'ll") or word == "won't":
            return FUTURE
        prev = self.tokens[i - 1][2] if i > 0 else ""
        if word.endswith("ed") and prev in _DETERMINERS and word not in _PAST_WORDS:
            return None
        if word in IRREGULAR_PAST or word in _PAST_WORDS or (
                word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_ED):
            # "will be signed", "to be held": a participle after "be" takes its tense from further left.
            return None if prev in ("be", "being") and word not in _PAST_WORDS else PAST
        return None


    def _present(self, i: int, word: str) -> str | None:
        """PRESENT for a present-tense cue; None when the verb is the infinitive of a modal or of "to" ("will
        reopen", "plans to start"), so that the reading goes on to the modal further left."""
        if word not in PRESENT_CUES:
            return None
        prev = self.tokens[i - 1][2] if i > 0 else ""
        if prev in FUTURE_CUES or prev in _MODALS or prev == "to" or prev.endswith("'ll"):
            return None
        if word not in _COPULA and (prev in _DETERMINERS or prev in _PREPOSITIONS):
            return None  # a noun: "at the close of business", "on its return"
        return PRESENT


def clause_tense(tok) -> str:
    """The tense of the clause a predicate heads: future, past, perfect (present perfect), present, nonfinite."""
    auxes = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX or (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in FUTURE_GOVERNORS):
        return "future"
    if any(a.lemma_.lower() == "have" and a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return "perfect"
    if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if tok.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP", "MD"} for a in auxes):
        return "present"
    return "nonfinite"
