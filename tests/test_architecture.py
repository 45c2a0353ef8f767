"""The package's shape: small modules, short functions, no import cycle.

Limits (issue 8): no module over 500 lines, no function over 100 lines of code (docstrings,
comments and blank lines aside), and no cycle in the graph of imports between the package's
modules, counting imports inside functions. An import of a module through its pre-1.0 flat
path (``astana_lib.reuse`` …) is resolved to the module it names.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parents[1] / "astana_lib"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LOC = 100


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _code_lines(source: str) -> set[int]:
    """Line numbers that hold code (not blank, not only a comment)."""
    lines: set[int] = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip and tok.type != tokenize.ENDMARKER:
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines


def _docstring_lines(node: ast.AST) -> set[int]:
    out: set[int] = set()
    for sub in ast.walk(node):
        body = getattr(sub, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.update(range(body[0].lineno, body[0].end_lineno + 1))
    return out


def long_functions() -> list[str]:
    found = []
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        code = _code_lines(source)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                span = set(range(node.lineno, node.end_lineno + 1))
                loc = len((span & code) - _docstring_lines(node))
                if loc > MAX_FUNCTION_LOC:
                    found.append(f"{name}.{node.name} ({loc} lines of code)")
    return found


def _aliases() -> dict[str, str]:
    try:
        from astana_lib._compat import MOVED
    except ImportError:
        return {}
    return dict(MOVED)


def import_graph() -> nx.DiGraph:
    aliases = _aliases()

    def resolve(mod: str) -> str | None:
        mod = aliases.get(mod, mod)
        return mod if mod in MODULES else None

    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" for a in node.names]
                targets = [t if resolve(t) else base for t in targets]
            for target in targets:
                resolved = resolve(target)
                if resolved and resolved != name:
                    graph.add_edge(name, resolved)
    return graph


def test_no_module_is_over_500_lines():
    sizes = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    big = {n: s for n, s in sizes.items() if s > MAX_MODULE_LINES}
    assert not big, f"modules over {MAX_MODULE_LINES} lines: {big}"


def test_no_function_is_over_100_lines_of_code():
    found = long_functions()
    assert not found, "functions over 100 lines of code:\n" + "\n".join(found)


def test_no_import_cycle_between_modules():
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    '''Doc.\n\n    More.\n    '''\n    # note\n\n    return 1\n", 2),
        ("def f(\n    a,\n    b,\n):\n    return (\n        a\n    )\n", 7),
    ],
)
def test_lines_of_code_leave_out_docstrings_comments_and_blanks(source, expected):
    node = ast.parse(source).body[0]
    span = set(range(node.lineno, node.end_lineno + 1))
    assert len((span & _code_lines(source)) - _docstring_lines(node)) == expected
