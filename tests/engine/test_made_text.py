"""The titles perkin writes into a ruleset itself (peer rankings, Renstra and peer figures) are in
the language of the view, not of the moment the ruleset was loaded (engine/ruleset/made_text.py);
and no module translates a text when it is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dsl.i18n import set_language
from engine.api import evaluate
from engine.render.html import ranking_section
from engine.render.show_rankings import ranking_rows
from engine.render.show_scores import score_rows
from engine.ruleset.loader import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
RULESET_2024 = ROOT / "rulesets" / "2024"
IKLKA = "Indeks Kepuasan Layanan Kota Administrasi"


@pytest.mark.parametrize(
    ("loaded", "shown", "among", "renstra"),
    [
        ("id", "en", f"{IKLKA} among the peers", "Renstra target 2024"),
        ("en", "id", f"{IKLKA} di antara unit pembanding", "Target Renstra 2024"),
    ],
)
def test_titles_made_at_load_follow_the_language_shown(
    loaded: str, shown: str, among: str, renstra: str
) -> None:
    set_language(loaded)
    ruleset = load_ruleset(RULESET_2024)
    set_language(shown)
    assert str(ruleset.rankings["peringkat_iklka"].title) == among
    assert str(ruleset.figures["renstra_iklka"].description) == renstra
    found = ranking_rows(ruleset, False)
    assert found is not None and found[2][0][0] == f"{among} (peringkat_iklka)"
    tables = score_rows(ruleset, False, True)
    figures = next(rows for _header, rows in tables if rows[0][0] in ruleset.figures)
    assert ["renstra_iklka", "kota", "87.3", renstra] in figures


def test_a_report_of_a_ruleset_loaded_in_another_language() -> None:
    set_language("id")
    ruleset, result, _found = evaluate(RULESET_2024, [ROOT / "examples" / "2024"], None, (), False)
    set_language("en")
    page = ranking_section(result, ruleset, "peringkat_ek")
    assert "Ranking: Indeks Efektivitas Koordinasi Kota Administrasi among the peers" in page


def test_no_text_is_translated_when_a_module_is_imported() -> None:
    """A `_()` at module level (or in a default argument) is in the language of the import, not
    of the report: constants are marked with N_() and translated where shown (cli.py's --help
    texts too, when the page is made)."""
    calls = {"_", "ngettext", "pgettext"}
    found = []
    sources = [*(ROOT / "dsl").rglob("*.py"), *(ROOT / "engine").rglob("*.py"), ROOT / "cli.py"]
    for path in sorted(sources):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_import: list[ast.AST] = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                at_import += [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]
                if not isinstance(node, ast.Lambda):
                    at_import += node.decorator_list
        at_import += [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]
        at_import += [
            n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body
            if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]  # fmt: skip
        for top in at_import:
            for node in ast.walk(top):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") in calls:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "\n".join(found)
