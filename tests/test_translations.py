"""Every text perkin shows a person goes through the catalogue, and the Indonesian catalogue
translates every one of them (placeholders kept, nothing fuzzy, the compiled .mo current)."""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dsl import catalogue
from dsl.i18n import _, language, number_text, percent_text, rupiah_text, set_language

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "dsl").rglob("*.py"), *(ROOT / "engine").rglob("*.py"), ROOT / "cli.py"])

# a call whose text arguments are messages for a person: errors and their helpers, warnings
MESSAGE_CALLS = re.compile(r"(Error|Errors|NotCollected|^_err\w*|^warn|^echo|^error|^fail)$")
MESSAGE_KEYWORDS = {"hint", "message", "reason", "help", "title", "note"}
WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def test_every_marked_text_is_translated() -> None:
    found = catalogue.problems(ROOT)
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} in all; see docs/translating.md)"


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_words(node: ast.expr) -> bool:
    """A literal text (plain or f-string) with words in it: a sentence, not an id or a symbol."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and isinstance(v.value, str) and WORDS.search(v.value)
            for v in node.values
        )
    return False


def _untranslated(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        # a built-in exception (ValueError …) is a bug report for developers, not a message
        is_message = MESSAGE_CALLS.search(name) and not hasattr(builtins, name)
        texts = [*node.args] if is_message else []
        texts += [k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS]
        for text in texts:
            if _is_words(text):
                rel = path.relative_to(ROOT)
                yield f"{rel}:{text.lineno}: {name}({ast.unparse(text)[:70]})"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_messages_go_through_the_catalogue(path: Path) -> None:
    """An error, hint or warning written as a literal sentence bypasses the catalogue: it would
    print in English under the Indonesian default."""
    found = list(_untranslated(path))
    assert not found, "wrap these in _() (see dsl/i18n.py):\n" + "\n".join(found)


def test_indonesian_is_the_default_and_english_is_the_source() -> None:
    assert language() == "en"  # the tests' own setting (tests/conftest.py)
    set_language("id")
    assert _("hint: {hint}") != "hint: {hint}"
    set_language("en")
    assert _("hint: {hint}") == "hint: {hint}"


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "text"),
    [
        ("id", 1234567.89, 2, "1.234.567,89"),
        ("en", 1234567.89, 2, "1,234,567.89"),
        ("id", 104.1, 2, "104,10"),
        ("id", 0.5, 0, "0,5"),  # not rounded by the formatter: the value says more than asked
        ("id", -3, None, "-3"),
    ],
)
def test_numbers_as_offices_write_them(lang: str, value: float, decimals: int, text: str) -> None:
    set_language(lang)
    assert number_text(value, decimals) == text


def test_percent_and_rupiah() -> None:
    set_language("id")
    assert percent_text(104.09, 2) == "104,09%"
    assert rupiah_text(779977900621) == "Rp 779.977.900.621"


@pytest.mark.parametrize("value", [1e18, -1.5e20, 1e300])
def test_large_numbers_are_written_in_full(value: float) -> None:
    """Babel quantises in the current decimal context (28 digits by default): a Rupiah total
    of a national register must not end in decimal.InvalidOperation."""
    set_language("id")
    text = number_text(value, 2)
    assert text.endswith(",00") and text.replace(".", "").startswith(("1", "-1"))
    assert len(text.replace(".", "").replace(",00", "").lstrip("-")) == len(f"{abs(value):.0f}")


MARKERS = {"_", "N_", "ngettext", "pgettext"}


def _marked_in_fstrings(path: Path) -> Iterator[str]:
    """Calls like _('Cells') inside an f-string: Babel's extractor does not look inside
    f-strings on Python 3.11, so the text never reaches the catalogue and shows in English."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and _callee(inner) in MARKERS and inner.args:
                rel = path.relative_to(ROOT)
                yield f"{rel}:{inner.lineno}: {ast.unparse(inner)[:70]}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_marked_text_inside_an_f_string(path: Path) -> None:
    found = list(_marked_in_fstrings(path))
    assert not found, "translate outside the f-string, then interpolate:\n" + "\n".join(found)


def test_the_f_string_check_finds_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("x = f\"- **{md_text(_('Cells'))}**\"\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(__import__(__name__), "ROOT", tmp_path)
        assert [line.split(": ", 1)[1] for line in _marked_in_fstrings(bad)] == ["_('Cells')"]
