"""Documents as sources: declared once (`documents:`), shared through extends, cited with a
locator, printed by `perkin cite` and `perkin show --sources`, compared by `perkin diff`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import cli
from dsl.errors import PerkinErrors
from engine.history.cases import load_case
from engine.ruleset.loader import load_ruleset
from engine.ruleset.sources import SourceDocument

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "rulesets" / "valid"
PARENT, CHILD = VALID / "documents.yaml", VALID / "documents_child.yaml"
TITLE = "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik"
URL = "https://peraturan.go.id/id/permenpan-rb-no-14-tahun-2017"
LINE = f"permenpanrb_14_2017: {TITLE} (regulation no. 14 of 2017) {URL}"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def test_a_child_has_the_documents_of_its_parent() -> None:
    rs = load_ruleset(CHILD)
    assert rs.documents == {
        "permenpanrb_14_2017": SourceDocument(
            "permenpanrb_14_2017", TITLE, "regulation", "14", 2017, URL
        )
    }
    assert rs.indicators["ikm"].target is not None
    assert rs.indicators["ikm"].target.provenance.source == "permenpanrb_14_2017: tabel 3"


def test_a_document_needs_a_title_and_a_known_kind(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "id: r\ndocuments:\n  pmk_1: {title: Standar Biaya, kind: peraturan}\n", encoding="utf-8"
    )
    res = run("--lang", "en", "validate", str(path))
    assert res.exit_code == 1
    assert f"{path}:3:39: error[R010]: documents.pmk_1.kind: 'peraturan'" in res.stderr
    assert "use one of: regulation, decision" in res.stderr


def test_cite_lists_the_documents_of_a_ruleset() -> None:
    res = run("cite", "--ruleset", str(CHILD))
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [LINE]


def test_cite_a_document_with_its_locator_beside_a_seed_line(tmp_path: Path) -> None:
    (tmp_path / "003_test.txt").write_text("first\nsecond\n", encoding="utf-8")
    args = ["cite", "--ruleset", str(CHILD), "--seeds", str(tmp_path)]
    res = run(*args, "permenpanrb_14_2017: Lampiran II, hlm. 12; 003:2")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [
        f"permenpanrb_14_2017: {TITLE} (regulation no. 14 of 2017), Lampiran II {URL}",
        f"permenpanrb_14_2017: {TITLE} (regulation no. 14 of 2017), hlm. 12 {URL}",
        "003:2: second",
    ]


def test_cite_in_indonesian() -> None:
    res = run("--lang", "id", "cite", "--ruleset", str(CHILD), "permenpanrb_14_2017: pasal 5")
    assert res.exit_code == 0, res.stderr
    assert "(peraturan nomor 14 tahun 2017), pasal 5" in res.stdout


def test_cite_a_document_without_its_ruleset() -> None:
    res = run("cite", "permenpanrb_14_2017: pasal 5")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:2] == [
        "permenpanrb_14_2017: pasal 5: error[S001]: unknown document 'permenpanrb_14_2017'",
        "hint: pass --ruleset R to cite the documents it declares",
    ]


def test_cite_a_misspelt_document() -> None:
    res = run("cite", "--ruleset", str(CHILD), "permenpanrb_14_2071")
    assert res.exit_code == 1
    assert "hint: did you mean 'permenpanrb_14_2017'?" in res.stderr


def test_cite_needs_something_to_cite() -> None:
    res = run("cite")
    assert res.exit_code == 2
    assert "give a citation (003:1522) or --ruleset R" in res.stderr


def test_show_sources_prints_the_documents() -> None:
    res = run("show", str(CHILD), "--sources", "--format", "md")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "permenpanrb_14_2017: pasal 5 ayat (2); 003:1140" in res.stdout
    assert lines[-2:] == ["Documents cited:", f"- {LINE}"]


def test_show_without_sources_leaves_the_documents_out() -> None:
    res = run("show", str(CHILD), "--format", "md")
    assert "Documents cited:" not in res.stdout


def test_diff_lists_a_document_added() -> None:
    res = run("diff", str(VALID / "parent.yaml"), str(CHILD))
    assert res.exit_code == 0, res.stderr
    assert f"+ document permenpanrb_14_2017 added: {TITLE}" in res.stdout.splitlines()


def test_a_case_file_cites_seed_lines_only(tmp_path: Path) -> None:
    """Case files declare no documents: a document citation there is refused, as any other
    text that is not a seed line."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "ruleset: r\ndata: d\nperiod: 2024\n"
        "published:\n"
        '  - {score: s, unit: u, printed: "1", source: "003:1574, 003:1580-1582"}\n'
        '  - {score: s, unit: u, printed: "1", source: "permenpanrb_14_2017: pasal 5"}\n',
        encoding="utf-8",
    )
    with pytest.raises(PerkinErrors) as caught:
        load_case(path)
    shown = [e.render().splitlines()[0] for e in caught.value.errors]
    assert shown == [f"{path}:6:47: error[H001]: 'source' must cite the seed line, e.g. 003:1574"]
