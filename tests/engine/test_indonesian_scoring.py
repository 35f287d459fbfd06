"""Scoring, explain and the audit in Indonesian, the default language: the words change, the
kinds programs read (N/A kinds, tie kinds, cause kinds) do not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import cli
from dsl.i18n import set_language
from engine.history.audit import Auditor
from engine.history.cases import load_case
from engine.history.replay import Recomputation, title
from tests.conftest import check_golden

ROOT = Path(__file__).resolve().parents[2]
SEM = ROOT / "tests" / "engine" / "semantics"
LKIP = "tests/replay/2024_lkip_jakpus.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def test_explain_in_indonesian_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The derivation an auditor reads: labels, the combining and the rounding in Indonesian."""
    monkeypatch.chdir(ROOT)  # provenance shows the data path as typed
    res = run(
        "--lang", "id", "explain", str(SEM), "tests/engine/semantics/data.yaml",
        "--unit", "kota", "--indicator", "incremental",
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert "aduan_selesai = jumlah 4 triwulan = 100" in res.stdout
    assert "disajikan: 100,00 (2 desimal, pembulatan setengah ke atas)" in res.stdout
    check_golden("explain_incremental.id.txt", res.stdout)


def test_explain_unknown_unit_in_indonesian() -> None:
    res = run(
        "--lang", "id", "explain", str(SEM), str(SEM / "data.yaml"),
        "--unit", "kot", "--indicator", "incremental",
    )  # fmt: skip
    assert res.exit_code == 1
    assert "unit 'kot' tidak dikenal" in res.stderr


def test_audit_in_indonesian_golden() -> None:
    """The LKIP 2024 audit: every finding, its arithmetic and its causes in Indonesian."""
    res = run("--lang", "id", "audit", LKIP)
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == (
        f"audit {LKIP}: 356 figur yang dipublikasikan, 53 tidak dapat direproduksi, "
        "dalam 13 konflik"
    )
    assert "    penyebab: aturan pembulatan: laporan memotong 101,6512 menjadi 101,6; " in (
        res.stdout
    )
    assert "klaim: 6 diperiksa, 6 tidak terbukti" in lines
    check_golden("audit_2024_lkip_jakpus.id.txt", res.stdout)


def _causes(lang: str) -> dict[str, list[str]]:
    set_language(lang)
    case = load_case(ROOT / LKIP)
    auditor = Auditor(case, Recomputation.of(case))
    found = [
        (check.pub, [cause.kind.value for cause in auditor.causes.of(check)])
        for check in auditor.checks
        if not check.reproduces
    ]
    set_language("en")  # the titles as keys, in one language
    return {title(pub, case.unit): kinds for pub, kinds in found}


def test_the_audit_finds_the_same_causes_in_either_language() -> None:
    """Causes are classified by kind, never by their words."""
    english = _causes("en")
    assert len(english) == 53
    assert _causes("id") == english


def _json(lang: str, *args: str) -> dict[str, Any]:
    res = run("--lang", lang, "evaluate", *args, "--format", "json", "--quiet")
    assert res.exit_code == 0, res.stderr
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def _na(doc: dict[str, Any]) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    return {
        (r["unit"], r["indicator"], r["period"], part): (r[part]["na"], r[part]["na_kind"])
        for r in doc["indicators"]
        for part in ("target", "realisasi", "capaian")
        if "na" in r[part]
    }


def test_na_reasons_in_indonesian_keep_their_kind() -> None:
    """Each N/A says why in the report's language; its kind is the same in both languages."""
    indonesian = _na(_json("id", str(SEM), str(SEM / "data.yaml")))
    english = _na(_json("en", str(SEM), str(SEM / "data.yaml")))
    assert indonesian.keys() == english.keys()
    assert {k: v[1] for k, v in indonesian.items()} == {k: v[1] for k, v in english.items()}
    assert indonesian[("kota", "level_ikm", "TW1", "realisasi")] == (
        "ikm dilaporkan N/A pada TW1",
        "reported",
    )
    assert indonesian[("kota", "cumulative", "TW3", "target")] == (
        "target N/A pada TW3",
        "no_target",
    )
    assert english[("kota", "cumulative", "TW3", "target")] == ("target is N/A in TW3", "no_target")
    assert indonesian[("kec_c", "skor", "tahunan", "realisasi")] == (
        "tidak ada nilai kelurahan untuk diagregasi",
        "derived",
    )


def test_a_tie_has_its_kind_beside_the_note() -> None:
    """A tie left to the Tim Penilai is 'undecided' for programs, a sentence for people."""
    ranks = {
        lang: {r["unit"]: r for r in _json(lang, "rulesets/2022", "examples/2022")["rankings"]}
        for lang in ("id", "en")
    }
    for lang in ranks:
        assert ranks[lang]["bekasi_timur"]["tie"] == "undecided"
        assert ranks[lang]["bekasi_barat"]["tie"] == "separated"
    assert ranks["id"]["bekasi_timur"]["note"] == (
        "nilai sama (seri) tetap ada setelah semua penentu seri; diputuskan oleh Tim Penilai"
    )
    assert ranks["en"]["bekasi_timur"]["note"] == (
        "tie survives every tie-breaker; for the Tim Penilai to decide"
    )
    assert ranks["id"]["bekasi_barat"]["note"] == (
        "seri dengan Kecamatan Jatiasih pada Nilai akhir kinerja kecamatan; dipisahkan oleh "
        "indikator_penunjang"
    )


def test_the_default_capaian_rule_reads_as_a_sentence() -> None:
    """'default: higher is better', never the ruleset's bare 'polaritas higher'."""
    from engine.scoring.result import default_capaian_text, polarity_text

    assert default_capaian_text("higher") == "default: higher is better"
    set_language("id")
    assert default_capaian_text("higher") == "bawaan: makin tinggi makin baik"
    assert polarity_text("lower") == "makin rendah makin baik"
