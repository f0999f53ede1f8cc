"""Search tags in the built index: a listing page's on the page's own entry, each listed item's on its section."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def retag(index: dict[str, object], section_tags: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Add `section_tags` to the index entries at those locations (a page's own entry, or a section).

    A listing page's tags (the short names of everything it lists) are kept out of its front matter
    and added here to its own entry only: Material copies a page's tags onto every section, so n
    listed items meant n copies of n tags, and the index grew with the square of the content.
    """
    for entry in index["docs"]:  # type: ignore[attr-defined]
        own = section_tags.get(entry["location"])
        if own:
            entry["tags"] = [*entry.get("tags", []), *own]
    return index
