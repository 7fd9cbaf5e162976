"""TempEval-3 Task A scoring of predicted timexes against gold ones (pure: no I/O).

- relaxed match: overlapping spans, aligned one-to-one greedily by largest overlap;
- strict match: identical spans;
- value / type accuracy: over relaxed matches; value F1 = relaxed F1 x value accuracy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    relaxed: int = 0
    strict: int = 0
    value_ok: int = 0
    type_ok: int = 0
    # (doc id, gold or None, prediction or None) for error analysis
    errors: list[tuple] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        for k in ("gold", "pred", "relaxed", "strict", "value_ok", "type_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)


def align(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest overlap first."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _ov, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def score_doc(doc_id: str, gold: Sequence[Mapping], pred: Sequence[Mapping]) -> Counts:
    c = Counts(gold=len(gold), pred=len(pred))
    pairs = align(gold, pred)
    c.relaxed = len(pairs)
    gold_spans = {(g["start"], g["end"]) for g in gold}
    c.strict = sum(1 for p in pred if (p["start"], p["end"]) in gold_spans)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        g, p = gold[i], pred[j]
        ok_v = g.get("value") == p.get("value")
        c.value_ok += ok_v
        c.type_ok += g.get("type") == p.get("type")
        if not ok_v or (g["start"], g["end"]) != (p["start"], p["end"]):
            c.errors.append((doc_id, g, p))
    c.errors.extend((doc_id, gold[i], None) for i in range(len(gold)) if i not in matched_g)
    c.errors.extend((doc_id, None, pred[j]) for j in range(len(pred)) if j not in matched_p)
    return c


def _prf(match: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = match / pred if pred else 0.0
    r = match / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def figures(c: Counts) -> dict:
    """The reported numbers, in percent rounded to two decimals."""
    rp, rr, rf = _prf(c.relaxed, c.pred, c.gold)
    sp, sr, sf = _prf(c.strict, c.pred, c.gold)
    vacc = c.value_ok / c.relaxed if c.relaxed else 0.0
    tacc = c.type_ok / c.relaxed if c.relaxed else 0.0
    pct = lambda x: round(100 * x, 2)  # noqa: E731
    return {
        "gold": c.gold, "predicted": c.pred, "relaxed_matches": c.relaxed, "strict_matches": c.strict,
        "relaxed": {"P": pct(rp), "R": pct(rr), "F1": pct(rf)},
        "strict": {"P": pct(sp), "R": pct(sr), "F1": pct(sf)},
        "value_accuracy": pct(vacc), "type_accuracy": pct(tacc),
        "value_F1": pct(rf * vacc), "type_F1": pct(rf * tacc),
    }


def table(fig: Mapping, title: str = "") -> str:
    rows = [
        f"{title}  gold={fig['gold']} predicted={fig['predicted']} relaxed matches={fig['relaxed_matches']}"
        f" strict matches={fig['strict_matches']}",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
        f"{'relaxed':10}{fig['relaxed']['P']:8.2f}{fig['relaxed']['R']:8.2f}{fig['relaxed']['F1']:8.2f}",
        f"{'strict':10}{fig['strict']['P']:8.2f}{fig['strict']['R']:8.2f}{fig['strict']['F1']:8.2f}",
        f"value accuracy {fig['value_accuracy']:.2f}   type accuracy {fig['type_accuracy']:.2f}",
        f"value F1 {fig['value_F1']:.2f}   type F1 {fig['type_F1']:.2f}",
    ]
    return "\n".join(rows)


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out.add(c)
    return out
