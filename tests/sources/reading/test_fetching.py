"""The guarded fetcher: what it refuses, what it follows, and how it fails.

Every server here listens on 127.0.0.1; every host name is resolved by a stub. Tests of refusals
use addresses that pytest-socket blocks, so a broken guard fails the test instead of sending a
packet anywhere.
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler

import pytest

from sources.reading.fetching import (
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    ip_literal_parse,
    url_fetch,
)
from sources.reading.rejections import InputRejected
from tests.sources.conftest import LoopbackServer, TlsSetup

LOOPBACK_ALLOWED = FetchPolicy(allow_loopback=True, total_timeout=10.0)
ARTICLE = "<html><body><p>Presiden Tokayev menegaskan hubungan itu.</p></body></html>"


def resolver_to(*addresses: str):
    """A stub resolver answering every name with `addresses`, recording what it was asked."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> Sequence[str]:
        asked.append(host)
        return addresses

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


def resolver_never_called(host: str, port: int) -> Sequence[str]:
    raise AssertionError(f"numeric host {host!r} must not need a DNS lookup")


# --- schemes and URL shapes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("gopher://127.0.0.1:70/_GET", "gopher"),
        ("ftp://ftp.example/file.txt", "ftp"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<p>hi</p>", "data"),
        ("dict://127.0.0.1:11211/stat", "dict"),
    ],
)
def test_only_http_and_https_are_fetched(url: str, scheme: str) -> None:
    with pytest.raises(FetchRefused, match=f"^refused: unsupported scheme {scheme}$"):
        url_fetch(url, resolve=resolver_never_called)


def test_url_without_scheme_is_refused() -> None:
    with pytest.raises(FetchRefused, match="unsupported scheme"):
        url_fetch("news.example/article", resolve=resolver_never_called)


def test_credentials_in_url_are_refused() -> None:
    with pytest.raises(FetchRefused, match="user name or password"):
        url_fetch("http://editor:secret@news.example/", resolve=resolver_to("93.184.216.34"))


def test_refusal_is_an_input_rejection_the_caller_can_show() -> None:
    with pytest.raises(InputRejected, match=r"refused: 10\.0\.0\.1 is a private address"):
        url_fetch("http://10.0.0.1/", resolve=resolver_never_called)


# --- addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:8080/x", "refused: 127.8.9.10 is a loopback address"),
        ("http://10.0.0.1/", "refused: 10.0.0.1 is a private address"),
        ("http://172.16.5.4/", "refused: 172.16.5.4 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused: 169.254.169.254 is the cloud metadata address",
        ),
        ("http://169.254.10.20/", "refused: 169.254.10.20 is a link-local address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://[::]/", "refused: :: is an unspecified address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a reserved address"),
        ("http://192.0.2.10/", "refused: 192.0.2.10 is not a public address"),
        ("http://[fc00::1]/", "refused: fc00::1 is a private address"),
        ("http://[fd12:3456::1]/", "refused: fd12:3456::1 is a private address"),
        ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
        ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is the cloud metadata address"),
    ],
)
def test_non_public_addresses_are_refused(url: str, message: str) -> None:
    with pytest.raises(FetchRefused) as refusal:
        url_fetch(url, resolve=resolver_never_called)
    assert str(refusal.value) == message


@pytest.mark.parametrize(
    ("url", "address", "kind"),
    [
        ("http://2130706433/", "127.0.0.1", "loopback"),  # one decimal number
        ("http://0177.0.0.1/", "127.0.0.1", "loopback"),  # octal first part
        ("http://0x7f.0.0.1/", "127.0.0.1", "loopback"),  # hex first part
        ("http://0x7f000001/", "127.0.0.1", "loopback"),  # one hex number
        ("http://017700000001/", "127.0.0.1", "loopback"),  # one octal number
        ("http://127.1/", "127.0.0.1", "loopback"),  # short form: last part fills the rest
        ("http://10.1/", "10.0.0.1", "private"),
        ("http://167772161/", "10.0.0.1", "private"),
        ("http://0251.0376.0251.0376/", "169.254.169.254", "cloud metadata"),
        ("http://2852039166/", "169.254.169.254", "cloud metadata"),
        ("http://127.0.0.1./", "127.0.0.1", "loopback"),  # trailing dot
    ],
)
def test_numeric_spellings_of_private_addresses_are_refused(
    url: str, address: str, kind: str
) -> None:
    with pytest.raises(FetchRefused, match=rf"\({address}\) is (a|an|the) {kind}"):
        url_fetch(url, resolve=resolver_never_called)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped
        ("http://[::ffff:a00:1]/", "private"),  # IPv4-mapped, hex spelling of 10.0.0.1
        ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
        ("http://[::127.0.0.1]/", "loopback"),  # IPv4-compatible (deprecated)
        ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
        ("http://[2002:a00:1::1]/", "private"),  # 6to4 of 10.0.0.1
    ],
)
def test_ipv4_addresses_inside_ipv6_are_judged_by_the_ipv4_address(url: str, kind: str) -> None:
    with pytest.raises(FetchRefused, match=f"is (a|an|the) {kind}"):
        url_fetch(url, resolve=resolver_never_called)


def test_numeric_host_parsing_follows_inet_aton() -> None:
    assert str(ip_literal_parse("2130706433")) == "127.0.0.1"
    assert str(ip_literal_parse("0x7f.1")) == "127.0.0.1"
    assert str(ip_literal_parse("1.2.3")) == "1.2.0.3"
    assert ip_literal_parse("256.1.1.1") is None  # not numeric to the OS either: a name
    assert ip_literal_parse("news.example") is None
    assert ip_literal_parse("0x7f.example") is None


def test_host_resolving_to_a_private_address_is_refused() -> None:
    with pytest.raises(
        FetchRefused, match=r"^refused: intranet\.example \(10\.0\.0\.5\) is a private"
    ):
        url_fetch("http://intranet.example/wiki", resolve=resolver_to("10.0.0.5"))


def test_host_is_refused_when_any_of_its_addresses_is_private() -> None:
    resolve = resolver_to("127.0.0.1", "10.0.0.1")
    with pytest.raises(FetchRefused, match=r"\(10\.0\.0\.1\) is a private address"):
        url_fetch("http://mixed.example/", policy=LOOPBACK_ALLOWED, resolve=resolve)


def test_host_resolving_to_the_metadata_service_is_refused() -> None:
    with pytest.raises(FetchRefused, match="cloud metadata"):
        url_fetch("http://metadata.example/", resolve=resolver_to("169.254.169.254"))


def test_allowing_loopback_allows_nothing_else() -> None:
    with pytest.raises(FetchRefused, match="private address"):
        url_fetch("http://10.0.0.1/", policy=LOOPBACK_ALLOWED, resolve=resolver_never_called)


def test_loopback_server_is_refused_by_default(http_server: LoopbackServer) -> None:
    http_server.respond("/", body=ARTICLE.encode())
    with pytest.raises(FetchRefused, match="loopback"):
        url_fetch(http_server.url("/"))
    assert http_server.requests == []


def test_unresolvable_host_fails_with_a_clear_message() -> None:
    def resolve(host: str, port: int) -> Sequence[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchFailed, match=r"could not find the server nowhere\.example"):
        url_fetch("http://nowhere.example/", resolve=resolve)


# --- the connection goes to the vetted address --------------------------------------------


def test_host_is_resolved_once_and_the_vetted_address_is_used(
    http_server: LoopbackServer,
) -> None:
    """DNS rebinding: a second lookup would answer 10.0.0.1; there must not be one."""
    http_server.respond("/story", body=ARTICLE.encode())
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    asked: list[str] = []

    def rebinding_resolver(host: str, port: int) -> Sequence[str]:
        asked.append(host)
        return next(answers)

    result = url_fetch(
        http_server.url("/story", host="news.example"),
        policy=LOOPBACK_ALLOWED,
        resolve=rebinding_resolver,
    )
    assert asked == ["news.example"]
    assert result.peer_address == "127.0.0.1"
    assert http_server.requests[0].headers["Host"] == f"news.example:{http_server.port}"


def test_https_sends_the_host_name_as_sni_and_checks_the_certificate_for_it(
    https_server: LoopbackServer, tls_setup: TlsSetup
) -> None:
    https_server.respond("/story", body=ARTICLE.encode())
    policy = FetchPolicy(allow_loopback=True, ca_certs=tls_setup.ca_path)
    result = url_fetch(
        https_server.url("/story", host="news.example"),
        policy=policy,
        resolve=resolver_to("127.0.0.1"),
    )
    assert result.text_decoded().text == ARTICLE
    assert https_server.server_names == ["news.example"]
    assert https_server.requests[0].headers["Host"] == f"news.example:{https_server.port}"


def test_https_certificate_for_another_name_fails(
    https_server: LoopbackServer, tls_setup: TlsSetup
) -> None:
    https_server.respond("/story", body=ARTICLE.encode())
    policy = FetchPolicy(allow_loopback=True, ca_certs=tls_setup.ca_path)
    with pytest.raises(FetchFailed, match="TLS error"):
        url_fetch(
            https_server.url("/story", host="impostor.example"),
            policy=policy,
            resolve=resolver_to("127.0.0.1"),
        )
    assert https_server.requests == []


def test_closed_port_fails_with_connection_refused() -> None:
    closed_port_url = "http://127.0.0.1:9/"  # discard port: nothing listens in the sandbox
    with pytest.raises(FetchFailed, match="connection refused") as failure:
        url_fetch(closed_port_url, policy=LOOPBACK_ALLOWED)
    assert failure.value.retryable


# --- redirects ----------------------------------------------------------------------------


def test_redirect_from_a_public_looking_host_to_a_private_address_is_refused(
    http_server: LoopbackServer,
) -> None:
    http_server.redirect("/story", "http://10.0.0.1/admin")
    with pytest.raises(FetchRefused, match=r"^refused: 10\.0\.0\.1 is a private address$"):
        url_fetch(
            http_server.url("/story", host="news.example"),
            policy=LOOPBACK_ALLOWED,
            resolve=resolver_to("127.0.0.1"),
        )
    assert [request.path for request in http_server.requests] == ["/story"]


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://0251.0376.0251.0376/", "cloud metadata address"),
        ("http://[::ffff:10.0.0.1]/", "private address"),
        ("http://192.168.0.1:8080/", "private address"),
        ("file:///etc/passwd", "unsupported scheme file"),
        ("gopher://127.0.0.1:70/", "unsupported scheme gopher"),
    ],
)
def test_every_redirect_target_is_checked_again(
    http_server: LoopbackServer, location: str, message: str
) -> None:
    http_server.redirect("/story", location, status=301)
    with pytest.raises(FetchRefused, match=message):
        url_fetch(
            http_server.url("/story", host="news.example"),
            policy=LOOPBACK_ALLOWED,
            resolve=resolver_to("127.0.0.1"),
        )
    assert len(http_server.requests) == 1


def test_redirect_to_a_name_resolving_privately_is_refused(http_server: LoopbackServer) -> None:
    http_server.redirect("/story", "http://intranet.example/")

    def resolve(host: str, port: int) -> Sequence[str]:
        return ["127.0.0.1"] if host == "news.example" else ["10.1.2.3"]

    with pytest.raises(FetchRefused, match=r"intranet\.example \(10\.1\.2\.3\) is a private"):
        url_fetch(
            http_server.url("/story", host="news.example"), policy=LOOPBACK_ALLOWED, resolve=resolve
        )


def test_relative_redirects_are_followed_and_reported(http_server: LoopbackServer) -> None:
    http_server.redirect("/old", "/new", status=301)
    http_server.redirect("/new", "final?id=7", status=307)
    http_server.respond("/final?id=7", body=ARTICLE.encode())
    result = url_fetch(http_server.url("/old"), policy=LOOPBACK_ALLOWED)
    assert result.final_url == http_server.url("/final?id=7")
    assert result.redirects == (http_server.url("/new"), http_server.url("/final?id=7"))


def test_redirect_loop_is_refused(http_server: LoopbackServer) -> None:
    http_server.redirect("/a", "/b")
    http_server.redirect("/b", "/a")
    with pytest.raises(FetchRefused, match=r"^refused: redirect loop"):
        url_fetch(http_server.url("/a"), policy=LOOPBACK_ALLOWED)
    assert [request.path for request in http_server.requests] == ["/a", "/b"]


def test_more_than_five_redirects_are_refused(http_server: LoopbackServer) -> None:
    for hop in range(7):
        http_server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    with pytest.raises(FetchRefused, match=r"^refused: more than 5 redirects$"):
        url_fetch(http_server.url("/hop0"), policy=LOOPBACK_ALLOWED)
    assert len(http_server.requests) == 6


def test_exactly_five_redirects_are_followed(http_server: LoopbackServer) -> None:
    for hop in range(5):
        http_server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    http_server.respond("/hop5", body=ARTICLE.encode())
    result = url_fetch(http_server.url("/hop0"), policy=LOOPBACK_ALLOWED)
    assert len(result.redirects) == 5


def test_redirect_without_location_fails(http_server: LoopbackServer) -> None:
    http_server.respond("/story", status=302)
    with pytest.raises(FetchFailed, match="without saying where to go"):
        url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED)


# --- deadlines ----------------------------------------------------------------------------


def _drip(request: BaseHTTPRequestHandler, data: bytes, *, interval: float) -> None:
    """Write `data` one byte at a time; bounded, so the server thread ends by itself."""
    for index in range(len(data)):
        request.wfile.write(data[index : index + 1])
        request.wfile.flush()
        time.sleep(interval)


def test_server_dripping_the_body_fails_at_the_total_deadline(http_server: LoopbackServer) -> None:
    def drip_body(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", "20")
        request.end_headers()
        _drip(request, b"x" * 20, interval=1.0)

    http_server.routes["/slow"] = drip_body
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"did not answer completely within 1\.5 s") as failure:
        url_fetch(
            http_server.url("/slow"), policy=FetchPolicy(allow_loopback=True, total_timeout=1.5)
        )
    assert 1.4 < time.monotonic() - started < 3.0
    assert failure.value.retryable


def test_server_dripping_a_body_without_length_is_not_mistaken_for_a_short_page(
    http_server: LoopbackServer,
) -> None:
    def drip_until_closed(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Connection", "close")
        request.end_headers()
        _drip(request, b"y" * 20, interval=0.5)

    http_server.routes["/slow"] = drip_until_closed
    with pytest.raises(FetchFailed, match="did not answer completely"):
        url_fetch(
            http_server.url("/slow"), policy=FetchPolicy(allow_loopback=True, total_timeout=1.2)
        )


def test_server_dripping_its_headers_fails_at_the_total_deadline(
    http_server: LoopbackServer,
) -> None:
    def drip_headers(request: BaseHTTPRequestHandler) -> None:
        _drip(request, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello", interval=0.5)

    http_server.routes["/slow"] = drip_headers
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="did not answer completely within 1 s"):
        url_fetch(
            http_server.url("/slow"), policy=FetchPolicy(allow_loopback=True, total_timeout=1.0)
        )
    assert time.monotonic() - started < 2.5


def test_deadline_covers_all_redirects_together(http_server: LoopbackServer) -> None:
    def slow_redirect_to(location: str):
        def handler(request: BaseHTTPRequestHandler) -> None:
            time.sleep(0.4)
            request.send_response(302)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        return handler

    for hop in range(4):
        http_server.routes[f"/h{hop}"] = slow_redirect_to(f"/h{hop + 1}")
    http_server.respond("/h4", body=ARTICLE.encode())
    # Each hop takes 0.4 s, well within 1 s; the four together do not.
    with pytest.raises(FetchFailed, match="did not answer completely within 1 s"):
        url_fetch(
            http_server.url("/h0"), policy=FetchPolicy(allow_loopback=True, total_timeout=1.0)
        )


# --- size ---------------------------------------------------------------------------------


def test_announced_size_over_the_cap_is_refused_before_reading(http_server: LoopbackServer) -> None:
    http_server.respond("/big", body=b"x" * 2048, headers={"Content-Length": str(50 * 1024**2)})
    with pytest.raises(
        FetchRefused, match=r"^refused: larger than 1 MB \(127\.0\.0\.1 announced 50 MB\)$"
    ):
        url_fetch(
            http_server.url("/big"), policy=FetchPolicy(allow_loopback=True, max_bytes=1024**2)
        )


def test_streamed_size_over_the_cap_is_refused(http_server: LoopbackServer) -> None:
    def endless(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Connection", "close")
        request.end_headers()
        for _ in range(40):  # 2.5 MB, bounded
            request.wfile.write(b"z" * 65536)

    http_server.routes["/big"] = endless
    with pytest.raises(FetchRefused, match=r"^refused: larger than 1 MB$"):
        url_fetch(
            http_server.url("/big"), policy=FetchPolicy(allow_loopback=True, max_bytes=1024**2)
        )


def _gzip_bomb(uncompressed_bytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(uncompressed_bytes // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_gzip_bomb_is_refused_at_the_cap_without_inflating_it(
    http_server: LoopbackServer,
) -> None:
    bomb = _gzip_bomb(200 * 1024 * 1024)
    assert len(bomb) < 300 * 1024  # 200 MB of zeros fits in a few hundred KB
    http_server.respond(
        "/bomb",
        body=bomb,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchRefused, match=r"^refused: larger than 1 MB$"):
            url_fetch(
                http_server.url("/bomb"),
                policy=FetchPolicy(allow_loopback=True, max_bytes=1024**2),
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_gzip_encoded_page_is_decompressed(http_server: LoopbackServer) -> None:
    http_server.respond(
        "/story",
        body=gzip.compress(ARTICLE.encode()),
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
    )
    result = url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED)
    assert result.body == ARTICLE.encode()


# --- content type and charset -------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/pdf", "image/png", "application/octet-stream", "application/zip", "video/mp4"],
)
def test_content_that_is_not_a_page_feed_or_text_is_refused(
    http_server: LoopbackServer, content_type: str
) -> None:
    http_server.respond("/file", body=b"%PDF-1.7 ...", headers={"Content-Type": content_type})
    with pytest.raises(FetchRefused, match=f"sent {content_type}, not a web page"):
        url_fetch(http_server.url("/file"), policy=LOOPBACK_ALLOWED)


@pytest.mark.parametrize(
    ("content_type", "is_html", "is_feed"),
    [
        ("text/html; charset=utf-8", True, False),
        ("application/xhtml+xml", True, False),
        ("application/rss+xml", False, True),
        ("application/atom+xml; charset=UTF-8", False, True),
        ("text/xml", False, True),
        ("text/plain", False, False),
    ],
)
def test_pages_feeds_and_plain_text_are_accepted(
    http_server: LoopbackServer, content_type: str, is_html: bool, is_feed: bool
) -> None:
    http_server.respond("/doc", body=b"<rss/>", headers={"Content-Type": content_type})
    result = url_fetch(http_server.url("/doc"), policy=LOOPBACK_ALLOWED)
    assert (result.is_html, result.is_feed) == (is_html, is_feed)


def test_missing_content_type_is_sniffed(http_server: LoopbackServer) -> None:
    def no_type(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(len(ARTICLE)))
        request.end_headers()
        request.wfile.write(ARTICLE.encode())

    http_server.routes["/story"] = no_type
    assert url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED).media_type == "text/html"


def test_charset_from_the_header_is_used(http_server: LoopbackServer) -> None:
    body = "<p>Президент заявил</p>".encode("cp1251")
    http_server.respond(
        "/ru", body=body, headers={"Content-Type": "text/html; charset=windows-1251"}
    )
    decoded = url_fetch(http_server.url("/ru"), policy=LOOPBACK_ALLOWED).text_decoded()
    assert decoded.text == "<p>Президент заявил</p>"
    assert decoded.encoding_source == "declared"


def test_charset_from_the_meta_tag_is_used_when_the_header_has_none(
    http_server: LoopbackServer,
) -> None:
    body = '<html><head><meta charset="windows-1251"></head><p>Президент</p>'.encode("cp1251")
    http_server.respond("/ru", body=body, headers={"Content-Type": "text/html"})
    decoded = url_fetch(http_server.url("/ru"), policy=LOOPBACK_ALLOWED).text_decoded()
    assert "Президент" in decoded.text
    assert decoded.encoding_source == "markup"


def test_byte_order_mark_wins_over_a_wrong_header(http_server: LoopbackServer) -> None:
    body = "\ufeff<p>Tokayev menegaskan</p>".encode("utf-16-le")
    http_server.respond("/id", body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    decoded = url_fetch(http_server.url("/id"), policy=LOOPBACK_ALLOWED).text_decoded()
    assert decoded.text == "<p>Tokayev menegaskan</p>"


# --- HTTP status and conditional GET ------------------------------------------------------


@pytest.mark.parametrize(("status", "retryable"), [(404, False), (410, False), (503, True)])
def test_error_status_fails_with_the_status(
    http_server: LoopbackServer, status: int, retryable: bool
) -> None:
    http_server.respond("/story", status=status, body=b"error page")
    with pytest.raises(FetchFailed, match=f"answered {status}") as failure:
        url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED)
    assert failure.value.status == status
    assert failure.value.retryable is retryable


def test_validators_are_returned_for_the_next_fetch(http_server: LoopbackServer) -> None:
    http_server.respond(
        "/feed",
        body=b"<rss/>",
        headers={
            "Content-Type": "application/rss+xml",
            "ETag": '"v1"',
            "Last-Modified": "Wed, 27 Nov 2024 10:00:00 GMT",
        },
    )
    result = url_fetch(http_server.url("/feed"), policy=LOOPBACK_ALLOWED)
    assert (result.etag, result.last_modified) == ('"v1"', "Wed, 27 Nov 2024 10:00:00 GMT")
    assert not result.not_modified


def test_conditional_get_answered_304_means_not_modified(http_server: LoopbackServer) -> None:
    def conditional(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            request.send_response(304)
            request.send_header("ETag", '"v1"')
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", "6")
        request.end_headers()
        request.wfile.write(b"<rss/>")

    http_server.routes["/feed"] = conditional
    result = url_fetch(
        http_server.url("/feed"),
        policy=LOOPBACK_ALLOWED,
        etag='"v1"',
        last_modified="Wed, 27 Nov 2024 10:00:00 GMT",
    )
    assert result.not_modified
    assert result.status == 304
    assert result.body == b""
    assert result.etag == '"v1"'
    sent = http_server.requests[0].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Wed, 27 Nov 2024 10:00:00 GMT"


def test_unconditional_get_sends_no_validators(http_server: LoopbackServer) -> None:
    http_server.respond("/story", body=ARTICLE.encode())
    url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED)
    sent = http_server.requests[0].headers
    assert "If-None-Match" not in sent
    assert "If-Modified-Since" not in sent


def test_fetches_from_several_threads_do_not_interfere(http_server: LoopbackServer) -> None:
    http_server.respond("/story", body=ARTICLE.encode())
    results: list[bytes] = []

    def fetch() -> None:
        results.append(url_fetch(http_server.url("/story"), policy=LOOPBACK_ALLOWED).body)

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [ARTICLE.encode()] * 4


@pytest.mark.parametrize("url", ["", "   ", "http://", "https:///path"])
def test_empty_or_hostless_url_is_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        url_fetch(url, resolve=resolver_never_called)


def test_binary_body_labelled_as_html_is_refused_when_decoded(
    http_server: LoopbackServer,
) -> None:
    http_server.respond("/photo", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = url_fetch(http_server.url("/photo"), policy=LOOPBACK_ALLOWED)
    with pytest.raises(InputRejected, match="a PNG image, not text"):
        result.text_decoded()
