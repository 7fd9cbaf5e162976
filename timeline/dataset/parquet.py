"""The Parquet dataset of a build: its tables, partitions committed atomically, and the manifest that says which.

Layout (hive partitions by month, see README "Corpus dataset")::

    DATASET/_dataset.json                       format, version and the partition size of the build
    DATASET/_manifest/UNIT.json                 one per committed unit: its files, articles, events, failures
    DATASET/TABLE/month=YYYY-MM/part-UNIT.parquet   TABLE: articles, events, event_places, actors, leads
    DATASET/incidents/part-KEY.parquet          the incidents, written by the build's last pass (one file)

Commit of a unit: every file is written under a temporary name and renamed into place, then the unit's
manifest entry is written the same way; the entry's rename is the commit. A finished build is compacted
(``compact``): each month folder's parts merged into one file, committed the same way by one more entry. Readers (``DuckStore``) read only the
files the manifest lists, so a unit is visible whole or not at all. A run killed half-way leaves at worst
temporary files and parts no entry lists; ``sweep`` removes them before the next run redoes those units.

Each entry records the rows of every file it commits. A file found damaged later (cut short, missing, not the
rows recorded: ``damaged``) is made again from the units whose rows it holds (``units_of``) and replaced by one
more entry (``repair``), as a compaction replaces parts. A write the disk refuses (full, a size limit) is a
``StoreError`` naming the file; what was committed before stays whole.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.dataset.schema import (INCIDENTS, LEAD_WORDS, MONTH, TABLES, incident_schema, month_of, table_schemas,
                                     to_row)
from timeline.errors import StoreError, UsageError
from timeline.query import event_places
from timeline.records import Analysis, StoredEvent

FORMAT = "timeline-corpus"
# 4: each article's lead (table leads) and the incidents they merge into (incidents); 3: events have lead and
# factuality; 2: the date's bounds are date_earliest/date_latest (1: day_first/day_last)
VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)  # what DuckStore opens; a build or an import adds only to the current version
MANIFEST = "_manifest"
# The column naming each row's article, to drop an article a unit repeats from an earlier one.
ARTICLE_KEY = {"articles": "id", "events": "article_id", "event_places": "article_id", "actors": "article_id",
               "leads": "article_id"}


@dataclass(frozen=True)
class Committed:
    """A unit's manifest entry."""

    unit: str
    label: str
    files: dict  # table -> [relative paths]
    articles: tuple[str, ...]
    events: int
    failures: tuple[tuple[str, str], ...]  # (where, message)
    rows: dict  # relative path -> rows written: what a resume checks each file against

    def to_dict(self) -> dict:
        return {"unit": self.unit, "label": self.label, "files": self.files, "articles": list(self.articles),
                "events": self.events, "failures": [list(f) for f in self.failures], "rows": self.rows,
                "committed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


# --- rows of the analyses (on the worker) ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _lead_reader():
    """The shipped lead reader, read from its JSON files once per process (a worker's first unit)."""
    from timeline.incidents.leads import LeadReader

    return LeadReader.shipped()


def _lead_row(analysis: Analysis) -> dict | None:
    """The article's lead with its words and what its incident's summary reads, or None (no event)."""
    from timeline.incidents.merging import LeadText
    from timeline.incidents.run import OPENING_CHARS

    article = analysis.article
    lead = _lead_reader().read(analysis)
    if lead is None:
        return None
    text = LeadText.of(lead, article.text[:OPENING_CHARS])
    event = next((e for e in analysis.events if e.id == lead.event_id), None)
    return {**to_row(lead), "actors": list(dict.fromkeys(event.actors)) if event else [],
            "source": article.source, "url": article.url,
            **{column: sorted(getattr(text, name)) for column, name in LEAD_WORDS},
            MONTH: month_of(article.published)}


def unit_tables(analyses: Iterable[Analysis]) -> dict[str, pa.Table]:
    """The tables' rows of some analysed articles, each row with its ``month`` partition key."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for analysis in analyses:
        article = analysis.article
        article_month = month_of(article.published)
        rows["articles"].append({"id": article.id, **to_row(article), MONTH: article_month})
        lead = _lead_row(analysis)
        if lead is not None:
            rows["leads"].append(lead)
        for actor in analysis.actors:
            rows["actors"].append({"article_id": article.id, **to_row(actor), MONTH: article_month})
        for event in analysis.events:
            stored = StoredEvent(event=event, article_title=article.title, source=article.source, url=article.url,
                                 published=article.published)
            days = event.day_range
            first, last = days if days else (None, None)
            row = {**to_row(event), **to_row(stored, exclude=("event",)),
                   "actors": list(dict.fromkeys(event.actors)), "date_earliest": first, "date_latest": last,
                   MONTH: month_of(first)}
            rows["events"].append(row)
            for position, place in enumerate(event_places(event)):
                d = place.to_dict()  # the PLACE record's rounded coordinates, as the SQLite store keeps them
                rows["event_places"].append({"event_id": event.id, "article_id": article.id, "position": position,
                                             "lat": d["lat"], "lon": d["lon"], "country_code": d["country_code"],
                                             "date_earliest": first, "date_latest": last, MONTH: month_of(first)})
    schemas = table_schemas()
    return {t: pa.Table.from_pylist(rows[t], schema=schemas[t].append(pa.field(MONTH, pa.string())))
            for t in TABLES}


# --- the dataset folder (in the driver) --------------------------------------------------------------------

class Dataset:
    """A dataset folder: its settings, manifest and partition files."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def open_for_build(self, partition_size: int) -> None:
        """Create the folder, or check it is a dataset built with the same partition size (units must match)."""
        if self.root.exists() and not self.root.is_dir():
            raise UsageError(f"--out {self.root}: is a file, not a dataset folder")
        meta = self.root / "_dataset.json"
        if meta.exists():
            settings = self.settings()
            if settings.get("version") != VERSION:
                raise UsageError(f"--out {self.root}: is a version {settings.get('version')} dataset, read-only to "
                                 f"this version (which writes version {VERSION}); use a new --out")
            if settings.get("partition_size") != partition_size:
                raise UsageError(f"--out {self.root}: was built with --partition-size {settings.get('partition_size')}; "
                                 "use the same to resume it, or a new --out")
        elif self.root.exists() and any(self.root.iterdir()):
            raise UsageError(f"--out {self.root}: is a folder but not a dataset (no _dataset.json); use an empty one")
        else:  # the settings first: a folder holding anything else is then recognisably a dataset
            self.root.mkdir(parents=True, exist_ok=True)
            _write_atomic(meta, json.dumps({"format": FORMAT, "version": VERSION, "partition_size": partition_size}))
        (self.root / MANIFEST).mkdir(exist_ok=True)

    def settings(self) -> dict:
        try:
            meta = json.loads((self.root / "_dataset.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{self.root}: not a dataset of `python -m timeline build` ({exc})") from None
        if meta.get("format") != FORMAT or meta.get("version") not in READABLE_VERSIONS:
            raise UsageError(f"{self.root}: not a version {' or '.join(map(str, READABLE_VERSIONS))} {FORMAT} dataset")
        return meta

    def committed(self) -> dict[str, dict]:
        """unit id -> its manifest entry (as written)."""
        out = {}
        for entry in sorted((self.root / MANIFEST).glob("*.json")):
            try:
                out[entry.stem] = json.loads(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{entry}: a damaged manifest entry ({' '.join(str(exc).split())[:200]})") from None
        return out

    def live(self) -> dict[str, list[str]]:
        """table -> the relative paths of its committed files: every entry's files less those a compaction
        replaced."""
        entries = self.committed().values()
        replaced = {f for entry in entries for f in entry.get("replaces", ())}
        out: dict[str, list[str]] = {t: [] for t in (*TABLES, INCIDENTS)}
        for entry in entries:
            for table, files in entry["files"].items():
                out[table] += [f for f in files if f not in replaced]
        return {t: sorted(files) for t, files in out.items()}

    def damaged(self) -> dict[str, str]:
        """Each committed file that is missing, not a whole Parquet file (its footer is read) or not the rows its
        entry recorded (entries written before rows were recorded are checked by their footer only): relative
        path -> what is wrong."""
        recorded: dict[str, int] = {}
        for entry in self.committed().values():
            recorded.update(entry.get("rows", {}))
        out = {}
        # not the incidents file: each build's last pass writes it anew from the leads
        for files in (files for table, files in self.live().items() if table != INCIDENTS):
            for rel in files:
                try:
                    rows = pq.read_metadata(self.root / rel).num_rows
                except FileNotFoundError:
                    out[rel] = "missing"
                    continue
                except (OSError, pa.ArrowException) as exc:
                    out[rel] = f"not a whole Parquet file: {str(exc).split('. ')[0][:160]}"
                    continue
                if rel in recorded and rows != recorded[rel]:
                    out[rel] = f"{rows} rows where {recorded[rel]} were committed"
        return out

    def units_of(self, rel: str) -> set[str]:
        """The units whose rows the committed file ``rel`` holds: the unit that wrote it, or those of the files
        a compaction (or repair) merged into it, which are the ones it replaced in the same folder."""
        writer = {f: entry for entry in self.committed().values() for files in entry["files"].values() for f in files}

        def walk(f: str) -> set[str]:
            entry = writer.get(f)
            if entry is None:
                return set()
            if "replaces" not in entry:
                return {entry["unit"]}
            folder = Path(f).parent
            return set().union(*(walk(r) for r in entry["replaces"] if Path(r).parent == folder))

        return walk(rel)

    def repair(self, rel: str, remade: dict[str, dict[str, pa.Table]]) -> int:
        """Replace the damaged committed file ``rel`` by its rows made again: ``remade`` holds the tables of every
        unit in ``units_of(rel)`` (as ``unit_tables`` returns them); of each, the rows of the file's table and
        month whose article its unit committed. Committed by one entry replacing ``rel``; the rows written."""
        table, month_dir = Path(rel).parts[0], Path(rel).parent.name
        month = month_dir.removeprefix(f"{MONTH}=")
        committed = self.committed()
        parts = []
        for unit, tables in remade.items():
            tab = tables[table]
            keep = pa.array(committed[unit]["articles"], pa.string())
            tab = tab.filter(pc.and_(pc.equal(tab[MONTH], month), pc.is_in(tab[ARTICLE_KEY[table]], value_set=keep)))
            parts.append(tab.drop_columns([MONTH]))
        merged = pa.concat_tables(parts)
        if table in ("events", "event_places"):
            merged = merged.sort_by([("date_earliest", "ascending")])
        name = hashlib.sha1(rel.encode()).hexdigest()[:16]
        new = f"{table}/{month_dir}/part-r{name}.parquet"
        _write_parquet(merged, self.root / new)
        entry = {"unit": f"repair-{name}", "label": f"repair of {rel}", "files": {table: [new]}, "replaces": [rel],
                 "rows": {new: merged.num_rows}, "articles": [], "events": 0, "failures": [],
                 "committed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_atomic(self.root / MANIFEST / f"repair-{name}.json", json.dumps(entry, ensure_ascii=False))
        (self.root / rel).unlink(missing_ok=True)
        return merged.num_rows

    def files(self, table: str) -> list[Path]:
        """The committed files of ``table``, in commit-independent (sorted) order."""
        return [self.root / f for f in self.live()[table]]

    def sweep(self) -> int:
        """Remove what a killed run left: temporary files and parts no manifest entry lists; how many."""
        listed = {self.root / f for files in self.live().values() for f in files}
        gone = 0
        leftovers = [f for table in TABLES for f in (self.root / table).glob("month=*/*")]
        for f in leftovers + list((self.root / INCIDENTS).glob("*")):
            if f.name.endswith(".tmp") or f not in listed:
                f.unlink()
                gone += 1
        for f in (self.root / MANIFEST).glob("*.tmp"):
            f.unlink()
            gone += 1
        return gone

    def compact(self) -> int:
        """Merge each month folder's committed parts into one file; how many parts were merged.

        Every unit leaves a part in each month it touches, and a query opens every part it cannot prune, so a
        finished build is compacted. Atomic as a commit is: the merged files are written, then one manifest
        entry lists them and the parts they replace (its rename is the commit), then the parts are removed
        (``sweep`` removes them if the run dies first). The units' own entries stay: resuming still knows them.
        """
        live = self.live()
        files: dict[str, list[str]] = {}
        rows: dict[str, int] = {}
        replaces: list[str] = []
        for table, paths in live.items():
            if table == INCIDENTS:  # one file already
                continue
            by_month: dict[str, list[str]] = {}
            for rel in paths:
                by_month.setdefault(Path(rel).parent.name, []).append(rel)
            for month_dir, parts in sorted(by_month.items()):
                if len(parts) < 2:
                    continue
                merged = pa.concat_tables([pq.read_table(self.root / rel, partitioning=None) for rel in parts])
                if table in ("events", "event_places"):
                    merged = merged.sort_by([("date_earliest", "ascending")])
                name = hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]
                rel = f"{table}/{month_dir}/part-c{name}.parquet"
                _write_parquet(merged, self.root / rel)
                files.setdefault(table, []).append(rel)
                rows[rel] = merged.num_rows
                replaces += parts
        if not replaces:
            return 0
        name = hashlib.sha1("\n".join(replaces).encode()).hexdigest()[:16]
        entry = {"unit": f"compact-{name}", "label": "compaction", "files": files, "replaces": replaces,
                 "rows": rows, "articles": [], "events": 0, "failures": [],
                 "committed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_atomic(self.root / MANIFEST / f"compact-{name}.json", json.dumps(entry, ensure_ascii=False))
        for rel in replaces:
            (self.root / rel).unlink(missing_ok=True)
        return len(replaces)

    def commit_incidents(self, incidents: Iterable) -> int:
        """Write the dataset's incidents (``timeline.records.Incident``) as one file replacing the last, committed
        by one manifest entry as a compaction is; how many."""
        rows = [to_row(i) for i in incidents]
        table = pa.Table.from_pylist(rows, schema=incident_schema())
        old = self.live()[INCIDENTS]
        name = hashlib.sha1("\n".join([*old, *(r["id"] + ",".join(r["article_ids"]) for r in rows)])
                            .encode()).hexdigest()[:16]
        rel = f"{INCIDENTS}/part-i{name}.parquet"
        _write_parquet(table, self.root / rel)
        entry = {"unit": f"incidents-{name}", "label": "incidents", "files": {INCIDENTS: [rel]}, "replaces": old,
                 "rows": {rel: table.num_rows}, "articles": [], "events": 0, "failures": [],
                 "committed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_atomic(self.root / MANIFEST / f"incidents-{name}.json", json.dumps(entry, ensure_ascii=False))
        for gone in old:
            if gone != rel:
                (self.root / gone).unlink(missing_ok=True)
        return table.num_rows

    def commit(self, unit: str, label: str, tables: dict[str, pa.Table], failures: list[tuple[str, str]],
               skip_articles: set[str]) -> Committed:
        """Write a unit's tables (less the articles in ``skip_articles``) and commit it (see the module doc)."""
        if skip_articles:
            drop = pa.array(sorted(skip_articles), pa.string())
            tables = {t: tab.filter(pc.invert(pc.is_in(tab[ARTICLE_KEY[t]], value_set=drop)))
                      for t, tab in tables.items()}
        files: dict[str, list[str]] = {}
        rows: dict[str, int] = {}
        try:
            for table, tab in tables.items():
                for month in sorted(set(tab[MONTH].to_pylist())):
                    part = tab.filter(pc.equal(tab[MONTH], month)).drop_columns([MONTH])
                    if table in ("events", "event_places"):  # row groups by date: DuckDB skips them on a window
                        part = part.sort_by([("date_earliest", "ascending")])
                    rel = f"{table}/{MONTH}={month}/part-{unit}.parquet"
                    _write_parquet(part, self.root / rel)
                    files.setdefault(table, []).append(rel)
                    rows[rel] = part.num_rows
            entry = Committed(unit=unit, label=label, files=files, articles=tuple(tables["articles"]["id"].to_pylist()),
                              events=tables["events"].num_rows, failures=tuple(failures), rows=rows)
            _write_atomic(self.root / MANIFEST / f"{unit}.json", json.dumps(entry.to_dict(), ensure_ascii=False))
        except StoreError:  # the unit is not committed: its parts would only take the space a full disk lacks
            for rel in rows:
                (self.root / rel).unlink(missing_ok=True)
            raise
        return entry


def _write_parquet(table: pa.Table, target: Path) -> None:
    """Written under a temporary name and renamed into place: a part is whole or absent."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except OSError as exc:
        raise _write_error(target, tmp, exc) from None


def _write_atomic(path: Path, text: str) -> None:
    """Write then rename (atomic on one filesystem), flushed to disk first so a crash cannot leave it empty."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise _write_error(path, tmp, exc) from None


def _write_error(target: Path, tmp: Path, exc: OSError) -> StoreError:
    """A write the disk refused (full, a file size limit, read-only): the half-written file removed (it holds
    space a full disk lacks), and one line naming the file and the reason."""
    tmp.unlink(missing_ok=True)
    reason = os.strerror(exc.errno) if exc.errno else " ".join(str(exc).split())[:200]
    return StoreError(f"cannot write {target}: {reason}; what was committed before is kept, and the same "
                      "command goes on from there once it can write")
