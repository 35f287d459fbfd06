"""One registry of error codes: every code in the source is registered, used, and means one kind.

The source is walked with `ast`: a code is a string like "D023" given as a class attribute
(`code = "D023"`), as an argument of a call (`DataFileError(..., "D023")`, `code="D023"`,
`_err("R031", ...)`), or compared with (`d.code == "N001"`). The kind of a use is the class
that carries the code: the class defining the attribute, or the class called; a call of a helper
function (lower-case name, such as `_err` or `doc.fail`) has no kind of its own.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from dsl.error_codes import registry, render_markdown

ROOT = Path(__file__).parent.parent
CODE = re.compile(r"[A-Z][0-9]{3}")
DOCS = ROOT / "docs" / "errors.md"


@dataclass(frozen=True)
class Use:
    """One occurrence of a code literal in the source."""

    code: str
    kind: str | None  # the class carrying the code; None for a helper call or a comparison
    defines: bool  # False for a mere reference, such as d.code == "N001"
    where: str

    def __str__(self) -> str:
        return f"{self.where} ({self.kind or 'helper'})"


def _sources() -> list[Path]:
    return [
        *sorted((ROOT / "dsl").rglob("*.py")),
        *sorted((ROOT / "engine").rglob("*.py")),
        ROOT / "cli.py",
    ]


def _code(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if CODE.fullmatch(node.value) else None
    return None


def _callee(call: ast.Call) -> str | None:
    """The called name if it names a class (capitalised), else None (a helper function)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name if name[:1].isupper() else None


def _uses_in(path: Path) -> list[Use]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT)
    uses: list[Use] = []
    placed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
                if (code := _code(value)) is not None and value is not None:
                    uses.append(Use(code, node.name, True, f"{rel}:{stmt.lineno}"))
                    placed.add(id(value))
        elif isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if (code := _code(arg)) is not None:
                    uses.append(Use(code, _callee(node), True, f"{rel}:{arg.lineno}"))
                    placed.add(id(arg))
    for node in ast.walk(tree):
        if (code := _code(node)) is not None and id(node) not in placed:
            uses.append(Use(code, None, False, f"{rel}:{getattr(node, 'lineno', 0)}"))
    return uses


def _uses() -> list[Use]:
    return [use for path in _sources() for use in _uses_in(path)]


def _classes() -> set[str]:
    """Every class defined in the source."""
    return {
        node.name
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    }


def test_every_code_in_the_source_is_registered() -> None:
    unknown = sorted(f"{use.code} at {use}" for use in _uses() if use.code not in registry())
    assert unknown == [], "add these codes to dsl/error_codes.toml"


def test_every_registered_code_is_used() -> None:
    used = {use.code for use in _uses() if use.defines}
    assert sorted(set(registry()) - used) == [], "remove unused codes from dsl/error_codes.toml"


def test_no_code_is_used_by_two_kinds_of_error() -> None:
    kinds: dict[str, dict[str, str]] = {}
    for use in _uses():
        if use.kind is not None:
            kinds.setdefault(use.code, {}).setdefault(use.kind, str(use))
    shared = {code: found for code, found in kinds.items() if len(found) > 1}
    assert shared == {}, "give each kind of error its own code"


def test_each_code_is_carried_by_its_registered_class() -> None:
    wrong = sorted(
        f"{use.code} at {use}, registered for {registry()[use.code].error}"
        for use in _uses()
        if use.kind is not None
        and use.code in registry()
        and use.kind != registry()[use.code].error
    )
    assert wrong == []


def test_every_registered_class_exists() -> None:
    missing = {c.code: c.error for c in registry().values() if c.error not in _classes()}
    assert missing == {}


def test_registry_entries_are_complete() -> None:
    for entry in registry().values():
        assert CODE.fullmatch(entry.code), entry.code
        assert all([entry.title, entry.judul, entry.explanation, entry.example]), entry.code
        if entry.error != "Diagnostic":
            shown = f"{'warning' if entry.error.endswith('Warning') else 'error'}[{entry.code}]"
            assert shown in entry.example or entry.code == "E001", entry.code


def test_docs_errors_md_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/errors.md is out of date: run `python -m dsl.error_codes > docs/errors.md`"
    )
