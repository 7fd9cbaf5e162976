"""The build's incidents pass at scale: a replicated dataset's leads merged in the driver and on a Dask cluster.

    .venv/bin/python benchmarks/merge_speed.py [--articles 100000] [--dataset DIR] [--templates FILE]
        [--events-per-article 4] [--workers 2] [--block-leads 5000] [--sample 200] [--passes driver,cluster]

The dataset is make_big_store's (``--dataset``): ``--articles`` replicas of real analyses, committed by
``unit_tables`` and ``Dataset.commit`` as a build's units are, so its ``leads`` table is the one a build writes
(checked: a lead row for every article whose lead the reader finds). It is made at ``--dataset`` when missing
and kept there, so the passes can be timed again without making it.

Each pass runs in a process of its own (this script again, with ``--one-pass``), so its peak resident memory
(VmHWM) is the pass's alone; on a shared machine the wall clock counts the others' turns too, so each pass also
says its CPU seconds (the driver process's, and each worker's on the cluster):
- driver: ``timeline.dataset.incidents.write_incidents``, the leads read, merged and the incidents written;
- cluster: ``write_incidents_on`` on a LocalCluster of ``--workers`` processes of one thread (as the build
  starts), timed from the workers being up; the peak of the driver process and of each worker. A build's
  workers also hold the analysis pipeline when the pass runs; these are the merge's (and Dask's) alone.
The two passes' incidents are compared: how many are the same set of articles, and the pairwise precision and
recall of the cluster pass's against the driver pass's (pairs of articles put in one incident).

The build without merging: ``timeline build`` on ``--workers`` local workers over ``--sample`` dev articles
(build_speed's way: articles per second from the workers being ready to the last commit; the last pass is not
in it), and the build of ``--articles`` at that rate, labelled ``estimated_build_seconds`` (measured rate x N,
not a run of N). Prints each step to stderr and one JSON object of figures to stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- the dataset ---------------------------------------------------------------------------------------------

def ensure_dataset(path: Path, args) -> dict:
    """The replicated dataset at ``path`` (made when missing); its articles and lead rows."""
    import pyarrow.parquet as pq

    from timeline.dataset.parquet import Dataset

    made = None
    if not path.exists():
        import make_big_store

        log(f"merge_speed: making {args.articles} replicated articles at {path}")
        made = make_big_store.build(path, articles=args.articles, events_per_article=args.events_per_article,
                                    real=args.real, seed=args.seed, dataset=True,
                                    templates_cache=Path(args.templates) if args.templates else None)
    ds = Dataset(path)
    articles = sum(pq.read_metadata(f).num_rows for f in ds.files("articles"))
    leads = sum(pq.read_metadata(f).num_rows for f in ds.files("leads"))
    if not leads:
        raise SystemExit(f"merge_speed: {path} has no leads table rows; not a dataset a build writes")
    return {"articles": articles, "leads": leads, "made_seconds": made["seconds"] if made else None}


# --- one pass, in a process of its own -----------------------------------------------------------------------

def one_pass(kind: str, dataset: str, workers: int, block_leads: int) -> dict:
    import logging

    import pyarrow.parquet as pq

    from timeline.corpus.build import worker_peak_mb
    from timeline.dataset.incidents import write_incidents, write_incidents_on
    from timeline.dataset.parquet import Dataset

    ds = Dataset(dataset)
    before = worker_peak_mb()
    out: dict = {"pass": kind}
    if kind == "driver":
        t, cpu = time.perf_counter(), time.process_time()
        out["incidents"] = write_incidents(ds)
        out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, time.process_time() - cpu
    else:
        import dask
        from distributed import Client, LocalCluster

        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.ERROR)
        with cluster, Client(cluster) as client:
            client.wait_for_workers(workers)
            cpu_before, t, cpu = client.run(time.process_time), time.perf_counter(), time.process_time()
            out["incidents"], out["blocks"] = write_incidents_on(ds, client, block_leads=block_leads)
            out["seconds"], out["cpu_seconds"] = time.perf_counter() - t, time.process_time() - cpu
            cpu_after = client.run(time.process_time)
            out["worker_cpu_seconds"] = sorted(round(cpu_after[w] - cpu_before[w], 1) for w in cpu_after)
            out["worker_peak_mb"] = sorted(round(v) for v in client.run(worker_peak_mb).values())
    out["process_peak_mb"] = round(worker_peak_mb())
    out["process_mb_before"] = round(before)
    [path] = ds.files("incidents")
    out["groups"] = [list(ids) for ids in pq.read_table(path, columns=["article_ids"])["article_ids"].to_pylist()]
    return out


def run_pass(kind: str, args) -> dict:
    log(f"merge_speed: {kind} pass (load {load()})")
    done = subprocess.run([sys.executable, __file__, "--one-pass", kind, "--dataset", str(args.dataset),
                           "--workers", str(args.workers), "--block-leads", str(args.block_leads)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"merge_speed: the {kind} pass failed: {done.stderr.strip()[-2000:]}")
    result = json.loads(done.stdout)
    result["load_after"] = load()
    log(f"  {result['incidents']} incidents in {result['seconds']:.1f} s, process peak {result['process_peak_mb']} MB"
        + (f", workers {result['worker_peak_mb']} MB" if "worker_peak_mb" in result else ""))
    return result


def agreement(reference: list[list[str]], other: list[list[str]]) -> dict:
    """How far ``other``'s incidents are ``reference``'s: identical incidents, and pairwise precision/recall."""
    def pairs(sizes) -> int:
        return sum(n * (n - 1) // 2 for n in sizes)

    of_ref = {a: k for k, ids in enumerate(reference) for a in ids}
    both = pairs(Counter((of_ref[a], k) for k, ids in enumerate(other) for a in ids).values())
    ref_pairs, other_pairs = pairs(map(len, reference)), pairs(map(len, other))
    same = len({frozenset(g) for g in reference} & {frozenset(g) for g in other})
    return {"identical_incidents": same, "of_reference": len(reference),
            "pair_precision": round(both / other_pairs, 4) if other_pairs else 1.0,
            "pair_recall": round(both / ref_pairs, 4) if ref_pairs else 1.0}


# --- the build without merging -------------------------------------------------------------------------------

def build_rate(sample: int, workers: int) -> dict:
    """Articles per second of `timeline build` on ``workers`` local workers over ``sample`` dev articles."""
    from build_speed import DEFAULT, build_run

    lines = [[line for line in p.read_text(encoding="utf-8").split("\n") if line.strip()] for p in DEFAULT]
    mixed = [line for pair in zip(*lines) for line in pair] + lines[1][len(lines[0]):]  # lgl-dev is the longer
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "sample.jsonl"
        corpus.write_text("\n".join(mixed[:sample]) + "\n", encoding="utf-8")
        log(f"merge_speed: build of {min(sample, len(mixed))} dev articles on {workers} workers (load {load()})")
        run = build_run([corpus], Path(tmp) / "ds", workers, 10)
    run["load_after"] = load()
    log(f"  {run['articles']} articles at {run['rate']:.2f} articles/s")
    return run


def main() -> None:
    ap = argparse.ArgumentParser(prog="merge_speed.py", description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--dataset", type=Path, help="the replicated dataset (made when missing; default: a folder "
                                                   "named for --articles in the system's temporary folder)")
    ap.add_argument("--templates", help="make_big_store's --templates: analysed templates kept between runs")
    ap.add_argument("--events-per-article", type=int, default=4)
    ap.add_argument("--real", type=int, default=150)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--block-leads", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=200, help="dev articles the build rate is measured on (0: not)")
    ap.add_argument("--passes", default="driver,cluster")
    ap.add_argument("--one-pass", choices=("driver", "cluster"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_pass:
        print(json.dumps(one_pass(args.one_pass, str(args.dataset), args.workers, args.block_leads)))
        return
    args.dataset = args.dataset or Path(tempfile.gettempdir()) / f"merge-speed-{args.articles}"
    figures: dict = {"load_before": load(), "cpus": os.cpu_count(), "dataset": str(args.dataset),
                     **ensure_dataset(args.dataset, args)}
    passes = {kind: run_pass(kind, args) for kind in args.passes.split(",")}
    if {"driver", "cluster"} <= passes.keys():
        figures["agreement"] = agreement(passes["driver"]["groups"], passes["cluster"]["groups"])
    for kind, result in passes.items():
        del result["groups"]
        figures[kind] = {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}
    if args.sample:
        run = build_rate(args.sample, args.workers)
        figures["build_without_merging"] = {
            "sample_articles": run["articles"], "articles_per_s": round(run["rate"], 3),
            "worker_peak_mb": round(run["peak_mb"]), "load_after": run["load_after"],
            "estimated_build_seconds": round(figures["articles"] / run["rate"]),
            "estimate": f"measured rate x {figures['articles']} articles, not a run of that many"}
        for kind in passes:
            figures[f"{kind}_pass_over_estimated_build"] = round(
                passes[kind]["seconds"] / figures["build_without_merging"]["estimated_build_seconds"], 4)
    figures["load_after"] = load()
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
