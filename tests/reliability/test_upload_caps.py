"""Issue #18, item 3: uploads are capped per session and in all, and a session's files go when it ends.

``python -m dashboard`` runs as a real process; a browser's session is opened over its websocket and files are
PUT straight to the upload endpoint, 1.9 MB at a time, as the probe did (300 of them took the server from 631 to
1,175 MB). The server's memory is read from /proc.
"""
from __future__ import annotations

import uuid

import pytest

from dashboard import upload_caps
from tests.reliability.helpers import stop
from tests.reliability.streamlit_session import open_session, run_script, xsrf_token
from tests.reliability.test_dashboard_limits import _multipart, _put, _serve

MB = 1024 * 1024


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    return kb / 1024


@pytest.fixture
def server(tmp_path):
    proc, port = _serve(tmp_path, tmp_path / "store.sqlite")
    yield proc, port
    stop(proc)


def test_a_session_sending_file_after_file_holds_only_its_last_ones(server):
    proc, port = server
    token = xsrf_token(port)
    boundary = uuid.uuid4().hex
    body = _multipart(b"x" * int(1.9 * MB), boundary)
    with open_session(port, token) as ws:
        session_id = run_script(ws).session_id
        before = _rss_mib(proc.pid)
        statuses = {_put(port, token, session_id, body, boundary) for _ in range(120)}
        grown = _rss_mib(proc.pid) - before
    assert statuses == {204}  # every upload is taken; the older ones are let go
    # 120 files of 1.9 MB are 228 MB; the cap keeps two (3.8 MB), plus what the requests themselves cost
    assert grown < 80, f"the server grew by {grown:.0f} MiB"


def test_past_the_total_cap_a_new_upload_is_refused_with_a_message(server):
    import contextlib

    proc, port = server
    token = xsrf_token(port)
    boundary = uuid.uuid4().hex
    size = int(1.9 * MB)
    body = _multipart(b"x" * size, boundary)
    sessions = upload_caps.TOTAL_BYTES // (2 * size) + 1  # two files each: the last session's go past the total
    statuses = []
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(open_session(port, token)) for _ in range(sessions)]
        for ws in sockets:
            session_id = run_script(ws).session_id
            statuses += [_put(port, token, session_id, body, boundary) for _ in range(2)]
    held = 2 * (sessions - 1)
    assert statuses[:held] == [204] * held and statuses[-1] == 503


def test_the_files_of_a_session_gone_are_freed_with_the_memory(tmp_path):
    """Thirty readers each leave two files (114 MB in all) and go away without closing their session: once their
    sessions are past the reconnection window (``server.disconnectedSessionTTL``, 2 s here) their files and the
    memory are freed."""
    import subprocess
    import time

    from tests.reliability.helpers import command, env
    from tests.reliability.test_dashboard_server import _free_port

    port = _free_port()
    proc = subprocess.Popen(command("dashboard", "--no-warm-up", "--db", str(tmp_path / "store.sqlite"),
                                    "--server.port", str(port), "--server.disconnectedSessionTTL", "2"),
                            cwd=tmp_path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                token = xsrf_token(port)
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the dashboard did not start"
                time.sleep(0.3)
        boundary = uuid.uuid4().hex
        body = _multipart(b"x" * int(1.9 * MB), boundary)
        with open_session(port, token) as ws:  # one reader's first page: the app's own memory, before any file
            run_script(ws)
        start = _rss_mib(proc.pid)
        import contextlib

        with contextlib.ExitStack() as readers:  # all thirty connected while they upload, then all gone
            for _ in range(30):
                ws = readers.enter_context(open_session(port, token))
                session_id = run_script(ws).session_id
                assert [_put(port, token, session_id, body, boundary) for _ in range(2)] == [204, 204]
            held = _rss_mib(proc.pid) - start
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _rss_mib(proc.pid) - start > 30:
            time.sleep(1)
        freed = held - (_rss_mib(proc.pid) - start)
    finally:
        stop(proc)
    assert held > 80, f"the sixty files were never held ({held:.0f} MiB)"
    assert freed >= 60, f"held {held:.0f} MiB, freed {freed:.0f} MiB"
