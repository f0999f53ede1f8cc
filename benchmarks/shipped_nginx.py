"""Debian's nginx with the shipped configuration (deploy/nginx/), started on 127.0.0.1.

The tests (tests/nginx_server.py) and the Lighthouse benchmark serve the built site through it, so that
what they measure is what a host running the shipped configuration sends: headers, compression, caching.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy" / "nginx"


def _stop(missing: str) -> NoReturn:
    raise SystemExit(missing)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


SITE_ROOT = "root /var/www/guidance;"
WELL_KNOWN_ROOT = "root /var/www/guidance-well-known;"


def shipped_config(port: int, site: Path, well_known: Path) -> dict[str, str]:
    """Every file of deploy/nginx/ by its path there, with 127.0.0.1:port and the two roots put in."""
    files = {
        path.relative_to(NGINX_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(NGINX_DIR.rglob("*.conf"))
    }
    server, site_conf = files["conf.d/guidance.conf"], files["snippets/guidance-site.conf"]
    # Each is replaced exactly once, so that a changed configuration fails here rather than being served wrong.
    assert server.count("    listen 80;\n") == 1 and server.count("    listen [::]:80;\n") == 1, "listen lines changed"
    assert site_conf.count(SITE_ROOT) == 1 and site_conf.count(WELL_KNOWN_ROOT) == 1, "root lines changed"
    files["conf.d/guidance.conf"] = server.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n").replace(
        "    listen [::]:80;\n", ""
    )
    files["snippets/guidance-site.conf"] = site_conf.replace(SITE_ROOT, f"root {site};").replace(
        WELL_KNOWN_ROOT, f"root {well_known};"
    )
    return files


CERTIFICATE = "/etc/letsencrypt/live/guidance.example.org.uk/fullchain.pem"
CERTIFICATE_KEY = "/etc/letsencrypt/live/guidance.example.org.uk/privkey.pem"
REDIRECT = "    # return 301 https://$server_name$request_uri;\n"


def nginx_version(binary: str) -> tuple[int, ...]:
    output = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr
    match = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", output)
    assert match, output
    return tuple(int(part) for part in match.groups())


def with_certificate(files: dict[str, str], port: int, certificate: Path, key: Path, binary: str) -> dict[str, str]:
    """The configuration as SELF-HOSTING.md says to finish it once there is a certificate: the HTTP
    block's redirect turned on and the commented-out HTTPS block in use, on 127.0.0.1:port."""
    server = files["conf.d/guidance.conf"]
    assert server.count(REDIRECT) == 1, "the redirect line changed"
    server = server.replace(REDIRECT, REDIRECT.replace("# ", "", 1))
    lines = server.splitlines(keepends=True)
    start = lines.index("# server {\n")
    end = lines.index("# }\n", start)
    block = "".join(re.sub(r"^# ?", "", line) for line in lines[start : end + 1])
    replacements = {
        "    listen 443 ssl;\n": f"    listen 127.0.0.1:{port} ssl;\n",
        "    listen [::]:443 ssl;\n": "",
        CERTIFICATE: str(certificate),
        CERTIFICATE_KEY: str(key),
    }
    for old, new in replacements.items():
        assert block.count(old) == 1, f"the HTTPS block changed: {old!r}"
        block = block.replace(old, new)
    http2 = next(line for line in block.splitlines(keepends=True) if line.strip().startswith("http2 on;"))
    if nginx_version(binary) < (1, 25, 1):  # as the comment on that line says
        block = block.replace(http2, "").replace(f"{port} ssl;", f"{port} ssl http2;")
    return {**files, "conf.d/guidance.conf": "".join(lines[:start]) + block + "".join(lines[end + 1 :])}


@contextlib.contextmanager
def serving(
    site: Path,
    prefix: Path,
    well_known: Path | None = None,
    https: bool = False,
    missing: Callable[[str], NoReturn] = _stop,
) -> Iterator[tuple[str, str]]:
    """Serve `site` with nginx and the shipped configuration on 127.0.0.1: yields the HTTP and HTTPS addresses.

    `prefix` is an empty folder for nginx's own files; `well_known` is the folder served at /.well-known/ (by
    default an empty one); `https` finishes the configuration for a (self-signed) certificate; `missing` is
    called with a message when nginx or openssl is not installed.
    """
    binary = nginx_binary()
    if binary is None:
        missing("nginx not found: install it (Debian: apt-get install nginx)")
    port, tls_port = free_port(), free_port()
    if well_known is None:
        well_known = prefix / "well-known-root"
        well_known.mkdir()
    files = shipped_config(port, site, well_known)
    if https:
        openssl = shutil.which("openssl")
        if openssl is None:
            missing("openssl not found: install it (Debian: apt-get install openssl)")
        certificate, key = prefix / "certificate.pem", prefix / "key.pem"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
            + ["-keyout", str(key), "-out", str(certificate)],
            check=True,
            capture_output=True,
        )
        files = with_certificate(files, tls_port, certificate, key, binary)
    # The same layout as /etc/nginx on Debian: the server blocks in conf.d/, the snippets in snippets/,
    # and include paths resolved against the folder of nginx.conf.
    for name, text in files.items():
        (prefix / name).parent.mkdir(parents=True, exist_ok=True)
        (prefix / name).write_text(text, encoding="utf-8")
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
    try:
        for _ in range(100):
            try:
                # A connection, not a request: with the redirect on, a page request leads elsewhere.
                with socket.create_connection(("127.0.0.1", tls_port if https else port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"nginx stopped: {output}\n{(prefix / 'error.log').read_text()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", f"https://127.0.0.1:{tls_port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
