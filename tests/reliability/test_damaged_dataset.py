"""Issue #18, item 10: a Parquet dataset on a full disk or with a damaged part. `build` on a disk that refuses
its writes ends in one line naming the file, keeps what it committed and is resumed by the same command;
`import --out` into a dataset with a part cut short names the part and touches nothing; `build` resuming over a
part cut short makes it again from its units (or refuses in one line when they are not among its inputs).
Real commands in their own processes, a real local Dask cluster, real files cut short with truncate."""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import stat
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.reliability.helpers import ROOT, command, env, run
from tests.reliability.test_damaged_inputs import _one_line_error
from tests.reliability.test_odd_rows import _acled_row, _write_acled
from tests.test_corpus_build import ARTICLES, jsonl
from timeline.dataset.parquet import Dataset
from timeline.store.duck import DuckStore

LIMIT = 32 * 1024  # bytes any one file may reach in the "full" build: every part but the long-titled unit's


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cut_short(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _whole(root: Path) -> None:
    """Every committed file reads whole, and no temporary file is left."""
    ds = Dataset(root)
    assert ds.damaged() == {}
    for files in ds.live().values():
        for rel in files:
            pq.read_table(root / rel, partitioning=None)
    assert not list(root.rglob("*.tmp"))


def _articles_and_events(root: Path) -> tuple[int, list[str]]:
    with DuckStore(root) as d:
        return d.count()["articles"], sorted(se.event.id for se in d.events())


def test_import_into_a_dataset_with_a_part_cut_short_names_it_and_touches_nothing(tmp_path):
    first = _write_acled(tmp_path / "a.csv", [_acled_row(f"LBY{i}", f"2016-0{1 + i % 3}-1{i % 9}") for i in range(30)])
    second = _write_acled(tmp_path / "b.csv", [_acled_row(f"TUN{i}", "2016-03-11") for i in range(5)])
    out = tmp_path / "ds"
    assert run("timeline", "import", "acled", str(first), "--out", str(out)).returncode == 0
    part = Dataset(out).files("events")[-1]
    _cut_short(part)
    before = _snapshot(out)
    proc = run("timeline", "import", "acled", str(second), "--out", str(out))
    line = _one_line_error(proc, code=1)  # it was a traceback (ArrowInvalid) when compacting, or exit 0
    assert str(part) in line and "damaged" in line and "nothing was imported" in line, line
    assert _snapshot(out) == before


def _long_titled_jsonl(path: Path) -> Path:
    """Three short articles, then one whose title (64 KB that compress poorly) makes its parts pass LIMIT."""
    jsonl(path, ARTICLES[:3], bad=False)
    title = "Report " + random.Random(18).randbytes(40_000).hex()  # hex of random bytes: zstd halves it, no more
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "long", "title": title, "published": "2016-05-02", "text": ARTICLES[3][2],
                             "source": "Wire", "url": "https://wire.example/long"}) + "\n")
    return path


def _limited_file_size():
    """In the child, before exec: no file may grow past LIMIT, and a write past it fails (EFBIG) instead of
    killing the process (SIGXFSZ ignored, which exec keeps). A full disk's effect without root or a mount."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def test_build_on_a_full_disk_is_one_line_keeps_its_commits_and_resumes(tmp_path):
    source = _long_titled_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "ds"
    args = ["timeline", "build", str(source), "--out", str(out), "--workers", "1", "--partition-size", "1"]
    full = subprocess.run(command(*args), capture_output=True, cwd=ROOT, env=env(), timeout=600,
                          preexec_fn=_limited_file_size)
    line = _one_line_error(full, code=1)  # it was a traceback (OSError: [Errno 27] ... File too large)
    assert "cannot write" in line and str(out) in line and "File too large" in line, line
    _whole(out)
    kept = len(Dataset(out).committed())
    assert kept < 4

    again = run(*args, timeout=600)
    assert again.returncode == 0, again.stderr.decode()[-3000:]
    summary = json.loads(again.stdout)
    assert summary["skipped_units"] == kept and summary["articles"] == 4 - kept, summary
    _whole(out)
    assert _articles_and_events(out)[0] == 4


def test_a_commit_the_disk_refuses_is_one_error_naming_the_file(tmp_path):
    """ENOSPC itself, through /dev/full: the unit's first part is written through a link to it (pyarrow removes
    a path it failed to write: the link goes, never the device)."""
    if not stat.S_ISCHR(os.stat("/dev/full").st_mode if os.path.exists("/dev/full") else 0):
        pytest.skip("no /dev/full device here")
    from timeline.dataset.parquet import unit_tables
    from timeline.errors import StoreError
    from timeline.imports.record import to_analysis
    from timeline.imports import acled

    path = _write_acled(tmp_path / "a.csv", [_acled_row("LBY1", "2016-01-10")])
    tables = unit_tables([to_analysis(r.event) for r in acled.read(path)])
    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(50)
    target = ds.root / "articles" / "month=2016-01" / "part-u1.parquet"
    target.parent.mkdir(parents=True)
    Path(f"{target}.tmp").symlink_to("/dev/full")
    with pytest.raises(StoreError, match="No space left on device") as caught:
        ds.commit("u1", "u1", tables, [], set())
    assert str(target) in str(caught.value)
    assert ds.committed() == {} and not list(ds.root.rglob("*.parquet*"))


def test_build_resuming_over_a_part_cut_short_makes_it_again(tmp_path):
    twice = [(f"{t} {k}", d, x) for k in range(2) for t, d, x in ARTICLES[:2]]  # two units in each month
    source = jsonl(tmp_path / "in.jsonl", twice, bad=False)
    out = tmp_path / "ds"
    args = ["timeline", "build", str(source), "--out", str(out), "--workers", "1", "--partition-size", "1"]
    first = run(*args, timeout=600)
    assert first.returncode == 0 and json.loads(first.stdout)["compacted"] > 0, first.stderr.decode()[-3000:]
    articles, events = _articles_and_events(out)
    part = next(p for p in Dataset(out).files("events") if p.name.startswith("part-c"))  # two units' rows
    _cut_short(part)

    other = jsonl(tmp_path / "other.jsonl", ARTICLES[2:3], bad=False)
    refused = run("timeline", "build", str(other), "--out", str(out), "--workers", "1", "--partition-size", "1")
    line = _one_line_error(refused, code=1)
    assert str(part) in line and "damaged" in line and "not among these inputs" in line, line

    again = run(*args, timeout=600)
    err = again.stderr.decode()
    assert again.returncode == 0, err[-3000:]  # it was exit 0 saying nothing, over the part cut short
    assert f"{part} is damaged" in err and "making it again from its 2 units" in err, err
    assert f"{part} made again" in err, err
    assert json.loads(again.stdout)["repaired"] == [str(part.relative_to(out))]
    _whole(out)
    assert _articles_and_events(out) == (articles, events)


def test_a_whole_part_with_other_rows_than_committed_is_found_damaged(tmp_path):
    """A part that is valid Parquet but not what its commit wrote (rows lost) is found by the rows recorded."""
    from timeline.dataset.parquet import unit_tables
    from timeline.imports import acled
    from timeline.imports.record import to_analysis

    path = _write_acled(tmp_path / "a.csv", [_acled_row(f"LBY{i}", "2016-01-10") for i in range(3)])
    ds = Dataset(tmp_path / "ds")
    ds.open_for_build(50)
    ds.commit("u1", "u1", unit_tables([to_analysis(r.event) for r in acled.read(path)]), [], set())
    assert ds.damaged() == {}
    part = ds.files("events")[0]
    pq.write_table(pq.read_table(part, partitioning=None).slice(0, 1), part)
    assert ds.damaged() == {str(part.relative_to(ds.root)): "1 rows where 3 were committed"}
    assert ds.units_of(str(part.relative_to(ds.root))) == {"u1"}
