"""Ingest speed: articles/s into a fresh SQLite store over the dev corpora, and `timeline events` cold start.

    .venv/bin/python benchmarks/ingest_speed.py [--workers 1,2] [CORPUS.jsonl ...]

Each worker count ingests the same files into a fresh store. One worker analyses in this process, its models
loaded before the clock starts (steady state); with more, the clock includes the pool's start (each worker
loads the models itself), as `python -m timeline ingest --workers N` runs.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared/eval/geoparsing/trnews-dev.jsonl", ROOT.parent / "shared/eval/geoparsing/lgl-dev.jsonl"]


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated (default 1,2)")
    ap.add_argument("corpora", nargs="*", metavar="CORPUS.jsonl")
    args = ap.parse_args()
    counts_asked = [int(n) for n in args.workers.split(",")]
    paths = [Path(p) for p in args.corpora] or DEFAULT
    docs = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").split("\n") if line.strip()]
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "timeline", "events", str(ROOT / "seeds/libya-channel-2016-01-31.md")],
                   cwd=ROOT, check=True, capture_output=True)
    cold = time.perf_counter() - t
    print(f"`python -m timeline events` on the seed, cold: {cold:.2f} s")

    from timeline.events import analyse_article, default_pipeline
    from timeline.ingest import ingest
    from timeline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for d in docs:
            published = d.get("published") or "2016-01-01"
            (folder / f"{d['id']}.md").write_text(
                f"---\ntitle: {d['id']}\nsource: {d['corpus']}\npublished: {published}\n---\n{d['text']}", encoding="utf-8")
        default_pipeline()  # models loaded before the clock starts: this measures steady-state ingest
        figures = {"events_cold_s": round(cold, 2)}
        for workers in counts_asked:
            with Store.open(str(Path(tmp) / f"bench-{workers}.sqlite")) as store:
                t = time.perf_counter()
                report = ingest([folder], store=store, analyse=analyse_article, workers=workers)
                secs = time.perf_counter() - t
                counts = store.count()
            print(f"ingest, {workers} worker(s): {report.articles} articles, {report.events} events in {secs:.1f} s "
                  f"= {report.articles / secs:.1f} articles/s ({len(report.failed)} failed); store {counts}")
            figures[f"workers_{workers}"] = {"articles": report.articles, "events": report.events,
                                             "seconds": round(secs, 1),
                                             "articles_per_s": round(report.articles / secs, 1)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
