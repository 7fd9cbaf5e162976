"""Fetching pages and feeds over HTTP, safely: the one way ``fetch``, ``follow`` (and later the dashboard) reach the web.

Built on the standard library's ``http.client`` rather than httpx or trafilatura's ``fetch_url``: the address a
request goes to must be the address that was checked. ``Fetcher`` resolves the host itself, refuses private,
loopback, link-local, multicast and reserved addresses (unless ``allow_private``: a reader's intranet), and
then connects the socket to that very address (the TLS name check still uses the host name), so a public name
that resolves to a private address, first or on a second lookup (DNS rebinding), is refused. Every redirect
is a new request through the same checks. Only http and https.

Every problem is a ``FetchError`` (an ``articles.InputError``) whose message is one line naming the URL and
the problem: a time-out, HTTP 404/410/5xx, a redirect loop, a body over the size limit, a page that is not
HTML, text that is not UTF-8 (nor its declared charset).
"""
from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from articles import Article, InputError, article_from_bytes, one_line
from articles.read import MAX_HTML_BYTES

USER_AGENT = "newsmap/1.0 (+https://github.com/; follows news feeds a reader chose)"
ROBOTS_AGENT = "newsmap"
MAX_REDIRECTS = 5
TIMEOUT = 15.0  # seconds per request: connecting, and the whole body
HTML_TYPES = ("text/html", "application/xhtml+xml")

Resolver = Callable[[str, int], list[str]]


class FetchError(InputError):
    """One URL could not be fetched or read; ``str()`` is ``"URL: problem"``, one line."""

    def __init__(self, url: str, problem: str, *, status: int | None = None, refused: bool = False) -> None:
        super().__init__(f"{url}: {problem}")
        self.url, self.problem, self.status = url, problem, status
        self.refused = refused  # by the address rule (not a fault of the site)


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional request whose answer has not changed
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def system_resolver(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address anyone on the internet reaches: not private, loopback, link-local, multicast or reserved."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def canonical_url(url: str) -> str:
    """The URL an article is kept under: scheme and host lower-case, default port, fragment and tracking
    parameters (utm_*, fbclid, gclid) dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not (k.lower().startswith("utm_") or k.lower() in ("fbclid", "gclid"))])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else ``FetchError``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({one_line(exc)})") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise FetchError(url, f"only http and https URLs are fetched ({shown})")
    if not parts.hostname:
        raise FetchError(url, "no host name in the URL")
    return url


class Fetcher:
    """GET with the address checks, redirects followed by hand, a size limit and a time limit."""

    def __init__(self, *, allow_private: bool = False, timeout: float = TIMEOUT, max_bytes: int = MAX_HTML_BYTES,
                 max_redirects: int = MAX_REDIRECTS, resolver: Resolver = system_resolver,
                 allowed: Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool] | None = None,
                 user_agent: str = USER_AGENT) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.resolver = resolver
        self.allowed = allowed or (lambda ip: True if allow_private else public_address(ip))
        self.user_agent = user_agent
        self._tls = ssl.create_default_context()

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> Response:
        check_url(url)
        seen = {url}
        current = url
        for _ in range(self.max_redirects + 1):
            status, reason, got, body = self._request(current, headers or {}, origin=url)
            if status in (301, 302, 303, 307, 308):
                location = got.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location", status=status)
                target = urljoin(current, location)
                try:
                    check_url(target)
                except FetchError as exc:
                    raise FetchError(url, f"redirected to {target}: {exc.problem}", refused=True) from None
                if target in seen:
                    raise FetchError(url, f"redirects in a loop (back to {target})", status=status)
                seen.add(target)
                current = target
                continue
            if status == 304:
                return Response(current, 304, got, b"")
            if status in (404, 410):
                raise FetchError(url, f"HTTP {status} {reason or 'Not Found'} (gone)", status=status)
            if status >= 400:
                raise FetchError(url, f"HTTP {status} {reason}".strip(), status=status)
            if status != 200:
                raise FetchError(url, f"unexpected HTTP {status} {reason}".strip(), status=status)
            return Response(current, status, got, body)
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    # --- one request ------------------------------------------------------------------------------------

    def _address(self, url: str, host: str, port: int, origin: str) -> str:
        try:
            ip = ipaddress.ip_address(host.strip("[]"))
            addresses = [str(ip)]
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(origin, f"cannot resolve {host} ({one_line(exc)})") from None
        if not addresses:
            raise FetchError(origin, f"cannot resolve {host}")
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not self.allowed(ip):
                where = "" if url == origin else f" (redirected to {url})"
                raise FetchError(origin, f"refused: {host} is a private address ({ip}){where}; "
                                         "--allow-private fetches from a reader's own network", refused=True)
        return addresses[0]

    def _request(self, url: str, headers: dict[str, str], *, origin: str):
        parts = urlsplit(url)
        https = parts.scheme.lower() == "https"
        port = parts.port or (443 if https else 80)
        address = self._address(url, parts.hostname, port, origin)
        deadline = time.monotonic() + self.timeout

        def connect(_addr, timeout=None, source_address=None):  # to the address checked, never a new lookup
            return socket.create_connection((address, port), timeout=self.timeout)

        if https:
            conn = http.client.HTTPSConnection(parts.hostname, port, timeout=self.timeout, context=self._tls)
        else:
            conn = http.client.HTTPConnection(parts.hostname, port, timeout=self.timeout)
        conn._create_connection = connect
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        try:
            conn.request("GET", path, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity",
                                               "Connection": "close", **headers})
            resp = conn.getresponse()
            got = {k.lower(): v for k, v in resp.getheaders()}
            body = b""
            if resp.status == 200:
                length = got.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(origin, f"is too large ({int(length):,} bytes; limit {self.max_bytes:,})")
                chunks, size = [], 0
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(origin, f"timed out after {self.timeout:g} s (body not finished)")
                    chunk = resp.read1(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(origin, f"is too large (over the limit of {self.max_bytes:,} bytes)")
                    chunks.append(chunk)
                body = b"".join(chunks)
            return resp.status, resp.reason, got, body
        except (socket.timeout, TimeoutError):
            raise FetchError(origin, f"timed out after {self.timeout:g} s") from None
        except ssl.SSLError as exc:
            raise FetchError(origin, f"TLS failed ({one_line(exc)})") from None
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(origin, f"cannot fetch ({type(exc).__name__}: {one_line(exc)})") from None
        finally:
            conn.close()


def page_article(resp: Response, *, requested: str) -> Article:
    """The article of an HTML page fetched from ``requested``: read as ``articles`` reads an .html file
    (trafilatura; its size limits). Its URL is the page's canonical one, else the URL it was fetched from."""
    if resp.content_type and resp.content_type not in HTML_TYPES:
        raise FetchError(requested, f"not an HTML page (Content-Type {resp.content_type})")
    where = "page.html"
    data = resp.body
    charset = resp.charset
    try:
        if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                data = data.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                raise FetchError(requested, f"not decodable as its declared charset {charset!r}") from None
        article = article_from_bytes(data, filename=where)
    except FetchError:
        raise
    except InputError as exc:
        message = str(exc)
        raise FetchError(requested, message.removeprefix(f"{where}: ")) from None
    url = article.url if article.url else resp.url
    try:
        check_url(url)
    except FetchError:
        url = resp.url
    return dataclasses.replace(article, url=canonical_url(url), path=resp.url)
