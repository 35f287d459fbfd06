"""Conflicts of the LKIP 2024 audit: the printed cells that cannot all be right, the ranked
alternatives that make the report consistent, and the figures that follow from them.

Expected values are worked by hand from the printed cells (examples/2024, LKIP 003), never
taken from the code under test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dsl.rounding import format_fixed
from engine.history import conflicts as conflicts_module
from engine.history.audit import Audit, audit_file
from engine.history.conflicts import Conflict
from engine.history.diagnosis import Correction, _one_slip, _slips

ROOT = Path(__file__).resolve().parents[2]
LKIP = ROOT / "tests" / "replay" / "2024_lkip_jakpus.yaml"
D04 = "003:1981"  # Asisten Perekonomian dan Pembangunan, semester II, printed 97.43


@cache
def audit() -> Audit:
    return audit_file(LKIP)


def conflict_of(citation: str) -> Conflict:
    """The one conflict whose own figures include the printed line."""
    found = [
        c
        for c in audit().conflicts
        if any(ch.pub.source == citation for ch in c.checks if ch not in c.follows)
    ]
    assert len(found) == 1, f"{citation} is in {len(found)} conflicts"
    return found[0]


def fixes(conflict: Conflict) -> list[set[str]]:
    """Each alternative as the set of 'citation or input@unit@period' it corrects."""
    return [
        {
            f.cell.pubs[0].source
            if f.cell.pubs
            else f"{f.cell.key[1]}@{f.cell.key[0]}@{f.cell.key[3]}"
            for f in d.fixes
        }
        for d in conflict.alternatives
    ]


def ek_s2(v06: float, v07: float, v08: float, v09: float) -> float:
    """The Asisten Perekonomian semester II coordination index of Tabel 36 by hand: the mean of
    the 9 unsur, unsur 5, 6 and 7 the means of their variables (all others 97.73)."""
    other = 97.73
    unsur = [other] * 4 + [(other + v06) / 2, (v07 + v08 + v09) / 3, (other + other) / 2]
    return sum([*unsur, other, other]) / 9


def test_the_heading_counts_conflicts_beside_figures() -> None:
    assert (
        audit().lines()[0].endswith("356 published figures, 53 do not reproduce, in 13 conflicts")
    )
    assert len(audit().conflicts) == 13


def test_d04_is_one_conflict_with_both_readings_as_alternatives() -> None:
    """97.43 is wrong (the variables give 97.52), or a Tabel 36 cell of 97.73 should be 95.45
    (a value printed beside it): both make the report consistent; 97.60 at 003:1986 (the
    semester I value) is wrong either way."""
    assert format_fixed(ek_s2(95.45, 95.45, 97.73, 97.73), 2) == "97.52"
    assert format_fixed(ek_s2(95.45, 95.45, 95.45, 97.73), 2) == "97.43"
    conflict = conflict_of(D04)
    alternatives = fixes(conflict)
    assert {"ek_v08@asisten_perekonomian_pembangunan@S2", "003:1986"} in alternatives
    assert {"ek_v09@asisten_perekonomian_pembangunan@S2", "003:1986"} in alternatives
    assert {D04, "003:1986"} in alternatives
    first = conflict.alternatives[0]
    tabel_36 = next(f for f in first.fixes if f.cell.is_input)
    assert tabel_36.value == 95.45 and tabel_36.kind is Correction.COPIED
    assert tabel_36.low is not None and tabel_36.high is not None
    assert tabel_36.low <= 95.45 < tabel_36.high
    assert first.changes == ()


def test_d04_lists_what_follows_under_it_not_as_conflicts_of_their_own() -> None:
    """96.81 (003:1969), 98.07 (003:1696) and 97.52 (003:3030) follow from 97.43 as printed."""
    conflict = conflict_of(D04)
    following = {c.pub.source for c in conflict.follows}
    assert {"003:1969", "003:1696", "003:3030", "003:1524"} <= following
    for other in audit().conflicts:
        own = {c.pub.source for c in other.checks if c not in other.follows}
        assert "003:1969" not in own
        if other is not conflict:
            # 98.07 = (99.33 + 96.81)/2: the report used the IKM of its kecamatan, not the
            # 98.98 it printed at 003:1772, so it rests on D04 alone
            assert "003:1696" not in {c.pub.source for c in other.checks}
    assert conflict.severity == 26


def test_correcting_97_43_names_the_figures_that_would_change() -> None:
    """With 97.52 the kota semester II EK is (97.11 + 95.90 + 97.52)/3 = 96.84, not 96.81."""
    assert format_fixed((97.11 + 95.90 + ek_s2(95.45, 95.45, 97.73, 97.73)) / 3, 2) == "96.84"
    conflict = conflict_of(D04)
    index = fixes(conflict).index({D04, "003:1986"})
    changes = {c.cell.pubs[0].source: c.value for c in conflict.alternatives[index].changes}
    assert format_fixed(changes["003:1969"], 2) == "96.84"


def test_d01_has_one_alternative_the_average_itself() -> None:
    """(101.50 + 106.86)/2 = 104.18: the printed parts follow from their own inputs."""
    conflict = conflict_of("003:1574")
    assert fixes(conflict) == [{"003:1574"}]
    assert format_fixed(conflict.alternatives[0].fixes[0].value or 0, 2) == "104.18"


def test_d02_the_blank_december_cell_read_as_zero_is_an_alternative() -> None:
    conflict = conflict_of("003:2980")
    found = [
        f for d in conflict.alternatives for f in d.fixes
        if f.cell.is_input and f.cell.key[1] == "ra_kumulatif"
    ]  # fmt: skip
    assert found and found[0].value == 0.0 and found[0].kind is Correction.BLANK_AS_ZERO
    assert found[0].cell.number is None


def test_a_truncated_figure_is_a_rounding_habit() -> None:
    """101.6512 printed 101.6 (003:1786)."""
    first = conflict_of("003:1786").alternatives[0]
    assert [f.kind for f in first.fixes] == [Correction.ROUNDING]


def test_a_label_that_does_not_reproduce_has_no_alternative() -> None:
    """'WTP (3)' printed for a composite the inputs give 100 (003:1526)."""
    conflict = conflict_of("003:1526")
    assert conflict.cells == () and conflict.alternatives == ()
    text = "\n".join(audit().lines())
    assert "no alternative: only the printed text itself can be wrong" in text


def test_both_readings_are_shown_per_figure() -> None:
    """003:1969 reproduces as printed but not from the lowest inputs; 003:1981 neither."""
    by_source = {f.check.pub.source: f for f in audit().findings}
    assert by_source["003:1969"].as_printed.reproduces is True
    assert by_source["003:1981"].as_printed.reproduces is False
    lines = by_source["003:1969"].lines()
    assert "    as printed: reproduces from the printed figures it builds on" in lines
    assert any(line.startswith("    listed under conflict ") for line in lines)


def test_the_search_says_when_it_stops_at_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conflicts_module, "MAX_TRIED", 1)
    bounded = audit_file(LKIP)
    d04 = next(c for c in bounded.conflicts if any(ch.pub.source == D04 for ch in c.checks))
    assert d04.gave_up
    assert "    the search for alternatives stopped at its bound; more may exist" in bounded.lines()


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [("92.88", "92.80", True), ("97.43", "97.34", True), ("97.43", "97.52", False),
     ("97.43", "97.43", False), ("100.0", "10.00", False)],
)  # fmt: skip
def test_a_digit_slip_is_one_digit_changed_or_two_swapped(a: str, b: str, slip: bool) -> None:
    assert _one_slip(a, b) is slip


def test_the_slips_of_a_printed_number() -> None:
    found = _slips("4.56", 2)
    assert 4.65 in found and 4.57 in found and 9.56 in found and 4.56 not in found
    assert 5.46 not in found  # digits on both sides of the mark are not neighbours
    assert len(found) == 3 * 9 + 1


def test_conflicts_in_indonesian() -> None:
    from dsl.i18n import set_language

    set_language("id")
    try:
        lines = audit_file(LKIP).lines()
    finally:
        set_language("en")
    assert lines[0].endswith("53 tidak dapat direproduksi, dalam 13 konflik")
    assert lines[1] == "konflik 1: 15 sel tercetak, 26 figur tidak dapat direproduksi"
    assert "tercetak 97,73 seharusnya 95,45 (nilai berapa pun dari 95,195 sampai 95,465" in lines[3]


def test_an_alternative_names_the_predikat_it_would_move(tmp_path: Path) -> None:
    """Sasaran 2 printed 60.00 instead of 104.08: correcting it to (101.50 + 106.86)/2 = 104.18
    moves its predikat from Rendah (50.01-65) to Sangat Tinggi (above 90.01)."""
    text = LKIP.read_text(encoding="utf-8").replace("../../", str(ROOT) + "/")
    text = text.replace(
        '{score: sasaran_02, printed: "104.08", source: "003:1574"',
        '{score: sasaran_02, printed: "60.00", source: "003:1574"',
    ).replace(
        '{score: sasaran_02, printed: "104,08%", source: "003:3060"',
        '{score: sasaran_02, printed: "60,00%", source: "003:3060"',
    )
    assert text.count('printed: "60.00"') == 1 and text.count('printed: "60,00%"') == 1
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    found = audit_file(case)
    conflict = next(
        c for c in found.conflicts if any(ch.pub.source == "003:1574" for ch in c.checks)
    )
    first = conflict.alternatives[0]
    assert "003:1574" in [f.cell.pubs[0].source for f in first.fixes]
    bands = {(b.pub.source, b.before, b.after) for b in first.bands}
    assert ("003:1574", "Rendah", "Sangat Tinggi") in bands
    assert "predikat of 003:1574 sasaran_02 predikat 2024: Rendah → Sangat Tinggi" in "\n".join(
        found.lines()
    )
