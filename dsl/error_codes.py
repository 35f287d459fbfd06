"""The registry of error codes (dsl/error_codes.toml) and docs/errors.md rendered from it.

Run `python -m dsl.error_codes > docs/errors.md` after editing the registry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGISTRY_FILE = Path(__file__).with_name("error_codes.toml")
SERIES = {
    "E": "General",
    "F": "Formulas",
    "R": "Rulesets",
    "S": "Citations",
    "D": "Data",
    "C": "perkin calc",
    "P": "Periods to score",
    "X": "perkin explain",
    "O": "Output files",
    "H": "Replay and audit case files",
    "N": "Result diagnostics",
}


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One registered code: the class carrying it, its titles, what it means, an example."""

    code: str
    error: str
    title: str
    judul: str
    explanation: str
    example: str


@cache
def registry() -> Mapping[str, ErrorCode]:
    """Every registered code, in the registry's order."""
    with REGISTRY_FILE.open("rb") as f:
        table = tomllib.load(f)
    return {code: ErrorCode(code=code, **fields) for code, fields in table.items()}


def render_markdown() -> str:
    """docs/errors.md: an overview table, then each code with its explanation and example."""
    codes = list(registry().values())
    lines = [
        "# Error codes",
        "",
        "<!-- generated from dsl/error_codes.toml by `python -m dsl.error_codes > docs/errors.md`;",
        "     do not edit by hand -->",
        "",
        "Every problem perkin reports carries a stable code, printed as `error[CODE]`. A code",
        "always means the same kind of problem; the message and hint say what and where.",
        "",
        "| code | title | judul | class |",
        "|---|---|---|---|",
        *(_row(c) for c in codes),
    ]
    series = None
    for c in codes:
        if c.code[0] != series:
            series = c.code[0]
            lines += ["", f"## {SERIES.get(series, series)}"]
        lines += _entry(c)
    return "\n".join(lines) + "\n"


def _row(c: ErrorCode) -> str:
    """The overview table's row of one code, linking to its section."""
    return f"| [{c.code}](#{c.code.lower()}) | {c.title} | {c.judul} | `{c.error}` |"


def _entry(c: ErrorCode) -> list[str]:
    """The section of one code."""
    return [
        "",
        f"### {c.code}",
        "",
        f"**{c.title}** — *{c.judul}* (`{c.error}`)",
        "",
        c.explanation,
        "",
        "```",
        c.example,
        "```",
    ]


if __name__ == "__main__":
    print(render_markdown(), end="")
