"""Item 2: in --jsonl mode every line stands alone, each is answered as soon as it is read, and a bad line is
named once by its number."""
from __future__ import annotations

import json
import select
import subprocess
import time

import pytest

from articles import MAX_CHARS
from tests.reliability.helpers import ROOT, command, env, run

GOOD = json.dumps({"id": "good", "text": "Clashes in Sirte on Saturday.", "published": "2016-01-31"}).encode()
# each with the problem the probe found; the good line after them must still be answered
BAD_LINES = [
    json.dumps({"id": "int", "text": "Talks in Rome.", "published": 20160201}).encode(),
    json.dumps({"id": "list", "text": "Talks in Rome.", "published": ["2016-01-31"]}).encode(),
    json.dumps({"id": "bool", "text": "Talks in Rome.", "published": False}).encode(),
    json.dumps({"id": "num", "text": 42}).encode(),
    json.dumps({"id": {"nested": 1}, "text": "Talks in Rome."}).encode(),
    json.dumps({"id": "bytes", "text": "Talks in Rome."}).encode().replace(b"Rome", b"R\xffme"),  # not UTF-8
    b"{not json",
    b"[" * 100_000,  # nested deeper than the JSON parser's stack
    b'"just a string"',
    json.dumps({"id": "long", "text": "Talks in Rome. " * (MAX_CHARS // 15 + 1)}).encode(),
]


@pytest.mark.parametrize("module,args", [("geo", ("parse", "--jsonl")), ("timeline", ("dates", "--jsonl"))])
def test_each_bad_line_is_reported_once_and_the_others_go_on(module, args):
    stdin = b"\n".join([GOOD, *BAD_LINES, GOOD]) + b"\n"
    proc = run(module, *args, stdin=stdin)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good", "good"]
    for lineno in range(2, 2 + len(BAD_LINES)):
        assert err.count(f"line {lineno}:") == 1, (lineno, err)  # named, and named once ("line 7: line 7:")
    assert "not UTF-8" in err and "too long" in err


def _read_line(proc: subprocess.Popen, timeout: float) -> bytes:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline() if ready else b""


@pytest.mark.parametrize("module,args", [("geo", ("parse", "--jsonl")), ("timeline", ("dates", "--jsonl"))])
def test_the_first_answer_does_not_wait_for_the_end_of_input(module, args):
    proc = subprocess.Popen(command(module, *args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=env())
    try:
        proc.stdin.write(GOOD + b"\n")
        proc.stdin.flush()  # stdin stays open: a reader that waits for EOF never answers
        first = _read_line(proc, timeout=120)
        assert first and json.loads(first)["id"] == "good"
        proc.stdin.write(GOOD.replace(b'"good"', b'"second"') + b"\n")
        proc.stdin.flush()
        second = _read_line(proc, timeout=60)
        assert second and json.loads(second)["id"] == "second"
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
