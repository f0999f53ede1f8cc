"""The engine-neutral export (`dev.py export`), built with stock MkDocs + Material and with Zensical.

Each engine runs from its own environment in .engines/ (made by `python3 dev.py test` from
engines/*.txt), which holds neither this project nor mkdocs-macros: what is built there is only
what the export wrote.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SAMPLE_FORK, copy_project, mkdocs_build, recording_page, serve, skip_or_fail
from portal.publish.search_index import FULL_INDEX
from portal.publish.site_links import check_site

ENGINES = ROOT / ".engines"


def engine_python(name: str) -> Path:
    """The Python of an engine's own environment, or a skip (a failure in CI) saying how to make it."""
    python = ENGINES / name / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.is_file():
        skip_or_fail(f"{name} is not installed in .engines/{name}: `python3 dev.py test` installs it")
    return python


def export(target: Path, cwd: Path = ROOT, *extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m portal export` as a reader runs it."""
    command = [sys.executable, "-m", "portal", *extra, "export", str(target)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site exported once per session."""
    target = tmp_path_factory.mktemp("export") / "guidance"
    result = export(target)
    assert result.returncode == 0, result.stderr
    assert re.match(r"Wrote \d+ pages and \d+ other files to ", result.stdout)
    return target


@pytest.fixture(scope="session")
def stock_site(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export built by stock MkDocs + Material, in strict mode as its mkdocs.yml says."""
    python = engine_python("material")
    site = tmp_path_factory.mktemp("stock") / "site"
    command = [str(python), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=exported, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def zensical_site(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export built by Zensical, from a copy so that the export itself stays as written."""
    python = engine_python("zensical")
    project = Path(shutil.copytree(exported, tmp_path_factory.mktemp("zensical") / "guidance"))
    command = [str(python), "-m", "zensical", "build", "--clean"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Build finished" in result.stdout + result.stderr
    return project / "site"


def files_in(site: Path, pattern: str = "*") -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(pattern) if p.is_file()}


@functools.cache
def content_text(path: Path) -> str:
    """The words of a page's main content, without Material's edit button and the permalink marks."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    assert article is not None, path
    for extra in article.select(".md-content__button, a.headerlink"):
        extra.decompose()
    return " ".join(article.get_text(" ").split())


# ---- The engines' environments ----


@pytest.mark.parametrize(("name", "module"), [("material", "material"), ("zensical", "zensical")])
def test_each_engine_runs_without_this_project_or_mkdocs_macros(name: str, module: str) -> None:
    python = str(engine_python(name))
    present = subprocess.run([python, "-c", f"import {module}"], capture_output=True, text=True, cwd="/")
    assert present.returncode == 0, present.stderr
    for absent in ("portal", "mkdocs_macros"):
        found = subprocess.run([python, "-c", f"import {absent}"], capture_output=True, text=True, cwd="/")
        assert found.returncode != 0 and "ModuleNotFoundError" in found.stderr, f"{name} can import {absent}"


# ---- What the export holds ----


def test_the_export_is_plain_markdown_with_stock_configuration(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [{"search": {"lang": "en"}}]
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert "abbr" in extensions and "portal.abbreviations" not in extensions
    glossary = next(e["abbr"]["glossary"] for e in config["markdown_extensions"] if isinstance(e, dict) and "abbr" in e)
    assert glossary["POSH"] == "Professionals Online Safety Helpline"
    assert config["theme"]["custom_dir"] == "overrides" and config["theme"]["variant"] == "classic"
    assert "content.action.edit" not in config["theme"]["features"]
    assert {"Risk areas", "Respond step by step"} <= {
        next(iter(item)) for item in config["nav"] if isinstance(item, dict)
    }
    pages = sorted((exported / "docs").rglob("*.md"))
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        # Every macro was rendered: no template syntax is left for an engine without mkdocs-macros.
        assert "{{" not in text and "{%" not in text, path
    grooming = (exported / "docs" / "risks" / "grooming.md").read_text(encoding="utf-8")
    assert grooming.startswith("---\n") and "Last reviewed" in grooming and "portal-page-review" in grooming


def test_the_exported_theme_reads_nothing_from_python(exported: Path) -> None:
    python_names = re.compile(r"\bportal\.|\bportal_\w+")

    def template_code(path: Path) -> str:
        return re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)  # comments may name them

    # Negative control: the real theme does read the model, so the pattern finds something there.
    assert any(python_names.search(template_code(p)) for p in (ROOT / "overrides").rglob("*.html"))
    for path in (exported / "overrides").rglob("*.html"):
        assert not python_names.search(template_code(path)), f"{path.relative_to(exported)} still reads the model"
    help_bar = (exported / "overrides" / "partials" / "portal-help-bar.html").read_text(encoding="utf-8")
    assert "0344 381 4772" in help_bar and "{{ 'resources/#posh' | url }}" in help_bar


# ---- Stock MkDocs + Material ----


def test_stock_material_builds_the_same_site_and_every_link_resolves(stock_site: Path, built_site: Path) -> None:
    # The same files, but for the whole search index, which the site's worker fetches from a file of its own
    # (stock Material's worker reads search_index.json whole, as the export leaves it).
    assert files_in(stock_site) == files_in(built_site) - {FULL_INDEX}
    assert FULL_INDEX in files_in(built_site)
    assert check_site(stock_site) == []


def test_stock_material_pages_say_what_the_real_ones_say(stock_site: Path, built_site: Path) -> None:
    pages = sorted(files_in(built_site, "*.html"))
    different = [page for page in pages if content_text(stock_site / page) != content_text(built_site / page)]
    assert different == []
    grooming = BeautifulSoup((stock_site / "risks/grooming/index.html").read_text(encoding="utf-8"), "html.parser")
    real = BeautifulSoup((built_site / "risks/grooming/index.html").read_text(encoding="utf-8"), "html.parser")
    # The theme's parts that came from Python: the helpline bar, the nation choice, the feeds, the footer.
    for selector in (".portal-helpbar", "[data-portal-nation-choice]", ".portal-page-review__dates"):
        assert str(grooming.select_one(selector)).split() == str(real.select_one(selector)).split(), selector
    feeds = [link["href"] for link in grooming.select("link[rel=alternate]")]
    assert feeds == ["../../feeds/all.xml", "../../feeds/all.json"]
    assert grooming.select_one("abbr[title='Designated Safeguarding Lead']") is not None
    # Negative control: no page is overdue today, so no overdue notice was rendered into one.
    assert not any("portal-overdue" in (stock_site / page).read_text(encoding="utf-8") for page in pages)


# ---- Zensical ----


def test_zensical_builds_every_page_and_its_links_resolve(zensical_site: Path, built_site: Path) -> None:
    assert files_in(zensical_site, "*.html") == files_in(built_site, "*.html")
    assert files_in(built_site, "open-data/*") <= files_in(zensical_site)
    assert files_in(built_site, "feeds/*") <= files_in(zensical_site)
    # Zensical links the home page's logo to the page itself with href="" (valid, and nothing else is
    # empty); our checker refuses empty links unless told, because our own templates never need one.
    assert [str(b) for b in check_site(zensical_site)] == ["index.html: : empty link"]
    assert check_site(zensical_site, allow_empty=True) == []


def zensical_search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into Zensical's search dialog (its own markup, in a shadow root) and return result paths."""
    box = page.locator("dialog[aria-label=Search] input[role=combobox]")
    box.fill("")
    box.press_sequentially(query, delay=10)
    results = page.locator("[role=listbox] a[role=option]")
    results.first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)  # results settle after the last keystroke
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    return list(dict.fromkeys(urlsplit(href).path.lstrip("/") for href in hrefs))


def test_search_in_the_zensical_build_finds_a_risk_page(zensical_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with serve(zensical_site) as url, recording_page(browser) as page:
        page.goto(f"{url}/")
        page.locator(".md-search__button").click()
        assert zensical_search(page, "grooming")[0] == "risks/grooming/"
        # Negative control: another query puts another page first.
        assert zensical_search(page, "filtering")[0] != "risks/grooming/"
        # The site makes no third-party requests under Zensical either.
        assert all(request.startswith(url) for request in page.requests), page.requests


# ---- A hosted copy ----


def test_a_hosted_copy_exports_with_its_profile_local_items_and_pages(tmp_path: Path, exported: Path) -> None:
    target = tmp_path / "exampleshire"
    result = export(target, ROOT, "--local", str(SAMPLE_FORK))
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Exampleshire Online Safeguarding Guidance"
    assert config["site_url"] == "https://guidance.example.org/"
    assert config["theme"]["logo"] == "assets/local/logo.svg" and (target / "docs/assets/local/logo.svg").is_file()
    assert (target / "docs" / "local" / "escalation.md").is_file()
    assert "exampleshire-making-a-referral" in (target / "docs" / "faqs.md").read_text(encoding="utf-8")
    brand = (target / "docs" / "assets" / "brand.css").read_text(encoding="utf-8")
    assert "#5b2a86" in brand.lower()
    copyright_partial = (target / "overrides" / "partials" / "copyright.html").read_text(encoding="utf-8")
    assert "Exampleshire Safeguarding Children Partnership" in copyright_partial
    # Negative control: the upstream export has none of it.
    assert "Exampleshire" not in (exported / "mkdocs.yml").read_text(encoding="utf-8")
    assert not (exported / "docs" / "local").exists()
    site = tmp_path / "site"
    command = [str(engine_python("material")), "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    built = subprocess.run(command, cwd=target, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    assert (site / "local" / "escalation" / "index.html").is_file() and check_site(site) == []


# ---- The benchmark ----


def test_the_engines_benchmark_times_each_step_and_writes_its_section(tmp_path: Path) -> None:
    engine_python("material")
    engine_python("zensical")
    results, report = tmp_path / "engines.json", tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nKept text.\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "benchmarks" / "engines.py"), "--runs", "1"]
    done = subprocess.run(
        [*command, "--json", str(results), "--report", str(report)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = yaml.safe_load(results.read_text(encoding="utf-8"))  # JSON is YAML
    for step in ("today", "export", "material", "zensical"):
        assert figures[step]["median_s"] > 0 and figures[step]["peak_memory_mb"] > 10, step
    # Stock Material writes the same files as today's build, but for the whole search index, which today's
    # build keeps in a file of its own for the site's worker to fetch; Zensical adds its own search index.
    assert figures["material"]["site"]["files"] == figures["today"]["site"]["files"] - 1
    assert figures["zensical"]["site"]["files"] > 50
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nKept text.\n") and "<!-- engines:start -->" in text
    assert "| The export, built by Zensical (`build --clean`) |" in text


# ---- Refusals ----


def test_a_folder_with_files_in_it_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = export(target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"Cannot export: {target} already exists and is not an empty folder: choose a new one"
    )
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_a_data_error_exports_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    risk = project / "data" / "risks" / "grooming.yml"
    risk.write_text(risk.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    target = tmp_path / "out"
    result = export(target, project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("data/risks/grooming.yml:")
    assert not target.exists() and not list(tmp_path.glob(".out-*"))


def test_a_site_partial_that_reads_a_page_value_is_refused_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    partial = project / "overrides" / "partials" / "portal-help-bar.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "{{ page.title }}\n", encoding="utf-8")
    target = tmp_path / "out"
    result = export(target, project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        "Cannot export: overrides/partials/portal-help-bar.html cannot be rendered for the whole site"
    )
    assert not target.exists() and not list(tmp_path.glob(".out-*"))
    # The same project builds normally: a page's values are there in the real build.
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
