"""Which host names the dashboard answers to: a guard against DNS rebinding.

A web page on ``evil.example`` can point its own name at 127.0.0.1 and then talk to a dashboard listening
there as if it were the same site: its requests arrive with ``Host: evil.example:8501`` (and a matching
``Origin``), so Streamlit's origin checks pass and the page could read, add, correct and delete stored
articles. A rebinding page always sends its own *name*, so the dashboard answers only a known name:
localhost, the loopback addresses, the ``--server.address`` it was started with, and the names given with
``--allow-host`` (or ``NEWSMAP_ALLOWED_HOSTS``, comma-separated). A bare IP address is always answered: no
page can rebind an address, and a reader on the network who types one reaches the server they mean.

Two layers use the one rule here: ``python -m dashboard`` puts ``HostCheck`` in front of Streamlit's server, so
a foreign name gets a 403 page and no websocket; and the app refuses to draw anything for a session whose
``Host`` is foreign, which also covers ``streamlit run dashboard/app.py``.
"""
from __future__ import annotations

import ipaddress
import os
from typing import Iterable

__all__ = ["ENV", "LOOPBACK", "HostCheck", "allowed_hosts", "host_name", "install", "is_allowed"]

ENV = "NEWSMAP_ALLOWED_HOSTS"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
REFUSAL = ("This dashboard does not answer to that host name. Open it at http://localhost or http://127.0.0.1, "
           "or start it with --allow-host NAME.")


def host_name(header: str | None) -> str | None:
    """The host of a ``Host`` header, lower-case, without port or trailing dot ("[::1]:8501" -> "::1");
    None when there is none or it cannot be read."""
    if not header:
        return None
    header = header.strip().lower()
    if header.startswith("["):  # an IPv6 literal: [addr] or [addr]:port
        end = header.find("]")
        return header[1:end] if end > 1 else None
    name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    name = name.rstrip(".")
    return name or None


def allowed_hosts(server_address: str | None = None, extra: Iterable[str] = (),
                  environ: dict | None = None) -> frozenset[str]:
    """The names answered: the loopback ones, the server's own address, ``extra`` and $NEWSMAP_ALLOWED_HOSTS."""
    environ = os.environ if environ is None else environ
    names = set(LOOPBACK)
    for name in (server_address, *extra, *environ.get(ENV, "").split(",")):
        parsed = host_name(name.strip()) if name else None
        if parsed:
            names.add(parsed)
    return frozenset(names)


def is_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """True when a request with this ``Host`` header may be answered."""
    name = host_name(header)
    if name is None:
        return False
    if name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True  # an address literal: nothing to rebind


class HostCheck:
    """ASGI middleware: a request or websocket whose ``Host`` is not allowed gets a 403 and reaches nothing."""

    def __init__(self, app, *, allowed: frozenset[str]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), None)
        if is_allowed(host, self.allowed):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # before accepting: the handshake gets 403
        else:
            body = REFUSAL.encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


def install(allowed: frozenset[str]) -> None:
    """Put ``HostCheck`` first in the middleware of the Streamlit server this process is about to start.

    Streamlit builds its Starlette app from ``create_streamlit_middleware()``; wrapping that function is the one
    place where a middleware can go in front of every route (the page, static files, uploads, the websocket).
    """
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    build = starlette_app.create_streamlit_middleware
    if getattr(build, "newsmap_host_check", False):
        return

    def with_host_check():
        return [Middleware(HostCheck, allowed=allowed), *build()]

    with_host_check.newsmap_host_check = True
    starlette_app.create_streamlit_middleware = with_host_check
