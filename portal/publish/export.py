"""The whole site as an engine-neutral project: plain Markdown, assets, theme partials and configuration.

The real MkDocs build runs, with the portal plugin and mkdocs-macros, and ExportCapture keeps what
it made, so the export renders nothing itself: one renderer for both. What the theme overrides read
from Python is made here once: partials about the whole site are rendered to static markup (links
stay `{{ '...' | url }}` for the engine to make relative), and the two partials about one page (the
review footer and the overdue notice) are rendered into that page. The result builds with stock
MkDocs + Material (mkdocs.yml) and with Zensical (which reads the same mkdocs.yml).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from portal.publish.export_capture import PAGE_PARTIALS, Capture, CapturedPage, ExportCapture, validation_settings
from portal.site.rendering import long_date

# Partials about the whole site that read the model: rendered once into static markup.
SITE_PARTIALS = (
    "partials/portal-head.html",
    "partials/portal-help-bar.html",
    "partials/portal-nation.html",
    "partials/copyright.html",
)
ABBREVIATIONS = "portal.abbreviations"
THEME_KEYS = ("language", "font", "favicon", "logo", "palette", "features", "icon")
# The edit button would point at the export's copy of a page; the review footer links to the real source.
DROPPED_FEATURES = frozenset({"content.action.edit", "content.action.view"})
_URL = re.compile("\x00([^\x00]*)\x00")
_JINJA = re.compile(r"\{[{%#]")


class ExportError(Exception):
    """The export could not be made: one line saying why."""


@dataclass(frozen=True)
class ExportSummary:
    """What was written."""

    folder: Path
    pages: int
    files: int


def export_project(config_file: Path, target: Path) -> ExportSummary:
    """Build the site from `config_file` and write the engine-neutral project to `target` (new or empty)."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target} already exists and is not an empty folder: choose a new one")
    capture = Capture()
    with tempfile.TemporaryDirectory(prefix="portal-export-") as scratch:
        try:
            config = load_config(str(config_file), site_dir=str(Path(scratch) / "site"))
            config.plugins["portal-export"] = ExportCapture(capture)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as failed:
            raise ExportError(f"the site did not build, so nothing was exported: {failed}") from None
        # Written beside the target and moved into place whole: a failure leaves nothing half-written.
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            _write(capture, staging)
            staging.chmod(0o777 & ~_umask())  # mkdtemp's folder is private; an export is for publishing
            if target.exists():
                target.rmdir()
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return ExportSummary(target, len(capture.pages), len(capture.files))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write(capture: Capture, folder: Path) -> None:
    config = capture.config
    assert config is not None, "the build never reached on_config"
    docs = folder / "docs"
    for src_uri, page in capture.pages.items():
        _write_file(docs / src_uri, page_text(page).encode("utf-8"))
    for src_uri, content in capture.files.items():
        _write_file(docs / src_uri, content)
    theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    if theme_dir and theme_dir.is_dir():
        shutil.copytree(theme_dir, folder / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
        freeze = frozen_partial(capture)
        for name in SITE_PARTIALS:
            (folder / "overrides" / name).write_text(freeze(name), encoding="utf-8")
        for name in PAGE_PARTIALS:
            (folder / "overrides" / name).write_text(
                "{#- Rendered into each page by the export (see ENGINES.md). -#}\n", encoding="utf-8"
            )
    settings = stock_config(config, has_overrides=bool(theme_dir and theme_dir.is_dir()))
    (folder / "mkdocs.yml").write_text(
        "# Written by `python3 dev.py export`: build with stock MkDocs + Material (`mkdocs build`) or with\n"
        "# Zensical (`zensical build`). Edit the guidance upstream and export again; see ENGINES.md.\n"
        + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def page_text(page: CapturedPage) -> str:
    """A page as Markdown with its front matter, the overdue notice above and the review footer below."""
    front = f"---\n{yaml.safe_dump(page.meta, sort_keys=False, allow_unicode=True)}---\n\n" if page.meta else ""
    parts = [_html_block(page.before), page.markdown.strip("\n"), _html_block(page.after)]
    return front + "\n\n".join(part for part in parts if part) + "\n"


def _html_block(html: str) -> str:
    """Markup made by a partial as a raw HTML block: no blank or indented lines for Markdown to misread."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def frozen_partial(capture: Capture) -> Callable[[str], str]:
    """Render a site-wide partial to static markup whose links the engine still makes relative."""
    config = capture.config
    assert config is not None and capture.env is not None
    environment = jinja2.Environment(loader=capture.env.loader, autoescape=False, undefined=jinja2.StrictUndefined)
    environment.filters["url"] = lambda path: f"\x00{path}\x00"
    environment.filters["long_date"] = long_date
    environment.globals.update(capture.env.globals)
    environment.globals["portal_page"] = lambda src_uri: capture.urls[src_uri]
    environment.globals["portal_feed_links"] = True
    environment.globals["config"] = config

    def render(name: str) -> str:
        try:
            html = environment.get_template(name).render()
        except jinja2.TemplateError as failed:
            raise ExportError(
                f"overrides/{name} cannot be rendered for the whole site ({failed}): it may read only "
                "`portal`, `portal_page` and `config`, not a page's values (see CONTRIBUTING.md)"
            ) from None
        pieces = _URL.split(html)  # static text, a link, static text, a link, ...
        out = []
        for index, piece in enumerate(pieces):
            if index % 2:
                out.append("{{ '" + piece.replace("\\", "\\\\").replace("'", "\\'") + "' | url }}")
            else:
                out.append("{% raw %}" + piece + "{% endraw %}" if _JINJA.search(piece) else piece)
        return "".join(out)

    return render


def stock_config(config: MkDocsConfig, has_overrides: bool) -> dict[str, Any]:
    """mkdocs.yml for the export: the finished settings, the theme and Markdown, no portal or macros plugin."""
    theme: dict[str, Any] = {"name": config.theme.name}
    if has_overrides:
        theme["custom_dir"] = "overrides"
    for key in THEME_KEYS:
        if key in config.theme and config.theme[key] not in (None, {}, []):
            theme[key] = config.theme[key]
    theme["features"] = [f for f in theme.get("features", ()) if f not in DROPPED_FEATURES]
    # Zensical's default look is its new "modern" one; "classic" is Material's, which our styles
    # were written for. Material ignores the setting.
    theme["variant"] = "classic"
    extensions: list[Any] = []
    for name in config.markdown_extensions:
        if not isinstance(name, str):
            continue
        options = config.mdx_configs.get(name)
        # The glossary's abbreviations through the standard extension (the portal's is only faster).
        name = "abbr" if name == ABBREVIATIONS else name
        extensions.append({name: _plain(options)} if options else name)
    settings: dict[str, Any] = {
        # Escaped by the plugin (Material writes them into attributes as they are); plain text for YAML.
        "site_name": str(config.site_name),
        "site_description": str(config.site_description),
        "site_url": config.site_url or None,
        "docs_dir": "docs",
        "site_dir": "site",
        "strict": bool(config.strict),
        "use_directory_urls": config.use_directory_urls,
        "edit_uri": "",
        "validation": validation_settings(config),
        "theme": theme,
        "extra_css": list(config.extra_css),
        "extra_javascript": [_script(script) for script in config.extra_javascript],
        "extra": _plain(dict(config.extra)),
        "markdown_extensions": extensions,
        "plugins": [{"search": {"lang": config.theme["language"] or "en"}}],
        "nav": config.nav,
    }
    return {key: value for key, value in settings.items() if value is not None}


def _script(script: Any) -> Any:
    """An extra_javascript entry as mkdocs.yml spells it (a path, or a path with attributes)."""
    if isinstance(script, str):
        return script
    attributes = {key: getattr(script, key) for key in ("type", "defer", "async") if getattr(script, key, None)}
    return {"path": str(script.path), **attributes} if attributes else str(script.path)


def _plain(value: Any) -> Any:
    """Settings as YAML can write them: mappings and lists of text, numbers and booleans."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ExportError(f"a setting cannot be written to mkdocs.yml: {value!r}")


def configure_logging() -> None:
    """Show MkDocs' warnings as one line each, as `mkdocs build` does."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if not os.environ.get("PORTAL_EXPORT_VERBOSE") else logging.INFO)
