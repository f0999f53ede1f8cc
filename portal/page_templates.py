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
    errors = _reaching_in(tree, display, offset)
    known_names = set(known)
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in known_names and node.name not in assigned:
            close = sorted(n for n in known_names if n.startswith(node.name[:3]) and not n.startswith("_"))
            hint = f"did you mean {', '.join(close[:3])}?" if close else "see the macros in macros/__init__.py"
            errors.append(DataError(display, node.lineno + offset, node.name, "unknown macro or variable", hint))
    return errors


_REACH_HINT = "pages call macros by name with plain values, e.g. {{ faq_list() }}; see macros/__init__.py"


def _reaching_in(tree: nodes.Template, display: str, offset: int) -> list[DataError]:
    """Private attributes, computed keys and method calls: the ways a page's Jinja could reach Python's insides.

    mkdocs-macros renders pages with an ordinary (not sandboxed) Jinja environment, where
    `lipsum.__globals__` leads to `os`, and a method call can change the loader's search path.
    Pages only ever call macros, so anything else is refused, as Jinja's own sandbox would.
    """
    errors = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter)):
        problem = None
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            problem = f"'{node.attr}' is private"
        elif isinstance(node, nodes.Getitem):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if not isinstance(key, str | int):
                problem = "a computed [key] is not allowed in a page"
            elif str(key).startswith("_"):
                problem = f"'{key}' is private"
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr | nodes.Getitem):
            problem = "calling a method of a value is not allowed in a page"
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            problem = "the attr filter is not allowed in a page"
        if problem:
            errors.append(DataError(display, node.lineno + offset, "", problem, _REACH_HINT))
    return errors
