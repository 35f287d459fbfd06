"""perkin's command line: parse arguments, call one engine function, render, map errors.

Exit status: 0 ok, 1 invalid ruleset, data or formula, 2 usage error, 3 internal error,
130 interrupted (Ctrl-C), 141 the reader of stdout closed it.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console

from dsl.errors import Location, PerkinError
from dsl.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    _,
    language,
    language_from,
    ngettext,
    set_language,
)
from engine.safe_text import terminal_text

if TYPE_CHECKING:
    from engine.pieces import Pieces
    from engine.ruleset.model import Ruleset

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "xlsx", "html", "md", "parquet")
TEMPLATE_FORMATS = ("xlsx", "csv")
# the format an output file's name asks for (`-o laporan.xlsx`)
EXTENSIONS = {
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
}

# Every path parameter: click only turns the text into a Path. Whether it may be a folder, or be
# read or written, is perkin's to say (a located error with a code and a hint, exit 1, in the
# language of the run), the same for a path given and for a default one such as perkin.db.
PATH = click.Path(path_type=Path, readable=False)

stderr = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)


def _stdout() -> Console:
    return Console(highlight=False, markup=False, soft_wrap=True)


def echo(text: str) -> None:
    """Print a line for a person on stdout, user text without control sequences."""
    click.echo(terminal_text(text))


def warn(text: str) -> None:
    """Print a diagnostic on stderr, user text without control sequences."""
    stderr.print(terminal_text(text))


def _print_payload(text: str) -> None:
    """Print a report (json, csv, md, html) on stdout as is, cleaned only when it is a terminal."""
    click.echo(terminal_text(text) if _is_terminal() else text, nl=False)


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def handle_errors(func: F) -> F:
    """Turn perkin errors into compiler-style messages and exit 1; bugs into exit 3."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except PerkinError as err:
            warn(err.render())
            ctx.exit(err.exit_status)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            stderr.print(_("interrupted"))
            ctx.exit(130)
        except BrokenPipeError:
            # the reader went away (`perkin … | head`): stop quietly, as a command killed by
            # SIGPIPE does; stdout goes to /dev/null so the exit flush does not fail again
            with contextlib.suppress(OSError, ValueError):  # no real stdout (tests)
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except OSError as exc:
            if exc.filename is not None or exc.errno is None:
                _internal_error(ctx, exc)
            # no file named: writing stdout failed (a full disk, a closed device), not a bug
            from engine.atomic import write_error

            stderr.print(write_error(_("the output"), exc, Location(file="stdout")).render())
            ctx.exit(1)
        except Exception as exc:
            _internal_error(ctx, exc)

    return wrapper  # type: ignore[return-value]


def _internal_error(ctx: click.Context, exc: Exception) -> NoReturn:
    """A bug: exit 3 with its name, or its traceback under --traceback."""
    if ctx.find_root().params.get("traceback"):
        warn(traceback.format_exc())
    else:
        warn(_("internal error: {kind}: {error}").format(kind=exc.__class__.__name__, error=exc))
        bug = _("this is a bug in perkin; rerun with --traceback and report it")
        warn(_("hint: {hint}").format(hint=bug))
    ctx.exit(3)


class _Translated:
    """A help text click sets as a msgid and reads in the language of the moment, each time."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._held = f"_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> str | None:
        return _in_language(getattr(obj, self._held, None))

    def __set__(self, obj: object, text: str | None) -> None:
        setattr(obj, self._held, text)


class _Command(click.Command):
    """A perkin command, whose help and epilog are msgids (marked with N_) translated each time
    they are read: a help page is in the language of the moment it is shown, not of the import
    that defined the command (a program or a test calls main more than once, in more than one
    language)."""

    help = _Translated()
    epilog = _Translated()
    short_help = _Translated()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """click's --help, whose text click translates once and keeps (click ≥ 8.1.8 caches the
        option): it is put in the language of the moment each time the page is made."""
        found = super().get_help_option(ctx)
        if found is not None:
            found.help = _("Show this message and exit.")
        return found


class _Option(click.Option):
    """An option whose help is a msgid, translated each time it is read (see _Command)."""

    help = _Translated()


def _in_language(text: str | None) -> str | None:
    """A help msgid in the current language; none or empty stays so (gettext's "" is the
    catalogue's header)."""
    return _(text) if text else text


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """click.option, with its help shown in the language of the moment."""
    return click.option(*decls, cls=_Option, **attrs)


class _Perkin(_Command, click.Group):
    """The command group, with the language chosen and output streams set up before any option
    (--help) prints."""

    command_class = _Command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        _tolerate_encoding()
        # --help and --version are eager: click handles them before --lang, and a usage error
        # can come before --lang is reached; the language is read from the line first
        set_language(language_from(sys.argv[1:] if args is None else args, os.environ))
        with _click_in_our_language():
            return super().main(args, *rest, **kwargs)


@contextlib.contextmanager
def _click_in_our_language() -> Any:
    """click's own texts ("Usage:", "Error: No such option …", "Show this message and exit.")
    in perkin's language while a command runs.

    click looks them up with the standard library's `gettext.gettext`, that is in the global
    text domain for the languages named by $LANGUAGE; perkin's catalogue holds their
    translations (click_texts). The domain and $LANGUAGE are perkin's for the run and restored
    after it, so a program that imports cli and calls main keeps its own."""
    domain, previous = gettext.textdomain(), os.environ.get("LANGUAGE")
    bound = gettext.bindtextdomain(DOMAIN)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language()
    try:
        yield
    finally:
        gettext.textdomain(domain)
        gettext.bindtextdomain(DOMAIN, bound)
        if previous is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous


def click_texts() -> tuple[str, ...]:
    """click's own texts that perkin's commands show, in the current language (the plural ones
    for a count of one). click looks them up itself (_click_in_our_language); they are written
    out here so that the extractor puts click's msgids in perkin's catalogue."""
    return (
        _("Usage:"),
        _("Options"),
        _("Commands"),
        _("Show this message and exit."),
        _("Error: {message}"),
        _("Try '{command} {option}' for help."),
        _("No such option {name!r}."),
        _("No such command {name!r}."),
        _("Missing command."),
        _("Missing argument"),
        _("Missing option"),
        _("Invalid value: {message}"),
        _("Invalid value for {param_hint}: {message}"),
        _("{name} {filename!r} does not exist."),
        _("{name} {filename!r} is a file."),
        _("{name} {filename!r} is a directory."),
        _("file"),
        _("directory"),
        _("path"),
        _("default: {default}"),
        _("required"),
        _("env var: {var}"),
        _("Aborted!"),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            1,
        ),
        ngettext(
            "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    )


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`perkin --version`, in the language of the moment (click's version_option translates its
    message once, when the command is defined)."""
    if not value or ctx.resilient_parsing:
        return
    from engine.scoring.score import perkin_version

    line = _("%(prog)s, version %(version)s")
    click.echo(line % {"prog": ctx.find_root().info_name, "version": perkin_version()})
    ctx.exit()


@click.group(
    cls=_Perkin,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "perkin: score Indonesian performance agreements (Perjanjian Kinerja, SAKIP, LKIP).\n\n"
        "\b\n"
        "Exit status: 0 ok; 1 invalid ruleset, data or formula; 2 usage error; 3 internal "
        "error;\n130 interrupted (Ctrl-C); 141 the reader of the output went away "
        "(perkin … | head), as\nfor any command."
    ),
)
@option("--traceback", is_flag=True, help=N_("Show the Python traceback of an internal error."))
@option(
    "--lang",
    type=click.Choice(LANGUAGES),
    envvar="PERKIN_LANG",
    help=N_("Language of messages and reports: id (default) or en; also PERKIN_LANG."),
)
@option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help=N_("Show the version and exit."),
)
def main(traceback: bool, lang: str | None) -> None:
    if lang is not None:
        set_language(lang)


def _tolerate_encoding() -> None:
    """Print a character the output encoding lacks (an em dash under PYTHONIOENCODING=latin-1)
    as '?' rather than fail: the encoding is the user's choice, a report is still worth reading."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


# calc ----------------------------------------------------------------------------------------


@main.command(help=N_("Evaluate one formula, e.g.  perkin calc 'AVERAGE(1, NA, 3)'."))
@click.argument("expr")
@option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    help=N_("A variable, read like a spreadsheet cell: 86,75  1.234,5  40%  N/A  WTP  1;2;3"),
)
@option("--json", "as_json", is_flag=True, help=N_('Print {"value": …} (N/A as null).'))
@option(
    "--explain", is_flag=True, help=N_("Print the evaluation tree with the value at each node.")
)
@handle_errors
def calc(expr: str, variables: Sequence[str], as_json: bool, explain: bool) -> None:
    from engine.api import calc as run

    outcome = run(expr, variables)
    if explain:
        echo(outcome.explanation)
    elif as_json:
        _print_payload(json.dumps({"value": outcome.json_value}, ensure_ascii=False) + "\n")
    else:
        echo(outcome.text)
    for reason in outcome.na_reasons:
        warn(_("N/A: {reason}").format(reason=reason))


# validate / show -----------------------------------------------------------------------------


@main.command(
    help=N_(
        "Check rulesets (files or folders), or data files against --ruleset; every problem at once."
    )
)
@click.argument("paths", nargs=-1, required=True, type=PATH)
@option(
    "--ruleset",
    "ruleset_path",
    type=PATH,
    help=N_("Check data files (PATHS) against this ruleset instead."),
)
@option("--strict", is_flag=True, help=N_("With --ruleset: missing values are an error."))
@option(
    "--history",
    multiple=True,
    type=PATH,
    help=N_(
        "With --ruleset: earlier years' results, a history file (CSV) or a results store (.db)."
    ),
)
@handle_errors
def validate(
    paths: Sequence[Path], ruleset_path: Path | None, strict: bool, history: Sequence[Path]
) -> None:
    from engine.api import validate_data, validate_rulesets

    if ruleset_path is not None:
        summary = validate_data(ruleset_path, paths, strict, history)
    elif history:
        raise click.UsageError(_("--history is read with the data: give --ruleset R too"))
    else:
        summary = validate_rulesets(paths)
    for line in summary:
        echo(line)


@main.command(
    help=N_(
        "The ruleset as the familiar PK table: Sasaran | Indikator | Target TW I–IV | Tahunan …"
    )
)
@click.argument("ruleset", type=PATH)
@option("--sources", is_flag=True, help=N_("Add the source citation of every number."))
@option("--formulas", is_flag=True, help=N_("Add realisasi and capaian formulas and weights."))
@option(
    "--cascade",
    is_flag=True,
    help=N_("Print the cascade instead: per tier of roles, who carries (✓) or derives (D) what."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md"]),
    default="table",
    help=N_("table on a terminal (Markdown when piped), or md."),
)
@handle_errors
def show(ruleset: Path, sources: bool, formulas: bool, cascade: bool, fmt: str) -> None:
    from engine.api import load
    from engine.render.show import show_markdown, show_rows
    from engine.render.show_rankings import ranking_cards

    rs = load(ruleset)
    if cascade:
        _show_cascade(rs, fmt)
        return
    markdown = fmt == "md" or not _is_terminal()
    if markdown:
        echo(show_markdown(rs, sources, formulas))
    elif not rs.indicators:
        _show_scores(rs, sources, formulas)
    else:
        _print_table(*show_rows(rs, sources, formulas))
    for card in [] if markdown else ranking_cards(rs, sources):
        _print_table(*card)
    if sources and rs.documents:
        _echo_documents([doc.describe() for doc in rs.documents.values()], markdown)


def _show_scores(rs: Ruleset, sources: bool, formulas: bool) -> None:
    """A ruleset without indicators in a terminal: its scores (and figures), not an empty table."""
    from engine.render.show import table_title
    from engine.render.show_scores import score_rows, scores_note

    for i, (header, rows) in enumerate(score_rows(rs, sources, formulas)):
        _print_table(table_title(rs, sources) if i == 0 else "", header, rows)
    echo(scores_note(rs, formulas))


def _echo_documents(lines: Sequence[str], markdown: bool) -> None:
    """The documents a ruleset declares, under the PK table of `show --sources`."""
    from engine.render.markdown import md_text

    if not markdown:
        echo("")
    echo(_("Documents cited:"))
    for line in lines:
        echo(f"- {md_text(line) if markdown else line}")


def _show_cascade(rs: Ruleset, fmt: str) -> None:
    from engine.render.cascade_view import cascade_markdown, cascade_tables, legend

    tables = cascade_tables(rs)
    if fmt == "md" or not _is_terminal() or not tables:
        echo(cascade_markdown(rs))
        return
    for table in tables:
        _print_table(*table)
    echo(legend())


def _print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from rich.table import Table

    table = Table(title=terminal_text(title), show_lines=False)
    for name in header:
        table.add_column(terminal_text(name), overflow="fold")
    for row in rows:
        table.add_row(*(terminal_text(cell) for cell in row))
    _stdout().print(table)


# evaluate / explain --------------------------------------------------------------------------


@main.command(help=N_("Score DATA (files or folders) against RULESET (file or year folder)."))
@click.argument("ruleset", type=PATH)
@click.argument("data", nargs=-1, required=True, type=PATH)
@option("--period", help=N_("2024, 2024-TW2, TW2, 2024-S1 … (default: the whole year)"))
@option("--unit", "units", multiple=True, help=N_("Only these units (and the units below them)."))
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help=N_("table (default on stdout), json, csv, xlsx, html or md; with -o, the file name's."),
)
@option("-o", "--output", type=PATH, help=N_("Write to this file (atomically)."))
@option("--quiet", is_flag=True, help=N_("No progress or summary on stderr."))
@option("--save", is_flag=True, help=N_("Record the scored period in the results store."))
@option(
    "--store",
    type=PATH,
    help=N_("The results store (default: perkin.db in the working folder)."),
)
@option("--replace", is_flag=True, help=N_("With --save: replace other stored figures."))
@option("--strict", is_flag=True, help=N_("Missing input values are an error."))
@option(
    "--detail",
    is_flag=True,
    help=N_("Every row: all periods, figures and units (table and md; default: the summary)."),
)
@option("--level", help=N_("The summary's PK tables for the units of this level."))
@option(
    "--history",
    multiple=True,
    type=PATH,
    help=N_("Earlier years' results: a history file (CSV) or a results store (.db)."),
)
@handle_errors
def evaluate(
    ruleset: Path,
    data: Sequence[Path],
    period: str | None,
    units: Sequence[str],
    fmt: str | None,
    output: Path | None,
    quiet: bool,
    save: bool,
    store: Path | None,
    replace: bool,
    strict: bool,
    detail: bool,
    level: str | None,
    history: Sequence[Path],
) -> None:
    from engine.api import evaluate as run
    from engine.api import store_path, target_check_warnings
    from engine.render import render_payload

    if not save and (store is not None or replace):  # never an option that does nothing
        option_name = "--store" if store is not None else "--replace"
        message = _("{option} goes with --save, which records the scored period: give --save too")
        raise click.UsageError(message.format(option=option_name))
    fmt = output_format(fmt, output, "table", FORMATS)
    if save:  # a store the save cannot use is said before any report is printed or written
        from engine.api import check_store

        check_store(store_path(store))
    with _working(quiet, _("Reading the ruleset and data, scoring…")):
        loaded, result, found = run(ruleset, data, period, units, strict, history)
    if save:  # a save the store would refuse is said before the report replaces an older one
        from engine.api import check_save

        check_save(result, store_path(store), replace)
    if level is not None and level not in loaded.levels:
        from dsl.suggest import did_you_mean

        hint = did_you_mean(level, loaded.levels) or ""
        raise click.BadParameter(
            _("unknown level '{level}'").format(level=level) + (f"; {hint}" if hint else ""),
            param_hint="--level",
        )
    view = (detail, level, units)
    if fmt == "table" and output is None:
        _print_result(result, loaded, view)
    else:
        store_file = (store_path(store),) if save else ()
        inputs = (ruleset, *map(Path, loaded.files), *data, *store_file, *history)
        if fmt == "parquet" and output is None:
            raise click.UsageError(_("parquet output needs -o FILE"))
        if fmt == "html" and output is not None and _paged(result):
            _emit_pages(result, loaded, output, inputs, quiet)
        else:
            payload = render_payload(result, fmt, loaded, *view)  # csv, json: made while written
            _emit(payload, output, fmt == "xlsx", inputs, quiet)
    if not quiet:
        _summary(result, loaded, found, ruleset, data)
        for line in target_check_warnings(result):
            warn(line)
    if save:
        from engine.api import save_result

        where = store_path(store)
        outcome = save_result(result, where, replace)
        if not quiet:
            said = _(SAVED[outcome])
            warn(said.format(ruleset=result.ruleset_id, period=result.period, store=where))


SAVED = {
    "saved": N_("saved: {ruleset} {period} in {store}"),
    "unchanged": N_("unchanged: {ruleset} {period} in {store}"),
    "replaced": N_("replaced: {ruleset} {period} in {store}"),
}


def _summary(result: Any, loaded: Any, found: Any, ruleset: Path, data: Sequence[Path]) -> None:
    """What was scored, on stderr: the counts every view states, and the values missing."""
    from engine.render.counts import counts

    c = counts(result, loaded)
    parts: tuple[str, ...] = (
        ngettext("{n} unit", "{n} units", c.units).format(n=c.units),
        ngettext("{n} indicator row", "{n} indicator rows", c.indicator_rows).format(
            n=c.indicator_rows
        ),
        _("{n} capaian N/A").format(n=c.capaian_na),
    )
    if c.capaian_no_target:  # not missing data: the indicator declares no target
        parts += (_("{n} capaian without target").format(n=c.capaian_no_target),)
    warn(", ".join(parts))
    for notice in found.notices:
        warn(notice)
    command = " ".join(["perkin validate --ruleset", str(ruleset), *map(str, data)])
    if found.unchosen:
        text = ngettext(
            "{n} indicator is not chosen by some units (not expected of them): see {command}",
            "{n} indicators are not chosen by some units (not expected of them): see {command}",
            found.unchosen_indicators,
        )
        warn(text.format(n=found.unchosen_indicators, command=command))
    if found.missing:
        missing = ngettext(
            "{missing} of {expected} input value missing: see {command}",
            "{missing} of {expected} input values missing: see {command}",
            found.expected,
        )
        warn(missing.format(missing=found.missing, expected=found.expected, command=command))


PREDIKAT_STYLES = {
    "sangat tinggi": "bold green",
    "tinggi": "green",
    "sedang": "yellow",
    "rendah": "red",
    "sangat rendah": "bold red",
}


def _print_result(result: Any, ruleset: Any, view: tuple[bool, str | None, Sequence[str]]) -> None:
    """The summary (or with --detail every row) as rich tables on a terminal; the Markdown
    report when piped (plain text, no colour)."""
    from dsl.i18n import _
    from engine.render import render
    from engine.render.summary import summarize
    from engine.render.summary_text import sections
    from engine.render.tabular import (
        INDICATOR_HEADER,
        RANK_HEADER,
        SCORE_HEADER,
        indicator_rows,
        rank_rows,
        score_rows,
    )

    if not _is_terminal():
        click.echo(render(result, "md", ruleset, *view), nl=False)
        return
    console = _stdout()
    detail, level, units = view
    if detail:
        title = _("{title} — period {period}").format(
            title=result.ruleset_title, period=result.period
        )
        console.print(terminal_text(title), style="bold")
        _rich_table(console, _("Indicator capaian"), INDICATOR_HEADER, indicator_rows(result), 6)
        _rich_table(console, _("Scores and figures"), SCORE_HEADER, score_rows(result), 4)
        _rich_table(console, _("Rankings"), RANK_HEADER, rank_rows(result), None)
        return
    for block in sections(summarize(result, ruleset, level, units)):
        if block.level > 1:
            console.print()
        if block.heading:
            console.print(terminal_text(block.heading), style="bold")
        for line in block.plain:
            console.print(terminal_text(line))
        _rich_table(console, "", block.header, [r.cells for r in block.rows], block.predikat_column)
        for note in block.notes:
            console.print("  " + terminal_text(note))


def _rich_table(
    console: Console, title: str, header: Sequence[str], rows: Any, predikat_col: int | None
) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = list(rows)
    if not rows:
        return
    table = Table(title=terminal_text(title) or None, title_justify="left")
    for name in header:
        table.add_column(terminal_text(name), overflow="fold")
    for row in rows:
        cells = [Text(terminal_text(str(c))) for c in row]
        if predikat_col is not None:
            cells[predikat_col].stylize(PREDIKAT_STYLES.get(str(row[predikat_col]).lower(), ""))
        table.add_row(*cells)
    console.print(table)


def output_format(
    fmt: str | None, output: Path | None, default: str, allowed: Sequence[str]
) -> str:
    """The format to write: the output file's extension decides, --format may only agree with it
    (or name the format of a file whose extension says nothing); stdout gets `default`."""
    if output is None:
        return fmt or default
    refuse_output(output)  # a folder is no file of any format: said first, before any work
    named = EXTENSIONS.get(output.suffix.lower())
    if named is None:
        if fmt is not None:
            return fmt
        known = ", ".join(e for e, f in EXTENSIONS.items() if f in allowed)
        raise click.UsageError(
            _(
                "cannot tell the format of '{file}' from its extension; name the file with one "
                "of {known}, or give --format"
            ).format(file=output, known=known)
        )
    if fmt is not None and fmt != named and not (fmt == "table" and named == "md"):
        raise click.UsageError(
            _(
                "--format {format} contradicts the output file '{file}', whose extension "
                "{extension} means {named}"
            ).format(format=fmt, file=output, extension=output.suffix, named=named)
        )
    if named not in allowed:
        raise click.UsageError(
            _(
                "'{file}' asks for {named}, which this command does not write; it writes {allowed}"
            ).format(file=output, named=named, allowed=", ".join(allowed))
        )
    return named


def refuse_output(path: Path, option: str = "-o") -> None:
    """O002 (O300) now, at the option that named it, for an output that exists but is a folder,
    a device or a results store: engine.atomic's rule, said before anything is read or scored."""
    from engine.atomic import refuse_target

    with _at_option(option):
        refuse_target(path, ())


@contextlib.contextmanager
def _at_option(option: str) -> Iterator[None]:
    """An output error, which engine.atomic places at -o, placed at the option given instead."""
    from engine.atomic import OPTION

    try:
        yield
    except PerkinError as err:
        if err.location != OPTION:
            raise
        raise err.with_location(Location(file=option)) from None


def _working(quiet: bool, message: str) -> Any:
    """A spinner on stderr while a long step runs, only on a terminal and without --quiet."""
    from contextlib import nullcontext

    if quiet or not stderr.is_terminal:
        return nullcontext()
    return stderr.status(message)


def _emit(
    payload: str | bytes | Iterator[bytes] | Pieces,
    output: Path | None,
    binary: bool,
    inputs: Sequence[Path],
    quiet: bool = False,
) -> None:
    """The payload on stdout, or in the -o file, which may be none of the command's inputs;
    the file written is named on stderr unless quiet."""
    from engine.atomic import write_atomic
    from engine.pieces import Pieces

    if output is None:
        if binary:
            raise click.UsageError(_("xlsx output needs -o FILE"))
        if isinstance(payload, Pieces):  # printed piece by piece: never the whole text at once
            for text in payload.texts():
                _print_payload(text)
            return
        if not isinstance(payload, str):
            payload = (payload if isinstance(payload, bytes) else b"".join(payload)).decode()
        _print_payload(payload)
        return
    write_atomic(output, payload, inputs)
    if not quiet:
        warn(_("wrote {file}").format(file=output))


def _paged(result: Any) -> bool:
    from engine.render.html_pages import paged

    return paged(result)


def _emit_pages(
    result: Any, ruleset: Any, output: Path, inputs: Sequence[Path], quiet: bool
) -> None:
    """An HTML report larger than one page holds: an index in the -o file and a folder of
    pages, one per region, beside it."""
    from engine.atomic_folder import write_pages
    from engine.render.html_pages import PAGE_NAME, html_pages

    made = html_pages(result, ruleset, output.name)
    folder = write_pages(output, made.index, made.folder, made.pages(), PAGE_NAME, inputs)
    if not quiet:
        n = len(made.names)
        wrote = ngettext(
            "wrote {file} and {n} page in {folder}", "wrote {file} and {n} pages in {folder}", n
        )
        warn(wrote.format(file=output, n=n, folder=folder))


@main.command(
    help=N_(
        "The derivation of one figure for one unit, down to the cells its data came from, or "
        "the unit's place in a ranking; for a person to check."
    )
)
@click.argument("ruleset", type=PATH)
@click.argument("data", nargs=-1, required=True, type=PATH)
@option("--unit", required=True, help=N_("The unit whose figure to explain."))
@option("--indicator", required=True, help=N_("An indicator, figure, score or ranking id."))
@option("--period", help=N_("2024, 2024-TW2, TW2, 2024-S1 … (default: the whole year)"))
@option(
    "--history",
    multiple=True,
    type=PATH,
    help=N_("Earlier years' results: a history file (CSV) or a results store (.db)."),
)
@handle_errors
def explain(
    ruleset: Path,
    data: Sequence[Path],
    unit: str,
    indicator: str,
    period: str | None,
    history: Sequence[Path],
) -> None:
    from engine.api import explain as run

    echo(run(ruleset, data, unit, indicator, period, history))


@main.command(
    help=N_("A blank input workbook (or CSV) listing every value to fill, ready to send out.")
)
@click.argument("ruleset", type=PATH)
@option(
    "--units",
    "units",
    multiple=True,
    type=PATH,
    help=N_("A units (hierarchy) or data file: one row per unit and period to fill."),
)
@option("--period", help=N_("Only the periods inside this one (default: the whole year)."))
@option(
    "--format",
    "fmt",
    type=click.Choice(TEMPLATE_FORMATS),
    help=N_("xlsx (default) or csv; with -o, the file name's."),
)
@option("-o", "--output", type=PATH, help=N_("Write to this file (atomically)."))
@handle_errors
def template(
    ruleset: Path, units: Sequence[Path], period: str | None, fmt: str | None, output: Path | None
) -> None:
    from engine.api import template as run

    fmt = output_format(fmt, output, "xlsx", TEMPLATE_FORMATS)
    loaded, payload = run(ruleset, fmt, units, period)
    _emit(payload, output, fmt == "xlsx", (ruleset, *map(Path, loaded.files), *units))


@main.command(
    help=N_("What changed between two rulesets (indicators, targets, weights, formulas, cascade).")
)
@click.argument("old", type=PATH)
@click.argument("new", type=PATH)
@option(
    "--data",
    "data",
    multiple=True,
    type=PATH,
    help=N_("Data to score with both rulesets, to show whose figures and ranks move."),
)
@option("--period", help=N_("The period to compare (default: the whole year)."))
@option(
    "--history",
    multiple=True,
    type=PATH,
    help=N_("Earlier years' results: a history file (CSV) or a results store (.db)."),
)
@handle_errors
def diff(
    old: Path, new: Path, data: Sequence[Path], period: str | None, history: Sequence[Path]
) -> None:
    from engine.api import diff as run

    if history and not data:
        raise click.UsageError(_("--history is read with the data: give --data D too"))
    report, warnings = run(old, new, data, period, history)
    for warning in warnings:
        warn(warning.render())
    for line in report.lines:
        echo(line)
    if report.error is not None:
        raise report.error
    if not report.lines:  # said on stderr: stdout stays empty, as diff(1)'s does
        same = _("no differences between {old} and {new}, and the data scores the same")
        if not data:
            same = _("no differences between {old} and {new}")
        warn(same.format(old=old, new=new))


@main.command(help=N_("List the scored periods in the results store, or export their figures."))
@option(
    "--store",
    type=PATH,
    help=N_("The results store (default: perkin.db in the working folder)."),
)
@option(
    "--export",
    "export",
    type=PATH,
    help=N_("Write every stored figure as one long CSV table to this file."),
)
@handle_errors
def history(store: Path | None, export: Path | None) -> None:
    from engine.api import export_history, store_path, stored_runs

    where = store_path(store)
    if export is not None:
        refuse_output(export, "--export")
        with _at_option("--export"):
            _emit(export_history(where), export, False, (where,))
    found = stored_runs(where)
    if not found:
        warn(_("{store}: the results store holds no scored period").format(store=where))
    if export is not None:
        return
    for run in found:
        line = ngettext(
            "{ruleset}  {period}  {n} figure  saved {saved}  perkin {perkin}  ruleset "
            "{ruleset_sha256}  data {data_sha256}",
            "{ruleset}  {period}  {n} figures  saved {saved}  perkin {perkin}  ruleset "
            "{ruleset_sha256}  data {data_sha256}",
            run.figures,
        )
        echo(
            line.format(
                ruleset=run.ruleset_id,
                period=run.period,
                n=run.figures,
                saved=run.saved_at,
                perkin=run.perkin,
                ruleset_sha256=run.ruleset_sha256[:12],
                data_sha256=run.input_sha256[:12],
            )
        )


@main.command(
    help=N_(
        "Print the seed lines behind a source, e.g.  perkin cite 003:1522 002:72-74, and the "
        "documents a ruleset declares:  perkin cite --ruleset R 'permenpanrb_14_2017: pasal 5'."
    )
)
@click.argument("citations", nargs=-1)
@option(
    "--seeds",
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("The folder of seed documents (default: $PERKIN_SEEDS or ../shared/seeds)."),
)
@option(
    "--ruleset",
    type=PATH,
    help=N_("The ruleset whose documents to cite; without citations, list them all."),
)
@handle_errors
def cite(citations: Sequence[str], seeds: Path | None, ruleset: Path | None) -> None:
    from engine.api import cite as run

    if not citations and ruleset is None:
        raise click.UsageError(_("give a citation (003:1522) or --ruleset R"))
    lines = run(citations, seeds, ruleset)
    if not lines and ruleset is not None:
        warn(_("{ruleset}: the ruleset declares no source documents").format(ruleset=ruleset))
    for line in lines:
        echo(line)


# replay / audit ------------------------------------------------------------------------------


HISTORY_FORMATS = ("text", "md", "html", "json")


def _history_options(func: F) -> F:
    """--format and -o of replay and audit."""
    func = option(
        "-o",
        "--output",
        type=PATH,
        help=N_("Write to this file (atomically)."),
    )(func)
    return option(
        "--format",
        "fmt",
        type=click.Choice(HISTORY_FORMATS),
        help=N_(
            "text (default), md, html (to print and sign) or json (schemas/audit.schema.json); "
            "with -o, the file name's."
        ),
    )(func)


def _history_out(report: Any, fmt: str, output: Path | None) -> None:
    """A replay or audit on stdout (text a line at a time) or in the -o file."""
    if fmt == "text" and output is None:
        for line in report.text.splitlines():
            echo(line)
        return
    _emit(report.text, output, False, report.inputs)


@main.command(help=N_("Replay case files of historic results; one line per mismatch."))
@click.argument("files", nargs=-1, required=True, type=PATH)
@_history_options
@handle_errors
def replay(files: Sequence[Path], fmt: str | None, output: Path | None) -> None:
    from engine.api import replay as run

    fmt = output_format(fmt, output, "text", HISTORY_FORMATS)
    report = run(files, fmt)
    _history_out(report, fmt, output)
    if not report.ok:
        sys.exit(1)


@main.command(
    help=N_("Recompute a published report from its own inputs; list every figure that differs.")
)
@click.argument("file", type=PATH)
@_history_options
@handle_errors
def audit(file: Path, fmt: str | None, output: Path | None) -> None:
    from engine.api import audit as run

    fmt = output_format(fmt, output, "text", HISTORY_FORMATS)
    _history_out(run(file, fmt), fmt, output)


if __name__ == "__main__":
    main()
