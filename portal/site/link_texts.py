"""A page's Markdown with its links' texts set apart, so that the preview converts it again only when the rest changed.

A risk's title is the text of links on some 26 other pages ("See also", each audience's risks, What's new).
Under `mkdocs serve` a page is converted with the text of each inline link replaced by a token, and its HTML
kept with the tokens in it; each text's HTML (converted alone, as the text of a link, with the same settings)
is then put in place of its token. A save that changes a title converts no other page: their Markdown with
the tokens is as it was. The HTML is what converting the whole page makes: each token must come out as the
whole text of one link and nowhere else, or the page is converted whole; lines that are headings (whose text
makes the section's id) and pages that define abbreviations of their own (which reach into link texts) keep
their texts in place. The preview's verify mode compares the result with a whole conversion.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no Markdown syntax, no word characters
_DIGITS = "".join(chr(0xE100 + d) for d in range(10))
_TOKEN = re.compile(f"{_OPEN}[{_DIGITS}]+{_CLOSE}")
# An inline link's text: not an image's, not after a backslash; no brackets, raw HTML or attribute lists
# (which may give an id), not ending in a backslash (which would escape the bracket).
_LINK_TEXT = re.compile(r"(?<![!\\])\[([^\[\]\n<{]*[^\[\]\n<{\\])\]\(")
_HEADING = re.compile(r"^ {0,3}#")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+) *$")  # makes the line above a heading (or is a rule)
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_OWN_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:", re.MULTILINE)
_ALONE = "#portal-link-text"


@dataclass(frozen=True)
class SplitPage:
    """A page's Markdown with tokens for its links' texts, and the texts in token order."""

    markdown: str
    texts: tuple[str, ...]


@lru_cache(maxsize=1024)  # the preview asks again for every page on every save
def split(page_markdown: str) -> SplitPage | None:
    """The page's Markdown with each link's text set apart, or None if it has none that can be."""
    if _OWN_ABBREVIATION.search(page_markdown) or _OPEN in page_markdown:
        return None
    texts: list[str] = []

    def token(found: re.Match[str]) -> str:
        texts.append(found[1])
        return f"[{_token(len(texts) - 1)}]("

    lines = page_markdown.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if fenced or "](" not in line or _HEADING.match(line) or _UNDERLINE.match(following):
            continue
        lines[number] = _LINK_TEXT.sub(token, line)
    return SplitPage("\n".join(lines), tuple(texts)) if texts else None


def _token(number: int) -> str:
    return _OPEN + "".join(_DIGITS[int(d)] for d in str(number)) + _CLOSE


def joined(html: str, texts: Sequence[str], text_html: Mapping[str, str | None], toc_titles: str) -> str | None:
    """The page's HTML with each token replaced by its text's HTML, or None if a token is not a link's whole text."""
    if html.count(_OPEN) != len(texts) or _OPEN in toc_titles:
        return None
    parts: list[str] = []
    position = 0
    for number, text in enumerate(texts):
        made = text_html.get(text)
        found = html.find(_token(number), position)
        if made is None or found < 0 or not html.startswith("</a>", found + len(_token(number))):
            return None
        opening = html.rfind("<", position, found)  # the token must be all that is inside the <a> element
        if opening < 0 or not html.startswith("<a ", opening) or html.find(">", opening) != found - 1:
            return None
        parts += [html[position:found], made]
        position = found + len(_token(number))
    parts.append(html[position:])
    return "".join(parts)


class TextHtml(dict[str, "str | None"]):
    """Each link text's HTML, converted alone with one set of Markdown settings (None if it is not a plain link)."""

    def __init__(self, extensions: Sequence[Any], configs: Mapping[str, Any]) -> None:
        super().__init__()
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))

    def add(self, texts: Sequence[str]) -> TextHtml:
        """Convert the texts not seen before; returns itself."""
        for text in texts:
            if text not in self:
                made = self._md.reset().convert(f"[{text}]({_ALONE})")
                start, end = f'<p><a href="{_ALONE}">', "</a></p>"
                inner = made[len(start) : -len(end)] if made.startswith(start) and made.endswith(end) else None
                self[text] = inner if inner is not None and "<a " not in inner else None
        return self


def toc_titles(toc: Any) -> str:
    """Every title in a page's table of contents, joined (to look for tokens in)."""
    return " ".join(f"{item.title} {toc_titles(item.children)}" for item in toc)
