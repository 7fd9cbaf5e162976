"""Fitting the retelling model of ``timeline.events.happenings`` on gold within-document event clusters (ECB+),
and the B-cubed figures of merging before and after.

Each article is parsed once. Its tellings (one per happening of a sentence, as the pipeline merges them) are
aligned to the gold event mentions by their predicate: a telling whose trigger lies inside a gold event mention
takes that mention's cluster. Every pair of aligned tellings of one article from different sentences (with the
same factuality, as the merge compares them) is an example, positive when the two share a cluster. Model:
logistic regression over ``PAIR_FEATURES``, an L2 penalty on every weight but the bias, Adam. The threshold is
chosen among ``THRESHOLDS`` by K-fold cross-validated B-cubed F1 (folds by article; each fold merged by a model
fitted on the others).

Scoring (``merge_figures``): over the gold event mentions of the file, each mention's predicted cluster is the
event whose span (or one of whose ``mentions``) holds the mention's start, the smallest such; a mention that no
event holds is alone. Figures for one event per clause (the pipeline before this merge) and for the events the
pipeline gives now.

Run: ``python -m timeline.evaluation.merge_train ../shared/eval/incidents/ecbplus-dev.jsonl [--out FILE]``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from dataclasses import dataclass
from typing import Sequence

from timeline.events.happenings import PAIR_FEATURES, PairModel, Telling, pair_features
from timeline.evaluation.incidents import bcubed

L2 = 1e-2
STEPS = 400
FOLDS = 5
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 0.9)  # positives are rare (2% of pairs): low ones too


@dataclass(frozen=True, slots=True)
class Article:
    """One gold article as the fit reads it."""

    id: str
    tellings: tuple[Telling, ...]  # in text order, as the retelling merge sees them
    gold: tuple[str | None, ...]  # each telling's gold cluster, None when it aligns to no gold event mention
    mentions: tuple[tuple[int, str], ...]  # (start, cluster) of every gold event mention
    per_clause: tuple  # the events one per clause (no merge)


def _cluster_at(mentions: Sequence[dict], offset: int) -> str | None:
    return next((m["cluster"] for m in mentions if m["start"] <= offset < m["end"]), None)


def read_articles(path: str, log=lambda msg: None) -> list[Article]:
    from timeline.events.pipeline import EventExtractor, Pipeline
    from timeline.records import Article as NewsArticle
    from timeline.timex import tag_doc

    pipeline = Pipeline()
    merged, per_clause = EventExtractor(actor_finder=pipeline.extractor.actor_finder), \
        EventExtractor(actor_finder=pipeline.extractor.actor_finder, merge=False)
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            rec = json.loads(line)
            published = dt.date.fromisoformat(rec["published"]) if rec.get("published") else None
            article = NewsArticle(text=rec["text"], title=rec.get("title"), published=published)
            doc = pipeline.parse(article)
            places = list(pipeline.geoparser.parse_doc(doc))
            timexes = list(tag_doc(doc, published))
            tellings, _reporting, _actors = merged.tellings(doc, article, places, timexes)
            clauses, _ = per_clause.extract(doc, article, places, timexes)
            gold_mentions = [m for m in rec.get("mentions", []) if m.get("kind") == "event"]
            out.append(Article(rec["id"], tuple(tellings), tuple(_cluster_at(gold_mentions, t.trigger) for t in tellings),
                               tuple((m["start"], m["cluster"]) for m in gold_mentions), tuple(clauses)))
            if n % 100 == 0:
                log(f"{n} articles read")
    return out


def examples(articles: Sequence[Article]):
    """(features, label) of every aligned pair of tellings of one article from different sentences."""
    for a in articles:
        for j, tb in enumerate(a.tellings):
            for i in range(j):
                ta = a.tellings[i]
                if a.gold[i] is None or a.gold[j] is None or ta.sentence == tb.sentence \
                        or ta.event.factuality != tb.event.factuality:
                    continue
                f = pair_features(ta, tb)
                yield [f[k] for k in PAIR_FEATURES], float(a.gold[i] == a.gold[j])


def fit(articles: Sequence[Article]) -> dict[str, float]:
    import numpy as np

    from geo.adam import adam

    rows = list(examples(articles))
    if not rows:
        raise ValueError("no aligned pairs of tellings to fit the merge model on")
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    penalty = np.ones(len(PAIR_FEATURES))
    penalty[PAIR_FEATURES.index("bias")] = 0.0

    def gradient(w):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        return x.T @ (p - y) / len(y) + L2 * penalty * w

    w = adam(gradient, np.zeros(len(PAIR_FEATURES)), STEPS, learning_rate=0.05)
    return {k: round(float(v), 4) for k, v in zip(PAIR_FEATURES, w)}


def _fold(article_id: str, k: int) -> int:
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % k


def _events_of(a: Article, model: PairModel | None):
    """The article's final events: its tellings merged by ``model`` (None: not merged across sentences)."""
    from timeline.events.happenings import merge_retellings

    if model is None:
        return [t.event for t in a.tellings]
    return merge_retellings(a.tellings, model)


def mention_clusters(articles: Sequence[Article], events_of) -> tuple[dict, dict]:
    """(predicted, gold) cluster of every gold event mention (see the module's docstring)."""
    predicted, gold = {}, {}
    for a in articles:
        events = events_of(a)
        for k, (start, cluster) in enumerate(a.mentions):
            key = (a.id, k)
            gold[key] = (a.id, cluster)
            holding = [(e.end - e.start, e.id) for e in events
                       if e.start <= start < e.end or any(s <= start < t for s, t in e.mentions)]
            predicted[key] = (a.id, min(holding)[1]) if holding else None
    return predicted, gold


def cross_validate(articles: Sequence[Article], k: int = FOLDS) -> dict[str, dict]:
    """B-cubed over the gold event mentions at each threshold, each fold merged by a model fitted on the others."""
    by_fold = [[a for a in articles if _fold(a.id, k) == f] for f in range(k)]
    weights = [fit([a for g, part in enumerate(by_fold) if g != f for a in part]) for f in range(k)]
    out = {}
    for t in THRESHOLDS:
        models = {a.id: PairModel(weights[f], t) for f, part in enumerate(by_fold) for a in part}
        out[str(t)] = bcubed(*mention_clusters(articles, lambda a: _events_of(a, models[a.id])))
    return out


def merge_figures(articles: Sequence[Article], model: PairModel) -> dict[str, dict]:
    return {"one event per clause": bcubed(*mention_clusters(articles, lambda a: a.per_clause)),
            "one per happening of a sentence": bcubed(*mention_clusters(articles, lambda a: _events_of(a, None))),
            "and retellings merged": bcubed(*mention_clusters(articles, lambda a: _events_of(a, model)))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline.evaluation.merge_train", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", metavar="ECB.jsonl")
    parser.add_argument("--out", metavar="FILE", help="write the fitted model here (JSON)")
    args = parser.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    # no cache of parsed articles: a pickle file read back would run whatever code it holds
    articles = read_articles(args.corpus, log)
    cv = cross_validate(articles)
    # ties go to the higher threshold: a merge that does not raise F1 is not made
    threshold = max(THRESHOLDS, key=lambda t: (cv[str(t)]["F1"], t))
    weights = fit(articles)
    model = {"model": "event-merge-v1: logistic regression over timeline.events.happenings.PAIR_FEATURES; a later "
                      "telling joins an earlier one when its probability exceeds the threshold",
             "trained_on": {Path(args.corpus).name: len(articles)}, "folds": FOLDS, "cv_bcubed": cv,
             "threshold": threshold, "weights": weights}
    figures = {"cv_bcubed": cv, "threshold": threshold,
               "resubstitution": merge_figures(articles, PairModel(weights, threshold)),
               "pairs": sum(1 for _ in examples(articles))}
    print(json.dumps(figures, indent=1))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(model, fh, indent=1)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
