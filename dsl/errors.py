"""The one root error class of perkin, with a location and a hint, rendered like a compiler."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


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
        lines = [f"{loc.label()}: error[{self.code}]: {self.message}"]
        if loc.path:
            lines.append(f"  at {loc.path}")
        if loc.source_line is not None and loc.column is not None:
            text = loc.source_line.rstrip("\n")
            start = max(loc.column - 1, 0)
            end = loc.end_column - 1 if loc.end_column else start + 1
            width = max(end - start, 1)
            lines.append(f"    {text}")
            lines.append("    " + _caret_pad(text, start) + "^" * width)
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def _caret_pad(text: str, start: int) -> str:
    """Spaces (tabs kept as tabs) so the caret lines up under column `start`."""
    return "".join("\t" if ch == "\t" else " " for ch in text[:start]).ljust(start)


class PerkinErrors(PerkinError):
    """Several problems found in one pass, reported all at once."""

    code = "E001"

    def __init__(self, errors: Sequence[PerkinError]) -> None:
        self.errors: tuple[PerkinError, ...] = tuple(_flatten(errors))
        first = self.errors[0] if self.errors else PerkinError("no errors")
        super().__init__(
            f"{len(self.errors)} problem(s); first: {first.message}", first.location, first.hint
        )

    def render(self) -> str:
        body = "\n\n".join(e.render() for e in self.errors)
        return f"{body}\n\n{len(self.errors)} error(s)"


def _flatten(errors: Iterable[PerkinError]) -> Iterable[PerkinError]:
    for err in errors:
        if isinstance(err, PerkinErrors):
            yield from err.errors
        else:
            yield err
