"""XLSX writers measured on the same result (issue 15, item 2): perkin's report workbook (written
with XlsxWriter in constant_memory mode since issue 15 item 2; with openpyxl's write-only mode
before, measured in benchmarks/README.md), against the prototype that measured XlsxWriter first.

    python benchmarks/xlsx_writers.py [--percent 1]

The XlsxWriter prototype is for timing, not perkin's report: the indicator, score,
ranking and diagnostic sheets with the same values, number formats, predikat fills, header,
widths, frozen header and filter; the summary and comparison sheets left out (a few rows). Its
rows are made a row at a time by engine/render/xlsx.py's row functions and written a cell at a
time through XlsxWriter's API; perkin's report makes them column-wise and writes their XML
(engine/render/xlsx_cells.py). CPU seconds of this process (other sessions share the VM).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make the benchmarks package importable

from benchmarks import scaling  # noqa: E402
from dsl.i18n import _, pgettext  # noqa: E402
from engine.api import evaluate  # noqa: E402
from engine.render import xlsx as X  # noqa: E402
from engine.render import xlsx_book as B  # noqa: E402
from engine.render import xlsx_cells as C  # noqa: E402
from engine.render.charts import TONE_COLOURS, tone_of  # noqa: E402
from engine.ruleset.model import Ruleset  # noqa: E402
from engine.ruleset.money import rupiah_names  # noqa: E402
from engine.scoring.result import Presented, Result  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--percent", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    folder = scaling.dataset(args.percent, args.seed).folder
    files = [folder / name for name in ("units.csv", "kelurahan.csv", "kecamatan.csv")]
    ruleset, result, _found = evaluate(ROOT / "benchmarks" / "national.yaml", files, None, [])
    writers: list[tuple[str, Callable[[], bytes]]] = [
        ("perkin's to_xlsx (XlsxWriter constant_memory)", lambda: X.to_xlsx(result, ruleset)),
    ]
    if scaling._has("xlsxwriter"):
        writers.append(
            ("prototype: XlsxWriter constant_memory", lambda: xlsxwriter_book(result, ruleset))
        )
    for name, write in writers:
        wall, cpu = time.perf_counter(), time.process_time()
        data = write()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(data):,} bytes", flush=True)
    return 0


def _widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Column widths from the longest text in each column, between 8 and 60 characters."""
    return [
        min(max(max([len(title), *(C.width(C.plain(row[i])) for row in rows)]) + 2, 8), 60)
        for i, title in enumerate(header)
    ]


def _level_rows(result: Result) -> list[tuple[str, list[Any]]]:
    """(sheet title, indicator rows) per unit level, as the report groups them."""
    levels = {u.id: u.level for u in result.units}
    order = list(dict.fromkeys(u.level for u in result.units))
    grouped = [
        (level, [r for r in result.indicators if levels.get(r.unit) == level]) for level in order
    ]
    return [
        (pgettext("sheet", "Level {level}").format(level=level), rows)
        for level, rows in grouped
        if rows
    ]


def xlsxwriter_book(result: Result, ruleset: Ruleset) -> bytes:
    """The indicator, score, ranking and diagnostic sheets written with XlsxWriter."""
    import xlsxwriter

    out = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, options)
    formats: dict[Any, Any] = {}

    def number(code: str) -> Any:
        if code not in formats:
            formats[code] = book.add_format({"num_format": code})
        return formats[code]

    def tone(label: str) -> Any:
        if ("tone", label) not in formats:
            t = tone_of(label)
            colour = "#FFFFFF" if t in B._LIGHT_TEXT else "#1F2328"
            style = {"bg_color": "#" + TONE_COLOURS[t], "bold": True, "font_color": colour}
            formats["tone", label] = book.add_format(style)
        return formats["tone", label]

    head = book.add_format({"bold": True, "bg_color": "#DDE3EA", "valign": "top", "text_wrap": 1})

    def sheet(
        title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], pred: int = -1
    ) -> None:
        ws = book.add_worksheet(title)
        for i, width in enumerate(_widths(header, rows)):
            ws.set_column(i, i, width)
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, header, head)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                plain = C.plain(value)
                if plain is None:
                    continue
                if isinstance(value, X.Rupiah) and value.number.rounded is not None:
                    code = X.rupiah_format(value.number.rounding.decimals)
                    ws.write_number(r, c, plain, number(code))
                elif isinstance(value, Presented) and value.rounded is not None:
                    ws.write_number(r, c, plain, number(X.number_format(value.rounding.decimals)))
                elif isinstance(plain, str):
                    if c == pred and plain:
                        ws.write_string(r, c, plain, tone(plain))
                    else:
                        ws.write_string(r, c, plain)
                else:
                    ws.write_number(r, c, plain)
        ws.autofilter(0, 0, len(rows), len(header) - 1)

    names = X.Names.of(result, ruleset)
    money = rupiah_names(ruleset)
    for title, rows in _level_rows(result):
        cells = [X._indicator_cells(r, names, r.indicator in money.indicators) for r in rows]
        sheet(title, X.indicator_header(), cells, X.INDICATOR_PREDIKAT)
    values = [X._value_cells(v, _("score"), names, frozenset()) for v in result.scores]
    values += [X._value_cells(v, _("figure"), names, money.figures) for v in result.figures]
    sheet(pgettext("sheet", "Scores"), X.value_header(), values, X.VALUE_PREDIKAT)
    ranks = [X._rank_cells(r, names) for r in result.rankings]
    sheet(pgettext("sheet", "Rankings"), X.rank_header(), ranks)
    body: list[list[Any]] = [
        [d.severity, d.code, d.unit, d.name, d.period, None, d.message] for d in result.diagnostics
    ]
    body += [["N/A", None, *row] for row in X.na_rows(result)]
    sheet(pgettext("sheet", "Diagnostics"), X.diagnostic_header(), body)
    book.close()
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
