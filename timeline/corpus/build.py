"""The corpus build on Dask: the per-article analysis mapped over units of the input, committed to a dataset.

The driver (this process) plans the units (``inputs.plan_units``), skips those the dataset's manifest already
has, and submits the others to a dask.distributed cluster: a ``LocalCluster`` of ``workers`` processes by
default, or the running scheduler at ``scheduler``. A worker reads its unit, analyses each article with the
process's one pipeline (``timeline.events.default_pipeline``, loaded at worker start by ``PipelineLoader``,
never sent with a task), and returns the unit's Arrow tables. The driver commits each unit as it comes back
(``dataset.Dataset.commit``), so the workers need no shared filesystem, only the project's code.

A bad article is reported with where it is and its id, and skipped; a unit whose task fails (a worker killed
three times) is reported and stays uncommitted, for the next run.

Resuming, the committed files are checked first (``Dataset.damaged``: each file's footer, and its rows against
those its commit recorded); the units whose rows a damaged file holds are analysed again with the others and the
file is replaced by their rows (``Dataset.repair``). A damaged file holding rows of units that are not among
the inputs (another input, an import) cannot be made again: the build refuses before it starts.

Once every unit is in, a last pass merges the dataset's leads into incidents and writes them as the
``incidents`` table (``timeline.dataset.incidents``): a second pass on the cluster, a block of days per task,
stitched in the driver (the progress line says so); in the driver when nothing was left to analyse (no cluster
is started for it).
"""
from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from distributed.diagnostics.plugin import WorkerPlugin

from timeline.dataset.lock import DatasetLock
from timeline.dataset.incidents import write_incidents, write_incidents_on
from timeline.dataset.parquet import Dataset, unit_tables
from timeline.corpus.inputs import DEFAULT_PARTITION_SIZE, Unit, plan_units, read_unit
from timeline.errors import StoreError, UsageError

Progress = Callable[[int, int, str], None]  # (units done, units to do, label), as timeline.ingest's


@dataclass(frozen=True)
class UnitResult:
    unit: str
    label: str
    tables: dict  # table -> pyarrow.Table (with the month column)
    failures: tuple[tuple[str, str], ...]  # (where, one-line message)
    seconds: float


@dataclass
class BuildReport:
    articles: int = 0  # committed by this run
    events: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, message): articles and units
    units: int = 0  # of the input
    skipped_units: int = 0  # committed by an earlier run
    repaired: list[str] = field(default_factory=list)  # damaged files made again from their units
    duplicates: int = 0  # articles already committed from another unit (same Article.id), left out
    swept: int = 0  # leftovers of a killed run removed
    compacted: int = 0  # parts merged into one file per month folder at the end
    incidents: int = 0  # incidents of the whole dataset, merged from its leads by the last pass
    incidents_seconds: float = 0.0  # that pass: the leads read, merged, the incidents written
    incidents_on: str = ""  # where that pass ran: "cluster" (a block of days per task) or "driver"
    incident_blocks: int = 0  # the blocks of days it was cut into on the cluster
    seconds: float = 0.0  # from the workers being ready (pipeline loaded) to the last commit
    startup_seconds: float = 0.0  # starting the local cluster (if any) and loading the pipeline on every worker
    workers: int = 0
    worker_peak_mb: list[float] = field(default_factory=list)  # peak resident memory of each worker process
    worker_cpu_seconds: float = 0.0  # CPU time the workers spent on the analysis (all of them together)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return {"articles": self.articles, "events": self.events, "units": self.units,
                "skipped_units": self.skipped_units, "repaired": self.repaired, "duplicates": self.duplicates, "compacted": self.compacted,
                "incidents": self.incidents, "incidents_seconds": round(self.incidents_seconds, 2),
                "incidents_on": self.incidents_on, "incident_blocks": self.incident_blocks,
                "workers": self.workers,
                "startup_seconds": round(self.startup_seconds, 2), "seconds": round(self.seconds, 2),
                "articles_per_s": round(rate, 2),
                "worker_peak_mb": [round(m) for m in self.worker_peak_mb],
                "worker_cpu_seconds": round(self.worker_cpu_seconds, 2),
                "failed": [{"where": w, "error": m} for w, m in self.failed]}


class PipelineLoader(WorkerPlugin):
    """Loads the analysis pipeline (spaCy, gazetteer) once when a worker starts: the first task waits no longer.

    Only this small object travels to the workers; the pipeline is the worker process's own singleton."""

    name = "timeline-pipeline"

    def setup(self, worker) -> None:
        import datetime as dt

        from timeline.events import default_pipeline
        from timeline.records import Article

        # One short article loads what the first real one would wait for (the gazetteer is read lazily).
        default_pipeline().analyse(Article(text="Talks opened in Paris on Monday.", published=dt.date(2000, 1, 3)))


def analyse_unit(unit: Unit) -> UnitResult:
    """On a worker: read and analyse the unit's articles; a bad article becomes a failure, never the unit's."""
    from timeline.events import analyse_article

    t = time.perf_counter()
    analyses, failures, seen = [], [], set()
    for item in read_unit(unit):
        if item.article is None:
            failures.append((item.where, item.error))
            continue
        aid = item.article.id
        if aid in seen:  # the same article twice in one unit: it is one article
            continue
        try:
            analysis = analyse_article(item.article)
        except Exception as exc:  # one article's analysis bug must not lose the others
            failures.append((f"{item.where} (article {aid})", f"analysis failed ({type(exc).__name__}: "
                                                              f"{' '.join(str(exc).split())[:300]})"))
            continue
        seen.add(aid)
        analyses.append(analysis)
    return UnitResult(unit=unit.id, label=unit.label, tables=unit_tables(analyses), failures=tuple(failures),
                      seconds=time.perf_counter() - t)


def worker_peak_mb() -> float:
    """This process's own peak resident memory: Linux's VmHWM. Not ``ru_maxrss``: an exec keeps it from the
    process that forked, so a worker forked by a big parent (a nanny, a test runner holding the pipeline) read
    the parent's size. ``ru_maxrss`` (KiB) where /proc is not there."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(paths: Iterable[str | Path], out: str | Path, *, scheduler: str | None = None, workers: int = 2,
          partition_size: int = DEFAULT_PARTITION_SIZE, progress: Progress | None = None,
          on_failure: Callable[[str, str], None] | None = None,
          on_notice: Callable[[str], None] | None = None) -> BuildReport:
    """Analyse every article under ``paths`` into the dataset ``out`` (resuming it); see the module doc.
    ``on_failure(where, message)`` hears of each skipped article or unit, ``on_notice(message)`` of each
    damaged file found and made again."""
    import dask
    from distributed import LocalCluster, as_completed

    if scheduler is None and workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    paths = list(paths)
    dataset = Dataset(out)
    units = plan_units(paths, partition_size)
    dataset.open_for_build(partition_size)
    report = BuildReport(units=len(units))
    with DatasetLock(dataset.root):
        report.swept = dataset.sweep()
        pending = _damaged_files(dataset, units)  # damaged file -> the units whose rows it holds
        for rel, (problem, unit_ids) in pending.items():
            if on_notice:
                on_notice(f"{dataset.root / rel} is damaged ({problem}): making it again from its "
                          f"{len(unit_ids)} unit{'s' * (len(unit_ids) != 1)}")
        committed = dataset.committed()
        done_articles = {a for entry in committed.values() for a in entry["articles"]}
        todo = [u for u in units if u.id not in committed]
        redo_ids = set().union(*(ids for _, ids in pending.values()))
        jobs = todo + [u for u in units if u.id in redo_ids]
        report.skipped_units = len(units) - len(todo)
        if not jobs:  # all committed already and whole: no cluster to start
            report.compacted = dataset.compact()  # a run killed while compacting left it to this one
            _merge_incidents(dataset, report)
            return report
        t = time.perf_counter()
        cluster = None
        if scheduler is None:
            # One thread per worker process: the analysis is CPU-bound Python, threads would share one GIL.
            # Dask's statistical profiler samples every worker's stack each 10 ms: about 5% of the analysis'
            # CPU, for a profile nobody reads without the dashboard.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=logging.ERROR)
        try:
            with _connect(cluster if cluster is not None else scheduler) as client:
                report.workers = len(client.scheduler_info()["workers"])
                report.startup_seconds = time.perf_counter() - t
                cpu_before = client.run(time.process_time)
                t = time.perf_counter()
                futures = client.map(analyse_unit, jobs, pure=False)
                unit_of = {f.key: u for f, u in zip(futures, jobs)}
                remade: dict[str, dict] = {}  # unit analysed again -> its tables, until its damaged files are made
                done = units_lost = 0
                if progress:
                    progress(0, len(jobs), "")
                for future in as_completed(futures):
                    unit = unit_of[future.key]
                    try:
                        result: UnitResult = future.result()
                    except Exception as exc:  # the task itself failed (a worker killed again and again)
                        units_lost += 1
                        failures = [(unit.label, f"unit not built, left for the next run ({type(exc).__name__}: "
                                                 f"{' '.join(str(exc).split())[:300]})")]
                    else:
                        if unit.id in redo_ids:
                            remade[unit.id] = result.tables
                            recorded = {tuple(f) for f in committed[unit.id]["failures"]}
                            failures = [f for f in result.failures if f not in recorded]  # new ones only
                            _repair_ready(dataset, pending, remade, report, on_notice)
                        else:
                            repeated = set(result.tables["articles"]["id"].to_pylist()) & done_articles
                            entry = dataset.commit(result.unit, result.label, result.tables, list(result.failures),
                                                   repeated)
                            done_articles.update(entry.articles)
                            report.duplicates += len(repeated)
                            report.articles += len(entry.articles)
                            report.events += entry.events
                            failures = list(result.failures)
                    report.failed += failures
                    for where, message in failures:
                        if on_failure:
                            on_failure(where, message)
                    future.release()
                    done += 1
                    if progress:
                        progress(done, len(jobs), unit.label)
                report.seconds = time.perf_counter() - t
                cpu_after = client.run(time.process_time)
                report.worker_cpu_seconds = sum(cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after)
                # only once every unit is in (a rerun would add parts again) and every file whole (it is read)
                if not units_lost and not pending:
                    report.compacted = dataset.compact()
                    _merge_incidents(dataset, report, client, progress)
                report.worker_peak_mb = sorted(client.run(worker_peak_mb).values())  # the last pass's too
        finally:
            if cluster is not None:
                cluster.close()
    return report


def _merge_incidents(dataset: Dataset, report: BuildReport, client=None, progress: Progress | None = None) -> None:
    """The last pass, once every unit is committed: the dataset's leads merged into its incidents, on
    ``client``'s workers (a block of days per task), else in this process (timeline.dataset.incidents)."""
    t = time.perf_counter()
    if client is None:
        report.incidents, report.incidents_on = write_incidents(dataset), "driver"
    else:
        def blocks_done(done: int, total: int) -> None:
            progress(done, total, f"incidents: {done}/{total} blocks of days merged on the cluster")

        report.incidents, report.incident_blocks = write_incidents_on(dataset, client,
                                                                      progress=blocks_done if progress else None)
        report.incidents_on = "cluster"
    report.incidents_seconds = time.perf_counter() - t


def _damaged_files(dataset: Dataset, units: list[Unit]) -> dict[str, tuple[str, set[str]]]:
    """Each damaged committed file: what is wrong with it, and the units whose rows it holds; a ``StoreError``
    when one holds rows of units these inputs do not have (nothing could make it again)."""
    planned = {u.id for u in units}
    out = {}
    for rel, problem in dataset.damaged().items():
        unit_ids = dataset.units_of(rel)
        others = sorted(unit_ids - planned)
        if others or not unit_ids:
            raise StoreError(f"{dataset.root / rel} is damaged ({problem}) and holds rows of "
                             f"{len(others) or 'unknown'} unit(s) not among these inputs ({', '.join(others[:3])}"
                             f"{', ...' if len(others) > 3 else ''}); build from the inputs that made it, or into a "
                             "new --out")
        out[rel] = (problem, unit_ids)
    return out


def _repair_ready(dataset: Dataset, pending: dict, remade: dict, report: BuildReport,
                  on_notice: Callable[[str], None] | None) -> None:
    """Make again each damaged file whose units are all analysed again; let go of tables no file still needs."""
    for rel, (_problem, unit_ids) in list(pending.items()):
        if unit_ids <= remade.keys():
            rows = dataset.repair(rel, {u: remade[u] for u in unit_ids})
            del pending[rel]
            report.repaired.append(rel)
            if on_notice:
                on_notice(f"{dataset.root / rel} made again: {rows} rows from {len(unit_ids)} "
                          f"unit{'s' * (len(unit_ids) != 1)}")
    needed = set().union(*(ids for _, ids in pending.values()))
    for unit_id in [u for u in remade if u not in needed]:
        del remade[unit_id]


def _connect(cluster_or_address):
    """A client whose workers (at least one) have the pipeline loaded; a usage error when that cannot be."""
    from distributed import Client

    where = f"--scheduler {cluster_or_address}" if isinstance(cluster_or_address, str) else "the local cluster"
    try:
        client = Client(cluster_or_address, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"{where}: cannot connect ({' '.join(str(exc).split())[:200]})") from None
    try:
        client.wait_for_workers(1, timeout=60)
        client.register_plugin(PipelineLoader())  # returns once every worker has run its setup
    except Exception as exc:
        client.close()
        hint = "no worker joined in 60 s" if isinstance(exc, TimeoutError) else \
            f"the workers cannot load the pipeline ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}; " \
            "is this project on their PYTHONPATH?)"
        raise UsageError(f"{where}: {hint}") from None
    return client
