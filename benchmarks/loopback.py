"""A static file server on 127.0.0.1 for the benchmarks, with a listen queue deep enough for a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class LoopbackServer(http.server.ThreadingHTTPServer):
    """Threaded server whose listen queue holds every connection a client opens at once."""

    # The default backlog of 5 drops the sixth connection; the client's repeat SYN a second later
    # then shows up as a one-second request and skews the timings.
    request_queue_size = 128
    daemon_threads = True


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve `folder` on a free loopback port while the block runs; yields its address."""
    server = LoopbackServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
