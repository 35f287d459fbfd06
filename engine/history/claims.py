"""Claims: sentences of a report ("60% of the indicators exceed their target") as checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from dsl.errors import PerkinError, PerkinErrors
from dsl.rounding import apply_rounding, format_fixed
from dsl.suggest import did_you_mean
from engine.history.cases import CaseError, Claim, Status
from engine.history.derivations import number_text
from engine.history.replay import Recomputation, printed_number
from engine.ruleset.model import Indicator, Ref

# how each status reads the presented capaian, and how a line says it
STATUS_TEST: dict[Status, tuple[Callable[[float], bool], str]] = {
    "above": (lambda c: c > 100.0, "above target (capaian > 100)"),
    "at": (lambda c: c == 100.0, "at target (capaian = 100)"),
    "below": (lambda c: c < 100.0, "below target (capaian < 100)"),
    "at_least": (lambda c: c >= 100.0, "at or above target (capaian ≥ 100)"),
}


class ClaimCheck(NamedTuple):
    """A claim, what the results give for it, and the working."""

    claim: Claim
    computed: float | None
    shown: str
    working: str

    @property
    def holds(self) -> bool:
        """Whether the printed number is what the results give, presented the report's way."""
        number = printed_number(self.claim.printed, self.claim.decimals)
        if number is None or self.computed is None:
            return False
        return self.shown == format_fixed(number, self.claim.decimals, "half_up")

    def line(self) -> str:
        """One line: where, what the report says, what the results give, and how."""
        claim = self.claim
        verdict = "holds" if self.holds else "does not hold"
        head = f"{claim.source} claim {_describe(claim)}"
        unit = "%" if claim.printed.strip().endswith("%") and self.computed is not None else ""
        shown = f"{self.shown}{unit}"
        return f"{head}: printed {claim.printed}, computed {shown} ({verdict}; {self.working})"


def check_claims(claims: Sequence[Claim], rec: Recomputation) -> list[ClaimCheck]:
    """Every claim checked over the recomputed results; a claim naming nothing is an error."""
    problems = [e for claim in claims for e in _problems(claim, rec)]
    if problems:
        raise PerkinErrors(problems)
    return [_check(claim, rec) for claim in claims]


def _problems(claim: Claim, rec: Recomputation) -> list[PerkinError]:
    rs = rec.ruleset
    out: list[PerkinError] = []
    groups = {ind.group for ind in rs.indicators.values() if ind.group}
    for name in claim.indicators:
        if name not in rs.indicators:
            hint = did_you_mean(name, rs.indicators)
            out.append(CaseError(f"unknown indicator '{name}'", claim.location, hint))
    for group in claim.groups:
        if group not in groups:
            hint = did_you_mean(group, groups) or f"groups: {', '.join(sorted(groups))}"
            out.append(CaseError(f"no indicator is in group '{group}'", claim.location, hint))
    if claim.unit not in rec.bound.index:
        out.append(CaseError(f"unknown unit '{claim.unit}'", claim.location))
    return out


def _check(claim: Claim, rec: Recomputation) -> ClaimCheck:
    indicators = _selected(claim, rec)
    label, unit = claim.period.engine_label, rec.bound.index[claim.unit]
    capaian = {ind.id: _presented_capaian(rec, ind, label, unit) for ind in indicators}
    known = {k: v for k, v in capaian.items() if v is not None}
    missing = sorted(set(capaian) - set(known))
    na = f"; N/A: {', '.join(missing)}" if missing else ""
    if claim.kind == "mean":
        if not known:
            return ClaimCheck(claim, None, "N/A", f"no indicator has a capaian{na}")
        mean = sum(known.values()) / len(known)
        shown = format_fixed(mean, claim.decimals, "half_up")
        parts = " + ".join(number_text(v) for v in known.values())
        return ClaimCheck(claim, mean, shown, f"({parts})/{len(known)} = {mean:.6g}{na}")
    test = STATUS_TEST[claim.status or "at_least"][0]
    hits = [k for k, v in known.items() if test(v)]
    if claim.kind == "count":
        working = f"{', '.join(hits) or 'none'}{na}"
        return ClaimCheck(claim, float(len(hits)), str(len(hits)), working)
    if not known:
        return ClaimCheck(claim, None, "N/A", f"no indicator has a capaian{na}")
    share = len(hits) / len(known) * 100.0
    shown = format_fixed(share, claim.decimals, "half_up")
    working = f"{len(hits)} of {len(known)} indicators: {', '.join(hits) or 'none'}{na}"
    return ClaimCheck(claim, share, shown, working)


def _selected(claim: Claim, rec: Recomputation) -> list[Indicator]:
    """The claim's indicators: those named, else those of its groups, else every one."""
    rs = rec.ruleset
    if claim.indicators:
        return [rs.indicators[i] for i in claim.indicators]
    if claim.groups:
        return [ind for ind in rs.indicators.values() if ind.group in claim.groups]
    return list(rs.indicators.values())


def _presented_capaian(rec: Recomputation, ind: Indicator, label: str, unit: int) -> float | None:
    """An indicator's capaian as presented (its own rounding), or None when N/A."""
    vec = rec.evaluator.get(Ref.part_of(ind.id, "capaian"), label)
    value = vec.at(unit)
    if not isinstance(value, float):
        return None
    rounding = ind.rounding["capaian"]
    return apply_rounding(value, rounding.decimals, rounding.mode)


def _describe(claim: Claim) -> str:
    which = ", ".join(claim.indicators) or ", ".join(claim.groups) or "every indicator"
    if claim.kind == "mean":
        return f"'mean capaian of {which}'"
    status: Status = claim.status or "at_least"
    return f"'{claim.kind} of {which} {STATUS_TEST[status][1]}'"
