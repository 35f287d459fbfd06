"""Published and recomputed numbers are shown the office way of the language; the comparison of
the two never reads the displayed text."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.i18n import set_language
from engine.history.cases import load_case
from engine.history.figures import office, precise_text, quoted
from engine.history.replay import Recomputation, replay_files

LKIP = Path(__file__).parent / "2024_lkip_jakpus.yaml"


@pytest.mark.parametrize(
    ("lang", "presented", "printed", "expected"),
    [
        ("id", "97.60", "97,60", "97,60"),
        ("en", "97.60", "97,60", "97.60"),
        ("id", "2714793472", "2.714.563.502", "2.714.793.472"),
        ("id", "2714793472", "Rp 2.714.563.502", "Rp 2.714.793.472"),
        ("en", "2714793472", "Rp 2.714.563.502", "Rp 2,714,793,472"),
        ("id", "0.00", "0,00%", "0,00"),
        ("id", "N/A", "73,14%", "N/A"),
        ("id", "A (Sangat Baik)", "A", "A (Sangat Baik)"),
    ],
)
def test_office_writes_a_presented_number(
    lang: str, presented: str, printed: str, expected: str
) -> None:
    set_language(lang)
    assert office(presented, printed) == expected


@pytest.mark.parametrize(
    ("lang", "printed", "decimals", "expected"),
    [
        ("id", "104.08%", 2, "104,08%"),
        ("en", "104,08%", 2, "104.08%"),
        ("id", "0,00%", 2, "0,00%"),
        ("id", "101.6", 1, "101,6"),
        ("id", "100", 2, "100"),
        ("en", "2.714.563.502", 0, "2,714,563,502"),
        ("id", "WTP (3)", 2, "WTP (3)"),
    ],
)
def test_a_printed_number_keeps_its_digits(
    lang: str, printed: str, decimals: int, expected: str
) -> None:
    set_language(lang)
    assert quoted(printed, decimals) == expected


def test_precise_text_rounds_to_the_digits_asked() -> None:
    set_language("id")
    assert precise_text(2714793471.793333, 4) == "2.714.793.471,7933"
    assert precise_text(104.09164264, 7) == "104,0916426"


def test_the_comparison_does_not_depend_on_the_language() -> None:
    """The same figures reproduce in Indonesian and in English, and replay passes in both."""
    case = load_case(LKIP)
    rec = Recomputation.of(case)
    found = {}
    for lang in ("en", "id"):
        set_language(lang)
        found[lang] = [rec.check(pub).reproduces for pub in case.published]
        assert replay_files([LKIP]).ok, lang
    assert found["en"] == found["id"]
    assert found["en"].count(False) == 53


def test_a_finding_reads_as_an_office_writes_it() -> None:
    """'tercantum 97,60, hasil hitung 97,52' in Indonesian; '97.60' and '97.52' in English."""
    case = load_case(LKIP)
    rec = Recomputation.of(case)
    pub = next(p for p in case.published if p.source == "003:1986")
    check = rec.check(pub)
    assert check.presented == "97.52"
    set_language("id")
    assert (check.printed, check.shown) == ("97,60", "97,52")
    set_language("en")
    assert (check.printed, check.shown) == ("97.60", "97.52")
