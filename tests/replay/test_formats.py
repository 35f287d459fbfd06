"""`perkin audit` and `perkin replay` as text, Markdown and JSON: the JSON validates against
schemas/audit.schema.json, the Markdown is a golden file in both languages, -o writes the format
its file name asks for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

import cli
from tests.conftest import check_golden

ROOT = Path(__file__).parents[2]
LKIP = "tests/replay/2024_lkip_jakpus.yaml"
SCHEMA = json.loads((ROOT / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # case paths in the output are relative to the working directory


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def _json(*args: str) -> dict[str, Any]:
    res = run(*args, "--format", "json")
    document: dict[str, Any] = json.loads(res.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def _finding(document: dict[str, Any], citation: str, period: str) -> dict[str, Any]:
    found = [
        f
        for f in document["cases"][0]["findings"]
        if f["citation"] == citation and f["period"] == period
    ]
    assert len(found) == 1, [f["title"] for f in found]
    return found[0]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_audit_json_validates_and_keeps_numbers(lang: str) -> None:
    """A finding carries its citation, both values as numbers, the cause kind and the texts."""
    document = _json("--lang", lang, "audit", LKIP)
    assert (document["command"], document["language"]) == ("audit", lang)
    case = document["cases"][0]
    assert (case["published"], case["not_reproduced"], len(case["findings"])) == (356, 53, 53)
    copied = _finding(document, "003:1986", "2024-S2")
    assert copied["published"]["number"] == 97.6
    assert copied["recomputed"]["presented"] == "97.52"
    assert copied["recomputed"]["value"] == pytest.approx(97.5188889, abs=1e-7)
    assert [c["kind"] for c in copied["causes"]] == ["copied_value"]
    assert copied["reproduces"] is False
    shown = {"id": ("97,60", "97,52"), "en": ("97.60", "97.52")}[lang]
    assert (copied["published"]["text"], copied["recomputed"]["text"]) == shown
    assert [c["holds"] for c in case["claims"]] == [False] * 6
    assert case["claims"][0]["recomputed"]["value"] == pytest.approx(40.0)


def test_audit_json_causes_do_not_depend_on_the_language() -> None:
    """Only the texts change with --lang: kinds, verdicts and numbers are the same."""

    def facts(document: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (
                f["citation"],
                f["period"],
                f["published"]["number"],
                f["recomputed"]["presented"],
                tuple(c["kind"] for c in f["causes"]),
            )
            for f in document["cases"][0]["findings"]
        ]

    indonesian = facts(_json("--lang", "id", "audit", LKIP))
    assert indonesian == facts(_json("--lang", "en", "audit", LKIP))
    assert len(indonesian) == 53


def test_replay_json_validates() -> None:
    """Replay gives the same document: every known-wrong figure passes, the run is ok."""
    document = _json("--lang", "id", "replay", LKIP, "tests/replay/2022_bekasi.yaml")
    assert document["command"] == "replay" and document["ok"] is True
    lkip = document["cases"][0]
    assert len(lkip["findings"]) == 53
    assert all(f["passes"] and f["known_wrong"] for f in lkip["findings"])
    assert _finding(document, "003:1986", "2024-S2")["recomputed"]["text"] == "97,52"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_audit_markdown_golden(lang: str) -> None:
    res = run("--lang", lang, "audit", LKIP, "--format", "md")
    assert res.exit_code == 0, res.stderr
    check_golden(f"audit_2024_lkip_jakpus.{lang}.md", res.stdout)


def test_audit_markdown_escapes_table_text() -> None:
    """A series item in brackets is inert text in a Markdown table, not a link."""
    res = run("--lang", "en", "audit", LKIP, "--format", "md")
    assert "| 003:1786 | capaian_ikm_kec_kel_2020 value 2024 | 101.6 | 101.7 |" in res.stdout


def test_output_file_format_from_its_name(tmp_path: Path) -> None:
    """-o audit.json writes JSON, -o audit.md Markdown, atomically; stdout stays empty."""
    for name, first in (("audit.json", "{"), ("audit.md", "# ")):
        out = tmp_path / name
        res = run("--lang", "id", "audit", LKIP, "-o", str(out))
        assert res.exit_code == 0, res.stderr
        assert res.stdout == ""
        assert out.read_text(encoding="utf-8").startswith(first)
    jsonschema.validate(json.loads((tmp_path / "audit.json").read_text()), SCHEMA)


def test_output_text_needs_format_for_an_unknown_extension(tmp_path: Path) -> None:
    out = tmp_path / "audit.txt"
    res = run("audit", LKIP, "-o", str(out))
    assert res.exit_code == 2
    assert "cannot tell the format of" in res.stderr
    res = run("audit", LKIP, "-o", str(out), "--format", "text")
    assert res.exit_code == 0, res.stderr
    assert out.read_text(encoding="utf-8") == run("audit", LKIP).stdout


def test_format_contradicting_the_file_name_is_refused(tmp_path: Path) -> None:
    res = run("replay", LKIP, "-o", str(tmp_path / "r.json"), "--format", "md")
    assert res.exit_code == 2
    assert "contradicts the output file" in res.stderr
    assert not (tmp_path / "r.json").exists()


def test_output_may_not_overwrite_an_input() -> None:
    """The case file is an input: -o naming it is refused and the file is untouched."""
    before = (ROOT / LKIP).read_bytes()
    res = run("audit", LKIP, "--format", "text", "-o", LKIP)
    assert res.exit_code != 0
    assert (ROOT / LKIP).read_bytes() == before
