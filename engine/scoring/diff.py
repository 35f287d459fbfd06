"""What changed between two rulesets and, given data, whose capaian, predikat, score, rank moved."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

from dsl.errors import PerkinError
from dsl.i18n import _
from dsl.lines import one_line
from engine.data.model import Dataset
from engine.data.years import data_years
from engine.ruleset.model import (
    Figure,
    Indicator,
    Input,
    Ranking,
    Role,
    Rollup,
    Ruleset,
    Score,
    TableDef,
)
from engine.ruleset.sources import SourceDocument
from engine.scoring.diff_years import in_ruleset_year, previous_notes
from engine.scoring.history_values import NO_HISTORY, History
from engine.scoring.result import Presented, Result, default_capaian_text
from engine.scoring.score import score

T = TypeVar("T")
Facets = dict[str, str]
ABSENT = "—"
_NOTHING = frozenset({"N/A", ABSENT})  # compared texts of a value that is not there


class DiffReport(NamedTuple):
    """The lines of a diff and, when the data could not be scored by a ruleset, why."""

    lines: list[str]
    error: PerkinError | None = None


def diff_rulesets(
    a: Ruleset,
    b: Ruleset,
    dataset: Dataset | None = None,
    period: str | None = None,
    history: tuple[History, History] = (NO_HISTORY, NO_HISTORY),
) -> DiffReport:
    """Plain-text lines in a stable order: definitions first, then (given data) moved results;
    `history` gives the earlier years the old and the new ruleset read.

    Data that one of the rulesets cannot score ends the lines with a '!' line and comes back as
    the error, so that the command fails (exit 1) instead of reporting that nothing moved.
    """
    lines = list(_changes("ruleset", {"": _ruleset_facets(a)}, {"": _ruleset_facets(b)}))
    for kind, facets, pick in _SECTIONS:
        lines += _changes(kind, _facet_map(pick(a), facets), _facet_map(pick(b), facets))
    if dataset is None:
        return DiffReport(lines)
    try:
        lines += result_changes(a, b, dataset, period, history)
    except _Unscorable as failed:
        message = (
            _("! cannot score the data with the old ruleset {id}")
            if failed.label == "old"
            else _("! cannot score the data with the new ruleset {id}")
        )
        lines += [*failed.notes, message.format(id=failed.rs.id)]
        return DiffReport(lines, failed.error)
    return DiffReport(lines)


class _Unscorable(Exception):
    """A ruleset that cannot score the data: which one, the error, and the notes said before."""

    def __init__(self, label: str, rs: Ruleset, error: PerkinError, notes: list[str]) -> None:
        super().__init__(label)
        self.label, self.rs, self.error, self.notes = label, rs, error, notes


def _facet_map(entries: Mapping[str, T], facets: Callable[[T], Facets]) -> dict[str, Facets]:
    """Entry id → its facets."""
    return {key: facets(value) for key, value in entries.items()}


def _changes(kind: str, old: dict[str, Facets], new: dict[str, Facets]) -> Iterator[str]:
    """'+ kind id', '- kind id' and 'kind id: facet old → new' lines, old order then new entries."""
    for key in [*old, *(k for k in new if k not in old)]:
        name = f"{kind} {key}".rstrip()
        if key not in new:
            yield _("- {name} removed").format(name=name)
        elif key not in old:
            yield _("+ {name} added{label}").format(name=name, label=_label(new[key]))
        else:
            yield from _facet_changes(name, old[key], new[key])


def _label(facets: Facets) -> str:
    """': name' of an added entry, when it has one."""
    return f": {one_line(facets['name'])}" if facets.get("name") else ""


def _facet_changes(name: str, old: Facets, new: Facets) -> Iterator[str]:
    """One line per facet whose text differs."""
    for facet in [*old, *(f for f in new if f not in old)]:
        before, after = old.get(facet, ABSENT), new.get(facet, ABSENT)
        if before != after:
            yield f"~ {name}: {facet} {one_line(before)} → {one_line(after)}"


def _num(value: float | None) -> str:
    """A number as written in a ruleset; N/A for None."""
    return "N/A" if value is None else f"{value:g}"


def _opt(value: Any) -> str:
    """Any optional setting as text, the absent mark for None."""
    return ABSENT if value is None else str(value)


def _rollup(rollup: Rollup | None) -> str:
    """A rollup as text."""
    if rollup is None:
        return ABSENT
    text: str = rollup.method
    if rollup.weight:
        text = _("{method} by {weight}").format(method=rollup.method, weight=rollup.weight)
    return f"{text}, gaps: na" if rollup.gaps == "na" else text  # the YAML words


def _ruleset_facets(rs: Ruleset) -> Facets:
    """Settings of the ruleset as a whole."""
    return {
        "id": rs.id,
        "title": rs.title,
        "year": str(rs.year),
        "cadence": rs.cadence,
        "cycle": rs.cycle.text() if rs.cycle else ABSENT,
        "rounding": f"{rs.rounding.decimals} {rs.rounding.mode}",
        "levels": ", ".join(rs.levels),
        "cascade": f"required={rs.cascade_required} top={_opt(rs.cascade_top)}",
    }


def _indicator_facets(ind: Indicator) -> Facets:
    """Everything that decides an indicator's figures."""
    facets = {
        "name": ind.name,
        "level": _opt(ind.level),
        "cadence": ind.cadence,
        "polarity": ind.polarity,
        "realisasi": ind.realisasi.text,
        "capaian": ind.capaian.text if ind.capaian else f"({default_capaian_text(ind.polarity)})",
        "combine": _opt(ind.combine),
        "cap": _opt(ind.cap),
        "floor": _opt(ind.floor),
        "predikat": _opt(ind.predikat),
        "predikat_on": ind.predikat_on,
        "weight": _num(ind.weight.value) if ind.weight else ABSENT,
        "roles": ", ".join(ind.roles) or ABSENT,
        "rollup": _rollup(ind.rollup),
        "satuan": _opt(ind.satuan),
        "group": _opt(ind.group),
    }
    for key, rounding in sorted(ind.rounding.items()):
        facets[f"rounding {key}"] = f"{rounding.decimals} {rounding.mode}"
    if ind.target is not None:
        facets.update({f"target {label}": _num(value) for label, value in ind.target.values})
        if ind.target.formula is not None:
            facets["target formula"] = ind.target.formula.text
    return facets


def _input_facets(spec: Input) -> Facets:
    """How an input is read."""
    items = ", ".join(spec.items) if spec.items else ABSENT
    return {
        "kind": spec.kind,
        "level": _opt(spec.level_text()),
        "period": spec.period,
        "combine": spec.combine,
        "axis": _opt(spec.axis),
        "items": items,
    }


def _table_facets(table: TableDef) -> Facets:
    """A table's entries or bands."""
    facets: Facets = {"kind": table.kind, "on": table.on}
    facets.update({f"entry {key}": str(value) for key, value in table.entries})
    facets.update({f"band {band.label}": band.describe() for band in table.bands})
    return facets


def _figure_facets(fig: Figure) -> Facets:
    """A figure's formula and how it rolls up and combines."""
    return {
        "formula": fig.formula.text if fig.formula else ABSENT,
        "level": _opt(fig.level),
        "rollup": _rollup(fig.rollup),
        "combine": _opt(fig.combine),
        "cadence": _opt(fig.cadence),
        "rounding": f"{fig.rounding.decimals} {fig.rounding.mode}",
    }


def _score_facets(sc: Score) -> Facets:
    """A score's method and what it is computed of."""
    return {
        "name": sc.title,
        "level": _opt(sc.level),
        "method": sc.method,
        "of": sc.of,
        "indicators": ", ".join(sc.indicators) or ABSENT,
        "formula": sc.formula.text if sc.formula else ABSENT,
        "renormalize": str(sc.renormalize),
        "cap": _opt(sc.cap),
        "predikat": _opt(sc.predikat),
        "weights_total": _opt(sc.weights_total),
        "rounding": f"{sc.rounding.decimals} {sc.rounding.mode}",
    }


def _ranking_facets(rk: Ranking) -> Facets:
    """What a ranking orders by and what it awards."""
    breakers = ", ".join(f"{by} {'desc' if desc else 'asc'}" for by, desc in rk.tie_breakers)
    return {
        "name": str(rk.title),
        "level": _opt(rk.level),
        "by": rk.by,
        "order": "desc" if rk.descending else "asc",
        "tie_breakers": breakers or ABSENT,
        "awards": ", ".join(rk.awards) or ABSENT,
        "unresolved": rk.unresolved,
    }


def _document_facets(doc: SourceDocument) -> Facets:
    """What a declared document is."""
    return {
        "name": doc.title,
        "kind": doc.kind,
        "number": _opt(doc.number),
        "year": _opt(doc.year),
        "url": _opt(doc.url),
    }


def _role_facets(role: Role) -> Facets:
    """A cascade role's title and parent."""
    return {"name": role.title, "parent": _opt(role.parent), "holder": _opt(role.holder)}


_SECTIONS: tuple[
    tuple[str, Callable[[Any], Facets], Callable[[Ruleset], Mapping[str, Any]]], ...
] = (
    ("document", _document_facets, lambda rs: rs.documents),
    ("input", _input_facets, lambda rs: rs.inputs),
    ("table", _table_facets, lambda rs: rs.tables),
    ("figure", _figure_facets, lambda rs: rs.figures),
    ("indicator", _indicator_facets, lambda rs: rs.indicators),
    ("score", _score_facets, lambda rs: rs.scores),
    ("ranking", _ranking_facets, lambda rs: rs.rankings),
    ("role", _role_facets, lambda rs: rs.roles),
)


# results -------------------------------------------------------------------------------------


def result_changes(
    a: Ruleset,
    b: Ruleset,
    dataset: Dataset,
    period: str | None,
    history: tuple[History, History] = (NO_HISTORY, NO_HISTORY),
) -> list[str]:
    """Units whose capaian, predikat, score or rank differ when the data is scored by both, each
    ruleset reading earlier years from its history: data of one year scored under a ruleset of
    another is read as of the ruleset's year, with a note saying so, and across years a note
    on the year each ruleset reads as the previous one, before the units."""
    notes: list[str] = []
    results: list[Result] = []
    across = len({a.year, b.year} | data_years(dataset)) > 1
    for label, rs, earlier in (("old", a, history[0]), ("new", b, history[1])):
        try:
            data, when = in_ruleset_year(rs, label, dataset, period, notes)
            if across:
                notes += previous_notes(rs, label, earlier)
            results.append(score(rs, data, when, history=earlier))
        except PerkinError as err:
            raise _Unscorable(label, rs, err, notes) from err
    old, new = results
    return notes + [
        f"{one_line(unit)}: {what} {before} → {after}"
        for (unit, what), (before, after) in _moved(_outcomes(old), _outcomes(new))
    ]


def _outcomes(result: Result) -> dict[tuple[str, str], tuple[str, str]]:
    """(unit, 'indicator period capaian') → (the presented text compared, the text a person
    reads: numbers as offices of the current language write them), for every result."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for r in result.indicators:
        for part, value in (("target", r.target), ("realisasi", r.realisasi)):
            out[(r.unit, f"{r.indicator} {r.period} {part}")] = _shown(value)
        out[(r.unit, f"{r.indicator} {r.period} capaian")] = _shown(r.capaian)
        out[(r.unit, f"{r.indicator} {r.period} predikat")] = _same(r.predikat or ABSENT)
    for f in result.figures:
        out[(f.unit, _("{name} {period} figure").format(name=f.name, period=f.period))] = _shown(
            f.value
        )
    for v in result.scores:
        out[(v.unit, _("{name} {period} score").format(name=v.name, period=v.period))] = _shown(
            v.value
        )
        if v.predikat is not None:
            out[(v.unit, f"{v.name} {v.period} predikat")] = _same(v.predikat)
    for k in result.rankings:
        rank = ABSENT if k.rank is None else str(k.rank)
        out[(k.unit, _("{ranking} rank").format(ranking=k.ranking))] = _same(rank)
        out[(k.unit, _("{ranking} award").format(ranking=k.ranking))] = _same(k.award or ABSENT)
    return out


def _shown(value: Presented) -> tuple[str, str]:
    """A number, compared as presented and read as offices of the current language write it."""
    return value.text(), value.office_text()


def _same(text: str) -> tuple[str, str]:
    """A label, compared and read as it is."""
    return text, text


def _moved(
    old: dict[tuple[str, str], tuple[str, str]], new: dict[tuple[str, str], tuple[str, str]]
) -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:
    """Keys whose compared text differs, in the old result's order, with the texts a person
    reads; then the values only one ruleset gives (of an indicator or figure added or dropped:
    the ruleset changes above name it, so its N/A and empty values are not repeated here)."""
    for key, (before, shown_before) in old.items():
        after = new.get(key)
        if after is None:
            if before not in _NOTHING:
                yield key, (shown_before, _("(not in the new ruleset)"))
        elif after[0] != before:
            yield key, (shown_before, after[1])
    for key, (after_text, shown_after) in new.items():
        if key not in old and after_text not in _NOTHING:
            yield key, (_("(not in the old ruleset)"), shown_after)
