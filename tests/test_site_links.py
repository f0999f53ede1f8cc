"""The offline link checker: every internal link and anchor in the built site resolves."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, mkdocs_build
from portal.publish.site_links import BrokenLink, check_site, format_report, srcset_urls

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="{up}assets/main.css?v=3">
<link rel="canonical" href="https://example.org/x/">
</head><body>
<h1 id="top">Title</h1><a name="legacy"></a>
{body}
</body></html>"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    """A small built site: each page path → its body HTML."""
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "main.css").write_text("body{}")
    (root / "assets" / "logo 1.png").write_bytes(b"png")
    for path, body in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (len(Path(path).parts) - 1)
        target.write_text(PAGE.format(up=up, body=body), encoding="utf-8")
    return root


def test_good_links_of_every_kind_pass(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": """
                <a href="risks/">dir</a> <a href="risks/index.html#signs">file and anchor</a>
                <a href="#top">own anchor</a> <a href="#legacy">a name</a> <a href="./">self</a>
                <a href="https://www.gov.uk/x">external</a> <a href="mailto:a@b.org">mail</a>
                <a href="tel:+443443814772">phone</a> <a href="/risks/#signs">root-relative</a>
                <img src="assets/logo%201.png" srcset="assets/logo%201.png 1x, assets/main.css 2x">
                <a href="#">top of page</a>""",
            "risks/index.html": '<h2 id="signs">Signs</h2><a href="../">home</a><a href="../index.html#top">top</a>',
        },
    )
    assert check_site(site) == []


def test_each_kind_of_broken_link_is_reported_with_page_link_and_reason(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": """
                <a href="missing/">missing dir</a> <a href="risks/#nope">missing anchor</a>
                <a href="#gone">missing own anchor</a> <a href="../outside.html">outside</a>
                <a href="javascript:alert(1)">script</a> <img src="assets/none.png">
                <img srcset="assets/main.css 1x, assets/none@2x.png 2x"> <a href="">empty</a>""",
            "risks/index.html": '<a href="../risks/other.html">no page</a>',
        },
    )
    assert check_site(site) == [
        BrokenLink("index.html", "", "empty link"),
        BrokenLink("index.html", "#gone", "no element with id 'gone' in index.html"),
        BrokenLink("index.html", "../outside.html", "target outside the site"),
        BrokenLink("index.html", "assets/none.png", "no such file: assets/none.png"),
        BrokenLink("index.html", "assets/none@2x.png", "no such file: assets/none@2x.png"),
        BrokenLink("index.html", "javascript:alert(1)", "script link"),
        BrokenLink("index.html", "missing/", "no such file: missing/index.html"),
        BrokenLink("index.html", "risks/#nope", "no element with id 'nope' in risks/index.html"),
        BrokenLink("risks/index.html", "../risks/other.html", "no such file: risks/other.html"),
    ]


def test_report_names_page_link_and_reason() -> None:
    report = format_report([BrokenLink("faqs/index.html", "../nowhere/", "no such file: nowhere/index.html")])
    assert report.splitlines() == [
        "faqs/index.html: ../nowhere/: no such file: nowhere/index.html",
        "1 broken link in the built site.",
    ]


def test_srcset_parsing() -> None:
    assert srcset_urls("a.png 1x, b.png 2x,c.png") == ["a.png", "b.png", "c.png"]


def test_parallel_and_serial_checks_agree(tmp_path: Path) -> None:
    pages = {
        f"p{i}/index.html": f'<a href="../p{(i + 1) % 300}/#top">next</a><a href="#x{i}">bad</a>' for i in range(300)
    }
    site = write_site(tmp_path, pages)
    serial, parallel = check_site(site, workers=1), check_site(site, workers=2)
    assert serial == parallel and len(serial) == 300


def test_the_real_site_has_no_broken_internal_links(built_site: Path) -> None:
    broken = check_site(built_site)
    assert broken == [], format_report(broken)


def test_broken_links_from_raw_html_and_templates_are_caught(tmp_path: Path) -> None:
    # MkDocs validates Markdown links only; links that templates write as HTML pass its strict build. (Pages
    # cannot hold raw HTML: the check refuses it.) Here a partial adds two to the about page only.
    project = copy_project(tmp_path / "project")
    review = project / "overrides" / "partials" / "portal-review.html"
    review.write_text(
        review.read_text(encoding="utf-8")
        + "{% if page.file.src_uri == 'about.md' %}"
        + '<p><a href="../no-such-page/">raw link</a> <a href="../faqs/#no-such-question">raw anchor</a></p>'
        + "{% endif %}\n",
        encoding="utf-8",
    )
    footer = project / "overrides" / "partials" / "copyright.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace("{{ portal_page('about.md') | url }}", "{{ 'about-us/' | url }}"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = check_site(site)
    about_page = [b for b in broken if b.page == "about/index.html"]
    assert BrokenLink("about/index.html", "../no-such-page/", "no such file: no-such-page/index.html") in about_page
    assert (
        BrokenLink(
            "about/index.html", "../faqs/#no-such-question", "no element with id 'no-such-question' in faqs/index.html"
        )
        in about_page
    )
    footer_links = {b.page for b in broken if b.link.endswith("about-us/")}
    assert len(footer_links) == len(list(site.rglob("*.html"))), "the footer link is broken on every page"
