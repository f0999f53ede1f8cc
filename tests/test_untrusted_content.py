"""Untrusted content never runs code, reads files or adds script (SECURITY.md).

Pages (docs/, a hosted copy's local/docs/), data files and a hosted copy's images come from people
we do not know. Each way in found so far has a case here, with variants, and a valid look-alike as
a control: the page Jinja allow-list and its sandbox, the Markdown rules for data and pages, SVG
images, the files published beside pages, and the HTML gate the build runs on every page. The
last section builds real sites with a canary secret in the environment and in a file, and proves
that nothing a page or data file says publishes either.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import SecurityError, TemplateRuntimeError, UndefinedError
from test_validation import TODAY, edit, errors_for

from conftest import MINIMAL, ROOT, SAMPLE_FORK, copy_project, mkdocs_build
from portal.checks.page_templates import PageSandbox, check_page_template, page_sandbox
from portal.checks.svg_images import check_svg
from portal.model.loader import load_guidance
from portal.model.page_sources import load_pages
from portal.model.project import load_project
from portal.site.html_gate import content_violations, page_violations, scheme, site_violations
from portal.source.errors import DataError, DataErrors
from portal.source.files import scan_tree
from portal.source.schemas import SCHEMA_DIR, SchemaSet

MACROS = {"faq_list", "help_box", "resource_directory", "risk_links", "audience_list"}
RISK = "risks/fixture-risk.yml"


def page_errors(markdown: str) -> list[str]:
    """The Jinja check's errors for a page, as 'line: field: problem'."""
    return [f"{e.line}: {e.field}: {e.problem}" for e in check_page_template(markdown, "docs/p.md", 1, MACROS)]


# ---- Page templates: macro calls with plain values, and nothing else ----

# Each reaches Python, the environment or a file through Jinja, or could; none is a macro call.
ESCAPES = {
    "environment through map(attribute=)": '{{ [lipsum] | map(attribute="__globals__.os.environ.SECRET") | list }}',
    "shell through a filter's result": '{{ (([lipsum] | map(attribute="__globals__.os.popen") | first)("id")) }}',
    "selectattr": '{{ [lipsum] | selectattr("__globals__") | list }}',
    "sort(attribute=)": '{{ [lipsum] | sort(attribute="__globals__.os") }}',
    "groupby": '{{ [lipsum] | groupby("__globals__") }}',
    "sum(attribute=)": '{{ [lipsum] | sum(attribute="__globals__") }}',
    "unique(attribute=)": '{{ [lipsum] | unique(attribute="__globals__") | list }}',
    "min(attribute=)": '{{ [lipsum] | min(attribute="__globals__") }}',
    "max(attribute=)": '{{ [lipsum] | max(attribute="__globals__") }}',
    "join(attribute=)": '{{ [lipsum] | join(attribute="__globals__") }}',
    "attr filter": '{{ lipsum | attr("__globals__") }}',
    "private attribute": "{{ lipsum.__globals__ }}",
    "cycler global": "{{ cycler.__init__.__globals__ }}",
    "joiner global": "{{ joiner() }}",
    "namespace global": "{{ namespace(a=1) }}",
    "range global": "{{ range(10) }}",
    "dict global": "{{ dict(a=1) }}",
    "a variable": "{{ config }}",
    "a subscript": "{{ config['plugins'] }}",
    "a method of a macro's result": "{{ faq_list().upper() }}",
    "an attribute of a macro": "{{ faq_list.__globals__ }}",
    "a call of a call": "{{ faq_list()() }}",
    "a filter on a macro": "{{ faq_list() | safe }}",
    "a variable as an argument": "{{ risk_links(limit=config) }}",
    "a filter in an argument": '{{ risk_links(limit=[lipsum] | map(attribute="x") | list) }}',
    "unpacked arguments": "{{ faq_list(*config) }}",
    "unpacked keywords": "{{ faq_list(**config) }}",
    "arithmetic": "{{ 7 * 7 }}",
    "concatenation": "{{ faq_list() ~ 'x' }}",
    "if-expression": "{{ faq_list() if config else '' }}",
    "a test": "{{ config is defined }}",
    "{% set %}": "{% set x = lipsum %}",
    "{% for %}": "{% for x in [1] %}{{ x }}{% endfor %}",
    "{% if %}": "{% if true %}yes{% endif %}",
    "{% include %}": '{% include ".git/config" %}',
    "{% import %}": '{% import "x" as y %}',
    "{% from import %}": '{% from "x" import y %}',
    "{% extends %}": '{% extends "x" %}',
    "{% macro %}": "{% macro m() %}x{% endmacro %}",
    "{% call %}": "{% call faq_list() %}x{% endcall %}",
    "{% filter %}": "{% filter upper %}x{% endfilter %}",
    "{% with %}": "{% with a = 1 %}{% endwith %}",
    "{% block %}": "{% block b %}{% endblock %}",
    "{% autoescape %}": "{% autoescape false %}x{% endautoescape %}",
}


@pytest.mark.parametrize("source", ESCAPES.values(), ids=list(ESCAPES))
def test_a_page_may_not_use_jinja_beyond_macro_calls(source: str) -> None:
    errors = check_page_template(f"# Title\n\nText.\n{source}\n", "docs/about.md", 3, MACROS)
    assert errors, source
    assert {(e.file, e.line) for e in errors} == {("docs/about.md", 6)}
    assert all(e.hint for e in errors)


def test_the_same_holds_before_the_macros_are_known() -> None:
    # `python3 dev.py check` runs without MkDocs: it checks the shape of every call without the names.
    for name, source in ESCAPES.items():
        if name not in {"a variable", "joiner global", "namespace global", "range global", "dict global"}:
            assert check_page_template(source, "docs/p.md", 1), name


def test_every_form_the_pages_use_passes() -> None:
    # Controls: the forms the shipped pages use, literal arguments of every kind, and braces shown as text.
    source = """
{{ faq_list() }} {{ help_box(more_link=False) }} {{ resource_directory(kinds=["helpline", "reporting"]) }}
{{ risk_links(limit=16) }} {{ risk_links(-1) }} {{ audience_list(limit=None) }} {{ "{{" }}
{{ resource_directory({"a": [1, 2.5, true, none]}, ("x", "y")) }}
{% raw %}{{ lipsum.__globals__ }} is shown as text{% endraw %}
{# a comment #}
"""
    assert page_errors(source) == []


def test_an_unknown_or_uncalled_macro_is_named_with_a_suggestion() -> None:
    assert page_errors("\n{{ help_bx() }}") == ["2: help_bx: unknown macro or variable"]
    errors = check_page_template("{{ help_box }}", "docs/p.md", 1, MACROS)
    assert [e.problem for e in errors] == ["'help_box' is a macro: call it as {{ help_box() }}"]


def test_deeply_nested_arguments_are_one_error_not_a_crash() -> None:
    errors = check_page_template("{{ faq_list(" + "[" * 5000 + "]" * 5000 + ") }}", "docs/p.md", 1, MACROS)
    assert len(errors) == 1 and errors[0].file == "docs/p.md"


# ---- The sandbox pages are rendered in ----


def sandbox() -> PageSandbox:
    def faq_list(limit: int = 3) -> str:
        return f"FAQS:{limit}"

    return page_sandbox(Environment(undefined=StrictUndefined), {"faq_list": faq_list})


def test_the_sandbox_calls_the_macros() -> None:
    assert sandbox().from_string("{{ faq_list(limit=2) }}").render() == "FAQS:2"


@pytest.mark.parametrize(
    "source",
    [
        "{{ lipsum }}",
        "{{ range(3) }}",
        "{{ cycler }}",
        "{{ faq_list.__globals__ }}",
        "{{ faq_list.__call__() }}",
        "{{ ''.__class__ }}",
        "{{ 'a'.upper() }}",
        "{{ config.plugins }}",
        "{{ x | list }}",
        "{{ 1 is odd }}",
    ],
)
def test_the_sandbox_refuses_everything_else(source: str) -> None:
    # The second line: even a page that got past the check could reach nothing but the macros.
    env = sandbox()
    with pytest.raises((SecurityError, UndefinedError, TemplateRuntimeError, Exception)) as raised:
        env.from_string(source).render(config={"plugins": "secret"}, x=[1])
    assert "secret" not in str(raised.value)


def test_the_sandbox_refuses_a_callable_passed_in_as_a_variable() -> None:
    with pytest.raises(SecurityError):
        sandbox().from_string("{{ f() }}").render(f=os.getcwd)


def test_the_real_build_renders_pages_in_the_sandbox(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    env = config.plugins["macros"].env
    assert isinstance(env, PageSandbox)
    builtin = {"context", "macros_info", "now", "fix_url"}  # mkdocs-macros' own, which show its settings
    assert set(env.globals) == set(config.plugins["macros"].macros) - builtin
    assert (tmp_path / "site" / "faqs" / "index.html").is_file()


# ---- The Markdown of hand-written pages ----


def pages_errors(tmp_path: Path, files: dict[str, str | bytes], local: bool = False) -> list[DataError]:
    """Errors from reading a docs folder holding `files`, as upstream docs/ or as a hosted copy's local/docs/."""
    folder = tmp_path / ("local/docs" if local else "docs")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    tree = scan_tree(folder, tmp_path)
    return load_pages(tree, tmp_path, "local/" if local else "", SchemaSet(SCHEMA_DIR), TODAY)[1]


PAGE_TEXT = {
    "raw HTML": ('<img src=x onerror="alert(1)">', "raw HTML is not allowed"),
    "an HTML comment": ("<!-- hidden from reviewers -->", "raw HTML is not allowed"),
    "an event handler in an attribute list": ('Text { onclick="alert(1)" }', "attribute list"),
    "a class in an attribute list": ("Text {: .portal-help }", "attribute list"),
    "hidden in an attribute list": ("## Heading { hidden }", "attribute list"),
    "a nation filter in an attribute list": ("Text { data-nations=wales }", "attribute list"),
    "an id with more": ("## Heading { #id tabindex=0 }", "attribute list"),
    "a javascript link": ("[x](javascript:alert(1))", "script addresses"),
    "a mixed-case scheme": ("[x](JaVaScRiPt:alert(1))", "script addresses"),
    "a vbscript link": ("[x](vbscript:msgbox)", "script addresses"),
    "a data link": ("[x](data:text/html;base64,PHNjcmlwdD4=)", "script addresses"),
    "an entity-encoded scheme": ("[x](javascript&colon;alert(1))", "character reference"),
    "a numeric entity": ("[x](&#106;avascript:alert(1))", "character reference"),
    "a hex entity": ("[x](&#x6A;avascript:alert(1))", "character reference"),
    "a reference in a quote": ("> [a]: javascript&colon;alert(1)\n\n[b][a]", "character reference"),
    "a reference in a list": ("- [a]: ftp://example.org/x\n\n[b][a]", "link target"),
    "an unknown scheme": ("[x](ftp://example.org/file)", "link target"),
    "a protocol-relative link": ("[x](//evil.example/)", "link target"),
    "an image from another site": ("![x](https://tracker.example/pixel.png)", "not a file of this site"),
    "an http link": ("[x](http://example.org/)", "non-https"),
    "an unknown kind of note": ('!!! portal-help "Looks like the help box"\n    Text', "not a kind of note"),
    "entity-encoded title text": ("# Hi &lt;/title&gt;&lt;script&gt;", "character reference"),
}


@pytest.mark.parametrize("case", PAGE_TEXT, ids=list(PAGE_TEXT))
def test_a_page_may_not_hold_html_attribute_lists_or_script_links(tmp_path: Path, case: str) -> None:
    text, problem = PAGE_TEXT[case]
    errors = pages_errors(tmp_path, {"about.md": f"---\ntitle: About\n---\n\n# About\n\n{text}\n"})
    assert errors and problem in errors[0].problem, errors
    assert (errors[0].file, errors[0].line) == ("docs/about.md", 7)


def test_the_same_rules_hold_in_a_hosted_copys_pages(tmp_path: Path) -> None:
    errors = pages_errors(tmp_path, {"procedures.md": "# Ours\n\nText { onfocus=alert(1) autofocus }\n"}, local=True)
    assert [(e.file, e.line) for e in errors] == [("local/docs/procedures.md", 3)]


def test_what_pages_need_passes(tmp_path: Path) -> None:
    # Controls: heading ids, links within the site and out, a local image, notes, ampersands, macros.
    text = """---
title: About
description: What "this" site is for & who runs it
tags: [about]
search:
  boost: 2
hide: [toc]
---

# About

## Step by step { #step-by-step }

See [escalation](escalation.md), [a section](faqs.md#who-leads), [here](#step-by-step),
[GOV.UK](https://www.gov.uk/), [email](mailto:help@example.org) and [phone](tel:+443001234567).

![Our logo](images/logo.png)

!!! note "Worth knowing"
    Q&A, C&YP and A & B are fine.

{{ help_box() }} {{ risk_links(limit=16) }}
"""
    assert pages_errors(tmp_path, {"about.md": text, "images/logo.png": b"\x89PNG\r\n"}) == []


FRONT_MATTER = {
    "an unknown setting": ("template: ../../.git/config", "unknown field"),
    "a theme switch": ("guide: true", "unknown field"),
    "a macro in the title": ('title: "{{ lipsum.__globals__ }}"', "macros are not allowed here"),
    "HTML in the description": ('description: "<script>alert(1)</script>"', "raw HTML"),
    "an entity in the title": ('title: "&lt;script&gt;"', "character reference"),
    "a review field alone": ("reviewed: 2026-11-01", "missing required field"),
}


@pytest.mark.parametrize("case", FRONT_MATTER, ids=list(FRONT_MATTER))
def test_front_matter_holds_only_page_settings_as_plain_text(tmp_path: Path, case: str) -> None:
    line, problem = FRONT_MATTER[case]
    errors = pages_errors(tmp_path, {"about.md": f"---\n{line}\n---\n\n# About\n"})
    assert any(problem in e.problem and e.file == "docs/about.md" and e.line == 2 for e in errors), errors


def test_settings_written_as_name_value_lines_are_refused(tmp_path: Path) -> None:
    # MkDocs reads 'Key: value' lines at the top of a page as settings when there is no '---' block.
    errors = pages_errors(tmp_path, {"about.md": "Description: x\nTemplate: main.html\n\n# About\n"})
    assert [(e.file, e.line) for e in errors] == [("docs/about.md", 1)] and "settings" in errors[0].problem


@pytest.mark.parametrize("name", ["evil.html", "evil.htm", "app.js", "x.xhtml", "style.css", "data.json", ".hidden"])
def test_only_pages_images_and_documents_are_published_from_a_pages_folder(tmp_path: Path, name: str) -> None:
    for local in (False, True):
        errors = pages_errors(tmp_path / str(local), {name: "<script>alert(1)</script>"}, local=local)
        if name.startswith("."):
            assert errors == []  # hidden files are editors' leftovers, skipped and never published
            continue
        assert [e.file for e in errors] == [f"{'local/' if local else ''}docs/{name}"], errors
        assert "cannot be published" in errors[0].problem


def test_the_sites_own_code_in_docs_assets_is_not_a_page_file(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"assets/app.js": "x()", "_headers": "/*\n", "report.pdf": b"%PDF-1.4"}
    assert pages_errors(tmp_path, files) == []
    # Only scripts and styles count as code there; an HTML or SVG file in assets/ is checked like any other.
    hostile: dict[str, str | bytes] = {
        "assets/x.html": "<script>alert(1)</script>",
        "assets/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "_headers.html": "<script>alert(1)</script>",
    }
    errors = pages_errors(tmp_path / "hostile", hostile)
    assert sorted(e.file for e in errors) == ["docs/_headers.html", "docs/assets/x.html", "docs/assets/x.svg"]
    # Control: a hosted copy has no code folder of its own.
    assert [e.file for e in pages_errors(tmp_path / "copy", {"assets/app.js": "x()"}, local=True)] == [
        "local/docs/assets/app.js"
    ]


# ---- Data text ----

DATA_TEXT = {
    "an event handler in an attribute list": 'Text { tabindex=0 autofocus onfocus="alert(1)" }',
    "a class": "Text {: .portal-help-box }",
    "an id": "Text { #helpline }",
    "hidden": "Text { hidden }",
    "a nation filter": "Text { data-nations=wales }",
    "an inline attribute list": "**Bold**{ onmouseover=alert(1) }",
    "a reference in a quote": "> [a]: javascript&colon;alert(1)",
    "a reference in a list": "- [a]: javascript:alert(1)",
    "a reference in a numbered list": "1. [a]: ftp://example.org/",
    "a numeric character reference": "&#106;avascript",
    "an entity": "Less than &lt;script&gt;",
    "an ampersand entity": "Q &amp; A",
    "an image": "![pixel](https://tracker.example/p.png)",
    "a reference image": "![pixel][p]",
    "an unknown kind of note": '!!! hidden "x"',
}


@pytest.mark.parametrize("case", DATA_TEXT, ids=list(DATA_TEXT))
def test_data_text_cannot_set_attributes_or_spell_a_script(minimal_data: Path, case: str) -> None:
    edit(minimal_data / RISK, "  What the risk is.", f"  What the risk is.\n  {DATA_TEXT[case]}")
    errors = errors_for(minimal_data)
    assert {(e.file, e.line, e.field) for e in errors} == {(f"data/{RISK}", 8, "description")}, errors
    assert all(e.hint for e in errors)


@pytest.mark.parametrize("character", ['"', "'", "<", ">", "\\", "`"])
def test_an_address_cannot_carry_a_quote_or_an_angle_bracket(minimal_data: Path, character: str) -> None:
    # Templates write addresses into attributes; one that could end its attribute is refused at the source.
    url = f"https://example.org.uk/risk{character}onmouseover=alert(1)"
    edit(minimal_data / RISK, "    url: https://example.org.uk/risk", f"    url: '{url.replace(chr(39), chr(39) * 2)}'")
    errors = errors_for(minimal_data)
    assert [(e.file, e.line, e.field) for e in errors] == [(f"data/{RISK}", 22, "sources[0].url")], errors
    assert "%22" in errors[0].problem


def test_ordinary_punctuation_in_data_passes(minimal_data: Path) -> None:
    text = "C&YP, Q & A, 50% (round brackets), [a link](https://www.gov.uk/) and a colon: fine!"
    edit(minimal_data / RISK, "  What the risk is.", f"  What the risk is.\n  {text}")
    assert text in load_guidance(minimal_data, today=TODAY).risks.get("fixture-risk").description


# ---- SVG images ----

SVG_CASES = {
    "a script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "an event on a shape": '<svg xmlns="http://www.w3.org/2000/svg"><rect onmouseover="alert(1)"/></svg>',
    "a link": '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
    "an xlink to script": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="javascript:alert(1)"/></svg>'
    ),
    "a use from elsewhere": '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
    "foreignObject": (
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject>'
        '<body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject></svg>'
    ),
    "an animation that sets a link": (
        '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>'
    ),
    "set": '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>',
    "a style element": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.example/);</style></svg>',
    "a style loading elsewhere": (
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.example/x)"/></svg>'
    ),
    "an entity bomb": (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    ),
    "an external entity": (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    ),
    "a stylesheet instruction": (
        '<?xml-stylesheet href="https://e.example/x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    ),
    "an editor's namespace": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="http://www.inkscape.org/namespaces/inkscape" i:x="1"/>'
    ),
    "not SVG at all": "<html><script>alert(1)</script></html>",
    "not well formed": '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
}


@pytest.mark.parametrize("case", SVG_CASES, ids=list(SVG_CASES))
def test_an_svg_image_may_hold_a_drawing_and_nothing_else(tmp_path: Path, case: str) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(SVG_CASES[case], encoding="utf-8")
    errors = check_svg(path, "local/logo.svg")
    assert len(errors) == 1 and errors[0].file == "local/logo.svg" and errors[0].hint, errors


def test_the_shipped_and_sample_images_are_drawings(tmp_path: Path) -> None:
    for path in [ROOT / "docs/assets/logo.svg", SAMPLE_FORK / "logo.svg", SAMPLE_FORK / "favicon.svg"]:
        assert check_svg(path, path.name) == [], path
    # A drawing with gradients, text, a reference to its own parts and a safe style passes too.
    drawing = tmp_path / "drawing.svg"
    drawing.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><title>Logo</title><defs>'
        '<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        '<rect id="r" style="fill:url(#g);stroke:#000" width="5" height="5"/><use xlink:href="#r"/>'
        '<text x="1" y="9" font-family="sans-serif">Ex</text></svg>',
        encoding="utf-8",
    )
    assert check_svg(drawing, "drawing.svg") == []


def test_a_hosted_copys_logo_with_script_fails_the_check_with_its_line(tmp_path: Path) -> None:
    data = Path(shutil.copytree(MINIMAL / "data", tmp_path / "data"))
    local = Path(shutil.copytree(SAMPLE_FORK, tmp_path / "local"))
    (local / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n  <circle r="2"/>\n  <script>alert(1)</script>\n</svg>\n',
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as failure:
        load_guidance(data, today=TODAY, local_dir=local)
    assert any(e.file == "local/logo.svg" and e.line == 3 for e in failure.value.errors), failure.value.report()


# ---- The HTML gate ----

CONTENT_CASES = {
    "onclick": '<p onclick="alert(1)">x</p>',
    "upper-case handler": '<p ONMOUSEOVER="alert(1)">x</p>',
    "a handler on a self-closing tag": '<img src="a.png" onerror="alert(1)"/>',
    "a pointer handler": '<span onpointerenter="alert(1)">x</span>',
    "autofocus": '<p tabindex="0" autofocus>x</p>',
    "a style attribute": '<p style="background:url(https://e.example/)">x</p>',
    "a javascript link": '<a href="javascript:alert(1)">x</a>',
    "a link with spaces and tabs": '<a href=" java&#9;script:alert(1)">x</a>',
    "an entity-encoded link": '<a href="&#106;avascript:alert(1)">x</a>',
    "a data link": '<a href="data:text/html,x">x</a>',
    "an http link": '<a href="http://example.org/">x</a>',
    "an image from elsewhere": '<img src="https://tracker.example/p.png">',
    "a protocol-relative image": '<img src="//tracker.example/p.png">',
    "an inline script": "<script>alert(1)</script>",
    "a module script": '<script type="module">alert(1)</script>',
    "a script file": '<script src="../assets/guide.js"></script>',
    "an iframe": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "an object": '<object data="x.swf"></object>',
    "an embed": '<embed src="x.swf">',
    "a base": '<base href="https://evil.example/">',
    "a form": '<form action="https://evil.example/"><input name="q"></form>',
    "a meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "a style element": "<style>body{display:none}</style>",
    "an svg": '<svg onload="alert(1)"></svg>',
    "a math element": "<math><mtext>x</mtext></math>",
    "a link element": '<link rel="stylesheet" href="https://e.example/x.css">',
    "a formaction": '<button formaction="javascript:alert(1)">x</button>',
}


@pytest.mark.parametrize("case", CONTENT_CASES, ids=list(CONTENT_CASES))
def test_the_body_of_a_page_holds_only_what_markdown_makes(case: str) -> None:
    assert content_violations(f"<p>Before</p>{CONTENT_CASES[case]}<p>After</p>")


def test_what_markdown_and_the_templates_make_passes() -> None:
    html = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Link">&para;</a></h2><p><strong>b</strong> '
        '<a href="https://www.gov.uk/">c</a> <a href="../faqs/#x">d</a> <a href="mailto:a@b.org">e</a> '
        '<a href="tel:+44123">f</a> <abbr title="designated safeguarding lead">DSL</abbr></p>'
        '<div class="admonition note" data-nations="wales" hidden><p class="admonition-title">N</p></div>'
        '<details><summary>More</summary><p>x</p></details><img src="images/a.png" alt="a">'
        '<table><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>'
        '<script type="application/ld+json">{"@type": "FAQPage"}</script>'
        '<script type="application/json" id="sr-data">{"a": 1}</script>'
        '<button type="button" data-guide-back>Back</button><section aria-label="x" data-step="a"></section>'
    )
    assert content_violations(html) == []


SCRIPTS = {"assets/javascripts/bundle.js", "assets/guide.js"}


def test_a_whole_page_may_load_only_the_sites_own_scripts() -> None:
    page = '<head><script src="../../assets/javascripts/bundle.js"></script></head><body>{}</body>'
    url = "risks/grooming/"
    assert page_violations(page.format(""), url, SCRIPTS) == []
    assert page_violations(page.format('<script src="../../assets/guide.js?v=1"></script>'), url, SCRIPTS) == []
    for bad in [
        "<script>alert(1)</script>",
        '<script src="https://cdn.example/x.js"></script>',
        '<script src="//cdn.example/x.js"></script>',
        '<script src="../../../../outside.js"></script>',
        '<script src="../../assets/other.js"></script>',
        '<script src="data:text/javascript,alert(1)"></script>',
        '<meta name="description" content="x" onmouseover="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="vbscript:x">x</a>',
        '<iframe src="x.html"></iframe>',
        '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    ]:
        assert page_violations(page.format(bad), url, SCRIPTS), bad


def test_the_404_page_with_site_absolute_addresses_passes() -> None:
    page = '<script src="/guidance/assets/guide.js"></script>'
    assert page_violations(page, "404.html", SCRIPTS, "/guidance/") == []
    assert page_violations(page, "404.html", SCRIPTS, "/") != []


def test_address_schemes_are_read_as_a_browser_reads_them() -> None:
    assert scheme(" \x01java\tscript:alert(1)") == "java" + "script"
    assert scheme("JAVASCRIPT:x") == "javascript"
    assert scheme("../faqs/#a") is None and scheme("a:b") == "a"


def test_html_files_the_theme_writes_without_a_page_are_checked(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text("<p>Not found</p><script>alert(1)</script>", encoding="utf-8")
    (tmp_path / "ok.html").write_text("<p>Fine</p>", encoding="utf-8")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    found = dict(site_violations(tmp_path, {"page/index.html"}, SCRIPTS))
    assert list(found) == ["404.html"]


# ---- Real builds: a canary secret is never published, whatever a page or data file says ----

CANARY_VALUE = "CANARY-7f3e9b1d-SECRET"
CANARY_FILE_TEXT = "CANARY-FILE-c41a58e2"


def hostile_build(tmp_path: Path, change: dict[str, str]) -> tuple[int, str, Path]:
    """Build a copy of the project with `change` (file: text to append); return status, output and site."""
    project = copy_project(tmp_path / "project")
    (project / "canary.txt").write_text(CANARY_FILE_TEXT, encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(f"[remote]\n\ttoken = {CANARY_FILE_TEXT}\n", encoding="utf-8")
    for name, text in change.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"PORTAL_CANARY": CANARY_VALUE, "PORTAL_LOCAL_DIR": "local"})
    return result.returncode, result.stdout + result.stderr, site


def published(site: Path) -> str:
    """Everything the build wrote, as text."""
    if not site.exists():
        return ""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


ATTACKS = {
    "environment through a page": {
        "docs/about.md": '\n{{ [lipsum] | map(attribute="__globals__.os.environ.PORTAL_CANARY") | list }}\n'
    },
    "shell through a page": {
        "docs/about.md": '\n{{ (([lipsum] | map(attribute="__globals__.os.popen") | first)("cat canary.txt")) }}\n'
    },
    "file through a page include": {"docs/about.md": '\n{% include "canary.txt" %}\n'},
    "environment through a hosted copy's page": {
        "local/docs/index.md": "# Ours\n\n{{ lipsum.__globals__.os.environ.PORTAL_CANARY }}\n"
    },
    "environment through a page title": {
        "docs/about.md": "",
        "docs/extra.md": '---\ntitle: "{{ lipsum.__globals__.os.environ.PORTAL_CANARY }}"\n---\n\n# Extra\n',
    },
    "git config through a snippet in a page": {"docs/about.md": '\n--8<-- ".git/config"\n\n--8<-- "canary.txt"\n'},
    "git config through a snippet in data": {
        "data/faqs/snippet.yml": (
            'id: snippet\nquestion: Does it include files?\nanswer: |\n  No.\n\n  --8<-- ".git/config"\n\n'
            '  --8<-- "canary.txt"\naudiences: [schools]\nsources:\n  - title: Example\n'
            "    url: https://www.gov.uk/\nreviewed: 2026-11-01\nreview_interval_months: 12\n"
            "changes:\n  - date: 2026-11-01\n    note: Added.\n"
        )
    },
    "a file published beside the pages": {"local/docs/canary.html": "<script>alert(1)</script>"},
}


@pytest.mark.parametrize("case", ATTACKS, ids=list(ATTACKS))
def test_no_page_or_data_file_publishes_a_secret(tmp_path: Path, case: str) -> None:
    status, output, site = hostile_build(tmp_path, ATTACKS[case])
    everything = published(site)
    assert CANARY_VALUE not in everything and CANARY_FILE_TEXT not in everything, case
    assert CANARY_VALUE not in output and CANARY_FILE_TEXT not in output
    assert "Traceback" not in output, output[-3000:]
    if status != 0:
        # Refused with the file (and line) it is in.
        changed = [name for name, text in ATTACKS[case].items() if text]
        assert any(f"{name}:" in output for name in changed), output[-3000:]
    else:
        # Built: the text is harmless, shown as written (a snippet line is only text now).
        assert "8&lt;-- &quot;.git/config&quot;" in everything or '8&lt;-- ".git/config"' in everything


def test_the_canary_build_itself_works(tmp_path: Path) -> None:
    # Control: the same project with an honest page builds, so the refusals above are the attacks'. Its
    # description has quotes, which Material would write into an attribute as they are: they are escaped.
    page = '---\ndescription: Say "no" onmouseover="alert(1)" to it\n---\n\n# Ours\n\n{{ help_box() }}\n'
    status, output, site = hostile_build(tmp_path, {"local/docs/index.md": page})
    assert status == 0, output[-3000:]
    assert (site / "local" / "index.html").is_file() and CANARY_VALUE not in published(site)
    built = (site / "local" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Say &quot;no&quot; onmouseover=&quot;alert(1)&quot; to it">' in built


def test_the_gate_stops_script_that_gets_past_the_text_rules(tmp_path: Path) -> None:
    # A template that prints data into the page without escaping it is the kind of mistake the gate is
    # for: here a theme partial adds an event handler. The build fails and writes no page with it.
    project = copy_project(tmp_path / "project")
    overdue = project / "overrides" / "partials" / "portal-overdue.html"
    overdue.write_text(overdue.read_text(encoding="utf-8") + '<p onclick="alert(1)">x</p>\n', encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "docs/about.md:1: (file): an onclick attribute on <p> would be published on /about/" in output
    assert "data/risks/grooming.yml:1: (file): an onclick attribute on <p>" in output
    assert "Traceback" not in output
    assert 'onclick="alert(1)"' not in published(site)


def test_the_shipped_site_passes_the_gate_and_uses_no_snippets(built_site: Path) -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert "pymdownx.snippets" not in names
    scripts = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.js")}
    assert not list(site_violations(built_site, set(), scripts))


# ---- One page per address ----


def project_errors(tmp_path: Path, pages: list[str]) -> list[DataError]:
    """Errors from checking the shipped data with a docs folder holding `pages` (each a heading only)."""
    docs = tmp_path / "docs"
    for name in pages:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# A page\n", encoding="utf-8")
    try:
        load_project(ROOT / "data", docs, None)
    except DataErrors as failure:
        return list(failure.errors)
    return []


@pytest.mark.parametrize(
    "pages, clash",
    [
        (["about.md", "about/index.md"], "about/index.md"),
        (["about.md", "about/README.md"], "about/README.md"),
        (["help/index.md", "help.md"], "help/index.md"),
        (["risks/grooming.md"], "risks/grooming.md"),
        (["respond/sextortion/index.md"], "respond/sextortion/index.md"),
    ],
)
def test_two_pages_at_one_address_are_refused(tmp_path: Path, pages: list[str], clash: str) -> None:
    errors = project_errors(tmp_path, pages)
    assert len(errors) == 1 and errors[0].file.endswith(f"docs/{clash}"), errors
    assert "would be published at /" in errors[0].problem


def test_pages_at_their_own_addresses_pass(tmp_path: Path) -> None:
    assert project_errors(tmp_path, ["about.md", "about-us.md", "risks/index.md", "risks/more/index.md"]) == []


def test_a_quote_in_a_hosted_copys_name_cannot_add_an_attribute(tmp_path: Path) -> None:
    # Material writes the site's name into aria-label without escaping it; the plugin escapes it first,
    # once, so that the title attributes Material does escape still read as the name.
    profile = "name: 'Our \"Safe\" Guide onmouseover=alert(1) & more'\n"
    status, output, site = hostile_build(tmp_path, {"local/profile.yml": profile})
    assert status == 0, output[-3000:]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Our &quot;Safe&quot; Guide onmouseover=alert(1) &amp; more"' in home
    assert 'title="Our &quot;Safe&quot; Guide onmouseover=alert(1) &amp; more"' in home  # not escaped twice
    assert "<title>" in home and "Our &quot;Safe&quot; Guide" in home.split("<title>", 1)[1].split("</title>", 1)[0]
    assert not page_violations(home, "", {p.relative_to(site).as_posix() for p in site.rglob("*.js")})
