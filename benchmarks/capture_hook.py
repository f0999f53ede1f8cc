"""MkDocs hook for the scale benchmark: keep each page's final Markdown, the menu and every other file.

Hooks run after every plugin, so the Markdown captured is what the portal and mkdocs-macros made of
the page: the same content a plain Material site is then built from, as the baseline.
Enabled by PORTAL_CAPTURE_DIR; writes <dir>/docs/ and <dir>/capture.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from portal.publish.export_capture import validation_settings

TARGET = Path(os.environ.get("PORTAL_CAPTURE_DIR", "capture"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Record the finished menu and Markdown settings, after the portal has added its pages."""
    extensions = [
        {name: config.mdx_configs[name]} if name in config.mdx_configs else name
        for name in config.markdown_extensions
        if isinstance(name, str)
    ]
    settings: dict[str, Any] = {
        "nav": config.nav,
        "markdown_extensions": extensions,
        "site_name": config.site_name,
        "strict": config.strict,
        "validation": validation_settings(config),
        "extra_css": list(config.extra_css),
        "extra_javascript": [str(script) for script in config.extra_javascript],
        "theme": {
            "features": list(config.theme["features"]),
            "palette": config.theme["palette"],
            "logo": config.theme["logo"],
            "favicon": config.theme["favicon"],
        },
    }
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "capture.json").write_text(json.dumps(settings, indent=1, default=str), encoding="utf-8")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Copy every file that is not a page (styles, scripts, images), generated ones included."""
    for file in files:
        if not file.is_documentation_page():
            target = TARGET / "docs" / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content_bytes)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write the page as the theme will receive it, with its front matter."""
    # Tags are left out: plain Material copies them onto every section, which would slow the baseline.
    meta = {k: v for k, v in page.meta.items() if k != "tags" and isinstance(v, str | int | float | bool | list | dict)}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n" if meta else ""
    target = TARGET / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
