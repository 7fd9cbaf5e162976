"""A browser's part of a Streamlit session, spoken over the real websocket: the XSRF cookie from a plain GET,
one run of the app's script, and the messages it sends back (its session id, the elements it draws)."""
from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field


@dataclass
class ScriptRun:
    session_id: str = ""
    elements: list = field(default_factory=list)  # the Element protos the run drew, in order


def xsrf_token(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/_stcore/health")
    resp = conn.getresponse()
    resp.read()
    cookie = resp.getheader("Set-Cookie") or ""
    assert cookie.startswith("_streamlit_xsrf="), cookie
    return cookie.split("=", 1)[1].split(";")[0]


def open_session(port: int, token: str, *, host: str | None = None):
    """The websocket of one session (a context manager). ``host`` is the name the browser believes it talks to
    (its ``Host`` and ``Origin``), the connection still goes to 127.0.0.1: what a rebound name looks like."""
    import socket

    from websockets.sync.client import connect

    host = host or f"127.0.0.1:{port}"
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return connect(f"ws://{host}/_stcore/stream", sock=sock, subprotocols=["streamlit", token],
                   additional_headers={"Cookie": f"_streamlit_xsrf={token}", "Origin": f"http://{host}"},
                   max_size=None)


def run_script(ws, *, timeout: float = 120) -> ScriptRun:
    """Ask for one run of the app's script and collect what it draws until it finishes."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = ""
    ws.send(msg.SerializeToString())
    run = ScriptRun()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fwd = ForwardMsg()
        fwd.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            run.session_id = fwd.new_session.initialize.session_id
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            run.elements.append(fwd.delta.new_element)
        elif kind == "script_finished":
            return run
    raise TimeoutError("the app's script did not finish")
