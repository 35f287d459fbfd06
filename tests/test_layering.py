"""Layering is one-way, cli.py → engine/ → dsl/, and inside engine/ package by package: walk
every import (lazy and type-only ones included) to prove it, and prove there is no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FORBIDDEN = {
    "dsl": {"engine", "cli", "click", "rich", "yaml", "jsonschema", "openpyxl", "xlsxwriter"},
    "engine": {"cli", "click", "rich"},
}
# what each engine package may not import (by module prefix)
ENGINE_FORBIDDEN = {
    "engine.ruleset": (
        "engine.data",
        "engine.scoring",
        "engine.history",
        "engine.render",
        "engine.api",
    ),
    "engine.data": ("engine.scoring", "engine.history", "engine.render", "engine.api"),
    "engine.scoring": ("engine.history", "engine.render", "engine.api"),
    "engine.history": ("engine.render", "engine.api"),
    "engine.render": ("engine.history", "engine.api"),
    "engine.periods": (
        "engine.ruleset",
        "engine.data",
        "engine.scoring",
        "engine.history",
        "engine.render",
        "engine.api",
    ),
    "engine.safe_text": ("engine.",),  # nothing from engine: every package may use it
    "engine.input_files": ("engine.",),  # likewise: rulesets and data read files through it
    "engine.pieces": ("engine.",),  # a report in pieces, written by one or two processes
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {
        _module_name(p): p for layer in ("dsl", "engine") for p in (ROOT / layer).rglob("*.py")
    }
    found["cli"] = ROOT / "cli.py"
    return found


def _imported(path: Path, known: dict[str, Path]) -> set[str]:
    """Every module path imports, anywhere in the file (top level, functions, TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from engine.ruleset import checks` imports the module engine.ruleset.checks
            submodules = {f"{node.module}.{a.name}" for a in node.names} & set(known)
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(node.module)
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imported(path, known) & set(known) for name, path in known.items()}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_upward_imports(layer: str) -> None:
    known = _modules()
    offenders = {
        name: sorted({m.split(".")[0] for m in _imported(path, known)} & FORBIDDEN[layer])
        for name, path in known.items()
        if name.split(".")[0] == layer
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("package", sorted(ENGINE_FORBIDDEN))
def test_engine_packages_import_downward_only(package: str) -> None:
    graph = _graph()
    offenders = {
        name: sorted(m for m in targets if m.startswith(ENGINE_FORBIDDEN[package]))
        for name, targets in graph.items()
        if name == package or name.startswith(package + ".")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_imports_cli() -> None:
    assert {name for name, targets in _graph().items() if "cli" in targets} == set()


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, lazy or type-only ones included."""
    graph = _graph()
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(" → ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert cycles == []


def test_no_module_over_400_lines() -> None:
    """The house style's size rule for dsl/ and engine/ (cli.py, one file by the fixed layout,
    is left out)."""
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for layer in ("dsl", "engine")
        for p in (ROOT / layer).rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}
