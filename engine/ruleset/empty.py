"""Rulesets whose outputs would be empty whatever the data: the errors saying so (R300, R301)."""

from __future__ import annotations

from dsl.errors import Location
from dsl.i18n import _
from engine.ruleset.build import RulesetError
from engine.ruleset.model import Ruleset


def refuse_empty_report(rs: Ruleset) -> None:
    """RulesetError (R300) for a ruleset without indicators, figures, scores or rankings."""
    if rs.indicators or rs.figures or rs.scores or rs.rankings:
        return
    message = _("the ruleset has no indicators, figures or scores, so its report would be empty")
    hint = _(
        "add indicators: (or figures: or scores:) to the ruleset; a part meant to be extended is "
        "evaluated through the ruleset that extends it"
    )
    raise RulesetError(message, _where(rs), hint, "R300")


def refuse_empty_template(rs: Ruleset) -> None:
    """RulesetError (R301) for a ruleset without inputs: its template would be a blank file to
    hand out that asks for nothing."""
    if rs.inputs:
        return
    message = _("the ruleset has no inputs, so the template would list no value to fill")
    hint = _("declare the values offices report under inputs: in the ruleset")
    raise RulesetError(message, _where(rs), hint, "R301")


def _where(rs: Ruleset) -> Location:
    """The ruleset's entry file."""
    return Location(file=rs.files[0]) if rs.files else Location()
