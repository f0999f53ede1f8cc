"""A loopback HTTP server that answers each case the live link checker must handle."""

from __future__ import annotations

import http.server
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urlsplit

SLOW_SECONDS = 1.5
WAIT_SECONDS = 0.15


@dataclass
class ServerLog:
    """What the server saw: requests per method and path, their times, and the most in flight at once."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def total(self) -> int:
        return sum(self.counts.values())

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.times.clear()
            self.max_in_flight = 0


class CaseHandler(http.server.BaseHTTPRequestHandler):
    """Answers each case by path: /ok, /moved, /loop-a, /missing, /gone, /no-head, /busy, /flaky, /slow and more."""

    log: ServerLog
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self._answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self._answer("GET")

    def _answer(self, method: str) -> None:
        path = urlsplit(self.path).path
        with self.log.lock:
            self.log.counts[(method, path)] += 1
            seen = sum(count for (_, p), count in self.log.counts.items() if p == path)
            self.log.times[path].append(time.monotonic())
            self.log.in_flight += 1
            self.log.max_in_flight = max(self.log.max_in_flight, self.log.in_flight)
        try:
            self._route(method, path, seen)
        finally:
            with self.log.lock:
                self.log.in_flight -= 1

    def _route(self, method: str, path: str, seen: int) -> None:
        if path == "/ok":
            self._send(200)
        elif path == "/moved":
            self._send(301, Location="/ok")
        elif path == "/loop-a":
            self._send(302, Location="/loop-b")
        elif path == "/loop-b":
            self._send(302, Location="/loop-a")
        elif path == "/missing":
            self._send(404)
        elif path == "/gone":
            self._send(410)
        elif path == "/no-head":
            self._send(405 if method == "HEAD" else 200)
        elif path == "/busy":
            self._send(429, **{"Retry-After": "1"}) if seen == 1 else self._send(200)
        elif path == "/busy-date":
            when = formatdate(time.time() + 2, usegmt=True)
            self._send(429, **{"Retry-After": when}) if seen == 1 else self._send(200)
        elif path == "/busy-long":
            self._send(429, **{"Retry-After": "120"}) if seen == 1 else self._send(200)
        elif path == "/flaky":
            self._send(500 if seen == 1 else 200)
        elif path == "/drop-once":
            if seen == 1:
                self.close_connection = True  # hang up without answering, as an overloaded server may
            else:
                self._send(200)
        elif path == "/forbidden":
            self._send(403)
        elif path == "/robots":
            self._send(999)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200)
        elif path == "/wait":
            time.sleep(WAIT_SECONDS)
            self._send(200)
        else:
            self._send(404)

    def _send(self, status: int, **headers: str) -> None:
        body = b"" if self.command == "HEAD" else b"case body\n"
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout case): nothing to tell it

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
        pass


class CaseServer(http.server.ThreadingHTTPServer):
    """A threaded server whose listen queue holds every connection the checker opens at once."""

    # The default backlog of 5 drops connections beyond it; the client's repeat SYN a second later
    # then looked like a timeout, and the retry counts the tests assert came out wrong now and then.
    request_queue_size = 128


@contextmanager
def case_server() -> Iterator[tuple[str, ServerLog]]:
    """Serve the cases on 127.0.0.1 on a free port; yield the base URL and the server's log."""
    log = ServerLog()
    handler = type("Handler", (CaseHandler,), {"log": log})
    server = CaseServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
