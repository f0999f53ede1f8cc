"""Where the generated pages go in the menu that mkdocs.yml's nav describes."""

from __future__ import annotations

from typing import Any


def nav_target(item: Any) -> Any:
    """The page a top-level nav entry points at ('Title: page.md' or 'page.md')."""
    return next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item


def extend_nav(nav: list[Any] | None, index_page: str, entries: list[dict[str, Any]]) -> None:
    """Append `entries` to the nav section that starts with `index_page`, wherever it is."""
    for item in nav or ():
        children = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else None
        if isinstance(children, list):
            if children and children[0] == index_page:
                children.extend(entries)
                return
            extend_nav(children, index_page, entries)
