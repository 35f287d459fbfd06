"""One name per concept: docs/glossary.md names real classes where they live, and no two classes
under dsl/ and engine/ share a name."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
REFERENCE = re.compile(r"`((?:dsl|engine)(?:\.\w+)+)`")

# Names two module-level classes may still share, each with the reason; ideally none.
SHARED: dict[str, set[str]] = {}


def _class_cells() -> list[str]:
    """The 'class (module)' cell of every row of the glossary's tables."""
    cells = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(parts) == 5 and not set(parts[2]) <= {"-"}:
            cells.append(parts[2])
    return cells


def _references() -> list[str]:
    return [ref for cell in _class_cells() for ref in REFERENCE.findall(cell)]


def _split(ref: str) -> tuple[ModuleType, list[str]]:
    """The longest importable module prefix of a dotted reference, and the names after it."""
    parts = ref.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            return importlib.import_module(".".join(parts[:cut])), parts[cut:]
        except ModuleNotFoundError:
            continue
    raise AssertionError(f"{ref}: no module")


def _problem(ref: str) -> str | None:
    """Why a reference does not name a class (or function) defined where it says, or None."""
    module, names = _split(ref)
    obj = getattr(module, names[0], None)
    if obj is None:
        return f"{ref}: {module.__name__} has no {names[0]}"
    if getattr(obj, "__module__", None) != module.__name__:
        return f"{ref}: {names[0]} is defined in {obj.__module__}, not {module.__name__}"
    if len(names) == 2:  # an attribute: a dataclass field or a class attribute
        fields = (
            {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
        )
        if names[1] not in fields and not hasattr(obj, names[1]):
            return f"{ref}: {names[0]} has no {names[1]}"
    elif len(names) > 2:
        return f"{ref}: too deep"
    return None


def test_glossary_has_rows() -> None:
    assert len(_references()) > 30


def test_every_class_in_the_glossary_exists_at_its_module() -> None:
    problems = [p for ref in _references() if (p := _problem(ref)) is not None]
    assert problems == []


def _module_classes() -> dict[str, set[str]]:
    """Every module-level class name under dsl/ and engine/, with the modules defining it."""
    found: dict[str, set[str]] = {}
    for layer in ("dsl", "engine"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, set()).add(module.removesuffix(".__init__"))
    return found


def test_no_two_classes_share_a_name() -> None:
    shared = {
        name: sorted(modules)
        for name, modules in _module_classes().items()
        if len(modules) > 1 and SHARED.get(name) != modules
    }
    assert shared == {}, "give each concept one name (docs/glossary.md)"


def test_every_listed_exception_is_still_needed() -> None:
    classes = _module_classes()
    stale = sorted(name for name, modules in SHARED.items() if classes.get(name) != modules)
    assert stale == [], "remove these names from SHARED"
