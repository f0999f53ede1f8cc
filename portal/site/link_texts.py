"""A page's Markdown with its links' texts set apart, so that the preview converts it again only when the rest changed.

A risk's title is the text of links on some 26 other pages ("See also", each audience's risks, What's new).
Under `mkdocs serve` a page is converted with the text of each inline link replaced by a token, and its HTML
kept with the tokens in it; each text's HTML (converted alone, as the text of a link, with the same settings)
is then put in place of its token. A save that changes a title converts no other page: their Markdown with
the tokens is as it was. The HTML is what converting the whole page makes: each token must come out as the
whole text of one link and nowhere else, or the page is converted whole; lines that are headings (whose text
makes the section's id) and pages that define abbreviations of their own (which reach into link texts) keep
their texts in place. The page's search entries are kept the same way, each text put into them as Material's
index holds it. The preview's verify mode compares both with the page converted and indexed whole.
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
TOKEN = re.compile(f"{_OPEN}[{_DIGITS}]+{_CLOSE}")
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

    def set_apart(found: re.Match[str]) -> str:
        texts.append(found[1])
        return f"[{token(len(texts) - 1)}]("

    lines = page_markdown.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if fenced or "](" not in line or _HEADING.match(line) or _UNDERLINE.match(following):
            continue
        lines[number] = _LINK_TEXT.sub(set_apart, line)
    return SplitPage("\n".join(lines), tuple(texts)) if texts else None


def token(number: int) -> str:
    """The token that stands for the text of the page's link `number` (from 0)."""
    return _OPEN + "".join(_DIGITS[int(d)] for d in str(number)) + _CLOSE


def joined(html: str, texts: Sequence[str], text_html: Mapping[str, str | None], toc_titles: str) -> str | None:
    """The page's HTML with each token replaced by its text's HTML, or None if a token is not a link's whole text."""
    if html.count(_OPEN) != len(texts) or _OPEN in toc_titles:
        return None
    parts: list[str] = []
    position = 0
    for number, text in enumerate(texts):
        made = text_html.get(text)
        found = html.find(token(number), position)
        if made is None or found < 0 or not html.startswith("</a>", found + len(token(number))):
            return None
        opening = html.rfind("<", position, found)  # the token must be all that is inside the <a> element
        if opening < 0 or not html.startswith("<a ", opening) or html.find(">", opening) != found - 1:
            return None
        parts += [html[position:found], made]
        position = found + len(token(number))
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


# Elements Material's search index keeps as tags, and drops when empty, looking back through the section for them.
_KEPT_BY_SEARCH = re.compile(r"<(?:p|code|pre|li|ol|ul|sub|sup)\b|data-search-")


def search_text(html: str) -> str | None:
    """A link text's HTML as Material's search index holds it inside a paragraph; None if that depends on the rest."""
    from material.plugins.search.plugin import Parser  # the parser the search index itself uses

    if _KEPT_BY_SEARCH.search(html):
        return None
    parser = Parser()
    parser.feed(html)
    parser.close()
    text = "".join(part for section in parser.data for part in section.text)
    # Spaces at either end are merged with those around the link by the rest of the paragraph.
    return text if text and text == text.strip() and len(parser.data) == 1 else None


class TextsPutBack:
    """What the preview keeps to put links' texts back: each text's HTML (for one set of Markdown settings), each
    page's HTML with its texts put back, and each text as Material's search index holds it."""

    def __init__(self) -> None:
        self._html: tuple[str, TextHtml] | None = None
        self._joined: dict[tuple[str, str, tuple[str, ...]], str | None] = {}
        self._searched: dict[str, str | None] = {}

    def joined(self, settings: str, config: Any, key: str, html: str, texts: tuple[str, ...], toc: str) -> str | None:
        """`html` (kept under `key`) with `texts` put back; None if they cannot be (see joined())."""
        if self._html is None or self._html[0] != settings:
            self._html = (settings, TextHtml(config.markdown_extensions, config.mdx_configs))
        if (settings, key, texts) not in self._joined:
            if len(self._joined) > 4096:  # what the earlier saves joined
                self._joined.clear()
            self._joined[(settings, key, texts)] = joined(html, texts, self._html[1].add(texts), toc)
        return self._joined[(settings, key, texts)]

    def for_search(self, texts: tuple[str, ...]) -> dict[str, str] | None:
        """Each token's text as Material's search index holds it, or None if one cannot be put in on its own."""
        found: dict[str, str] = {}
        made: Mapping[str, str | None] = self._html[1] if self._html is not None else {}
        for number, text in enumerate(texts):
            html = made.get(text)
            if html is not None and html not in self._searched:
                self._searched[html] = search_text(html)
            searched = self._searched.get(html) if html is not None else None
            if searched is None:
                return None
            found[token(number)] = searched
        return found


def with_texts(entry: dict[str, Any], texts: Mapping[str, str] | None) -> dict[str, Any]:
    """A search entry made with links' texts apart, with the texts put in (a copy)."""
    put = dict(entry)
    for name in ("title", "text"):
        if texts is not None and isinstance(put.get(name), str):
            put[name] = TOKEN.sub(lambda found: texts[found.group()], put[name])
    return put
