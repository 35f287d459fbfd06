"""The peer units a ruleset declares (engine/ruleset/peers.py) as units of the data: outside the
scored hierarchy, with no parent, so that no roll-up ever counts them."""

from __future__ import annotations

from collections.abc import Sequence

from dsl.errors import PerkinError
from dsl.i18n import _
from engine.data.model import DeclaredUnit, Unit
from engine.ruleset.model import Ruleset


class PeerUnitError(PerkinError):
    """A units file that places a peer unit inside the hierarchy or at another level."""

    code = "D175"


class PeerParentError(PerkinError):
    """A units file that hangs units of the scored hierarchy under a peer unit."""

    code = "D191"


def peer_units(ruleset: Ruleset) -> dict[str, Unit]:
    """The ruleset's peer units, by id: of the peers' level, with no parent."""
    peers = ruleset.comparisons.peers
    if peers is None:
        return {}
    return {uid: Unit(uid, name, peers.level, None) for uid, name in peers.units}


def peer_row_errors(ruleset: Ruleset, row: DeclaredUnit) -> list[PerkinError]:
    """The error for a units-file row that declares a peer unit with a parent or at another
    level than the peers' (a peer is never rolled up into a scored unit); none when it fits."""
    peers = ruleset.comparisons.peers
    if peers is None or row.id not in ruleset.comparisons.peer_ids():
        return []
    if row.parent:
        message = _("peer unit '{unit}' has a parent '{parent}'").format(
            unit=row.id, parent=row.parent
        )
        hint = _("a peer stands outside the scored hierarchy: leave its parent empty")
        return [PeerUnitError(message, row.location, hint)]
    if row.level is not None and row.level != peers.level:
        message = _("peer unit '{unit}' has level '{level}', the peers are of level '{peers}'")
        hint = _("give it level '{level}' or leave the level empty").format(level=peers.level)
        text = message.format(unit=row.id, level=row.level, peers=peers.level)
        return [PeerUnitError(text, row.location, hint)]
    return []


def peer_parent_errors(ruleset: Ruleset, rows: Sequence[DeclaredUnit]) -> list[PerkinError]:
    """An error for each peer unit that a units file makes the parent of a unit (at its first
    child): the peer's id is a unit of the data's hierarchy, which would silently become a peer,
    its units rolled up into nothing scored."""
    peers = ruleset.comparisons.peer_ids()
    errors: list[PerkinError] = []
    reported: set[str] = set()
    for row in rows:
        if row.parent in peers and row.id not in peers and row.parent not in reported:
            reported.add(row.parent)
            message = _("peer unit '{unit}' is the parent of '{child}' in the data's hierarchy")
            hint = _(
                "a peer stands outside the scored hierarchy: if '{unit}' is a unit the data "
                "scores, remove it from the ruleset's peers.units"
            ).format(unit=row.parent)
            text = message.format(unit=row.parent, child=row.id)
            errors.append(PeerParentError(text, row.location, hint))
    return errors
