"""Explaining function calls for one unit; IF, IFNA and SWITCH evaluate only what they use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from dsl import scalar
from dsl import vector_functions as vf
from dsl.ast import Call, Expr, Name
from dsl.column import Column
from dsl.diagnostics import EvaluationError
from dsl.explanation import Explanation, step
from dsl.functions import SKIPS_NA, na_reason, reads_data, resolve
from dsl.history_eval import EXPLAIN_FORMS
from dsl.i18n import _
from dsl.scalar_functions import STRICT
from dsl.scalar_series import if_elements, switch_elements
from dsl.series_ops import each_value
from dsl.skips import skip_note
from dsl.tables import Table
from dsl.values import NA, NO_CASE, NO_DATA_VALUE, NaKind, Num, Scalar, format_value, na


class SupportsExplain(Protocol):
    """What the call rules need of the explaining evaluator (dsl.explain.Explainer provides it)."""

    tables: Mapping[str, Table]

    def explain(self, expr: Expr) -> Explanation: ...
    def value(self, expr: Expr) -> Scalar: ...
    def name(self, name: str) -> Scalar: ...


Rule = Callable[[SupportsExplain, Call], Explanation]
ElementsFunction = Callable[[list[Scalar]], Scalar]


def explain_call(ex: SupportsExplain, call: Call) -> Explanation:
    """The explanation of a function call."""
    spec = resolve(call.name)
    if spec is None:
        raise EvaluationError(_("unknown function '{name}'").format(name=call.name))
    rule = _RULES.get(spec.name)
    return rule(ex, call) if rule is not None else _strict(ex, call, spec.name)


def _strict(ex: SupportsExplain, call: Call, name: str) -> Explanation:
    """A function whose arguments are all evaluated."""
    parts = [ex.explain(a) for a in call.args]
    value = STRICT[name]([p.value for p in parts])
    if name in SKIPS_NA and not all(reads_data(a) for a in call.args):
        data = [p.value for a, p in zip(call.args, parts, strict=True) if reads_data(a)]
        if data and all(_all_na(v) for v in data):
            value = na(NO_DATA_VALUE)
    detail = f"{call.name}({', '.join(format_value(p.value) for p in parts)})"
    note = skip_note(name, [p.value for p in parts])
    return step(call, value, list(zip(call.args, parts, strict=True)), detail, note)


def _na_like(ex: SupportsExplain, na: NA, probe: Expr) -> Scalar:
    """NA shaped like the value of `probe`: a series of NAs if `probe` gives a series."""
    shape = ex.value(probe)
    return (na,) * len(shape) if isinstance(shape, tuple) else na


def _elementwise(ex: SupportsExplain, call: Call, f: ElementsFunction) -> Explanation:
    """IF or SWITCH over a series: every argument, then the function per element."""
    parts = [ex.explain(a) for a in call.args]
    value = f([p.value for p in parts])
    note = _("element by element")
    return step(call, value, list(zip(call.args, parts, strict=True)), None, note)


def _if(ex: SupportsExplain, call: Call) -> Explanation:
    """IF: the condition, then only the branch it selects (every branch, per element, when the
    condition is a series)."""
    cond = ex.explain(call.args[0])
    if isinstance(cond.value, tuple):
        return _elementwise(ex, call, lambda a: if_elements(*a))
    verdict = scalar.truth(cond.value)
    if isinstance(verdict, NA):
        value = _na_like(ex, verdict, call.args[1])
        return step(call, value, [(call.args[0], cond)], None, _("the condition is NA"))
    branch = call.args[1] if verdict else call.args[2]
    chosen = ex.explain(branch)
    note = _("the condition is {value}").format(value=format_value(verdict))
    return step(call, chosen.value, [(call.args[0], cond), (branch, chosen)], None, note)


def _ifna(ex: SupportsExplain, call: Call) -> Explanation:
    """IFNA: the value, and the fallback only if the value (or an element) is NA."""
    x = ex.explain(call.args[0])
    if not _has_na(x.value):
        return step(call, x.value, [(call.args[0], x)], None, _("the value is not NA"))
    fallback = ex.explain(call.args[1])
    used = [(call.args[0], x), (call.args[1], fallback)]
    return step(call, _fill(x.value, fallback.value), used, None, _("the value is NA"))


def _has_na(value: Scalar) -> bool:
    """Whether a value is NA or holds an NA element."""
    if isinstance(value, tuple):
        return any(isinstance(e, NA) for e in value)
    return isinstance(value, NA)


def _fill(value: Scalar, fallback: Scalar) -> Scalar:
    """The value with its NA (or NA elements) replaced by the fallback."""
    if not isinstance(value, tuple):
        return fallback
    spare = _elements(fallback, len(value))
    return tuple(s if isinstance(e, NA) else e for e, s in zip(value, spare, strict=True))


def _elements(value: Scalar, width: int) -> tuple[Num, ...]:
    """A fallback as `width` series numbers."""
    return tuple(scalar.to_number(e) for e in scalar.spread(value, width))


def _isna(ex: SupportsExplain, call: Call) -> Explanation:
    """ISNA: TRUE for NA, and for a series all of whose elements are NA."""
    x = ex.explain(call.args[0])
    v = x.value
    value = all(isinstance(e, NA) for e in v) if isinstance(v, tuple) else isinstance(v, NA)
    return step(call, value, [(call.args[0], x)], None)


def _switch(ex: SupportsExplain, call: Call) -> Explanation:
    """SWITCH: the tested value, then case values in order until one matches."""
    x = ex.explain(call.args[0])
    if isinstance(x.value, tuple):
        return _elementwise(ex, call, lambda a: switch_elements(a[0], a[1:]))
    used: list[tuple[Expr, Explanation]] = [(call.args[0], x)]
    rest = call.args[1:]
    for i in range(0, len(rest) - 1, 2):
        case = ex.explain(rest[i])
        used.append((rest[i], case))
        equal = scalar.compare_values("=", x.value, case.value)
        if isinstance(equal, NA):
            note = (
                _("the tested value is NA")
                if isinstance(x.value, NA)
                else _("case {n} is NA").format(n=i // 2 + 1)
            )
            return step(call, _na_like(ex, equal, rest[i + 1]), used, None, note)
        if equal:
            result = ex.explain(rest[i + 1])
            used.append((rest[i + 1], result))
            return step(call, result.value, used, None, _("case {n} matches").format(n=i // 2 + 1))
    if len(rest) % 2 == 0:
        return step(call, _na_like(ex, na(NO_CASE), rest[1]), used, None, _(NO_CASE))
    default = ex.explain(rest[-1])
    used.append((rest[-1], default))
    return step(call, default.value, used, None, _("no case matched; the default applies"))


def _table(ex: SupportsExplain, call: Call) -> Table:
    """The table a LOOKUP or BAND names."""
    arg = call.args[1]
    name = arg.name if isinstance(arg, Name) else "?"
    table = ex.tables.get(name)
    if table is None:
        raise EvaluationError(_("no table '{name}' was given").format(name=name))
    return table


def _lookup(ex: SupportsExplain, call: Call) -> Explanation:
    """LOOKUP: the key, then the table's value for it (asked through a one-unit column)."""
    key = ex.explain(call.args[0])
    value: Scalar = key.value
    if isinstance(value, tuple):
        table = _table(ex, call)
        value = each_value(lambda a: vf.lookup(table, a[0]), [value])
    elif not isinstance(value, NA):
        value = _table(ex, call).lookup(Column.from_values([value])).value_at(0)
    detail = f"{call.name}({format_value(key.value)}, {_table_name(call)})"
    return step(call, value, [(call.args[0], key)], detail)


def _band(ex: SupportsExplain, call: Call) -> Explanation:
    """BAND: the number, then the table's value for its band (through a one-unit column)."""
    x = ex.explain(call.args[0])
    value: Scalar = scalar.to_number(x.value) if not isinstance(x.value, tuple) else x.value
    if not isinstance(value, NA):
        value = _table(ex, call).band(Column.from_values([value])).value_at(0)
    detail = f"{call.name}({format_value(x.value)}, {_table_name(call)})"
    return step(call, value, [(call.args[0], x)], detail)


def _table_name(call: Call) -> str:
    """The table name written in a LOOKUP or BAND."""
    arg = call.args[1]
    return arg.name if isinstance(arg, Name) else "?"


_RULES: dict[str, Rule] = {
    "IF": _if,
    "IFNA": _ifna,
    "ISNA": _isna,
    "SWITCH": _switch,
    "LOOKUP": _lookup,
    "BAND": _band,
    "NA": lambda ex, call: step(call, NA(na_reason(call), NaKind.RULE), (), None),
    **EXPLAIN_FORMS,
}


def _all_na(value: Scalar) -> bool:
    """Whether a value is N/A, or a series whose every element is."""
    if isinstance(value, tuple):
        return all(isinstance(v, NA) for v in value)
    return isinstance(value, NA)
