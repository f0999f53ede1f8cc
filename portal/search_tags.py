"""Search tags in the built index: each page's tags on its own entry, each listed item's on its section."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path


def retag(index: dict[str, object], section_tags: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Keep a page's tags on its first entry only; give listed items' sections their own tags.

    Material copies a page's tags onto every section of the page, so a listing page of n items
    carried n copies of n tags: the index grew with the square of the content.
    """
    seen_pages: set[str] = set()
    for entry in index["docs"]:  # type: ignore[attr-defined]
        location = entry["location"]
        page = location.split("#", 1)[0]
        own = list(section_tags.get(location, ()))
        if page not in seen_pages:
            seen_pages.add(page)
            if own:
                entry["tags"] = [*entry.get("tags", []), *own]
        elif own:
            entry["tags"] = own
        else:
            entry.pop("tags", None)
    return index


def retag_file(path: Path, section_tags: Mapping[str, Sequence[str]]) -> None:
    """Rewrite a built search index in place, compact like Material writes it."""
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(retag(index, section_tags), separators=(",", ":")), encoding="utf-8")
