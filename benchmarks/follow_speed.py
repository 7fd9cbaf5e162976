"""`follow` speed: a round over one feed of 200 new articles (fetch from a loopback server included), then a
round over 20 unchanged feeds (each answers 304). Prints the figures with the machine's load (`uptime`).

    .venv/bin/python -m benchmarks.follow_speed [--articles 200] [--feeds 20] [--host-delay 1] [--workers 2] [CORPUS.jsonl]

The pages are built from the texts of the LGL dev corpus (shared/eval/geoparsing/lgl-dev.jsonl, read by path,
never copied); the models are loaded before the clock starts, as in ingest_speed.py. The reader is `follow`'s:
the per-host delay is the command's default (1 s; a loopback host is not paced). Besides the wall time it prints
the CPU time of the process (the analysis, the fetch threads and the loopback server's threads), the figure that
holds on a loaded machine.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

# The loopback feed server is the tests' own (tests/feeds_loopback_server.py): run as a module from the
# checkout's root (`python -m benchmarks.follow_speed`), which puts the root, and so `tests`, on the path.
from tests.feeds_loopback_server import LGL_DEV, LoopbackSite, Route, corpus_articles, rss


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(LGL_DEV))
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--host-delay", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2,
                    help="analysis processes (the command's default 2); with 1 the analysis's own time is split out")
    args = ap.parse_args()

    from timeline.events import analyse_article, default_pipeline
    from timeline.fetch import Fetcher
    from timeline.follow import Follower, HostPacer, LinkReader
    from timeline.store import Store

    docs = corpus_articles(args.articles, path=Path(args.corpus), min_words=0)
    default_pipeline()
    with LoopbackSite() as site, tempfile.TemporaryDirectory() as tmp:
        urls = [site.add_article(f"/a/{i}.html", d) for i, d in enumerate(docs)]
        items = [(u, d["title"], d.get("published") or "2009-03-01") for u, d in zip(urls, docs)]
        site.routes["/big.rss"] = Route(rss(items), content_type="application/rss+xml", etag='"big"')
        small = [site.url(f"/f/{i}.rss") for i in range(args.feeds)]
        for i, u in enumerate(small):
            site.routes[f"/f/{i}.rss"] = Route(rss(items[i:i + 1]), content_type="application/rss+xml",
                                               etag=f'"f{i}"')
        with Store.open(str(Path(tmp) / "bench.sqlite")) as store:
            spent = [0.0]

            def timed(article):  # the analysis alone, to tell its share from fetching and storing
                t0 = time.perf_counter()
                try:
                    return analyse_article(article)
                finally:
                    spent[0] += time.perf_counter() - t0

            # Worker processes take the analysis by name (a module-level function) and load the models on
            # their first article, inside the clock, as `follow --workers N` does.
            reader = LinkReader(store=store, analyse=timed if args.workers == 1 else analyse_article,
                                fetcher=Fetcher(allow_private=True), pacer=HostPacer(args.host_delay),
                                analysis_workers=args.workers)
            print(f"load before: {load()}")
            t, cpu = time.perf_counter(), time.process_time()
            r = Follower([site.url("/big.rss")], reader=reader).round(1)
            secs, cpu = time.perf_counter() - t, time.process_time() - cpu
            print(f"load after:  {load()}")
            own = (f"of which the analysis {spent[0]:.1f} s ({r['articles'] / spent[0]:.1f} articles/s on its own); "
                   f"CPU {cpu:.1f} s = {r['articles'] / cpu:.1f} articles per CPU second" if spent[0] else
                   f"the analysis in {args.workers} worker processes")
            print(f"follow (host delay {args.host_delay:g} s), 1 feed of {len(docs)} new articles: "
                  f"{r['articles']} stored ({len(r['failed'])} failed, {len(r['skipped'])} skipped), {r['events']} "
                  f"events in {secs:.1f} s = {r['articles'] / secs:.1f} articles/s; {own}")
            follower = Follower(small, reader=reader)
            follower.round(1)  # first read: entries already stored, ETags kept
            t = time.perf_counter()
            r2 = follower.round(2)
            secs2 = time.perf_counter() - t
            unchanged = sum(f["status"] == "unchanged" for f in r2["feeds"])
            print(f"follow, a round over {len(small)} unchanged feeds: {unchanged} answered 304, {secs2:.3f} s")
            print(f"load after:  {load()}")
    print(json.dumps({"articles": r["articles"], "articles_per_s": round(r["articles"] / secs, 1),
                      "workers": args.workers,
                      "articles_per_cpu_s": round(r["articles"] / cpu, 1) if args.workers == 1 else None,
                      "unchanged_feeds": unchanged, "unchanged_round_s": round(secs2, 3)}))


if __name__ == "__main__":
    main()
