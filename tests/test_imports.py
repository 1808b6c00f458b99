"""The package's modules import each other without a loop, so each can be read (and tested) from
the bottom up: every import counts, at the top of a module, in a function or for type checking."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "atlas"


def _module(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports."""
    modules = {_module(path, package): path for path in sorted(package.rglob("*.py"))}
    graph = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = here.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(filter(None, [base, node.module]))
                targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
            else:
                continue
            found |= {target for target in targets if target in modules and target != name}
        graph[name] = found
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop (a list of modules, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # module -> "open" while on the path, "done" once its imports are seen

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                return path[path.index(target) :] + [name, target] if target in path else [name, target]
            if target not in state and (found := visit(target, path + [name])):
                return found
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name, [])):
            return found
    return None


def test_the_package_has_no_import_loop():
    graph = import_graph()
    assert "atlas.git" in graph["atlas.history"] and "atlas.git" in graph["atlas.diff"]
    assert cycle(graph) is None, " -> ".join(cycle(graph))


def test_a_loop_is_found(tmp_path):
    package = tmp_path / "atlas"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("def f():\n    from ..c import x\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import atlas.a\nx = 1\n")
    graph = import_graph(package)
    assert graph["atlas.a"] == {"atlas.sub", "atlas.sub.b"} and graph["atlas.c"] == {"atlas.a"}
    assert cycle(graph) == ["atlas.a", "atlas.sub.b", "atlas.c", "atlas.a"]
