"""A real HTTP server on 127.0.0.1 for the fetching tests: pages, feeds, a sitemap index, robots.txt,
redirects, a slow answer, an endless body, a dripping body, a gzip bomb. Nothing else on the network.

Each route is a function of the handler (so it can stream, stall or redirect); `Site.log` records
(path, User-Agent, monotonic time) of every request, for the tests that check what was asked and when.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "web"
Route = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, body: bytes, content_type: str = "text/html; charset=utf-8",
         status: int = 200, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def redirect(to: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return route


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    return lambda handler: send(handler, body, content_type, headers=headers)


def stream_forever(pause: float, chunk: bytes) -> Route:
    """200 and a body that never ends (close-delimited, no length), until the client hangs up."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<html><body><p>")
        try:
            while True:
                handler.wfile.write(chunk)
                handler.wfile.flush()
                if pause:
                    time.sleep(pause)
        except OSError:
            return
    return route


def stall(seconds: float) -> Route:
    """A server that accepts the request and says nothing for `seconds`."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            send(handler, b"<html><body><p>too late</p></body></html>")
        except OSError:
            pass
    return route


def gzip_bomb(size: int) -> Route:
    body = gzip.compress(b"<html><body><p>" + b"a" * size, compresslevel=9)
    return page(body, "text/html", **{"Content-Encoding": "gzip"})


@dataclass
class Site:
    base: str
    routes: dict[str, Route]
    log: list[tuple[str, str, float]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> int:
        return sum(1 for p, _, _ in self.log if p == path)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Site]:
    site = Site("", routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request a connection: close-delimited bodies stay simple

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            route = site.routes.get(self.path)
            if route is None:
                send(self, b"<html><body>not found</body></html>", status=404)
            else:
                route(self)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
