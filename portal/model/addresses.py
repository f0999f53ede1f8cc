"""Where each kind of item is published, as MkDocs source paths, and the address a source page gets."""

from __future__ import annotations

# Links are made relative from these paths; the generated pages are written at them.
OBJECTIVE_PAGE = "objectives/{id}.md"
RISK_PAGE = "risks/{id}.md"
AUDIENCE_PAGE = "audiences/{id}.md"
GUIDE_PAGE = "respond/{id}.md"
BRIEFING_PAGE = "briefings/{id}.md"
BRIEFING_TEXT = "briefings/{id}.txt"  # the plain-text version beside each briefing
RESOURCES_PAGE = "resources.md"
FAQS_PAGE = "faqs.md"
GLOSSARY_PAGE = "glossary.md"
GET_HELP_PAGE = "get-help.md"
FILTERING_REVIEW_PAGE = "filtering-and-monitoring-review.md"


def _page_url(src: str) -> str:
    """Where MkDocs (with directory URLs) publishes a source page: 'risks/x.md' → 'risks/x/', 'index.md' → ''."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def page_address(src: str, directory_urls: bool = True) -> str:
    """A source page's address relative to the site root: 'risks/x.md' → 'risks/x/' (or 'risks/x.html')."""
    return _page_url(src) if directory_urls else src.removesuffix(".md") + ".html"
