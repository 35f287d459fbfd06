"""An HTML report beyond what a browser holds is written as pages: an index with the summary and
one page per region (issue 15, item 3). The limit is lowered in each test; the tree is the
benchmark's national-shaped smoke tree (2 provinsi, 5 kota, 14 kecamatan, 120 kelurahan)."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from html import escape
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinError
from engine.api import evaluate
from engine.atomic_folder import MANIFEST, write_pages
from engine.data.model import Unit
from engine.render import html
from engine.render import html_pages as html_pages_module
from engine.render.html_pages import (
    PAGE_NAME,
    Pages,
    Region,
    folder_name,
    html_pages,
    page_name,
    regions,
)
from engine.ruleset.model import Ruleset
from engine.scoring.result import Result

RULESET = Path(__file__).parent.parent.parent / "benchmarks" / "national.yaml"
LIMIT = 3000  # indicator rows of a page here: the smoke tree's 9,950 rows split per kota


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Ruleset, Result]:
    from benchmarks import generate

    files = generate.generate(tmp_path_factory.mktemp("smoke"), generate.SMOKE, seed=7)
    loaded, result, _found = evaluate(RULESET, files, "2016", ())
    return files, loaded, result


def _unit(uid: str, parent: str | None, level: str) -> Unit:
    return Unit(uid, f"Name of {uid}", level, parent)


TREE = [
    _unit("P1", None, "provinsi"),
    _unit("K1", "P1", "kota"),
    _unit("C1", "K1", "kecamatan"),
    _unit("L1", "C1", "kelurahan"),
    _unit("L2", "C1", "kelurahan"),
    _unit("K2", "P1", "kota"),
    _unit("C2", "K2", "kecamatan"),
    _unit("L3", "C2", "kelurahan"),
    _unit("P2", None, "provinsi"),
    _unit("L4", "GONE", "kelurahan"),  # its parent is not in the result: a region of its own
]
ROWS = {"C1": 10, "L1": 30, "L2": 30, "C2": 5, "L3": 20, "L4": 20}


def _pages(limit: int) -> list[tuple[str, bool, tuple[str, ...], int]]:
    return [(r.unit.id, r.whole, r.units, r.rows) for r in regions(TREE, ROWS, limit)]


def test_each_province_is_a_page_when_every_province_fits() -> None:
    assert _pages(95) == [
        ("P1", True, ("P1", "K1", "C1", "L1", "L2", "K2", "C2", "L3"), 95),
        ("P2", True, ("P2",), 0),
        ("L4", True, ("L4",), 20),
    ]


def test_a_province_over_the_limit_is_split_one_level_down() -> None:
    assert _pages(94) == [
        ("P1", False, ("P1",), 0),
        ("K1", True, ("K1", "C1", "L1", "L2"), 70),
        ("K2", True, ("K2", "C2", "L3"), 25),
        ("P2", True, ("P2",), 0),
        ("L4", True, ("L4",), 20),
    ]


def test_only_the_subtree_over_the_limit_is_split_again() -> None:
    assert _pages(50) == [
        ("P1", False, ("P1",), 0),
        ("K1", False, ("K1",), 0),
        ("C1", False, ("C1",), 10),
        ("L1", True, ("L1",), 30),
        ("L2", True, ("L2",), 30),
        ("K2", True, ("K2", "C2", "L3"), 25),
        ("P2", True, ("P2",), 0),
        ("L4", True, ("L4",), 20),
    ]


def test_a_single_unit_over_the_limit_keeps_its_rows_on_one_page() -> None:
    found = _pages(10)
    assert ("L1", True, ("L1",), 30) in found
    assert sorted(uid for _u, _w, units, _r in found for uid in units) == sorted(u.id for u in TREE)


@pytest.mark.parametrize(
    ("number", "unit_id", "name"),
    [
        (1, "../x", "001-x.html"),
        (2, "=cmd()", "002-cmd.html"),
        (3, "\x1b[31mmerah\x1b[0m", "003-31mmerah-0m.html"),
        (4, "KOTA", "004-kota.html"),
        (5, "kota", "005-kota.html"),  # case-colliding ids: the number keeps the names apart
        (6, "a" * 300, f"006-{'a' * 40}.html"),
        (7, "../../..", "007-unit.html"),
        (8, "Kabupaten Bandung Barat ‮exe.txt", "008-kabupaten-bandung-barat-exe-txt.html"),
        (1234, "32.73.05.1001", "1234-32-73-05-1001.html"),
        (9, "Jalan " + "x" * 33 + "-y", f"009-jalan-{'x' * 33}.html"),  # no trailing hyphen
    ],
)
def test_page_names_are_safe_file_names(number: int, unit_id: str, name: str) -> None:
    assert page_name(number, unit_id) == name
    assert PAGE_NAME.fullmatch(name)


@pytest.mark.parametrize(
    ("index", "folder"),
    [("laporan.html", "laporan_files"), ("hasil 2016.htm", "hasil 2016_files")],
)
def test_the_folder_is_named_after_the_index(index: str, folder: str) -> None:
    assert folder_name(index) == folder


def _run(args: list[str], limit: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(html, "MAX_HTML_ROWS", limit)  # when the report is paged
    monkeypatch.setattr(html_pages_module, "PAGE_ROWS", limit)  # and how large a page is
    outcome = CliRunner().invoke(cli.main, args)
    return outcome.exit_code, outcome.stderr + outcome.stdout


def _written(index: Path) -> dict[str, str]:
    folder = index.with_name(folder_name(index.name))
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_every_unit_is_on_exactly_one_page_and_every_link_resolves(
    smoke: tuple[list[Path], Ruleset, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, _loaded, result = smoke
    index = tmp_path / "laporan.html"
    code, said = _run(
        ["evaluate", str(RULESET), *map(str, files), "-o", str(index)], LIMIT, monkeypatch
    )
    assert code == 0, said
    pages = _written(index)
    assert f"wrote {index} and 11 pages in {tmp_path / 'laporan_files'}" in said
    assert pages.pop(MANIFEST).splitlines() == sorted(pages)
    assert all(PAGE_NAME.fullmatch(name) for name in pages)
    # the index links every page, in order, and each link resolves to a page written
    front = index.read_text(encoding="utf-8")
    linked = [unquote(h) for h in re.findall(r'href="(laporan_files/[^"]+)"', front)]
    assert linked == [f"laporan_files/{name}" for name in pages]
    # every unit's detail is on exactly one page: a scorecard (its id under the heading) for a
    # unit with indicator rows, a row of a level table (its id on hover) for the others
    carded = Counter(r.unit for r in result.indicators if r.period == "tahunan")
    seen: Counter[str] = Counter()
    ids = {u.id for u in result.units}
    for name, page in pages.items():
        assert 'href="../laporan.html"' in page, name
        for section in page.split('<section class="unit')[1:]:
            uid = re.search(r'<code class="id">([^<]+)</code>', section)
            assert uid is not None
            seen[uid.group(1)] += 1
            scorecard = section.split("<h3>Scorecard</h3>")[1].split("</table>")[0]
            assert scorecard.count("<span title=") == carded[uid.group(1)], uid.group(1)
        for uid in re.findall(r'<td><span title="([^"]+)">', page):
            seen[uid] += uid in ids  # indicator and figure names have the same markup
    assert seen == Counter(u.id for u in result.units)
    # the index holds the summary and no unit's detail
    assert 'class="unit' not in front
    assert "Pages of the report" in front and "9950 indicator rows" in front


def test_the_pages_in_indonesian(
    smoke: tuple[list[Path], Ruleset, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = smoke[0]
    index = tmp_path / "laporan.html"
    args = ["--lang", "id", "evaluate", str(RULESET), *map(str, files), "-o", str(index)]
    code, said = _run(args, LIMIT, monkeypatch)
    assert code == 0, said
    assert f"ditulis: {index} dan 11 halaman di {tmp_path / 'laporan_files'}" in said
    front = index.read_text(encoding="utf-8")
    assert '<html lang="id">' in front
    assert "<h2>Halaman laporan</h2>" in front
    assert "9950 baris indikator melebihi daya tampung satu halaman (3000)" in front
    assert "(unit ini saja)" in front
    page = _written(index)["001-11.html"]
    assert '<a href="../laporan.html">Kembali ke daftar halaman</a>' in page


def test_below_the_limit_the_single_page_is_written(
    smoke: tuple[list[Path], Ruleset, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, loaded, result = smoke
    index = tmp_path / "laporan.html"
    args = ["evaluate", str(RULESET), *map(str, files), "-o", str(index)]
    code, said = _run(args, len(result.indicators), monkeypatch)
    assert code == 0, said
    assert index.read_text(encoding="utf-8") == html.to_html(result, loaded)
    assert not (tmp_path / "laporan_files").exists()


def test_stdout_beyond_the_limit_is_refused_with_the_way_to_pages(
    smoke: tuple[list[Path], Ruleset, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["evaluate", str(RULESET), *map(str, smoke[0]), "--format", "html"]
    code, said = _run(args, LIMIT, monkeypatch)
    assert code == 1
    assert "error[O004]: 9950 indicator rows are more than an HTML page can show (3000)" in said
    assert "hint: write it to a file with -o FILE.html (an index and a page per region)" in said


def _pages_of(texts: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    for name, text in texts.items():
        yield name, [text[:1], text[1:]]  # a page comes in parts


def test_an_earlier_run_is_replaced_and_only_its_pages_removed(tmp_path: Path) -> None:
    index = tmp_path / "r.html"
    write_pages(
        index, "one", "r_files", _pages_of({"001-a.html": "a", "002-b.html": "b"}), PAGE_NAME
    )
    write_pages(index, "two", "r_files", _pages_of({"001-c.html": "c"}), PAGE_NAME)
    assert index.read_text() == "two"
    assert sorted(os.listdir(tmp_path / "r_files")) == [MANIFEST, "001-c.html"]
    assert sorted(os.listdir(tmp_path)) == ["r.html", "r_files"]  # no temporary folder left


def test_an_index_through_a_link_has_its_pages_beside_the_file_it_names(tmp_path: Path) -> None:
    (tmp_path / "arsip").mkdir()
    real = tmp_path / "arsip" / "r.html"
    real.write_text("old")
    (tmp_path / "r.html").symlink_to("arsip/r.html")
    folder = write_pages(
        tmp_path / "r.html", "one", "r_files", _pages_of({"001-a.html": "a"}), PAGE_NAME
    )
    assert (tmp_path / "r.html").is_symlink() and real.read_text() == "one"
    assert folder == tmp_path / "arsip" / "r_files" and (folder / "001-a.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arsip", "r.html"]


def test_foreign_files_in_the_folder_stop_the_run(tmp_path: Path) -> None:
    index = tmp_path / "r.html"
    write_pages(index, "one", "r_files", _pages_of({"001-a.html": "a"}), PAGE_NAME)
    (tmp_path / "r_files" / "catatan.docx").write_text("mine")
    with pytest.raises(PerkinError) as caught:
        write_pages(index, "two", "r_files", _pages_of({"001-c.html": "c"}), PAGE_NAME)
    assert caught.value.render() == (
        f"{tmp_path / 'r_files' / 'catatan.docx'}: error[O010]: '{tmp_path / 'r_files'}' holds "
        "files perkin did not write (catatan.docx …); nothing was written\n"
        "hint: move them away or choose another name for -o; perkin replaces only its own pages"
    )
    assert sorted(os.listdir(tmp_path / "r_files")) == [MANIFEST, "001-a.html", "catatan.docx"]
    assert index.read_text() == "one"


def test_a_page_name_not_in_the_list_is_foreign_too(tmp_path: Path) -> None:
    (tmp_path / "r_files").mkdir()
    (tmp_path / "r_files" / "001-a.html").write_text("someone's page")
    with pytest.raises(PerkinError) as caught:
        write_pages(tmp_path / "r.html", "x", "r_files", _pages_of({}), PAGE_NAME)
    assert caught.value.code == "O010"
    assert (tmp_path / "r_files" / "001-a.html").read_text() == "someone's page"


def test_a_file_where_the_folder_goes_stops_the_run(tmp_path: Path) -> None:
    (tmp_path / "r_files").write_text("data")
    with pytest.raises(PerkinError) as caught:
        write_pages(tmp_path / "r.html", "x", "r_files", _pages_of({}), PAGE_NAME)
    assert caught.value.code == "O010"
    assert (tmp_path / "r_files").read_text() == "data"


def test_an_input_is_never_written_over(tmp_path: Path) -> None:
    data = tmp_path / "r.html"
    data.write_text("input")
    with pytest.raises(PerkinError) as caught:
        write_pages(data, "x", "r_files", _pages_of({"001-a.html": "a"}), PAGE_NAME, [data])
    assert caught.value.code == "O002"
    assert data.read_text() == "input" and not (tmp_path / "r_files").exists()
    folder = tmp_path / "d_files"
    folder.mkdir()
    with pytest.raises(PerkinError) as caught:
        write_pages(tmp_path / "d.html", "x", "d_files", _pages_of({}), PAGE_NAME, [folder])
    assert caught.value.code == "O002"


def test_a_failure_while_writing_leaves_the_earlier_run_as_it_was(tmp_path: Path) -> None:
    index = tmp_path / "r.html"
    write_pages(index, "one", "r_files", _pages_of({"001-a.html": "a"}), PAGE_NAME)

    def failing() -> Iterator[tuple[str, list[str]]]:
        yield "001-b.html", ["b"]
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        write_pages(index, "two", "r_files", failing(), PAGE_NAME)
    assert sorted(os.listdir(tmp_path)) == ["r.html", "r_files"]
    assert sorted(os.listdir(tmp_path / "r_files")) == [MANIFEST, "001-a.html"]
    assert index.read_text() == "one"


def test_hostile_unit_names_are_escaped_link_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = Path(__file__).parent.parent / "hostile" / "output"
    index = tmp_path / "laporan.html"
    args = ["evaluate", *(str(hostile / f) for f in ("ruleset.yaml", "data.csv", "units.yaml"))]
    code, said = _run([*args, "-o", str(index)], 1, monkeypatch)
    assert code == 0, said
    pages = _written(index)
    assert sorted(pages) == [
        MANIFEST,
        "001-kota.html",
        "002-kec1.html",
        "003-2-3.html",
        "004-kel1.html",
    ]
    front = index.read_text(encoding="utf-8")
    assert "<script>" not in front and "&lt;script&gt;alert(1)&lt;/script&gt;" in front
    assert all("<script>" not in page for page in pages.values())


def test_the_index_is_made_before_any_page(smoke: tuple[list[Path], Ruleset, Result]) -> None:
    _files, loaded, result = smoke
    made = html_pages(result, loaded, "laporan.html", 3000)
    assert [r.unit.id for r in made.regions][:2] == ["11", "11.01"]
    assert isinstance(made.regions[0], Region) and not made.regions[0].whole
    name, parts = next(made.pages())
    page = "".join(parts)
    assert name == "001-11.html" and "<h1>Provinsi 11</h1>" in page
    assert re.search(r"<title>[^<]+ — Provinsi 11 — 2016</title>", page)
    assert page.count("<style>") == 1 and made.index.count("<style>") == 1


def test_rows_read_by_block_are_the_rows_of_the_result(
    smoke: tuple[list[Path], Ruleset, Result],
) -> None:
    """A page reads only its own rows from the column blocks; the same result with its rows
    made one by one (no blocks) gives the same pages."""
    _files, loaded, result = smoke
    made = tuple(tuple(rows) for rows in (result.indicators, result.scores, result.figures))
    plain = replace(result, indicators=made[0], scores=made[1], figures=made[2])
    by_block = html_pages(result, loaded, "laporan.html", LIMIT)
    by_row = html_pages(plain, loaded, "laporan.html", LIMIT)
    assert by_block.index == by_row.index
    assert _joined(by_block) == _joined(by_row)


def _joined(made: Pages) -> list[tuple[str, str]]:
    return [(name, "".join(parts)) for name, parts in made.pages()]


def test_rankings_the_index_lists_first_places_and_each_page_its_units_places(
    smoke: tuple[list[Path], Ruleset, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The national kelurahan ranking would make the index as large as a page: the index lists
    the first places, and each unit's place (among all) is on its region's page."""
    _files, loaded, result = smoke
    monkeypatch.setattr(html_pages_module, "INDEX_PLACES", 5)
    made = html_pages(result, loaded, "laporan.html", 3000)
    ranked: dict[str, list[str]] = {}
    for row in result.rankings:
        ranked.setdefault(row.ranking, []).append(row.unit)
    assert ranked and all(len(units) > 5 for units in ranked.values())
    for units in ranked.values():
        note = (
            f"The first 5 places of {len(units)}; every unit's place is on the page of its region."
        )
        assert escape(note) in made.index
        on_pages = []
        for n, region in enumerate(made.regions):
            mine = [u for u in units if u in region.units]
            page = "".join(dict(made.pages())[made.names[n]])
            if mine:
                assert (
                    f"The places of the {len(mine)} units of this page, among {len(units)}." in page
                )
            on_pages += mine
        assert sorted(on_pages) == sorted(units)  # every place on exactly one page
