"""The last check before a page is written: built HTML holds no script that the theme did not put there.

Data and pages are checked as text first (portal/markdown_safety.py), with file and line. This is
the second line, run by the build itself on the HTML that would be published, so that a way past
the text rules (a Markdown extension, a template, a theme setting) still cannot publish script.

Two checks, both by allowing rather than refusing:
- the body of a page, made from Markdown, may hold only the elements and attributes that Markdown
  and our templates produce, links only to this site, https, mailto and tel, and scripts only of
  the JSON data types;
- the whole page (head, menu, footer) may hold no event-handler attribute, no script address and
  no script but the site's own files and JSON data.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# What Markdown (with the extensions in mkdocs.yml) and portal/site/templates/ produce in a page's body.
_GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "hidden", "role", "lang", "dir"})
CONTENT_ELEMENTS: dict[str, frozenset[str]] = {
    name: frozenset(attributes.split()) | _GLOBAL_ATTRIBUTES
    for name, attributes in {
        "a": "href rel",
        "abbr": "",
        "article": "",
        "blockquote": "",
        "br": "",
        "button": "type",
        "caption": "",
        "code": "",
        "dd": "",
        "del": "",
        "details": "open",
        "div": "",
        "dl": "",
        "dt": "",
        "em": "",
        "fieldset": "",
        "figcaption": "",
        "figure": "",
        "footer": "",
        "h1": "",
        "h2": "",
        "h3": "",
        "h4": "",
        "h5": "",
        "h6": "",
        "hr": "",
        "img": "src alt width height loading",
        "input": "type name value accept autocomplete maxlength checked",
        "ins": "",
        "kbd": "",
        "label": "for",
        "legend": "",
        "li": "",
        "mark": "",
        "nav": "",
        "noscript": "",
        "ol": "start",
        "option": "value selected",
        "p": "",
        "pre": "",
        "s": "",
        "script": "type",
        "section": "",
        "select": "name",
        "small": "",
        "span": "",
        "strong": "",
        "sub": "",
        "summary": "",
        "sup": "",
        "table": "",
        "tbody": "",
        "td": "colspan rowspan align",
        "template": "",
        "textarea": "rows cols maxlength name",
        "tfoot": "",
        "th": "colspan rowspan align scope",
        "thead": "",
        "time": "datetime",
        "tr": "",
        "u": "",
        "ul": "",
    }.items()
}
# Data attributes and ARIA on any element: no browser runs them; our scripts read ours.
_FREE_PREFIXES = ("data-", "aria-")
# Scripts that hold data, not code: the self-review's settings, schema.org structured data.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
# Attributes whose value the browser treats as an address.
_URL_ATTRIBUTES = frozenset(
    "href src action formaction poster cite data background srcset xlink:href ping longdesc manifest "
    "icon codebase lowsrc dynsrc usemap archive classid".split()
)
_SAFE_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
_CONTENT_SCHEMES = frozenset({"https", "mailto", "tel"})
_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))  # what the URL parser strips from both ends
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Files a browser shows as a web page, able to run script.
_DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
# Elements that load or run other documents, or change how every address on the page resolves.
_NEVER = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "math"})
_MOST_FOUND = 20  # violations reported per page


@dataclass(frozen=True)
class Violation:
    """Something a built page may not hold, and a piece of text to look for in its source file."""

    what: str
    needle: str


# What a line of HTML was found to hold, by the line (and, for a line naming a script, the page's folder).
Findings = dict[object, tuple[Violation, ...]]
_NAMES_SCRIPT = re.compile("script", re.IGNORECASE)


def content_violations(html: str, memo: Findings | None = None) -> list[Violation]:
    """What the body of a page, as made from Markdown, holds beyond the allowed elements and attributes.

    `memo`, shared by the pages of one build, keeps what each line was found to hold (see _feed).
    """
    return _feed(_ContentChecker(), html, memo, None)


def page_violations(
    html: str, page_url: str, scripts: Collection[str], site_path: str = "/", memo: Findings | None = None
) -> list[Violation]:
    """Event handlers, script addresses and scripts other than `scripts` (site paths) anywhere in a page.

    `site_path` is where the site lives on its host ('/' or '/guidance/'): the 404 page's addresses start with it.
    `memo`, shared by the pages of one build with the same `scripts` and `site_path`, keeps what each line held.
    """
    checker = _PageChecker(page_url, scripts, site_path)
    return _feed(checker, html, memo, checker.base)


def _feed(checker: _Checker, html: str, memo: Findings | None, base: str | None) -> list[Violation]:
    """Parse `html` with `checker`; with a memo, a line parsed before from the same state is not parsed again.

    Most of a page's lines (the menu, header and footer; shared pieces of text) are the same on every page.
    Between lines where the parser has nothing pending (no unfinished tag, comment or script text), what a
    line holds depends only on the line: the parser reads it the same way on every page. A line naming a
    script also depends on the page's folder (`base`), which relative script addresses are resolved against.
    """
    if memo is None:
        checker.feed(html)
        checker.close()
        return checker.found
    found, feed, known = checker.found, checker.feed, memo.get
    for line in html.splitlines(keepends=True):
        if checker.rawdata or checker.cdata_elem is not None:
            feed(line)  # inside something the previous line began: only the parser knows where it ends
            continue
        if "<" not in line and "&" not in line:
            continue  # plain text between tags: the parser passes it on as data, which no check reads
        key = (line, base) if base is not None and _NAMES_SCRIPT.search(line) else line
        kept = known(key)
        if kept is not None:
            found.extend(kept[: _MOST_FOUND - len(found)])
            continue
        before = len(found)
        feed(line)
        if not checker.rawdata and checker.cdata_elem is None and len(found) < _MOST_FOUND:
            memo[key] = tuple(found[before:])
    checker.close()
    return found


def scheme(value: str) -> str | None:
    """The scheme a browser reads in an address (after dropping the spaces and controls it ignores)."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip(_CONTROLS_AND_SPACE))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _Checker(HTMLParser):
    """Shared: collect violations; treat a self-closing tag like an opening one."""

    def __init__(self) -> None:
        # Attribute values are decoded either way; text is never looked at, so it need not be decoded.
        super().__init__(convert_charrefs=False)
        self.found: list[Violation] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    # HTMLParser counts lines and columns as it goes, for getpos(), which nothing here asks for: a sixth of
    # the gate's time on a large site (it still returns where to go on, as HTMLParser needs).
    def updatepos(self, i: int, j: int) -> int:
        return j

    def add(self, what: str, needle: str) -> None:
        if len(self.found) < _MOST_FOUND:  # the first few say enough; a flood would hide them
            self.found.append(Violation(what, needle))


class _ContentChecker(_Checker):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = CONTENT_ELEMENTS.get(tag)
        if allowed is None:
            self.add(f"a <{tag}> element", f"<{tag}")
            return
        for name, value in attrs:
            if name not in allowed and not name.startswith(_FREE_PREFIXES):
                self.add(f"a {name} attribute on <{tag}>", name)
            elif name in _URL_ATTRIBUTES:
                found = scheme(value or "")
                if tag == "img" and (found is not None or (value or "").lstrip().startswith("//")):
                    self.add(f"an image from another site ({value!s:.60})", value or name)
                elif found is not None and found not in _CONTENT_SCHEMES:
                    self.add(f"a {found}: address in <{tag} {name}>", found)
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            if kind.strip().lower() not in DATA_SCRIPT_TYPES:
                self.add("a <script> that is not JSON data", "<script")


class _PageChecker(_Checker):
    def __init__(self, page_url: str, scripts: Collection[str], site_path: str) -> None:
        super().__init__()
        self.base = posixpath.dirname(page_url)
        self.scripts = scripts
        self.site_path = site_path if site_path.endswith("/") else site_path + "/"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NEVER:
            self.add(f"a <{tag}> element", f"<{tag}")
        for name, value in attrs:
            if name.startswith("on"):
                self.add(f"an {name} attribute on <{tag}>", name)
            elif name in _URL_ATTRIBUTES or name == "content":
                found = scheme(value or "") if name != "content" else _refresh_scheme(value or "")
                if found is not None and found not in _SAFE_SCHEMES and not (found == "data" and tag == "img"):
                    self.add(f"a {found}: address in <{tag} {name}>", found)
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.add("a <meta> refresh", "refresh")
        if tag == "script":
            attributes = dict(attrs)
            kind = (attributes.get("type") or "").strip().lower()
            source = attributes.get("src")
            if source is None and kind not in DATA_SCRIPT_TYPES:
                self.add("an inline <script>", "<script")
            elif source is not None and self._site_path(source) not in self.scripts:
                self.add(f"a <script> from '{source:.60}', which is not one of the site's own scripts", source)

    def _site_path(self, source: str) -> str | None:
        """The site path a script address leads to, or None if it leaves the site."""
        path = source.split("#", 1)[0].split("?", 1)[0]
        base = self.base
        if path.startswith(self.site_path) and not path.startswith("//"):
            path, base = path[len(self.site_path) :], ""
        if scheme(path) is not None or path.startswith(("/", "\\")):
            return None
        joined = posixpath.normpath(posixpath.join(base, path))
        return None if joined.startswith("..") else joined


def _refresh_scheme(value: str) -> str | None:
    """The scheme of the address in a meta refresh's content ('0; url=javascript:...'), if any."""
    match = re.search(r"url\s*=\s*['\"]?(.*)", value, re.IGNORECASE)
    return scheme(match.group(1)) if match else None


def site_violations(
    site_dir: Path, checked: Collection[str], scripts: Collection[str], site_path: str = "/"
) -> Iterator[tuple[str, list[Violation]]]:
    """Every HTML file in the built site that was not checked as a page, with what it holds that it may not."""
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix.lower() not in _DOCUMENT_SUFFIXES or relative in checked or not path.is_file():
            continue
        found = page_violations(path.read_text(encoding="utf-8", errors="replace"), relative, scripts, site_path)
        if found:
            yield relative, found


def source_lines(path: Path, found: list[Violation]) -> list[int | None]:
    """The first line of the source file at `path` that holds each violation's needle (ignoring case), if any."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        text = ""
    positions = (text.find(violation.needle.lower()) if violation.needle else -1 for violation in found)
    return [text.count("\n", 0, position) + 1 if position >= 0 else None for position in positions]
