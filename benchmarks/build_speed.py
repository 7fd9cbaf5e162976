"""Corpus build speed: `timeline build` with 1 and with 2 local workers, and the one-process `timeline.ingest`.

    .venv/bin/python benchmarks/build_speed.py [--runs N] [--partition-size N] [CORPUS.jsonl ...]

Reads the dev corpora by path (default: TR-News and LGL dev, shared/eval/geoparsing/). A build's articles/s
counts from the workers being ready (pipeline loaded) to the last commit, so both measure steady-state
analysis. The single-process figure is `timeline.ingest` into a fresh SQLite store over the same articles
(written as .md files to a temporary folder: ingest reads files), models loaded before its clock starts.
Peak memory is each worker process's maximum resident set. The three runs alternate ``--runs`` times and the
best of each is kept (on a shared machine the others' load only slows a run down); CPU seconds are printed
too, as the wall clock also counts other programs' turns.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The corpora sit in shared/ beside the project's checkout (or beside the folder of its worktrees).
EVAL = next((d / "shared/eval/geoparsing" for d in ROOT.parents if (d / "shared/eval").is_dir()),
            ROOT.parent / "shared/eval/geoparsing")
DEFAULT = [EVAL / "trnews-dev.jsonl", EVAL / "lgl-dev.jsonl"]


def write_articles(paths: list[Path], folder: Path) -> None:
    folder.mkdir()
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: texts hold U+2028
            if line.strip():
                d = json.loads(line)
                front = f"---\ntitle: {d['id']}\npublished: {d.get('published') or '2016-01-01'}\n---\n"
                (folder / f"{d['id']}.md").write_text(front + d["text"], encoding="utf-8")


def ingest_run(folder: Path, db: Path) -> dict:
    from timeline.events import analyse_article, default_pipeline
    from timeline.ingest import ingest
    from timeline.store import Store

    default_pipeline()
    with Store.open(db) as store:
        t, cpu = time.perf_counter(), time.process_time()
        report = ingest([folder], store=store, analyse=analyse_article)
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"articles": report.articles, "rate": report.articles / secs, "cpu_rate": report.articles / cpu,
            "busy": cpu / secs}


def build_run(paths: list[Path], out: Path, workers: int, partition_size: int) -> dict:
    from timeline.corpus.build import build

    r = build(paths, out, workers=workers, partition_size=partition_size)
    return {"articles": r.articles, "events": r.events, "failed": len(r.failed), "rate": r.articles / r.seconds,
            "cpu_rate": r.articles / r.worker_cpu_seconds, "busy": r.worker_cpu_seconds / (r.seconds * workers),
            "peak_mb": max(r.worker_peak_mb), "startup": r.startup_seconds}


def show(name: str, run: dict) -> None:
    extra = f", peak memory per worker {run['peak_mb']:.0f} MB, startup {run['startup']:.1f} s" if "peak_mb" in run else ""
    print(f"{name}: {run['articles']} articles at {run['rate']:.1f} articles/s ({run['cpu_rate']:.1f} per CPU-second, "
          f"CPU busy {run['busy']:.0%}{extra})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--partition-size", type=int, default=10)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_articles(args.corpora, tmp / "articles")
        for k in range(args.runs):
            for name, run in (("1 worker", lambda: build_run(args.corpora, tmp / f"ds1-{k}", 1, args.partition_size)),
                              ("2 workers", lambda: build_run(args.corpora, tmp / f"ds2-{k}", 2, args.partition_size)),
                              ("ingest", lambda: ingest_run(tmp / "articles", tmp / f"ingest-{k}.sqlite"))):
                result = run()
                show(f"run {k + 1}, {name}", result)
                if name not in best or result["rate"] > best[name]["rate"]:
                    best[name] = result
    one, two, single = best["1 worker"], best["2 workers"], best["ingest"]
    peak = max(one["peak_mb"], two["peak_mb"])
    print(f"best of {args.runs}: 1 worker {one['rate']:.1f}, 2 workers {two['rate']:.1f}, single-process ingest "
          f"{single['rate']:.1f} articles/s; scaling {two['rate'] / one['rate']:.2f}x (target 1.7x); 2 workers vs "
          f"ingest {two['rate'] / single['rate']:.2f}x; peak memory per worker {peak:.0f} MB (target 1024)")
    print(json.dumps({"articles_per_s_1": round(one["rate"], 2), "articles_per_s_2": round(two["rate"], 2),
                      "scaling": round(two["rate"] / one["rate"], 2), "ingest_articles_per_s": round(single["rate"], 2),
                      "ratio_to_ingest": round(two["rate"] / single["rate"], 2), "peak_mb_per_worker": round(peak),
                      "cpu_rate_1": round(one["cpu_rate"], 2), "cpu_rate_2": round(two["cpu_rate"], 2),
                      "ingest_cpu_rate": round(single["cpu_rate"], 2)}))


if __name__ == "__main__":
    main()
