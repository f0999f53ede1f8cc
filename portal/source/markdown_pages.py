"""The parts of a hand-written Markdown page: its front matter, the text after it, and its title."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+([^\n{]+)", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """A page's front matter (None if it has none), the Markdown after it, and the line that starts on."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text, 1
    return match.group(1), text[match.end() :], match.group(0).count("\n") + 1


def page_title(front: dict[str, Any], body: str, path: Path) -> str:
    """A page's title: its front matter's, else its first '# ' heading (without a { #id }), else its file name."""
    given = front.get("title")
    if isinstance(given, str):
        return given
    heading = _HEADING.search(body)
    return heading.group(1).strip() if heading else path.stem
