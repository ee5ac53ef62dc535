"""The import graph of the project's own modules: no circle, and no project import hidden inside a function.

An import inside a function is how a circle is usually hidden; the command-line modules may import inside their
commands (each command loads only what it needs). The imports are read with `ast`, nothing is run.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("indicators", "ui", "pages")
# The command-line modules import inside their commands on purpose: a command loads only what it needs.
COMMAND_LINE = {"indicators.cli", "indicators.followup.cli", "indicators.followup.reporting_cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    files = {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}
    assert "indicators.plan_files" in files and "ui.navigation" in files  # the walk found the project
    return files


def _is_project(name: str) -> bool:
    return name.split(".", 1)[0] in PACKAGES


def imported_modules(node: ast.Import | ast.ImportFrom, modules: set[str]) -> list[str]:
    """The project modules an import statement loads (`from pkg import mod` names the module `pkg.mod`)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if _is_project(a.name)]
    if node.level or not node.module or not _is_project(node.module):
        return []
    return [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module for a in node.names]


def _imports(tree: ast.AST) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it stands inside a function."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append((child, in_function))
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(child, inside)

    visit(tree, False)
    return found


@functools.cache
def _parsed(path: Path, text: str) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """The imports of a file, parsed once per test process for its text (both checks below read every file)."""
    return _imports(ast.parse(text, str(path)))


def import_graph(files: dict[str, Path]) -> tuple[dict[str, set[str]], list[str]]:
    """(module -> the project modules it imports, anywhere in the file), and the imports hidden in functions."""
    modules = set(files)
    graph: dict[str, set[str]] = {}
    hidden: list[str] = []
    for name, path in files.items():
        targets: set[str] = set()
        for node, in_function in _parsed(path, path.read_text(encoding="utf-8")):
            loaded = [m for m in imported_modules(node, modules) if m in modules and m != name]
            targets.update(loaded)
            if in_function and loaded:
                hidden.append(f"{name}:{node.lineno} imports {', '.join(loaded)}")
        graph[name] = targets
    return graph, hidden


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of two modules or more (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_project_modules_import_each_other_in_no_circle():
    graph, _ = import_graph(project_files())
    assert circles(graph) == []


def test_no_project_import_hides_inside_a_function_outside_the_command_line():
    files = project_files()
    _, hidden = import_graph({n: p for n, p in files.items() if n not in COMMAND_LINE})
    assert hidden == []


def test_the_checks_see_a_circle_and_a_hidden_import(tmp_path):
    """The two checks above can fail: a circle closed by an import inside a function is found both ways."""
    low = tmp_path / "indicators" / "low.py"
    high = tmp_path / "indicators" / "high.py"
    low.parent.mkdir()
    low.write_text("def f():\n    from indicators.high import g\n    return g\n", encoding="utf-8")
    high.write_text("from indicators import low\n\ndef g():\n    return low\n", encoding="utf-8")
    files = {"indicators.low": low, "indicators.high": high}
    graph, hidden = import_graph(files)
    assert circles(graph) == [["indicators.high", "indicators.low"]]
    assert len(hidden) == 1 and hidden[0].endswith("imports indicators.high")
