"""Change feeds: valid Atom and JSON Feed, stable ids, links that work with and without site_url."""

from __future__ import annotations

import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from conftest import ROOT, serve
from portal.model.change_notes import ChangeEntry, change_entries
from portal.model.loader import load_guidance
from portal.model.project import load_project
from portal.publish.feeds import ATOM_NS, FEEDS, FeedSite, atom_feed, feed_files, json_feed
from tests.test_validation import TODAY

SITE = FeedSite("Test guidance", "Test contributors", "https://guidance.example.org.uk/", True, TODAY)


STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)


def strict_xml(data: bytes) -> etree._Element:
    """Parse with two strict XML parsers (libxml2 without recovery, and expat): any fault is an error."""
    ET.fromstring(data)
    return etree.fromstring(data, STRICT)


def test_every_feed_is_written_in_both_formats(noted: Path) -> None:
    files = feed_files(load_guidance(noted, today=TODAY), SITE)
    feeds = [f.atom_path for f in FEEDS] + [f.json_path for f in FEEDS]
    assert sorted(files) == sorted([*feeds, "feeds/sitemap.xml"])
    assert {"feeds/all.xml", "feeds/risks.xml", "feeds/statutory-guidance.xml", "feeds/guides.json"} <= set(files)


def test_the_atom_feed_is_valid_with_absolute_links_and_stable_ids(noted: Path) -> None:
    guidance = load_guidance(noted, today=TODAY)
    files = feed_files(guidance, SITE)
    feed = feedparser.parse(files["feeds/risks.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "Test guidance: Risk areas"
    summaries = [e.summary for e in feed.entries]
    assert summaries == ["The helpline's hours changed.", "The first steps now say who to tell."]
    assert "Fixed a spelling" not in files["feeds/risks.xml"], "typo notes stay out of feeds"
    assert [e.link for e in feed.entries] == ["https://guidance.example.org.uk/risks/fixture-risk/"] * 2
    assert feed.entries[0].updated == "2026-07-10T00:00:00Z" and feed.feed.updated == "2026-07-10T00:00:00Z"
    assert feed.feed.links[0].href == "https://guidance.example.org.uk/feeds/risks.xml"
    # The same note keeps its id in a rebuild, in every feed that carries it and in the JSON Feed.
    again = feedparser.parse(feed_files(guidance, SITE)["feeds/all.xml"])
    assert {e.id for e in feed.entries} <= {e.id for e in again.entries}
    json_ids = [item["id"] for item in json.loads(files["feeds/risks.json"])["items"]]
    assert json_ids == [e.id for e in feed.entries] and len(set(json_ids)) == 2
    # A feed of another kind leaves the risk's notes out, and is still a valid, empty feed (control).
    guides = feedparser.parse(files["feeds/guides.xml"])
    assert not guides.bozo and guides.entries == [] and guides.feed.updated == f"{TODAY.isoformat()}T00:00:00Z"


def test_the_json_feed_follows_version_1_1(noted: Path) -> None:
    document = json.loads(feed_files(load_guidance(noted, today=TODAY), SITE)["feeds/all.json"])
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "https://guidance.example.org.uk/feeds/all.json"
    assert document["home_page_url"] == "https://guidance.example.org.uk/whats-new/"
    for item in document["items"]:
        assert set(item) >= {"id", "url", "title", "content_text", "date_published"}
        assert isinstance(item["id"], str) and item["url"].startswith("https://")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", item["date_published"])
    assert [i["content_text"] for i in document["items"]][0] == "The helpline's hours changed."


def test_without_site_url_links_are_relative_and_work_from_the_served_site(built_site: Path) -> None:
    project = load_project(ROOT / "data", ROOT / "docs")
    entries = change_entries(project.guidance, project.reviewed_pages)  # the items' notes and the pages'
    newest = entries[0]
    with serve(built_site) as address:
        feed = feedparser.parse(f"{address}/feeds/all.xml")
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == len(entries)
        first = feed.entries[0]
        assert first.summary == newest.note
        # The reader resolves the relative link against the feed's address; the page is there.
        assert first.link.startswith(f"{address}/") and "/feeds/" not in first.link
        page, _, anchor = first.link.partition("#")
        with urllib.request.urlopen(page) as response:  # noqa: S310 - our own server on 127.0.0.1
            html = response.read().decode("utf-8")
        assert response.status == 200 and (not anchor or f'id="{anchor}"' in html)
        with urllib.request.urlopen(f"{address}/feeds/all.json") as response:  # noqa: S310
            document = json.loads(response.read())
        assert document["items"][0]["url"] == "../" + first.link.removeprefix(f"{address}/")


def test_every_page_points_feed_readers_at_the_feeds(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "risks/grooming/", "whats-new/"):
        soup = page(path)
        atom = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        feed = soup.select_one('head link[rel="alternate"][type="application/feed+json"]')
        depth = path.count("/")
        assert atom["href"] == "../" * depth + "feeds/all.xml" and feed["href"] == "../" * depth + "feeds/all.json"
    # What's new lists every feed, and each link is to a file in the build.
    links = [a["href"] for a in page("whats-new/").select("#follow ~ table a")]
    assert len(links) == 2 * len(FEEDS)
    assert all((built_site / "whats-new" / link).resolve().is_file() for link in links)


def test_a_hosted_copys_feeds_are_absolute_and_carry_its_own_items() -> None:
    from tests.test_fork import SAMPLE_FORK

    guidance = load_guidance(ROOT / "data", local_dir=SAMPLE_FORK)  # today: the data is reviewed up to now
    site = FeedSite(guidance.site.name, guidance.site.organisation.title, guidance.site.url, True, TODAY)
    feed = feedparser.parse(feed_files(guidance, site)["feeds/faqs.xml"])
    assert not feed.bozo
    local = [e for e in feed.entries if "Exampleshire" in e.summary]
    assert len(local) == 1 and local[0].link.startswith(f"{guidance.site.url.rstrip('/')}/faqs/#")
    assert feed.feed.title.startswith(guidance.site.name)


@pytest.mark.browser
def test_the_feed_links_cost_no_failed_request(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    # The theme fetches a sitemap beside every <link rel="alternate">: it must be there, not a 404.
    page = browser.new_page()
    responses: list[tuple[str, int]] = []
    page.on("response", lambda response: responses.append((response.url, response.status)))
    page.goto(f"{site_url}/risks/grooming/", wait_until="networkidle")
    page.close()
    sitemap = [status for url, status in responses if url.endswith("/feeds/sitemap.xml")]
    assert sitemap and set(sitemap) == {200}
    assert [(url, status) for url, status in responses if status >= 400] == []


def test_every_feed_the_site_publishes_is_well_formed(built_site: Path) -> None:
    xml_files = sorted((built_site / "feeds").glob("*.xml"))
    assert len(xml_files) == len(FEEDS) + 1, "each Atom feed, and the empty sitemap beside them"
    for path in xml_files:
        root = strict_xml(path.read_bytes())
        assert root.tag in (f"{{{ATOM_NS}}}feed", "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"), path.name
    for spec in FEEDS:
        json.loads((built_site / spec.json_path).read_bytes().decode("utf-8", errors="strict"))
    # Control: the same parsers refuse a feed holding a character XML forbids.
    text = (built_site / "feeds" / "all.xml").read_text(encoding="utf-8")
    broken = text.replace("</title>", "\ufffe</title>", 1).encode("utf-8")
    with pytest.raises(ET.ParseError):
        ET.fromstring(broken)
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(broken, STRICT)


# What the writer might be given if a check ever let one through: characters XML 1.0 forbids (NUL, an
# escape, a vertical tab, both plane-0 noncharacters, half a surrogate pair) beside ones it allows.
HOSTILE = "a\x00b\x1b[31mc\x0bd\ufffee\uffff f\ud800g"
ALLOWED = " ŵ ŷ ‘curly’ 👍 漢字 \t tab"


def test_the_feed_writer_makes_well_formed_feeds_whatever_text_it_is_given() -> None:
    entry = ChangeEntry(TODAY, HOSTILE + ALLOWED, "risk area", "Risk " + HOSTILE, "risks/x.md", "data/risks/x.yml")
    site = FeedSite("Site " + HOSTILE, "Author " + HOSTILE, SITE.site_url, True, TODAY)
    atom = atom_feed(FEEDS[0], [entry], site).encode("utf-8")
    root = strict_xml(atom)
    shown = "a\ufffdb\ufffd[31mc\ufffdd\ufffde\ufffd f\ufffdg"
    namespace = {"atom": ATOM_NS}
    assert root.findtext("atom:entry/atom:summary", namespaces=namespace) == shown + ALLOWED
    assert root.findtext("atom:entry/atom:title", namespaces=namespace) == f"Risk {shown}: {shown}{ALLOWED}"
    assert root.findtext("atom:title", namespaces=namespace) == f"Site {shown}: {FEEDS[0].title}"
    assert root.findtext("atom:author/atom:name", namespaces=namespace) == f"Author {shown}"
    document = json.loads(json_feed(FEEDS[0], [entry], site).encode("utf-8"))
    assert document["items"][0]["content_text"] == shown + ALLOWED
    assert document["items"][0]["id"] == root.findtext("atom:entry/atom:id", namespaces=namespace)
    assert feedparser.parse(atom).bozo is False
    # Control: text XML can hold, private use and noncharacters such as U+FDD0 included, reaches it exactly.
    plain = ChangeEntry(TODAY, "Hours changed.\ufdd0\ue000" + ALLOWED, "risk area", "Risk", "risks/x.md", "x.yml")
    root = strict_xml(atom_feed(FEEDS[0], [plain], SITE).encode("utf-8"))
    assert root.findtext("atom:entry/atom:summary", namespaces=namespace) == plain.note
