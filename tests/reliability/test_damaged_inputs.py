"""Issue #18, items 10 and 11: damaged or outsized inputs get one line and a non-zero exit, not a traceback,
and are refused without being read whole. Real commands in their own processes, real files."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import zipfile

from tests.reliability.helpers import ROOT, command, env, run
from tests.reliability.test_odd_rows import _gdelt_line


def _one_line_error(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == code and "Traceback" not in err, err[-3000:]
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1, err
    return lines[0]


# Started from a small process of its own: Linux keeps a process' peak RSS across fork and exec, so a
# command started straight from this (large) test process would report this process' peak as its own.
_MEASURE = """import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024)
"""


def _peak_mib(args: list[str]) -> tuple[int, int, bytes]:
    """Run the command; its exit status, peak RSS in MiB (wait4) and stderr."""
    proc = subprocess.run([command(*args)[0], "-c", _MEASURE, *command(*args)], cwd=ROOT, env=env(),
                          capture_output=True, timeout=600)
    code, peak = map(int, proc.stdout.split())
    return code, peak, proc.stderr


def test_gdelt_zip_with_a_bad_crc_is_one_line_and_stores_nothing(tmp_path):
    lines = "\n".join(_gdelt_line(str(i), "20160130") for i in range(1, 200)) + "\n"
    path = tmp_path / "20160131.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("20160131.export.CSV", lines)
    data = bytearray(path.read_bytes())
    at = data.index(b"MILITIA", len(data) // 2)  # a byte of the stored CSV, past its first line
    data[at] ^= 0x20
    path.write_bytes(bytes(data))
    db = tmp_path / "store.sqlite"
    proc = run("timeline", "import", "gdelt", str(path), "--db", str(db))
    assert "damaged" in _one_line_error(proc)
    assert not db.exists() or sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0


def test_gdelt_zip_holding_one_300_mb_line_is_refused_without_holding_it(tmp_path):
    path = tmp_path / "20160131.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("20160131.export.CSV", "w") as fh:
            block = b"1\t" * (1 << 19)
            for _ in range(300):  # 300 MB, one line
                fh.write(block)
            fh.write(b"\n" + _gdelt_line("7", "20160130").encode() + b"\n")
    assert path.stat().st_size < 2_000_000
    code, peak, err = _peak_mib(["timeline", "import", "gdelt", str(path), "--db", str(tmp_path / "s.sqlite")])
    assert peak < 250, peak  # it was 950 MiB: the line was held whole, and decoded
    assert code == 2 and b"Traceback" not in err and b"over 65,536 bytes" in err, err[-2000:]


def test_gdelt_long_line_after_the_first_is_one_bad_row(tmp_path):
    path = tmp_path / "x.export.CSV"
    path.write_bytes(_gdelt_line("1", "20160130").encode() + b"\n" + b"2\t" * 100_000 + b"\n"
                     + _gdelt_line("3", "20160131").encode() + b"\n")
    proc = run("timeline", "import", "gdelt", str(path), "--db", str(tmp_path / "s.sqlite"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
    summary = json.loads(proc.stdout)
    assert summary["events"] == 2 and [f["row"] for f in summary["failed"]] == [2], summary


SUPPLEMENT_COLUMNS = "name,aliases,feature_code,country_code,lat,lon,geonameid,importance,source\n"


def test_supplement_without_a_name_column_or_in_latin1_is_one_line(tmp_path):
    no_name = tmp_path / "no-name.csv"
    no_name.write_text("label,lat,lon\nCamp Sud,31.2,16.6\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((SUPPLEMENT_COLUMNS + "Café Mansour,,PPL,LY,31.2,16.6,,3,me\n").encode("latin-1"))
    for path, said in ((no_name, "no name"), (latin1, "not UTF-8")):
        proc = run("geo", "index", "--supplement", str(path), cache_dir=tmp_path / "cache")
        line = _one_line_error(proc)
        assert said in line and str(path) in line, line


def test_a_400_mb_text_file_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 400 MB that take no disk
        fh.truncate(400 * 1024 * 1024)
    code, peak, err = _peak_mib(["timeline", "dates", str(big), "--published", "2016-01-31"])
    assert peak < 250, peak  # it was 1.19 GB: read whole, then refused
    assert code == 2 and b"Traceback" not in err and b"too long for one article" in err, err[-2000:]


def test_ingest_into_a_store_with_damaged_pages_is_one_line(tmp_path):
    from tests.reliability.test_odd_rows import _acled_row, _write_acled

    db = tmp_path / "store.sqlite"
    csv_path = _write_acled(tmp_path / "acled.csv", [_acled_row(f"LBY{i}", "2016-01-30", notes="Clashes. " * 40)
                                                     for i in range(300)])
    assert run("timeline", "import", "acled", str(csv_path), "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for off in range(40960, len(data), 8192):  # every other page past the first ten: the tables' pages
        data[off:off + 512] = b"\xff" * 512
    db.write_bytes(bytes(data))
    article = tmp_path / "a.md"
    article.write_text("---\npublished: 2016-01-31\n---\nClashes in Sirte on Saturday.\n", encoding="utf-8")
    proc = run("timeline", "ingest", str(article), "--db", str(db))
    assert "damaged" in _one_line_error(proc, code=1)
