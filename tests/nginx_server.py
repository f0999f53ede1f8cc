"""Debian's nginx with the shipped configuration (benchmarks/shipped_nginx.py) for a test, and raw HTTP to it."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from shipped_nginx import serving

from conftest import ROOT, skip_or_fail

NGINX_DIR = ROOT / "deploy" / "nginx"
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@contextlib.contextmanager
def nginx_serving(site: Path, prefix: Path, well_known: Path | None = None) -> Iterator[str]:
    """Serve `site` with Debian's nginx and the shipped configuration on 127.0.0.1; skip or fail without nginx.

    `well_known` is the folder served at /.well-known/ (it holds a .well-known/ folder); by default an empty one.
    """
    with serving(site, prefix, well_known, https=False, missing=skip_or_fail) as (url, _):
        yield url


@contextlib.contextmanager
def nginx_serving_https(site: Path, prefix: Path) -> Iterator[tuple[str, str]]:
    """As nginx_serving, finished for a certificate (a self-signed one): yields the HTTP and HTTPS addresses."""
    with serving(site, prefix, None, https=True, missing=skip_or_fail) as urls:
        yield urls


@dataclass
class Reply:
    """One HTTP response as it came over the wire: status, every header line in order, the body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def values(self, name: str) -> list[str]:
        """Every value of a header (names are compared without case), in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def get(self, name: str) -> str | None:
        """The header's value if it was sent exactly once, otherwise None."""
        values = self.values(name)
        return values[0] if len(values) == 1 else None


def send(url: str, request: bytes, timeout: float = 10) -> Reply:
    """Send raw request bytes (anything at all, malformed on purpose) and read one reply.

    The reply ends where its framing says (Content-Length, chunked, or none for HEAD), so that a test
    does not wait for nginx's lingering close when it refuses a request whose body it never reads.
    """
    parts = urlsplit(url)
    with contextlib.ExitStack() as stack:
        sock = stack.enter_context(
            socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=timeout)
        )
        if parts.scheme == "https":  # the test's own self-signed certificate: nothing to verify
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            sock = stack.enter_context(context.wrap_socket(sock, server_hostname="localhost"))
        sock.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received and (chunk := sock.recv(65536)):
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines)]
        status = int(status_line.split()[1])
        length = next((int(v) for k, v in headers if k.lower() == "content-length"), None)
        chunked = any(k.lower() == "transfer-encoding" and v.lower() == "chunked" for k, v in headers)
        if request.startswith(b"HEAD ") or status in (204, 304):
            body = b""
        elif length is not None:
            while len(body) < length and (chunk := sock.recv(65536)):
                body += chunk
        else:
            while not (chunked and (body == b"0\r\n\r\n" or body.endswith(b"\r\n0\r\n\r\n"))) and (
                chunk := sock.recv(65536)
            ):
                body += chunk
    return Reply(status, headers, _unchunk(body) if chunked else body)


def request(url: str, method: str, path: str, *headers: str, host: str = "guidance.example.org.uk") -> Reply:
    """A well-formed HTTP/1.1 request (plus any extra header lines) that closes its connection."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *headers, "Connection: close", "", ""]
    return send(url, "\r\n".join(lines).encode("latin-1"))


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, body = body.partition(b"\r\n")
        length = int(size.split(b";")[0], 16)
        if length == 0:
            break
        out, body = out + body[:length], body[length + 2 :]
    return out
