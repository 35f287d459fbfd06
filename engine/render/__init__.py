"""Result renderers: json, csv, md, html and xlsx (no terminal code here)."""

from __future__ import annotations

from engine.ruleset.model import Ruleset
from engine.scoring.result import Result


def render(result: Result, fmt: str, ruleset: Ruleset | None = None) -> str | bytes:
    """The result in one output format (html and xlsx show indicator names given the ruleset)."""
    match fmt:
        case "json":
            return result.to_json()
        case "csv":
            from engine.render.tabular import to_csv

            return to_csv(result)
        case "md" | "table":
            from engine.render.markdown import to_markdown

            return to_markdown(result)
        case "html":
            from engine.render.html import to_html

            return to_html(result, ruleset)
        case "xlsx":
            from engine.render.xlsx import to_xlsx

            return to_xlsx(result, ruleset)
    raise ValueError(f"unknown format {fmt}")
