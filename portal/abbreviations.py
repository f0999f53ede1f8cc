"""Python-Markdown extension: the standard abbr extension, matching the glossary with one trie-shaped regex.

The abbr extension finds abbreviations with `\\b(?:A|B|C...)\\b`, which tries every abbreviation at
every word boundary: with a glossary of 1,500 terms that was most of a 5,000-item build. The same
words as a trie (`C(?:EOP|&YP)`) are tried one character at a time. Matches are the same: at each
place, the longest abbreviation that ends on a word boundary (tests/test_rendering.py compares them).
Used in mkdocs.yml as `portal.abbreviations`; the portal plugin fills its `glossary` option.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor


class GlossaryAbbrTreeprocessor(AbbrTreeprocessor):
    """Wraps known abbreviations in <abbr title="..."> like the standard one, with a faster pattern."""

    def run(self, root: Element) -> Element | None:
        if not self.abbrs:
            return None
        self.RE = abbreviation_pattern(tuple(sorted(self.abbrs)))
        self.iter_element(root)
        return None


class GlossaryAbbrExtension(AbbrExtension):
    """The abbr extension (definitions in pages and the `glossary` option) with the trie matcher."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's method name
        super().extendMarkdown(md)
        md.treeprocessors.register(GlossaryAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> GlossaryAbbrExtension:  # noqa: N802 - the name Python-Markdown looks for
    """Entry point for `markdown_extensions: - portal.abbreviations`."""
    return GlossaryAbbrExtension(**kwargs)


@lru_cache(maxsize=8)
def abbreviation_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word matches of any of `abbreviations`, longest first where several fit."""
    tree: dict[str, Any] = {}
    for word in abbreviations:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here
    return re.compile(rf"\b(?:{_alternatives(tree)})\b")


def _alternatives(node: dict[str, Any]) -> str:
    """The regex for the words below `node`: branches by next character; optional where a word ends."""
    branches = [re.escape(character) + _alternatives(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    # Greedy: a longer word is tried before the shorter one ending here, as the standard order does.
    if "" in node:
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
