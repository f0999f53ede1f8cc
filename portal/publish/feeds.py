"""Atom and JSON feeds of the change notes: one for every change, one per kind of item."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from portal.model import Guidance
from portal.model.addresses import page_address
from portal.model.change_notes import ChangeEntry, change_entries
from portal.model.reviewed_items import ReviewedItem

FEED_FOLDER = "feeds"
ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
# Every character XML 1.0 allows (https://www.w3.org/TR/xml/#charsets). Any other, such as U+FFFE,
# makes the whole feed malformed, and a feed reader then shows none of it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


@dataclass(frozen=True)
class FeedSpec:
    """One feed: its file name (without extension), its title and which changes it carries."""

    slug: str
    title: str
    about: str
    takes: Callable[[ChangeEntry], bool]

    @property
    def atom_path(self) -> str:
        """Where the Atom feed is published, relative to the site root."""
        return f"{FEED_FOLDER}/{self.slug}.xml"

    @property
    def json_path(self) -> str:
        """Where the JSON Feed is published, relative to the site root."""
        return f"{FEED_FOLDER}/{self.slug}.json"


FEEDS: tuple[FeedSpec, ...] = (
    FeedSpec("all", "Every change", "the guidance", lambda e: True),
    FeedSpec("statutory-guidance", "Statutory guidance and law", "statutory guidance and legislation",
             lambda e: e.topic in ("statutory-guidance", "legislation")),
    FeedSpec("risks", "Risk areas", "the risk areas", lambda e: e.kind == "risk area"),
    FeedSpec("guides", "Step-by-step guides", "the step-by-step guides", lambda e: e.kind == "step-by-step guide"),
    FeedSpec("resources", "Resources and contacts", "resources, helplines and reporting routes",
             lambda e: e.kind == "resource"),
    FeedSpec("objectives", "Objectives", "the four objectives and their areas",
             lambda e: e.kind in ("objective", "objective area")),
    FeedSpec("faqs", "Questions people ask", "the answers to frequently asked questions", lambda e: e.kind == "FAQ"),
    FeedSpec("audiences", "Who it's for", "the start pages for each audience", lambda e: e.kind == "audience"),
    FeedSpec("glossary", "Glossary", "the glossary", lambda e: e.kind == "glossary"),
)  # fmt: skip


@dataclass(frozen=True)
class FeedSite:
    """What a feed needs to know about the site it belongs to."""

    name: str
    author: str
    site_url: str | None  # absolute links when set; links relative to the feed file otherwise
    directory_urls: bool
    today: date


def feed_files(guidance: Guidance, site: FeedSite, pages: Iterable[ReviewedItem] = ()) -> dict[str, str]:
    """Every feed file's path (relative to the site root) and its text, in both formats (with `pages`' notes)."""
    entries = change_entries(guidance, pages)
    # Material for MkDocs fetches sitemap.xml beside every <link rel="alternate"> (for its language
    # selector): an empty one answers that fetch, where a missing one is a 404 on every page view.
    files: dict[str, str] = {f"{FEED_FOLDER}/sitemap.xml": EMPTY_SITEMAP}
    for spec in FEEDS:
        chosen = [entry for entry in entries if spec.takes(entry)]
        files[spec.atom_path] = atom_feed(spec, chosen, site)
        files[spec.json_path] = json_feed(spec, chosen, site)
    return files


def atom_feed(spec: FeedSpec, entries: list[ChangeEntry], site: FeedSite) -> str:
    """An Atom 1.0 document (RFC 4287): stable ids, dates from the notes, so rebuilds are identical."""
    spec, site, entries = _xml_safe(spec), _xml_safe(site), [_xml_safe(entry) for entry in entries]
    ET.register_namespace("", ATOM_NS)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "en-GB"})
    add(feed, "id", _urn(site, spec.slug))
    add(feed, "title", f"{site.name}: {spec.title}")
    add(feed, "subtitle", f"Dated notes of what changed in {spec.about}.")
    add(feed, "updated", _stamp(entries[0].date if entries else site.today))
    author = add(feed, "author")
    add(author, "name", site.author)
    add(feed, "link", rel="self", type=ATOM_TYPE, href=_link(site, spec.atom_path, spec.atom_path))
    add(feed, "link", rel="alternate", type="text/html", href=_link(site, spec.atom_path, "whats-new.md"))
    for entry in entries:
        item = add(feed, "entry")
        add(item, "id", _entry_urn(site, entry))
        add(item, "title", f"{entry.title}: {entry.note}")
        add(item, "link", rel="alternate", type="text/html", href=_link(site, spec.atom_path, entry.page))
        add(item, "updated", _stamp(entry.date))
        add(item, "published", _stamp(entry.date))
        add(item, "summary", entry.note)
        add(item, "category", term=entry.kind)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(spec: FeedSpec, entries: list[ChangeEntry], site: FeedSite) -> str:
    """A JSON Feed 1.1 document with the same entries and ids as the Atom feed."""
    spec, site, entries = _xml_safe(spec), _xml_safe(site), [_xml_safe(entry) for entry in entries]
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site.name}: {spec.title}",
        "description": f"Dated notes of what changed in {spec.about}.",
        "home_page_url": _link(site, spec.json_path, "whats-new.md"),
        "feed_url": _link(site, spec.json_path, spec.json_path),
        "language": "en-GB",
        "authors": [{"name": site.author}],
        "items": [
            {
                "id": _entry_urn(site, entry),
                "url": _link(site, spec.json_path, entry.page),
                "title": f"{entry.title}: {entry.note}",
                "content_text": entry.note,
                "date_published": _stamp(entry.date),
                "tags": [entry.kind],
            }
            for entry in entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 cannot hold (NUL, U+FFFE, half a surrogate pair) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


_Fields = TypeVar("_Fields", FeedSpec, FeedSite, ChangeEntry)


def _xml_safe(value: _Fields) -> _Fields:
    # The check refuses these characters in data already; this keeps every feed well-formed (and the
    # JSON Feed writable as UTF-8) whatever text reaches it. Text XML can hold, the usual case, is kept
    # exactly, so ids made from it stay the same.
    changed: dict[str, Any] = {
        field.name: xml_text(text)
        for field in dataclasses.fields(value)
        if isinstance(text := getattr(value, field.name), str) and _NOT_XML.search(text)
    }
    return dataclasses.replace(value, **changed) if changed else value


def _link(site: FeedSite, feed_path: str, target: str) -> str:
    """The address of `target` (a source page with an optional anchor, or a feed file) as the feed gives it."""
    path, _, anchor = target.partition("#")
    address = path if path.startswith(f"{FEED_FOLDER}/") else page_address(path, site.directory_urls)
    if site.site_url:
        link = site.site_url.rstrip("/") + "/" + address
    else:
        link = posixpath.relpath(address or ".", posixpath.dirname(feed_path))
        link = link + "/" if address.endswith("/") or not address else link
    return f"{link}#{anchor}" if anchor else link


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _urn(site: FeedSite, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site.site_url or site.name}/{FEED_FOLDER}/{name}").urn


def _entry_urn(site: FeedSite, entry: ChangeEntry) -> str:
    # The same note on the same item keeps its id across builds, feeds and formats.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site.site_url or site.name}|{entry.data_file}|{entry.page}|"
                      f"{entry.date.isoformat()}|{entry.note}").urn  # fmt: skip
