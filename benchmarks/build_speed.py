"""Corpus build speed: `timeline build` with 1 and with 2 local workers, and the one-process `timeline.ingest`.

    .venv/bin/python benchmarks/build_speed.py [--partition-size N] [CORPUS.jsonl ...]

Reads the dev corpora by path (default: TR-News and LGL dev, ../shared/eval/geoparsing/); articles/s counts from
the workers being ready (pipeline loaded) to the last commit, so both runs measure steady-state analysis. The
single-process figure is `timeline.ingest` into a fresh SQLite store over the same articles (written as .md
files to a temporary folder: ingest reads files), models loaded before its clock starts. Peak memory is each
worker process's maximum resident set.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The corpora sit in shared/ beside the project's checkout (or beside the folder of its worktrees).
EVAL = next((d / "shared/eval/geoparsing" for d in ROOT.parents if (d / "shared/eval").is_dir()),
            ROOT.parent / "shared/eval/geoparsing")
DEFAULT = [EVAL / "trnews-dev.jsonl", EVAL / "lgl-dev.jsonl"]
sys.path.insert(0, str(ROOT))


def single_process_rate(paths: list[Path], tmp: Path) -> tuple[int, float]:
    from timeline.events import analyse_article, default_pipeline
    from timeline.ingest import ingest
    from timeline.store import Store

    folder = tmp / "articles"
    folder.mkdir()
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines: texts hold U+2028
            if line.strip():
                d = json.loads(line)
                front = f"---\ntitle: {d['id']}\npublished: {d.get('published') or '2016-01-01'}\n---\n"
                (folder / f"{d['id']}.md").write_text(front + d["text"], encoding="utf-8")
    default_pipeline()
    with Store.open(tmp / "bench.sqlite") as store:
        t = time.perf_counter()
        report = ingest([folder], store=store, analyse=analyse_article)
        secs = time.perf_counter() - t
    return report.articles, report.articles / secs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--partition-size", type=int, default=10)
    args = parser.parse_args()

    from timeline.corpus.build import build

    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            r = build(args.corpora, Path(tmp) / f"ds{workers}", workers=workers, partition_size=args.partition_size)
            rate = r.articles / r.seconds
            figures[workers] = rate
            print(f"build, {workers} worker(s): {r.articles} articles, {r.events} events in {r.seconds:.1f} s "
                  f"= {rate:.1f} articles/s (startup {r.startup_seconds:.1f} s, {len(r.failed)} failed); "
                  f"peak memory per worker {', '.join(f'{m:.0f}' for m in r.worker_peak_mb)} MB", flush=True)
            figures[f"peak_mb_{workers}"] = max(r.worker_peak_mb)
            # On a shared machine the wall clock also counts other programs' turns; CPU time does not.
            print(f"  workers' CPU: {r.worker_cpu_seconds:.1f} s = {r.articles / r.worker_cpu_seconds:.1f} articles "
                  f"per CPU-second; CPU busy {r.worker_cpu_seconds / (r.seconds * workers):.0%} of the "
                  f"{workers} worker(s)' wall time", flush=True)
        n, single = single_process_rate(args.corpora, Path(tmp))
    print(f"single-process ingest: {n} articles at {single:.1f} articles/s")
    print(f"scaling 2 vs 1 worker: {figures[2] / figures[1]:.2f}x; "
          f"2 workers vs single-process ingest: {figures[2] / single:.2f}x")
    print(json.dumps({"articles_per_s_1": round(figures[1], 2), "articles_per_s_2": round(figures[2], 2),
                      "scaling": round(figures[2] / figures[1], 2), "ingest_articles_per_s": round(single, 2),
                      "ratio_to_ingest": round(figures[2] / single, 2),
                      "peak_mb_per_worker": round(max(figures["peak_mb_1"], figures["peak_mb_2"]))}))


if __name__ == "__main__":
    main()
