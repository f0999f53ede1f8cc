"""Offline check of a built site: every internal href, src, srcset and #fragment must resolve."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

# Attributes that point at another resource, and those that hold a list of them.
LINK_ATTRIBUTES = ("href", "src", "poster", "data")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# Schemes that leave the site, and are checked (if at all) by the live checker.
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "sms", "data", "blob"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link on one page that does not resolve, and why."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


@dataclass(frozen=True)
class PageLinks:
    """What one HTML page offers (its ids) and what it points at (its links)."""

    page: str
    ids: frozenset[str]
    links: tuple[str, ...]


def scan_page(site: Path, path: Path) -> PageLinks:
    """Parse one page and collect its ids, <a name>s and every link-bearing attribute."""
    tree = lxml_html.fromstring(path.read_bytes())
    ids: set[str] = set()
    links: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        attributes = element.attrib
        if "id" in attributes:
            ids.add(attributes["id"])
        if element.tag == "a" and "name" in attributes:
            ids.add(attributes["name"])
        for name in LINK_ATTRIBUTES:
            value = attributes.get(name)
            if value is not None and not (name == "data" and element.tag != "object"):
                links.append(value)
        for name in SRCSET_ATTRIBUTES:
            if name in attributes:
                links.extend(srcset_urls(attributes[name]))
    # Relative links inside a page resolve against its <base href>, if any; Material sets none.
    return PageLinks(path.relative_to(site).as_posix(), frozenset(ids), tuple(links))


def srcset_urls(value: str) -> list[str]:
    """The addresses in a srcset: 'a.png 1x, b.png 2x' → ['a.png', 'b.png']."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def check_site(site: Path, workers: int | None = None, allow_empty: bool = False) -> list[BrokenLink]:
    """Every broken internal link and anchor in the built site under `site`, sorted by page.

    An empty link (href="") is refused unless `allow_empty`: it points at the page itself, which our
    templates never need, so one is usually a value that went missing; Zensical uses them on purpose.
    """
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    scanned = _scan_all(site, pages, workers)
    ids_by_page = {page.page: page.ids for page in scanned}
    broken: list[BrokenLink] = []
    for page in scanned:
        broken.extend(_check_page(site, page, ids_by_page))
    return sorted({link for link in broken if not (allow_empty and link.reason == "empty link")})


def _scan_all(site: Path, pages: list[Path], workers: int | None) -> list[PageLinks]:
    # Parsing dominates: spread large sites over the CPU's cores, keep small ones in-process.
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(pages) < 200:
        return [scan_page(site, page) for page in pages]
    with ProcessPoolExecutor(max_workers=count) as pool:
        return list(pool.map(scan_page, [site] * len(pages), pages, chunksize=64))


def _check_page(site: Path, page: PageLinks, ids_by_page: dict[str, frozenset[str]]) -> Iterator[BrokenLink]:
    for link in dict.fromkeys(page.links):  # each distinct link once per page
        reason = _problem(site, page.page, link, ids_by_page)
        if reason:
            yield BrokenLink(page.page, link, reason)


def _problem(site: Path, page: str, link: str, ids_by_page: dict[str, frozenset[str]]) -> str | None:
    """Why `link` on `page` does not resolve, or None if it does."""
    stripped = link.strip()
    if not stripped:
        return "empty link"
    parts = urlsplit(stripped)
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript"):
        return "script link"
    if scheme or parts.netloc:
        return None if scheme in EXTERNAL_SCHEMES or not scheme else f"unknown link scheme '{scheme}:'"
    target_page = _target_page(site, page, unquote(parts.path))
    if target_page is None:
        return "target outside the site"
    if target_page not in ids_by_page and not (site / target_page).exists():
        return f"no such file: {target_page}"
    fragment = unquote(parts.fragment)
    if fragment and target_page in ids_by_page and fragment not in ids_by_page[target_page]:
        return f"no element with id '{fragment}' in {target_page}"
    return None


def _target_page(site: Path, page: str, path: str) -> str | None:
    """The site-relative file a path points at (directories mean their index.html), or None if outside."""
    if not path:
        return page
    base = PurePosixPath("/") if path.startswith("/") else PurePosixPath("/", page).parent
    parts: list[str] = []
    for part in (base / path).parts[1:]:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    target = "/".join(parts)
    if path.endswith("/") or not target or (site / target).is_dir():
        target = f"{target}/index.html" if target else "index.html"
    return target


def format_report(broken: Iterable[BrokenLink]) -> str:
    """One line per broken link, then a count."""
    lines = [str(item) for item in broken]
    noun = "link" if len(lines) == 1 else "links"
    return "\n".join([*lines, f"{len(lines)} broken {noun} in the built site."])
