"""Item 4: the dashboard listens on the loopback only and asks no outside service for an IP. Started by ``python -m dashboard`` from another folder, so the
checkout's .streamlit/config.toml is not what sets these."""
from __future__ import annotations

import http.client
import socket
import subprocess
import time

import pytest

from tests.reliability.helpers import command, env, stop

_LISTEN = "0A"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on ``port``, from the kernel's own tables (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            for row in fh.read().splitlines()[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == _LISTEN and int(hex_port, 16) == port:
                    found.add(address)
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("elsewhere")
    port = _free_port()
    proc = subprocess.Popen(command("dashboard", "--no-warm-up", "--db", str(folder / "store.sqlite"),
                                    "--server.port", str(port)),
                            cwd=folder, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not _listening_addresses(port) and proc.poll() is None:
        time.sleep(0.2)
    yield proc, port
    stop(proc, timeout=20)


def test_the_dashboard_listens_on_the_loopback_only(server):
    _, port = server
    # 127.0.0.1 in the kernel's byte order; nothing on 0.0.0.0 or an IPv6 wildcard
    assert _listening_addresses(port) == {"0100007F"}


def test_no_external_ip_is_looked_up_at_start_up(server):
    proc, port = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/_stcore/health")
    assert conn.getresponse().status == 200
    out = stop(proc)
    assert f"http://127.0.0.1:{port}" in out
    assert "External URL" not in out and "external IP" not in out and "Network URL" not in out
