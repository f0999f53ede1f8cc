"""Thin MkDocs glue: load and validate the data, add the generated pages, pass the model to templates."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from portal.checks.page_templates import check_page_template, own_macros, page_sandbox, skip_git_information
from portal.model import Guidance, Review
from portal.model.addresses import FAQS_PAGE, GET_HELP_PAGE, GLOSSARY_PAGE, RESOURCES_PAGE
from portal.model.page_sources import PageSource
from portal.model.project import LOCAL_PAGES, load_project
from portal.model.reviewed_items import ReviewedItem
from portal.publish.briefing_text import briefing_texts
from portal.publish.feeds import FeedSite, feed_files
from portal.publish.open_data import open_data_files
from portal.publish.search_index import INDEX as SEARCH_INDEX
from portal.publish.search_index import finish_search_index
from portal.site.fingerprints import digest, files_state, folders_state
from portal.site.html_gate import (
    Findings,
    Violation,
    content_violations,
    page_violations,
    site_violations,
    source_lines,
)
from portal.site.menu import extend_nav, nav_target
from portal.site.page_conversion import ParallelConversion
from portal.site.pages import GeneratedPage, generated_pages, nav_entries
from portal.site.preview_cache import PreviewCache, check_for_changes_often
from portal.site.rendering import TEMPLATES, brand_stylesheet, long_date, template_cache
from portal.source.clock import today
from portal.source.errors import DataError, DataErrors
from portal.source.schemas import SCHEMA_DIR

BRAND_CSS = "assets/brand.css"  # listed in mkdocs.yml's extra_css; generated from the profile's colours
ABBREVIATIONS = "portal.abbreviations"  # the Markdown extension in mkdocs.yml that explains abbreviations
NAV_LIMIT = 30  # the most items a menu section lists; a longer section lists its index page only
LOCAL_ASSETS = "assets/local"  # where a hosted copy's logo and favicon are published
T = TypeVar("T")
_UNSAFE_HINT = "remove it: nothing a page or data file says may run script on the site (see SECURITY.md)"
_UNSAFE_ELSEWHERE_HINT = (
    "it is not written in this file: look at what the page shows from data/ and local/, and at the templates "
    "in overrides/ and portal/site/templates/ (see SECURITY.md)"
)


class PortalConfig(Config):
    """Options under `plugins: - portal:` in mkdocs.yml."""

    data_dir = config_options.Type(str, default="data")
    # A hosted copy's own profile, items and pages; upstream never writes here (see SELF-HOSTING.md).
    local_dir = config_options.Type(str, default="local")
    # A folder whose files are published under assets/ (the offline edition's vendored scripts).
    offline_assets = config_options.Optional(config_options.Type(str))


class PortalPlugin(BasePlugin[PortalConfig]):
    """Builds the guidance pages from the YAML data."""

    guidance: Guidance
    pages: list[GeneratedPage]
    reviews: dict[str, Review]
    files: Files
    scripts: frozenset[str]
    site_path: str
    root: Path
    data_dir: Path
    local_dir: Path
    docs_prefix: str
    local_pages: list[Path]
    page_sources: dict[str, PageSource]
    reviewed_pages: tuple[ReviewedItem, ...]  # pages with review fields, whose notes join the items' notes
    # Found by the HTML gate while pages are built, reported together when the build ends.
    unsafe: list[DataError]
    unsafe_pages: set[str]
    checked_pages: set[str]
    gate_lines: tuple[Findings, Findings]  # what the gate found in each line of bodies, and of frames
    # Under `mkdocs serve` only (this instance then lasts the session): outputs kept between rebuilds.
    preview: PreviewCache | None = None
    conversion: ParallelConversion | None = None  # under `mkdocs build`, pages converted by worker processes
    inputs = ""  # under the preview, the digest of every file the project is read from
    data_inputs = ""  # and of the files the model alone is read from (data, a hosted copy's local/, the schemas)

    # ---- Hooks ----

    # Defining on_startup also makes MkDocs keep this instance from one rebuild of the preview to the next.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = PreviewCache() if command == "serve" else None

    def on_shutdown(self) -> None:
        self.preview = None

    # Validate everything before MkDocs cleans site/, so a failed check leaves the last build untouched.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        self.data_dir = (root / self.config.data_dir).resolve()
        self.local_dir = (root / self.config.local_dir).resolve()
        self.docs_prefix = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        docs = Path(config.docs_dir)
        if "macros" in config.plugins:
            skip_git_information()
        if self.preview:
            self.preview.start_build(config)
            # The checks read the real date as well as the site's.
            self.data_inputs = digest(folders_state([self.data_dir, self.local_dir, SCHEMA_DIR]), today(), date.today())
            self.inputs = digest(self.data_inputs, folders_state([docs]))
        try:
            # A save in docs/ reads and checks the pages again, not the data (nor what is made from the model).
            kept = self.preview.loading(self.data_inputs) if self.preview else {}
            load = partial(load_project, self.data_dir, docs, self.local_dir, **kept)
            project = self._made("project", self.inputs, load)
        except DataErrors as failure:
            raise Abort(failure.report()) from None
        self.guidance, self.reviews = project.guidance, dict(project.page_reviews)
        self.page_sources = {page.src_uri: page for page in project.pages}
        self.reviewed_pages = project.reviewed_pages
        site = self.guidance.site
        # Material writes both into attributes without escaping them (aria-label, the meta description),
        # where a quote in a hosted copy's profile would end the attribute. Escaped once, as Markup, so that
        # the places where Material does escape them (| e) leave them as they are.
        config.site_name = Markup(html.escape(site.name))
        config.site_description = Markup(html.escape(site.description))
        if site.url:
            config.site_url = site.url
        if site.logo:
            config.theme["logo"] = f"{LOCAL_ASSETS}/{site.logo}"
        if site.favicon:
            config.theme["favicon"] = f"{LOCAL_ASSETS}/{site.favicon}"
        local_docs = self.local_dir / "docs"
        # Each folder's index.md first, so the menu section opens on it; then the rest by name.
        self.local_pages = sorted(
            project.local_pages,
            key=lambda p: (p.parent.relative_to(local_docs).parts, p.name != "index.md", p.name),
        )
        local_nav = [
            f"{LOCAL_PAGES}/{path.relative_to(local_docs).as_posix()}"
            for path in self.local_pages
            if path.suffix == ".md"
        ]
        if local_nav and config.nav is not None:
            # Local procedures matter most after the helplines, so they come straight after 'get help'.
            position = next((i + 1 for i, item in enumerate(config.nav) if nav_target(item) == GET_HELP_PAGE), 1)
            config.nav.insert(position, {site.local_pages_title: local_nav})
        self.pages = self._made("generated pages", self.data_inputs, lambda: generated_pages(self.guidance))
        self.reviews.update({page.src_uri: page.review for page in self.pages})
        self.reviews.setdefault(GLOSSARY_PAGE, self.guidance.glossary_review)
        # Given once as the abbr extension's glossary: appended to every page as Markdown definitions,
        # they made each page's parse grow with the glossary (quadratic in content; see BENCHMARKS.md).
        config.mdx_configs.setdefault(ABBREVIATIONS, {})["glossary"] = self.guidance.abbreviations()
        for folder in ("objectives", "risks", "audiences", "respond", "briefings"):
            entries = nav_entries(self.pages, folder)
            # Every page carries its open menu section, so a long section costs each of its pages a
            # list of all the others (build time and page weight grow with the square of the content)
            # and helps nobody scan; its index page lists, groups and links every item instead.
            if len(entries) <= NAV_LIMIT:
                extend_nav(config.nav, f"{folder}/index.md", entries)
        return config

    # One virtual file per objective and risk area: no stub Markdown per item exists on disk.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        g, site = self.guidance, self.guidance.site
        files.append(File.generated(config, BRAND_CSS, content=brand_stylesheet(site.brand)))
        feed_site = FeedSite(
            name=site.name,
            author=site.organisation.title,
            site_url=config.site_url or None,
            directory_urls=config.use_directory_urls,
            today=today(),
        )
        feed_key = (self.data_inputs, feed_site, self.reviewed_pages)
        feeds = self._made("feeds", feed_key, partial(feed_files, g, feed_site, self.reviewed_pages))
        for feed_path, text in feeds.items():
            files.append(File.generated(config, feed_path, content=text))
        for text_path, text in self._made("briefing texts", self.data_inputs, partial(briefing_texts, g)).items():
            files.append(File.generated(config, text_path, content=text))
        made = partial(open_data_files, g, today(), config.site_url or None)
        for data_path, text in self._made("open data", (self.data_inputs, today(), config.site_url), made).items():
            files.append(File.generated(config, data_path, content=text))
        for name, image in ((site.logo, site.logo_file), (site.favicon, site.favicon_file)):
            if name and image:
                files.append(File.generated(config, f"{LOCAL_ASSETS}/{name}", abs_src_path=image))
        for path in self.local_pages:
            target = f"{LOCAL_PAGES}/{path.relative_to(self.local_dir / 'docs').as_posix()}"
            files.append(File.generated(config, target, abs_src_path=str(path)))
        if self.config.offline_assets:
            folder = self.root / self.config.offline_assets
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                target = f"assets/{path.relative_to(folder).as_posix()}"
                files.append(File.generated(config, target, abs_src_path=str(path)))
        self.files = files
        # The site's own scripts, as site paths: the theme's, the site's assets' and the offline edition's.
        self.scripts = frozenset(file.url for file in files if file.url.endswith(".js"))
        self.site_path = urlsplit(config.site_url or "").path or "/"  # the 404 page's addresses start with it
        pages = len(files.documentation_pages())
        self.conversion = None if self.preview else ParallelConversion.for_build(config, files, pages, self)
        return files

    def on_build_error(self, *, error: Exception) -> None:
        if self.conversion:
            self.conversion.close()

    # Pages may only call our own macros (with plain values, checked when they were read), and are
    # rendered in a sandbox that can call nothing else. Still before site/ is cleaned, so that a typo
    # gets one line naming file and line instead of mkdocs-macros' traceback.
    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.unsafe, self.unsafe_pages, self.checked_pages, self.gate_lines = [], set(), set(), ({}, {})
        if "macros" not in config.plugins:
            return
        macros: Any = config.plugins["macros"]  # mkdocs-macros' plugin: variables, macros, env
        allowed = own_macros(macros.macros, macros.config["module_name"])
        errors: list[DataError] = []
        for page in self.page_sources.values():
            if page.renders_macros:
                errors.extend(check_page_template(page.body, page.display, page.first_line, allowed))
        if errors:
            raise Abort(DataErrors(errors).report(where="the pages"))
        if not hasattr(macros, "_env"):
            raise Abort("mkdocs-macros no longer keeps its Jinja environment in _env: pages cannot be sandboxed")
        macros._env = page_sandbox(macros.env, allowed)

    # Under the preview, a page converts its Markdown again only if something it is made from changed.
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.preview:
            self.preview.cache_rendering(page)
        elif self.conversion:
            self.conversion.defer(page)  # under `mkdocs build`, on every processor (checked on_env, below)
        return page

    # The same for each page's own description (written before the export copies the page's settings).
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        description = page.meta.get("description")
        if isinstance(description, str):
            page.meta["description"] = html.escape(description)
        return markdown

    # The HTML made from a page's Markdown may hold only what Markdown and our templates make.
    def on_page_content(self, content: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.conversion and self.conversion.waiting(page):
            return content
        check = partial(content_violations, content, self.gate_lines[0])
        found = self._checked("HTML gate (body)", page, content, check)
        self._report(page.file.src_uri, page.url, found)
        return content

    # And the whole page, theme included, no script but the site's own. A page that fails is not
    # written at all, and the build fails when it ends, naming every such page.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # The body was checked on its own, more strictly (on_page_content): the rest is the theme's frame.
        frame = output.replace(page.content, "", 1) if page.content else output
        check = partial(page_violations, frame, page.url, self.scripts, self.site_path, self.gate_lines[1])
        found = self._checked("HTML gate (frame)", page, (frame, page.url, self.scripts, self.site_path), check)
        self._report(page.file.src_uri, page.url, found)
        self.checked_pages.add(page.file.dest_uri)
        return "" if page.file.src_uri in self.unsafe_pages else output

    # Review dates, sources and the edit link for the page, for overrides/partials/portal-review.html.
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        review = self.reviews.get(page.file.src_uri)
        source_file = review.data_file if review else self._source_file(page.file.src_uri)
        page.edit_url = self.guidance.site.edit_url(source_file)
        context["portal_review"] = review  # type: ignore[typeddict-unknown-key]  # read by our theme partial
        context["portal_overdue"] = bool(review and review.next_due < today())  # type: ignore[typeddict-unknown-key]
        context["portal_source_file"] = source_file  # type: ignore[typeddict-unknown-key]
        # Pages opened from file:// cannot fetch anything, and the theme fetches beside every feed link.
        context["portal_feed_links"] = not self.config.offline_assets  # type: ignore[typeddict-unknown-key]
        return context

    # The model for theme templates: the 'get help' bar and the footer read it.
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.conversion:  # every page is read: the HTML converted by the workers comes back, then is checked
            for page in self.conversion.collect():
                page.content = self.on_page_content(page.content or "", page=page, config=config, files=files)
        # MkDocs makes a new environment for every build, so the theme's templates were compiled
        # again on each save in `mkdocs serve` (0.9 s of a 5 s rebuild); Jinja's cache checks each
        # template's source before reusing it.
        if env.bytecode_cache is None:
            env.bytecode_cache = template_cache()
        env.globals["portal"] = self.guidance
        env.globals["portal_page"] = self.page_url
        env.filters["long_date"] = long_date
        if self.preview:
            # What the theme's templates read from the model (overrides/partials/; tests/test_preview_cache.py
            # checks that they read nothing else) and the addresses portal_page() looks up.
            g = self.guidance
            self.preview.cache_theme(env, config, lambda: digest(g.site, g.help_resource, files_state(self.files)))
            search: Any = config.plugins.get("material/search")
            if getattr(search, "search_index", None) is not None:
                self.preview.cache_search_entries(search.search_index, dict(search.config))
        return env

    def _made(self, kind: str, key: object, make: Callable[[], T]) -> T:
        """`make()`; under the preview, its output of the last build while `key` (what it is made from) is the same."""
        return self.preview.reuse(kind, "", digest(key), make) if self.preview else make()

    def _checked(self, kind: str, page: Page, checked: object, check: Callable[[], list[Violation]]) -> list[Violation]:
        """What the HTML gate finds; under the preview, found again only if what it checks changed."""
        return self.preview.checked(kind, page.file.src_uri, checked, check) if self.preview else check()

    def _report(self, src_uri: str, url: str, found: list[Violation]) -> None:
        """Record what the HTML gate found in one page, naming the file it came from and, where found, the line."""
        if not found:
            return
        self.unsafe_pages.add(src_uri)
        review = self.reviews.get(src_uri)
        display = review.data_file if review else self._source_file(src_uri)
        source = self.page_sources.get(src_uri)
        lines = source_lines(source.path if source else self.root / display, found)
        for violation, line in zip(found, lines, strict=True):
            problem = f"{violation.what} would be published on /{url}"
            hint = _UNSAFE_HINT if line else _UNSAFE_ELSEWHERE_HINT
            self.unsafe.append(DataError(display, line or 1, "", problem, hint))

    def _source_file(self, src_uri: str) -> str:
        """The file a hand-written page comes from, relative to the project (for 'edit this page')."""
        if (
            src_uri.startswith(f"{LOCAL_PAGES}/")
            and (self.local_dir / "docs" / src_uri[len(LOCAL_PAGES) + 1 :]).is_file()
        ):
            local = self.local_dir / "docs" / src_uri[len(LOCAL_PAGES) + 1 :]
            return local.relative_to(self.root).as_posix() if local.is_relative_to(self.root) else local.as_posix()
        return f"{self.docs_prefix}/{src_uri}"

    def page_url(self, src_uri: str) -> str:
        """The address of a page (from its source path) relative to the site root, as built (folder or file)."""
        found = self.files.get_file_from_path(src_uri)
        if found is None:
            raise KeyError(f"no page '{src_uri}' in the site")
        return found.url

    # Search weighs tags most. A listing page is tagged with the short names of everything it lists,
    # and each item's section with its own. Material would copy page tags onto every section of the
    # page (n sections times n tags), so they are written into the index after its search plugin
    # (priority 0) has saved it, and before the offline plugin (-100) inlines it; with the prebuilt index.
    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        # Files the theme wrote without a page (404.html): the same check as every page.
        for path, found in site_violations(site_dir, self.checked_pages, self.scripts, self.site_path):
            self.unsafe.extend(DataError(path, 1, "", f"{v.what} would be published", _UNSAFE_HINT) for v in found)
            (site_dir / path).unlink()
        if self.unsafe:
            raise Abort(DataErrors(self.unsafe).report(where="the built pages"))
        if not (site_dir / SEARCH_INDEX).is_file():
            return
        g = self.guidance
        listed = {
            RESOURCES_PAGE: {r.id: [*filter(None, [r.abbreviation]), *r.search_terms] for r in g.resources},
            FAQS_PAGE: {faq.id: [faq.question] for faq in g.faqs},
            GLOSSARY_PAGE: {term.id: [term.term] for term in g.glossary},
        }
        tags: dict[str, list[str]] = {}
        for page, items in listed.items():
            url = self.page_url(page)
            tags[url] = [tag for own in items.values() for tag in own]
            tags.update({f"{url}#{item_id}": own for item_id, own in items.items()})
        # Where the site's worker serves pages over HTTP (not a translation, not the offline edition's file://
        # pages, whose index is inlined), it fetches the index itself on the first query (overrides/main.html).
        search: Any = config.plugins.get("material/search")
        offline = self.config.offline_assets or "material/offline" in config.plugins
        on_first_query = search.config.lang == ["en"] and not offline
        finish_search_index(site_dir, tags, self.preview.search_terms if self.preview else None, on_first_query)
        if self.preview:
            self.preview.finish_build()

    # Rebuild the preview when data, schemas, page templates or the theme's own templates change.
    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        for folder in (self.data_dir, SCHEMA_DIR, TEMPLATES, self.local_dir, theme_dir):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        check_for_changes_often(server)
        return server
