"""Secure hosting for real: the shipped nginx configuration serving the built site to Chromium."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from nginx_server import CSP_WATCH, NGINX_DIR, nginx_serving
from test_quality import page_paths

from conftest import ROOT


def shipped_headers() -> dict[str, str]:
    """The headers the shipped nginx configuration adds, by name."""
    text = (NGINX_DIR / "snippets" / "guidance-security-headers.conf").read_text(encoding="utf-8")
    return {name: value for name, value in re.findall(r'^add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M)}


def netlify_headers() -> dict[str, str]:
    """The headers docs/_headers gives every path (the /* block)."""
    block = (ROOT / "docs" / "_headers").read_text(encoding="utf-8").split("/*\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines() if line.strip())


@pytest.fixture(scope="module")
def nginx_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served by nginx from Debian, with the shipped configuration, on 127.0.0.1."""
    with nginx_serving(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


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
