"""Item 3: a damaged gazetteer index heals, a killed build leaves nothing behind, setups coexist, the file has
the normal mode and any folder name works. Every test has its own cache folder (never the shared one)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from geo.exc import GazetteerError
from geo.index import Gazetteer
from tests.reliability.helpers import ROOT, command, env, run


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One real index, built once in a private folder; tests copy it into their own."""
    gaz = Gazetteer.open(cache_dir=tmp_path_factory.mktemp("built"), quiet=True)
    gaz.close()
    return gaz.path


def _copy_into(built: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(built, folder / built.name))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_index_has_the_mode_of_any_other_file(built):
    assert stat.S_IMODE(built.stat().st_mode) == 0o666 & ~_umask()


@pytest.mark.parametrize("damage", ["truncate", "drop_words", "no_meta_row"])
def test_a_damaged_index_is_refused_on_open(built, tmp_path, damage):
    path = _copy_into(built, tmp_path)
    if damage == "truncate":
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 2)
    else:
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("DROP TABLE words" if damage == "drop_words" else "DELETE FROM meta")
        con.commit()
        con.close()
    with pytest.raises(GazetteerError, match="gazetteer index"):
        Gazetteer(path)


def test_geo_index_rebuilds_a_truncated_index_with_a_warning(built, tmp_path):
    path = _copy_into(built, tmp_path)
    with open(path, "r+b") as fh:
        fh.truncate(4096 * 10)
    proc = run("geo", "index", cache_dir=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "truncated" in err and "rebuilding" in err and "Traceback" not in err
    assert json.loads(proc.stdout)["index"] == str(path)
    assert Gazetteer(path).lookup("Sirte")  # a good index again


def test_geo_index_fails_with_a_message_when_it_cannot_make_a_good_index(built, tmp_path):
    (tmp_path / built.name).mkdir()  # in the way of the index, and not removable as a file
    proc = run("geo", "index", cache_dir=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "error:" in err and "Traceback" not in err and proc.stdout == b""


def test_a_killed_build_leaves_no_temp_file_behind(built, tmp_path):
    cache = tmp_path / "cache"
    proc = subprocess.Popen(command("geo", "index"), cwd=ROOT, env=env(cache), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(cache.glob("*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(cache.glob("*.tmp")), "the build should have been writing its temp file"
    _copy_into(built, cache)  # the finished index is there: opening it needs no build, and still cleans up
    Gazetteer.open(cache_dir=cache, quiet=True).close()
    assert not list(cache.glob("*.tmp"))


def test_indexes_with_and_without_a_supplement_coexist(built, tmp_path):
    base = _copy_into(built, tmp_path)
    supplement = tmp_path / "places.csv"
    supplement.write_text("name,aliases,feature_code,country_code,lat,lon\nZzyzx Springs,,PPL,US,35.14,-116.10\n",
                          encoding="utf-8")
    with_supplement = Gazetteer.open(cache_dir=tmp_path, supplements=[supplement], quiet=True)
    assert with_supplement.lookup("Zzyzx Springs") and with_supplement.path != base
    assert base.exists()  # the index without the supplement was not deleted as stale
    mtime = base.stat().st_mtime_ns
    again = Gazetteer.open(cache_dir=tmp_path, quiet=True)
    assert again.path == base and base.stat().st_mtime_ns == mtime  # opened, not rebuilt
    assert with_supplement.path.exists()


@pytest.mark.parametrize("folder", ["news#maps", "my%20cache", "a?b"])
def test_a_cache_folder_with_uri_characters_works(built, tmp_path, folder):
    _copy_into(built, tmp_path / folder)
    gaz = Gazetteer.open(cache_dir=tmp_path / folder, quiet=True)
    assert gaz.path.parent == tmp_path / folder and gaz.lookup("Sirte")
