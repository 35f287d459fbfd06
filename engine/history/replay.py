"""Replay: recompute the figures a report published and compare them with the printed text.

A case file (YAML, documented in tests/replay/README.md) names a ruleset, the report's data and
a list of published figures, each with its printed text, the rounding the report used and its
source line. A published figure known to be wrong carries the correct value; it passes only if
perkin recomputes that correct value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.rounding import format_fixed
from dsl.suggest import did_you_mean
from engine.data.bind import Bound
from engine.data.binding import bind
from engine.data.cells import CellError, parse_cell
from engine.data.read import Dataset, read_data
from engine.periods import Period, PeriodError, parse_period
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import RoundingMode, Ruleset
from engine.ruleset.yamlpos import Mark, PosDict, PosList, load_yaml, location_of
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import rank_units
from engine.scoring.tables import band_figure
from engine.scoring.vectors import Vec

Kind = Literal["indicator", "figure", "score", "ranking"]
KINDS: tuple[Kind, ...] = ("indicator", "figure", "score", "ranking")
FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("target", "realisasi", "capaian", "predikat"),
    "figure": ("value",),
    "score": ("value", "predikat"),
    "ranking": ("rank", "award"),
}
TOP_KEYS = ("title", "description", "ruleset", "data", "period", "defaults", "published")
DEFAULT_KEYS = ("unit", "period", "decimals", "mode")
ENTRY_KEYS = (
    "unit", "indicator", "figure", "score", "ranking", "item", "period", "field", "printed",
    "decimals", "mode", "source", "assumption", "hand_computed", "known_wrong", "note",
)  # fmt: skip
SOURCE = re.compile(r"[0-9]{3}:[0-9]+(-[0-9]+)?(, *[0-9]{3}:[0-9]+(-[0-9]+)?)*")
NA_TEXT = "N/A"


class CaseError(PerkinError):
    """A replay case file that cannot be read or names something the ruleset lacks."""

    code = "H001"


@dataclass(frozen=True, slots=True)
class KnownWrong:
    """The value a wrongly published figure should have had, and why."""

    correct: str
    why: str


@dataclass(frozen=True, slots=True)
class Published:
    """One figure as the report printed it, with the rounding the report used."""

    unit: str
    kind: Kind
    name: str
    item: str | None
    period: Period
    field: str
    printed: str
    decimals: int
    mode: RoundingMode
    source: str
    known_wrong: KnownWrong | None
    location: Location

    @property
    def label(self) -> str:
        """The period label the engine uses ('S1', 'B12', 'tahunan')."""
        return self.period.engine_label

    @property
    def node(self) -> str:
        """The engine name of the value: 'iklka.capaian', a figure or a score."""
        if self.kind != "indicator":
            return self.name
        return f"{self.name}.{'capaian' if self.field == 'predikat' else self.field}"

    def key(self) -> tuple[str, str, str | None, str, str]:
        """What identifies the figure, whichever table printed it."""
        return (self.unit, self.node, self.item, self.label, self.field)


@dataclass(frozen=True, slots=True)
class Case:
    """A replay case: the ruleset, the report's data and the figures it published."""

    path: Path
    ruleset: Path
    data: tuple[Path, ...]
    unit: str | None
    published: tuple[Published, ...]


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """The outcome of replaying case files: printable lines, the mismatches, and success."""

    lines: list[str]
    ok: bool
    mismatches: list[str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine gives for a published figure: a number, a label, or N/A with the reason."""

    value: float | str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Check:
    """A published figure next to the engine's value presented the same way."""

    pub: Published
    outcome: Outcome

    @property
    def shown(self) -> str:
        """The engine's value as the report would print it."""
        return shown(self.outcome, self.pub.decimals, self.pub.mode)

    @property
    def reproduces(self) -> bool:
        """Whether the engine's value, presented the report's way, is the printed text."""
        return same(self.pub, self.shown, self.pub.printed)


# loading ---------------------------------------------------------------------------------------


def load_case(path: Path) -> Case:
    """Read and check a case file; every problem at once, located in the file."""
    data, lines = load_yaml(path)
    reader = _CaseReader(lines)
    if not isinstance(data, PosDict):
        hint = "write ruleset:, data: and published: at the top level"
        raise CaseError("a case file must be a mapping", Location(file=str(path)), hint)
    reader.known_keys(data, TOP_KEYS, "")
    defaults = reader.defaults(data)
    published = reader.entries(data, defaults)
    ruleset, paths = reader.text(data, "ruleset"), reader.paths(data)
    if reader.errors:
        raise PerkinErrors(reader.errors)
    unit = defaults.get("unit")
    found = [_near(path, p) for p in paths]
    return Case(path, _near(path, ruleset), tuple(found), unit, tuple(published))


def _near(case: Path, ref: str) -> Path:
    """A path from the case file's folder or, failing that, the nearest parent where it exists."""
    for folder in (case.parent, *case.parent.parents):
        if (folder / ref).exists():
            return folder / ref
    return case.parent / ref


class _CaseReader:
    """Reads the parts of a case file, noting every problem at its place in the file."""

    def __init__(self, lines: list[str]) -> None:
        """Start with the file's lines and no problems."""
        self.lines = lines
        self.errors: list[PerkinError] = []

    def fail(self, message: str, mark: Mark, path: str, hint: str | None = None) -> None:
        """Note a problem at a YAML position."""
        self.errors.append(CaseError(message, location_of(mark, path or None, self.lines), hint))

    def at(self, node: PosDict, key: str) -> Mark:
        """The position of a key's value, or of the mapping when the key is absent."""
        return node.value_marks.get(key, node.mark)

    def known_keys(self, node: PosDict, allowed: Sequence[str], path: str) -> None:
        """Note every key that is not allowed here."""
        for key in node:
            if key not in allowed:
                hint = f"allowed: {', '.join(allowed)}"
                self.fail(f"unknown key '{key}'", node.key_marks[key], path, hint)

    def text(self, node: PosDict, key: str) -> str:
        """A text that must be present ('' after noting the problem)."""
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be a text", self.at(node, key), key)
        return str(value or "")

    def paths(self, node: PosDict) -> list[str]:
        """The data files or folders, relative to the case file."""
        value = node.get("data")
        if isinstance(value, str):
            return [value]
        if isinstance(value, PosList) and value and all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        self.fail("'data' must be a path or a list of paths", self.at(node, "data"), "data")
        return []

    def defaults(self, node: PosDict) -> dict[str, Any]:
        """The defaults of every entry: the case's period and the `defaults:` mapping."""
        out: dict[str, Any] = {"period": node.get("period"), "mode": "half_up"}
        given = node.get("defaults")
        if isinstance(given, PosDict):
            self.known_keys(given, DEFAULT_KEYS, "defaults")
            out.update(given)
        elif given is not None:
            self.fail("'defaults' must be a mapping", self.at(node, "defaults"), "defaults")
        return out

    def entries(self, node: PosDict, defaults: dict[str, Any]) -> list[Published]:
        """Every published figure of the case."""
        items = node.get("published")
        if not isinstance(items, PosList) or not items:
            message = "'published' must be a non-empty list of figures"
            self.fail(message, self.at(node, "published"), "published")
            return []
        out = []
        for index, item in enumerate(items):
            path = f"published[{index}]"
            if not isinstance(item, PosDict):
                self.fail("a published figure is a mapping", items.item_marks[index], path)
                continue
            before = len(self.errors)
            entry = self.entry(item, {**defaults, **item}, path)
            if len(self.errors) == before:
                out.append(entry)
        return out

    def entry(self, item: PosDict, merged: dict[str, Any], path: str) -> Published:
        """One published figure (meaningless when it added errors)."""
        self.known_keys(item, ENTRY_KEYS, path)
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            self.fail("name exactly one of indicator, figure, score or ranking", item.mark, path)
        kind: Kind = kinds[0] if len(kinds) == 1 else "figure"
        printed = self.printed(item, path)
        return Published(
            unit=self.unit(merged.get("unit"), item.mark, path),
            kind=kind,
            name=str(item.get(kind, "")),
            item=str(item["item"]) if "item" in item else None,
            period=self.period(merged.get("period"), self.at(item, "period"), path),
            field=self.field(kind, merged.get("field"), self.at(item, "field"), path),
            printed=printed,
            decimals=self.decimals(merged.get("decimals"), printed, self.at(item, "printed"), path),
            mode=self.mode(merged.get("mode"), self.at(item, "mode"), path),
            source=self.source(item, path),
            known_wrong=self.known_wrong(
                item.get("known_wrong"), self.at(item, "known_wrong"), path
            ),
            location=location_of(item.mark, path, self.lines),
        )

    def unit(self, value: Any, mark: Mark, path: str) -> str:
        """The unit of an entry (its own, or defaults.unit)."""
        if not isinstance(value, str) or not value:
            self.fail("no unit: give 'unit' here or in defaults", mark, path)
        return str(value)

    def field(self, kind: Kind, value: Any, mark: Mark, path: str) -> str:
        """target, realisasi, capaian, predikat or value, as the kind allows."""
        field = str(value) if value is not None else ("value" if kind != "indicator" else "")
        if field not in FIELDS[kind]:
            hint = f"a {kind} has the fields {', '.join(FIELDS[kind])}"
            self.fail(f"'{field}' is not a field of a {kind}", mark, path, hint)
        return field

    def printed(self, item: PosDict, path: str) -> str:
        """The printed text, which must be quoted so that 100.00 stays 100.00."""
        value = item.get("printed")
        if not isinstance(value, str):
            hint = 'quote the text as printed, e.g. printed: "104,08" or "100.00%"'
            self.fail(
                "'printed' must be the quoted text as printed", self.at(item, "printed"), path, hint
            )
        return str(value or "").strip()

    def period(self, value: Any, mark: Mark, path: str) -> Period:
        """The period of an entry ('2024', '2024-S1', 'Desember 2024' …)."""
        try:
            return parse_period(str(value))
        except PeriodError as err:
            message = (
                err.message if value is not None else "no period: give 'period' here or on top"
            )
            self.fail(message, mark, path, err.hint)
            return Period(None, "tahunan")

    def decimals(self, value: Any, printed: str, mark: Mark, path: str) -> int:
        """Declared decimals, or the decimals the printed text shows."""
        found = decimals_in(printed) if value is None else value
        if isinstance(found, int) and not isinstance(found, bool) and 0 <= found <= 10:
            return found
        hint = "write decimals: N (0 to 10)"
        self.fail(f"cannot tell the decimals of '{printed}'", mark, path, hint)
        return 0

    def mode(self, value: Any, mark: Mark, path: str) -> RoundingMode:
        """half_up or truncate."""
        if value not in ("half_up", "truncate"):
            self.fail(f"mode '{value}' is not half_up or truncate", mark, path)
        return "truncate" if value == "truncate" else "half_up"

    def source(self, item: PosDict, path: str) -> str:
        """The seed citation of the printed figure (e.g. 003:1574); '' for illustrative data."""
        value = str(item.get("source", "")).strip()
        illustrative = "source" not in item and ({"assumption", "hand_computed"} & set(item))
        if not illustrative and not SOURCE.fullmatch(value):
            hint = "a figure of illustrative data gives assumption or hand_computed instead"
            message = "'source' must cite the seed line, e.g. 003:1574"
            self.fail(message, self.at(item, "source"), path, hint)
        return value

    def known_wrong(self, value: Any, mark: Mark, path: str) -> KnownWrong | None:
        """The correct value and the reason of a figure the report got wrong."""
        if value is None:
            return None
        texts = isinstance(value, dict) and set(value) == {"correct", "why"}
        if texts and all(isinstance(value[k], str) and value[k].strip() for k in value):
            return KnownWrong(value["correct"].strip(), value["why"].strip())
        hint = 'write known_wrong: {correct: "104.18", why: "..."}'
        self.fail("'known_wrong' needs the texts correct and why", mark, path, hint)
        return None


def decimals_in(text: str) -> int | None:
    """Digits after the decimal mark of a printed number (0 for 8.052.731.877 or 100)."""
    body = text.strip().rstrip("%").strip()
    marks = {c for c in body if c in ".,"}
    tail = body[max(body.rfind("."), body.rfind(",")) + 1 :]
    if not marks or (len(marks) == 1 and sum(c in ".," for c in body) > 1):
        return 0  # no mark, or one mark repeated: thousands
    return None if len(marks) == 1 and len(tail) == 3 else len(tail)


# recomputation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recomputation:
    """A case's ruleset applied to its data: the evaluator every published figure is read from."""

    ruleset: Ruleset
    dataset: Dataset
    bound: Bound
    evaluator: Evaluator

    @classmethod
    def of(cls, case: Case) -> Recomputation:
        """Load the case's ruleset and data, and check every published figure names something."""
        rs = load_ruleset(case.ruleset)
        dataset = read_data(list(case.data))
        bound = bind(rs, dataset)
        done = cls(rs, dataset, bound, Evaluator(rs, bound))
        problems = [e for pub in case.published for e in done.problems(pub)]
        if problems:
            raise PerkinErrors(problems)
        return done

    def fresh(self, dataset: Dataset | None = None) -> Evaluator:
        """A new evaluator (with nothing memoised) on this or another dataset."""
        if dataset is None:
            return Evaluator(self.ruleset, self.bound)
        return Evaluator(self.ruleset, bind(self.ruleset, dataset))

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
                f"unknown {pub.kind} '{pub.name}'", pub.location, did_you_mean(pub.name, table)
            )
        if pub.unit not in self.bound.index:
            yield CaseError(
                f"unknown unit '{pub.unit}'", pub.location, did_you_mean(pub.unit, self.bound.index)
            )
        if pub.name in table and pub.kind == "figure":
            yield from self._item_problems(pub)

    def _item_problems(self, pub: Published) -> Iterable[PerkinError]:
        """A series figure needs an item of its series; a single figure takes none."""
        items = series_items(self.ruleset, pub.name)
        if items is None and pub.item is not None:
            yield CaseError(f"figure '{pub.name}' is not a series; drop 'item'", pub.location)
        elif items is not None and pub.item not in items:
            yield CaseError(
                f"'{pub.name}' is a series: give an item",
                pub.location,
                f"items: {', '.join(items)}",
            )

    def outcome(self, pub: Published, ev: Evaluator | None = None) -> Outcome:
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
        return Check(pub, self.outcome(pub, ev))


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
        if fig is not None and fig.formula is not None:
            todo += [n for n in fig.formula.program.names if n not in seen]
    return None


def _ranked(ev: Evaluator, pub: Published) -> Outcome:
    """A unit's place (or award) in a ranking."""
    for row in rank_units(ev, ev.rs.rankings[pub.name], pub.label):
        if row.unit == pub.unit:
            found = float(row.rank) if pub.field == "rank" and row.rank is not None else row.award
            return Outcome(None, row.note or "no award") if found is None else Outcome(found, None)
    return Outcome(None, f"{pub.unit} is not ranked by {pub.name}")


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


def pick(vec: Vec, unit: int, column: int | None) -> Outcome:
    """One unit's value (one series element when `column` is given)."""
    if column is not None and vec.values.ndim == 2:
        number = float(vec.values[unit, column])
        if np.isnan(number):
            return Outcome(None, vec.reason(unit) or "missing item")
        return Outcome(number, None)
    value = vec.at(unit)
    if value is None or isinstance(value, tuple):
        return Outcome(None, vec.reason(unit) or "not a single value")
    return Outcome(value, None)


# comparing -------------------------------------------------------------------------------------


def shown(outcome: Outcome, decimals: int, mode: RoundingMode) -> str:
    """A value as the report would print it: rounded the report's way, or a label, or N/A."""
    value = outcome.value
    if value is None:
        return NA_TEXT
    if isinstance(value, str):
        return value
    return format_fixed(value, decimals, mode)


def printed_number(text: str, decimals: int) -> float | None:
    """The number a printed text shows ('95,70' → 95.7, '1036,99%' → 1036.99), else None."""
    body = text.strip().rstrip("%").strip()
    try:
        cell = parse_cell(body, kind="currency" if decimals == 0 else None)
    except CellError:
        return None
    return float(cell) if isinstance(cell, float | int) else None


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


def detail(outcome: Outcome) -> str:
    """The full precision of a number, or the N/A reason."""
    if outcome.value is None:
        return f"N/A: {outcome.reason}"
    if isinstance(outcome.value, str):
        return "band label"
    return f"full precision {round(outcome.value, 7):.15g}"


def title(pub: Published, default_unit: str | None) -> str:
    """'003:1574 sasaran_02 value 2024' (the unit is named when it is not the case's unit)."""
    unit = "" if pub.unit == default_unit else f"{pub.unit} "
    item = f"[{pub.item}]" if pub.item is not None else ""
    where = f"{pub.source} " if pub.source else ""
    return f"{where}{unit}{pub.name}{item} {pub.field} {pub.period.label}"


# replaying -------------------------------------------------------------------------------------


def replay_files(paths: Sequence[Path]) -> ReplayReport:
    """Replay every case file; one line per mismatch and per known-wrong figure, then a summary."""
    lines: list[str] = []
    mismatches: list[str] = []
    for path in paths:
        case = load_case(path)
        recomputed = Recomputation.of(case)
        case_lines, case_mismatches = _replay_case(case, recomputed)
        lines += case_lines
        mismatches += case_mismatches
    return ReplayReport(lines, not mismatches, mismatches)


def _replay_case(case: Case, recomputed: Recomputation) -> tuple[list[str], list[str]]:
    """The lines and mismatch lines of one case."""
    lines: list[str] = []
    mismatches: list[str] = []
    known = 0
    for pub in case.published:
        line, ok = verdict(recomputed.check(pub), case.unit)
        if line is not None:
            lines.append(line)
        if not ok and line is not None:
            mismatches.append(line)
        known += ok and pub.known_wrong is not None
    total = len(case.published)
    lines.append(
        f"{case.path}: {total} published figure(s): {total - known - len(mismatches)} reproduce, "
        f"{known} known wrong (perkin gives the correct value), {len(mismatches)} mismatch(es)"
    )
    return lines, mismatches


def verdict(check: Check, default_unit: str | None) -> tuple[str | None, bool]:
    """The line to print for a check (None when it simply reproduces) and whether it passes."""
    pub = check.pub
    head = title(pub, default_unit)
    wrong = pub.known_wrong
    if wrong is None:
        if check.reproduces:
            return None, True
        return (
            f"{head}: published {pub.printed}, computed {check.shown} ({detail(check.outcome)})",
            False,
        )
    if check.reproduces:
        marked = f"the case marks it known wrong (correct {wrong.correct})"
        return f"{head}: published {pub.printed} reproduces, but {marked}", False
    if same(pub, check.shown, wrong.correct):
        return (
            f"{head}: known wrong: published {pub.printed}, correct {wrong.correct} ({wrong.why})",
            True,
        )
    text = f"{head}: known wrong: published {pub.printed}, correct {wrong.correct}"
    return f"{text}, but computed {check.shown} ({detail(check.outcome)})", False
