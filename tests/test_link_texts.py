"""Links' texts set apart from a page's Markdown (portal/site/link_texts.py): the HTML is what the whole page makes.

The preview converts a page with its links' texts as tokens and puts each text's HTML back; these compare that
with converting the page whole, with the site's own Markdown settings and glossary, on pages written to trip it.
tests/test_preview_cache.py checks the same on every page of the site, through `mkdocs serve` in verify mode.
"""

from __future__ import annotations

import markdown
import pytest
import yaml

from conftest import ROOT
from portal.site.link_texts import TextHtml, joined, search_text, split


def site_markdown() -> tuple[list[object], dict[str, object]]:
    """The Markdown extensions and settings in mkdocs.yml, with a small glossary."""
    extensions: list[object] = []
    configs: dict[str, object] = {}
    listed = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    for entry in listed["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        extensions.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name] or {}
    configs.setdefault("portal.abbreviations", {})["glossary"] = {"CSE": "Child sexual exploitation", "DSL": "lead"}
    return extensions, configs


EXTENSIONS, CONFIGS = site_markdown()


def whole_and_apart(text: str) -> tuple[str, str | None]:
    """The page's HTML converted whole, and converted with its links' texts apart and put back (None: refused)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    whole = md.convert(text)
    parts = split(text)
    if parts is None:
        return whole, whole
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    apart = md.convert(parts.markdown)
    text_html = TextHtml(EXTENSIONS, CONFIGS).add(parts.texts)
    return whole, joined(apart, parts.texts, text_html, "")  # no heading here holds a link


SAME = [
    "See [Grooming](../grooming/) and [Sharing nudes](../sharing-nudes/).",
    '- [Child sexual exploitation (CSE)](cse.md)\n- [The DSL\'s *first* steps](dsl.md "title")',
    "| Risk | Page |\n|---|---|\n| CSE | [CSE & **grooming**](x.md) |",
    '!!! note "Next"\n    Read [the `code` and the keys](a.md) first.',
    "```\n[fenced](f.md)\n```\n\n[a link](a.md)",
    '<a href="x">[inside a raw link](y.md)</a>',
    "*Emphasis around [a link](a.md) here* and **[bold link](b.md)**",
    "A [link](a.md){: .md-button } with attributes, and ![an image](pic.png) that stays.",
    "Term\n:   [Defined by a link](d.md)",
    "<div markdown>\n[Inside a Markdown block](m.md)\n</div>",
    'Dashes -- and [quotes "like this"](q.md) stay as written.',
    '??? info "More"\n    - [Hidden away](h.md)\n\n1. [Numbered](n.md)',
]


# Where a token would come out as anything but a link's whole text: the page must be converted whole.
REFUSED = [
    "`[code](c.md)` in a code span",
    "<div>\n[raw HTML block](r.md)\n</div>\n\n[a link](a.md)",
    "A [link](a.md) and `[a code span](c.md)`",
]


@pytest.mark.parametrize(("text", "apart_ok"), [*((t, True) for t in SAME), *((t, False) for t in REFUSED)])
def test_links_texts_apart_make_the_whole_pages_html_or_are_refused(text: str, apart_ok: bool) -> None:
    whole, apart = whole_and_apart(text)
    assert split(text) is not None, "no link text was set apart"
    assert apart == (whole if apart_ok else None)


def test_headings_images_and_own_abbreviations_keep_their_texts_in_place() -> None:
    heading = split("# [A heading link](h.md)\n\nSetext [link](s.md)\n---\n\n[Body](b.md)\n")
    assert heading is not None and heading.texts == ("Body",)
    assert "# [A heading link](h.md)" in heading.markdown and "Setext [link](s.md)" in heading.markdown
    assert split("![alt text](p.png) and \\[not a link](x.md)") is None
    assert split("[Texts](t.md)\n\n*[DSL]: designated safeguarding lead\n") is None
    assert split("[ends in a backslash\\](x.md)") is None


def test_a_token_left_anywhere_but_a_link_is_refused() -> None:
    parts = split("[One](a.md) and [Two](b.md)")
    assert parts is not None and parts.texts == ("One", "Two")
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    html = md.convert(parts.markdown)
    texts = TextHtml(EXTENSIONS, CONFIGS).add(parts.texts)
    assert joined(html, parts.texts, texts, "") == '<p><a href="a.md">One</a> and <a href="b.md">Two</a></p>'
    assert joined(html.replace("<a href", "<span data-href", 1), parts.texts, texts, "") is None
    assert joined(html, parts.texts, texts, parts.markdown) is None  # a token in the table of contents
    assert joined(html, parts.texts[:1], texts, "") is None


def test_a_texts_search_form_is_what_materials_index_holds_or_refused_where_the_rest_decides() -> None:
    assert search_text('<abbr title="Child sexual exploitation">CSE</abbr> and more') == "CSE and more"
    assert search_text("fish &amp; chips") == "fish &amp; chips"
    assert search_text("<em>stressed</em> words") == "stressed words"
    # Kept tags are dropped when empty by looking back through the whole section; spaces at the ends merge.
    assert search_text("<code>x</code> in code") is None
    assert search_text(" padded") is None
    assert search_text('<span data-search-exclude="">hidden</span>') is None
