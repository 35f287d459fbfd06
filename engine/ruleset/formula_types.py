"""What formulas may know of a ruleset's tables and figures: the types of their values."""

from __future__ import annotations

from dsl import BoolType, FormulaTypeError, NumberType, SeriesType, TableInfo, TextType
from dsl.i18n import _
from engine.ruleset.model import Formula, TableDef


def table_info(table: TableDef) -> TableInfo:
    """What formulas know of a table: its kind and, where all its values agree, their type
    (band labels are texts), so a figure that gives a label is known to give text."""
    if table.kind == "bands":
        return TableInfo(kind="band", value_type=TextType())
    values = [value for _key, value in table.entries]
    if all(isinstance(v, str) for v in values):
        return TableInfo(kind="lookup", value_type=TextType())
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return TableInfo(kind="lookup", value_type=NumberType())
    return TableInfo(kind="lookup")


def check_figure_kind(key: str, kind: str, formula: Formula) -> None:
    """A figure's formula must give what the figure declares: text only with `kind: text`."""
    result = formula.program.result_type
    if kind != "text" and isinstance(result, TextType):
        message = _("figure '{figure}' gives text, but is declared a number").format(figure=key)
        hint = _("declare it `kind: text` to report the text (a band label, a letter)")
        raise FormulaTypeError(message, formula.location, hint)
    if kind == "text" and isinstance(result, NumberType | BoolType | SeriesType):
        message = _("figure '{figure}' is declared `kind: text`, but its formula gives {type}")
        hint = _("remove `kind: text`, or give a text, such as BAND(x, table)")
        raise FormulaTypeError(message.format(figure=key, type=result), formula.location, hint)
