"""What `mkdocs serve` keeps between rebuilds, so that a save makes again only the outputs whose inputs changed.

MkDocs' preview runs the whole build on every save, with a new configuration each time; the portal plugin keeps
one instance of this class for the session (`mkdocs build` never makes one). Each output is kept with a digest
of everything it is made from (portal/site/fingerprints.py) and used again only while that digest is the same:

- the checked project (data, pages, a hosted copy's local/), by the bytes of every file it reads and the date;
  within it the model, by the data, local/ and the schemas alone, so that a save in docs/ checks the pages
  again but not the data; when a data file changed, each data file read and checked alone, by its bytes
  (checks across files run again, but the nation-text check of a kept file against the same names is not);
- the generated pages, open data and briefing texts, by the model's files and the settings they use; the
  feeds by those and the pages' review dates;
- each page's HTML, by its Markdown after the macros with its links' texts set apart (portal/site/link_texts.py:
  their HTML is put back after, so a changed title converts no page that only links to it), the Markdown
  settings and the addresses of every file; a page whose conversion logged anything is not kept (its
  warnings are given on every build);
- each page's search entries, by its HTML (its links' texts apart, put into the entries after), table of
  contents, address, title and front matter; each entry's term counts, by the field's text and the settings;
- each page as the theme renders it, apart from the page's HTML, by the page, the menu, the configuration,
  the theme's own templates (custom_dir), the site profile and the page's review context: a page whose HTML
  alone changed has it put into the frame kept;
- what the HTML gate found in a page's body and in its frame, by the text it checked;
- the theme's list of its own files (MkDocs walks some 14,000 names on every build to copy its static
  files), by the name of every file and folder under the theme's folders.

PORTAL_PREVIEW_VERIFY=1 makes every output again anyway and logs an error for any difference from the kept
one (the tests run the preview this way).
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from portal.checks.nation_texts import TextChecks
from portal.model.guidance import Guidance
from portal.site.fingerprints import (
    MARKDOWN_SETTINGS,
    config_state,
    digest,
    files_state,
    folders_state,
    mapping_state,
    menu_state,
    names_state,
    page_state,
    toc_state,
)
from portal.site.link_texts import SplitPage, TextsPutBack, split, toc_titles, with_texts
from portal.site.page_conversion import LogRecords, RenderedPage

log = logging.getLogger("mkdocs.plugins.portal")
PAGES_NAMED = 30  # the log names at most this many of the pages a save made again
PREVIEW_POLL_SECONDS = 0.1  # how often `serve` looks for saved files
PREVIEW_BUILD_DELAY = 0.05  # and how long it waits for more saves before rebuilding
VERIFY = "PORTAL_PREVIEW_VERIFY"
# What MkDocs itself puts in a page's template context; anything else a plugin added is part of the digest.
# build_date_utc changes on every build and no page template shows it (tests/test_preview_cache.py checks).
_MKDOCS_CONTEXT = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc", "config", "page"}
)
T = TypeVar("T")


@dataclass
class _Counts:
    """How many outputs of the last build were used again and how many were made, by kind."""

    kept: dict[str, int] = field(default_factory=dict)
    made: dict[str, int] = field(default_factory=dict)
    pages_made: list[str] = field(default_factory=list)  # the pages the theme rendered again

    def count(self, kind: str, kept: bool, name: str = "") -> None:
        table = self.kept if kept else self.made
        table[kind] = table.get(kind, 0) + 1
        if kind == "page" and not kept:
            self.pages_made.append(name)

    def summary(self) -> str:
        kinds = sorted(set(self.kept) | set(self.made))
        counts = "; ".join(f"{kind} {self.kept.get(kind, 0)} kept, {self.made.get(kind, 0)} made" for kind in kinds)
        pages = self.kept.get("page", 0) + len(self.pages_made)
        shown = ", ".join(self.pages_made[:PAGES_NAMED]) + (", ..." if len(self.pages_made) > PAGES_NAMED else "")
        return f"made again {len(self.pages_made)} of {pages} pages ({shown}); {counts}"


class PreviewCache:
    """Outputs of the previous builds of one `mkdocs serve` session, each with the digest of its inputs."""

    def __init__(self) -> None:
        self.verify = os.environ.get(VERIFY) == "1"
        self.counts = _Counts()
        self._kept: dict[tuple[str, str], tuple[object, Any]] = {}  # (kind, name) → (digest, output)
        self._rendered: dict[str, RenderedPage] = {}
        self._build_states: dict[tuple[str, int], str] = {}  # (what, id of the object it was taken from)
        self.documents: dict[tuple[Path, str], Any] = {}  # data files as read and checked (load_guidance's `kept`)
        self.text_checks: TextChecks = {}  # what the nation-text check found in each (load_guidance's `kept_texts`)
        # Each search field's term counts (portal/publish/search_index.py's `kept`).
        self.search_terms: dict[tuple[object, ...], Any] = {}
        self.texts = TextsPutBack()  # what puts pages' links' texts back (portal/site/link_texts.py)
        # Each page's HTML made with its links' texts apart, the texts, and the HTML with them put back.
        self._apart: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self._html: dict[str, str] = {}  # the digest of the HTML each page's kept frame was last filled with
        self._slot = f"portal-page-html-{secrets.token_hex(16)}"  # where a kept frame takes the page's HTML

    # ---- Anything kept by a digest ----

    def reuse(self, kind: str, name: str, key: str, make: Callable[[], T]) -> T:
        """The output kept for `name` if its digest is `key`, else `make()`, kept for next time."""
        kept = self._kept.get((kind, name))
        if kept is not None and kept[0] == key:
            self.counts.count(kind, kept=True)
            if self.verify:
                self._compare(kind, name, kept[1], make())
            return kept[1]  # type: ignore[no-any-return]
        made = make()
        self._kept[(kind, name)] = (key, made)
        self.counts.count(kind, kept=False, name=name)
        return made

    def loading(self, data_inputs: str) -> dict[str, Any]:
        """What load_project takes from earlier builds: the data files as read and checked, what the nation-text
        check found in each, and the model itself while `data_inputs` (the digest of its files) is the same."""

        def model(make: Callable[[], Guidance]) -> Guidance:
            return self.reuse("model", "", data_inputs, make)

        return {"kept": self.documents, "kept_texts": self.text_checks, "reuse_model": model}

    def start_build(self, config: MkDocsConfig) -> None:
        """Forget the previous build's counts and the digests taken from its objects; keep the theme's file list."""
        self.counts = _Counts()
        self._build_states.clear()
        self.cache_theme_listing(config)

    def finish_build(self) -> None:
        """Say in the log what this build made again."""
        log.info("Preview: %s", self.counts.summary())

    def _once(self, what: str, source: object, make: Callable[[], str]) -> str:
        """A digest taken once per build from `source` (the configuration, the files, the menu)."""
        key = (what, id(source))
        if key not in self._build_states:
            self._build_states[key] = make()
        return self._build_states[key]

    def _compare(self, kind: str, name: str, kept: Any, made: Any) -> None:
        if kept != made:
            log.error("Preview cache served a stale %s for %s: its digest misses an input", kind, name)

    # ---- Markdown to HTML ----

    def cache_rendering(self, page: Page) -> None:
        """Have `page` convert its Markdown only if it (apart from its links' texts), the Markdown settings or the
        site's files changed."""
        convert = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            settings = self._once("markdown", config, lambda: config_state(config, MARKDOWN_SETTINGS))
            addresses = self._once("files", files, lambda: files_state(files))
            where = (settings, addresses, page.file.src_uri, page.file.dest_uri, page.file.url)
            whole = page.markdown or ""
            parts = split(whole)
            keys = {digest(*where, whole): None, **({digest(*where, parts.markdown): parts} if parts else {})}
            kept = self._rendered.get(page.file.src_uri)
            self._apart.pop(page.file.src_uri, None)
            content = self._joined(kept, keys[kept.key], config) if kept is not None and kept.key in keys else None
            if kept is not None and content is not None:
                if self.verify:  # converted whole, to compare with what was kept and joined (which stays kept)
                    convert(config, files)
                    self._compare("page HTML", page.file.src_uri, content, page.content)
                else:
                    kept.restore(page, files)
                    page.content = content
                if (kept_parts := keys[kept.key]) is not None:
                    self._apart[page.file.src_uri] = (kept.content, kept_parts.texts, content)
                self.counts.count("page HTML", kept=True)  # or would have been, verified
                return
            if self._convert(page, partial(convert, config, files), config, where, parts) and self.verify:
                made = page.content  # joined: compared with the page converted whole
                convert(config, files)
                self._compare("page HTML", page.file.src_uri, made, page.content)

        page.render = render  # type: ignore[method-assign]

    def _convert(
        self,
        page: Page,
        convert: Callable[[], None],
        config: MkDocsConfig,
        where: tuple[str, ...],
        parts: SplitPage | None,
    ) -> bool:
        """Convert `page`, its links' texts apart where they can be (else whole), and keep it; True if apart."""
        whole, rendered, logged = page.markdown or "", None, False
        if parts is not None:
            page.markdown = parts.markdown
            with LogRecords(alone=True) as records:  # given only if this conversion is the one used
                convert()
            page.markdown = whole
            apart = RenderedPage.of(digest(*where, parts.markdown), page)
            content = self._joined(apart, parts, config)
            if content is not None:
                for record in records.records:
                    logging.getLogger(record.name).handle(record)
                page.content, rendered, logged = content, apart, bool(records.records)
                self._apart[page.file.src_uri] = (apart.content, parts.texts, content)
        if rendered is None:
            with LogRecords() as records:
                convert()
            rendered, logged = RenderedPage.of(digest(*where, whole), page), bool(records.records)
        self.counts.count("page HTML", kept=False)
        if logged:  # warnings must be given again on every build, as a full build would
            self._rendered.pop(page.file.src_uri, None)
        else:
            self._rendered[page.file.src_uri] = rendered
        return page.file.src_uri in self._apart  # set above, this build, only when the texts were put back

    def _joined(self, rendered: RenderedPage, parts: SplitPage | None, config: MkDocsConfig) -> str | None:
        """A kept page's HTML with its links' texts put back; None if they cannot be."""
        if parts is None:
            return rendered.content
        settings = self._once("markdown", config, lambda: config_state(config, MARKDOWN_SETTINGS))
        titles = toc_titles(rendered.toc) + (rendered.title or "")
        return self.texts.joined(settings, config, rendered.key, rendered.content, parts.texts, titles)

    # ---- Search entries ----

    def cache_search_entries(self, index: Any, settings: object) -> None:
        """Have Material's search index add a page's entries from the last build if the page is the same (apart from
        its links' texts, which are put into the entries kept)."""
        add = index.add_entry_from_context

        def entries_of(page: Page, content: str) -> list[dict[str, Any]]:
            shown, page.content, before = page.content, content, len(index.entries)
            add(page)
            made = [dict(entry) for entry in index.entries[before:]]
            del index.entries[before:]
            page.content = shown
            return made

        def add_entry_from_context(page: Page) -> None:
            apart = self._apart.get(page.file.src_uri)
            texts = self.texts.for_search(apart[1]) if apart is not None and page.content == apart[2] else None
            content = apart[0] if apart is not None and texts is not None else page.content or ""
            key = digest(settings, page.url, page.title, repr(page.meta), toc_state(page.toc), content)
            kept = self._kept.get(("search entries", page.file.src_uri))
            if kept is not None and kept[0] == key and not self.verify:
                index.entries.extend(with_texts(entry, texts) for entry in kept[1])
                self.counts.count("search entries", kept=True)
                return
            made = entries_of(page, content)
            if kept is not None and kept[0] == key:
                self._compare("search entries", page.file.src_uri, kept[1], made)
            self._kept[("search entries", page.file.src_uri)] = (key, made)
            index.entries.extend(with_texts(entry, texts) for entry in made)
            if self.verify and texts is not None:  # the texts put in, compared with the entries of the page as shown
                shown = [with_texts(entry, texts) for entry in made]
                self._compare("search entries", page.file.src_uri, shown, entries_of(page, page.content or ""))
            self.counts.count("search entries", kept=kept is not None and kept[0] == key)  # verified, in verify mode

        index.add_entry_from_context = add_entry_from_context

    # ---- Pages as the theme renders them ----

    def cache_theme(self, env: Environment, config: MkDocsConfig, site_state: Callable[[], str]) -> None:
        """Have each page's template render only when the page, the menu or anything site-wide changed.

        `site_state` digests what the theme's templates read from the model (the plugin's globals).
        """
        get_template = env.get_template
        theme_dir = config.theme.custom_dir

        def site_wide(context: dict[str, Any]) -> str:
            own_templates = folders_state([Path(theme_dir)]) if theme_dir else ""
            # What any plugin gave the templates (the model itself is read through `site_state`).
            given = mapping_state(env.globals, ["portal"]), mapping_state(env.filters, ())
            # The menu as written in the configuration is left to menu_state(), which reads it as each page shows it.
            return digest(config_state(config, leave_out=["nav"]), own_templates, given, site_state())

        def render(template: Template, context: dict[str, Any]) -> str:
            page: Page = context["page"]
            site = self._once("site", context["nav"], lambda: site_wide(context))
            extra = mapping_state(context, _MKDOCS_CONTEXT)
            menu = menu_state(context["nav"], page, config.theme.get("features") or ())
            content = page.content or ""
            # The frame around the page's HTML is kept, with a slot where the HTML goes: a change to the
            # text alone fills the slot again. Material's template asks one thing of the HTML, whether it
            # holds an <h1>, so the slot holds one when the HTML does.
            h1 = "<h1" in content
            slot = self._slot + ("<h1" if h1 else "")
            key = digest(template.name, site, menu, page_state(page), extra, context["base_url"], h1)

            def frame() -> str:
                page.content = slot
                try:
                    return template.render(context)
                finally:
                    page.content = content

            name = page.file.src_uri
            last = self._kept.get(("page frame", name))
            html = digest(content)
            # The summary counts a page as made again when its frame or its HTML is new.
            same = last is not None and last[0] == key and self._html.get(name) == html
            self.counts.count("page", kept=same, name=name)
            self._html[name] = html
            framed = self.reuse("page frame", name, key, frame)
            if framed.count(slot) != 1:  # a theme that shows the page's HTML twice, or not at all
                return template.render(context)
            output = framed.replace(slot, content, 1)
            if self.verify:
                self._compare("page (filled frame)", page.file.src_uri, output, template.render(context))
            return output

        def get_page_template(name: str | Template, parent: str | None = None, globals: Any = None) -> Any:
            template = get_template(name, parent, globals)
            # Only MkDocs asks for a page's template with no parent, while building that page.
            if parent is not None or globals is not None or config._current_page is None:
                return template
            return _ThemeTemplate(template, render)

        env.get_template = get_page_template  # type: ignore[method-assign]

    # ---- The theme's files ----

    def cache_theme_listing(self, config: MkDocsConfig) -> None:
        """Have the theme's Jinja environment list its files again only when a file was added, removed or renamed."""
        theme = config.theme
        get_env = theme.get_env

        def get_env_listing_once() -> Environment:
            env = get_env()
            list_templates = env.list_templates

            def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
                # The filter MkDocs passes is a new function on every build; what it keeps depends on its code
                # and the theme's static templates.
                chosen = (getattr(filter_func, "__module__", None), getattr(filter_func, "__qualname__", None))
                key = digest(names_state(theme.dirs), extensions, chosen, theme.static_templates)
                listed = self.reuse("theme files", repr(chosen), key, lambda: list_templates(extensions, filter_func))
                return list(listed)

            env.list_templates = listing  # type: ignore[method-assign]
            return env

        theme.get_env = get_env_listing_once  # type: ignore[method-assign]

    # ---- What the HTML gate found ----

    def checked(self, kind: str, name: str, checked: object, check: Callable[[], T]) -> T:
        """What `check` finds, found again only if what it checks (`checked`: the text and settings) changed."""
        kept = self._kept.get((kind, name))
        if kept is not None and kept[0] == checked:
            self.counts.count(kind, kept=True)
            return kept[1]  # type: ignore[no-any-return]
        found = check()
        self._kept[(kind, name)] = (checked, found)  # type: ignore[assignment]
        self.counts.count(kind, kept=False)
        return found


class _ThemeTemplate:
    """A page's template whose render() goes through the preview cache; anything else is the template's."""

    def __init__(self, template: Template, render: Callable[[Template, dict[str, Any]], str]) -> None:
        self._template, self._render = template, render

    def render(self, context: dict[str, Any]) -> str:
        return self._render(self._template, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def check_for_changes_often(server: Any) -> None:
    """Look for saved files every 0.1 s instead of MkDocs' 0.5 s, and rebuild after 0.05 s, not 0.1 s.

    Edit-to-preview is a target (2 s, see BENCHMARKS.md) and the wait for the next look was a
    quarter of a second on average; a look at every watched file costs about 1.4 ms. MkDocs has no
    setting for the interval, so this sets watchdog's polling timeout where it exists and otherwise
    leaves MkDocs' defaults alone.
    """
    if hasattr(server, "build_delay"):
        server.build_delay = PREVIEW_BUILD_DELAY
    observer = getattr(server, "observer", None)
    for watcher in [observer, *getattr(observer, "emitters", ())]:
        if watcher is not None and isinstance(getattr(watcher, "_timeout", None), int | float):
            watcher._timeout = PREVIEW_POLL_SECONDS
