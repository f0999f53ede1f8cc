"""The Jinja a hand-written page may hold: calls of the site's macros with plain values, and nothing else.

Pages in docs/ and a hosted copy's local/docs/ come from people we do not know, and mkdocs-macros
renders them as Jinja templates. Jinja is a language: filters, attributes and globals lead to
Python's insides (`lipsum.__globals__`), so refusing known escapes can never be complete. Instead a
page is checked against what pages need, a macro called by name with literal arguments, and
rendered in a sandbox that can call those macros and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from portal.source.errors import DataError, clip

MAX_LITERAL_DEPTH = 10  # lists inside lists in a macro's argument; real pages use one level
_HINT = (
    "a page may only call a macro with plain values, e.g. {{ faq_list() }} or {{ risk_links(limit=16) }} "
    "(the macros are in macros/__init__.py); to show braces literally, wrap them in {% raw %}...{% endraw %}"
)
# What each statement is called in a message, by the class of its node.
_STATEMENTS = {
    "If": "{% if %}",
    "For": "{% for %}",
    "Assign": "{% set %}",
    "AssignBlock": "{% set %}",
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from ... import %}",
    "Extends": "{% extends %}",
    "Block": "{% block %}",
    "ExprStmt": "{% do %}",
    "ScopedEvalContextModifier": "{% autoescape %}",
    "EvalContextModifier": "{% autoescape %}",
}


def check_page_template(
    markdown: str, display: str, first_line: int, macros: Collection[str] | None = None
) -> list[DataError]:
    """Everything in a page's Jinja other than calls of `macros` (any name when None) with plain values."""
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
    except RecursionError:  # Jinja's parser recurses into brackets: a long run of '[' must not crash the build
        return [DataError(display, first_line, "", "macro nested too deeply", _HINT)]
    errors: list[DataError] = []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            kind = _STATEMENTS.get(type(statement).__name__, "a {% ... %} statement")
            errors.append(_refused(display, _line(statement) + offset, f"{kind} is not allowed in a page"))
            continue
        for part in statement.nodes:
            errors.extend(_check_output(part, display, offset, macros))
    return errors


def _check_output(node: nodes.Node, display: str, offset: int, macros: Collection[str] | None) -> Iterator[DataError]:
    """One `{{ ... }}` (or plain text between them): only a literal, or a macro called with literals."""
    line = node.lineno + offset
    if isinstance(node, nodes.TemplateData) or (isinstance(node, nodes.Const) and _is_literal(node)):
        return
    if isinstance(node, nodes.Name) and macros is not None and node.name in macros:
        yield _refused(display, line, f"'{node.name}' is a macro: call it as {{{{ {node.name}() }}}}", field=node.name)
        return
    if isinstance(node, nodes.Name):
        yield _unknown(node.name, display, line, macros)
        return
    if not isinstance(node, nodes.Call) or not isinstance(node.node, nodes.Name):
        yield _refused(display, line, f"{_describe(node)} is not allowed in a page")
        return
    name = node.node.name
    if macros is not None and name not in macros:
        yield _unknown(name, display, line, macros)
        return
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        yield _refused(display, line, f"*arguments and **arguments are not allowed in a call of {name}()", field=name)
    for argument in node.args:
        if not _is_literal(argument):
            yield _refused(display, line, f"{name}(): {_describe(argument)} is not a plain value", field=name)
    for keyword in node.kwargs:
        if not _is_literal(keyword.value):
            problem = f"{name}({keyword.key}=...): {_describe(keyword.value)} is not a plain value"
            yield _refused(display, line, problem, field=name)


def _is_literal(node: nodes.Node, depth: int = 0) -> bool:
    """Text, a number, true/false/none, or a list, tuple or mapping of them written out in the page."""
    if depth > MAX_LITERAL_DEPTH:
        return False
    if isinstance(node, nodes.Const):
        return node.value is None or isinstance(node.value, str | int | float | bool)
    if isinstance(node, nodes.List | nodes.Tuple):
        return all(_is_literal(item, depth + 1) for item in node.items)
    if isinstance(node, nodes.Dict):
        return all(
            isinstance(pair.key, nodes.Const) and isinstance(pair.key.value, str) and _is_literal(pair.value, depth + 1)
            for pair in node.items
        )
    if isinstance(node, nodes.Neg | nodes.Pos):
        return isinstance(node.node, nodes.Const) and type(node.node.value) in (int, float)
    return False


def _line(node: nodes.Node) -> int:
    """The line a statement starts on ({% autoescape %} records none itself; its first part does)."""
    if node.lineno:
        return int(node.lineno)
    return next((int(child.lineno) for child in node.find_all(nodes.Node) if child.lineno), 1)


def _describe(node: nodes.Node) -> str:
    """A short name for an expression, for a message: 'the filter map', 'the attribute .x', 'the name config'."""
    if isinstance(node, nodes.Filter):
        return f"the filter '{node.name}'"
    if isinstance(node, nodes.Test):
        return f"the test '{node.name}'"
    if isinstance(node, nodes.Getattr):
        return f"the attribute '.{clip(node.attr, 30)}'"
    if isinstance(node, nodes.Getitem):
        return "a [key] lookup"
    if isinstance(node, nodes.Name):
        return f"the name '{node.name}'"
    if isinstance(node, nodes.Call):
        return "a call of something other than a macro"
    if isinstance(node, nodes.CondExpr):
        return "an if-expression"
    return f"an expression ({type(node).__name__.lower()})"


def _refused(display: str, line: int, problem: str, field: str = "") -> DataError:
    return DataError(display, line, field, problem, _HINT)


def _unknown(name: str, display: str, line: int, macros: Collection[str] | None) -> DataError:
    close = sorted(n for n in macros or () if n.startswith(name[:3]) and not n.startswith("_"))
    hint = f"did you mean {', '.join(close[:3])}?" if close else "see the macros in macros/__init__.py"
    return DataError(display, line, clip(name, 40), "unknown macro or variable", hint)


# ---- Rendering ----


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja for pages: it can call the given macros and nothing else, and reads no attribute of anything."""

    def __init__(self, macros: Mapping[str, Callable[..., Any]], **options: Any) -> None:
        super().__init__(**options)
        self._callable = tuple(macros.values())
        self.globals.clear()  # lipsum, range, cycler, joiner, namespace, dict: none is a macro
        self.globals.update(macros)
        self.filters.clear()
        self.tests.clear()

    # Neither x.y nor x["y"] reads anything, not even a key of a mapping passed in as a variable.
    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self.undefined(obj=obj, name=str(argument))

    def is_safe_callable(self, obj: Any) -> bool:
        return any(obj is allowed for allowed in self._callable)


def page_sandbox(environment: Environment, macros: Mapping[str, Callable[..., Any]]) -> PageSandbox:
    """A sandbox with `environment`'s delimiters and undefined-name rule, which can call only `macros`."""
    delimiters = (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
    )
    options = {name: getattr(environment, name) for name in delimiters}
    return PageSandbox(macros, undefined=environment.undefined, loader=None, **options)


def own_macros(registered: Mapping[str, Callable[..., Any]], module: str) -> dict[str, Callable[..., Any]]:
    """The macros a project's own module defined (mkdocs-macros adds its own, which can show its settings)."""
    return {name: macro for name, macro in registered.items() if getattr(macro, "__module__", None) == module}


def skip_git_information() -> None:
    """Spare mkdocs-macros the twelve runs of git per build with which it fills its `git` variable.

    No page can read it: a page may only call our macros with plain values, in a sandbox that reads no
    variable (above). Those runs took about 0.2 s of every build and every save.
    """
    import mkdocs_macros.context

    mkdocs_macros.context.get_git_info = lambda: {"status": False, "date": None}
