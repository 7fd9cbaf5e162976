"""The ``train-types`` subcommand (fit the event-type model on gold files) and ``eval-types --cv K``."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def register(subparsers) -> None:
    from timeline.events.type_model import DEFAULT_MODEL
    from timeline.evaluation.type_train import L2

    p = subparsers.add_parser(
        "train-types", help="fit the event-type model on PLOVER-style gold JSONL (needs numpy)",
        description="Parses each gold sentence as `timeline events` does, reads the features of the clause the "
                    "eval-types protocol scores (timeline.events.type_features) and fits a multinomial logistic "
                    "regression of its gold type; the sentences' other clauses that the hand rules call "
                    "STATEMENT or OTHER are examples of those. Writes the model file the pipeline reads "
                    f"(default {DEFAULT_MODEL.relative_to(DEFAULT_MODEL.parents[2])}); prints "
                    '{"model", "records", "examples", "features"}.')
    p.add_argument("corpus", metavar="CORPUS.jsonl", nargs="+")
    p.add_argument("--out", metavar="FILE", default=str(DEFAULT_MODEL), help="model file to write")
    p.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2}, chosen by --cv 5)")
    p.set_defaults(func=run_train_types)


def _scored(paths, label: str):
    """Every record of every file, parsed and turned into examples: {path: [Scored, ...]}."""
    from timeline.events import default_pipeline
    from timeline.cli.eval_types import read_type_gold
    from timeline.evaluation.type_train import record_examples

    golds = {path: read_type_gold(path) for path in paths}
    pipeline = default_pipeline()
    total = sum(len(g) for g in golds.values())
    out, k = {}, 0
    for path, gold in golds.items():
        out[path] = []
        for record, article in gold:
            out[path].append(record_examples(pipeline, record, article))
            k += 1
            if k % 100 == 0 or k == total:
                print(f"{label}: parsed {k}/{total} sentences", file=sys.stderr, flush=True)
    return out


def run_train_types(args) -> int:
    from timeline.events.type_model import model_to_dict
    from timeline.evaluation.type_train import CLASSES, MIN_COUNT, fit

    from timeline.events.type_model import rules_only

    started = time.perf_counter()
    with rules_only():
        scored = _scored(args.corpus, "train-types")
    examples = [ex for items in scored.values() for s in items for ex in s.examples]
    weights = fit(examples, l2=args.l2)
    about = {"trained_on": [Path(p).name for p in args.corpus],
             "records": sum(len(v) for v in scored.values()), "examples": len(examples),
             "scored_examples": sum(ex.gold is not None for ex in examples), "l2": args.l2, "min_count": MIN_COUNT}
    data = model_to_dict(CLASSES, weights, about=about)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(_model_json(data), encoding="utf-8")
    tmp.replace(out)
    print(f"train-types: {len(data['weights'])} features, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    json.dump({"model": str(out), "records": about["records"], "examples": len(examples),
               "features": len(data["weights"])}, sys.stdout)
    sys.stdout.write("\n")
    return 0


def _model_json(data: dict) -> str:
    """The model file's JSON: one line per feature, so a retrained model's diff reads feature by feature."""
    head = {k: v for k, v in data.items() if k != "weights"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
    items = list(data["weights"].items())
    for i, (name, ws) in enumerate(items):
        lines.append(json.dumps(name, ensure_ascii=False) + ": " + json.dumps(ws) + ("," if i < len(items) - 1 else ""))
    lines.append("}}")
    return "\n".join(lines) + "\n"


def _cases(items, predicted_of):
    from timeline.evaluation.types import NO_EVENT, TypeCase, actors_match, anchor_events, gold_sources, score_case

    out = []
    for s in items:
        if predicted_of is None:
            out.append(score_case(s.record, s.events))
            continue
        tied = anchor_events(s.record, s.events)
        event = tied[0] if tied else None
        sources = gold_sources(s.record)
        pred = predicted_of(s, event) if event is not None else NO_EVENT
        out.append(TypeCase(id=str(s.record.get("id", "")), gold_type=s.record["event"], gold_sources=sources,
                            predicted_type=pred, actors=tuple(event.actors) if event else (),
                            actor_hit=bool(event) and actors_match(event.actors, sources)))
    return out


def run_cv(args) -> int:
    from timeline.cli import UsageError
    from timeline.evaluation.types import figures, table
    from timeline.evaluation.type_train import L2, cross_validate

    if args.cv < 2:
        raise UsageError(f"--cv needs at least 2 folds, got {args.cv}")
    try:
        l2s = [float(x) for x in args.l2.split(",")] if args.l2 else [L2]
    except ValueError:
        raise UsageError(f"--l2: expected numbers separated by commas, got {args.l2!r}") from None
    started = time.perf_counter()
    scored = _scored(args.corpus, "eval-types --cv")
    flat = [(path, i, ex) for path, items in scored.items() for i, s in enumerate(items) for ex in s.examples]
    examples = [ex for _, _, ex in flat]
    result: dict = {"folds": args.cv, "corpora": {}, "pooled": {}}

    def report(name: str, cases, key: str, title: str, into: dict):
        figs = figures(cases)
        if args.halves and name != "pooled":
            half = (len(cases) + 1) // 2
            figs["halves"] = {"first": figures(cases[:half]), "second": figures(cases[half:])}
        into[key] = figs
        print(table(figs, title=title), file=sys.stderr)
        for h, hf in figs.get("halves", {}).items():
            print(f"  {h} half: type accuracy {hf['type_accuracy']:.1f}%, macro-F1 {hf['macro_f1']:.1f}",
                  file=sys.stderr)

    pooled_shipped = []
    for path, items in scored.items():
        result["corpora"][path] = {}
        cases = _cases(items, None)
        pooled_shipped += cases
        report(path, cases, "shipped", f"{path} (shipped model; resubstitution where it was trained on it)",
               result["corpora"][path])
    report("pooled", pooled_shipped, "shipped", "pooled (shipped model)", result["pooled"])
    for l2 in l2s:
        held = cross_validate(examples, args.cv, l2=l2)
        first = {}  # (path, record index) -> the prediction for its scored example
        for j, (path, i, ex) in enumerate(flat):
            if ex.gold is not None:
                first[(path, i)] = held[j]
        negatives = [(ex, held[j]) for j, (_, _, ex) in enumerate(flat) if ex.gold is None]
        kept = sum(pred in ex.allowed for ex, pred in negatives)
        key = f"cv l2={l2:g}"
        pooled = []
        for path, items in scored.items():
            index = {id(s): i for i, s in enumerate(items)}
            cases = _cases(items, lambda s, event, path=path, index=index: first.get((path, index[id(s)]),
                                                                                   event.type))
            pooled += cases
            report(path, cases, key, f"{path} ({args.cv}-fold CV, L2 {l2:g})", result["corpora"][path])
        report("pooled", pooled, key, f"pooled ({args.cv}-fold CV, L2 {l2:g})", result["pooled"])
        result["pooled"][key]["other_clauses_kept"] = {
            "clauses": len(negatives), "kept_statement_or_other": round(100 * kept / max(1, len(negatives)), 1)}
        print(f"  other clauses (rules: STATEMENT/OTHER) kept so by the held-out model: {kept}/{len(negatives)}",
              file=sys.stderr)
    result["seconds"] = round(time.perf_counter() - started, 1)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0
