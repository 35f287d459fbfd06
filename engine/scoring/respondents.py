"""The survey's respondent floor (N007). An indicator split into parts (`shares:`, the IKM by
service, 001:86) may name the input that counts its survey's respondents and the minimum each
part needs. The data gives one count per unit and period for the whole survey, so the check
that can be made is on the total: fewer respondents than `min_respondents` × the number of
parts cannot have given every part its minimum, and is a warning located at the data cell. A
total at or above it does not prove each part had its minimum; the ruleset reference says so."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from dsl.i18n import _, ngettext
from engine.data.bind import PRESENT
from engine.periods import WHOLE_YEAR, Period, sub_labels
from engine.ruleset.shares import Shares
from engine.scoring.evaluate import Evaluator
from engine.scoring.result import Diagnostic

CODE = "N007"


def respondent_warnings(
    ev: Evaluator, target: Period = WHOLE_YEAR, kept: np.ndarray | None = None
) -> Iterator[Diagnostic]:
    """One warning per kept unit (by default every unit) and period of the scored period (by
    default the whole year) whose respondent count is below what the parts need together."""
    if kept is None:
        kept = np.ones(ev.n, dtype=bool)
    for shares in ev.rs.shares.values():
        if shares.respondents is None or shares.min_respondents is None:
            continue
        spec = ev.rs.inputs.get(shares.respondents)
        if spec is None:
            continue  # refused when the ruleset loads (R082)
        slots = ev.bound.slots.get(spec.id, {})
        for label in sub_labels(target.engine_label, spec.period):
            slot = slots.get((label, None))
            if slot is None:
                continue
            needed = shares.min_respondents * len(shares.parts)
            short = kept & (slot.state == PRESENT) & (slot.values < needed)
            for i in np.flatnonzero(short).tolist():
                text = _message(shares, float(slot.values[i]), needed, slot.label(i))
                yield Diagnostic("warning", "N007", text, ev.ids[i], shares.indicator, label)


def _message(shares: Shares, count: float, needed: int, where: str | None) -> str:
    parts = len(shares.parts)
    head = ngettext(
        "{count} respondent in {input} ({where})",
        "{count} respondents in {input} ({where})",
        int(count) if count.is_integer() else 2,
    )
    rule = _(
        "{parts} {of} with at least {minimum} each ({source}) need {needed}: "
        "not every {of} can have had its minimum"
    )
    return "; ".join(
        (
            head.format(
                count=f"{count:g}", input=shares.respondents, where=where or _("no cell recorded")
            ),
            rule.format(
                parts=parts,
                of=shares.of or _("parts"),
                minimum=shares.min_respondents,
                source=shares.source or _("no source"),
                needed=needed,
            ),
        )
    )


def respondent_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """The N007 warnings, one line each: 'unit indicator period: warning[N007]: …'."""
    line = _("{place}: warning[{code}]: {message}")
    return [
        line.format(place=f"{d.unit} {d.name} {d.period}", code=d.code, message=d.message)
        for d in diagnostics
        if d.code == CODE
    ]
