"""Result renderers: json, csv, md, html, xlsx and parquet (no terminal code here)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from engine.pieces import Pieces
from engine.ruleset.model import Ruleset
from engine.scoring.result import Result


def render(
    result: Result,
    fmt: str,
    ruleset: Ruleset | None = None,
    detail: bool = False,
    level: str | None = None,
    units: Sequence[str] = (),
) -> str | bytes:
    """The result in one output format (html and xlsx show indicator names given the ruleset).

    Markdown is the summary view (engine/render/summary.py: the PK table of the chosen period
    for the units at `level`, the named `units` or the top scored level) unless `detail` asks
    for every row, or no ruleset is given to name indicators."""
    match fmt:
        case "json":
            from engine.render.json_blocks import json_lines

            return "".join(json_lines(result))
        case "csv":
            from engine.render.csv_blocks import to_csv

            return to_csv(result)
        case "md" | "table":
            if detail or ruleset is None:
                from engine.render.markdown import to_markdown

                return to_markdown(result)
            from engine.render.summary import summarize
            from engine.render.summary_text import summary_markdown

            return summary_markdown(summarize(result, ruleset, level, units))
        case "html":
            from engine.render.html import to_html

            return to_html(result, ruleset)
        case "xlsx":
            from engine.render.xlsx import to_xlsx

            return to_xlsx(result, ruleset)
        case "parquet":
            from engine.render.parquet import to_parquet

            return to_parquet(result)
    raise ValueError(f"unknown format {fmt}")


def render_payload(
    result: Result,
    fmt: str,
    ruleset: Ruleset | None = None,
    detail: bool = False,
    level: str | None = None,
    units: Sequence[str] = (),
) -> str | bytes | Iterator[bytes] | Pieces:
    """What a report file is written from: the CSV and JSON reports' pieces (engine/pieces.py:
    made while written, by two processes when large), any other whole."""
    if fmt == "csv":
        from engine.render.csv_blocks import csv_pieces

        return csv_pieces(result)
    if fmt == "json":
        from engine.render.json_blocks import json_pieces

        return json_pieces(result)
    return render(result, fmt, ruleset, detail, level, units)
