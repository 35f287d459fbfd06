"""Semantic checks of a built ruleset: references, cycles, weights, bands, cascade, targets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from dsl.errors import Location, PerkinError
from dsl.i18n import _, number_text
from dsl.suggest import did_you_mean
from engine.ruleset.bands import Band
from engine.ruleset.cascade import cascade_problems
from engine.ruleset.cycle import year_problem
from engine.ruleset.model import Indicator, Ref, Ruleset, TableDef, target_labels
from engine.ruleset.schema import BrokenParts


class CheckError(PerkinError):
    """A ruleset whose parts do not fit together."""

    code = "R030"


def _err(code: str, message: str, loc: Location, hint: str | None = None) -> CheckError:
    return CheckError(message, loc, hint, code=code)


def check(rs: Ruleset, broken: BrokenParts | None = None) -> list[PerkinError]:
    """Every semantic problem of the ruleset, in file order; none that depends on a broken part
    (the ruleset is then built without them and their schema errors are reported)."""
    broken = broken or BrokenParts()
    found: list[PerkinError] = [
        *_check_levels(rs),
        *_check_references(rs, broken),
        *_check_cycles(rs),
        *_check_tables(rs),
        *(_check_targets(rs) if "cadence" not in broken.keys else ()),
        *_check_weights(rs, broken),
        *(_err(*problem) for problem in cascade_problems(rs)),
        *_check_ranges(rs),
        *_check_required_units(rs),
        *_check_cycle(rs),
    ]
    return sorted(found, key=lambda e: (e.location.file or "", e.location.line or 0))


def _check_levels(rs: Ruleset) -> Iterator[PerkinError]:
    parents = rs.level_parents
    for level, first_parent in parents.items():
        seen = {level}
        parent: str | None = first_parent
        while parent is not None:
            if parent not in parents:
                yield _err(
                    "R031",
                    _("level '{level}' names unknown parent level '{parent}'").format(
                        level=level, parent=parent
                    ),
                    Location(file=rs.files[-1], path=f"levels.{level}"),
                    did_you_mean(parent, parents),
                )
                break
            if parent in seen:
                yield _err(
                    "R032",
                    _("levels form a cycle through '{level}'").format(level=parent),
                    Location(file=rs.files[-1], path="levels"),
                )
                break
            seen.add(parent)
            parent = parents[parent]
    for owner, used, loc in _level_uses(rs):
        if used is not None and parents and used not in parents:
            message = _("{owner} uses unknown level '{level}'").format(owner=owner, level=used)
            yield _err("R031", message, loc, did_you_mean(used, parents))
    yield from _check_level_given(rs)


def _check_level_given(rs: Ruleset) -> Iterator[PerkinError]:
    """With more than one level, an indicator or score without `level:` would be scored for
    every unit of every level (budget lines, programs …): refused, never guessed."""
    if len(rs.levels) < 2:
        return
    levels = ", ".join(rs.levels)
    hint = _("add 'level:' with one of: {levels}").format(levels=levels)
    for ind in rs.indicators.values():
        if ind.level is None:
            message = _("{owner} has no level, and the ruleset has several").format(
                owner=_indicator(ind.id)
            )
            yield _err("R048", message, ind.location, hint)
    for score in rs.scores.values():
        if score.level is None:
            message = _("{owner} has no level, and the ruleset has several").format(
                owner=_score(score.id)
            )
            yield _err("R048", message, score.location, hint)


def _level_uses(rs: Ruleset) -> Iterator[tuple[str, str | None, Location]]:
    for i in rs.inputs.values():
        for level in i.levels or (i.level,):
            yield _("input '{id}'").format(id=i.id), level, i.location
    for f in rs.figures.values():
        yield _("figure '{id}'").format(id=f.id), f.level, f.location
    for ind in rs.indicators.values():
        yield _indicator(ind.id), ind.level, ind.location
    for s in rs.scores.values():
        yield _score(s.id), s.level, s.location
    for r in rs.rankings.values():
        yield _("ranking '{id}'").format(id=r.id), r.level, r.location
    for req in rs.required_units.values():
        yield "required_units", req.level, req.location


def _indicator(name: str) -> str:
    return _("indicator '{id}'").format(id=name)


def _score(name: str) -> str:
    return _("score '{id}'").format(id=name)


def _check_references(rs: Ruleset, broken: BrokenParts) -> Iterator[PerkinError]:
    for ind in rs.indicators.values():
        if ind.predikat is not None and not broken.hides("tables", ind.predikat):
            yield from _table_ref(rs, ind.predikat, _indicator(ind.id), ind.location)
        for role in (*ind.roles, *ind.diturunkan):
            if role not in rs.roles and not broken.hides("roles", role):
                yield _err(
                    "R040",
                    _("indicator '{id}' is cascaded to unknown role '{role}'").format(
                        id=ind.id, role=role
                    ),
                    ind.location,
                    did_you_mean(role, rs.roles) or _("declare it under roles:"),
                )
    for score in rs.scores.values():
        for ref in score.indicators:
            if ref not in rs.indicators and not broken.hides("indicators", ref):
                yield _err(
                    "R033",
                    _("score '{id}' names unknown indicator '{indicator}'").format(
                        id=score.id, indicator=ref
                    ),
                    score.location,
                    did_you_mean(ref, rs.indicators),
                )
        if score.predikat is not None and not broken.hides("tables", score.predikat):
            yield from _table_ref(rs, score.predikat, _score(score.id), score.location)
    names = {*rs.scores, *rs.figures, *rs.indicators, *rs.inputs}
    names |= {n for s in ("scores", "figures", "indicators", "inputs") for n in broken.names(s)}
    for rank in rs.rankings.values():
        for ref in (rank.by, *(b for b, _order in rank.tie_breakers)):
            if ref not in names:
                yield _err(
                    "R034",
                    _("ranking '{id}' orders by unknown '{name}'").format(id=rank.id, name=ref),
                    rank.location,
                    did_you_mean(ref, names),
                )
    for member in rs.roles.values():
        parent = member.parent
        if parent is not None and parent not in rs.roles and not broken.hides("roles", parent):
            yield _err(
                "R041",
                _("role '{id}' reports to unknown role '{parent}'").format(
                    id=member.id, parent=parent
                ),
                member.location,
                did_you_mean(parent, rs.roles),
            )


def _table_ref(rs: Ruleset, name: str, owner: str, loc: Location) -> Iterator[PerkinError]:
    table = rs.tables.get(name)
    if table is None:
        message = _("{owner} uses unknown band table '{table}'").format(owner=owner, table=name)
        yield _err("R035", message, loc, did_you_mean(name, rs.tables))
    elif table.kind != "bands":
        message = _("{owner}: predikat table '{table}' is a lookup table, not bands")
        yield _err("R035", message.format(owner=owner, table=name), loc)


def dependencies(rs: Ruleset) -> dict[str, set[str]]:
    """The dependency graph between figures, indicator figures and scores."""
    graph: dict[str, set[str]] = {}
    for fig in rs.figures.values():
        graph[fig.id] = set(fig.formula.program.names) if fig.formula else set()
    for ind in rs.indicators.values():
        graph[Ref.part_of(ind.id, "realisasi").name] = set(ind.realisasi.program.names)
        tgt = ind.target.formula if ind.target else None
        graph[Ref.part_of(ind.id, "target").name] = set(tgt.program.names) if tgt else set()
        graph[Ref.part_of(ind.id, "capaian").name] = {
            Ref.part_of(ind.id, "realisasi").name,
            Ref.part_of(ind.id, "target").name,
        }
        if ind.capaian:
            graph[Ref.part_of(ind.id, "capaian").name] |= {
                n for n in ind.capaian.program.names if n not in ("realisasi", "target")
            }
    for score in rs.scores.values():
        deps = {Ref.part_of(i, score.of).name for i in score.indicators}
        graph[score.id] = deps | (set(score.formula.program.names) if score.formula else set())
    return {k: {d for d in v if d not in rs.inputs} for k, v in graph.items()}


def _check_cycles(rs: Ruleset) -> Iterator[PerkinError]:
    graph = dependencies(rs)
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for start in graph:
        cycle = _find_cycle(graph, start, state, [])
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            yield _err(
                "R036",
                _("reference cycle: {chain}").format(chain=" -> ".join([*cycle, cycle[0]])),
                _node_location(rs, cycle[0]),
                _("a figure cannot depend on itself"),
            )


def _find_cycle(
    graph: dict[str, set[str]], node: str, state: dict[str, int], path: list[str]
) -> list[str] | None:
    """Iterative-depth DFS; returns the nodes of a cycle through the current path."""
    if state.get(node) == 2:
        return None
    if node in path:
        return path[path.index(node) :]
    if len(path) > 10_000:
        return None
    path.append(node)
    for dep in sorted(graph.get(node, ())):
        found = _find_cycle(graph, dep, state, path)
        if found:
            return found
    path.pop()
    state[node] = 2
    return None


def _node_location(rs: Ruleset, node: str) -> Location:
    base = node.split(".")[0]
    for table in (rs.figures, rs.indicators, rs.scores):
        if base in table:
            item = table[base]
            return item.location
    return Location(file=rs.files[-1])


def _check_tables(rs: Ruleset) -> Iterator[PerkinError]:
    for table in rs.tables.values():
        if table.kind == "bands":
            yield from _band_gaps(table)
        keys = [k for k, _value in table.entries]
        for dup in sorted({k for k in keys if keys.count(k) > 1}):
            message = _("lookup table '{table}' lists key '{key}' twice")
            yield _err("R037", message.format(table=table.id, key=dup), table.location)


def _band_gaps(table: TableDef) -> Iterator[PerkinError]:
    bands = sorted(table.bands, key=lambda b: (b.lower is not None, b.lower or 0.0))
    for prev, cur in itertools.pairwise(bands):
        problem = _seam(prev, cur)
        if problem:
            yield _err(
                "R038",
                _("band table '{table}': {problem}").format(table=table.id, problem=problem),
                table.location,
                _("bands must meet exactly: one band's 'at_most' is the next band's 'above'"),
            )


def _seam(prev: Band, cur: Band) -> str | None:
    names = {"first": prev.label, "second": cur.label}
    if prev.upper is None or cur.lower is None or prev.upper > cur.lower:
        return _("'{first}' and '{second}' overlap").format(**names)
    if prev.upper < cur.lower:
        message = _("gap between '{first}' ({first_range}) and '{second}' ({second_range})")
        return message.format(**names, first_range=prev.describe(), second_range=cur.describe())
    if prev.upper_inclusive == cur.lower_inclusive:
        if prev.upper_inclusive:
            message = _("'{first}' and '{second}' both include {value}")
        else:
            message = _("'{first}' and '{second}' neither includes {value}")
        return message.format(**names, value=number_text(cur.lower))
    return None


def _check_targets(rs: Ruleset) -> Iterator[PerkinError]:
    for ind in rs.indicators.values():
        if ind.target is None or ind.target.formula is not None:
            continue
        for label in target_labels(ind.cadence):
            declared, _target = ind.target.for_label(label)
            if not declared:
                yield _missing_target(ind, label)


def _missing_target(ind: Indicator, label: str) -> PerkinError:
    loc = ind.target.location if ind.target else ind.location
    return _err(
        "R039",
        _("indicator '{id}' is scored per {cadence} but has no target for {period}").format(
            id=ind.id, cadence=ind.cadence, period=label
        ),
        loc,
        _("add '{period}: NA' if the period has no target").format(period=label),
    )


def _check_weights(rs: Ruleset, broken: BrokenParts) -> Iterator[PerkinError]:
    for score in rs.scores.values():
        if score.weights_total is None or any(
            broken.hides("indicators", i) for i in score.indicators
        ):
            continue
        weights = [rs.indicators[i].weight for i in score.indicators if i in rs.indicators]
        missing = [
            i for i in score.indicators if i in rs.indicators and rs.indicators[i].weight is None
        ]
        if missing:
            yield _err(
                "R042",
                _("score '{id}': indicators without weight: {indicators}").format(
                    id=score.id, indicators=", ".join(missing)
                ),
                score.location,
            )
            continue
        total = sum(w.value for w in weights if w)
        if abs(total - score.weights_total) > 1e-9:
            yield _err(
                "R043",
                _("score '{id}': weights sum to {total}, not {expected}").format(
                    id=score.id,
                    total=number_text(total),
                    expected=number_text(score.weights_total),
                ),
                score.location,
                _("adjust the weights or weights_total"),
            )


def _check_required_units(rs: Ruleset) -> Iterator[PerkinError]:
    """A required count and a required list of the same level must agree."""
    for req in rs.required_units.values():
        if req.count is not None and req.units and req.count != len(req.units):
            yield _err(
                "R056",
                _("required_units of '{level}': count {count}, but {listed} units listed").format(
                    level=req.level, count=req.count, listed=len(req.units)
                ),
                req.location,
                _("make count the number of units listed, or give only one of them"),
            )


def _check_cycle(rs: Ruleset) -> Iterator[PerkinError]:
    """The ruleset's own year must be an evaluation year of its cycle."""
    problem = year_problem(rs.cycle, rs.year)
    if problem is not None and rs.cycle is not None:
        yield _err("R075", problem[0], rs.cycle.year_location or rs.cycle.location, problem[1])


def _check_ranges(rs: Ruleset) -> Iterator[PerkinError]:
    """An input's plausible range must be non-empty and belong to a numeric input."""
    for spec in rs.inputs.values():
        if spec.min is None and spec.max is None:
            continue
        if spec.kind == "text":
            hint = _("remove min/max, or declare the input numeric (kind: number …)")
            message = _("text input '{id}' has min/max").format(id=spec.id)
            yield _err("R046", message, spec.location, hint)
        elif spec.min is not None and spec.max is not None and spec.min > spec.max:
            message = _("input '{id}': min {low} is above max {high}").format(
                id=spec.id, low=number_text(spec.min), high=number_text(spec.max)
            )
            yield _err("R046", message, spec.location, _("swap min and max"))
