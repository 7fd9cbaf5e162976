"""Running the real commands as subprocesses from the checkout, with a private gazetteer cache when asked."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env(cache_dir: Path | None = None) -> dict[str, str]:
    """The environment of a command: this checkout's packages first, ``GEO_CACHE_DIR`` when given."""
    out = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    if cache_dir is not None:
        out["GEO_CACHE_DIR"] = str(cache_dir)
    return out


def command(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def run(module: str, *args: str, stdin: bytes | None = None, cache_dir: Path | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command(module, *args), input=stdin, capture_output=True, cwd=ROOT,
                          env=env(cache_dir), timeout=timeout)


def stop(proc: subprocess.Popen, timeout: float = 30) -> str:
    """Stop a server started with ``stdout=PIPE`` (SIGTERM, then SIGKILL after ``timeout`` s); its output."""
    proc.terminate()
    try:
        return proc.communicate(timeout=timeout)[0].decode()
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[0].decode()
