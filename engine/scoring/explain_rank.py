"""A unit's place in a ranking explained: the value ranked, each tie-breaker's value, who it tied
with and how the tie was resolved, and its award, as rank_units decided them."""

from __future__ import annotations

from dsl.i18n import _
from engine.ruleset.model import Ranking
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain_values import show
from engine.scoring.result import RankRow
from engine.scoring.score import rank_units


def explain_ranking(ev: Evaluator, ranking: Ranking, unit: int, label: str) -> list[str]:
    """The ranking's rule, the unit's row, the units tied with it, and the whole ranking."""
    rows = rank_units(ev, ranking, label)
    uid = ev.bound.units[unit].id
    mine = next((r for r in rows if r.unit == uid), None)
    lines = [
        f"{ranking.title}  [{ranking.id}]",
        _("source: {source}").format(source=ranking.provenance.text()),
        _("ranked by {by} ({order}), then {breakers}").format(
            by=ranking.by,
            order=_order(ranking.descending),
            breakers=", ".join(f"{b} ({_order(d)})" for b, d in ranking.tie_breakers)
            or _("no tie-breaker"),
        ),
    ]
    if mine is None:
        level = ranking.level or "-"
        return [
            *lines,
            _("{unit} is not ranked here (only level {level})").format(unit=uid, level=level),
        ]
    lines += _row(ranking, mine)
    tied = [r for r in rows if r is not mine and r.value.rounded == mine.value.rounded]
    if mine.rank is not None and tied:
        lines.append(
            "  "
            + _("same {by} as: {units}").format(
                by=ranking.by, units=", ".join(f"{r.unit} ({_place(r)})" for r in tied)
            )
        )
        lines += [
            f"  {r.unit}: {r.note}"
            for r in tied
            if r.note and r.tie is not None and r.note != mine.note
        ]
    lines.append(_("the ranking:"))
    width = max(len(_place(r)) for r in rows)
    for r in rows:
        mark = "→ " if r is mine else "  "
        breakers = "".join(
            f"; {b} {show(v)}"
            for (b, _d), v in zip(ranking.tie_breakers, r.tie_breakers, strict=True)
        )
        award = f"  {r.award}" if r.award else ""
        lines.append(
            f"  {mark}{_place(r).rjust(width)}  {r.unit}  {r.value.office_text()}{breakers}{award}"
        )
    return lines


def _row(ranking: Ranking, row: RankRow) -> list[str]:
    """The unit's place, value as ranked (presented), tie-breaker values, tie note and award."""
    lines = [
        _("{unit}: rank {rank}, award {award}").format(
            unit=row.unit, rank=_place(row), award=row.award or _("none")
        ),
        "  "
        + _("{by} = {value} (as presented, compared at that precision)").format(
            by=ranking.by, value=row.value.office_text()
        ),
    ]
    for (by, _d), value in zip(ranking.tie_breakers, row.tie_breakers, strict=True):
        lines.append("  " + _("tie-breaker {by} = {value}").format(by=by, value=show(value)))
    if row.note:
        lines.append(f"  {row.unit}: {row.note}")
    return lines


def _place(row: RankRow) -> str:
    return str(row.rank) if row.rank is not None else "—"


def _order(descending: bool) -> str:
    return _("highest first") if descending else _("lowest first")
