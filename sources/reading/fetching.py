"""The one guarded HTTP fetcher for article URLs and feeds.

`url_fetch(url, policy=..., resolve=...)` fetches a page the way a server that must never be
turned against its own network has to:

- only `http` and `https`, no credentials in the URL;
- the host is resolved once, by `resolve` (injectable, so tests stub DNS), and refused when any
  of its addresses is loopback, private, link-local (including 169.254.169.254, the cloud
  metadata service), shared/CGNAT, multicast, unspecified or reserved, for IPv4 and IPv6, also
  inside IPv4-mapped, NAT64, 6to4 and Teredo IPv6 addresses; numeric spellings the OS accepts
  (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) are decoded the way `inet_aton` does;
- the connection goes to the vetted address itself, with the name sent in the Host header and
  as TLS SNI and checked against the certificate, so a second DNS answer (rebinding) is never
  consulted;
- every redirect goes through the same checks; redirect loops and more than
  `policy.max_redirects` redirects are refused;
- a connect deadline per attempt and one total deadline for the whole fetch, redirects included,
  enforced by a watchdog that shuts the socket, so a server dripping a byte a second fails;
- the body is streamed and capped at `policy.max_bytes` after decompression (a gzip bomb stops
  at the cap); only HTML, XML feeds and plain text are accepted;
- conditional GET: pass the stored `etag` / `last_modified`; a 304 comes back as
  `FetchResult.not_modified`.

Failures raise `FetchRefused` (the guard said no; retrying cannot help) or `FetchFailed` (the
attempt failed; `retryable` says whether trying later may help). Both are `FetchError`, and their
message is meant for the user.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

import certifi
import idna
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util.ssl_match_hostname import CertificateError

from sources.reading.rejections import InputRejected, size_describe
from sources.reading.text_decoding import DecodedText, text_decode

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# (host, port) -> IP address strings; `system_resolve` by default, a stub in tests.
Resolver = Callable[[str, int], Sequence[str]]

_MB = 1024 * 1024
_READ_CHUNK_BYTES = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
PLAIN_TEXT_TYPES = frozenset({"text/plain"})
ACCEPTED_TYPES = HTML_TYPES | FEED_TYPES | PLAIN_TEXT_TYPES

_ACCEPT_HEADER = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)

_METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10")
)
_SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")
_NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE_NETWORK = ipaddress.ip_network("::/96")

# One part of a numeric IPv4 host as inet_aton reads it: hex, octal or decimal.
_NUMERIC_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


class FetchError(Exception):
    """A URL could not be fetched; `str(self)` says why, for the user."""


class FetchRefused(FetchError, InputRejected):
    """The guard refused the URL or the response; the same URL will be refused again."""


class FetchFailed(FetchError):
    """The fetch was attempted and failed; `retryable` says whether a later try may succeed."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of one fetch. The defaults are for production; tests loosen `allow_loopback`."""

    allow_loopback: bool = False
    max_redirects: int = 5
    connect_timeout: float = 5.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * _MB
    accepted_types: frozenset[str] = ACCEPTED_TYPES
    user_agent: str = "FactDB/0.1 (newsroom fact-checking database)"
    # CA bundle for HTTPS; certifi's by default, a test CA in tests.
    ca_certs: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched page or feed, or the news that it has not changed (`not_modified`).

    `url` is what was asked for, `final_url` where the redirects ended. `media_type` is the
    lowercased Content-Type without parameters ("" on 304) and `charset` its declared charset.
    `etag` / `last_modified` are the validators to store for the next conditional fetch.
    """

    url: str
    final_url: str
    status: int
    not_modified: bool
    media_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    redirects: tuple[str, ...]
    peer_address: str

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES

    @property
    def is_feed(self) -> bool:
        return self.media_type in FEED_TYPES

    def text_decoded(self) -> DecodedText:
        """The body as text: BOM, declared charset, the document's own declaration, a guess."""
        return text_decode(
            self.body,
            declared_charset=self.charset,
            markup=self.media_type not in PLAIN_TEXT_TYPES,
        )


@dataclass(frozen=True, slots=True)
class VettedTarget:
    """A URL that passed the guard, with the addresses (all vetted) to connect to."""

    url: str
    scheme: str
    host: str  # ASCII host name, or an IP address without brackets
    port: int
    addresses: tuple[str, ...]
    request_target: str
    host_header: str


def url_fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolve: Resolver | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """Fetch `url` under `policy`, following vetted redirects; see the module docstring."""
    policy = policy or FetchPolicy()
    resolve = resolve or system_resolve
    deadline = time.monotonic() + policy.total_timeout
    conditional_headers = {}
    if etag:
        conditional_headers["If-None-Match"] = etag
    if last_modified:
        conditional_headers["If-Modified-Since"] = last_modified

    current_url = url
    redirects: list[str] = []
    while True:
        target = url_target_vet(current_url, policy=policy, resolve=resolve)
        response = _response_fetch(
            target, policy=policy, deadline=deadline, extra_headers=conditional_headers
        )
        if response.status not in _REDIRECT_STATUSES:
            return _result_build(url, target, response, policy=policy, redirects=redirects)
        location = response.headers.get("location")
        if not location:
            raise FetchFailed(
                f"{target.host} answered {response.status} without saying where to go",
                retryable=False,
                status=response.status,
            )
        next_url = urljoin(current_url, location.strip())
        if next_url == url or next_url in redirects:
            raise FetchRefused(f"refused: redirect loop ({current_url} redirects to {next_url})")
        if len(redirects) >= policy.max_redirects:
            raise FetchRefused(f"refused: more than {policy.max_redirects} redirects")
        redirects.append(next_url)
        current_url = next_url


def url_target_vet(url: str, *, policy: FetchPolicy, resolve: Resolver) -> VettedTarget:
    """Check scheme, host and every address the host resolves to; `FetchRefused` if any fails."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"refused: {url!r} is not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise FetchRefused(f"refused: unsupported scheme {scheme or '(none)'}")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("refused: the URL contains a user name or password")
    raw_host = parts.hostname
    if not raw_host:
        raise FetchRefused(f"refused: {url!r} has no host")
    port = port or _DEFAULT_PORTS[scheme]

    literal = ip_literal_parse(raw_host)
    if literal is not None:
        host = str(literal)
        addresses: tuple[str, ...] = (host,)
    else:
        host = _host_ascii(raw_host)
        addresses = _host_resolve(host, port, resolve)

    for address_text in addresses:
        reason = address_refusal_reason(
            ipaddress.ip_address(address_text), allow_loopback=policy.allow_loopback
        )
        if reason is not None:
            shown = address_text if address_text == raw_host else f"{raw_host} ({address_text})"
            raise FetchRefused(f"refused: {shown} is {reason}")

    host_for_header = f"[{host}]" if ":" in host else host
    if port != _DEFAULT_PORTS[scheme]:
        host_for_header = f"{host_for_header}:{port}"
    return VettedTarget(
        url=url,
        scheme=scheme,
        host=host,
        port=port,
        addresses=addresses,
        request_target=_request_target(parts.path, parts.query),
        host_header=host_for_header,
    )


def address_refusal_reason(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why the fetcher must not connect to `address` ("a private address"), or None if it may."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return address_refusal_reason(embedded, allow_loopback=allow_loopback)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address in _METADATA_ADDRESSES:
        return "the cloud metadata address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.version == 4 and address in _SHARED_NETWORK:
        return "a shared (carrier-grade NAT) address"
    if any(address.version == net.version and address in net for net in _PRIVATE_NETWORKS):
        return "a private address"
    if address.is_reserved:
        return "a reserved address"
    if not address.is_global:
        return "not a public address"
    return None


def ip_literal_parse(host: str) -> IPAddress | None:
    """The address a numeric host stands for, in any spelling `inet_aton` accepts, else None.

    `2130706433`, `0177.0.0.1`, `0x7f.0.0.1` and `127.1` are all 127.0.0.1 to the OS; a guard that
    only understood dotted decimal would wave them through as host names.
    """
    candidate = host.strip("[]")
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        pass
    parts = candidate.removesuffix(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.fullmatch(part) for part in parts):
        return None
    values = [_numeric_part_value(part) for part in parts]
    # inet_aton: leading parts are single bytes, the last one fills the remaining bytes.
    last_part_limit = 256 ** (5 - len(values))
    if any(value > 255 for value in values[:-1]) or values[-1] >= last_part_limit:
        return None
    number = 0
    for value in values[:-1]:
        number = number * 256 + value
    number = number * last_part_limit + values[-1]
    return ipaddress.IPv4Address(number)


def system_resolve(host: str, port: int) -> tuple[str, ...]:
    """The host's addresses from the operating system's resolver, in its order, deduplicated."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def _numeric_part_value(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if address.version != 6:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64_NETWORK or (
        address in _IPV4_COMPATIBLE_NETWORK and int(address) > 1  # not :: or ::1
    ):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _host_ascii(host: str) -> str:
    host = host.rstrip(".")
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise FetchRefused(f"refused: {host!r} is not a valid host name") from None


def _host_resolve(host: str, port: int, resolve: Resolver) -> tuple[str, ...]:
    try:
        answers = tuple(resolve(host, port))
    except OSError as error:
        raise FetchFailed(f"could not find the server {host} ({error})", retryable=True) from None
    if not answers:
        raise FetchFailed(f"could not find the server {host}", retryable=True)
    addresses = []
    for answer in answers:
        try:
            addresses.append(str(ipaddress.ip_address(answer)))
        except ValueError:
            raise FetchRefused(f"refused: {host} resolved to {answer!r}, not an address") from None
    return tuple(addresses)


def _request_target(path: str, query: str) -> str:
    # http.client refuses spaces and non-ASCII in the request line; browsers percent-encode them.
    safe = "/%:@!$&'()*+,;=~-._"
    target = quote(path or "/", safe=safe)
    if query:
        target += "?" + quote(query, safe=safe + "?")
    return target


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    reason: str
    headers: urllib3.HTTPHeaderDict
    body: bytes
    peer_address: str


class _Watchdog:
    """Shuts the connection's socket when the total deadline passes, ending any blocking read."""

    def __init__(self, connection: HTTPConnection, deadline: float) -> None:
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            # Already closed means nothing is left to interrupt.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _response_fetch(
    target: VettedTarget, *, policy: FetchPolicy, deadline: float, extra_headers: dict[str, str]
) -> _Response:
    headers = {
        "Host": target.host_header,
        "User-Agent": policy.user_agent,
        "Accept": _ACCEPT_HEADER,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
        **extra_headers,
    }
    last_error: Exception | None = None
    for address in target.addresses:
        connection = _connection_make(target, address, policy=policy, deadline=deadline)
        with _Watchdog(connection, deadline) as watchdog:
            try:
                try:
                    connection.connect()
                except (OSError, Urllib3Error, CertificateError) as error:
                    last_error = error  # this address is unreachable: try the host's next one
                    continue
                connection.timeout = max(0.001, deadline - time.monotonic())
                connection.request(
                    "GET", target.request_target, headers=headers, preload_content=False
                )
                response = connection.getresponse()
                body = b""
                if 200 <= response.status < 300:
                    _response_headers_check(response.headers, target=target, policy=policy)
                    body = _body_read(response, target=target, policy=policy, deadline=deadline)
                # A shut socket can look like a normal end of a body sent without a length.
                if watchdog.fired:
                    raise _deadline_failure(target, policy)
                return _Response(
                    status=response.status,
                    reason=response.reason or "",
                    headers=response.headers,
                    body=body,
                    peer_address=address,
                )
            except FetchError:
                raise
            except (OSError, Urllib3Error, http.client.HTTPException) as error:
                if watchdog.fired or time.monotonic() >= deadline:
                    raise _deadline_failure(target, policy) from None
                raise _connection_failure(target, error) from None
            finally:
                connection.close()
    if time.monotonic() >= deadline:
        raise _deadline_failure(target, policy)
    raise _connection_failure(target, last_error)


def _connection_make(
    target: VettedTarget, address: str, *, policy: FetchPolicy, deadline: float
) -> HTTPConnection:
    connect_timeout = max(0.001, min(policy.connect_timeout, deadline - time.monotonic()))
    if target.scheme == "http":
        return HTTPConnection(address, target.port, timeout=connect_timeout)
    # Connect to the vetted address, but speak TLS to the name: SNI and certificate checks use
    # `server_hostname`, so pinning the address costs no security.
    return HTTPSConnection(
        address,
        target.port,
        timeout=connect_timeout,
        server_hostname=target.host,
        assert_hostname=target.host,
        cert_reqs="CERT_REQUIRED",
        ca_certs=policy.ca_certs or certifi.where(),
    )


def _response_headers_check(
    headers: urllib3.HTTPHeaderDict, *, target: VettedTarget, policy: FetchPolicy
) -> None:
    declared_length = headers.get("content-length")
    if (
        declared_length
        and declared_length.strip().isdigit()
        and int(declared_length) > policy.max_bytes
    ):
        raise FetchRefused(
            f"refused: larger than {size_describe(policy.max_bytes)} "
            f"({target.host} announced {size_describe(int(declared_length))})"
        )
    media_type, _ = _content_type_parse(headers.get("content-type"))
    if media_type and media_type not in policy.accepted_types:
        raise FetchRefused(
            f"refused: {target.host} sent {media_type}, not a web page, feed or plain text"
        )


def _body_read(
    response: urllib3.BaseHTTPResponse,
    *,
    target: VettedTarget,
    policy: FetchPolicy,
    deadline: float,
) -> bytes:
    chunks: list[bytes] = []
    received = 0
    # urllib3 (>= 2.6) decompresses at most `amt` bytes per read, so a gzip bomb grows the
    # buffer one chunk at a time and is stopped at the cap.
    for chunk in response.stream(_READ_CHUNK_BYTES, decode_content=True):
        received += len(chunk)
        if received > policy.max_bytes:
            raise FetchRefused(f"refused: larger than {size_describe(policy.max_bytes)}")
        if time.monotonic() >= deadline:
            raise _deadline_failure(target, policy)
        chunks.append(chunk)
    return b"".join(chunks)


def _result_build(
    url: str,
    target: VettedTarget,
    response: _Response,
    *,
    policy: FetchPolicy,
    redirects: list[str],
) -> FetchResult:
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    if response.status == 304:
        return FetchResult(
            url=url,
            final_url=target.url,
            status=304,
            not_modified=True,
            media_type="",
            charset=None,
            body=b"",
            etag=etag,
            last_modified=last_modified,
            redirects=tuple(redirects),
            peer_address=response.peer_address,
        )
    if response.status >= 300:
        retryable = response.status in (408, 425, 429) or response.status >= 500
        raise FetchFailed(
            f"{target.host} answered {response.status} {response.reason}".rstrip(),
            retryable=retryable,
            status=response.status,
        )
    if response.status != 200 or not response.body:
        raise FetchFailed(
            f"{target.host} answered {response.status} with no content",
            retryable=False,
            status=response.status,
        )
    media_type, charset = _content_type_parse(response.headers.get("content-type"))
    if not media_type:
        media_type = _media_type_sniff(response.body)
        if media_type not in policy.accepted_types:
            raise FetchRefused(f"refused: {target.host} sent something that is not text")
    return FetchResult(
        url=url,
        final_url=target.url,
        status=response.status,
        not_modified=False,
        media_type=media_type,
        charset=charset,
        body=response.body,
        etag=etag,
        last_modified=last_modified,
        redirects=tuple(redirects),
        peer_address=response.peer_address,
    )


def _content_type_parse(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    message = Message()
    message["content-type"] = value
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


def _media_type_sniff(body: bytes) -> str:
    """Guess a type for a response without Content-Type, from its first bytes."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "application/xml"
    if head.startswith(b"<"):
        return "text/html"
    if b"\x00" in head:
        return "application/octet-stream"
    return "text/plain"


def _deadline_failure(target: VettedTarget, policy: FetchPolicy) -> FetchFailed:
    return FetchFailed(
        f"gave up: {target.host} did not answer completely within {policy.total_timeout:g} s",
        retryable=True,
    )


def _connection_failure(target: VettedTarget, error: Exception | None) -> FetchFailed:
    reason = _error_describe(error)
    return FetchFailed(f"could not fetch from {target.host}: {reason}", retryable=True)


def _error_describe(error: Exception | None) -> str:
    """The innermost readable reason of a urllib3/socket error chain."""
    while error is not None:
        if isinstance(error, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error, TimeoutError | socket.timeout):
            return "connection timed out"
        if isinstance(error, Urllib3SSLError | ssl.SSLError | CertificateError):
            return f"TLS error ({error})"
        cause = error.__cause__ or error.__context__
        if cause is None:
            break
        error = cause if isinstance(cause, Exception) else None
    return str(error) if error is not None else "no address could be reached"
