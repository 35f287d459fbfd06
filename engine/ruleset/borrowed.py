"""Borrowed tables: a table a ruleset uses whose seed citations all lie in another instrument's
seed, which must say in an `assumption:` from where it is borrowed and why (else R080, a
warning: the ruleset still loads)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dsl.errors import PerkinError
from dsl.i18n import _, ngettext
from engine.ruleset.model import Formula, Ruleset, TableDef
from engine.ruleset.sources import Citation, parse_source
from engine.ruleset.yamlpos import PosDict


class BorrowedTableWarning(PerkinError):
    """A table cited only to another instrument's seed, used without an assumption."""

    code = "R080"
    warning = True


def legal_seeds(data: PosDict) -> tuple[str, ...]:
    """The seed documents (`003`) the ruleset's `legal_basis` cites: the instruments it encodes."""
    documents = [str(k) for k in data.get("documents") or {}]
    found: dict[str, None] = {}
    for basis in data.get("legal_basis") or ():
        source = basis.get("source") if isinstance(basis, dict) else None
        found.update(dict.fromkeys(_seeds_of(source, documents)))
    return tuple(found)


def _seeds_of(source: Any, documents: Collection[str]) -> list[str]:
    """The seed documents a `source:` cites (declared documents left out; a broken source gives
    none, the citation check reports it)."""
    if not isinstance(source, str):
        return []
    try:
        cited = parse_source(source, documents)
    except PerkinError:
        return []
    return [c.doc for c in cited if isinstance(c, Citation)]


def table_users(rs: Ruleset) -> dict[str, str]:
    """Table id → who uses it first (an indicator's predikat, a score's, a formula), for every
    table the ruleset uses, in ruleset order."""
    users: dict[str, str] = {}
    for ind in rs.indicators.values():
        owner = _("indicator '{id}'").format(id=ind.id)
        named = [ind.predikat, *_formula_tables(ind.realisasi, ind.capaian)]
        named += _formula_tables(ind.target.formula if ind.target else None)
        users.update({t: owner for t in named if t is not None and t not in users})
    for fig in rs.figures.values():
        owner = _("figure '{id}'").format(id=fig.id)
        users.update({t: owner for t in _formula_tables(fig.formula) if t not in users})
    for score in rs.scores.values():
        owner = _("score '{id}'").format(id=score.id)
        named = [score.predikat, *_formula_tables(score.formula)]
        users.update({t: owner for t in named if t is not None and t not in users})
    return users


def _formula_tables(*formulas: Formula | None) -> list[str]:
    return [t for f in formulas if f is not None for t in sorted(f.program.tables)]


def borrowed_table_warnings(rs: Ruleset) -> list[BorrowedTableWarning]:
    """R080 for every used table cited only to seeds other than the ruleset's own (its
    `legal_basis` seeds) that states no assumption; none when the ruleset cites no seed."""
    if not rs.seeds:
        return []
    out: list[BorrowedTableWarning] = []
    for table_id, user in table_users(rs).items():
        table = rs.tables.get(table_id)
        if table is None or table.provenance.assumption:
            continue
        seeds = _seeds_of(table.provenance.source, rs.documents)
        if seeds and not set(seeds) & set(rs.seeds):
            out.append(_warning(rs, table, user, seeds))
    return out


def _warning(rs: Ruleset, table: TableDef, user: str, seeds: list[str]) -> BorrowedTableWarning:
    theirs = ", ".join(dict.fromkeys(seeds))
    own = ", ".join(rs.seeds)
    message = ngettext(
        "table '{table}', used by {user}, is cited only to seed {theirs}, not to this "
        "ruleset's seed {own}, and states no assumption",
        "table '{table}', used by {user}, is cited only to seed {theirs}, not to this "
        "ruleset's seeds {own}, and states no assumption",
        len(rs.seeds),
    ).format(table=table.id, user=user, theirs=theirs, own=own)
    hint = _(
        "add an assumption: to the table saying from which instrument it is borrowed and why "
        "it applies here (for example, that this seed prints no scale of its own)"
    )
    return BorrowedTableWarning(message, table.location, hint)
