"""SVG images from a hosted copy or a page's folder: shapes, text and colours only, never script.

An SVG file is a document: opened at its own address it runs any <script> or onload="..." it holds
with the site's own rights. Only the elements and attributes that drawings use are allowed, so a
new way to run script is refused by construction.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from pathlib import Path

from portal.source.errors import DataError, clip

MAX_SVG_BYTES = 1_000_000
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan title desc defs use symbol "
    "linearGradient radialGradient stop clipPath mask pattern".split()
)
ATTRIBUTES = frozenset(
    """
    id class style x y x1 y1 x2 y2 cx cy r rx ry dx dy d points width height viewBox preserveAspectRatio
    transform fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility
    clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits offset stop-color stop-opacity
    gradientUnits gradientTransform spreadMethod fx fy fr patternUnits patternContentUnits patternTransform
    font-family font-size font-style font-weight letter-spacing text-anchor dominant-baseline
    alignment-baseline baseline-shift text-decoration writing-mode vector-effect shape-rendering
    text-rendering paint-order version role aria-label aria-hidden aria-labelledby focusable
    xmlns href
    """.split()
)
# In a style attribute: no url() but to a part of the same drawing, no escapes, no @rules.
_UNSAFE_STYLE = re.compile(r"url\s*\(\s*(?!['\"]?#)|\\|@|expression|javascript", re.IGNORECASE)
_HINT = "save it as a plain SVG drawing (in Inkscape: Save As, Plain SVG), or use a PNG image"


class _Refused(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line, self.problem = line, problem


def check_svg(path: Path, display: str) -> list[DataError]:
    """One error if the SVG file at `path` holds anything but a drawing (script, links, other documents)."""
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        return [DataError(display, 1, "", f"is {len(data):,} bytes; an SVG image may be {MAX_SVG_BYTES:,}", _HINT)]
    try:
        _parse(data)
    except _Refused as refused:
        return [DataError(display, refused.line, "", refused.problem, _HINT)]
    except xml.parsers.expat.ExpatError as error:
        problem = f"is not a well-formed SVG file ({xml.parsers.expat.ErrorString(error.code)})"
        return [DataError(display, error.lineno, "", problem, _HINT)]
    return []


def _parse(data: bytes) -> None:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    seen_root = False

    def refuse(problem: str) -> None:
        raise _Refused(parser.CurrentLineNumber, problem)

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal seen_root
        namespace, _, local = name.rpartition(" ")
        if namespace != _SVG or local not in ELEMENTS:
            refuse(f"the element <{clip(local, 30)}> is not allowed in an SVG image")
        if not seen_root and local != "svg":
            refuse("an SVG image must start with <svg>")
        seen_root = True
        for key, value in attributes.items():
            space, _, attribute = key.rpartition(" ")
            if space not in ("", _XLINK, _XML) or attribute not in ATTRIBUTES | {"space"}:
                refuse(f"the attribute {clip(attribute, 30)} on <{local}> is not allowed in an SVG image")
            if attribute == "href" and not value.strip().startswith("#"):
                refuse(f"<{local}> links to '{clip(value, 40)}': an SVG image may only refer to its own parts (#id)")
            if attribute == "style" and _UNSAFE_STYLE.search(value):
                refuse(f"the style on <{local}> loads or escapes something ({clip(value, 40)})")

    def doctype(*_: object) -> None:
        refuse("a <!DOCTYPE> is not allowed in an SVG image")

    def instruction(target: str, _data: str) -> None:
        refuse(f"the processing instruction <?{clip(target, 30)}?> is not allowed in an SVG image")

    def entity(*_: object) -> int:
        refuse("entities are not allowed in an SVG image")
        return 0

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity
    parser.Parse(data, True)
    if not seen_root:
        raise _Refused(1, "holds no <svg> drawing")
