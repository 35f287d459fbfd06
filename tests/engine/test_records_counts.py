"""COUNTNA and COUNTA over a column of a table of records count the unit's own rows only: a row
key of another unit is no row here (not_scored), neither answered nor unanswered. Expected
counts are read off examples/standar/ikm/survei_ikm.csv by hand: dpmptsp has 5 respondents, one
of whom left U5 blank; disdukcapil 6 and puskesmas_menteng 4, none blank."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[2]

CHILD = """\
id: ikm_hitung
extends: ../rulesets/standar/ikm_permenpanrb_14_2017.yaml
figures:
  kosong_u5: {level: unit_layanan, formula: COUNTNA(u5), assumption: unanswered U5}
  terjawab_u5: {level: unit_layanan, formula: COUNTA(u5), assumption: answered U5}
"""


def test_countna_and_counta_count_the_units_own_rows(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "rulesets", tmp_path / "rulesets")
    (tmp_path / "hitung").mkdir()
    ruleset = tmp_path / "hitung" / "ruleset.yaml"
    ruleset.write_text(CHILD, encoding="utf-8")
    report = tmp_path / "hasil.json"
    data = str(ROOT / "examples/standar/ikm")
    out = CliRunner().invoke(main, ["evaluate", str(ruleset), data, "-o", str(report)])
    assert out.exit_code == 0, out.output
    result = json.loads(report.read_text(encoding="utf-8"))
    figures = {
        (f["unit"], f["name"]): f["value"]
        for f in result["figures"]
        if f["name"] in ("kosong_u5", "terjawab_u5") and f["period"] == "tahunan"
    }
    assert figures == {
        ("dpmptsp", "kosong_u5"): 1,
        ("dpmptsp", "terjawab_u5"): 4,
        ("disdukcapil", "kosong_u5"): 0,
        ("disdukcapil", "terjawab_u5"): 6,
        ("puskesmas_menteng", "kosong_u5"): 0,
        ("puskesmas_menteng", "terjawab_u5"): 4,
    }
