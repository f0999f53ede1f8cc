"""Short digests of what a page is made from, so that the preview can tell when an output must be made again.

Each digest covers everything its output is read from; two equal digests mean the output would be the same
byte for byte. Objects are read through their repr(), which for the model's frozen dataclasses and MkDocs'
configuration lists every field; a value whose repr holds a memory address only makes a digest change more
often (a slower preview), never less.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

CONTENT_LIMIT = 2_000_000  # files larger than this are told apart by size, time and inode, not read
# The settings the Markdown of a page is converted with (MkDocs' Page.render reads these and the files).
MARKDOWN_SETTINGS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation", "docs_dir")


def digest(*parts: object) -> str:
    """A 128-bit digest of `parts` (text as it is, bytes as they are, anything else by its repr)."""
    found = hashlib.blake2b(digest_size=16)
    for part in parts:
        text = part if isinstance(part, str | bytes) else repr(part)
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        found.update(len(data).to_bytes(8, "little"))
        found.update(data)
    return found.hexdigest()


def folders_state(folders: Iterable[Path]) -> str:
    """Every file under `folders`: its path and its bytes (its size, time and inode if it is large or a link)."""
    found = hashlib.blake2b(digest_size=16)
    for folder in folders:
        found.update(f"\0{folder}\0".encode("utf-8", "surrogatepass"))
        if not folder.is_dir():
            continue
        for here, subfolders, names in os.walk(folder):
            subfolders.sort()
            for name in sorted(names):
                path = os.path.join(here, name)
                found.update(f"\0{os.path.relpath(path, folder)}\0".encode("utf-8", "surrogatepass"))
                state = os.lstat(path)
                found.update(f"{state.st_mode} {state.st_size} {state.st_mtime_ns} {state.st_ino}".encode())
                if os.path.islink(path):
                    found.update(os.readlink(path).encode("utf-8", "surrogatepass"))
                elif state.st_size <= CONTENT_LIMIT:
                    try:
                        found.update(Path(path).read_bytes())
                    except OSError:
                        found.update(b"\0unreadable")
    return found.hexdigest()


def config_state(config: MkDocsConfig, names: Iterable[str] | None = None, leave_out: Iterable[str] = ()) -> str:
    """The configuration as the build left it (after every plugin's on_config), or only the settings `names`."""
    if names is not None:
        return digest(*((name, config.get(name)) for name in names))
    theme = config.theme
    plugins = [(name, dict(plugin.config)) for name, plugin in config.plugins.items()]
    skipped = {"plugins", *leave_out}
    settings = sorted((name, repr(value)) for name, value in config.items() if name not in skipped)
    return digest(settings, plugins, theme.dirs, dict(theme.items()), theme.static_templates)


def names_state(folders: Iterable[str | Path]) -> str:
    """The name of every file and folder under `folders` (not what they hold): what a listing of them shows."""
    found = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for here, subfolders, names in os.walk(folder):
            subfolders.sort()
            found.update("\0".join([str(here), *subfolders, "", *sorted(names), ""]).encode("utf-8", "surrogatepass"))
    return found.hexdigest()


def files_state(files: Files) -> str:
    """Where every file of the site comes from and is published: what links in a page resolve to."""
    return digest(sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files))


def toc_state(toc: Iterable[AnchorLink]) -> tuple[Any, ...]:
    """A page's table of contents as plain values."""
    return tuple((item.title, item.id, item.level, toc_state(item.children)) for item in toc)


# What Material's menu reads from a page's front matter (partials/nav-item.html); the page's own is read whole.
_MENU_META = ("icon", "status", "subtitle")
# Features with which Material renders sections other than the open one in full (see menu_state).
_FULL_MENU_FEATURES = ("navigation.tabs", "navigation.sections")


def menu_state(nav: Navigation, page: Page, features: Iterable[str]) -> tuple[Any, ...]:
    """The menu as Material renders it on `page`: with navigation.prune, a closed section is only its title
    and the address of its first page, so a change inside it leaves every page outside it as it was."""
    pruned = "navigation.prune" in features and not any(f in features for f in _FULL_MENU_FEATURES)
    open_sections = {id(section) for section in page.ancestors}

    def first_address(section: Section) -> Any:
        first = section.children[0] if section.children else None
        if isinstance(first, Section) and first.children:
            return first_address(first)
        return getattr(first, "url", None)

    def state(items: Iterable[Any]) -> tuple[Any, ...]:
        found: list[Any] = []
        for item in items:
            if isinstance(item, Section):
                if pruned and id(item) not in open_sections:
                    found.append(("closed section", item.title, first_address(item), bool(item.children)))
                else:
                    found.append(("section", item.title, state(item.children)))
            elif isinstance(item, Page):
                meta = tuple(item.meta.get(name) for name in _MENU_META) if item.meta else None
                found.append(("page", item.title, item.url, item.is_index, meta, getattr(item, "encrypted", None)))
            else:
                found.append(("link", item.title, item.url))
        return tuple(found)

    return state(nav.items), nav.homepage.url if nav.homepage else None


def page_state(page: Page) -> tuple[Any, ...]:
    """What a theme template reads from the page it renders, besides the menu."""
    neighbours = tuple((p.title, p.url) if p is not None else None for p in (page.previous_page, page.next_page))
    return (
        page.file.src_uri,
        page.file.dest_uri,
        page.url,
        page.canonical_url,
        page.abs_url,
        page.edit_url,
        page.title,
        page.is_homepage,
        repr(page.meta),
        toc_state(page.toc),
        neighbours,
        tuple(ancestor.title for ancestor in page.ancestors),
    )


def mapping_state(values: Mapping[str, Any], leave_out: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Every entry of `values` but those named, by its repr (a function by its module and name, as a new
    function object is made for each build)."""
    skipped = set(leave_out)
    return tuple(sorted((name, _value_state(value)) for name, value in values.items() if name not in skipped))


def _value_state(value: Any) -> str:
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return repr(value)
