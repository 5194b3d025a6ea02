"""The judge's code stays easy to find one's way in: small modules, no import cycles,
and no dependency on the web app (it runs alone on GPU hosts and from the CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

RUNNER = ROOT / "runner"
MAX_LINES = 350


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(RUNNER.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The runner modules a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found.update(name for name in names if name in known)
    return found


def test_no_runner_module_is_long() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long, long


def test_runner_never_imports_the_web_app() -> None:
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("app"), name
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("app") for alias in node.names), name


def test_no_import_cycles_in_runner() -> None:
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    for name in graph:  # a package's __init__ importing its own modules is how packages work
        graph[name] = {dep for dep in graph[name] if not name.startswith(dep + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack[stack.index(dep):], dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
