"""Fixtures for the ingestion tests: loopback HTTP(S) servers (the DNS safety net every test
runs under is in tests/conftest.py)."""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

RouteHandler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]


@dataclass
class LoopbackServer:
    """An HTTP server on 127.0.0.1 whose answers the test defines per path."""

    port: int = 0
    scheme: str = "http"
    routes: dict[str, RouteHandler] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)  # TLS SNI seen

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def respond(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `path` with a fixed response."""
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            for name, value in headers.items():
                request.send_header(name, value)
            if "Content-Length" not in headers:
                request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = handler

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        self.respond(path, status=status, headers={"Location": location})


def _handler_class(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.requests.append(RecordedRequest(self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            # The client giving up mid-answer is what several tests expect.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _serve(server: LoopbackServer, context: ssl.SSLContext | None) -> Iterator[LoopbackServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(server))
    httpd.daemon_threads = True
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    yield from _serve(LoopbackServer(), None)


@dataclass(frozen=True)
class TlsSetup:
    ca_path: str
    server_context: ssl.SSLContext


@pytest.fixture
def tls_setup(tmp_path: Path) -> TlsSetup:
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    certificate = authority.issue_cert("news.example")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    ca_path = tmp_path / "test-ca.pem"
    authority.cert_pem.write_to_path(str(ca_path))
    return TlsSetup(ca_path=str(ca_path), server_context=context)


@pytest.fixture
def https_server(tls_setup: TlsSetup) -> Iterator[LoopbackServer]:
    server = LoopbackServer(scheme="https")

    def remember_server_name(
        _socket: ssl.SSLObject, server_name: str | None, _context: ssl.SSLContext
    ) -> None:
        server.server_names.append(server_name)

    tls_setup.server_context.sni_callback = remember_server_name  # type: ignore[assignment]
    yield from _serve(server, tls_setup.server_context)
