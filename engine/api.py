"""The engine's front door: one function per CLI command; cli.py imports nothing else of engine."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _, ngettext
from engine.ruleset.empty import refuse_empty_report
from engine.ruleset.loader import ENTRY_NAMES, find_entry, load_ruleset
from engine.ruleset.model import Ruleset
from engine.validate_data import validate_data as validate_data

if TYPE_CHECKING:
    from engine.data.completeness import Completeness
    from engine.history.store import Run, Saved
    from engine.ruleset.sources import AnyCitation, SourceDocument
    from engine.scoring.calc import Outcome
    from engine.scoring.diff import DiffReport
    from engine.scoring.result import Result

# The data readers, scoring and explaining are imported by the commands that use them, so that
# `perkin validate rulesets` (run after every edit) loads only the ruleset loader. Every command
# reads data with read_data (wide CSV files split into columns by its columnar tokenizer).


def load(path: Path) -> Ruleset:
    """Load a ruleset file or year folder."""
    return load_ruleset(path)


def evaluate(
    ruleset: Path,
    data: Sequence[Path],
    period: str | None,
    units: Sequence[str],
    strict: bool = False,
    history: Sequence[Path] = (),
) -> tuple[Ruleset, Result, Completeness]:
    """Load, read, count what is missing (an error with strict) and score; earlier years come
    from the ruleset's declared history and the `history` files and stores."""
    from engine.data.binding import bind
    from engine.data.completeness import completeness
    from engine.data.coverage import check_coverage
    from engine.data.read import read_data
    from engine.history.past import load_history
    from engine.scoring.score import resolve_period, score

    rs = load_ruleset(ruleset)
    refuse_empty_report(rs)
    dataset = read_data(list(data), to_bind=True)
    bound = bind(rs, dataset)
    check_coverage(rs, bound)
    found = completeness(rs, bound, resolve_period(rs, period))
    if strict:
        found.require([str(p) for p in data])
    earlier = load_history(rs, history, data)
    return rs, score(rs, dataset, period, units, bound, earlier), found


def template(
    ruleset: Path, fmt: str, units: Sequence[Path], period: str | None
) -> tuple[Ruleset, str | bytes]:
    """The ruleset and a blank input file for it, per unit (from the given data/units files)
    and period."""
    from engine.data.read import read_data
    from engine.data.template import make_template

    rs = load_ruleset(ruleset)
    dataset = read_data(list(units)) if units else None
    return rs, make_template(rs, "xlsx" if fmt == "xlsx" else "csv", dataset, period)


def diff(
    old: Path,
    new: Path,
    data: Sequence[Path],
    period: str | None,
    history: Sequence[Path] = (),
) -> tuple[DiffReport, list[PerkinError]]:
    """What changed between two rulesets and, given data, whose figures move; each ruleset
    reads earlier years as evaluate does, from its declared history and the `history` files.
    With it, the warnings (N005) for history names only the new ruleset lacks."""
    from engine.data.read import read_data
    from engine.history.past import load_history
    from engine.scoring.diff import diff_rulesets

    a, b = load_ruleset(old), load_ruleset(new)
    if not data:
        return diff_rulesets(a, b), []
    skipped: list[PerkinError] = []  # the history belongs to the old ruleset: the new one warns
    earlier = (load_history(a, history, data), load_history(b, history, data, skipped))
    return diff_rulesets(a, b, read_data(list(data)), period, earlier), skipped


def explain(
    ruleset: Path,
    data: Sequence[Path],
    unit: str,
    name: str,
    period: str | None,
    history: Sequence[Path] = (),
) -> str:
    """The derivation of one figure for one unit, as text."""
    from engine.data.read import read_data
    from engine.history.past import load_history
    from engine.scoring.explain import explain_figure

    rs = load_ruleset(ruleset)
    earlier = load_history(rs, history, data)
    return explain_figure(rs, read_data(list(data)), unit, name, period, earlier)


# The folder of parts reached only through `extends` (dki_pk.yaml cannot load on its own).
SHARED_FOLDER = "shared"


def ruleset_files(paths: Sequence[Path]) -> list[Path]:
    """Entry rulesets under the given files and folders: a year folder's ruleset.yaml, every
    .yaml file of a folder of instruments without one (rulesets/standar/), and in a folder of
    such folders each of theirs, shared/ left out."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir() or _has_entry(path):
            out.append(find_entry(path))
            continue
        subdirs = sorted(p for p in path.iterdir() if p.is_dir())
        if not subdirs:
            out.extend(_instruments(path))
        for sub in subdirs:
            if _has_entry(sub):
                out.append(find_entry(sub))
            elif sub.name != SHARED_FOLDER:
                out.extend(_instruments(sub))
    return out


def _has_entry(folder: Path) -> bool:
    return any((folder / name).is_file() for name in ENTRY_NAMES)


def _instruments(folder: Path) -> list[Path]:
    """The ruleset files of a folder of instruments, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def validate_rulesets(paths: Sequence[Path]) -> list[str]:
    """Load every ruleset named; all problems of all files at once, or one ok line per ruleset
    followed by its warnings (R080: a table borrowed from another instrument without an
    assumption)."""
    from engine.ruleset.borrowed import borrowed_table_warnings

    errors: list[PerkinError] = []
    lines: list[str] = []
    for entry in ruleset_files(paths):
        try:
            rs = load_ruleset(entry)
        except PerkinError as err:
            errors.append(err)
            continue
        counts = [
            ngettext("{n} indicator", "{n} indicators", len(rs.indicators)),
            ngettext("{n} input", "{n} inputs", len(rs.inputs)),
            ngettext("{n} assumption", "{n} assumptions", len(rs.assumptions)),
        ]
        sizes = (len(rs.indicators), len(rs.inputs), len(rs.assumptions))
        said = ", ".join(c.format(n=n) for c, n in zip(counts, sizes, strict=True))
        lines.append(f"ok  {entry}  {rs.id}: {said}")
        lines += [found.render() for found in borrowed_table_warnings(rs)]
    if errors:
        raise PerkinErrors(errors)
    return lines


def target_check_warnings(result: Result) -> list[str]:
    """The warnings and notes of the ruleset's target check and respondent floor (N007) in a
    result, one line each."""
    from engine.scoring.noted import diagnostics_of
    from engine.scoring.respondents import CODE as RESPONDENTS
    from engine.scoring.respondents import respondent_lines
    from engine.scoring.target_check import CODE, NO_PREVIOUS, check_lines

    wanted = (CODE, NO_PREVIOUS, RESPONDENTS)
    found = list(diagnostics_of(result.diagnostics, wanted.__contains__))
    return check_lines(found) + respondent_lines(found)


def calc(expr: str, variables: Sequence[str]) -> Outcome:
    """One formula evaluated with variables given as NAME=VALUE."""
    from engine.scoring.calc import calculate

    return calculate(expr, variables)


class HistoryReport(NamedTuple):
    """A replay or audit rendered: the text, whether every figure passes, the files it read."""

    text: str
    ok: bool
    inputs: tuple[Path, ...]


def replay(files: Sequence[Path], fmt: str = "text") -> HistoryReport:
    """Replay case files of historic results, as text, md or json."""
    from engine.history.documents import replay_document
    from engine.history.replay import replay_files

    report = replay_files(files)
    text = _history_text(replay_document(report), report.lines, fmt)
    inputs = tuple(p for c in report.cases for p in (c.case.path, c.case.ruleset, *c.case.data))
    return HistoryReport(text, report.ok, inputs)


def audit(file: Path, fmt: str = "text") -> HistoryReport:
    """Recompute a published report and explain each figure that does not reproduce."""
    from engine.history.audit import audit_file
    from engine.history.documents import audit_document

    found = audit_file(file)
    text = _history_text(audit_document(found), found.lines(), fmt)
    case = found.case
    return HistoryReport(text, True, (case.path, case.ruleset, *case.data))


def _history_text(document: dict[str, Any], lines: Sequence[str], fmt: str) -> str:
    """A replay or audit as text (its lines), md, html or json (schemas/audit.schema.json)."""
    match fmt:
        case "json":
            return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        case "md":
            from engine.render.audit_md import audit_markdown

            return audit_markdown(document)
        case "html":
            from engine.render.audit_html import audit_html
            from engine.scoring.score import perkin_version

            return audit_html(document, perkin_version())
    return "".join(f"{line}\n" for line in lines)


def cite(citations: Sequence[str], seeds: Path | None, ruleset: Path | None = None) -> list[str]:
    """The seed lines behind each citation, as 'doc:line: text', and the documents a ruleset
    declares, as 'id: title (kind no. N of YEAR), locator url' (every one when no citation)."""
    from engine.ruleset.sources import Citation, cited_lines

    documents = load_ruleset(ruleset).documents if ruleset is not None else {}
    if not citations:
        return [doc.describe() for doc in documents.values()]
    lines: list[str] = []
    for text in citations:
        for found in _citations(text, documents, ruleset is not None):
            if isinstance(found, Citation):
                lines += [
                    f"{found.doc}:{n}: {line}" for n, line in cited_lines(found, _seeds(seeds))
                ]
            else:
                lines.append(documents[found.doc].describe(found.locator))
    return lines


def _citations(
    text: str, documents: Mapping[str, SourceDocument], with_ruleset: bool
) -> list[AnyCitation]:
    """The citations of one argument of `perkin cite`, an error placed at the argument."""
    from engine.ruleset.sources import parse_source

    try:
        return parse_source(text, documents)
    except PerkinError as err:
        hint = err.hint
        if err.code == "S001" and not with_ruleset:
            hint = _("pass --ruleset R to cite the documents it declares")
        raise type(err)(err.message, Location(file=text), hint, err.code) from None


def _seeds(seeds: Path | None) -> Path:
    """The folder of seed documents, or the error saying how to give it."""
    from engine.ruleset.sources import CitationError, seeds_dir

    folder = seeds_dir(seeds)
    if folder is None:
        raise CitationError(
            _("no seed folder found"),
            Location(file="--seeds"),
            _("pass --seeds DIR or set PERKIN_SEEDS"),
        )
    return folder


def store_path(store: Path | None) -> Path:
    """The results store given, or the default (perkin.db in the working folder)."""
    from engine.history.store import DEFAULT_STORE

    return store or DEFAULT_STORE


def save_result(result: Result, store: Path, replace: bool) -> Saved:
    """Record a scored period in the results store ('saved', 'unchanged' or 'replaced')."""
    from engine.history.store import save

    return save(store, result, replace)


def check_store(store: Path) -> None:
    """A StoreError now for a results store a save could not use (see store.check_store)."""
    from engine.history.store import check_store as check

    check(store)


def check_save(result: Result, store: Path, replace: bool) -> None:
    """A StoreConflictError now, before a report is written, for a save that would be refused."""
    from engine.history.store import check_conflict

    check_conflict(store, result, replace)


def stored_runs(store: Path) -> list[Run]:
    """The scored periods the results store holds."""
    from engine.history.store import runs

    return runs(store)


def export_history(store: Path) -> str:
    """Every stored figure as one long CSV table."""
    from engine.history.store import export_csv

    return export_csv(store)
