"""The audit: every published figure that does not reproduce, its arithmetic and likely causes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dsl.i18n import _, ngettext
from dsl.rounding import format_fixed
from engine.history.cases import Case, load_case
from engine.history.causes import Cause, Causes
from engine.history.claims import ClaimCheck, check_claims
from engine.history.conflict_text import conflict_lines
from engine.history.conflicts import Conflict, find_conflicts
from engine.history.derivations import number_text
from engine.history.figures import office
from engine.history.network import Relation, build_network
from engine.history.replay import Check, Recomputation, mismatch, title


@dataclass(frozen=True, slots=True)
class Finding:
    """A published figure that does not reproduce: the check, the engine's arithmetic, causes."""

    check: Check
    title: str
    arithmetic: str
    causes: tuple[Cause, ...]
    as_printed: Reading
    conflict: int | None  # the number of the conflict it is listed under (the first)

    def lines(self) -> list[str]:
        """The finding as text: the mismatch, then its arithmetic, causes, the reading as printed
        and its conflict, indented."""
        lines = [mismatch(self.check, self.title)]
        lines.append(_("    arithmetic: {arithmetic}").format(arithmetic=self.arithmetic))
        lines += [_("    cause: {cause}").format(cause=c.text()) for c in self.causes]
        lines.append(f"    {self.as_printed.text()}")
        if self.conflict is not None:
            lines.append(_("    listed under conflict {number}").format(number=self.conflict))
        return lines


@dataclass(frozen=True, slots=True)
class Reading:
    """A figure recomputed as printed: from the printed figures of the table it builds on."""

    reproduces: bool | None  # None: no derivation to re-do from printed parts
    value: float | None
    shown: str

    def text(self) -> str:
        """'as printed: reproduces …' or 'as printed: 104,18, does not reproduce either'."""
        if self.reproduces is None:
            return _("as printed: nothing printed to recompute it from")
        if self.reproduces:
            return _("as printed: reproduces from the printed figures it builds on")
        return _("as printed: gives {value}, does not reproduce either").format(value=self.shown)


@dataclass(frozen=True, slots=True)
class Audit:
    """A case's audit: how many figures it publishes, those that do not reproduce, its claims."""

    case: Case
    findings: tuple[Finding, ...]
    claims: tuple[ClaimCheck, ...]
    conflicts: tuple[Conflict, ...] = ()

    def heading(self) -> str:
        """'audit of FILE: 351 published figures, 52 do not reproduce, in 14 conflicts'."""
        total, wrong = len(self.case.published), len(self.findings)
        head = ngettext(
            "audit of {path}: {n} published figure",
            "audit of {path}: {n} published figures",
            total,
        ).format(path=self.case.path, n=total)
        count = ngettext("{n} does not reproduce", "{n} do not reproduce", wrong)
        conflicts = ngettext("in {n} conflict", "in {n} conflicts", len(self.conflicts))
        found = f", {conflicts.format(n=len(self.conflicts))}" if wrong else ""
        return f"{head}, {count.format(n=wrong)}{found}"

    def claims_heading(self) -> str:
        """'claims: 3 checked, 3 do not hold'."""
        failed = sum(not c.holds for c in self.claims)
        checked = ngettext("claims: {n} checked", "claims: {n} checked", len(self.claims))
        held = ngettext("{n} does not hold", "{n} do not hold", failed)
        return f"{checked.format(n=len(self.claims))}, {held.format(n=failed)}"

    def lines(self) -> list[str]:
        """The audit as text, one finding after the other, then the claims."""
        lines = [self.heading()]
        for number, conflict in enumerate(self.conflicts, start=1):
            lines += conflict_lines(number, conflict, self.case.unit)
        if self.findings:
            lines.append(_("figures that do not reproduce, with their arithmetic and causes:"))
        for finding in self.findings:
            lines += finding.lines()
        if self.claims:
            lines.append(self.claims_heading())
            lines += [c.line() for c in self.claims]
        return lines


def audit_case(case: Case) -> Audit:
    """Every published figure that does not reproduce, with its arithmetic and likely causes."""
    auditor = Auditor(case, Recomputation.of(case))
    net = build_network(case, auditor.rec, auditor.checks)
    conflicts = tuple(find_conflicts(net))
    number = {id(c): i for i, k in reversed(list(enumerate(conflicts, 1))) for c in k.checks}
    readings = {id(p): r for r in net.relations for p in r.output.pubs}
    findings = tuple(
        auditor.finding(c, _reading(readings.get(id(c.pub)), c), number.get(id(c)))
        for c in auditor.checks
        if not c.reproduces
    )
    claims = tuple(check_claims(case.claims, auditor.rec)) if case.claims else ()
    return Audit(case, findings, claims, conflicts)


def _reading(relation: Relation | None, check: Check) -> Reading:
    """A figure's reading as printed (a label or predikat has none)."""
    if relation is None or relation.as_printed is None:
        return Reading(None, None, "")
    value = relation.printed_value
    pub = check.pub
    shown = office(format_fixed(value, pub.decimals, pub.mode), pub.printed) if value else "N/A"
    return Reading(relation.as_printed, value, shown)


class Auditor:
    """A case's recomputation, its checks, and the causes that could explain each mismatch."""

    def __init__(self, case: Case, rec: Recomputation) -> None:
        """Check every published figure and prepare the cause finders."""
        self.case, self.rec, self.rs = case, rec, rec.ruleset
        self.checks = [rec.check(pub) for pub in case.published]
        self.causes = Causes(case, rec, self.checks)
        self.derive = self.causes.derive

    def finding(self, check: Check, reading: Reading, conflict: int | None) -> Finding:
        """One figure that does not reproduce, with its arithmetic, causes and readings."""
        head = title(check.pub, self.case.unit)
        causes = tuple(self.causes.of(check))
        return Finding(check, head, self.arithmetic(check), causes, reading, conflict)

    def arithmetic(self, check: Check) -> str:
        """The engine's derivation of the figure, one level deep, with its numbers."""
        pub, value = check.pub, check.recomputed.value
        result = number_text(value) if value is not None else f"N/A ({check.recomputed.reason})"
        if pub.field == "predikat":
            text = _("band of {name} in the ruleset's predikat table → {result}")
            return text.format(name=pub.node, result=result)
        if pub.kind == "ranking":
            text = _("place in {ranking}, by {value} → {result}")
            return text.format(ranking=pub.name, value=self.rs.rankings[pub.name].by, result=result)
        found = self.derive.derivations(pub)
        if not found:
            text = _("{name} as declared or read from the data → {result}")
            return text.format(name=pub.node, result=result)
        values = [self.derive.value(self.rec.evaluator, p) for p in found[0].parts]
        return f"{found[0].describe(values)} → {result}"


def audit_file(path: Path) -> Audit:
    """Recompute every published figure of a case file and explain each that does not reproduce."""
    return audit_case(load_case(path))
