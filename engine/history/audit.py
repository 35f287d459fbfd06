"""The audit: every published figure that does not reproduce, its arithmetic and likely causes."""

from __future__ import annotations

from pathlib import Path

from engine.history.cases import Case, load_case
from engine.history.causes import Causes
from engine.history.claims import check_claims
from engine.history.derivations import number_text
from engine.history.replay import Check, Recomputation, detail, title


def audit_case(case: Case) -> list[str]:
    """Every published figure that does not reproduce, with its arithmetic and likely causes."""
    auditor = Auditor(case, Recomputation.of(case))
    wrong = [c for c in auditor.checks if not c.reproduces]
    total = len(case.published)
    lines = [f"audit of {case.path}: {total} published figure(s), {len(wrong)} do not reproduce"]
    for check in wrong:
        lines += auditor.finding(check)
    if case.claims:
        claims = check_claims(case.claims, auditor.rec)
        failed = sum(not c.holds for c in claims)
        lines.append(f"claims: {len(claims)} checked, {failed} do not hold")
        lines += [c.line() for c in claims]
    return lines


class Auditor:
    """A case's recomputation, its checks, and the causes that could explain each mismatch."""

    def __init__(self, case: Case, rec: Recomputation) -> None:
        """Check every published figure and prepare the cause finders."""
        self.case, self.rec, self.rs = case, rec, rec.ruleset
        self.checks = [rec.check(pub) for pub in case.published]
        self.causes = Causes(case, rec, self.checks)
        self.derive = self.causes.derive

    def finding(self, check: Check) -> list[str]:
        """The lines of one figure that does not reproduce."""
        pub = check.pub
        head = title(pub, self.case.unit)
        lines = [
            f"{head}: published {pub.printed}, computed {check.shown} ({detail(check.recomputed)})"
        ]
        lines.append(f"    arithmetic: {self.arithmetic(check)}")
        causes = self.causes.of(check)
        return lines + [f"    cause: {cause}" for cause in causes]

    def arithmetic(self, check: Check) -> str:
        """The engine's derivation of the figure, one level deep, with its numbers."""
        pub, value = check.pub, check.recomputed.value
        result = number_text(value) if value is not None else f"N/A ({check.recomputed.reason})"
        if pub.field == "predikat":
            return f"band of {pub.node} in the ruleset's predikat table → {result}"
        if pub.kind == "ranking":
            return f"place in {pub.name}, by {self.rs.rankings[pub.name].by} → {result}"
        found = self.derive.derivations(pub)
        if pub.field == "target" or not found:
            return f"{pub.node} as declared or read from the data → {result}"
        values = [self.derive.value(self.rec.evaluator, p) for p in found[0].parts]
        return f"{found[0].describe(values)} → {result}"


def audit_file(path: Path) -> list[str]:
    """Recompute every published figure of a case file and explain each that does not reproduce."""
    return audit_case(load_case(path))
