"""Shared fixtures: the real spaCy model and the real gazetteer index, loaded once per test session."""
from __future__ import annotations

import io
import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "libya-channel-2016-01-31.md"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def gazetteer():
    from geo.index import Gazetteer

    return Gazetteer.open(quiet=True)


@pytest.fixture(scope="session")
def geoparser(gazetteer):
    from geo.parser import GeoparseSettings, Geoparser

    return Geoparser(settings=GeoparseSettings(demonyms=True), gazetteer=gazetteer)


@pytest.fixture(scope="session")
def seed_text() -> str:
    from articles import split_front_matter

    return split_front_matter(SEED.read_text(encoding="utf-8"))[1]


def hears_ctrl_c() -> None:
    """``preexec_fn`` of a child a test interrupts with SIGINT: Ctrl-C's default restored in it. A shell's
    background job (``cmd &`` with no job control, as a CI script may start the suite) starts with SIGINT
    ignored, and Python then installs no KeyboardInterrupt handler: the child would never hear the test's Ctrl-C
    (it ran to the end, exit 0, or slept on)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(main, argv, *, capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """A ``python -m ...`` command in-process: its exit code, stdout and stderr (stdin given as text)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# Time per test folder (tests/, tests/reliability/, tests/browser/), printed before pytest's closing lines with
# --folder-times (.ci/run passes it): a slow or flaky folder shows in the CI log.
def pytest_addoption(parser):
    parser.addoption("--folder-times", action="store_true",
                     help="print the time spent per test folder (setup, call and teardown summed) at the end")


_FOLDER_TIMES: dict[str, list] = {}  # folder -> [tests, failed, seconds]


def pytest_runtest_logreport(report):
    folder = report.nodeid.split("::")[0].rpartition("/")[0] + "/"
    row = _FOLDER_TIMES.setdefault(folder, [0, 0, 0.0])
    row[2] += report.duration
    if report.when == "call" or (report.when == "setup" and not report.passed):
        row[0] += 1
    if report.failed:
        row[1] += 1


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("folder_times") or not _FOLDER_TIMES:
        return
    tr = terminalreporter
    tr.write_sep("-", "time per test folder")
    tr.write_line(f"{'folder':<24}{'tests':>7}{'failed':>8}{'seconds':>10}")
    for folder, (n, failed, secs) in sorted(_FOLDER_TIMES.items()):
        tr.write_line(f"{folder:<24}{n:>7}{failed:>8}{secs:>10.1f}")
    n, failed, secs = (sum(r[i] for r in _FOLDER_TIMES.values()) for i in range(3))
    tr.write_line(f"{'all':<24}{n:>7}{failed:>8}{secs:>10.1f}")
