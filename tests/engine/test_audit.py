"""The audit of the LKIP 2024 finds every published figure that does not reproduce, with its cause.

The causes are classified from the report's own data (rounding, blank cells, printed parts,
other published figures), never from a list of known errors: the expectations below are the
discrepancies of docs/extraction/2024-notes.md that the replay case can recompute.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from dsl.errors import PerkinErrors
from engine.history.audit import Auditor, audit_case, audit_file
from engine.history.cases import load_case
from engine.history.causes import CauseKind
from engine.history.replay import Recomputation, title

ROOT = Path(__file__).resolve().parents[2]
LKIP = ROOT / "tests" / "replay" / "2024_lkip_jakpus.yaml"


@cache
def findings() -> dict[str, list[str]]:
    """Each finding's head ('003:1574 sasaran_02 value 2024') → its indented lines."""
    out: dict[str, list[str]] = {}
    head = ""
    lines = audit_file(LKIP).lines()
    start = lines.index("figures that do not reproduce, with their arithmetic and causes:")
    for line in lines[start + 1 :]:
        if line.startswith("claims: "):
            break
        if line.startswith("    "):
            if not line.startswith(("    as printed: ", "    listed under conflict ")):
                out[head].append(line.strip())
        else:
            head = line.split(": published")[0]
            assert head not in out, f"two findings for {head}"
            out[head] = [line]
    return out


@cache
def cause_kinds() -> dict[str, list[CauseKind]]:
    """Each finding's head → the kinds of its causes, read from the audit's own classification
    (never from the wording of its lines)."""
    case = load_case(LKIP)
    auditor = Auditor(case, Recomputation.of(case))
    return {
        title(check.pub, case.unit): [cause.kind for cause in auditor.causes.of(check)]
        for check in auditor.checks
        if not check.reproduces
    }


def causes(head: str) -> list[str]:
    """The cause kinds of one finding: 'wrong_average', 'copied_value' …"""
    return [kind.value for kind in cause_kinds()[head]]


def test_the_header_counts_what_does_not_reproduce() -> None:
    """The first line counts the published figures, those that do not reproduce, and the
    conflicts they come from."""
    assert audit_file(LKIP).lines()[0] == (
        f"audit of {LKIP}: 356 published figures, 53 do not reproduce, in 13 conflicts"
    )
    assert len(findings()) == 53


def test_every_finding_shows_arithmetic_and_a_cause() -> None:
    """Each finding has its arithmetic and at least one cause, one line per cause found."""
    assert set(cause_kinds()) == set(findings())
    for head, lines in findings().items():
        assert lines[1].startswith("arithmetic: "), head
        shown = [line for line in lines if line.startswith("cause: ")]
        assert shown and len(shown) == len(cause_kinds()[head]), head


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # D01: Sasaran 2 average printed as the Sasaran 1 value
        ("003:1574 sasaran_02 value 2024", ["wrong_average", "copied_value"]),
        ("003:3060 sasaran_02 value 2024", ["wrong_average", "copied_value"]),
        # D02: the blank December realisation, counted as 0 by the report
        ("003:2980 konsistensi value 2024-12", ["blank_cell"]),
        ("003:2980 konsistensi value 2024", ["blank_cell", "carried_error"]),
        ("003:3079 nilai_implementasi value 2024", ["blank_cell", "carried_error"]),
        ("003:3081 nilai_kinerja_anggaran value 2024", ["blank_cell", "carried_error"]),
        # D03: IKM semester II printed as the annual value
        ("003:1772 ikm_kec_kel realisasi 2024-S2", ["copied_value"]),
        # D04: Asisten Perekonomian semester II against its own variables, and what it carries
        ("003:1981 asisten_perekonomian_pembangunan ek_koordinasi value 2024-S2", ["unexplained"]),
        ("003:1969 ek realisasi 2024-S2", ["carried_error"]),
        ("003:1524 ek realisasi 2024", ["carried_error"]),
        ("003:1696 iklka realisasi 2024-S2", ["carried_error"]),
        ("003:1522 iklka capaian 2024", ["carried_error"]),
        ("003:3030 asisten_perekonomian_pembangunan ek_koordinasi value 2024", ["carried_error"]),
        # D05, D06, D08, D09: cells that nothing in the data explains
        ("003:1526 komunikasi_publik realisasi 2024", ["unexplained"]),
        ("003:2523 kualitas_data_sdi capaian 2024", ["unexplained"]),
        ("003:1711 iklka target 2024", ["unexplained"]),
        ("003:1710 capaian_rb_2021 value 2024", ["unexplained"]),
        # D10, D11: averages that are not the mean of their printed parts
        ("003:3029 asisten_pemerintahan ek_koordinasi value 2024", ["wrong_average"]),
        ("003:3022 program_penunjang capaian_indikator_output value 2024", ["wrong_average"]),
        # D12 and its sums
        ("003:3001 program_kota_administrasi aa_x_cop value 2024", ["unexplained"]),
        ("003:3002 aa_x_cop value 2024", ["carried_error"]),
        ("003:3001 program_kota_administrasi selisih_efisiensi value 2024", ["carried_error"]),
        # D13: the TK column total
        ("003:2981 jumlah_tk value 2024", ["unexplained"]),
        # D18: the semester I value quoted for semester II
        ("003:1986 asisten_perekonomian_pembangunan ek_koordinasi value 2024-S2", ["copied_value"]),
        # D21: the program mean of truncated capaian
        (
            "003:3032 program_kota_administrasi capaian_indikator_output value 2024",
            ["rounded_parts"],
        ),
        # D22: 101.6512 printed 101.6
        ("003:1786 capaian_ikm_kec_kel_2020 value 2024", ["rounding_rule"]),
    ],
)
def test_the_cause_is_found_from_the_data(head: str, expected: list[str]) -> None:
    """Each discrepancy is found, with the causes the data supports."""
    assert causes(head) == expected


def test_d01_shows_the_mean_of_the_printed_parts() -> None:
    """D01: the audit shows (101.50 + 106.86)/2 and names the figure the value was copied from."""
    lines = findings()["003:1574 sasaran_02 value 2024"]
    assert lines[2] == (
        "cause: wrong average: the mean of its printed parts is (101.5 + 106.86)/2 = 104.18, "
        "not 104.08"
    )
    assert lines[3] == (
        "cause: copied value: 104.08 is printed for 003:1569 sasaran_01 value 2024, "
        "which follows from its own printed parts"
    )


def test_d02_shows_the_blank_cell_and_its_arithmetic() -> None:
    """D02: the December RA is blank; read as 0 it gives the printed 73.14, otherwise N/A."""
    lines = findings()["003:2980 konsistensi value 2024"]
    assert lines[0].endswith("computed N/A (N/A: B12: no data for ra_kumulatif in B12)")
    assert lines[1].startswith(
        "arithmetic: mean of konsistensi of jakarta_pusat over B01…B12: (38.2956 + 74.4479"
    )
    assert lines[1].endswith("+ 91.8356 + N/A)/12 → N/A (B12: no data for ra_kumulatif in B12)")
    assert lines[2] == (
        "cause: blank cell: ra_kumulatif of jakarta_pusat in 2024-12 has no value; "
        "read as 0 it gives 73.1443 → 73.14"
    )


QUIET = (
    "003:3075 penyerapan_tertimbang value 2024",
    "003:3006 nilai_efisiensi value 2024",
    "003:1761 ikm_kec_kel realisasi 2024",
    "003:1898 bendungan_hilir ikm_rata_rata value 2024",
)


def test_figures_that_reproduce_are_not_findings() -> None:
    """Published figures that reproduce (e.g. NKA parts not resting on December) are not listed."""
    case = load_case(LKIP)
    published = {title(pub, case.unit) for pub in case.published}
    for quiet in QUIET:
        assert quiet in published
        assert quiet not in findings()


def test_the_audit_does_not_read_the_known_wrong_annotations() -> None:
    """The case file's known_wrong notes are for replay; the audit finds the same figures and
    the same causes with every note removed."""
    case = load_case(LKIP)
    assert sum(pub.known_wrong is not None for pub in case.published) == 53
    bare = replace(case, published=tuple(replace(p, known_wrong=None) for p in case.published))
    assert audit_case(bare).lines() == audit_file(LKIP).lines()


def test_blank_cells_are_zero_filled_whatever_the_tokenizer(tmp_path: Path) -> None:
    """Wide CSV cells read column-wise count as reported values when blanks are zero-filled."""
    from engine.data.binding import bind
    from engine.data.read import read_data
    from engine.history.blanks import zero_filled as _zero_filled
    from engine.ruleset.loader import load_ruleset

    base = ROOT / "tests" / "bad_inputs" / "base"
    wide = tmp_path / "wide.csv"
    wide.write_text("unit,aduan@TW1,aduan@TW2,ikm@TW1\nKEL1,5,,80\nKEL2,3,4,\n")
    rs, paths = load_ruleset(base), [base / "units.csv", wide]
    columnar, plain = (_zero_filled(rs, read_data(paths, columnar=c)) for c in (True, False))
    assert read_data(paths).bulk.files, "the wide file is read column-wise"
    assert columnar.filled == plain.filled
    assert bind(rs, columnar.dataset).input_hash == bind(rs, plain.dataset).input_hash


def claim_lines() -> list[str]:
    """The audit's lines after 'claims:'."""
    lines = audit_file(LKIP).lines()
    return lines[lines.index("claims: 6 checked, 6 do not hold") :]


def test_the_lkip_claims_are_checked_with_their_working() -> None:
    """003:1641 says 60% exceed and 40% meet their target: 6 of 15 exceed (40%), 8 meet (53%),
    1 falls short (sasaran rounding 99.99); 003:285 says the khusus and operasional sasaran
    average 100%: they average 105.24."""
    head, above, at, mean, *_ = claim_lines()
    assert head == "claims: 6 checked, 6 do not hold"
    assert above.startswith("003:1641 claim 'share of every indicator above target")
    assert "printed 60%, computed 40% (does not hold; 6 of 15 indicators: iklka," in above
    assert "printed 40%, computed 53% (does not hold; 8 of 15 indicators:" in at
    assert "printed 100%, computed 105% (does not hold;" in mean and "= 105.242" in mean


def test_the_sasaran_claims_read_the_sasaran_scores() -> None:
    """003:2958 speaks of 26 sasaran, all at or above 100%: the PK has 14 sasaran (Tabel 13, one
    score each), and sasaran 13 stands at 99.99 (Tabel 61). 003:2807 prints that sasaran's 2024
    capaian as 100% on a line that prints 99.92% and 99.99% for earlier years."""
    count, share, pengaduan = claim_lines()[4:]
    assert count.startswith("003:2958 claim 'number of sasaran of every indicator'")
    assert "printed 26, computed 14 (does not hold; sasaran_01, sasaran_02," in count
    assert "printed 100%, computed 93% (does not hold; 13 of 14 sasaran: sasaran_01," in share
    assert "sasaran_13" not in share.split("sasaran: ", 1)[1]
    assert "'mean capaian of sasaran of pengaduan_masyarakat'" in pengaduan
    assert "printed 100%, computed 99.99% (does not hold; (99.99)/1 = 99.99)" in pengaduan


def _case_with(tmp_path: Path, claim: str, ruleset_edit: tuple[str, str] | None = None) -> str:
    """The LKIP case with one more claim (and the 2024 ruleset edited), audited: the errors."""
    text = LKIP.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + claim, 1)
    if ruleset_edit is not None:
        copy = tmp_path / "rulesets" / "2024"
        shutil.copytree(ROOT / "rulesets" / "2024", copy)
        shutil.copytree(ROOT / "rulesets" / "shared", tmp_path / "rulesets" / "shared")
        main = copy / "ruleset.yaml"
        old, new = ruleset_edit
        assert old in main.read_text(encoding="utf-8")
        main.write_text(main.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        text = text.replace("../../rulesets/2024", str(copy))
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("../../", str(ROOT) + "/"), encoding="utf-8")
    with pytest.raises(PerkinErrors) as err:
        audit_file(case)
    return err.value.render()


def test_a_claim_over_an_unknown_subject_is_a_located_error(tmp_path: Path) -> None:
    claim = '  - {claim: count, of: sasaaran, printed: "26", source: "003:2958"}\n'
    rendered = _case_with(tmp_path, claim)
    assert "error[H001]: unknown claim subject 'sasaaran'" in rendered
    assert "of: indicators | sasaran" in rendered


def test_a_sasaran_without_its_score_is_a_located_error(tmp_path: Path) -> None:
    """A sasaran's capaian is the ruleset's own score for it; without one, the claim cannot be
    checked and says so rather than averaging on its own."""
    claim = '  - {claim: count, of: sasaran, printed: "26", source: "003:2958"}\n'
    edit = (
        "    indicators: [pengaduan_masyarakat]\n",
        "    indicators: [pengaduan_masyarakat, tl_bpk]\n",
    )
    rendered = _case_with(tmp_path, claim, edit)
    expected = "no score gives the capaian of sasaran 'Meningkatnya penyelesaian pengaduan"
    assert expected in rendered, rendered


def test_a_claim_naming_nothing_is_a_located_error(tmp_path: Path) -> None:
    bad = '  - {claim: count, status: at, indicators: [iklk], printed: "1", source: "003:1641"}\n'
    text = LKIP.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + bad, 1)
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("../../", str(ROOT) + "/"), encoding="utf-8")
    with pytest.raises(PerkinErrors) as err:
        audit_file(case)
    rendered = err.value.render()
    assert "error[H001]: unknown indicator 'iklk'" in rendered
    assert "did you mean 'iklka'?" in rendered


def test_a_weighted_mean_shows_its_weights() -> None:
    """Uneven roll-up weights are part of the arithmetic; even ones read as a plain mean."""
    from engine.history.derivations import Derivation, Part

    parts = (Part("x", "a", "tahunan", None), Part("x", "b", "tahunan", None))
    uneven = Derivation("weighted_mean", parts, "the units below", (2.0, 1.0))
    assert uneven.arithmetic([90.0, 60.0]) == "(2 × 90 + 1 × 60)/3"
    even = Derivation("weighted_mean", parts, "the units below", (1.0, 1.0))
    assert even.arithmetic([90.0, 60.0]) == "(90 + 60)/2"
