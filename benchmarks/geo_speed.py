"""Geoparser speed and memory: docs/s in --jsonl mode, cold start, peak memory, and the ratio to bare spaCy.

    .venv/bin/python benchmarks/geo_speed.py [CORPUS.jsonl ...]

Defaults to the dev corpora in ../shared/eval/geoparsing. Prints one figure a line and a JSON summary.
The index must be built already (``python -m geo index``): cold start measures a ready machine.
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared/eval/geoparsing/trnews-dev.jsonl", ROOT.parent / "shared/eval/geoparsing/lgl-dev.jsonl"]
SEED = ROOT / "seeds/libya-channel-2016-01-31.md"


def child(args: list[str], stdin: bytes | None = None) -> tuple[float, int, bytes]:
    """Wall seconds and peak RSS (MiB) of one `python -m geo ...` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024, proc.stdout


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    docs = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").split("\n") if line.strip()]
    texts = [d["text"] for d in docs]
    jsonl = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs).encode()
    subprocess.run([sys.executable, "-m", "geo", "index"], cwd=ROOT, check=True, capture_output=True)

    colds = [child(["parse", str(SEED), "--demonyms"])[0] for _ in range(3)]
    print(f"cold start (python -m geo parse seed): median {statistics.median(colds):.2f} s, runs {[round(c, 2) for c in colds]}")

    results = {"documents": len(texts), "cold_start_s": round(statistics.median(colds), 2)}
    for procs in (1, 2):
        secs, peak, out = child(["parse", "--jsonl", "--demonyms", "--processes", str(procs)], jsonl)
        assert out.count(b"\n") == len(texts)
        print(f"--jsonl --processes {procs}: {len(texts)} docs in {secs:.1f} s = {len(texts) / secs:.1f} docs/s "
              f"(whole command, start-up included); peak RSS {peak} MiB")
        results[f"docs_per_s_p{procs}"] = round(len(texts) / secs, 1)
        results[f"peak_rss_mib_p{procs}"] = peak

    from geo.nlp import load_nlp
    from geo.parser import GeoparseSettings, Geoparser

    geoparser = Geoparser(settings=GeoparseSettings(demonyms=True))
    nlp = geoparser.nlp
    list(nlp.pipe(texts[:5]))  # warm up both
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - t
    t = time.perf_counter()
    for _ in geoparser.parse_many(texts):
        pass
    full = time.perf_counter() - t
    full_nlp = load_nlp()
    t = time.perf_counter()
    for _ in full_nlp.pipe(texts, batch_size=32):
        pass
    bare_default = time.perf_counter() - t
    print(f"bare spaCy nlp.pipe, the pipeline geo uses ({', '.join(nlp.pipe_names)}): {bare:.1f} s")
    print(f"bare spaCy nlp.pipe, the model's full default pipeline: {bare_default:.1f} s")
    print(f"full geoparse, same documents, in-process: {full:.1f} s = {len(texts) / full:.1f} docs/s")
    print(f"ratio geoparse / bare spaCy (same pipeline): {full / bare:.2f}x; vs full default pipeline: {full / bare_default:.2f}x")
    results.update(bare_spacy_s=round(bare, 2), bare_spacy_default_s=round(bare_default, 2), geoparse_s=round(full, 2),
                   ratio=round(full / bare, 2), ratio_vs_default=round(full / bare_default, 2))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
