"""The pages of a built site, for the tests that walk every page."""

from __future__ import annotations

from pathlib import Path


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site that has content (redirect stubs have none)."""
    return sorted(path for path in site.rglob("*.html") if "md-content" in path.read_text(encoding="utf-8"))


def page_address(site: Path, path: Path) -> str:
    """The address a built page is served at, relative to the site's root ('risks/grooming/')."""
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative
