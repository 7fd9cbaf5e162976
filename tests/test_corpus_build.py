"""python -m timeline build: the Dask corpus pipeline on real clusters (a LocalCluster of worker processes, and a
scheduler and worker started here with ``dask scheduler``/``dask worker``), the real pipeline, real files."""
from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from timeline.store.duck import DuckStore
from timeline.query import Filters

ARTICLES = [
    ("Kenya clashes", "2016-03-14", "Police clashed with protesters in Nairobi on Saturday. President Uhuru "
                                    "Kenyatta said on Sunday that talks would be held in Mombasa."),
    ("Fiji storm", "2016-02-22", "Cyclone Winston struck Suva on February 20. The Red Cross sent aid to Fiji."),
    ("Libya talks", "2016-01-31", "The UN envoy met rival leaders in Tunis on January 26. Italy said it would "
                                  "send troops to Tripoli."),
    ("Aleppo convoy", "2016-04-02", "Rebels attacked a convoy near Aleppo in Syria on Friday."),
    ("Lima summit", "2016-11-20", "Leaders met in Lima, Peru, on Saturday for the APEC summit."),
    ("Oslo accord", "2016-06-10", "Norway hosted peace talks in Oslo on Thursday, officials said."),
]


def jsonl(path: Path, articles=ARTICLES, bad: bool = True) -> Path:
    lines = [json.dumps({"id": f"a{i}", "title": t, "published": d, "text": x, "source": "Wire",
                         "url": f"https://wire.example/{i}"}) for i, (t, d, x) in enumerate(articles)]
    if bad:
        lines += [json.dumps({"id": "broken-date", "title": "x", "published": "31/31/2016", "text": "Text here."}),
                  "{not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = ("<html><head><title>Quake hits Nepal</title></head><body><article><h1>Quake hits Nepal</h1>"
            "<p>An earthquake struck Kathmandu in Nepal on Saturday, killing dozens of people, officials said. "
            "Rescue teams from India arrived in Kathmandu on Sunday to help search the rubble.</p>"
            "</article></body></html>").encode("utf-8")
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in (("https://news.example.np/quake", "text/html; charset=utf-8", page),
                                 ("https://news.example.np/logo.png", "image/png", b"\x89PNG....")):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2015-04-26T08:00:00Z"}))
    return path


def expected_event_ids(articles) -> set[str]:
    """The events the one-process analysis finds in the same articles."""
    import datetime as dt

    from articles import Article
    from timeline.events import analyse_article

    out = set()
    for i, (t, d, x) in enumerate(articles):
        a = Article(text=x, title=t, source="Wire", url=f"https://wire.example/{i}", published=dt.date.fromisoformat(d),
                    path="")
        out |= {e.id for e in analyse_article(a).events}
    return out


def dataset_event_ids(root: Path) -> list[str]:
    with DuckStore(root) as d:
        return [se.event.id for se in d.events()]


def test_a_worker_reads_its_own_peak_memory_not_its_parents():
    # A worker process is forked and exec'd by a bigger one (its nanny, a test runner holding the pipeline);
    # ru_maxrss survives the exec, so the build reported the parent's size as the worker's (a CI run once read
    # over 1 GB here). The parent here holds 400 MB when it execs the child that measures itself.
    parent = ("import os, sys\n"
              "ballast = bytearray(400 * 1024 * 1024)\n"
              "for i in range(0, len(ballast), 4096): ballast[i] = 1\n"
              "os.execv(sys.executable, [sys.executable, '-c', "
              "'from timeline.corpus.build import worker_peak_mb; print(worker_peak_mb())'])\n")
    out = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert 0 < float(out.stdout) < 300, out.stdout  # the child alone: the interpreter and the build module


def test_local_cluster_of_two_worker_processes(tmp_path):
    from timeline.corpus.build import build

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: Ankara blast\npublished: 2016-02-17\n---\n"
                                   "A car bomb exploded in Ankara on Wednesday, Turkish officials said.", encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    inputs = [jsonl(tmp_path / "in.jsonl"), warc(tmp_path / "crawl.warc.gz"), folder]
    labels = []
    report = build(inputs, tmp_path / "ds", workers=2, partition_size=2,
                   progress=lambda done, total, label: labels.append(label))
    assert report.workers == 2
    # the last pass ran on the cluster, and the progress line said so
    assert report.incidents_on == "cluster" and report.incident_blocks == 1
    assert labels[-1] == "incidents: 1/1 blocks of days merged on the cluster"
    assert report.articles == len(ARTICLES) + 2  # the JSONL's six, the WARC's page, the .md
    failed = {w: m for w, m in report.failed}
    assert len(failed) == 3
    assert any("(id broken-date)" in w and "31/31/2016" in m for w, m in failed.items())
    assert any(w.endswith("in.jsonl:8") and "not a JSON object" in m for w, m in failed.items())
    assert any(w.endswith("empty.txt") and "is empty" in m for w, m in failed.items())
    assert all(0 < mb < 1024 for mb in report.worker_peak_mb) and len(report.worker_peak_mb) == 2, \
        report.worker_peak_mb  # (a CI run failed here once; the figures say how)
    ids = dataset_event_ids(tmp_path / "ds")
    assert len(ids) == len(set(ids)) == report.events
    assert expected_event_ids(ARTICLES) <= set(ids)
    assert report.compacted > 0  # four units: the months they share are merged into one file each
    from timeline.dataset.parquet import Dataset
    for files in Dataset(tmp_path / "ds").live().values():
        months = [Path(f).parent.name for f in files]
        assert len(months) == len(set(months))
    with DuckStore(tmp_path / "ds") as d:
        page = d.events_page(Filters(countries=("NP",)))
        assert page.total > 0 and {se.url for se in page.events} == {"https://news.example.np/quake"}
        assert {se.source for se in page.events} == {"news.example.np"}
        assert d.count()["articles"] == report.articles
        # the last pass: every article's lead in exactly one incident, these different happenings apart
        leads = sorted(se.event.id for se in d.events() if se.event.lead)
        incidents = d.incidents()
        assert len(incidents) == report.incidents == len(leads) and report.incidents_seconds > 0
        assert sorted(e for i in incidents for e in i.event_ids) == leads
    # Run again: everything is committed, nothing is analysed twice; the incidents are written anew, the same.
    again = build(inputs, tmp_path / "ds", workers=1, partition_size=2)
    assert again.articles == 0 and again.skipped_units == again.units == report.units and again.compacted == 0
    assert again.incidents_on == "driver"  # nothing to analyse: no cluster started for the last pass alone
    assert sorted(dataset_event_ids(tmp_path / "ds")) == sorted(ids)
    with DuckStore(tmp_path / "ds") as d:
        assert again.incidents == report.incidents and [i.to_dict() for i in d.incidents()] == \
            [i.to_dict() for i in incidents]
    assert len(Dataset(tmp_path / "ds").files("incidents")) == 1


# --- a scheduler and a worker started here, as on other machines ---------------------------------------------

@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    dask = Path(sys.executable).parent / "dask"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    logs = tmp_path_factory.mktemp("dask")
    procs = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w"))]
    procs.append(subprocess.Popen([str(dask), "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                                   "--nthreads", "1", "--no-dashboard"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(logs / "worker.log", "w")))
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def build_command(inputs, out, *extra) -> list[str]:
    return [sys.executable, "-m", "timeline", "build", *map(str, inputs), "--out", str(out), *extra]


def test_build_against_a_running_scheduler(scheduler, tmp_path):
    done = subprocess.run(build_command([jsonl(tmp_path / "in.jsonl")], tmp_path / "ds", "--scheduler", scheduler),
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # two bad lines were skipped
    summary = json.loads(done.stdout)
    assert summary["workers"] == 1 and summary["articles"] == len(ARTICLES)
    assert "skipped" in done.stderr and "(id broken-date)" in done.stderr
    ids = dataset_event_ids(tmp_path / "ds")
    assert len(ids) == len(set(ids)) == summary["events"] and expected_event_ids(ARTICLES) <= set(ids)


def test_killed_build_resumes_without_redoing_or_duplicating(scheduler, tmp_path):
    many = [(f"{t} {k}", d, x) for k in range(3) for t, d, x in ARTICLES]  # 18 articles, one per unit
    source = jsonl(tmp_path / "in.jsonl", many, bad=False)
    out = tmp_path / "ds"
    cmd = build_command([source], out, "--scheduler", scheduler, "--partition-size", "1")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest = out / "_manifest"
    deadline = time.monotonic() + 90
    while not (manifest.exists() and list(manifest.glob("*.json"))):  # kill it right after its first commit
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {p.name: p.stat().st_mtime_ns for p in manifest.glob("*.json")}
    assert 0 < len(before) < len(many)

    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["skipped_units"] == len(before)  # the committed units were not redone ...
    assert {p.name: p.stat().st_mtime_ns for p in manifest.glob("*.json") if p.name in before} == before
    assert summary["articles"] == len(many) - len(before) and summary["duplicates"] == 0
    ids = dataset_event_ids(out)
    assert len(ids) == len(set(ids))  # ... and no event is there twice
    assert set(ids) >= expected_event_ids(many)
    assert not list(out.rglob("*.tmp"))
