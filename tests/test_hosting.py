"""Secure hosting for real: the shipped nginx configuration serving the built site to Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_quality import page_paths

from conftest import ROOT

NGINX_DIR = ROOT / "deploy" / "nginx"
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def shipped_headers() -> dict[str, str]:
    """The headers the shipped nginx configuration adds, by name."""
    text = (NGINX_DIR / "security-headers.conf").read_text(encoding="utf-8")
    return {name: value for name, value in re.findall(r'^add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M)}


def netlify_headers() -> dict[str, str]:
    """The headers docs/_headers gives every path (the /* block)."""
    block = (ROOT / "docs" / "_headers").read_text(encoding="utf-8").split("/*\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines() if line.strip())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served by nginx from Debian, with the shipped configuration, on 127.0.0.1."""
    binary = nginx_binary()
    if binary is None:
        message = "nginx not found: install it (Debian: apt-get install nginx)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " - hosting tests never skip in CI")
        pytest.skip(message)
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = (NGINX_DIR / "guidance.conf").read_text(encoding="utf-8")
    server = server.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n").replace("    listen [::]:80;\n", "")
    server = server.replace("root /var/www/guidance;", f"root {built_site};")
    (prefix / "guidance.conf").write_text(server, encoding="utf-8")
    shutil.copy(NGINX_DIR / "security-headers.conf", prefix / "security-headers.conf")
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
  include {prefix}/guidance.conf;
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


def test_headers_file_and_nginx_send_the_same_headers() -> None:
    nginx, netlify = shipped_headers(), netlify_headers()
    netlify.pop("Cache-Control")  # pages: no-cache in both, set beside the security headers in nginx
    assert nginx == netlify
    csp = nginx["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_every_response_carries_the_security_headers(nginx_url: str, built_site: Path) -> None:
    expected = shipped_headers()
    for path in [*page_paths(built_site), "assets/javascripts/bundle.a5f9d56c.min.js", "search/search_index.json"]:
        if path == "404.html":
            continue
        with urllib.request.urlopen(f"{nginx_url}/{path}") as response:
            for name, value in expected.items():
                assert response.headers.get(name) == value, f"/{path}: {name}"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{nginx_url}/no-such-page/")
    assert missing.value.code == 404
    assert missing.value.headers.get("Content-Security-Policy") == expected["Content-Security-Policy"]
    assert "404" in missing.value.read().decode(), "the site's own 404 page is served"


def test_hashed_assets_are_cached_and_pages_revalidated(nginx_url: str) -> None:
    with urllib.request.urlopen(f"{nginx_url}/risks/grooming/") as page:
        assert page.headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(f"{nginx_url}/assets/javascripts/bundle.a5f9d56c.min.js") as asset:
        assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.browser
def test_every_page_works_under_the_content_security_policy(browser, nginx_url: str, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    reported: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and reported.append(message.text))
    problems = []
    for path in page_paths(built_site):
        page.goto(f"{nginx_url}/{path}", wait_until="networkidle")
        problems += [f"/{path}: {v}" for v in page.evaluate("window.__cspViolations")]
    # The interactive parts run under the policy too: search, and the self-review's saving.
    page.goto(f"{nginx_url}/")
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("sexting", delay=10)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.goto(f"{nginx_url}/self-review/")
    page.wait_for_selector("#sr.sr--ready")
    page.locator("fieldset.sr-area").first.get_by_role("radio").first.check()
    page.wait_for_function("() => localStorage.getItem('pies-self-review/v1') !== null")
    problems += page.evaluate("window.__cspViolations") + reported
    context.close()
    assert problems == [], "\n".join(problems)
