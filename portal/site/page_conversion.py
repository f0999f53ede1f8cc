"""Each page's Markdown made into HTML: what a conversion leaves on a page, and `mkdocs build` on every processor.

MkDocs converts the pages one after another, and conversion is about half of a build. Under `mkdocs build`
the portal lets it read every page as usual (front matter, every plugin's on_page_markdown) and hands each
page's finished Markdown to worker processes forked from the build; the build's own process converts what
they have not started by the time every page is read, and puts the HTML back on the pages before the theme
needs it (on_env). The same code converts the same text, so the site is the same byte for byte
(tests/test_page_conversion.py builds it both ways). What a conversion logs is given by the build's process,
so that strict mode counts its warnings.

PORTAL_PROCESSES sets how many processes convert (1: the build's own alone); by default one per processor.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

PROCESSES = "PORTAL_PROCESSES"
# Below this many pages, starting a worker costs more than it saves (and the tests build many tiny sites).
MIN_PAGES = 24
log = logging.getLogger("mkdocs.plugins.portal")


@dataclass
class RenderedPage:
    """A page's HTML and what MkDocs learnt while converting its Markdown."""

    key: str
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the src_uri of the page linked to

    @classmethod
    def of(cls, key: str, page: Page) -> RenderedPage:
        links = page.links_to_anchors
        kept = {f.src_uri: dict(found) for f, found in links.items()} if links is not None else None
        anchors = set(page.present_anchor_ids) if page.present_anchor_ids is not None else None
        return cls(key, page.content or "", page.toc, page._title_from_render, anchors, kept)

    def restore(self, page: Page, files: Files) -> None:
        page.content, page.toc, page._title_from_render = self.content, self.toc, self.title
        page.present_anchor_ids = set(self.anchors) if self.anchors is not None else None
        if self.links is not None:
            page.links_to_anchors = {files.src_uris[uri]: dict(found) for uri, found in self.links.items()}


class LogRecords(logging.Handler):
    """What is logged while it is attached to MkDocs' logger and the root; `alone` keeps it from their handlers."""

    def __init__(self, alone: bool = False) -> None:
        super().__init__(logging.INFO)
        self.alone = alone
        self.records: list[logging.LogRecord] = []
        self._others: list[tuple[logging.Logger, list[logging.Handler]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> LogRecords:
        for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
            self._others.append((logger, logger.handlers[:]))
            logger.handlers = [self] if self.alone else [*logger.handlers, self]
        return self

    def __exit__(self, *_: object) -> None:
        for logger, handlers in self._others:
            logger.handlers = handlers
        self._others.clear()


class ParallelConversion:
    """Pages converted by worker processes while MkDocs reads the rest, collected before the theme runs."""

    def __init__(self, config: MkDocsConfig, files: Files, workers: int) -> None:
        self._config, self._files = config, files
        self._pool: ProcessPoolExecutor | None = None
        self._workers = workers
        self._waiting: dict[str, tuple[Page, Future[Converted]]] = {}  # by src_uri, in the order MkDocs reads

    @classmethod
    def for_build(cls, config: MkDocsConfig, files: Files, pages: int, own: object) -> ParallelConversion | None:
        """One for this build, or None where converting in turn is as quick or would change what a plugin sees."""
        # Forking is how a worker gets the build's configuration and files; macOS and Windows lack a safe fork.
        if sys.platform != "linux" or pages < MIN_PAGES:
            return None
        wanted = os.environ.get(PROCESSES, "").strip()
        processes = int(wanted) if wanted.isdigit() else len(os.sched_getaffinity(0))
        if processes < 2:
            return None
        # Another plugin's on_page_content would see a page before its HTML exists.
        if any(getattr(method, "__self__", None) is not own for method in config.plugins.events["page_content"]):
            return None
        return cls(config, files, processes - 1)  # the build's own process converts too

    def defer(self, page: Page) -> None:
        """Have `page`'s render hand its Markdown to a worker; its HTML is put back by collect()."""

        def render(config: MkDocsConfig, files: Files) -> None:
            if self._pool is None:
                global _BUILD
                _BUILD = (self._config, self._files)  # the workers are forked with it on the first page
                self._pool = ProcessPoolExecutor(self._workers, multiprocessing.get_context("fork"))
            assert page.markdown is not None
            future = self._pool.submit(_convert, page.file.src_uri, page.markdown)
            self._waiting[page.file.src_uri] = (page, future)
            page.content = ""  # until collect(): MkDocs asks for some HTML after each page's render

        page.render = render  # type: ignore[method-assign]

    def waiting(self, page: Page) -> bool:
        """Whether `page`'s HTML is still being made (its on_page_content then waits for collect())."""
        return page.file.src_uri in self._waiting

    def collect(self) -> Iterator[Page]:
        """Each page handed to the workers, in the order MkDocs read them, its HTML back and its log given."""
        try:
            waiting = list(self._waiting.values())
            made_here: dict[str, Converted] = {}
            # The workers take pages from the start: what they have not begun is converted here, from the end.
            for page, future in reversed(waiting):
                if not future.cancel():
                    break
                made_here[page.file.src_uri] = self._here(page)
            for page, future in waiting:
                converted = made_here.get(page.file.src_uri) or _result(future) or self._here(page)
                converted.rendered.restore(page, self._files)
                del self._waiting[page.file.src_uri]
                for record in converted.records:
                    logging.getLogger(record.name).handle(record)
                yield page
            if waiting:
                by_workers = len(waiting) - len(made_here)
                log.info(f"Pages converted in {self._workers + 1} processes: {by_workers} by workers")
        finally:
            self.close()

    def _here(self, page: Page) -> Converted:
        """`page` converted in the build's own process; a failure is reported as MkDocs reports it."""
        try:
            return _converted(page, self._config, self._files)
        except Exception as error:
            log.error(f"Error reading page '{page.file.src_uri}': {error}")
            raise

    def close(self) -> None:
        """Stop the workers (after the last page, or when the build fails)."""
        self._waiting = {}
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass
class Converted:
    """A page's conversion as it crosses from a worker: the HTML and what MkDocs learnt, and the log."""

    rendered: RenderedPage
    records: list[logging.LogRecord]


_BUILD: tuple[MkDocsConfig, Files] | None = None  # the build's configuration and files, in a forked worker


def _convert(src_uri: str, markdown: str) -> Converted:
    """In a worker: convert one page of the build it was forked from."""
    config, files = _BUILD  # type: ignore[misc]
    file = files.src_uris[src_uri]
    page = file.page or Page(None, file, config)  # pages outside the menu are made as MkDocs reads them
    page.markdown = markdown
    return _converted(page, config, files)


def _converted(page: Page, config: MkDocsConfig, files: Files) -> Converted:
    """Convert one page as MkDocs' Page.render does, keeping what it logs instead of giving it."""
    with LogRecords(alone=True) as logged:
        Page.render(page, config, files)
    for record in logged.records:  # their arguments may be objects a pipe cannot carry
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
    return Converted(RenderedPage.of("", page), logged.records)


def _result(future: Future[Converted]) -> Converted | None:
    """A worker's conversion, or None if it was not made there (cancelled, or failed: made here, to fail alike)."""
    if future.cancelled():
        return None
    try:
        return future.result()
    except Exception:
        return None
