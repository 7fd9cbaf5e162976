"""Time and peak memory of `geo parse` and `timeline events` on one long article: 10k, 100k and 1,000,000 characters.

    .venv/bin/python benchmarks/long_articles.py [--sizes 10000,100000,1000000] [--commands geo,events]
                                                 [--text seed|many-names|one-word]

Each long text repeats the seed article's body, each copy with its places swapped for other real places
(so the detector and the resolver see many distinct names, as in a long real report), cut at a word boundary
to the size. ``--text many-names`` writes short paragraphs instead, each naming three towns of the index that
no other paragraph names (tens of thousands of distinct names at 1,000,000 characters: the resolver's work
per distinct name must not grow with their number); ``--text one-word`` paragraphs of one word each ("A."). Each command runs as its own process; time is wall seconds, memory the process's peak RSS
(``wait4``). Targets (issue #11): 1,000,000 characters within 12x the time of 100,000, peak <= 1.5 GB.
The index must be built already (``python -m geo index``).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds/libya-channel-2016-01-31.md"
# The seed's own places and, per copy, the real places put in their stead (cycled).
SEED_PLACES = ("Sirte", "Raqqa", "Mosul", "Tripoli", "Benghazi")
OTHER_PLACES = (
    "Aleppo", "Homs", "Kirkuk", "Basra", "Misrata", "Derna", "Tobruk", "Sabha", "Tunis", "Sfax", "Cairo",
    "Alexandria", "Amman", "Beirut", "Damascus", "Baghdad", "Erbil", "Ankara", "Izmir", "Athens", "Valletta",
    "Palermo", "Naples", "Marseille", "Lyon", "Madrid", "Seville", "Lisbon", "Algiers", "Oran", "Rabat", "Fez",
    "Niamey", "Agadez", "Khartoum", "Nairobi", "Mogadishu", "Sanaa", "Aden", "Riyadh", "Jeddah", "Doha", "Dubai",
    "Muscat", "Tehran", "Kabul", "Karachi", "Lahore", "Delhi", "Dhaka",
)
SIZES = (10_000, 100_000, 1_000_000)
COMMANDS = {
    "geo": lambda path: [sys.executable, "-m", "geo", "parse", str(path), "--demonyms"],
    "events": lambda path: [sys.executable, "-m", "timeline", "events", str(path), "--published", "2016-01-31"],
}
MAX_RATIO = 12.0
MAX_PEAK_MIB = 1536


def long_text(chars: int) -> str:
    """The seed body repeated with varied places, cut at the last space before ``chars`` characters."""
    from articles import split_front_matter

    body = split_front_matter(SEED.read_text(encoding="utf-8"))[1].strip()
    parts, total, copy = [], 0, 0
    while total < chars:
        text = body
        for k, place in enumerate(SEED_PLACES):
            text = text.replace(place, OTHER_PLACES[(copy * len(SEED_PLACES) + k) % len(OTHER_PLACES)])
        parts.append(text)
        total += len(text) + 2
        copy += 1
    joined = "\n\n".join(parts)[:chars]
    return joined[: joined.rfind(" ")] if len(joined) == chars else joined


def many_names_text(chars: int) -> str:
    """Paragraphs of three towns each, every town's name used once, the most populous first, to ``chars``."""
    import sqlite3

    from geo.index import Gazetteer

    con = sqlite3.connect(f"file:{Gazetteer.open(quiet=True).path}?mode=ro", uri=True)
    names = (row[0] for row in con.execute(
        "SELECT name FROM entries WHERE feature_code LIKE 'PPL%' AND name GLOB '[A-Z][a-z]*' "
        "AND name NOT GLOB '*[^A-Za-z ]*' GROUP BY name ORDER BY MAX(population) DESC"))
    parts, total = [], 0
    while total < chars:
        a, b, c = next(names), next(names), next(names)
        parts.append(f"Officials from {a} met delegates of {b} in {c} on Monday, the ministry said.")
        total += len(parts[-1]) + 2
    con.close()
    joined = "\n\n".join(parts)[:chars]
    return joined[: joined.rfind(" ")] if len(joined) == chars else joined


def one_word_text(chars: int) -> str:
    """Paragraphs of one word each ("A." lines), to ``chars``: the most paragraphs (and sentences) a text of
    that size can have (issue #18: 300 s and 1.15 GB at 400,000 characters where prose took 98 s)."""
    return "\n\n".join(["A."] * ((chars + 2) // 4))[:chars].rstrip()


TEXTS = {"seed": long_text, "many-names": many_names_text, "one-word": one_word_text}


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one process; its output is checked to be JSON."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}: {err.read().decode()[-500:]}")
        out.seek(0)
        json.loads(out.read())
    return seconds, usage.ru_maxrss // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated character counts")
    ap.add_argument("--commands", default=",".join(COMMANDS), help="comma-separated: geo, events")
    ap.add_argument("--text", choices=TEXTS, default="seed", help="the seed's body repeated (default), "
                    "paragraphs of distinct town names, or one-word paragraphs")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    subprocess.run([sys.executable, "-m", "geo", "index"], cwd=ROOT, check=True, capture_output=True)
    results: dict[str, dict[int, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.commands.split(","):
            results[name] = {}
            for size in sizes:
                path = Path(tmp) / f"long-{size}.txt"
                if not path.exists():
                    path.write_text(TEXTS[args.text](size), encoding="utf-8")
                seconds, peak = run(COMMANDS[name](path))
                results[name][size] = (seconds, peak)
                print(f"{name:6s} {size:>9,} chars: {seconds:7.1f} s, peak RSS {peak:5d} MiB", flush=True)
    for name, by_size in results.items():
        if 100_000 in by_size and 1_000_000 in by_size:
            ratio = by_size[1_000_000][0] / by_size[100_000][0]
            peak = by_size[1_000_000][1]
            verdict = "PASS" if ratio <= MAX_RATIO and peak <= MAX_PEAK_MIB else "SHORT"
            print(f"{name}: 1M / 100k time {ratio:.1f}x (target <= {MAX_RATIO:g}x), 1M peak {peak} MiB "
                  f"(target <= {MAX_PEAK_MIB}) {verdict}")
    print(json.dumps({name: {str(s): {"seconds": round(t, 2), "peak_mib": m} for s, (t, m) in v.items()}
                      for name, v in results.items()}))


if __name__ == "__main__":
    main()
