"""Check the Jinja in a hand-written page before mkdocs-macros renders it, for one-line errors."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Environment, TemplateSyntaxError, nodes

from portal.errors import DataError


def check_page_template(markdown: str, known: Iterable[str], display: str, first_line: int) -> list[DataError]:
    """Syntax errors and unknown names in the macros of a page, each with its line in the file."""
    offset = first_line - 1
    try:
        tree = Environment().parse(markdown)
    except TemplateSyntaxError as error:
        return [
            DataError(
                display,
                (error.lineno or 1) + offset,
                "",
                f"macro syntax error: {error.message}",
                "macros are written {{ name() }}; to show braces literally, wrap them in {% raw %}...{% endraw %}",
            )
        ]
    known_names = set(known)
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    errors = []
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in known_names and node.name not in assigned:
            close = sorted(n for n in known_names if n.startswith(node.name[:3]) and not n.startswith("_"))
            hint = f"did you mean {', '.join(close[:3])}?" if close else "see the macros in macros/__init__.py"
            errors.append(DataError(display, node.lineno + offset, node.name, "unknown macro or variable", hint))
    return errors
