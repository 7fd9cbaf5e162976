"""Items 5 and 6: limits and error pages on the running server itself, not only in the browser's widgets.

``python -m dashboard`` runs as a real process on 127.0.0.1; a session is opened over its websocket as a
browser does (tests/reliability/streamlit_session.py), and requests go straight to the server's endpoints.
"""
from __future__ import annotations

import http.client
import socket
import subprocess
import time
import uuid

import pytest

from dashboard.upload import MAX_UPLOAD_BYTES
from tests.reliability.helpers import command, env, stop
from tests.reliability.streamlit_session import open_session, run_script, xsrf_token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path, db) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(command("dashboard", "--no-warm-up", "--db", str(db), "--server.port", str(port)),
                            cwd=tmp_path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            xsrf_token(port)
            return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"the dashboard did not start: {proc.communicate()[0].decode()[-1000:]}")


def _put(port: int, token: str, session_id: str, body: bytes, boundary: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("PUT", f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}", body=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": token,
                              "Cookie": f"_streamlit_xsrf={token}"})
        return conn.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 413  # the server closed the connection on the oversized body before it was all sent
    finally:
        conn.close()


def _multipart(payload: bytes, boundary: str) -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    proc, port = _serve(tmp, tmp / "store.sqlite")
    yield port
    stop(proc)


def test_a_direct_put_of_30_mb_is_refused_by_the_server(server):
    port = server
    token = xsrf_token(port)
    with open_session(port, token) as ws:
        session_id = run_script(ws).session_id
        assert session_id
        boundary = uuid.uuid4().hex
        # the same request with a small file goes through: the session, token and route are right
        small = _put(port, token, session_id, _multipart(b"Talks in Rome on Monday.", boundary), boundary)
        assert small in (200, 204)
        big = _put(port, token, session_id, _multipart(b"x" * (30 * 1024 * 1024), boundary), boundary)
        assert big == 413  # Request Entity Too Large: the server's own limit, 2 MB
        just_over = _put(port, token, session_id, _multipart(b"x" * (MAX_UPLOAD_BYTES + 2 * 1024 * 1024), boundary),
                         boundary)
        assert just_over == 413


def test_an_error_page_shows_no_traceback_and_no_server_path(tmp_path):
    db = tmp_path / "garbage.sqlite"
    db.write_bytes(bytes(range(256)) * 40)  # not a store: opening it fails inside the app's script
    proc, port = _serve(tmp_path, db)
    try:
        with open_session(port, xsrf_token(port)) as ws:
            run = run_script(ws)
    finally:
        log = stop(proc)
    errors = [e.exception for e in run.elements if e.WhichOneof("type") == "exception"]
    assert errors, "the app drew no error"
    for err in errors:
        shown = f"{err.type} {err.message} {list(err.stack_trace)}"
        assert not err.stack_trace and "Traceback" not in shown
        assert not any(mark in shown for mark in (str(tmp_path), "site-packages", ".py\"", "dashboard/"))
    assert "Traceback" in log  # the details went to the server's log instead
