"""Earlier years' results for PREV, HISTORY, GROWTH and TREND, each with where it came from: a
history file of published figures (declared by the ruleset, found in the data folder, or given
with --history) and the results store (declared, or given with --history perkin.db).

A history file is a CSV table with the columns unit, period (a year, or a period of one such as
2023-TW2), name (an input, figure, `indicator.part` or score of the ruleset), value (a number,
or N/A) and optionally source or keterangan. Two sources that give one unit's name different
values for one year are refused (D180), wherever they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.data.cells import CellError, Labelled, Missing, TextValue, parse_cell
from engine.data.csv_files import read_csv_sheet
from engine.data.tables import Cell, Sheet, header_key
from engine.history.past_store import StoreRow, read_store
from engine.periods import Period, PeriodError, parse_period
from engine.ruleset.model import Ruleset
from engine.scoring.history_values import Earlier, History, HistoryKey

STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_COLUMNS = ("unit", "period", "name", "value")
_NOTES = ("source", "keterangan", "note")


class HistoryConflictError(PerkinError):
    """Two history sources that give one unit's figure different values for one year."""

    code = "D180"


class HistoryFileError(PerkinError):
    """A history file or store that cannot be read, or a row of it that says nothing usable."""

    code = "D181"


class UnknownHistoryNameWarning(PerkinError):
    """A name of a history file that the new ruleset of a diff does not know: the file belongs
    to the old ruleset, so its rows are skipped with a warning instead of stopping the diff."""

    code = "N005"
    warning = True


Found = dict[HistoryKey, tuple[Earlier, Location]]


def load_history(
    rs: Ruleset,
    extra: Sequence[Path] = (),
    data: Sequence[Path] = (),
    skipped: list[PerkinError] | None = None,
) -> History:
    """Every earlier-year value the ruleset's declared sources and the `extra` ones give; the
    declared ones that are not there are named in the reasons of the values they would give.
    A history file's name the ruleset does not know is an error (D181), unless `skipped` is
    given: then its rows are left out and one warning per name is added there (perkin diff, for
    the new ruleset)."""
    found: Found = {}
    errors: list[PerkinError] = []
    sources: list[str] = []
    missing: list[str] = []
    for path, declared in _sources(rs, extra, data, missing, errors):
        sources.append(str(path))
        try:
            is_store = path.suffix.casefold() in STORE_SUFFIXES
            entries = (
                _from_store(read_store(path)) if is_store else _from_file(rs, path, errors, skipped)
            )
            for key, earlier, where in entries:
                _add(found, key, earlier, where, errors)
        except PerkinError as err:
            errors.append(err if declared is None else _at(err, declared))
    if errors:
        raise PerkinErrors(errors)
    values = {key: earlier for key, (earlier, _where) in found.items()}
    return History(values, tuple(sources), tuple(missing))


def _at(err: PerkinError, where: Location) -> PerkinError:
    """An error of a declared source with the declaration's place as its hint."""
    hint = _("declared at {place}").format(place=where.label())
    return type(err)(err.message, err.location, err.hint or hint, err.code)


def _sources(
    rs: Ruleset,
    extra: Sequence[Path],
    data: Sequence[Path],
    missing: list[str],
    errors: list[PerkinError],
) -> Iterator[tuple[Path, Location | None]]:
    """The history files and stores to read: the declared ones found, then the given ones."""
    declared = rs.history
    if declared is not None and declared.file is not None:
        path = _in_data_folder(declared.file, data)
        if path is None:
            missing.append(declared.file)
        else:
            yield path, declared.location
    if declared is not None and declared.store is not None:
        store = Path(declared.store)
        if store.is_file():
            yield store, declared.location
        else:
            missing.append(declared.store)
    for path in extra:
        if path.is_file():
            yield path, None
        else:
            errors.append(_not_there(path))


def _not_there(path: Path) -> HistoryFileError:
    """D181 for a --history path that is no file: a folder, or nothing."""
    where = Location(file=str(path))
    if path.is_dir():
        message = _("{path} is a folder, not a history file or results store").format(path=path)
        hint = _("give --history a history file (.csv) or a results store (.db) in it")
        return HistoryFileError(message, where, hint)
    message = _("no history file or results store at {path}").format(path=path)
    return HistoryFileError(message, where, _("check --history"))


def _in_data_folder(file: str, data: Sequence[Path]) -> Path | None:
    """The declared history file in the first data folder (or data file's folder) holding it."""
    for path in data:
        folder = path if path.is_dir() else path.parent
        if (folder / file).is_file():
            return folder / file
    return None


def _add(
    found: Found, key: HistoryKey, earlier: Earlier, where: Location, errors: list[PerkinError]
) -> None:
    """Keep a value, refusing one that contradicts a value already read for the same key."""
    first = found.get(key)
    if first is None:
        found[key] = (earlier, where)
        return
    if first[0].value == earlier.value:
        return
    unit, name, year, _label = key
    message = _("{name} of {unit} in {year} is {value} here but {other} in {origin}").format(
        name=name,
        unit=unit,
        year=year,
        value=_shown(earlier.value),
        other=_shown(first[0].value),
        origin=first[0].origin,
    )
    hint = _("keep one source per year, or correct the one that is wrong")
    errors.append(HistoryConflictError(message, where, hint))


def _shown(value: float | None) -> str:
    return "N/A" if value is None else format(value, ".12g")


# results store ------------------------------------------------------------------------------


def _from_store(rows: list[StoreRow]) -> Iterator[tuple[HistoryKey, Earlier, Location]]:
    """The numbers of a results store: indicator parts as `indicator.part`, figures and scores
    by name, each with the run it was saved in."""
    for row in rows:
        year = parse_period(row.run_period).year  # rows are keyed by engine label in the run
        if year is None:
            continue
        name = f"{row.name}.{row.field}" if row.section == "indicator" else row.name
        origin = _("{store}: {ruleset} {period} (ruleset sha256 {sha}…, saved {saved})").format(
            store=row.store,
            ruleset=row.ruleset_id,
            period=row.run_period,
            sha=row.ruleset_sha256[:12],
            saved=row.saved_at,
        )
        earlier = Earlier(row.value, origin, row.reason if row.value is None else None)
        key = (row.unit, name, year, Period.from_label(row.period).engine_label)
        yield key, earlier, Location(file=row.store)


# history files ------------------------------------------------------------------------------


def _from_file(
    rs: Ruleset, path: Path, errors: list[PerkinError], skipped: list[PerkinError] | None = None
) -> Iterator[tuple[HistoryKey, Earlier, Location]]:
    """The values of a history file, each with its file, line and cell text for explain."""
    sheet = read_csv_sheet(path, str(path))
    roles = _roles(sheet, path)
    names = _known_names(rs)
    unknown: set[str] = set()  # the names skipped, each warned of once, at its first row
    for row in sheet.rows:
        if all(cell.empty for cell in row):
            continue
        name = row[roles["name"]]
        if skipped is not None and rs.ref(name.text) is None:
            if name.text not in unknown:
                unknown.add(name.text)
                skipped.append(_skipped(rs, name))
            continue
        got = _row(rs, row, roles, names, errors)
        if got is not None:
            yield got


def _skipped(rs: Ruleset, name: Cell) -> PerkinError:
    """The warning for a name the new ruleset of a diff does not know."""
    message = _("'{name}' in the history file is not a name of the new ruleset {id}").format(
        name=name.text, id=rs.id
    )
    hint = _("its rows are skipped: the history file belongs to the old ruleset")
    return UnknownHistoryNameWarning(message, name.location, hint)


def _roles(sheet: Sheet, path: Path) -> dict[str, int]:
    """The column of each role; a missing one is an error at the header."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(sheet.header):
        key = header_key(cell.text)
        if key in (*_COLUMNS, *_NOTES) and key not in roles:
            roles[key] = index
    absent = [c for c in _COLUMNS if c not in roles]
    if absent:
        message = _("a history file needs the columns {columns}; {absent} missing").format(
            columns=", ".join(_COLUMNS), absent=", ".join(absent)
        )
        where = sheet.header[0].location if sheet.header else Location(file=str(path))
        raise HistoryFileError(message, where)
    return roles


def _known_names(rs: Ruleset) -> list[str]:
    """Every name a formula can read: inputs, figures, scores and indicator parts."""
    parts = [f"{i}.{p}" for i in rs.indicators for p in ("target", "realisasi", "capaian")]
    return [*rs.inputs, *rs.figures, *rs.scores, *parts]


def _row(
    rs: Ruleset,
    row: tuple[Cell, ...],
    roles: dict[str, int],
    names: list[str],
    errors: list[PerkinError],
) -> tuple[HistoryKey, Earlier, Location] | None:
    """One row as a value of a unit, name and year; None after noting what is wrong with it."""
    unit, period, name, value = (row[roles[c]] for c in _COLUMNS)
    when = _period(period, errors)
    if not unit.text:
        errors.append(HistoryFileError(_("the row names no unit"), unit.location))
    if rs.ref(name.text) is None:
        hint = did_you_mean(name.text, names) or _("name an input, figure, indicator part or score")
        message = _("unknown name '{name}' in a history file").format(name=name.text)
        errors.append(HistoryFileError(message, name.location, hint))
        return None
    ok, number = _number(value, _kind(rs, name.text), errors)
    if when is None or not unit.text or not ok:
        return None
    note = _row_note(row, roles)
    origin = f"{value.location.label()} ({note})" if note else value.location.label()
    reason = _("published as N/A") if number is None else None
    earlier = Earlier(number, origin, reason, value.location, value.text, note)
    assert when.year is not None
    return (unit.text, name.text, when.year, when.engine_label), earlier, value.location


def _period(cell: Cell, errors: list[PerkinError]) -> Period | None:
    try:
        period = parse_period(cell.text)
    except PeriodError as err:
        errors.append(HistoryFileError(err.message, cell.location, err.hint))
        return None
    if period.year is None:
        hint = _("write the year, such as 2023 or 2023-TW2")
        errors.append(HistoryFileError(_("a history period names its year"), cell.location, hint))
        return None
    return period


def _kind(rs: Ruleset, name: str) -> str:
    """The kind a history value is read as: an input's own, else percent points, as indicator
    parts and capaian are held ('104,09%' is 104.09; '1.234', a thousands dot or a decimal
    point, is refused as in a data file, never read as a guess)."""
    spec = rs.inputs.get(name)
    return spec.kind if spec is not None and spec.kind != "text" else "percent"


def _number(cell: Cell, kind: str, errors: list[PerkinError]) -> tuple[bool, float | None]:
    """Whether a value cell reads, and its number (None for N/A); what does not is noted."""
    try:
        value = parse_cell(cell.raw, kind=kind)
    except CellError as err:
        errors.append(HistoryFileError(err.message, cell.location, err.hint))
        return False, None
    if isinstance(value, float):
        return True, value
    if isinstance(value, Labelled):
        return True, value.number
    if isinstance(value, Missing) and value.kind != "blank":
        return True, None
    shown = value.text if isinstance(value, TextValue) else ""
    message = _("a history value is a number or N/A, not '{text}'").format(text=shown)
    errors.append(HistoryFileError(message, cell.location))
    return False, None


def _row_note(row: tuple[Cell, ...], roles: dict[str, int]) -> str:
    """The row's own source note (its source, keterangan or note cells), '' when it has none."""
    return "; ".join(row[roles[c]].text for c in _NOTES if c in roles and row[roles[c]].text)
