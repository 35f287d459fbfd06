"""The HTML reports of 2020, 2022 and 2024 in a real browser (headless Chromium): no console
error, nothing fetched from outside, no chart label or table cell cut off, and few A4 pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (.ci/run installs the Debian package)"
)

# (year, most A4 pages): 2024 once printed on 91 pages, a near-empty page per budget line
# 2020 and 2024 carry the units that feed figures (kelurahan IKM, programs): their values print too
# 2024 also draws a trend chart for each of the 12 indicators whose earlier years the history gives
PAGE_BOUNDS = {"2020": 20, "2022": 10, "2024": 22}
A4_CONTENT_PX = 760  # 210 mm less the @page margins, at 96 px per inch, with the body padding
CONSOLE = re.compile(r"CONSOLE|Uncaught", re.IGNORECASE)
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")

# run in the page: every chart text inside its SVG and left of the bars, no table cell whose
# content is wider than the cell; the findings are written on <body data-overflow>
MEASURE = """<script>
(function () {
  var bad = [];
  document.querySelectorAll("svg").forEach(function (svg) {
    var vb = svg.viewBox.baseVal, bars = svg.querySelectorAll("rect"), left = Infinity;
    bars.forEach(function (r) { left = Math.min(left, r.getBBox().x); });
    svg.querySelectorAll("text").forEach(function (t) {
      var b = t.getBBox(), label = t.querySelector("tspan") !== null;
      var inside = b.x >= vb.x - 0.5 && b.x + b.width <= vb.x + vb.width + 0.5;
      if (!inside) bad.push("svg: " + t.textContent);
      if (label && b.x + b.width > left) bad.push("label over bars: " + t.textContent);
    });
  });
  document.querySelectorAll("td, th").forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1) bad.push("cell: " + c.textContent.slice(0, 80));
  });
  document.body.setAttribute("data-overflow", JSON.stringify(bad));
})();
</script>"""


@dataclass(frozen=True)
class Loaded:
    """What the browser made of one report."""

    html: str
    pages: int
    console: list[str]
    overflow: list[str]
    screenshot: bytes


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += [f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def _load(page: Path, work: Path) -> Loaded:
    """Print the page to PDF, screenshot it, and load it with the measuring script, logging."""
    pdf, png, probe = work / "report.pdf", work / "report.png", work / "probe.html"
    html = page.read_text(encoding="utf-8")
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), profile=work / "a")
    _chromium("--window-size=1200,1600", f"--screenshot={png}", page.as_uri(), profile=work / "b")
    logged = _chromium("--enable-logging=stderr", "--v=0", page.as_uri(), "--dump-dom",
                       profile=work / "c")  # fmt: skip
    window = f"--window-size={A4_CONTENT_PX},1200"
    measured = _chromium(window, "--dump-dom", probe.as_uri(), profile=work / "d")
    found = re.search(r'data-overflow="([^"]*)"', measured.stdout)
    assert found, f"the measuring script did not run: {measured.stderr[-500:]}"
    overflow = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return Loaded(
        html=html,
        pages=len(PAGE.findall(pdf.read_bytes())),
        console=[line for line in logged.stderr.splitlines() if CONSOLE.search(line)],
        overflow=overflow,
        screenshot=png.read_bytes(),
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Loaded]:
    tmp = tmp_path_factory.mktemp("browser")
    reports = {year: tmp / year for year in PAGE_BOUNDS}
    for year, folder in reports.items():  # perkin runs one at a time (the language is global)
        folder.mkdir()
        ruleset, data = ROOT / "rulesets" / year, ROOT / "examples" / year
        args = ["--lang", "id", "evaluate", str(ruleset), str(data), "--format", "html"]
        result = CliRunner().invoke(cli.main, [*args, "-o", str(folder / "report.html"), "--quiet"])
        assert result.exit_code == 0, result.output
    with ThreadPoolExecutor(len(reports)) as pool:  # the browsers run side by side
        futures = {y: pool.submit(_load, d / "report.html", d) for y, d in reports.items()}
        return {year: future.result() for year, future in futures.items()}


@pytest.mark.parametrize("year", sorted(PAGE_BOUNDS))
def test_report_prints_on_few_a4_pages(loaded: dict[str, Loaded], year: str) -> None:
    pages = loaded[year].pages
    assert 2 <= pages <= PAGE_BOUNDS[year], f"{year}: {pages} A4 pages"


@pytest.mark.parametrize("year", sorted(PAGE_BOUNDS))
def test_report_has_no_console_error(loaded: dict[str, Loaded], year: str) -> None:
    assert loaded[year].console == []


@pytest.mark.parametrize("year", sorted(PAGE_BOUNDS))
def test_report_fetches_nothing(loaded: dict[str, Loaded], year: str) -> None:
    html = loaded[year].html
    assert not re.search(r"https?://", html), "the report names a URL"
    assert not re.search(r"<(script|link|img|iframe)\b|url\(|@import", html, re.IGNORECASE)


@pytest.mark.parametrize("year", sorted(PAGE_BOUNDS))
def test_report_cuts_nothing_off(loaded: dict[str, Loaded], year: str) -> None:
    assert loaded[year].overflow == []


@pytest.mark.parametrize("year", sorted(PAGE_BOUNDS))
def test_report_screenshot_is_an_image(loaded: dict[str, Loaded], year: str) -> None:
    shot = loaded[year].screenshot
    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 20_000


def test_console_errors_are_caught(tmp_path: Path) -> None:
    """The console check can fail: a page with a script error is noticed."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>no_such_function()</script></body></html>")
    logged = _chromium("--enable-logging=stderr", "--v=0", page.as_uri(), "--dump-dom",
                       profile=tmp_path / "p")  # fmt: skip
    assert any(CONSOLE.search(line) for line in logged.stderr.splitlines()), logged.stderr[-800:]


def test_overflow_is_caught(tmp_path: Path) -> None:
    """The measuring script can fail: a cell too narrow for its word and a label past the bars."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><body><table style="table-layout:fixed;width:60px"><tr>'
        "<td>Pertanggungjawaban</td></tr></table>"
        '<svg viewBox="0 0 100 20" width="100" height="20"><text><tspan x="0" y="14">'
        'a label far too long</tspan></text><rect x="30" y="2" width="10" height="10"/></svg>'
        "</body></html>",
        encoding="utf-8",
    )
    found = _load(page, tmp_path).overflow
    assert any(f.startswith("cell: Pertanggungjawaban") for f in found), found
    assert any(f.startswith("label over bars") for f in found), found
    assert any(f.startswith("svg: a label") for f in found), found
