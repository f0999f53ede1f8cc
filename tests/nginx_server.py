"""Debian's nginx with the shipped configuration (deploy/nginx/), started on 127.0.0.1 for a test."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT, skip_or_fail

NGINX_DIR = ROOT / "deploy" / "nginx"
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@contextlib.contextmanager
def nginx_serving(site: Path, prefix: Path) -> Iterator[str]:
    """Serve `site` with Debian's nginx and the shipped configuration on 127.0.0.1; skip or fail without nginx."""
    binary = nginx_binary()
    if binary is None:
        skip_or_fail("nginx not found: install it (Debian: apt-get install nginx)")
    port = free_port()
    server = (NGINX_DIR / "conf.d" / "guidance.conf").read_text(encoding="utf-8")
    server = server.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n").replace("    listen [::]:80;\n", "")
    server = server.replace("root /var/www/guidance;", f"root {site};")
    # The same layout as /etc/nginx on Debian: the server block in conf.d/, the headers in snippets/,
    # and include paths resolved against the folder of nginx.conf.
    for folder in ("conf.d", "snippets"):
        (prefix / folder).mkdir()
    (prefix / "conf.d" / "guidance.conf").write_text(server, encoding="utf-8")
    shutil.copy(NGINX_DIR / "snippets" / "guidance-security-headers.conf", prefix / "snippets")
    mime = "/etc/nginx/mime.types" if Path("/etc/nginx/mime.types").exists() else None
    types = f"include {mime};" if mime else "types { text/html html; text/css css; application/javascript js; }"
    temp = "\n".join(
        f"  {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
  {types}
  default_type application/octet-stream;
  access_log off;
{temp}
  include conf.d/*.conf;
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"nginx stopped: {output}\n{(prefix / 'error.log').read_text()}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
