"""Issue #18, item 2: no page from a stranger (DNS rebinding).

A web page on a foreign name that rebinds it to 127.0.0.1 talks to the dashboard with that name in ``Host`` and
``Origin``. ``python -m dashboard`` refuses any name but localhost, the loopback addresses, its
``--server.address`` and ``--allow-host``: the page, the static files and the websocket all get 403. Under a
plain ``streamlit run`` the app itself draws nothing but a refusal for such a session.
"""
from __future__ import annotations

import http.client
import subprocess
import sys
import time

import pytest

from dashboard import hosts
from tests.reliability.helpers import ROOT, command, env, stop
from tests.reliability.streamlit_session import open_session, run_script, xsrf_token
from tests.reliability.test_dashboard_server import _free_port


def _wait_healthy(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if _get(port, "/_stcore/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the dashboard did not come up: {stop(proc)}")


def _get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host} if host else {})
    resp = conn.getresponse()
    return resp.status, resp.read()


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """``python -m dashboard`` with one extra name allowed, started from outside the checkout."""
    folder = tmp_path_factory.mktemp("hosts")
    port = _free_port()
    proc = subprocess.Popen(command("dashboard", "--no-warm-up", "--db", str(folder / "store.sqlite"),
                                    "--allow-host", "newsroom.lan", "--server.port", str(port)),
                            cwd=folder, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _wait_healthy(proc, port)
    yield port
    stop(proc, timeout=20)


@pytest.fixture(scope="module")
def plain_streamlit(tmp_path_factory):
    """``streamlit run dashboard/app.py``: no middleware of ours, only the app's own check."""
    folder = tmp_path_factory.mktemp("hosts_plain")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
                             "--server.port", str(port), "--", "--db", str(folder / "store.sqlite")],
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _wait_healthy(proc, port)
    yield port
    stop(proc, timeout=20)


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"])
def test_a_foreign_host_name_gets_403_for_every_path(dashboard, path):
    status, body = _get(dashboard, path, host=f"rebind.example:{dashboard}")
    assert status == 403
    assert body.decode() == hosts.REFUSAL


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST.", "[::1]", "newsroom.lan", "10.1.2.3"])
def test_the_loopback_names_the_allowed_ones_and_addresses_are_answered(dashboard, name):
    assert _get(dashboard, "/_stcore/health", host=f"{name}:{dashboard}")[0] == 200


def test_a_session_under_a_foreign_host_gets_no_websocket(dashboard):
    from websockets.exceptions import InvalidStatus

    token = xsrf_token(dashboard)
    with pytest.raises(InvalidStatus) as refused:
        with open_session(dashboard, token, host=f"rebind.example:{dashboard}") as ws:
            run_script(ws, timeout=30)
    assert refused.value.response.status_code == 403
    # the same browser under the loopback name gets the app
    with open_session(dashboard, token) as ws:
        run = run_script(ws)
    assert run.session_id and any(e.WhichOneof("type") == "heading" for e in run.elements)


def test_under_plain_streamlit_run_the_app_draws_only_a_refusal(plain_streamlit):
    token = xsrf_token(plain_streamlit)
    with open_session(plain_streamlit, token, host=f"rebind.example:{plain_streamlit}") as ws:
        run = run_script(ws)
    kinds = [e.WhichOneof("type") for e in run.elements]
    assert kinds == ["alert"] and run.elements[0].alert.body == hosts.REFUSAL
    with open_session(plain_streamlit, token) as ws:
        run = run_script(ws)
    assert any(e.WhichOneof("type") == "heading" for e in run.elements)


@pytest.mark.parametrize("header,name", [
    ("Example.ORG:8501", "example.org"), ("[::1]:8501", "::1"), ("::1", "::1"), ("127.0.0.1", "127.0.0.1"),
    ("", None), (None, None), ("[", None), ("host.", "host"),
])
def test_host_names_are_read_from_the_header(header, name):
    assert hosts.host_name(header) == name


def test_the_allowed_names_come_from_the_address_the_option_and_the_environment():
    allowed = hosts.allowed_hosts("dash.local", ["a.example"], environ={hosts.ENV: "b.example, C.example"})
    assert allowed == hosts.LOOPBACK | {"dash.local", "a.example", "b.example", "c.example"}
    assert not hosts.is_allowed("rebind.example:80", allowed)
    assert not hosts.is_allowed(None, allowed)
    assert hosts.is_allowed("c.example:8501", allowed) and hosts.is_allowed("[fe80::1]:80", allowed)
