"""The audit: every published figure that does not reproduce, its arithmetic and likely causes."""

from __future__ import annotations

from pathlib import Path

from dsl.i18n import _, ngettext
from engine.history.cases import Case, load_case
from engine.history.causes import Causes
from engine.history.claims import check_claims
from engine.history.derivations import number_text
from engine.history.replay import Check, Recomputation, mismatch, title


def audit_case(case: Case) -> list[str]:
    """Every published figure that does not reproduce, with its arithmetic and likely causes."""
    auditor = Auditor(case, Recomputation.of(case))
    wrong = [c for c in auditor.checks if not c.reproduces]
    total = len(case.published)
    head = ngettext(
        "audit of {path}: {n} published figure", "audit of {path}: {n} published figures", total
    ).format(path=case.path, n=total)
    count = ngettext("{n} does not reproduce", "{n} do not reproduce", len(wrong))
    lines = [f"{head}, {count.format(n=len(wrong))}"]
    for check in wrong:
        lines += auditor.finding(check)
    if case.claims:
        claims = check_claims(case.claims, auditor.rec)
        failed = sum(not c.holds for c in claims)
        checked = ngettext("claims: {n} checked", "claims: {n} checked", len(claims))
        held = ngettext("{n} does not hold", "{n} do not hold", failed)
        lines.append(f"{checked.format(n=len(claims))}, {held.format(n=failed)}")
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
        lines = [mismatch(check, title(check.pub, self.case.unit))]
        lines.append(_("    arithmetic: {arithmetic}").format(arithmetic=self.arithmetic(check)))
        causes = self.causes.of(check)
        return lines + [_("    cause: {cause}").format(cause=cause.text()) for cause in causes]

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


def audit_file(path: Path) -> list[str]:
    """Recompute every published figure of a case file and explain each that does not reproduce."""
    return audit_case(load_case(path))
