"""An MkDocs plugin that runs last and keeps what the real build made: each page's final Markdown, files and menu."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

# How mkdocs.yml spells the levels of its `validation` settings.
LEVEL_NAMES = {logging.WARNING: "warn", logging.INFO: "info", logging.DEBUG: "ignore"}
# Partials that show one page's review: an engine without our plugin gets them baked into the page.
PAGE_PARTIALS = ("partials/portal-overdue.html", "partials/portal-review.html")


def validation_settings(config: MkDocsConfig) -> dict[str, dict[str, str]]:
    """The finished `validation` settings as mkdocs.yml spells them, for a configuration written out."""
    return {
        group: {check: LEVEL_NAMES[level] for check, level in checks.items()}
        for group, checks in config.validation.items()
    }


@dataclass
class CapturedPage:
    """One page as the theme receives it: front matter, Markdown, and its review markup made here."""

    meta: dict[str, Any]
    markdown: str
    before: str = ""  # the overdue notice
    after: str = ""  # the review footer


@dataclass
class Capture:
    """Everything a build made that an engine-neutral copy needs."""

    config: MkDocsConfig | None = None
    pages: dict[str, CapturedPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)  # each page's address, from its source path
    env: Any = None


class ExportCapture(BasePlugin):  # type: ignore[type-arg]  # no options
    """Registered after every other plugin, so each event sees what the portal and mkdocs-macros made."""

    def __init__(self, capture: Capture) -> None:
        super().__init__()
        self.capture = capture

    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.capture.config = config
        return config

    # Pages are written from their Markdown; every other file (styles, scripts, images, feeds, open
    # data, a hosted copy's logo) is kept as it is. The theme's own files come with the engine.
    @event_priority(-100)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        theme_dirs = [Path(folder).resolve() for folder in config.theme.dirs]
        for file in files:
            if file.is_documentation_page():
                self.capture.urls[file.src_uri] = file.url
                continue
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if source and any(source.is_relative_to(folder) for folder in theme_dirs):
                continue
            self.capture.files[file.src_uri] = file.content_bytes
        return files

    @event_priority(-100)
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.capture.env = env
        return env

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.capture.pages[page.file.src_uri] = CapturedPage(dict(page.meta), markdown)
        return markdown

    # The review footer and overdue notice, made with the page's own context (links relative to it).
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        captured = self.capture.pages[page.file.src_uri]
        if context.get("portal_overdue"):
            captured.before = self.capture.env.get_template(PAGE_PARTIALS[0]).render(context)
        captured.after = self.capture.env.get_template(PAGE_PARTIALS[1]).render(context)
        return context
