"""One real strict `mkdocs build` of the project, inspected with an HTML parser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, mkdocs_build
from portal.model import Guidance
from portal.model.loader import load_guidance
from portal.publish.search_index import whole_index
from portal.site.rendering import long_date


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT / "data")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def squash(text: str) -> str:
    """Text with runs of whitespace collapsed and none before punctuation (inline tags add spaces)."""
    return re.sub(r"\s+([,.;:?!)'’])", r"\1", " ".join(text.split()))


def text_of(soup: BeautifulSoup) -> str:
    article = soup.find("article")
    assert article is not None, "page has no <article>"
    return squash(article.get_text(" "))


def test_every_objective_and_area_has_its_page_and_anchor(page, guidance: Guidance) -> None:
    for objective in guidance.objectives:
        soup = page(f"objectives/{objective.id}/")
        assert soup.find("h1").get_text(strip=True).startswith(objective.title)
        for area in objective.areas:
            heading = soup.find(id=area.id)
            assert heading is not None and heading.name == "h2", f"{objective.id}#{area.id} missing"
            assert area.title in heading.get_text()
            questions = squash(soup.find(id=f"{area.id}-questions").find_next("ul").get_text(" "))
            for question in area.questions:
                assert squash(question) in questions


def test_every_risk_has_a_page_with_its_other_names_and_steps(page, guidance: Guidance) -> None:
    for risk in guidance.risks:
        soup = page(f"risks/{risk.id}/")
        text = text_of(soup)
        assert soup.find("h1").get_text(strip=True).startswith(risk.title)
        for name in risk.also_known_as:
            assert name in text, f"{risk.id}: also known as '{name}' not shown"
        if risk.actions:
            steps = soup.find(id="what-to-do-now").find_next("ol").find_all("li", recursive=False)
            assert len(steps) == len(risk.actions)


def test_every_resource_is_in_the_directory_with_its_contacts(page, guidance: Guidance) -> None:
    soup = page("resources/")
    for resource in guidance.resources:
        heading = soup.find(id=resource.id)
        assert heading is not None and resource.title in heading.get_text(), resource.id
        entry = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            entry.append(sibling)
        entry_html = "".join(str(part) for part in entry)
        if resource.contact and resource.contact.phone:
            assert f'href="{resource.contact.phone_href}"' in entry_html, resource.id
        if resource.contact and resource.contact.email:
            assert f'href="mailto:{resource.contact.email}"' in entry_html, resource.id
        assert f'href="{resource.url}"' in entry_html
        assert f"Last reviewed {long_date(resource.review.reviewed)}" in " ".join(
            BeautifulSoup(entry_html, "html.parser").get_text(" ").split()
        )
        assert (">Good to know</p>" in entry_html) == bool(resource.caveat), resource.id


def test_statutory_guidance_is_labelled_with_its_nations(page, guidance: Guidance) -> None:
    soup = page("resources/")
    statutory = [r for r in guidance.resources if r.kind == "statutory-guidance"]
    assert statutory
    for resource in statutory:
        meta = soup.find(id=resource.id).find_next("p", class_="portal-meta").get_text(" ")
        assert f"Statutory guidance · {resource.cost_label}" in meta and resource.nations_label in meta, resource.id


def test_every_audience_has_a_start_page_listing_items(page, guidance: Guidance) -> None:
    for audience in guidance.audiences:
        soup = page(f"audiences/{audience.id}/")
        assert soup.find("h1").get_text(strip=True).startswith(f"{audience.title}: start here")
        risks = soup.find(id="risks").find_next("ul").find_all("a")
        assert risks and all("/risks/" in f"/{a['href']}" for a in risks)
        assert soup.find(id="start-with").find_next("div", class_="portal-resource") is not None


def test_every_risk_page_says_what_to_do_now_with_contacts(page, guidance: Guidance) -> None:
    for risk in guidance.risks:
        soup = page(f"risks/{risk.id}/")
        assert soup.find(id="what-to-do-now") is not None, risk.id
        help_section = soup.find(id="get-help").find_next("div", class_="portal-resource")
        assert help_section is not None, risk.id
        assert soup.select(
            '#get-help ~ div.portal-resource-list div.portal-resource a[href^="tel:"], '
            '#get-help ~ div.portal-resource-list div.portal-resource a[href^="mailto:"], '
            '#get-help ~ div.portal-resource-list div.portal-resource a[href^="https:"]'
        ), risk.id


def test_the_sites_helpline_leads_the_helplines(page, guidance: Guidance) -> None:
    soup = page("resources/")
    first = soup.find(id="helpline").find_next("h3")
    assert first["id"] == guidance.site.help_resource
    titles = [h.get_text(" ", strip=True) for h in soup.find(id="helpline").find_all_next("h3")]
    assert len(titles) > 1


def test_every_faq_is_a_heading_and_in_the_faqpage_data(page, guidance: Guidance) -> None:
    soup = page("faqs/")
    for faq in guidance.faqs:
        heading = soup.find(id=faq.id)
        assert heading is not None and heading.name == "h2" and faq.question in heading.get_text()
        section = str(heading.parent)[str(heading.parent).index(str(heading)) :].split("<h2", 2)[1]
        assert (">Good to know</p>" in section) == bool(faq.caveat), faq.id
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert len(blocks) == 1 and blocks[0]["@type"] == "FAQPage"
    assert [q["name"] for q in blocks[0]["mainEntity"]] == [f.question for f in guidance.faqs]


def test_every_glossary_term_is_listed_and_explained_where_it_appears(page, guidance: Guidance) -> None:
    soup = page("glossary/")
    for term in guidance.glossary:
        assert soup.find(id=term.id) is not None, term.term
    risk = page("risks/sharing-nudes/")
    titles = {abbr.get_text(): abbr.get("title") for abbr in risk.find("article").find_all("abbr")}
    assert titles.get("DSL") == "Designated Safeguarding Lead"


def test_home_page_has_objective_cards_and_help_box(page, guidance: Guidance) -> None:
    soup = page("")
    cards = soup.select(".grid.cards a")
    assert [a["href"] for a in cards] == [f"objectives/{o.id}/" for o in guidance.objectives]
    box = soup.select_one(".portal-help")
    assert box is not None and guidance.help_resource.contact.phone in box.get_text()


def test_every_page_has_the_helpline_and_no_leaked_template_syntax(built_site: Path, guidance: Guidance) -> None:
    helpline = guidance.help_resource
    for path in html_pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        bar = soup.select_one(".md-banner .portal-helpbar")
        assert bar is not None, f"{path}: no help bar"
        assert bar.find("a", href=helpline.contact.phone_href), f"{path}: helpline not callable"
        assert guidance.site.emergency in bar.get_text()
        for script in soup.find_all("script", type="application/ld+json"):
            script.decompose()  # structured data is JSON and rightly holds braces
        article = str(soup.find("article") or "")
        for leak in ("{{", "{%", "}}", ">None<", " None ", "Undefined"):
            assert leak not in article, f"{path}: {leak!r} in page"


def test_generated_pages_show_review_dates_sources_and_edit_link_to_their_data(page, guidance: Guidance) -> None:
    for risk in guidance.risks:
        soup = page(f"risks/{risk.id}/")
        review = soup.select_one(".portal-page-review")
        dates = [t["datetime"] for t in review.select(".portal-page-review__dates time")]
        changed = [risk.review.last_changed.isoformat()] if risk.review.last_changed else []
        assert dates == [risk.review.reviewed.isoformat(), risk.review.next_due.isoformat(), *changed]
        assert [a["href"] for a in review.select(".portal-page-review__sources a")] == [
            s.url for s in risk.review.sources
        ]
        edit = guidance.site.edit_url(f"data/risks/{risk.id}.yml")
        assert review.select_one(".portal-page-review__edit a")["href"] == edit
        assert soup.select_one("a.md-content__button")["href"] == edit


def test_prose_pages_edit_their_markdown_and_show_front_matter_review(page, guidance: Guidance) -> None:
    soup = page("approach/")
    review = soup.select_one(".portal-page-review")
    assert review.find("time")["datetime"] == "2026-11-28"
    assert review.select_one(".portal-page-review__edit a")["href"] == guidance.site.edit_url("docs/approach.md")
    listing = page("faqs/").select_one(".portal-page-review")
    assert listing.find("time") is None, "a listing page must not invent a page-level review date"


def test_navigation_lists_generated_pages_in_their_sections_only(page, guidance: Guidance) -> None:
    def nav_links(url: str) -> set[str]:
        nav = page(url).select_one("nav.md-nav--primary")
        return {urlsplit(urljoin(f"http://site/{url}", a["href"])).path for a in nav.find_all("a", href=True)}

    risk_pages = {f"/risks/{r.id}/" for r in guidance.risks}
    objective_pages = {f"/objectives/{o.id}/" for o in guidance.objectives}
    assert risk_pages <= nav_links("risks/grooming/")
    assert objective_pages <= nav_links("objectives/safer-access/")
    # navigation.prune: pages of closed sections are left out of the HTML, so the nav stays small
    assert not (risk_pages | objective_pages) & nav_links("")
    assert not risk_pages & nav_links("objectives/safer-access/")
    assert not objective_pages & nav_links("risks/grooming/")


def test_search_index_holds_the_words_people_search_for(built_site: Path) -> None:
    index = whole_index(built_site)
    sharing = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("risks/sharing-nudes/")).lower()
    assert "sexting" in sharing and "nudes" in sharing
    boosts = {d["location"]: d.get("boost") for d in index["docs"] if d["location"] == "risks/grooming/"}
    assert boosts == {"risks/grooming/": 2}


def test_site_name_and_publisher_come_from_the_profile(page, guidance: Guidance) -> None:
    soup = page("")
    assert soup.find("title").get_text().endswith(guidance.site.name)
    publisher = soup.select_one(".md-copyright__highlight a")
    assert publisher.get_text(strip=True) == guidance.site.organisation.title
    assert publisher["href"] == guidance.site.organisation.url


def test_no_third_party_requests_in_the_html(built_site: Path) -> None:
    for path in html_pages(built_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
        ):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if value and not (tag == "link" and element.get("rel") in (["canonical"], ["alternate"])):
                    assert not urlsplit(value).netloc, f"{path}: loads {value} from another host"
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8")


def test_failed_data_check_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    grooming = project / "data" / "risks" / "grooming.yml"
    text = grooming.read_text(encoding="utf-8")
    grooming.write_text(text.replace("\nsummary:", "\nsumary:", 1), encoding="utf-8")
    line = text.split("\nsummary:", 1)[0].count("\n") + 2
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"data/risks/grooming.yml:{line}: sumary: unknown field 'sumary' (did you mean 'summary'?)" in output
    assert "Traceback" not in output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"


def test_unknown_macro_in_a_page_fails_the_build_with_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    lines = about.read_text(encoding="utf-8").splitlines()
    about.write_text("\n".join(lines + ["{{ help_bx() }}"]) + "\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"docs/about.md:{len(lines) + 1}: help_bx: unknown macro or variable (did you mean help_box?)" in output
    assert "Traceback" not in output


def test_broken_link_in_a_page_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[Missing](no-such-page.md) and [bad anchor](faqs.md#nope)\n"
    )
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "no-such-page.md" in output and "#nope" in output


def test_reviewed_front_matter_is_validated(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    approach = project / "docs" / "approach.md"
    approach.write_text(approach.read_text(encoding="utf-8").replace("reviewed: 2026-11-28", "reviewed: 2026-11-31"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/approach.md:4: reviewed: '2026-11-31' is not a real calendar date" in result.stdout + result.stderr
