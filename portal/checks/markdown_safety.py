"""What Markdown from strangers may say: the text rules shared by data fields and hand-written pages.

Markdown is a way into HTML: raw tags, attribute lists (`{ onclick=... }`), character references
that spell a script address (`javascript&colon;`), images from other sites. Each rule below names
what text may hold; anything else is refused with the offset where it starts. The built pages are
checked again as HTML (portal/html_gate.py): these rules give the editor a line number, the gate
makes sure nothing was missed.

Every pattern is written so that no two parts can match the same characters: text from strangers
must not make matching slow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from portal.source.errors import clip

# A real HTML tag or comment; Markdown autolinks such as <https://…> are not tags.
_HTML = re.compile(r"<!--|<\s*(?:/\s*)?([A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>]*)?>")
_SCRIPT_SCHEME = re.compile(r"(?<![A-Za-z])(java|vb)\s*script\s*:|(?<![A-Za-z])data\s*:\s*text/html", re.IGNORECASE)
_HTTP = re.compile(r"(?<![A-Za-z])http://", re.IGNORECASE)
# Python-Markdown keeps these as character references (with the ';'); a bare '&' is only an ampersand.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# An attribute list ({: #id .class key=value }) on one line, as the attr_list extension reads it.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
_HEADING_ID = re.compile(r"#[a-z0-9]+(?:-[a-z0-9]+)*")
# Targets of Markdown links: inline [text](target) and reference definitions [label]: target, which
# may sit in a quote or a list item (> [a]: ..., - [a]: ...). A label holds no brackets (as in
# Python-Markdown), so each attempt stops at the next '['.
LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^[ \t>*+\-]{0,12}(?:[0-9]{1,9}[.)][ \t]*)?\[[^\[\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE
)
_IMAGE = re.compile(r"!\[")
_SAFE_TARGET = re.compile(r"^(https://|mailto:|tel:)", re.IGNORECASE)
# A page may also link to a page or a file of the site: letters, digits and - . _ ~ / % and an anchor.
_RELATIVE_TARGET = re.compile(r"^(?!//)[A-Za-z0-9._~/%-]*(?:#[A-Za-z0-9._~-]*)?$")
# Admonitions (!!! note) and collapsible notes (??? note) put their type in the class attribute.
_NOTE = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+([^\"\n]*)", re.MULTILINE)
NOTE_TYPES = frozenset(
    "note abstract info tip success question warning failure danger bug example quote inline end".split()
)
# Jinja in a page is checked on its own (portal/page_templates.py); its braces are not attribute lists.
_JINJA_OPENING = re.compile(r"\{[{%#]")
_JINJA_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass(frozen=True)
class Finding:
    """Something a text may not hold, at an offset in the text."""

    start: int
    problem: str
    hint: str


def data_text_findings(text: str) -> Iterator[Finding]:
    """Raw HTML, attribute lists, character references, images and non-https links in a data field's text."""
    yield from _common(text)
    if "{" in text:
        for match in _ATTRIBUTE_LIST.finditer(text):
            yield Finding(
                match.start(),
                f"curly brackets {clip(match.group(0), 30)} set HTML attributes in Markdown",
                "rephrase without { } (round brackets are fine)",
            )
    if "!" in text:
        image = _IMAGE.search(text)
        if image:
            yield Finding(image.start(), "images are not allowed in data text", "describe it in words or link to it")
    if "]" in text:
        for match in LINK_TARGET.finditer(text):
            target = match.group(1) or match.group(2)
            if not _SAFE_TARGET.match(target) and not _SCRIPT_SCHEME.match(target) and not _HTTP.match(target):
                yield Finding(
                    match.start(),
                    f"link target '{clip(target)}' is not a full https:// address",
                    "link to other items with the risks/resources/objectives fields instead",
                )


def page_findings(markdown: str) -> Iterator[Finding]:
    """The same for the Markdown of a hand-written page, which may also link within the site and set heading ids."""
    # Jinja is blanked out (offsets kept) so that {{ macro() }} is not read as an attribute list.
    text = _blank_jinja(markdown) if "{" in markdown else markdown
    yield from _common(text)
    for match in _ATTRIBUTE_LIST.finditer(text) if "{" in text else ():
        tokens = match.group(1).split()
        if len(tokens) != 1 or not _HEADING_ID.fullmatch(tokens[0]):
            yield Finding(
                match.start(),
                f"the attribute list {clip(match.group(0), 30)} is not allowed",
                "a page may give a heading its own id, e.g. ## Step by step { #step-by-step }; nothing else",
            )
    for match in LINK_TARGET.finditer(text) if "]" in text else ():
        target = match.group(1) or match.group(2)
        image = match.group(1) is not None and _is_image(text, match.start())
        if image and not _RELATIVE_TARGET.match(target):
            yield Finding(
                match.start(),
                f"image '{clip(target)}' is not a file of this site",
                "put the image beside the page and give its file name: the site makes no requests to other sites",
            )
        elif not image and not _SAFE_TARGET.match(target) and not _RELATIVE_TARGET.match(target):
            if _SCRIPT_SCHEME.match(target) or _HTTP.match(target):
                continue  # reported as such by _common
            yield Finding(
                match.start(),
                f"link target '{clip(target)}' is not allowed",
                "link to a page of this site (e.g. escalation.md) or a full https:// address",
            )


def _common(text: str) -> Iterator[Finding]:
    """The rules data and pages share: no HTML, script addresses, http:// or character references."""
    tag = _HTML.search(text) if "<" in text else None
    if tag:
        shown = tag.group(0) if len(tag.group(0)) <= 40 else tag.group(0)[:37] + "..."
        yield Finding(
            tag.start(),
            f"raw HTML is not allowed (found {shown})",
            "write Markdown instead: **bold**, - lists, [text](https://...)",
        )
    if "&" in text:
        reference = _CHARACTER_REFERENCE.search(text)
        if reference:
            yield Finding(
                reference.start(),
                f"the character reference {clip(reference.group(0), 20)} is not allowed",
                "write the character itself (e.g. é, —, ©); a plain & is fine",
            )
    if "!!!" in text or "???" in text:
        for note in _NOTE.finditer(text):
            kinds = note.group(1).split()
            unknown = [kind for kind in kinds if kind not in NOTE_TYPES]
            if unknown:
                yield Finding(
                    note.start(),
                    f"'{clip(unknown[0], 30)}' is not a kind of note",
                    f"use one of: {', '.join(sorted(NOTE_TYPES - {'inline', 'end'}))}",
                )
    # Every pattern below needs a ':' (schemes, link definitions); most text has none.
    if ":" not in text:
        return
    script = _SCRIPT_SCHEME.search(text)
    if script:
        yield Finding(
            script.start(),
            "script addresses (javascript:, vbscript:, data:text/html) are not allowed",
            "link only to https:// addresses",
        )
        return
    http = _HTTP.search(text)
    if http:
        yield Finding(http.start(), "non-https address (http://)", "use the https:// address of the page")


def _is_image(text: str, bracket: int) -> bool:
    """Whether the link whose ']' is at `bracket` is an image: its '[' is preceded by '!'."""
    opening = text.rfind("[", 0, bracket)
    return opening > 0 and text[opening - 1] == "!"


def _blank_jinja(text: str) -> str:
    """`text` with each {{ ... }}, {% ... %} and {# ... #} replaced by spaces (offsets and lines kept).

    One pass forward: a pattern such as '{{.*?}}' would scan to the end from every unclosed '{{'.
    """
    parts: list[str] = []
    position = 0
    while (opening := _JINJA_OPENING.search(text, position)) is not None:
        end = text.find(_JINJA_CLOSING[opening.group(0)], opening.end())
        if end < 0:
            break  # an unclosed tag is a syntax error, reported by the page's Jinja check
        end += 2
        parts += [text[position : opening.start()], re.sub(r"[^\n]", " ", text[opening.start() : end])]
        position = end
    parts.append(text[position:])
    return "".join(parts)
