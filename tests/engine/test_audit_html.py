"""`perkin audit --format html` (issue 14, item 5): one self-contained page with the same
sections as the Markdown audit, the conflicts first, and lines to sign."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE = "tests/replay/2024_lkip_jakpus.yaml"


class _Page(HTMLParser):
    """Tags, their nesting and the text of headings."""

    VOID = frozenset({"meta", "col", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.tables = 0
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]
        self.tables += tag == "table"
        if tag not in self.VOID:
            self.open.append(tag)
        if tag in ("h1", "h2", "h3"):
            self._heading = ""

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
        self.open.pop()
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((tag, self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading += data


def _page(*args: str) -> tuple[_Page, str]:
    out = CliRunner().invoke(main, [*args, "audit", CASE, "--format", "html"])
    assert out.exit_code == 0, out.output
    page = _Page()
    page.feed(out.output)
    assert page.open == [], page.open  # every element closed
    return page, out.output


def test_the_conflicts_come_first_then_the_figures_then_the_claims() -> None:
    page, text = _page()
    titles = [t for _tag, t in page.headings]
    assert titles[0] == "Audit of published figures"
    assert titles[2].startswith("conflict 1: 15 printed cells, 26 figures that do not reproduce")
    assert sum(t.startswith("conflict ") for t in titles) == 13
    assert titles.index("Figures that do not reproduce") > 13
    assert "356 published figures, 53 do not reproduce, in 13 conflicts" in text
    # D04's first alternative: a Tabel 36 cell that would be 95.45 (the value printed beside it)
    assert "printed 97.73 would be 95.45" in text
    assert page.tables >= 14 and page.links == []  # no online source: one file to attach
    assert "Prepared by" in text and "Checked by" in text


def test_in_indonesian_and_from_the_file_name(tmp_path: Path) -> None:
    page, text = _page("--lang", "id")
    assert page.headings[0] == ("h1", "Audit Figur yang Dipublikasikan")
    assert "Figur yang tidak dapat direproduksi" in text and "Disusun oleh" in text
    target = tmp_path / "audit.html"
    out = CliRunner().invoke(main, ["audit", CASE, "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    """A case file whose name is markup stays text."""
    case = (ROOT / "tests/replay/2022_bekasi.yaml").read_text(encoding="utf-8")
    hostile = tmp_path / "bekasi.yaml"
    hostile.write_text(
        case.replace("ruleset: rulesets/2022", f"ruleset: {ROOT}/rulesets/2022").replace(
            "data: [examples/2022]", f"data: [{ROOT}/examples/2022]"
        ),
        encoding="utf-8",
    )
    renamed = tmp_path / "<img src=x onerror=alert(1)>.yaml"
    hostile.rename(renamed)
    out = CliRunner().invoke(main, ["replay", str(renamed), "--format", "html"])
    assert out.exit_code == 0, out.output
    assert "<img" not in out.output and "&lt;img src=x onerror=alert(1)&gt;" in out.output
