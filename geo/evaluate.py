"""Scoring a geoparser against gold toponyms (the protocol of shared/eval/README.md).

Every gold toponym with coordinates counts. Predictions are aligned one-to-one to gold spans, greedily by
largest character overlap ("overlap") and separately by identical span ("exact"). Detection P/R/F1 is over
aligned spans; acc@161 is the share of gold toponyms whose aligned prediction lies within 161 km; EM the share
of gold toponyms with a geonameid whose aligned prediction carries it; mean/median km over aligned, resolved
predictions; and the share of the errors (gold toponyms not placed within 161 km) that each cause makes: not
detected, detected but unplaced, placed too far. Scoring is pure: it takes gold and predicted records, not files or models.
"""
from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.exc import CorpusError
from geo.geometry import haversine_km

__all__ = ["ACC_KM", "CorpusError", "Tally", "align", "evaluate", "format_table", "read_corpus", "score_document"]

ACC_KM = 161.0


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    aligned: int = 0
    within: int = 0
    gold_with_id: int = 0
    exact_id: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("gold", "pred", "aligned", "within", "gold_with_id", "exact_id"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors_km.extend(other.errors_km)

    def figures(self) -> dict:
        p = self.aligned / self.pred if self.pred else 0.0
        r = self.aligned / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "gold": self.gold, "predicted": self.pred, "aligned": self.aligned,
            "precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1),
            "acc@161": round(100 * self.within / self.gold, 1) if self.gold else 0.0,
            "em": round(100 * self.exact_id / self.gold_with_id, 1) if self.gold_with_id else 0.0,
            "mean_km": round(statistics.fmean(self.errors_km), 1) if self.errors_km else None,
            "median_km": round(statistics.median(self.errors_km), 1) if self.errors_km else None,
            "error_causes": self.error_causes(),
        }

    def error_causes(self) -> dict[str, float]:
        """Each gold toponym not placed within 161 km, by cause, as a share (%) of all of them: not detected
        ("missed"), detected but left without a place ("unplaced"), placed too far ("misplaced")."""
        placed = len(self.errors_km)
        counts = {"missed": self.gold - self.aligned, "unplaced": self.aligned - placed,
                  "misplaced": placed - self.within}
        total = sum(counts.values())
        return {cause: round(100 * n / total, 1) if total else 0.0 for cause, n in counts.items()}


def align(gold: Sequence[dict], pred: Sequence[dict], *, exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact:
                if g["start"] == p["start"] and g["end"] == p["end"]:
                    pairs.append((g["end"] - g["start"], gi, pi))
            else:
                overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
                if overlap > 0:
                    pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score_document(gold: Sequence[dict], pred: Sequence[dict], *, exact: bool) -> Tally:
    gold = [g for g in gold if g.get("lat") is not None and g.get("lon") is not None]
    t = Tally(gold=len(gold), pred=len(pred))
    t.gold_with_id = sum(1 for g in gold if g.get("geonameid"))
    for gi, pi in align(gold, pred, exact=exact):
        g, p = gold[gi], pred[pi]
        t.aligned += 1
        if p.get("lat") is None:
            continue
        km = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
        t.errors_km.append(km)
        if km <= ACC_KM:
            t.within += 1
        if g.get("geonameid") and p.get("geonameid") is not None and str(p["geonameid"]) == str(g["geonameid"]):
            t.exact_id += 1
    return t


def read_corpus(path: Path) -> list[dict]:
    docs = []
    try:
        # split on "\n" only: texts may hold U+2028 and other characters str.splitlines() breaks at
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read corpus {path}: {exc}") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            doc["text"], doc["toponyms"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{lineno}: not a corpus line (need text and toponyms): {exc}") from exc
        docs.append(doc)
    if not docs:
        raise CorpusError(f"corpus {path} has no documents")
    return docs


def evaluate(corpora: dict[str, list[dict]], predictions: dict[str, list[list[dict]]]) -> dict:
    """Figures per corpus and pooled, for both alignments."""
    report: dict = {}
    for mode in ("overlap", "exact"):
        pooled = Tally()
        per = {}
        for name, docs in corpora.items():
            tally = Tally()
            for doc, pred in zip(docs, predictions[name]):
                tally.add(score_document(doc["toponyms"], pred, exact=mode == "exact"))
            per[name] = tally.figures()
            pooled.add(tally)
        per["pooled"] = pooled.figures()
        report[mode] = per
    return report


def format_table(report: dict) -> str:
    cols = ("gold", "predicted", "precision", "recall", "f1", "acc@161", "em", "mean_km", "median_km")
    causes = ("missed", "unplaced", "misplaced")  # the share of the errors each cause makes
    lines = []
    for mode, per in report.items():
        lines.append(f"[{mode}]  " + "  ".join(f"{c:>9}" for c in cols + tuple(f"{c}%" for c in causes)))
        for name, fig in per.items():
            lines.append(f"{name:>10}  " + "  ".join(f"{str(fig[c]):>9}" for c in cols) + "  " +
                         "  ".join(f"{str(fig['error_causes'][c]):>9}" for c in causes))
    return "\n".join(lines)
