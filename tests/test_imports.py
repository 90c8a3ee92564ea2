"""The package's modules import each other without circles, lazy imports inside functions included.

A circle (cli ↔ cli_store through private helpers, nli ↔ nli_onnx) makes the import order matter
and hides which module owns what; what both sides use lives in a module both import
(cli_common.py, nli_base.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "narratives"


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        module = path.stem
        found = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("narratives."):
                found.add(node.module.split(".")[1])
            elif isinstance(node, ast.ImportFrom) and node.module == "narratives":
                found.update(alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists())
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("narratives."))
        found.discard(module)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with one path back to it."""
    found = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    found.append(path + [start])
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    return found


def test_the_scan_sees_lazy_imports() -> None:
    graph = import_graph()
    assert "nli_onnx" in graph["nli"]  # imported inside the onnx-int8 backend's constructor only
    assert {"cli_common", "cli_store"} <= graph["cli"]


def test_no_module_imports_itself_through_others() -> None:
    assert circles(import_graph()) == []


def test_circles_are_found() -> None:
    assert circles({"cli": {"cli_store"}, "cli_store": {"cli"}, "report": {"escape"}, "escape": set()}) == [
        ["cli", "cli_store", "cli"], ["cli_store", "cli", "cli_store"]]
