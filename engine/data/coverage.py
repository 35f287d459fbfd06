"""Coverage: the units a ruleset requires at a level (twelve kecamatan, a named list) must all
be in the data, and no other unit of that level may be; a unit lost or mistyped in an office
file is an error, never a ranking of eleven."""

from __future__ import annotations

from dsl.errors import PerkinError, PerkinErrors
from dsl.i18n import _, ngettext
from dsl.suggest import did_you_mean
from engine.data.bind import Bound
from engine.ruleset.model import Ruleset, UnitsRequired


class MissingUnitsError(PerkinError):
    """The data does not hold the units the ruleset requires at a level."""

    code = "D150"


def check_coverage(rs: Ruleset, bound: Bound) -> None:
    """Raise every mismatch between the required units and the units of the data."""
    found: list[PerkinError] = []
    for req in rs.required_units.values():
        peers = rs.comparisons.peer_ids()  # outside the hierarchy: never required
        have = [u.id for u in bound.units if u.level == req.level and u.id not in peers]
        found += _listed(req, have) if req.units else _counted(req, have)
    if len(found) == 1:
        raise found[0]
    if found:
        raise PerkinErrors(found)


def _counted(req: UnitsRequired, have: list[str]) -> list[PerkinError]:
    if req.count is None or len(have) == req.count:
        return []
    message = ngettext(
        "the ruleset requires {count} unit at level '{level}', the data has {have}",
        "the ruleset requires {count} units at level '{level}', the data has {have}",
        req.count,
    ).format(count=req.count, level=req.level, have=len(have))
    hint = (
        _("add the missing units to the data (units file or unit column)")
        if len(have) < req.count
        else _("remove the extra units, or correct a mistyped unit id: {units}").format(
            units=", ".join(have)
        )
    )
    return [MissingUnitsError(message, req.location, hint)]


def _listed(req: UnitsRequired, have: list[str]) -> list[PerkinError]:
    errors: list[PerkinError] = []
    extra = [u for u in have if u not in req.units]
    for unit in req.units:
        if unit not in have:
            message = _("required unit '{unit}' (level '{level}') is not in the data").format(
                unit=unit, level=req.level
            )
            hint = did_you_mean(unit, extra) or _("add it to the data")
            errors.append(MissingUnitsError(message, req.location, hint))
    for unit in extra:
        message = _("unit '{unit}' at level '{level}' is not one of the required units").format(
            unit=unit, level=req.level
        )
        hint = did_you_mean(unit, req.units) or _("add it to required_units, or remove it")
        errors.append(MissingUnitsError(message, req.location, hint))
    return errors
