"""`perkin validate --ruleset R DATA`: data checked against a ruleset without scoring (engine.api
re-exports it as the CLI's front door)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dsl.i18n import _, and_more, ngettext
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import Ruleset

if TYPE_CHECKING:
    from engine.data.bind import Bound
    from engine.scoring.history_values import History


def validate_data(
    ruleset: Path, data: Sequence[Path], strict: bool = False, history: Sequence[Path] = ()
) -> list[str]:
    """Check data files against a ruleset without scoring: an ok line counting the values given
    and missing, then the biggest gaps, then the earlier-year values read as evaluate reads
    them (the target check may read them); missing values are an error with strict."""
    from engine.data.binding import bind
    from engine.data.completeness import completeness
    from engine.data.coverage import check_coverage
    from engine.data.read import read_data
    from engine.history.past import load_history
    from engine.scoring.evaluate import Evaluator
    from engine.scoring.respondents import respondent_lines, respondent_warnings
    from engine.scoring.target_check import check_lines, target_warnings

    rs = load_ruleset(ruleset)
    dataset = read_data(list(data), to_bind=True)
    bound = bind(rs, dataset)
    check_coverage(rs, bound)
    found = completeness(rs, bound)
    if strict:
        found.require([str(p) for p in data])
    head = f"ok  {found.headline()}; {_units_fit(rs, bound)}"
    earlier = load_history(rs, history, data)
    validated = _validation_lines(rs, bound)
    ev = Evaluator(rs, bound, earlier)
    warnings = check_lines(target_warnings(ev)) + respondent_lines(respondent_warnings(ev))
    kept = _history_lines(rs, earlier, history, bound)
    return [head, *found.summary(), *kept, *validated, *warnings]


def _history_lines(rs: Ruleset, earlier: History, given: Sequence[Path], bound: Bound) -> list[str]:
    """How many earlier-year values were read and from where, what the history gives that no
    formula reads (the year scored or later; units not in the data), and each declared source
    not found (what it would give is N/A); none for a ruleset that reads and declares no
    history."""
    from engine.scoring.history_values import reads_history

    if not (given or rs.history is not None or reads_history(rs)):
        return []
    if not earlier.sources and not earlier.missing:
        return [_("history: none given; what formulas read of earlier years is N/A")]
    lines = []
    if earlier.sources:
        is_later = [bool(rs.year) and k[2] >= rs.year for k in earlier.values]
        strangers = sorted({k[0] for k in earlier.values if k[0] not in bound.index})
        later = sum(is_later)
        foreign = sum(
            k[0] not in bound.index and not late
            for k, late in zip(earlier.values, is_later, strict=True)
        )
        n = len(earlier.values) - later - foreign
        read = ngettext(
            "history: {n} earlier-year value read from {sources}",
            "history: {n} earlier-year values read from {sources}",
            n,
        )
        lines.append(read.format(n=n, sources=", ".join(earlier.sources)))
        if later:
            unused = ngettext(
                "history: {n} value for {year} or later is not read: the year scored takes "
                "its values from the data",
                "history: {n} values for {year} or later are not read: the year scored takes "
                "its values from the data",
                later,
            )
            lines.append(unused.format(n=later, year=rs.year))
        if foreign:
            unused = ngettext(
                "history: {n} value of units not in the data is not read ({units})",
                "history: {n} values of units not in the data are not read ({units})",
                foreign,
            )
            names = ", ".join(and_more(strangers[:3], len(strangers)))
            lines.append(unused.format(n=foreign, units=names))
    lines += [
        _("history: {source} not found; what it would give is N/A").format(source=source)
        for source in earlier.missing
    ]
    return lines


def _units_fit(rs: Ruleset, bound: Bound) -> str:
    """'N units fit R', or 'N units and M peers fit R': the peers are not units of the data's
    hierarchy."""
    peers = sum(u.id in rs.comparisons.peer_ids() for u in bound.units)
    n = len(bound.units) - peers
    if not peers:
        fit = ngettext("{n} unit fits {ruleset}", "{n} units fit {ruleset}", n)
        return fit.format(n=n, ruleset=rs.id)
    units = ngettext("{n} unit", "{n} units", n).format(n=n)
    peer_text = ngettext("{n} peer", "{n} peers", peers).format(n=peers)
    return _("{units} and {peers} fit {ruleset}").format(
        units=units, peers=peer_text, ruleset=rs.id
    )


def _validation_lines(rs: Ruleset, bound: Bound) -> list[str]:
    """The data's validation over the ruleset's year, one line; none without validation:."""
    from engine.periods import Period
    from engine.render.summary_text import validation_text
    from engine.scoring.validation_state import validation_states

    states = validation_states(rs, bound, Period(rs.year or None, "tahunan"))
    return [validation_text(states, rs.validation.policy)] if states and rs.validation else []
