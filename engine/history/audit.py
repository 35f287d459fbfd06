"""The audit: every published figure that does not reproduce, its arithmetic and likely causes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dsl.i18n import _, ngettext
from engine.history.cases import Case, load_case
from engine.history.causes import Cause, Causes
from engine.history.claims import ClaimCheck, check_claims
from engine.history.derivations import number_text
from engine.history.replay import Check, Recomputation, mismatch, title


@dataclass(frozen=True, slots=True)
class Finding:
    """A published figure that does not reproduce: the check, the engine's arithmetic, causes."""

    check: Check
    title: str
    arithmetic: str
    causes: tuple[Cause, ...]

    def lines(self) -> list[str]:
        """The finding as text: the mismatch, then its arithmetic and causes indented."""
        lines = [mismatch(self.check, self.title)]
        lines.append(_("    arithmetic: {arithmetic}").format(arithmetic=self.arithmetic))
        return lines + [_("    cause: {cause}").format(cause=c.text()) for c in self.causes]


@dataclass(frozen=True, slots=True)
class Audit:
    """A case's audit: how many figures it publishes, those that do not reproduce, its claims."""

    case: Case
    findings: tuple[Finding, ...]
    claims: tuple[ClaimCheck, ...]

    def heading(self) -> str:
        """'audit of FILE: 351 published figures, 52 do not reproduce'."""
        total, wrong = len(self.case.published), len(self.findings)
        head = ngettext(
            "audit of {path}: {n} published figure",
            "audit of {path}: {n} published figures",
            total,
        ).format(path=self.case.path, n=total)
        count = ngettext("{n} does not reproduce", "{n} do not reproduce", wrong)
        return f"{head}, {count.format(n=wrong)}"

    def claims_heading(self) -> str:
        """'claims: 3 checked, 3 do not hold'."""
        failed = sum(not c.holds for c in self.claims)
        checked = ngettext("claims: {n} checked", "claims: {n} checked", len(self.claims))
        held = ngettext("{n} does not hold", "{n} do not hold", failed)
        return f"{checked.format(n=len(self.claims))}, {held.format(n=failed)}"

    def lines(self) -> list[str]:
        """The audit as text, one finding after the other, then the claims."""
        lines = [self.heading()]
        for finding in self.findings:
            lines += finding.lines()
        if self.claims:
            lines.append(self.claims_heading())
            lines += [c.line() for c in self.claims]
        return lines


def audit_case(case: Case) -> Audit:
    """Every published figure that does not reproduce, with its arithmetic and likely causes."""
    auditor = Auditor(case, Recomputation.of(case))
    findings = tuple(auditor.finding(c) for c in auditor.checks if not c.reproduces)
    claims = tuple(check_claims(case.claims, auditor.rec)) if case.claims else ()
    return Audit(case, findings, claims)


class Auditor:
    """A case's recomputation, its checks, and the causes that could explain each mismatch."""

    def __init__(self, case: Case, rec: Recomputation) -> None:
        """Check every published figure and prepare the cause finders."""
        self.case, self.rec, self.rs = case, rec, rec.ruleset
        self.checks = [rec.check(pub) for pub in case.published]
        self.causes = Causes(case, rec, self.checks)
        self.derive = self.causes.derive

    def finding(self, check: Check) -> Finding:
        """One figure that does not reproduce, with its arithmetic and causes."""
        head = title(check.pub, self.case.unit)
        return Finding(check, head, self.arithmetic(check), tuple(self.causes.of(check)))

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
        if pub.field == "target" or not found:
            text = _("{name} as declared or read from the data → {result}")
            return text.format(name=pub.node, result=result)
        values = [self.derive.value(self.rec.evaluator, p) for p in found[0].parts]
        return f"{found[0].describe(values)} → {result}"


def audit_file(path: Path) -> Audit:
    """Recompute every published figure of a case file and explain each that does not reproduce."""
    return audit_case(load_case(path))
