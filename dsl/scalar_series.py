"""IF and SWITCH element by element on one unit's series, as the explaining evaluator runs them.

They mirror `series_ops.each_column` over `vector_functions.select` and `switch`, written again
for one unit so that the two evaluators stay independent and the random-formula tests compare
two implementations. Each element's result is a number: TRUE is 1, a text is N/A.
"""

from __future__ import annotations

from collections.abc import Sequence

from dsl.diagnostics import SeriesLengthError, series_lengths_differ
from dsl.scalar import compare_values, spread, to_number, truth
from dsl.values import NA, NO_CASE, Num, Scalar, na


def _width(values: Sequence[Scalar]) -> int:
    """The length of the series among the values, checked to agree."""
    widths = sorted({len(v) for v in values if isinstance(v, tuple)})
    if len(widths) > 1:
        raise SeriesLengthError(series_lengths_differ(widths[0], widths[1]))
    return widths[0] if widths else 1


def if_elements(cond: Scalar, then: Scalar, other: Scalar) -> tuple[Num, ...]:
    """IF per element: the element of `then` where the condition's element is TRUE, else of
    `other`; N/A where the condition's element is N/A."""
    width = _width([cond, then, other])
    rows = zip(spread(cond, width), spread(then, width), spread(other, width), strict=True)
    out: list[Num] = []
    for c, t, o in rows:
        verdict = truth(c)
        out.append(verdict if isinstance(verdict, NA) else to_number(t if verdict else o))
    return tuple(out)


def switch_elements(x: Scalar, rest: Sequence[Scalar]) -> tuple[Num, ...]:
    """SWITCH per element of x: value1, result1, …, [default]; results may be series."""
    pairs = [(rest[i], rest[i + 1]) for i in range(0, len(rest) - 1, 2)]
    default = rest[-1] if len(rest) % 2 else None
    width = _width([x, *(r for _, r in pairs), *([default] if default is not None else [])])
    results = [spread(r, width) for _, r in pairs]
    fallback = spread(default, width) if default is not None else (na(NO_CASE),) * width
    out: list[Num] = []
    for j, element in enumerate(spread(x, width)):
        chosen: Scalar = fallback[j]
        for (value, _result), column in zip(pairs, results, strict=True):
            equal = compare_values("=", element, value)
            if isinstance(equal, NA) or equal:
                chosen = equal if isinstance(equal, NA) else column[j]
                break
        out.append(to_number(chosen))
    return tuple(out)
