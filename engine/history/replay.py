"""Replay: the engine's value of each published figure, compared with the printed text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dsl import SeriesType
from dsl.errors import PerkinError, PerkinErrors
from dsl.i18n import N_, _, ngettext, pgettext
from dsl.lines import one_line
from dsl.rounding import format_fixed
from dsl.suggest import did_you_mean
from engine.data.bind import Bound
from engine.data.binding import bind
from engine.data.read import Dataset, read_data
from engine.history.case_files import case_files
from engine.history.cases import Case, CaseError, Published, load_case
from engine.history.figures import office, precise_text, printed_number, quoted
from engine.history.past import load_history
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import RoundingMode, Ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.history_values import NO_HISTORY, History
from engine.scoring.score import rank_units
from engine.scoring.tables import band_figure
from engine.scoring.vectors import MISSING_ITEM, Vec

NA_TEXT = "N/A"
UNKNOWN = {
    "indicator": N_("unknown indicator '{name}'"),
    "figure": N_("unknown figure '{name}'"),
    "score": N_("unknown score '{name}'"),
    "ranking": N_("unknown ranking '{name}'"),
}


@dataclass(frozen=True, slots=True)
class Replayed:
    """A published figure that does not simply reproduce: its check, its line, and whether it
    passes (a known-wrong figure for which perkin gives the declared correct value)."""

    check: Check
    title: str
    text: str
    ok: bool


@dataclass(frozen=True, slots=True)
class ReplayedCase:
    """One replayed case file: what did not simply reproduce, and the summary line."""

    case: Case
    results: tuple[Replayed, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """What replaying case files gives: each case's results; printable lines, mismatches."""

    cases: tuple[ReplayedCase, ...]

    @property
    def lines(self) -> list[str]:
        """One line per mismatch and per known-wrong figure, then each case's summary."""
        return [line for c in self.cases for line in [*(r.text for r in c.results), c.summary]]

    @property
    def mismatches(self) -> list[str]:
        """The lines of the figures that fail."""
        return [r.text for c in self.cases for r in c.results if not r.ok]

    @property
    def ok(self) -> bool:
        """Whether every figure reproduces or is known wrong with perkin's value correct."""
        return not self.mismatches


@dataclass(frozen=True, slots=True)
class Recomputed:
    """What the engine gives for a published figure: a number, a label, or N/A with the reason."""

    value: float | str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Check:
    """A published figure next to the engine's value presented the same way."""

    pub: Published
    recomputed: Recomputed

    @property
    def presented(self) -> str:
        """The engine's value rounded the report's way, in the canonical form compared ('97.52')."""
        return shown(self.recomputed, self.pub.decimals, self.pub.mode)

    @property
    def shown(self) -> str:
        """The engine's value as the report would print it, for a person ('97,52' in Indonesian)."""
        return office(self.presented, self.pub.printed)

    @property
    def printed(self) -> str:
        """The printed text for a person: a number as an office of the language writes it."""
        return quoted(self.pub.printed, self.pub.decimals)

    @property
    def reproduces(self) -> bool:
        """Whether the engine's value, presented the report's way, is the printed text."""
        return same(self.pub, self.presented, self.pub.printed)


# recomputation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recomputation:
    """A case's ruleset applied to its data: the evaluator every published figure is read from."""

    ruleset: Ruleset
    dataset: Dataset
    bound: Bound
    evaluator: Evaluator
    history: History = NO_HISTORY  # earlier years' values (PREV, HISTORY, GROWTH, TREND)

    @classmethod
    def of(cls, case: Case) -> Recomputation:
        """Load the case's ruleset and data, and check every published figure names something."""
        rs = load_ruleset(case.ruleset)
        dataset = read_data(list(case.data))
        bound = bind(rs, dataset)
        history = load_history(rs, (), case.data)
        done = cls(rs, dataset, bound, Evaluator(rs, bound, history), history)
        problems = [e for pub in case.published for e in done.problems(pub)]
        if problems:
            raise PerkinErrors(problems)
        return done

    def fresh(self, dataset: Dataset | None = None) -> Evaluator:
        """A new evaluator (with nothing memoised) on this or another dataset."""
        if dataset is None:
            return Evaluator(self.ruleset, self.bound, self.history)
        return Evaluator(self.ruleset, bind(self.ruleset, dataset), self.history)

    def problems(self, pub: Published) -> Iterable[PerkinError]:
        """What is wrong with the names in a published figure."""
        rs = self.ruleset
        tables: dict[str, Mapping[str, object]] = {
            "indicator": rs.indicators, "figure": rs.figures, "score": rs.scores,
            "ranking": rs.rankings,
        }  # fmt: skip
        table = tables[pub.kind]
        if pub.name not in table:
            yield CaseError(
                _(UNKNOWN[pub.kind]).format(name=pub.name),
                pub.location,
                did_you_mean(pub.name, table),
            )
        if pub.unit not in self.bound.index:
            yield CaseError(
                _("unknown unit '{unit}'").format(unit=pub.unit),
                pub.location,
                did_you_mean(pub.unit, self.bound.index),
            )
        if pub.name in table and pub.kind == "figure":
            yield from self._item_problems(pub)

    def _item_problems(self, pub: Published) -> Iterable[PerkinError]:
        """A series figure needs an item of its series; a single figure takes none."""
        items = series_items(self.ruleset, pub.name)
        if items is None and pub.item is not None:
            message = _("figure '{name}' is not a series; drop 'item'").format(name=pub.name)
            yield CaseError(message, pub.location)
        elif items is not None and pub.item not in items:
            yield CaseError(
                _("'{name}' is a series: give an item").format(name=pub.name),
                pub.location,
                _("items: {items}").format(items=", ".join(items)),
            )

    def recompute(self, pub: Published, ev: Evaluator | None = None) -> Recomputed:
        """The engine's value of a published figure (from `ev`, or the case's evaluator)."""
        ev = ev or self.evaluator
        if pub.kind == "ranking":
            return _ranked(ev, pub)
        vec = _vector(ev, pub)
        unit = self.bound.index[pub.unit]
        column = None
        if pub.item is not None:
            items = series_items(self.ruleset, pub.name) or ()
            column = items.index(pub.item)
        return pick(vec, unit, column)

    def check(self, pub: Published, ev: Evaluator | None = None) -> Check:
        """The published figure next to the engine's value."""
        return Check(pub, self.recompute(pub, ev))


def series_items(rs: Ruleset, name: str) -> tuple[str, ...] | None:
    """The items of the first series input a figure is computed from, or None."""
    todo, seen = [name], set()
    while todo:
        current = todo.pop(0)
        seen.add(current)
        spec = rs.inputs.get(current)
        if spec is not None and spec.axis is not None:
            return spec.items
        fig = rs.figures.get(current)
        formula = fig.formula if fig is not None else None
        # AVERAGE(x) over a series input is one value: only a series formula has items
        if formula is not None and isinstance(formula.program.result_type, SeriesType):
            todo += [n for n in formula.program.names if n not in seen]
    return None


def _ranked(ev: Evaluator, pub: Published) -> Recomputed:
    """A unit's place (or award) in a ranking."""
    for row in rank_units(ev, ev.rs.rankings[pub.name], pub.label):
        if row.unit == pub.unit:
            found = float(row.rank) if pub.field == "rank" and row.rank is not None else row.award
            if found is None:
                return Recomputed(None, row.note or _("no award"))
            return Recomputed(found, None)
    reason = _("{unit} is not ranked by {ranking}").format(unit=pub.unit, ranking=pub.name)
    return Recomputed(None, reason)


def _vector(ev: Evaluator, pub: Published) -> Vec:
    """The engine's vector (every unit) of the figure a published entry names."""
    if pub.field != "predikat":
        return ev.get(pub.node, pub.label)
    rs = ev.rs
    if pub.kind == "score":
        table_id, rounding = rs.scores[pub.name].predikat, rs.scores[pub.name].rounding
        base = ev.get(pub.name, pub.label)
    else:
        ind = rs.indicators[pub.name]
        table_id, rounding = ind.predikat, ind.rounding[ind.predikat_on]
        base = ev.get(f"{pub.name}.{ind.predikat_on}", pub.label)
    if table_id is None:
        return Vec(np.full(len(base.codes), np.nan), np.full(len(base.codes), 1, dtype=np.int32))
    return band_figure(rs.tables[table_id], base, rounding)


def pick(vec: Vec, unit: int, column: int | None) -> Recomputed:
    """One unit's value (one series element when `column` is given)."""
    if column is not None and vec.values.ndim == 2:
        number = float(vec.values[unit, column])
        if np.isnan(number):
            return Recomputed(None, vec.reason(unit) or _(MISSING_ITEM))
        return Recomputed(number, None)
    value = vec.at(unit)
    if value is None or isinstance(value, tuple):
        return Recomputed(None, vec.reason(unit) or _("not a single value"))
    return Recomputed(value, None)


# comparing -------------------------------------------------------------------------------------


def shown(recomputed: Recomputed, decimals: int, mode: RoundingMode) -> str:
    """A value rounded the report's way in canonical form ('97.60', compared, never displayed
    as is), or a label, or N/A."""
    value = recomputed.value
    if value is None:
        return NA_TEXT
    if isinstance(value, str):
        return value
    return format_fixed(value, decimals, mode)


def same(pub: Published, engine_text: str, printed: str) -> bool:
    """Whether the engine's presented value says what the printed text says."""
    if pub.field == "predikat":
        return _same_label(engine_text, printed)
    number = printed_number(printed, pub.decimals)
    if number is None:
        return engine_text.strip().casefold() == printed.strip().casefold()
    return engine_text == format_fixed(number, pub.decimals, "half_up")


def _same_label(label: str, printed: str) -> bool:
    """'A' matches the band 'A (Sangat Baik)'; 'Sangat Tinggi' matches itself."""
    a, b = label.strip().casefold(), printed.strip().casefold()
    return a == b or a.startswith(b + " ")


def detail(recomputed: Recomputed) -> str:
    """The full precision of a number, or the N/A reason."""
    if recomputed.value is None:
        return f"N/A: {recomputed.reason}"
    if isinstance(recomputed.value, str):
        return _("band label")
    return _("full precision {value}").format(value=precise_text(recomputed.value, 7))


def mismatch(check: Check, head: str) -> str:
    """'HEAD: published 104,08, computed 104.18 (full precision 104.1795)'."""
    text = _("{figure}: published {printed}, computed {computed} ({detail})")
    return text.format(
        figure=head,
        printed=check.printed,
        computed=check.shown,
        detail=detail(check.recomputed),
    )


def title(pub: Published, default_unit: str | None) -> str:
    """'003:1574 sasaran_02 value 2024' (the unit is named when it is not the case's unit)."""
    unit = "" if pub.unit == default_unit else f"{pub.unit} "
    item = f"[{pub.item}]" if pub.item is not None else ""
    where = f"{pub.source} " if pub.source else ""
    return f"{where}{unit}{pub.name}{item} {_field_text(pub.field)} {pub.period.label}"


def _field_text(field: str) -> str:
    """A published field as a line names it (target, realisasi, capaian, predikat stay)."""
    match field:
        case "value":
            return pgettext("published field", "value")
        case "rank":
            return pgettext("published field", "rank")
        case "award":
            return pgettext("published field", "award")
    return field


# replaying -------------------------------------------------------------------------------------


def replay_files(paths: Sequence[Path]) -> ReplayReport:
    """Replay every case file; one line per mismatch and per known-wrong figure, then a summary."""
    cases = []
    for path in case_files(paths):
        case = load_case(path)
        cases.append(_replay_case(case, Recomputation.of(case)))
    return ReplayReport(tuple(cases))


def _replay_case(case: Case, rec: Recomputation) -> ReplayedCase:
    """The figures of one case that do not simply reproduce, and its summary line."""
    results: list[Replayed] = []
    for pub in case.published:
        check = rec.check(pub)
        line, ok = verdict(check, case.unit)
        if line is not None:  # each on its one line: a `why` or a name cannot forge another
            results.append(Replayed(check, one_line(title(pub, case.unit)), one_line(line), ok))
    total = len(case.published)
    wrong = sum(not r.ok for r in results)
    known = sum(r.ok for r in results)
    figures = ngettext(
        "{path}: {n} published figure", "{path}: {n} published figures", total
    ).format(path=case.path, n=total)
    counts = _(
        "{reproduce} reproduce, {known} known wrong (perkin gives the correct value), "
    ).format(reproduce=total - known - wrong, known=known)
    errors = ngettext("{n} mismatch", "{n} mismatches", wrong).format(n=wrong)
    return ReplayedCase(case, tuple(results), one_line(f"{figures}: {counts}{errors}"))


def verdict(check: Check, default_unit: str | None) -> tuple[str | None, bool]:
    """The line to print for a check (None when it simply reproduces) and whether it passes."""
    pub = check.pub
    head = title(pub, default_unit)
    wrong = pub.known_wrong
    if wrong is None:
        if check.reproduces:
            return None, True
        return mismatch(check, head), False
    correct = quoted(wrong.correct, pub.decimals)
    if check.reproduces:
        text = _(
            "{figure}: published {printed} reproduces, "
            "but the case marks it known wrong (correct {correct})"
        )
        return text.format(figure=head, printed=check.printed, correct=correct), False
    if same(pub, check.presented, wrong.correct):
        text = _("{figure}: known wrong: published {printed}, correct {correct} ({why})")
        line = text.format(figure=head, printed=check.printed, correct=correct, why=wrong.why)
        return line, True
    text = _(
        "{figure}: known wrong: published {printed}, correct {correct}, "
        "but computed {computed} ({detail})"
    )
    line = text.format(
        figure=head,
        printed=check.printed,
        correct=correct,
        computed=check.shown,
        detail=detail(check.recomputed),
    )
    return line, False
