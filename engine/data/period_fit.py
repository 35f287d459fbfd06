"""A value for a period shorter than its input's (D342): an input is read at its own period or,
its periods combined, at a longer one (engine.scoring.evaluate), never at a shorter one, so a
month's value of an input reported per triwulan, or a triwulan's of a yearly input, would be
bound and never read while the report said "no data". It is refused at its cell instead.

Imported by engine.data.bind and engine.data.binding; imports engine.periods, engine.ruleset.
"""

from __future__ import annotations

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from engine.periods import Period, PeriodKind, finest, is_finer
from engine.ruleset.model import Input, Ruleset


class FinerPeriodError(PerkinError):
    """A value for a period shorter than the one its input is reported for."""

    code = "D342"


def check_period_fits(
    ruleset: Ruleset, spec: Input, period: Period | None, where: Location
) -> None:
    """Raise FinerPeriodError when the period is shorter than the input's own and than every
    period the ruleset reports (its cadence, and each indicator's, figure's and score's): an
    indicator reported per bulan reads a triwulan input's month, when the data gives one."""
    if period is None or not is_finer(period.kind, spec.period):
        return
    if not is_finer(period.kind, _finest_reported(ruleset)):
        return
    message = _(
        "'{input}' is reported per {kind} (period: {kind}), so its value for {period} would "
        "never be read"
    ).format(input=spec.id, kind=spec.period, period=period.engine_label)
    hint = _(
        "give the value of the {kind}, or declare {input} with period: {shorter} if it is "
        "reported per {shorter}"
    ).format(kind=spec.period, input=spec.id, shorter=period.kind)
    raise FinerPeriodError(message, where, hint)


def _finest_reported(rs: Ruleset) -> PeriodKind:
    """The shortest period the ruleset reports anything for."""
    kinds = [rs.cadence, *(i.cadence for i in rs.indicators.values())]
    kinds += [f.cadence for f in rs.figures.values() if f.cadence is not None]
    kinds += [s.cadence for s in rs.scores.values() if s.cadence is not None]
    return finest(kinds)
