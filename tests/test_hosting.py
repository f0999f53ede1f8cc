"""Secure hosting for real: the shipped nginx configuration serving the built site to Chromium."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from nginx_server import CSP_WATCH, NGINX_DIR, Reply, nginx_serving, nginx_serving_https, request, send
from search_box import WATCH_SEARCH
from test_quality import page_paths

from conftest import ROOT
from portal.publish.feeds import FEED_FOLDER, FEEDS
from portal.publish.open_data import FOLDER as OPEN_DATA_FOLDER
from portal.publish.search_index import FULL_INDEX, INDEX


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
    for path in [*page_paths(built_site), "assets/javascripts/bundle.a5f9d56c.min.js", INDEX, FULL_INDEX]:
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
    context.add_init_script(WATCH_SEARCH)
    page = context.new_page()
    reported: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and reported.append(message.text))
    problems = []
    for path in page_paths(built_site):
        # Loaded, and the last thing a page loads by itself, its search worker (and lunr), answering ready.
        page.goto(f"{nginx_url}/{path}", wait_until="load")
        page.wait_for_function("() => window.__search.ready !== null")
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


# ---------------------------------------------------------------------------------------------------
# Untrusted content never reaches a reader: dotfiles, symbolic links, the Host header (issue 23).
# These run against a copy of the built site with canary files in it; the real site/ is never touched.

CANARY = "CANARY-must-never-be-served"
# Dotfiles and dot-folders planted in the copy, and requests that reach them, plain and encoded.
DOTFILES = {
    ".env": ["/.env", "/%2eenv", "/%2Eenv", "//.env", "/risks/../.env", "/./.env"],
    ".git/config": ["/.git/config", "/.git/", "/.git", "/%2egit/config", "/assets/%2e%2e/.git/config"],
    "assets/javascripts/.secret": [
        "/assets/javascripts/.secret",
        "/assets/javascripts/%2esecret",
        "/assets/javascripts/./.secret",
        "/assets/stylesheets/../javascripts/.secret",
        "/ASSETS/JAVASCRIPTS/.secret",
    ],
    "assets/stylesheets/.secret.css": ["/assets/stylesheets/.secret.css"],
    "a/.hidden/x": ["/a/.hidden/x", "/a/%2ehidden/x", "/a/.hidden/"],
    "feeds/.hidden.xml": ["/feeds/.hidden.xml"],
    "open-data/.hidden.csv": ["/open-data/.hidden.csv"],
    # A build's own .well-known/ is never served: /.well-known/ comes from a folder of its own.
    ".well-known/from-the-build.txt": ["/.well-known/from-the-build.txt"],
}
WELL_KNOWN = {
    ".well-known/security.txt": "Contact: mailto:security@example.org.uk\nExpires: 2030-01-01T00:00:00Z\n",
    ".well-known/acme-challenge/token-1234": "token-1234.thumbprint",
    ".well-known/.htpasswd": CANARY,
    ".well-known/acme-challenge/.hidden": CANARY,
}
WELL_KNOWN_DOTFILES = [
    "/.well-known/.htpasswd",
    "/.well-known/%2ehtpasswd",
    "/.well-known/acme-challenge/.hidden",
    "/.well-known/acme-challenge/../.htpasswd",
]
SYMLINKS = ["/linked.txt", "/linked-folder/secret.txt", "/linked-folder/"]
VISIBLE = "/visible-canary.txt"  # a plain file beside the canaries: it is served, so they are in the served root


@dataclass
class Hardened:
    """nginx with the shipped configuration serving a copy of the built site with canaries in it."""

    url: str
    site: Path


@pytest.fixture(scope="module")
def hardened(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hardened]:
    base = tmp_path_factory.mktemp("hardened")
    site = Path(shutil.copytree(built_site, base / "site"))
    for name in DOTFILES:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(CANARY, encoding="utf-8")
    (site / VISIBLE.lstrip("/")).write_text("visible\n", encoding="utf-8")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(CANARY, encoding="utf-8")
    os.symlink(outside / "secret.txt", site / "linked.txt")
    os.symlink(outside, site / "linked-folder")
    well_known = base / "well-known-root"
    for name, text in WELL_KNOWN.items():
        (well_known / name).parent.mkdir(parents=True, exist_ok=True)
        (well_known / name).write_text(text, encoding="utf-8")
    nginx = base / "nginx"
    nginx.mkdir()
    with nginx_serving(site, nginx, well_known=well_known) as url:
        yield Hardened(url, site)


def security_header_problems(reply: Reply) -> list[str]:
    """Each security header missing from a reply or sent with another value (nginx repeats them all on a 416)."""
    return [
        f"{name}: {reply.values(name)}"
        for name, value in shipped_headers().items()
        if not reply.values(name) or set(reply.values(name)) != {value}
    ]


def test_the_canaries_are_in_the_served_copy(hardened: Hardened) -> None:
    # Negative control for the tests below: a 404 proves nothing unless the file is really there to be served.
    for name in DOTFILES:
        assert (hardened.site / name).read_text(encoding="utf-8") == CANARY
    assert (hardened.site / "linked.txt").read_text(encoding="utf-8") == CANARY, "the link works on disk"
    visible = request(hardened.url, "GET", VISIBLE)
    assert (visible.status, visible.body) == (200, b"visible\n")
    assert security_header_problems(visible) == []


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", [path for paths in DOTFILES.values() for path in paths] + WELL_KNOWN_DOTFILES)
def test_dotfiles_are_not_found_with_the_security_headers(hardened: Hardened, path: str, method: str) -> None:
    reply = request(hardened.url, method, path)
    assert reply.status == 404, f"{method} {path}: {reply.status}"
    assert CANARY.encode() not in reply.body
    assert security_header_problems(reply) == []
    if method == "GET":
        assert reply.body == (hardened.site / "404.html").read_bytes(), "the site's own 404 page"


def test_well_known_is_served_from_its_own_folder(hardened: Hardened) -> None:
    for name, text in WELL_KNOWN.items():
        if text == CANARY:
            continue
        for method in ("GET", "HEAD"):
            reply = request(hardened.url, method, f"/{name}")
            assert reply.status == 200, f"{method} /{name}: {reply.status}"
            assert reply.body == (text.encode() if method == "GET" else b"")
            assert reply.get("Content-Type") == "text/plain; charset=utf-8"
            assert reply.get("Cache-Control") == "no-cache"
            assert security_header_problems(reply) == []
    missing = request(hardened.url, "GET", "/.well-known/no-such-file")
    assert missing.status == 404 and security_header_problems(missing) == []


@pytest.mark.parametrize("path", SYMLINKS)
def test_symbolic_links_in_the_web_root_are_not_followed(hardened: Hardened, path: str) -> None:
    reply = request(hardened.url, "GET", path)
    assert reply.status == 404, f"{path}: {reply.status}"
    assert CANARY.encode() not in reply.body
    assert security_header_problems(reply) == []


def expected_types(site: Path) -> dict[str, str]:
    """The Content-Type of every feed and open data file the build wrote, by URL path."""
    atom = {f"/{spec.atom_path}" for spec in FEEDS}
    json_feeds = {f"/{spec.json_path}" for spec in FEEDS}
    types = {}
    for folder in (FEED_FOLDER, OPEN_DATA_FOLDER):
        for file in sorted((site / folder).iterdir()):
            path = f"/{folder}/{file.name}"
            if path in atom:
                types[path] = "application/atom+xml"
            elif path in json_feeds:
                types[path] = "application/feed+json"
            elif path == f"/{FEED_FOLDER}/sitemap.xml":
                types[path] = "text/xml; charset=utf-8"
            elif folder == OPEN_DATA_FOLDER and file.suffix == ".csv":
                types[path] = "text/csv; charset=utf-8"
            elif folder == OPEN_DATA_FOLDER and file.suffix == ".json":
                types[path] = "application/json"
            elif path == f"/{OPEN_DATA_FOLDER}/index.html":
                types[f"/{OPEN_DATA_FOLDER}/"] = "text/html; charset=utf-8"
            else:
                raise AssertionError(f"{path}: the build writes a file the nginx configuration has no type for")
    return types


def test_the_configuration_knows_every_file_the_build_writes_in_feeds_and_open_data(
    built_site: Path, tmp_path: Path
) -> None:
    types = expected_types(built_site)
    assert (FEED_FOLDER, OPEN_DATA_FOLDER) == ("feeds", "open-data"), "deploy/nginx and docs/_headers name these"
    assert sum(t == "application/atom+xml" for t in types.values()) == len(FEEDS) >= 9
    assert sum(t == "application/feed+json" for t in types.values()) == len(FEEDS)
    assert sum(t.startswith("text/csv") for t in types.values()) >= 4
    # Negative control: a file of a kind the configuration does not know is reported.
    for folder in (FEED_FOLDER, OPEN_DATA_FOLDER):
        shutil.copytree(built_site / folder, tmp_path / folder)
    (tmp_path / FEED_FOLDER / "extra.rss").write_text("x", encoding="utf-8")
    with pytest.raises(AssertionError, match="extra.rss"):
        expected_types(tmp_path)


def test_feeds_and_open_data_go_out_with_their_types_compressed(hardened: Hardened, built_site: Path) -> None:
    problems = []
    for path, content_type in expected_types(built_site).items():
        on_disk = (hardened.site / path.lstrip("/")).read_bytes() if not path.endswith("/") else None
        for encoding in ("gzip", None):
            reply = request(hardened.url, "GET", path, *([f"Accept-Encoding: {encoding}"] if encoding else []))
            got = (reply.status, reply.get("Content-Type"), reply.get("Content-Encoding"), reply.get("Cache-Control"))
            if got != (200, content_type, encoding, "no-cache"):
                problems.append(f"{path} ({encoding or 'identity'}): {got}")
            body = gzip.decompress(reply.body) if reply.get("Content-Encoding") == "gzip" else reply.body
            if on_disk is not None and body != on_disk:
                problems.append(f"{path} ({encoding or 'identity'}): the body differs from the file")
            problems += [f"{path}: {problem}" for problem in security_header_problems(reply)]
        if reply.get("Vary") != "Accept-Encoding":
            problems.append(f"{path}: Vary {reply.values('Vary')}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("folder", ["/risks", "/risks/grooming", "/open-data", "/self-review"])
def test_redirects_give_a_path_and_never_the_host_they_were_asked_for(
    hardened: Hardened, folder: str, method: str
) -> None:
    hostile = "evil.example"
    plain = request(hardened.url, method, folder, host=hostile)
    # The host can come in the request line too (absolute form), which nginx prefers to the Host header.
    absolute = f"{method} http://{hostile}{folder} HTTP/1.1\r\nHost: {hostile}\r\nConnection: close\r\n\r\n"
    for reply in (plain, send(hardened.url, absolute.encode())):
        assert reply.status == 301 and reply.get("Location") == f"{folder}/"
        assert not any(hostile in value for _, value in reply.headers), reply.headers
        assert security_header_problems(reply) == []
    # Negative control: the redirect leads to a page, whatever the Host.
    assert request(hardened.url, "GET", f"{folder}/", host=hostile).status == 200


CRLF = "\r\n"
BAD_REQUESTS = {
    # name: (raw request, status nginx must answer with)
    "no such page": ("GET /no-such-page/ HTTP/1.1\r\nHost: a\r\n", 404),
    "folder without a page": ("GET /feeds/ HTTP/1.1\r\nHost: a\r\n", 404),
    "folder listing refused": ("GET /assets/ HTTP/1.1\r\nHost: a\r\n", 404),
    "the static hosts' _headers": ("GET /_headers HTTP/1.1\r\nHost: a\r\n", 404),
    "the 404 page itself": ("GET /404.html HTTP/1.1\r\nHost: a\r\n", 404),
    "POST": ("POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n", 405),
    "DELETE": ("DELETE / HTTP/1.1\r\nHost: a\r\n", 405),
    "OPTIONS": ("OPTIONS / HTTP/1.1\r\nHost: a\r\n", 405),
    "TRACE": ("TRACE / HTTP/1.1\r\nHost: a\r\n", 405),
    "unknown method": ("FOO / HTTP/1.1\r\nHost: a\r\n", 405),
    "above the root": ("GET /../etc/passwd HTTP/1.1\r\nHost: a\r\n", 400),
    "above the root, encoded": ("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: a\r\n", 400),
    "NUL in the path": ("GET /index%00.html HTTP/1.1\r\nHost: a\r\n", 400),
    "range past the end": ("GET /index.html HTTP/1.1\r\nHost: a\r\nRange: bytes=99999999-\r\n", 416),
    "stale precondition": (
        "GET /index.html HTTP/1.1\r\nHost: a\r\nIf-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n",
        412,
    ),
    "body too large": ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n", 413),
    "no Host": ("GET / HTTP/1.1\r\n", 400),
    "empty Host": ("GET / HTTP/1.1\r\nHost: \r\n", 400),
    "two Hosts": ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n", 400),
    "Host with a space": ("GET / HTTP/1.1\r\nHost: a b\r\n", 400),
    "Host with a path": ("GET / HTTP/1.1\r\nHost: evil.example/../x\r\n", 400),
    "Host of dots": ("GET / HTTP/1.1\r\nHost: ..\r\n", 400),
    "Host with a CR": ("GET / HTTP/1.1\r\nHost: a\rX-Injected: 1\r\n", 400),
    "Host with a NUL": ("GET / HTTP/1.1\r\nHost: a\x00b\r\n", 400),
    "both Transfer-Encoding and Content-Length": (
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n",
        400,
    ),
    "header too large": (f"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {'a' * 20_000}\r\n", 400),
    "address too long": (f"GET /{'a' * 20_000} HTTP/1.1\r\nHost: a\r\n", 414),
    "unknown HTTP version": ("GET / HTTP/9.9\r\nHost: a\r\n", 505),
}


@pytest.mark.parametrize("name", BAD_REQUESTS)
def test_every_error_response_carries_the_security_headers(hardened: Hardened, name: str) -> None:
    raw, status = BAD_REQUESTS[name]
    reply = send(hardened.url, f"{raw}Connection: close\r\n\r\n".encode("latin-1"))
    assert reply.status == status, f"{name}: {reply.status}"
    assert security_header_problems(reply) == []
    assert reply.get("Server") == "nginx", "no version number"
    assert CANARY.encode() not in reply.body and b"root:" not in reply.body


def test_host_header_oddities_never_reach_the_response(hardened: Hardened) -> None:
    # A lone LF ends a header line for nginx, so the rest is a header of its own, not part of the Host.
    reply = send(hardened.url, b"GET /risks HTTP/1.1\r\nHost: a\nX-Injected: 1\r\nConnection: close\r\n\r\n")
    assert reply.status == 301 and reply.get("Location") == "/risks/"
    assert not any("X-Injected" in line for line in (f"{k}: {v}" for k, v in reply.headers))
    for host in ("\xe9vil.example", "evil.example:99999", "EVIL.example."):
        reply = request(hardened.url, "GET", "/risks", host=host)
        assert reply.status == 301 and reply.get("Location") == "/risks/", host
        assert security_header_problems(reply) == []
    # Negative control: the same request with an ordinary Host is answered the same way.
    assert request(hardened.url, "GET", "/risks").get("Location") == "/risks/"


@pytest.mark.parametrize(
    "path", ["/", "/risks/grooming/", "/assets/javascripts/bundle.a5f9d56c.min.js", "/feeds/all.xml", "/no-such-page/"]
)
def test_head_requests_carry_the_same_headers_as_get_and_no_body(hardened: Hardened, path: str) -> None:
    get, head = request(hardened.url, "GET", path), request(hardened.url, "HEAD", path)
    assert head.status == get.status and head.body == b"" and get.body != b""
    assert security_header_problems(head) == [] and security_header_problems(get) == []
    for name in ("Content-Type", "Cache-Control", "Content-Length"):
        assert head.values(name) == get.values(name), name


def test_with_a_certificate_http_redirects_to_the_configured_name_and_https_serves_the_same_site(
    built_site: Path, tmp_path: Path
) -> None:
    # The configuration finished as its comments say: the redirect on, the HTTPS block in use.
    with nginx_serving_https(built_site, tmp_path) as (http, https):
        for path in ("/risks/grooming/", "/.env", "/no-such-page/"):
            redirect = request(http, "GET", path, host="evil.example")
            assert redirect.status == 301, path
            assert redirect.get("Location") == f"https://guidance.example.org.uk{path}", (
                "the server's name, not the Host"
            )
            assert security_header_problems(redirect) == []
        page = request(https, "GET", "/risks/grooming/", host="evil.example")
        assert page.status == 200 and b"Grooming" in page.body
        assert page.get("Cache-Control") == "no-cache" and security_header_problems(page) == []
        dotfile = request(https, "GET", "/.git/config")
        assert dotfile.status == 404 and security_header_problems(dotfile) == []
        folder = request(https, "GET", "/risks", host="evil.example")
        assert folder.status == 301 and folder.get("Location") == "/risks/"
        feed = request(https, "GET", "/feeds/all.xml", "Accept-Encoding: gzip")
        assert (feed.get("Content-Type"), feed.get("Content-Encoding")) == ("application/atom+xml", "gzip")


# ---------------------------------------------------------------------------------------------------
# docs/_headers on the static hosts. Neither host can run here, so the tests apply the file as each
# documents it: Cloudflare Pages (developers.cloudflare.com/pages/configuration/headers: every matching
# rule applies in order, a header set twice is joined with ", ", "! Name" removes it first) and
# Netlify as its own CLI applies it (netlify/build headers-parser: a line without ":" is skipped,
# and a later matching rule replaces a header).

Rules = list[tuple[str, list[tuple[str, str | None]]]]


def header_rules(text: str) -> Rules:
    """The rules of a _headers file: each path pattern with its (name, value) lines, value None for '! Name'."""
    rules: Rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif line.strip().startswith("!"):
            rules[-1][1].append((line.strip()[1:].strip(), None))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _pattern(path: str, netlify: bool) -> re.Pattern[str]:
    parts = []
    for part in path.strip("/").split("/"):
        if part.startswith(":"):
            parts.append("[^/]+")
        elif netlify and part == "*":
            parts.append("?.*")
        else:
            parts.append(".*".join(re.escape(piece) for piece in part.split("*")))
    return re.compile("/" + "/".join(parts) + ("/?" if netlify else ""), re.I if netlify else 0)


def cloudflare_headers(rules: Rules, path: str) -> dict[str, str]:
    headers: dict[str, list[str]] = {}
    seen: set[str] = set()
    for pattern, lines in rules:
        if not _pattern(pattern, netlify=False).fullmatch(path):
            continue
        for name, value in lines:
            if value is None:
                headers.pop(name.lower(), None)
        for name, value in lines:
            if value is not None:
                key = name.lower()
                headers[key] = [*headers.get(key, []), value] if key in seen else [value]
                seen.add(key)
    return {name: ", ".join(values) for name, values in headers.items()}


def netlify_headers_for(rules: Rules, path: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, lines in rules:
        if _pattern(pattern, netlify=True).fullmatch(path):
            headers.update({name.lower(): value for name, value in lines if value is not None})
    return headers


HOSTS = {"Cloudflare Pages": cloudflare_headers, "Netlify": netlify_headers_for}
ASSETS = ["/assets/javascripts/bundle.a5f9d56c.min.js", "/assets/stylesheets/main.css"]


def static_host_problems(text: str, site: Path) -> list[str]:
    """What each static host would send wrong for pages, assets, feeds and open data under this _headers text."""
    rules, security = header_rules(text), {name.lower(): value for name, value in shipped_headers().items()}
    wanted: dict[str, dict[str, str | None]] = {
        "/": {"cache-control": "no-cache", "content-type": None},
        "/risks/grooming/": {"cache-control": "no-cache", "content-type": None},
        **{asset: {"cache-control": "public, max-age=31536000, immutable", "content-type": None} for asset in ASSETS},
    }
    for path, content_type in expected_types(site).items():
        # nginx's sitemap, JSON and page types are the hosts' own defaults: _headers leaves them alone.
        own = content_type if content_type.split(";")[0] not in ("text/xml", "application/json", "text/html") else None
        wanted[path] = {"cache-control": "no-cache", "content-type": own}
    problems = []
    for host, apply in HOSTS.items():
        for path, expected in wanted.items():
            sent = apply(rules, path)
            for name, value in {**security, **expected}.items():
                if sent.get(name) != value:
                    problems.append(f"{host} {path}: {name} {sent.get(name)!r}, not {value!r}")
    return problems


def test_static_hosts_send_the_types_and_caching_nginx_sends(built_site: Path) -> None:
    text = (ROOT / "docs" / "_headers").read_text(encoding="utf-8")
    assert (built_site / "_headers").read_text(encoding="utf-8") == text, "the build copies docs/_headers"
    assert static_host_problems(text, built_site) == []


def test_static_host_checks_catch_a_joined_cache_control_and_a_missing_type(built_site: Path) -> None:
    # Negative controls: without the "! Cache-Control" lines Cloudflare would send both values joined,
    # and a feed left out of the file would go out with the host's default type.
    text = (ROOT / "docs" / "_headers").read_text(encoding="utf-8")
    joined = static_host_problems(text.replace("  ! Cache-Control\n", ""), built_site)
    assert (
        f"Cloudflare Pages {ASSETS[0]}: cache-control 'no-cache, public, max-age=31536000, immutable', "
        in "\n".join(joined)
    )
    assert not any(problem.startswith("Netlify") for problem in joined), "Netlify never saw those lines"
    block = "/feeds/risks.xml\n  Content-Type: application/atom+xml\n"
    assert block in text
    missing = static_host_problems(text.replace(block, ""), built_site)
    assert missing == [f"{host} /feeds/risks.xml: content-type None, not 'application/atom+xml'" for host in HOSTS]
