"""``python -m geo``: parse articles into place records, evaluate, manage the index.

JSON goes to stdout, diagnostics to stderr. Errors are one line, ``python -m geo: error: message`` (argparse's
own format): exit 2 for what the user got wrong (arguments, input files, corpora, supplements), exit 1 for
the other errors geo raises on purpose (no spaCy model, an index that cannot be built). Any other exception
is a bug and ends in a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import deque
from pathlib import Path

from articles import InputError, check_text, parse_date, read_article
from geo.exc import CorpusError, GeoError, SupplementError

# What the user got wrong: exit 2, like argparse's own usage errors.
USAGE_ERRORS = (InputError, CorpusError, SupplementError)
# Lines parsed together in --jsonl mode (spaCy's own batch size): at most this many, never waiting for more.
JSONL_BATCH = 32
INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C (128 + SIGINT)


def _error_line(prog: str, message: object) -> str:
    return f"{prog}: error: {message}\n"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as every usage error of the project
        self.exit(2, _error_line(self.prog, message))


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m geo", description="Find and place every location in news articles, offline.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("parse", help="print one PLACE record per place mention")
    p.add_argument("file", nargs="?", help="article text (.txt, or .md whose front matter is skipped)")
    p.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines on stdin, print one line each')
    p.add_argument("--published", help="publication date YYYY-MM-DD (checked; places do not depend on it)")
    _common(p)

    e = sub.add_parser("eval", help="score against gold corpora (shared/eval protocol)")
    e.add_argument("corpora", nargs="+", help="corpus .jsonl files")
    e.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    e.add_argument("--errors", type=Path, help="write every miss and misplacement to this JSONL file")
    e.add_argument("--cv", type=int, metavar="K", help="also K-fold figures: a ranker trained on K-1 folds of the "
                   "corpora scores the held-out fold (documents never split), beside the resubstitution figure")
    e.add_argument("--cache", type=Path, help="with --cv: keep the detected spans in this file for the next run")
    _common(e)

    t = sub.add_parser("train", help="fit the ranker on gold corpora and write the model file")
    t.add_argument("corpora", nargs="+", help="corpus .jsonl files")
    t.add_argument("--out", type=Path, default=None, help="model file to write (default: geo/data/ranker-v2.json)")
    t.add_argument("--keeper-out", type=Path, default=None,
                   help="keep/drop model file of spans to write (default: beside --out, 'ranker' read 'keep' in its "
                        "name: geo/data/keep-v2.json)")
    t.add_argument("--cache", type=Path, help="keep the detected spans in this file for the next run")
    _common(t)

    i = sub.add_parser("index", help="build the gazetteer index now and print where it is")
    i.add_argument("--supplement", action="append", default=[], type=Path, help="your own supplement CSV")
    return ap


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--demonyms", action="store_true", help='also report "Libyan", "French" as their countries')
    p.add_argument("--supplement", action="append", default=[], type=Path,
                   help="your own supplement CSV of places (columns in geo/data/README.md); repeatable")
    p.add_argument("--online", action="store_true",
                   help="ask Nominatim (OpenStreetMap) for mentions the offline index cannot place")
    p.add_argument("--user-agent", default=None, help="identify yourself to Nominatim (with --online)")
    p.add_argument("--nominatim-url", default=None, metavar="URL",
                   help="another Nominatim server for --online, e.g. http://localhost:8080 (default: the public "
                        "https://nominatim.openstreetmap.org)")
    p.add_argument("--processes", type=int, default=1, help="spaCy worker processes (default 1)")


def _geoparser(args):
    from geo.parser import GeoparseSettings, Geoparser

    online = None
    if args.online:
        from geo.online import OnlineGeocoder
        from geo.index import default_cache_dir

        kwargs = {"cache_path": default_cache_dir() / "nominatim-cache.sqlite"}
        if args.user_agent:
            kwargs["user_agent"] = args.user_agent
        if args.nominatim_url is not None:
            kwargs["scheme"], kwargs["domain"] = _nominatim_server(args.nominatim_url)
        online = OnlineGeocoder(**kwargs)
    settings = GeoparseSettings(demonyms=args.demonyms, supplements=tuple(args.supplement),
                                n_process=max(1, args.processes))
    return Geoparser(settings=settings, online=online)


def _nominatim_server(url: str) -> tuple[str, str]:
    """(scheme, domain) for geopy from ``--nominatim-url``: ``http(s)://host[:port][/path]``."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"invalid --nominatim-url {url!r}: expected http(s)://host[:port][/path]")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def _records(mentions) -> list[dict]:
    return [m.to_dict() for m in mentions]


def cmd_parse(args) -> int:
    if args.published is not None:
        parse_date(args.published, what="--published")
    if args.jsonl == bool(args.file):
        raise InputError("give either FILE or --jsonl (lines on stdin), not both or neither")
    if args.file:
        from geo.long_docs import parse_long

        body = read_article(args.file, any_suffix=True).text  # a .md file's front matter is skipped
        geoparser = _geoparser(args)
        places = _records(geoparser.parse_doc(parse_long(geoparser.nlp, body)))  # long texts in pieces: memory
        json.dump({"places": places}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        if not places:
            print(f"geo: no places found in {args.file}", file=sys.stderr)
        return 0
    return _parse_jsonl(args)


def _parse_jsonl(args) -> int:
    """One ``{"id", "places"}`` line per good input line, printed as soon as it is parsed; a bad line is
    reported with its number and the others go on (exit 1 when any was bad)."""
    from articles.jsonl import BadLine, read_lines

    stdin = getattr(sys.stdin, "buffer", sys.stdin)  # bytes, decoded line by line (a test may pass text)
    bad = 0
    geoparser = None

    def report(item: BadLine) -> None:
        nonlocal bad
        bad += 1
        print(f"geo: line {item.lineno}: {item.message}", file=sys.stderr, flush=True)

    def answer(item, mentions) -> None:
        doc_id = item.lineno if item.id is None else item.id
        sys.stdout.write(json.dumps({"id": doc_id, "places": _records(mentions)}, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    if args.processes > 1:
        # spaCy's worker processes live for one pipe: one pipe over all lines, answered in batches of its own
        pending: deque = deque()

        def texts():
            for item in read_lines(stdin):
                if isinstance(item, BadLine):
                    report(item)
                else:
                    pending.append(item)
                    yield item.text

        for mentions in _geoparser(args).parse_many(texts()):
            answer(pending.popleft(), mentions)
        return 1 if bad else 0
    from geo.stream import ready_batches

    for batch in ready_batches(read_lines(stdin), max_size=JSONL_BATCH):
        good = []
        for item in batch:
            if isinstance(item, BadLine):
                report(item)
            else:
                good.append(item)
        if good:
            geoparser = geoparser or _geoparser(args)
            for item, mentions in zip(good, _parse_batch(geoparser, [g.text for g in good])):
                answer(item, mentions)
    return 1 if bad else 0


def _parse_batch(geoparser, texts: list[str]) -> list:
    """Mentions per text: the short ones in one spaCy batch, a long one on its own in pieces (memory)."""
    from geo.long_docs import PIECE_CHARS, parse_long

    short = [k for k, t in enumerate(texts) if len(t) <= PIECE_CHARS]
    out: list = [None] * len(texts)
    for k, mentions in zip(short, geoparser.parse_many([texts[k] for k in short])):
        out[k] = mentions
    for k, text in enumerate(texts):
        if out[k] is None:
            out[k] = geoparser.parse_doc(parse_long(geoparser.nlp, text))
    return out


def cmd_eval(args) -> int:
    from geo.evaluate import evaluate, format_table, read_corpus

    if args.cv is not None:
        return _eval_cv(args)
    corpora = {Path(p).stem: read_corpus(p)[: args.limit] for p in args.corpora}
    for name, docs in corpora.items():  # the one size limit, before the model loads
        for n, doc in enumerate(docs, start=1):
            if not isinstance(doc["text"], str):
                raise CorpusError(f"{name}: document {n}: \"text\" is not a string")
            check_text(doc["text"], where=f"{name}: document {n}")
    geoparser = _geoparser(args)
    predictions = {}
    started = time.monotonic()
    try:
        errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    except OSError as exc:  # the user's path: a usage error, not a crash
        raise InputError(f"--errors {args.errors}: cannot write ({exc.strerror})") from None
    for name, docs in corpora.items():
        preds = []
        for n, mentions in enumerate(geoparser.parse_many(d["text"] for d in docs), start=1):
            preds.append(_records(mentions))
            if n % 25 == 0 or n == len(docs):
                print(f"\r{name}: {n}/{len(docs)} documents", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        predictions[name] = preds
        if errors:
            _write_errors(errors, name, docs, preds)
    if errors:
        errors.close()
    report = evaluate(corpora, predictions)
    report["seconds"] = round(time.monotonic() - started, 1)
    print(format_table({k: v for k, v in report.items() if k != "seconds"}), file=sys.stderr)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def _detected(args):
    from geo.detections import detect_corpora

    if args.online:
        raise InputError(f"{args.command}: --online is not for gold corpora (their figures are offline ones)")
    if getattr(args, "limit", None):
        raise InputError("--limit cannot be combined with --cv (the folds are of whole corpora)")
    geoparser = _geoparser(args)
    return geoparser, detect_corpora([Path(p) for p in args.corpora], geoparser, cache=args.cache)


def _eval_cv(args) -> int:
    from geo.evaluate import evaluate, format_table
    from geo.resolve import Resolver
    from geo.train import cross_validate, predict, train_models

    if args.cv < 2:
        raise InputError(f"--cv {args.cv}: need at least 2 folds")
    if args.errors:
        raise InputError("--errors cannot be combined with --cv")
    started = time.monotonic()
    geoparser, docs = _detected(args)
    gaz = geoparser.gazetteer
    corpora: dict[str, list[dict]] = {}
    for d in docs:
        corpora.setdefault(d.corpus, []).append({"toponyms": list(d.toponyms)})
    report = evaluate(corpora, predict(docs, geoparser.resolver))  # the shipped model, as plain eval reports it
    report["resubstitution"] = evaluate(corpora, predict(docs, train_models(docs, gaz).resolver(gaz)))
    report["cv"] = evaluate(corpora, cross_validate(docs, gaz, args.cv))
    report["folds"] = args.cv
    report["seconds"] = round(time.monotonic() - started, 1)
    for label in ("shipped model", "resubstitution", "cv"):
        part = report if label == "shipped model" else report[label]
        print(f"== {label}" + (f" ({args.cv} folds)" if label == "cv" else ""), file=sys.stderr)
        print(format_table({k: part[k] for k in ("overlap", "exact")}), file=sys.stderr)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def _keeper_path(out: Path) -> Path:
    name = out.name.replace("ranker", "keep") if "ranker" in out.name else f"{out.stem}-keep{out.suffix}"
    return out.with_name(name)


def cmd_train(args) -> int:
    from geo.keeper import keeper_to_dict
    from geo.ranker import DEFAULT_MODEL, ranker_to_dict
    from geo.train import train_models

    out = args.out or DEFAULT_MODEL
    keeper_out = args.keeper_out or _keeper_path(out)
    geoparser, docs = _detected(args)
    models = train_models(docs, geoparser.gazetteer, ranker_name=out.name, keeper_name=keeper_out.name)
    counts: dict[str, int] = {}
    for d in docs:
        counts[d.corpus] = counts.get(d.corpus, 0) + 1
    trained_on = {"corpora": counts, "demonyms": args.demonyms}
    files = [
        ("--out", out, ranker_to_dict(models.ranker, about={
            "trained_on": trained_on,
            "trained_by": "python -m geo train (geo/train.py: conditional logit with a 'none' option at 0)"})),
        ("--keeper-out", keeper_out, keeper_to_dict(models.keeper, about={
            "trained_on": trained_on, "ranker": out.name,
            "trained_by": "python -m geo train (geo/train.py: logistic regression on the ranker's choices)"})),
    ]
    for option, path, content in files:
        try:
            path.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{option} {path}: cannot write ({exc.strerror})") from None
    print(json.dumps({"model": str(out), "keeper": str(keeper_out), "documents": len(docs)}))
    return 0


def _write_errors(fh, name, docs, preds) -> None:
    from geo.evaluate import align
    from geo.geometry import haversine_km

    for doc, pred in zip(docs, preds):
        gold = [g for g in doc["toponyms"] if g.get("lat") is not None]
        pairs = dict(align(gold, pred, exact=False))
        for gi, g in enumerate(gold):
            p = pred[pairs[gi]] if gi in pairs else None
            km = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) if p and p["lat"] is not None else None
            if km is None or km > 161:
                ctx = doc["text"][max(0, g["start"] - 40): g["end"] + 40].replace("\n", " ")
                fh.write(json.dumps({"corpus": name, "id": doc["id"], "gold": g["phrase"], "gold_gid": g.get("geonameid"),
                                     "pred": p and p["text"], "pred_name": p and p["name"], "pred_cc": p and p["country_code"],
                                     "pred_code": p and p["feature_code"], "km": km and round(km), "ctx": ctx},
                                    ensure_ascii=False) + "\n")
        paired = set(pairs.values())
        for pi, p in enumerate(pred):
            if pi not in paired:
                fh.write(json.dumps({"corpus": name, "id": doc["id"], "false_positive": p["text"],
                                     "pred_name": p["name"], "pred_cc": p["country_code"]}, ensure_ascii=False) + "\n")


def cmd_index(args) -> int:
    from geo.index import Gazetteer

    gaz = Gazetteer.open(supplements=args.supplement)
    print(json.dumps({"index": str(gaz.path)}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = {"parse": cmd_parse, "eval": cmd_eval, "index": cmd_index, "train": cmd_train}[args.command]
    try:
        return command(args)
    except USAGE_ERRORS as exc:
        sys.stderr.write(_error_line(parser.prog, exc))
        return 2
    except GeoError as exc:  # the setup, not the input: no spaCy model, an index that cannot be built
        sys.stderr.write(_error_line(parser.prog, exc))
        return 1
    except KeyboardInterrupt:  # Ctrl-C: what was printed stays printed (--jsonl answers line by line)
        sys.stderr.write(_error_line(parser.prog, "interrupted (Ctrl-C)"))
        return INTERRUPTED
