"""Hosting a copy: the sample fork (examples/sample-fork/) laid over today's content, built, served and merged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from nginx_server import CSP_WATCH, nginx_serving

from conftest import ROOT, SAMPLE_FORK, axe_violations, copy_project, mkdocs_build, serve
from portal.checks.colours import DARK_BACKGROUND, WHITE, contrast, nearest_passing
from portal.model import Brand
from portal.model.loader import load_guidance
from portal.publish.search_index import whole_index
from portal.publish.site_links import check_site
from portal.source.errors import DataError, DataErrors

EPOCH = "1795824000"  # 2026-11-28 00:00 UTC
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n'
FORK_ENV = {"PORTAL_LOCAL_DIR": "local", "SOURCE_DATE_EPOCH": EPOCH}
# Every overlay this copy has: the sample always, and in a hosted copy its own local/ folder too.
OVERLAYS = [SAMPLE_FORK] + ([ROOT / "local"] if (ROOT / "local").is_dir() else [])


def with_overlay(target: Path, overlay: Path = SAMPLE_FORK) -> Path:
    """A copy of the project with `overlay` as its local/ folder."""
    project = copy_project(target)
    shutil.copytree(overlay, project / "local")
    return project


_BUILT: dict[Path, Path] = {}


def overlay_site(overlay: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with `overlay` as local/, built once per session with the real MkDocs."""
    if overlay not in _BUILT:
        work = tmp_path_factory.mktemp("fork")
        result = mkdocs_build(with_overlay(work / "project", overlay), work / "site", env=FORK_ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        _BUILT[overlay] = work / "site"
    return _BUILT[overlay]


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample fork built with the real MkDocs."""
    return overlay_site(SAMPLE_FORK, tmp_path_factory)


def parse(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def local_contact_names(soup: BeautifulSoup, within: str | None = None) -> list[str]:
    """Names of the local contacts listed on a page (or in one section of it, by heading id)."""
    scope = soup
    if within is not None:
        heading = soup.find(id=within)
        assert heading is not None, f"no section #{within}"
        nodes = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            nodes.append(sibling)
        scope = BeautifulSoup("".join(str(n) for n in nodes), "html.parser")
    return [
        " ".join(strong.get_text(" ").split())
        for box in scope.select(".portal-local-contacts")
        for strong in box.select("li strong")
    ]


# ---- The branded site ----


def test_the_profile_brands_the_site(fork_site: Path) -> None:
    home = parse(fork_site, "index.html")
    assert home.title is not None and "Exampleshire Online Safeguarding Guidance" in home.title.get_text()
    logo = home.select_one(".md-header .md-logo img")
    assert logo is not None and logo["src"] == "assets/local/logo.svg"
    assert (fork_site / "assets/local/logo.svg").read_bytes() == (SAMPLE_FORK / "logo.svg").read_bytes()
    icon = home.find("link", rel="icon")
    assert icon is not None and icon["href"] == "assets/local/favicon.svg"
    assert home.find("link", rel="canonical")["href"] == "https://guidance.example.org/"  # type: ignore[index]
    assert home.find("meta", attrs={"name": "apple-mobile-web-app-title"})["content"] == "ESCP guidance"  # type: ignore[index]
    brand = (fork_site / "assets/brand.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #5b2a86;" in brand and "--md-accent-fg-color: #3e1c5c;" in brand
    footer = home.select_one(".md-copyright").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "Published by Exampleshire Safeguarding Children Partnership" in footer
    # Negative controls: nothing of the upstream identity is left where the profile replaced it.
    assert "Online Safeguarding Guidance contributors" not in footer
    assert "#1d4f91" not in brand
    assert not home.select('.md-header img[src="assets/logo.svg"]')


def test_local_contacts_appear_where_a_professional_needs_them(fork_site: Path) -> None:
    front_door, lado, police = (
        "Exampleshire children's services front door",
        "Exampleshire LADO",
        "Exampleshire Police online safety team",
    )
    help_box = local_contact_names(parse(fork_site, "get-help/index.html"))
    assert help_box == [front_door, lado], "the help box lists contacts with help_box true, in order"
    assert local_contact_names(parse(fork_site, "risks/grooming/index.html"), "get-help") == [front_door]
    assert local_contact_names(parse(fork_site, "risks/staff-online-harassment/index.html"), "get-help") == [lado]
    assert local_contact_names(parse(fork_site, "faqs/index.html"), "lado-and-when-to-contact") == [lado]
    assert local_contact_names(parse(fork_site, "audiences/police/index.html")) == [police]
    assert front_door in local_contact_names(parse(fork_site, "audiences/schools/index.html"))
    # Negative controls: a contact is not shown where it was not asked for.
    assert local_contact_names(parse(fork_site, "risks/online-gaming/index.html")) == []
    assert local_contact_names(parse(fork_site, "faqs/index.html"), "the-4-cs") == []
    assert local_contact_names(parse(fork_site, "audiences/health/index.html")) == []


def test_local_items_are_added_extended_and_hidden(fork_site: Path, built_site: Path) -> None:
    faqs = parse(fork_site, "faqs/index.html")
    assert faqs.find("h2", id="exampleshire-making-a-referral") is not None
    resources = parse(fork_site, "resources/index.html")
    assert resources.find(id="exampleshire-allegations-procedure") is not None
    # The extended FAQ takes its resources from the fork and everything else from upstream.
    lado = faqs.find("h2", id="lado-and-when-to-contact")
    assert lado is not None
    section = "".join(str(s) for s in lado.find_next_siblings(limit=12))
    assert "#exampleshire-allegations-procedure" in section
    assert "has its own route, on top of your usual" in " ".join(
        BeautifulSoup(section, "html.parser").get_text().split()
    )
    # The hidden resource has no entry and no link anywhere, and search does not offer it. (Prose may
    # still name the scheme: hiding drops the item, not words in other items.)
    assert resources.find(id="friendly-wifi") is None
    for html in fork_site.rglob("*.html"):
        assert "#friendly-wifi" not in html.read_text(encoding="utf-8"), html
    locations = [doc["location"] for doc in whole_index(fork_site)["docs"]]
    assert "resources/#friendly-wifi" not in locations
    assert "resources/#friendly-wifi" in [doc["location"] for doc in whole_index(built_site)["docs"]], (
        "upstream has the entry the fork hides"
    )


def test_local_pages_get_their_own_menu_section_and_edit_links(fork_site: Path) -> None:
    escalation = parse(fork_site, "local/escalation/index.html")
    assert escalation.find("h1").get_text(strip=True).startswith("Escalating a concern")  # type: ignore[union-attr]
    home = parse(fork_site, "index.html")
    top = [" ".join(li.get_text(" ").split()) for li in home.select(".md-nav--primary > .md-nav__list > li")]
    section = next(i for i, text in enumerate(top) if text.startswith("Exampleshire procedures"))
    assert top[section - 1].startswith("Get help now"), "local procedures follow 'Get help now' in the menu"
    # The section opens on local/docs/index.md, wherever its name sorts.
    first = home.select(".md-nav--primary > .md-nav__list > li")[section].select_one("nav a")
    assert first is not None and first["href"] == "local/"
    edit = escalation.select_one(".portal-page-review__edit a")
    assert edit is not None
    assert (
        edit["href"]
        == "https://github.com/exampleshire/online-safeguarding-guidance/edit/main/local/docs/escalation.md"
    )
    assert "Last reviewed" in escalation.get_text() and "1 November 2026" in escalation.get_text()
    # Shared content is corrected upstream, where everyone gets the fix: its edit links go there.
    grooming = parse(fork_site, "risks/grooming/index.html").select_one(".portal-page-review__edit a")
    assert grooming is not None
    assert (
        grooming["href"] == "https://github.com/online-safeguarding/guidance-portal/edit/main/data/risks/grooming.yml"
    )


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_overlay_builds_with_no_broken_links(overlay: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert check_site(overlay_site(overlay, tmp_path_factory)) == []


def test_the_upstream_build_shows_no_trace_of_a_fork(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "portal-local-contacts" not in text and "assets/local/" not in text, html
    assert not (built_site / "local").exists()
    assert "--md-primary-fg-color: #1d4f91;" in (built_site / "assets/brand.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_overlay_passes_the_check_command(overlay: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--local", str(overlay), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"with the local overlay in {overlay}/" in result.stdout


def test_the_offline_edition_of_a_fork_carries_its_pages_and_logo(tmp_path: Path) -> None:
    project = with_overlay(tmp_path / "project")
    for part in ("mkdocs-offline.yml", "offline"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    result = mkdocs_build(project, tmp_path / "site", FORK_ENV, "mkdocs-offline.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    escalation = parse(tmp_path / "site", "local/escalation.html")
    assert escalation.select_one(".md-header .md-logo img")["src"] == "../assets/local/logo.svg"  # type: ignore[index]


# ---- Colours ----


@pytest.mark.parametrize("colour", ["#ff9900", "#ffcc00", "#66bb6a", "#e91e63", "#00bcd4", "#9e9e9e", "#ffffff"])
def test_the_suggested_colour_passes_and_stays_close(colour: str) -> None:
    suggestion = nearest_passing(colour, WHITE)
    assert contrast(suggestion, WHITE) >= 4.5
    assert contrast(suggestion, WHITE) < 4.8, "the nearest passing colour, not just any dark one"


@pytest.mark.parametrize("primary", ["#1d4f91", "#5b2a86", "#000080", "#8b0000", "#004d40", "#000000", "#595959"])
def test_every_derived_colour_is_readable_in_both_palettes(primary: str) -> None:
    brand = Brand(primary=primary, accent=primary)
    assert contrast(brand.primary, WHITE) >= 4.5
    assert contrast(brand.dark_link, DARK_BACKGROUND) >= 4.5
    assert contrast(brand.dark_accent, DARK_BACKGROUND) >= 4.5


def write_profile(local: Path, extra: str) -> None:
    local.mkdir(parents=True, exist_ok=True)
    (local / "profile.yml").write_text("name: Test copy\n" + extra, encoding="utf-8")


def problems(local: Path) -> list[DataError]:
    with pytest.raises(DataErrors) as failure:
        load_guidance(ROOT / "data", local_dir=local)
    return failure.value.errors


def test_an_unreadable_brand_colour_is_rejected_with_the_nearest_that_passes(tmp_path: Path) -> None:
    write_profile(tmp_path / "local", 'colours:\n  primary: "#FF9900"\n  accent: "#123765"\n')
    [error] = problems(tmp_path / "local")
    assert (error.line, error.field) == (3, "colours.primary")
    assert "2.14:1" in error.problem and "4.5:1" in error.problem
    assert "'#aa6600'" in error.hint
    # The suggestion is accepted as it stands.
    write_profile(tmp_path / "local", 'colours:\n  primary: "#aa6600"\n')
    assert load_guidance(ROOT / "data", local_dir=tmp_path / "local").site.brand.primary == "#aa6600"


def test_a_bad_colour_stops_the_build_with_one_line(tmp_path: Path) -> None:
    project = with_overlay(tmp_path / "project")
    profile = project / "local" / "profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace('"#5b2a86"', '"#f0e0ff"'), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env=FORK_ENV)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "local/profile.yml:14: colours.primary: '#f0e0ff' has a contrast of" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists(), "nothing half-written"


# ---- Mistakes in an overlay ----


def test_overlay_mistakes_are_reported_with_file_line_and_hint(tmp_path: Path) -> None:
    local = tmp_path / "local"
    write_profile(
        local,
        "hide:\n  resources: [posh, no-such-resource]\ncontacts:\n  - name: LADO\n    role: allegations\n"
        "    show_on: {faqs: [no-such-faq]}\n",
    )
    (local / "data/faqs").mkdir(parents=True)
    (local / "data/resources").mkdir(parents=True)
    (local / "data/faqs/lado.yml").write_text("extends: lado-and-when-to-contct\n", encoding="utf-8")
    (local / "data/faqs/the-4-cs.yml").write_text("extends: the-4-cs\nanswr: typo\n", encoding="utf-8")
    (local / "data/resources/posh.yml").write_text("id: posh\ntitle: Our copy\n", encoding="utf-8")
    (local / "data/faqs/notes.txt").write_text("stray", encoding="utf-8")
    found = {(e.file.rsplit("local/", 1)[1], e.line, e.field): (e.problem, e.hint) for e in problems(local)}
    assert found.pop(("data/faqs/lado.yml", 1, "extends"))[1] == "did you mean 'lado-and-when-to-contact'?"
    assert "answr" in found.pop(("data/faqs/the-4-cs.yml", 2, "answr"))[0]
    assert "already an upstream item" in found.pop(("data/resources/posh.yml", 1, "id"))[0]
    assert "cannot be hidden" in found.pop(("profile.yml", 3, "hide.resources[0]"))[0]
    assert "no-such-resource" in found.pop(("profile.yml", 3, "hide.resources[1]"))[0]
    assert "no-such-faq" in found.pop(("profile.yml", 7, "contacts[0].show_on.faqs[0]"))[0]
    assert "unexpected file" in found.pop(("data/faqs/notes.txt", 1, ""))[0]
    assert found == {}, "no other problem is reported"


def test_a_missing_logo_and_a_contact_shown_only_where_hidden_are_reported(tmp_path: Path) -> None:
    write_profile(
        tmp_path / "local",
        "logo: our-logo.svg\nhide:\n  audiences: [police]\ncontacts:\n  - name: Police team\n    role: advice\n"
        "    show_on:\n      audiences: [schools, police]\n",
    )
    found = {(e.line, e.field): (e.problem, e.hint) for e in problems(tmp_path / "local")}
    problem, hint = found.pop((2, "logo"))
    assert problem.startswith("no file 'our-logo.svg' in ") and "next to profile.yml" in hint
    problem, hint = found.pop((9, "contacts[0].show_on.audiences[1]"))
    assert "'police' is hidden" in problem
    assert found == {}
    (tmp_path / "local" / "our-logo.svg").write_text(LOGO, encoding="utf-8")
    write_profile(tmp_path / "local", "logo: our-logo.svg\n")
    site = load_guidance(ROOT / "data", local_dir=tmp_path / "local").site
    assert site.logo_file == str((tmp_path / "local" / "our-logo.svg").resolve())


def test_overlay_mistakes_print_one_line_each_without_a_traceback(tmp_path: Path) -> None:
    write_profile(tmp_path / "local", "colours: {primary: '#ffff00'}\n")
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--local", str(tmp_path / "local"), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(
        "local/profile.yml:2: colours.primary: '#ffff00' has a contrast of 1.07:1 with white, too low for the header"
        " and links (WCAG AA needs 4.5:1) (the nearest colour that passes is '#7a7a00' (4.55:1))"
    )


def test_hiding_an_item_drops_every_reference_to_it() -> None:
    guidance = load_guidance(ROOT / "data", local_dir=SAMPLE_FORK)
    assert "friendly-wifi" not in [r.id for r in guidance.resources]
    referenced = {r for o in guidance.objectives for a in o.areas for r in a.resources}
    referenced |= {r for o in guidance.objectives for r in o.resources}
    referenced |= {r for risk in guidance.risks for r in risk.resources}
    referenced |= {r for a in guidance.audiences for r in a.start_with}
    assert "friendly-wifi" not in referenced
    upstream = load_guidance(ROOT / "data")
    assert "friendly-wifi" in [r.id for r in upstream.resources], "the sample hides an item that upstream has"
    assert any("friendly-wifi" in a.resources for o in upstream.objectives for a in o.areas), "and that is linked"


def test_hiding_a_guides_contact_or_risk_removes_it_from_the_guide() -> None:
    from portal.model.overlay import hide_items

    upstream = load_guidance(ROOT / "data")
    guide = upstream.guides.get("sextortion")
    contact = next(c for step in guide.steps for c in step.contacts if c == "childline")
    hidden = hide_items(upstream, {"resources": [contact], "risks": list(guide.risks)}).guides.get("sextortion")
    assert all(contact not in step.contacts for step in hidden.steps) and hidden.risks == ()
    # Only the hidden ids go (negative control): the other contacts stay.
    kept = [c for step in guide.steps for c in step.contacts if c != contact]
    assert [c for step in hidden.steps for c in step.contacts] == kept and kept


# ---- Upstream updates merge cleanly ----


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)


def upstream_and_fork(repo: Path) -> None:
    """An upstream repository with a fork branch that added the sample overlay, then an upstream change."""
    copy_project(repo)
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream").returncode == 0
    git(repo, "checkout", "-qb", "fork")
    shutil.copytree(SAMPLE_FORK, repo / "local")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Our copy").returncode == 0
    git(repo, "checkout", "-q", "main")
    faq = repo / "data/faqs/lado-and-when-to-contact.yml"
    text = faq.read_text(encoding="utf-8")
    assert "They do not investigate;" in text, "the upstream FAQ changed: pick another sentence to edit"
    faq.write_text(text.replace("They do not investigate;", "They do not investigate themselves;"), encoding="utf-8")
    site = repo / "data/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("name: Online Safeguarding Guidance", "name: Online Safety Guidance")
    )
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream: content update").returncode == 0


def test_an_upstream_update_merges_into_a_fork_without_conflict(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    upstream_and_fork(repo)
    git(repo, "checkout", "-q", "fork")
    changed = git(repo, "diff", "--name-only", "main...fork").stdout.split()
    assert changed and all(name.startswith("local/") for name in changed), "the fork changed nothing outside local/"
    merge = git(repo, "merge", "--no-edit", "main")
    assert merge.returncode == 0 and "CONFLICT" not in merge.stdout, merge.stdout + merge.stderr
    site = tmp_path / "site"
    result = mkdocs_build(repo, site, env=FORK_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    faqs = (site / "faqs/index.html").read_text(encoding="utf-8")
    assert "do not investigate themselves" in faqs, "the upstream change reaches the fork"
    assert "#exampleshire-allegations-procedure" in faqs, "and the fork's extension still applies"
    assert "Exampleshire Online Safeguarding Guidance" in (site / "index.html").read_text(encoding="utf-8")


def test_a_fork_that_edits_upstream_files_does_conflict(tmp_path: Path) -> None:
    # The control: rebranding by editing data/site.yml, as a fork must not, collides with upstream.
    repo = tmp_path / "repo"
    upstream_and_fork(repo)
    git(repo, "checkout", "-q", "fork")
    site = repo / "data/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("name: Online Safeguarding Guidance", "name: Our guidance")
    )
    git(repo, "commit", "-qam", "Rebrand the wrong way")
    merge = git(repo, "merge", "--no-edit", "main")
    assert merge.returncode != 0 and "CONFLICT (content): Merge conflict in data/site.yml" in merge.stdout


# ---- In the browser ----


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_overlays_pages_pass_axe_in_its_colours(  # type: ignore[no-untyped-def]
    browser, overlay: Path, scheme: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = overlay_site(overlay, tmp_path_factory)
    local = [
        html.relative_to(site).as_posix().removesuffix("index.html")
        for html in sorted((site / "local").rglob("*.html"))
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = []
    with serve(site) as url:
        shared = [p for p in ("", "get-help/", "risks/grooming/", "faqs/", "audiences/police/") if (site / p).is_dir()]
        for path in [*shared, *local]:
            page.goto(f"{url}/{path}", wait_until="load")
            found += [f"/{path}: {line}" for line in axe_violations(page)]
    context.close()
    assert found == [], "\n".join(found)


@pytest.mark.browser
def test_the_fork_works_under_the_shipped_nginx_policy(browser, fork_site: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    problems = []
    with nginx_serving(fork_site, tmp_path) as url:
        for path in ["", "local/", "local/escalation/", "risks/grooming/", "self-review/"]:
            response = page.goto(f"{url}/{path}", wait_until="networkidle")
            assert response is not None and response.status == 200
            assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
            problems += [f"/{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        logo = page.evaluate("() => document.querySelector('.md-header .md-logo img').naturalWidth")
    context.close()
    assert problems == [] and failed == [], "\n".join(problems + failed)
    assert logo > 0, "the fork's logo loads"


def test_the_sample_profile_is_described_in_json(tmp_path: Path) -> None:
    # Editors get completion for local/profile.yml: the schema mapping names it.
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/profile.schema.json"] == [
        "local/profile.yml",
        "examples/*/local/profile.yml",
    ]


def test_new_local_items_are_scaffolded_in_the_overlay(tmp_path: Path) -> None:
    local = tmp_path / "local"

    def new(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "portal", "--local", str(local), "new", *args, "--local"]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    created = new("faq", "our-referral-route")
    assert created.returncode == 0, created.stderr
    target = local / "data/faqs/our-referral-route.yml"
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/faq.schema.json"
    )
    assert not (ROOT / "data/faqs/our-referral-route.yml").exists(), "upstream data is untouched"
    clash = new("faq", "the-4-cs")
    assert clash.returncode == 1 and "holding 'extends: the-4-cs'" in clash.stderr
    assert not (local / "data/faqs/the-4-cs.yml").exists()


@pytest.mark.browser
def test_a_briefing_prints_with_the_hosted_copys_name_and_contacts(browser, fork_site: Path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from pypdf import PdfReader

    def printed(url: str) -> str:
        tab.goto(url)
        pdf = PdfReader(BytesIO(tab.pdf(format="A4", prefer_css_page_size=True)))
        assert len(pdf.pages) == 1, url
        return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    context = browser.new_context()
    tab = context.new_page()
    with serve(fork_site) as url:
        grooming = printed(f"{url}/briefings/grooming/")
        gaming = printed(f"{url}/briefings/online-gaming/")
    context.close()
    assert (
        "Exampleshire Online Safeguarding Guidance" in grooming
        and "Exampleshire Online Safeguarding Guidance" in gaming
    )
    assert "Exampleshire children's services front door" in grooming, "the local contact shown on the risk's page"
    assert "Exampleshire children's services front door" not in gaming, "a contact only where the profile shows it"
