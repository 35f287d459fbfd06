"""Every view of a bundled year states the same counts (issue 11): units, scored units, indicator
rows, capaian N/A, capaian without target, scores, figures, ranking rows and N/A by kind, each
parsed from the rendered summary and --detail Markdown, the terminal table, JSON, CSV, XLSX and
HTML, and compared with engine/render/counts.py."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

import cli
from dsl.values import NaKind
from engine import api
from engine.render import render
from engine.render.counts import Counts, counts

ROOT = Path(__file__).parent.parent
YEARS = ("2016", "2020", "2022", "2023", "2024")

# the English labels every view states a count under (engine/render/counts.py), written out
# here so that a relabelled or dropped count fails this test
LABELS = {
    "units": "units",
    "scored_units": "scored units",
    "indicator_rows": "indicator rows",
    "capaian_na": "capaian N/A",
    "capaian_no_target": "capaian without target",
    "scores": "scores",
    "figures": "figures",
    "rankings": "ranking rows",
}
KIND_LABELS = {
    "no data": NaKind.NO_DATA,
    "reported as N/A by the office": NaKind.REPORTED,
    "no target for the period (not applicable, not missing data)": NaKind.NO_TARGET,
    "not scored at this level or period": NaKind.NOT_SCORED,
    "follows from another N/A": NaKind.DERIVED,
    "set N/A by the ruleset (NA in a formula)": NaKind.RULE,
    "not validated": NaKind.NOT_VALIDATED,
    "indicator not chosen by the unit": NaKind.NOT_CHOSEN,
}


@pytest.fixture(scope="module", params=YEARS)
def scored(request: pytest.FixtureRequest) -> tuple[str, Any, Any, Counts]:
    year = str(request.param)
    ruleset, result, _found = api.evaluate(
        ROOT / "rulesets" / year, [ROOT / "examples" / year], None, ()
    )
    return year, ruleset, result, counts(result, ruleset)


def stated(pairs: list[tuple[str, int]]) -> dict[str, object]:
    """{count name: value} from (label, value) pairs as a view states them."""
    out: dict[str, object] = {}
    kinds: dict[NaKind, int] = {}
    for label, n in pairs:
        if label.startswith("N/A: "):
            kinds[KIND_LABELS[label.removeprefix("N/A: ")]] = n
        else:
            names = [k for k, v in LABELS.items() if v == label]
            assert names, f"unknown count label {label!r}"
            out[names[0]] = n
    out["na_by_kind"] = kinds
    return out


def expected(c: Counts, *names: str) -> dict[str, object]:
    return {name: getattr(c, name) for name in names}


def kinds_of(pairs: list[tuple[str | None, str | None]]) -> dict[NaKind, int]:
    """N/A counts by kind from (reason, kind) pairs; a reason without a kind is derived."""
    found = Counter(NaKind(k) if k else NaKind.DERIVED for reason, k in pairs if reason)
    return {kind: found[kind] for kind in NaKind if found[kind]}


def test_summary_markdown(scored: tuple[str, Any, Any, Counts]) -> None:
    _year, ruleset, result, c = scored
    text = str(render(result, "md", ruleset))
    kinds = {KIND_LABELS[m[1]]: int(m[2]) for m in re.finditer(r"^- (.+): (\d+)$", text, re.M)}
    assert kinds == c.na_by_kind
    if not c.na_by_kind:
        assert "\nNo N/A in the result.\n" in text
    hidden = re.search(r"^Hidden: .*?(\d+) figures?", text, re.M)
    assert (int(hidden[1]) if hidden else 0) == c.figures


def _table_rows(lines: list[str], heading: str) -> list[list[str]]:
    """The cells of the Markdown table under `## heading`."""
    if f"## {heading}" not in lines:
        return []
    start = lines.index(f"## {heading}") + 4  # heading, blank, header, rule
    rows = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_detail_markdown(scored: tuple[str, Any, Any, Counts]) -> None:
    _year, ruleset, result, c = scored
    lines = str(render(result, "md", ruleset, detail=True)).splitlines()
    indicators = _table_rows(lines, "Indicator capaian")
    values = _table_rows(lines, "Scores and figures")
    ranks = _table_rows(lines, "Rankings")
    na_rows = sum(1 for row in indicators if row[5] == "N/A")
    note = re.match(r"(\d+) indicator rows? ha(?:s|ve) capaian N/A; [^.]*\.", lines[-1])
    assert note is not None or lines[-1].startswith("No indicator row has capaian N/A.")
    none = re.search(r" (\d+) indicator rows? ha(?:s|ve) no target, so .*\.$", lines[-1])
    assert (int(note[1]) if note else 0, int(none[1]) if none else 0) == (
        c.capaian_na,
        c.capaian_no_target,
    )
    assert (len(indicators), na_rows, len(values), len(ranks)) == (
        c.indicator_rows,
        c.capaian_na + c.capaian_no_target,
        c.scores + c.figures,
        c.rankings,
    )


def _terminal_tables(text: str) -> dict[str, list[list[str]]]:
    """Rich tables by title (the line above the box), rows as cells."""
    tables: dict[str, list[list[str]]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("│"):
            tables.setdefault(title, []).append([c.strip() for c in line.strip("│").split("│")])
        elif line and line[0] not in "┏┃┡└":
            title = line.strip()
    return tables


def test_terminal_table(
    scored: tuple[str, Any, Any, Counts], monkeypatch: pytest.MonkeyPatch
) -> None:
    year, _ruleset, _result, c = scored
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "3000")  # one line per row
    monkeypatch.chdir(ROOT)
    args = ["--lang", "en", "evaluate", f"rulesets/{year}", f"examples/{year}", "--quiet"]
    summary = CliRunner().invoke(cli.main, args, catch_exceptions=False).stdout
    kinds = {KIND_LABELS[m[1]]: int(m[2]) for m in re.finditer(r"^  (.+): (\d+)$", summary, re.M)}
    assert kinds == c.na_by_kind
    hidden = re.search(r"^Hidden: .*?(\d+) figures?", summary, re.M)
    assert (int(hidden[1]) if hidden else 0) == c.figures
    detail = CliRunner().invoke(cli.main, [*args, "--detail"], catch_exceptions=False).stdout
    tables = _terminal_tables(detail)
    indicators = tables.get("Indicator capaian", [])
    assert (
        len(indicators),
        sum(1 for row in indicators if row[5] == "N/A"),
        len(tables.get("Scores and figures", [])),
        len(tables.get("Rankings", [])),
    ) == (c.indicator_rows, c.capaian_na + c.capaian_no_target, c.scores + c.figures, c.rankings)


def test_json(scored: tuple[str, Any, Any, Counts]) -> None:
    _year, ruleset, result, c = scored
    doc = json.loads(render(result, "json", ruleset))
    levels = ruleset.scored_levels
    numbers = [
        row[part] for row in doc["indicators"] for part in ("target", "realisasi", "capaian")
    ]
    numbers += [*doc["scores"], *doc["figures"], *doc["rankings"]]
    capaian = [row["capaian"] for row in doc["indicators"]]
    got = {
        "units": len(doc["units"]),
        "scored_units": sum(1 for u in doc["units"] if levels is None or u["level"] in levels),
        "indicator_rows": len(doc["indicators"]),
        "capaian_na": sum(
            1 for cap in capaian if "na" in cap and cap.get("na_kind") != "no_target"
        ),
        "capaian_no_target": sum(1 for cap in capaian if cap.get("na_kind") == "no_target"),
        "scores": len(doc["scores"]),
        "figures": len(doc["figures"]),
        "rankings": len(doc["rankings"]),
        "na_by_kind": kinds_of([(n.get("na"), n.get("na_kind")) for n in numbers]),
    }
    assert got == c._asdict()


def test_csv(scored: tuple[str, Any, Any, Counts]) -> None:
    _year, ruleset, result, c = scored
    rows = list(csv.DictReader(io.StringIO(str(render(result, "csv", ruleset)))))
    jenis = Counter(row["jenis"] for row in rows)
    capaian = [r for r in rows if r["jenis"] == "indikator" and r["part"] == "capaian"]
    got = {
        "indicator_rows": len(capaian),
        "capaian_na": sum(1 for r in capaian if r["na"] and r["na_kind"] != "no_target"),
        "capaian_no_target": sum(1 for r in capaian if r["na_kind"] == "no_target"),
        "scores": jenis["nilai"],
        "figures": jenis["figur"],
        "rankings": jenis["peringkat"],
        "na_by_kind": kinds_of([(r["na"], r["na_kind"]) for r in rows if r["jenis"] != "catatan"]),
    }
    assert jenis["indikator"] == 3 * len(capaian)
    assert got == expected(c, *got)


def test_xlsx(scored: tuple[str, Any, Any, Counts], tmp_path: Path) -> None:
    _year, ruleset, result, c = scored
    path = tmp_path / "hasil.xlsx"
    path.write_bytes(bytes(render(result, "xlsx", ruleset)))
    sheet = openpyxl.load_workbook(path, read_only=True)["Summary"]
    pairs = [(str(label), value) for label, value in sheet.iter_rows(values_only=True)]
    counted = [
        (label, int(v)) for label, v in pairs if label in LABELS.values() or label[:5] == "N/A: "
    ]
    assert stated(counted) == c._asdict()


def test_html(scored: tuple[str, Any, Any, Counts]) -> None:
    _year, ruleset, result, c = scored
    page = str(render(result, "html", ruleset))
    line = re.search(r'<ul class="counts">(.*?)</ul>', page)
    assert line is not None
    pairs = [(m[2], int(m[1])) for m in re.finditer(r"<li><b>(\d+)</b> (.*?)</li>", line[1])]
    assert stated(pairs) == c._asdict()
