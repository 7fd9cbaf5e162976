"""The installed project (pip install -e .): its console commands are the package CLIs, from any directory."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = {"newsmap-geo": "python -m geo", "newsmap-timeline": "python -m timeline",
            "newsmap-dashboard": "python -m dashboard"}


def _command(name: str) -> Path:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed beside {sys.executable}: run bash scripts/setup.sh")
    return path


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_console_command_is_the_package_cli_outside_the_repository(name, tmp_path):
    # tmp_path as the working directory: the packages must come from the install, not from the checkout.
    proc = subprocess.run([str(_command(name)), "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"usage: {COMMANDS[name]} "), proc.stdout  # the prog the README documents


def test_console_command_reports_a_usage_error_on_one_line(tmp_path):
    proc = subprocess.run([str(_command("newsmap-geo")), "parse", "--published", "31/01/2016", "x.txt"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "published" in proc.stderr, proc.stderr
