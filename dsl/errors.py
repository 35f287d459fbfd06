"""The one root error class of perkin, with a location and a hint, rendered like a compiler."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dsl.i18n import _, ngettext
from dsl.limits import EXCERPT_CHARS, MAX_ALIKE, MAX_ERRORS, MAX_MESSAGE_CHARS
from dsl.lines import one_line


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file position (1-based line and column) or a sheet cell."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None  # exclusive; the caret covers column..end_column-1
    source_line: str | None = None  # the text of the line, for the caret display
    path: str | None = None  # a YAML path such as indicators[3].target, when known
    sheet: str | None = None
    cell: str | None = None

    def label(self) -> str:
        """The `file:line:col` (or `file!sheet!cell`) prefix of a rendered message."""
        name = self.file or "<input>"
        if self.sheet is not None:
            return f"{name}!{self.sheet}!{self.cell}" if self.cell else f"{name}!{self.sheet}"
        if self.line is None:
            return name
        if self.column is None:
            return f"{name}:{self.line}"
        return f"{name}:{self.line}:{self.column}"

    def shifted(
        self, line: int, column: int, file: str | None, source_line: str | None
    ) -> Location:
        """This location moved into a host text whose first character is at (line, column)."""
        own_line = self.line or 1
        own_col = self.column or 1
        new_col = own_col + (column - 1) if own_line == 1 else own_col
        end = self.end_column
        if end is not None and own_line == 1:
            end = end + (column - 1)
        return replace(
            self,
            file=file,
            line=line + own_line - 1,
            column=new_col,
            end_column=end,
            source_line=source_line if source_line is not None else self.source_line,
        )


class PerkinError(Exception):
    """Root of every error perkin reports to a user: a code, a message, a location and a hint."""

    code: str = "E000"
    exit_status: int = 1
    warning: bool = False  # reported, but the command still succeeds (R080)

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint
        if code is not None:
            self.code = code

    def with_location(self, location: Location) -> PerkinError:
        """A copy of this error at another location (same class, message and hint)."""
        clone = self.__class__.__new__(self.__class__)
        PerkinError.__init__(clone, self.message, location, self.hint, self.code)
        return clone

    def render(self) -> str:
        """The compiler-style text: location, message, source line with caret, hint."""
        loc = self.location
        shape = (
            _("{place}: warning[{code}]: {message}")
            if self.warning
            else _("{place}: error[{code}]: {message}")
        )
        lines = [shape.format(place=_cut(loc.label()), code=self.code, message=_cut(self.message))]
        if loc.path:
            lines.append(_("  at {path}").format(path=_cut(loc.path)))
        if loc.source_line is not None and loc.column is not None:
            text = loc.source_line.rstrip("\n")
            start = max(loc.column - 1, 0)
            end = loc.end_column - 1 if loc.end_column else start + 1
            text, start, end = _excerpt(text, start, max(end, start + 1))
            lines.append(f"    {text}")
            lines.append("    " + _caret_pad(text, start) + "^" * (end - start))
        if self.hint:
            lines.append(_("hint: {hint}").format(hint=_cut(self.hint)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def _cut(text: str) -> str:
    """The text on one line (dsl.lines), or its start and '…' when longer than MAX_MESSAGE_CHARS."""
    text = one_line(text)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "…"


def _excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """At most EXCERPT_CHARS of a source line around the caret span [start, end), marked with
    '…' where cut, and the span moved into the excerpt."""
    if len(text) <= EXCERPT_CHARS:
        return text, start, end
    first = min(max(start - EXCERPT_CHARS // 4, 0), max(len(text) - EXCERPT_CHARS, 0))
    last = min(first + EXCERPT_CHARS, len(text))
    head = "…" if first > 0 else ""
    tail = "…" if last < len(text) else ""
    shift = len(head) - first
    start, end = start + shift, min(end, last) + shift
    return head + text[first:last] + tail, start, max(end, start + 1)


def _caret_pad(text: str, start: int) -> str:
    """Spaces (tabs kept as tabs) so the caret lines up under column `start`."""
    return "".join("\t" if ch == "\t" else " " for ch in text[:start]).ljust(start)


class PerkinErrors(PerkinError):
    """Several problems found in one pass, reported all at once."""

    code = "E001"

    def __init__(self, errors: Sequence[PerkinError]) -> None:
        self.errors: tuple[PerkinError, ...] = tuple(_flatten(errors))
        first = self.errors[0] if self.errors else PerkinError(_("no errors"))
        count = len(self.errors)
        super().__init__(
            ngettext(
                "{n} problem; first: {message}", "{n} problems; first: {message}", count
            ).format(n=count, message=first.message),
            first.location,
            first.hint,
        )

    def render(self) -> str:
        """Each error, at most MAX_ALIKE of one code and message shape and MAX_ERRORS in all,
        with a line counting the ones left out, then the total."""
        alike = Counter(_shape(e) for e in self.errors)
        seen: Counter[tuple[str, str]] = Counter()
        told: set[tuple[str, str]] = set()  # shapes whose "more like this" line is printed
        blocks: list[str] = []
        shown = untold = 0
        for err in self.errors:
            shape = _shape(err)
            seen[shape] += 1
            if shape in told:
                continue
            if seen[shape] > MAX_ALIKE or shown >= MAX_ERRORS:
                untold += 1
                continue
            blocks.append(err.render())
            shown += 1
            if seen[shape] == MAX_ALIKE and alike[shape] > MAX_ALIKE:
                more = alike[shape] - MAX_ALIKE
                blocks.append(
                    ngettext(
                        "… and {n} more like this (error[{code}])",
                        "… and {n} more like this (error[{code}])",
                        more,
                    ).format(n=more, code=err.code)
                )
                told.add(shape)
        if untold:
            blocks.append(
                ngettext(
                    "… and {n} more error not shown", "… and {n} more errors not shown", untold
                ).format(n=untold)
            )
        total = len(self.errors)
        return (
            "\n\n".join(blocks)
            + "\n\n"
            + ngettext("{n} error", "{n} errors", total).format(n=total)
        )


_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")


def _shape(error: PerkinError) -> tuple[str, str]:
    """An error's code and message with quoted names and numbers blanked: what repeats.

    Only the rendering's grouping reads the message, and it reads it the same way in every
    language: the catalogue's translations keep each quoted `'{name}'` quoted and each number a
    number (tests/dsl/test_dsl_indonesian.py checks the grouping in Indonesian)."""
    return error.code, _VARYING.sub("_", error.message)


def _flatten(errors: Iterable[PerkinError]) -> Iterable[PerkinError]:
    for err in errors:
        if isinstance(err, PerkinErrors):
            yield from err.errors
        else:
            yield err
