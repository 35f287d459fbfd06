"""Workbooks that cost far more than they weigh (trust sweep, second round): a sheet whose
`<dimension>` lies about its size, and a shared-strings table of millions of items. The size
checks of engine/data/xlsx_files.py must count what openpyxl will build, not what the file says.

The limits are lowered with monkeypatch so that each workbook stays a few kilobytes; the real
sizes were measured by hand (see the sweep's report), never timed here.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.test_bad_inputs import run

BASE = Path(__file__).parent.parent / "bad_inputs" / "base"
RULESET = str(BASE / "ruleset.yaml")
SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"


def workbook(path: Path, rows: int) -> Path:
    """A one-sheet data workbook with a header and `rows` data rows (strings shared)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["unit", "period", "variable", "value"])
    for n in range(rows):
        sheet.append(["KEL1", "2024-TW1", "aduan", n])
    book.save(path)
    return path


def rewrite(path: Path, member: str, change: dict[bytes, bytes]) -> None:
    """Replace byte patterns (regular expressions) in one member of the workbook."""
    with zipfile.ZipFile(path) as old:
        parts = {item.filename: old.read(item.filename) for item in old.infolist()}
    for pattern, replacement in change.items():
        parts[member], count = re.subn(pattern, replacement, parts[member])
        assert count, f"{pattern!r} not in {member}"
    write(path, parts)


def write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def with_shared_strings(path: Path, items: bytes, root: bytes = b"sst") -> Path:
    """The workbook with a shared-strings part holding these items (openpyxl writes its texts
    inline, so the part, its content type and its relationship are added here)."""
    with zipfile.ZipFile(path) as old:
        parts = {item.filename: old.read(item.filename) for item in old.infolist()}
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/{SHARED}" ContentType="{kind}"/></Types>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", override.encode()
    )
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    rel = f'<Relationship Id="rIdS" Type="{relation}" Target="sharedStrings.xml"/></Relationships>'
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", rel.encode())
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    prefix, _, _name = root.rpartition(b":")
    xmlns = b"xmlns:" + prefix if prefix else b"xmlns"
    parts[SHARED] = b'<%s %s="%s">%s</%s>' % (root, xmlns, main, items, root)
    write(path, parts)
    return path


def dimension(path: Path, ref: bytes) -> Path:
    rewrite(path, SHEET, {rb'<dimension ref="[^"]*"': b'<dimension ref="' + ref + b'"'})
    return path


def test_a_dimension_that_understates_the_sheet_does_not_hide_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's streaming reader stops at the row the dimension names: a 10 MB workbook of a
    million rows saying `A1:D2` was loaded whole (3.8 GB, then MemoryError)."""
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_ROWS", 5)
    path = dimension(workbook(tmp_path / "lie.xlsx", rows=9), b"A1:D2")
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}!Data!A6: error[D046]: the sheet has more than 5 rows" in result.stderr


def test_a_dimension_that_overstates_the_sheet_is_not_counted_as_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`A1:XFD1048576` (written by some exporters) is no reason to refuse 70 small rows: the
    streaming reader padded every row to 16,384 empty cells and counted them."""
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 1_000)  # 71 rows × 4 cells = 284
    path = dimension(workbook(tmp_path / "wide.xlsx", rows=70), b"A1:XFD1048576")
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert "D046" not in result.stderr, result.stderr
    assert "error[D040]" in result.stderr  # the rows repeat one value: they were read


def shared_strings(path: Path, count: int) -> Path:
    """The workbook with `count` distinct shared strings, none of them used by a cell."""
    return with_shared_strings(path, b"".join(b"<si><t>s%d</t></si>" % n for n in range(count)))


def test_a_shared_strings_table_over_the_cells_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three million shared strings (an 8 MB file) cost 48 s and 560 MB before anything was
    counted: openpyxl reads the whole table at every load."""
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 50)
    path = shared_strings(workbook(tmp_path / "strings.xlsx", rows=2), count=60)
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1, result.output
    expected = f"{path}: error[D046]: the workbook holds more than 50 shared strings"
    assert expected in result.stderr
    assert "hint: " in result.stderr


def test_a_shared_strings_table_with_a_prefix_is_counted_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 50)
    items = b"".join(b"<x:si><x:t>s%d</x:t></x:si>" % n for n in range(60))
    path = with_shared_strings(workbook(tmp_path / "prefixed.xlsx", rows=2), items, b"x:sst")
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert "error[D046]: the workbook holds more than 50 shared strings" in result.stderr


def test_shared_strings_under_the_limit_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 50)
    path = shared_strings(workbook(tmp_path / "strings.xlsx", rows=2), count=40)
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert "D046" not in result.stderr, result.stderr
    assert "error[D040]" in result.stderr  # the rows were read


def test_too_many_shared_strings_is_said_in_indonesian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 50)
    path = shared_strings(workbook(tmp_path / "strings.xlsx", rows=2), count=60)
    result = run(["--lang", "id", "validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1
    assert f"{path}: galat[D046]: buku kerja memuat lebih dari 50 string bersama" in result.stderr


def test_a_far_away_cell_counts_the_whole_grid_it_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a sheet makes every cell of the grid from A1 to its last row and column: a value
    at D1000000 under a two-row table is four million cells, however few the file holds."""
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 100)
    path = workbook(tmp_path / "far.xlsx", rows=2)
    far = b'<row r="40"><c r="D40"><v>1</v></c></row></sheetData>'
    rewrite(
        path, SHEET, {rb"</sheetData>": far, rb'<dimension ref="[^"]*"': b'<dimension ref="A1"'}
    )
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}!Data!A26: error[D046]: the sheet has more than 100 cells" in result.stderr


def test_empty_formatted_rows_count_and_the_hint_says_to_delete_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million formatted empty rows under the data (a whole sheet's rows given a style) took
    23 s and 1.5 GB to load; they count as rows of the table's width."""
    from engine.data import xlsx_files

    monkeypatch.setattr(xlsx_files, "MAX_XLSX_CELLS", 100)
    path = workbook(tmp_path / "styled.xlsx", rows=2)
    styled = b"".join(b'<row r="%d" s="0" customFormat="1" ht="15"/>' % n for n in range(4, 60))
    rewrite(path, SHEET, {rb"</sheetData>": styled + b"</sheetData>"})
    result = run(["--lang", "en", "validate", "--ruleset", RULESET, str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}!Data!A26: error[D046]: the sheet has more than 100 cells" in result.stderr
    assert "hint: delete the empty rows below the data (23 of the first 26)" in result.stderr
