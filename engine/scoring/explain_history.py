"""Earlier years' values in an explanation: what a formula's PREV, HISTORY, GROWTH and TREND
read for one unit, and where each came from (a results store row, a history file cell)."""

from __future__ import annotations

from typing import Any

from dsl import Program
from dsl.i18n import _
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain_values import scalar, show
from engine.scoring.history_values import earlier_year


def history_values(ev: Evaluator, program: Program, label: str, i: int) -> dict[str, Any]:
    """The earlier-year values a formula reads for unit i, under their keys."""
    return {r.key: scalar(ev.earlier(r, label), i) for r in program.history}


def history_lines(ev: Evaluator, program: Program, label: str, i: int, pad: str) -> list[str]:
    """One line per earlier-year value read: the year, the value and where it came from."""
    unit, year = ev.ids[i], ev.rs.year
    lines = []
    for ref in sorted(program.history):
        when = earlier_year(ref, year)
        value = scalar(ev.earlier(ref, label), i)
        got = ev.history.get(unit, ref.name, when, label)
        if when == year:
            origin = _("this year's own value")
        elif got is not None:
            origin = _("from {origin}").format(origin=got.origin)
        else:
            origin = _("no history source gives it")
        line = _("{name} in {year} = {value}   [{origin}]").format(
            name=ref.name, year=when, value=show(value), origin=origin
        )
        lines.append(pad + line)
    return lines
