"""A capaian printed without its indicator's cap or floor: the report worked from the formula's
value where the ruleset says the capaian is at most (or at least) a limit, such as the output
achievement "diambil nilai maksimal 100%" (003:3053). Tested by recomputing the figure with the
limits lifted; the ruleset's own evaluator keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dsl.i18n import _
from dsl.rounding import format_fixed
from engine.history.derivations import list_text, number_text
from engine.history.figures import office
from engine.history.replay import Check, Recomputation, same
from engine.ruleset.model import NodeKind, Ref
from engine.scoring.evaluate import Evaluator


def unlimited(rec: Recomputation, node: str, check: Check) -> Iterator[str]:
    """The evidence, when the capaian without its cap and floor, rounded the report's way, is
    the printed text."""
    pub, rs = check.pub, rec.ruleset
    ref = rs.ref(node)
    if not (isinstance(ref, Ref) and ref.kind is NodeKind.PART and ref.part == "capaian"):
        return
    ind = rs.indicators[ref.id]
    if (ind.cap is None and ind.floor is None) or pub.field == "predikat":
        return
    lifted = replace(ind, cap=None, floor=None)
    ev = Evaluator(
        replace(rs, indicators={**rs.indicators, ind.id: lifted}), rec.bound, rec.history
    )
    value = rec.recompute(pub, ev).value
    if not isinstance(value, float):
        return
    text = format_fixed(value, pub.decimals, pub.mode)
    if not same(pub, text, pub.printed):
        return
    limits = []
    if ind.cap is not None:
        limits.append(_("at most {cap}").format(cap=f"{ind.cap:g}"))
    if ind.floor is not None:
        limits.append(_("at least {floor}").format(floor=f"{ind.floor:g}"))
    detail = _(
        "the report left out the capaian's limit ({limits}): without it the capaian is "
        "{value} → {text}; with it, {shown}"
    )
    yield detail.format(
        limits=list_text(limits),
        value=number_text(value),
        text=office(text, pub.printed),
        shown=check.shown,
    )
