"""Claims: sentences of a report ("60% of the indicators exceed their target") as checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from dsl.errors import PerkinError, PerkinErrors
from dsl.i18n import N_, _
from dsl.rounding import apply_rounding, format_fixed
from dsl.suggest import did_you_mean
from engine.history.cases import CaseError, Claim, ClaimKind, Status
from engine.history.derivations import number_text
from engine.history.figures import office, printed_number, quoted
from engine.history.replay import Recomputation
from engine.ruleset.model import Indicator, Ref, Score

# how each status reads the presented capaian, and how a line says it
STATUS_TEST: dict[Status, tuple[Callable[[float], bool], str]] = {
    "above": (lambda c: c > 100.0, N_("above target (capaian > 100)")),
    "at": (lambda c: c == 100.0, N_("at target (capaian = 100)")),
    "below": (lambda c: c < 100.0, N_("below target (capaian < 100)")),
    "at_least": (lambda c: c >= 100.0, N_("at or above target (capaian ≥ 100)")),
}
# how a line names what a claim counts (the case file's words are count and share)
KIND_TEXT: dict[ClaimKind, str] = {"count": N_("count"), "share": N_("share")}


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

    @property
    def printed_text(self) -> str:
        """The printed number as an office of the current language writes it."""
        return quoted(self.claim.printed, self.claim.decimals)

    @property
    def computed_text(self) -> str:
        """What the results give, as an office of the current language writes it."""
        claim = self.claim
        unit = "%" if claim.printed.strip().endswith("%") and self.computed is not None else ""
        return f"{office(self.shown)}{unit}"

    @property
    def description(self) -> str:
        """What the claim says, in the current language."""
        return _describe(self.claim)

    def line(self) -> str:
        """One line: where, what the report says, what the results give, and how."""
        claim = self.claim
        verdict = _("holds") if self.holds else _("does not hold")
        text = _(
            "{source} claim {claim}: printed {printed}, computed {computed} ({verdict}; {working})"
        )
        return text.format(
            source=claim.source,
            claim=_describe(claim),
            printed=self.printed_text,
            computed=self.computed_text,
            verdict=verdict,
            working=self.working,
        )


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
            message = _("unknown indicator '{name}'").format(name=name)
            out.append(CaseError(message, claim.location, hint))
    for group in claim.groups:
        if group not in groups:
            known = _("groups: {groups}").format(groups=", ".join(sorted(groups)))
            hint = did_you_mean(group, groups) or known
            message = _("no indicator is in group '{group}'").format(group=group)
            out.append(CaseError(message, claim.location, hint))
    if claim.unit not in rec.bound.index:
        message = _("unknown unit '{unit}'").format(unit=claim.unit)
        out.append(CaseError(message, claim.location))
    if claim.of == "sasaran" and not out:
        out += _sasaran_problems(claim, rec)
    return out


def _sasaran_problems(claim: Claim, rec: Recomputation) -> list[PerkinError]:
    """A claim over sasaran needs every indicator to name its sasaran, and every sasaran a score
    that averages the capaian of its indicators (the ruleset's own rule for a sasaran's capaian)."""
    out: list[PerkinError] = []
    for ind in _selected(claim, rec):
        if not ind.sasaran:
            message = _("indicator '{name}' names no sasaran").format(name=ind.id)
            out.append(CaseError(message, claim.location, _("give it 'sasaran:' in the ruleset")))
    for sasaran, score in _sasaran_scores(claim, rec).items():
        if score is None:
            message = _("no score gives the capaian of sasaran '{sasaran}'").format(sasaran=sasaran)
            hint = _("add a score with method: mean, of: capaian over its indicators")
            out.append(CaseError(message, claim.location, hint))
    return out


def _sasaran_scores(claim: Claim, rec: Recomputation) -> dict[str, Score | None]:
    """Each sasaran of the claim's indicators, and the score that gives its capaian."""
    members: dict[str, set[str]] = {}
    for ind in _selected(claim, rec):
        if ind.sasaran:
            members.setdefault(ind.sasaran, set()).add(ind.id)
    scores = [s for s in rec.ruleset.scores.values() if s.method == "mean" and s.of == "capaian"]
    return {
        sasaran: next((s for s in scores if set(s.indicators) == ids), None)
        for sasaran, ids in members.items()
    }


def _check(claim: Claim, rec: Recomputation) -> ClaimCheck:
    label, unit = claim.period.engine_label, rec.bound.index[claim.unit]
    if claim.of == "sasaran":
        scores = [s for s in _sasaran_scores(claim, rec).values() if s is not None]
        capaian = {s.id: _presented_score(rec, s, label, unit) for s in scores}
    else:
        capaian = {i.id: _presented_capaian(rec, i, label, unit) for i in _selected(claim, rec)}
    known = {k: v for k, v in capaian.items() if v is not None}
    missing = sorted(set(capaian) - set(known))
    na = f"; N/A: {', '.join(missing)}" if missing else ""
    no_capaian = _("no indicator has a capaian") + na
    if claim.kind == "mean":
        if not known:
            return ClaimCheck(claim, None, "N/A", no_capaian)
        mean = sum(known.values()) / len(known)
        shown = format_fixed(mean, claim.decimals, "half_up")
        parts = " + ".join(number_text(v) for v in known.values())
        return ClaimCheck(
            claim, mean, shown, f"({parts})/{len(known)} = {office(f'{mean:.6g}')}{na}"
        )
    none = _("none")  # a literal inside an f-string is not extracted for translation
    if claim.status is None:  # a count of every item, whatever its capaian
        return ClaimCheck(claim, float(len(capaian)), str(len(capaian)), ", ".join(capaian) or none)
    test = STATUS_TEST[claim.status][0]
    hits = [k for k, v in known.items() if test(v)]
    if claim.kind == "count":
        working = f"{', '.join(hits) or none}{na}"
        return ClaimCheck(claim, float(len(hits)), str(len(hits)), working)
    if not known:
        return ClaimCheck(claim, None, "N/A", no_capaian)
    share = len(hits) / len(known) * 100.0
    shown = format_fixed(share, claim.decimals, "half_up")
    working = (
        _("{hits} of {n} sasaran: {names}")
        if claim.of == "sasaran"
        else _("{hits} of {n} indicators: {names}")
    ).format(hits=len(hits), n=len(known), names=", ".join(hits) or none)
    working += na
    return ClaimCheck(claim, share, shown, working)


def _selected(claim: Claim, rec: Recomputation) -> list[Indicator]:
    """The claim's indicators: those named, else those of its groups, else every one."""
    rs = rec.ruleset
    if claim.indicators:
        return [rs.indicators[i] for i in claim.indicators]
    if claim.groups:
        return [ind for ind in rs.indicators.values() if ind.group in claim.groups]
    return list(rs.indicators.values())


def _presented_score(rec: Recomputation, score: Score, label: str, unit: int) -> float | None:
    """A score as presented (its own rounding), or None when N/A."""
    value = rec.evaluator.get(score.id, label).at(unit)
    if not isinstance(value, float):
        return None
    return apply_rounding(value, score.rounding.decimals, score.rounding.mode)


def _presented_capaian(rec: Recomputation, ind: Indicator, label: str, unit: int) -> float | None:
    """An indicator's capaian as presented (its own rounding), or None when N/A."""
    vec = rec.evaluator.get(Ref.part_of(ind.id, "capaian"), label)
    value = vec.at(unit)
    if not isinstance(value, float):
        return None
    rounding = ind.rounding["capaian"]
    return apply_rounding(value, rounding.decimals, rounding.mode)


def _describe(claim: Claim) -> str:
    which = ", ".join(claim.indicators) or ", ".join(claim.groups) or _("every indicator")
    if claim.of == "sasaran":
        which = _("sasaran of {which}").format(which=which)
    if claim.kind == "mean":
        return _("'mean capaian of {which}'").format(which=which)
    if claim.status is None:
        return _("'number of {which}'").format(which=which)
    text = _("'{kind} of {which} {status}'")
    status = _(STATUS_TEST[claim.status][1])
    return text.format(kind=_(KIND_TEXT[claim.kind]), which=which, status=status)
