"""Golden files of the reports as a person reads them (issue 11): the terminal table, Markdown
--detail, CSV and the HTML report's text, in Indonesian and English (regenerate with
PERKIN_UPDATE_GOLDEN=1 and read the diff)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from tests.conftest import check_golden

ROOT = Path(__file__).parent.parent

# elements that start a new line of text; td/th are joined on one line with " | "
_BLOCKS = frozenset({
    "p", "div", "section", "header", "footer", "article", "nav", "main", "title", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
    "caption", "figure", "figcaption", "details", "summary",
})  # fmt: skip
_SKIPPED = frozenset({"style", "script"})


class _Text(HTMLParser):
    """The text content of an HTML page, one line per block element, cells joined by ' | '."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]
        self.skipping = 0
        self.cells = 0  # cells begun in the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.lines.append([])
            self.cells = 0
        elif tag in ("td", "th"):
            self.lines[-1] += ["|"] if self.cells else []
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.lines.append([])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1].append(data)

    def text(self) -> str:
        # pieces are joined with a space (a badge or an SVG label is a word of its own), but not
        # before punctuation that follows an element, as in '<span>N/A</span>: reason'
        spaced = (re.sub(r"\s+", " ", " ".join(words)).strip() for words in self.lines)
        joined = (re.sub(r" ([:;,.])(?=\s|$)", r"\1", line) for line in spaced)
        return "\n".join(line for line in joined if line) + "\n"


def html_text(page: str) -> str:
    """The page's text with tags, styles and scripts removed and whitespace normalised."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    return parser.text()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def evaluate(year: str, lang: str, *args: str) -> str:
    res = CliRunner().invoke(
        cli.main,
        ["--lang", lang, "evaluate", f"rulesets/{year}", f"examples/{year}", "--quiet", *args],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.stderr
    return res.stdout


def test_html_text_extractor() -> None:
    page = (
        "<html><head><style>p {color: red}</style></head><body><h1>Judul &amp; isi</h1>"
        "<p>satu\n   <b>dua</b>: tiga</p>"
        "<table><tr><th>a</th><th>b</th></tr><tr><td></td><td>2,5</td></tr>"
        "</table><script>var x = 1;</script></body></html>"
    )
    assert html_text(page) == "Judul & isi\nsatu dua: tiga\na | b\n| 2,5\n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_terminal_table_2024(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    text = evaluate("2024", lang)
    assert "\x1b" not in text  # no colour: what a terminal shows, as plain text
    check_golden(f"table_2024_{lang}.txt", text)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_markdown_detail_2024(lang: str) -> None:
    check_golden(f"detail_2024_{lang}.md", evaluate("2024", lang, "--detail"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_csv_2022(lang: str) -> None:
    check_golden(f"csv_2022_{lang}.csv", evaluate("2022", lang, "--format", "csv"))


def test_csv_schema_is_the_same_in_both_languages() -> None:
    english, indonesian = (evaluate("2022", lang, "--format", "csv") for lang in ("en", "id"))
    assert english.splitlines()[0] == indonesian.splitlines()[0]
    assert len(english.splitlines()) == len(indonesian.splitlines())


@pytest.mark.parametrize(
    ("year", "lang"), [("2020", "id"), ("2022", "id"), ("2024", "id"), ("2024", "en")]
)
def test_html_text(year: str, lang: str, tmp_path: Path) -> None:
    out = tmp_path / "laporan.html"
    evaluate(year, lang, "-o", str(out))
    check_golden(f"html_{year}_{lang}.txt", html_text(out.read_text(encoding="utf-8")))
