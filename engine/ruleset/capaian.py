"""An indicator's capaian when it writes none: the rule by polarity, as formula text over its
realisasi and target (engine/scoring/evaluate.py::_default_capaian computes it over columns;
tests/engine/test_renstra.py holds the two equal)."""

from __future__ import annotations

DEFAULT_CAPAIAN: dict[str, str] = {
    "higher": "{realisasi} / {target} * 100",
    "lower": "(2 * {target} - {realisasi}) / {target} * 100",
}
