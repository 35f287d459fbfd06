"""The formula errors, each a PerkinError with a stable code and an exact location."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from dsl.ast import Span
from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _

FORMULA_FILE = "<formula>"
MAX_LENGTH = 200_000
MAX_DEPTH = 100


class FormulaError(PerkinError):
    """The base of every problem found in a formula."""

    code = "F000"


class FormulaSyntaxError(FormulaError):
    """The text is not a formula."""

    code = "F001"


class UnknownNameError(FormulaError):
    """A name that the scope does not define."""

    code = "F002"


class ArityError(FormulaError):
    """A function called with the wrong number of arguments."""

    code = "F003"


class FormulaTypeError(FormulaError):
    """A value of the wrong kind, such as text used in arithmetic."""

    code = "F004"


class SeriesLengthError(FormulaError):
    """An element-wise operation on series of different lengths."""

    code = "F005"


class FormulaLimitError(FormulaError):
    """A formula that is too long or too deeply nested."""

    code = "F006"


class UnknownFunctionError(FormulaError):
    """A call of a function that does not exist."""

    code = "F007"


class UnknownTableError(FormulaError):
    """A LOOKUP or BAND whose table is unknown or of the wrong kind."""

    code = "F008"


class EvaluationError(FormulaError):
    """Evaluation was given inputs that do not fit the program, such as a missing value."""

    code = "F009"


def series_lengths_differ(first: int, other: int) -> str:
    """The message of a SeriesLengthError: the two lengths that do not agree."""
    return _("series lengths differ: {first} and {other}").format(first=first, other=other)


class SourceText:
    """Formula text with its line offsets, to turn spans and offsets into locations."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a 0-based character offset."""
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        return self.lines[line - 1].rstrip("\r") if 0 < line <= len(self.lines) else ""

    def location(self, span: Span) -> Location:
        """The error location of a span; a span over several lines is cut at its first line."""
        source_line = self.line_text(span.line)
        end = span.end_column if span.end_line == span.line else len(source_line) + 1
        return Location(
            file=FORMULA_FILE,
            line=span.line,
            column=span.column,
            end_column=max(end, span.column + 1),
            source_line=source_line,
        )

    def offsets(self, start: int, end: int) -> Location:
        """The error location of the characters from offset `start` up to `end`."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(end, start + 1))
        return self.location(Span(line, column, end_line, end_column, start, end))


def raise_all(errors: Sequence[PerkinError]) -> None:
    """Raise the one error, or a PerkinErrors holding all of them; do nothing if there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise PerkinErrors(errors)
