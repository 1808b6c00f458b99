"""The atlas package's modules import each other without a loop: each module can be read with only
the ones below it in mind. Read from the source (ast), every import counts: at the top, inside a
function or under TYPE_CHECKING."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "atlas"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that the file imports, and the packages those make Python run first
    (but for the importer's own packages, which are running already)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    targets = {module for module in found if module in modules}
    for target in set(targets):
        parts = target.split(".")
        targets |= {".".join(parts[:n]) for n in range(2, len(parts)) if not name.startswith(".".join(parts[:n]))}
    return targets - {name}


def graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in files}
    return {module_name(path): imports(path, modules) for path in files}


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_loop():
    assert not cycles(graph()), f"import loops: {[sorted(c) for c in cycles(graph())]}"


def test_a_loop_is_found():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_are_read_as_the_modules_they_name():
    edges = graph()
    assert "atlas.kinds" in edges["atlas.overviews.marks"]          # from ..kinds import tracked_kind
    assert "atlas.overviews.marks" in edges["atlas.overviews.charts"]  # from .marks import ...
    assert "atlas.overviews" in edges["atlas.render"]               # from . import overviews
