"""Property (issue 15): every format `perkin evaluate` writes shows the JSON's figures. For random
rulesets and data, in English and Indonesian, each format is read back with a real parser (csv,
pyarrow, openpyxl, html.parser, the Markdown and terminal tables) and every figure it shows (value,
rounded text, N/A and its reason, predikat, rank, award, note) must be the JSON's, numbers
compared as that format presents them; and no format drops a row: the keys (jenis, unit, name,
period, part) it shows are the JSON's."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import cli
from dsl.i18n import _, number_text, pgettext, set_language
from dsl.rounding import apply_rounding
from dsl.values import NaKind
from engine.api import evaluate
from engine.data.read import read_data
from engine.render import html, render
from engine.render import html_pages as html_pages_module
from engine.render.comparisons import peer_rankings
from engine.render.counts import NA_KIND_LABELS
from engine.render.html_pages import html_pages
from engine.render.summary_text import TIE_NOTES
from engine.render.xlsx import indicator_header, rank_header, value_header
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import Rounding, Ruleset
from engine.ruleset.money import rupiah_names
from engine.ruleset.names import ShownNames
from engine.ruleset.peers import RANKING as TO_PEERS
from engine.ruleset.renstra import CAPAIAN_FIGURE as RENSTRA_CAPAIAN
from engine.ruleset.renstra import TARGET_FIGURE as RENSTRA
from engine.scoring.result import Tie
from engine.scoring.score import score
from tests.engine.html_read import Element, parse_html
from tests.engine.test_paths_agree import RANDOM_YEAR, _ruleset, _write_data
from tests.test_counts_agree import _table_rows, _terminal_tables

try:
    import pyarrow.parquet as pq
except ImportError:  # the parquet extra is optional: the other formats are still checked
    pq = None

Key = tuple[str, str, str, str, str]  # jenis, unit, name, period, part (as the CSV names them)
PARTS = ("target", "realisasi", "capaian")


@dataclass(frozen=True, slots=True)
class Shown:
    """One presented number as the JSON states it, with the decimals its ruleset declares."""

    value: float | None
    rounded: float | None
    decimals: int
    na: str | None
    na_kind: str | None
    predikat: str | None = None
    predikat_na: str | None = None
    rank: int | None = None
    award: str | None = None
    note: str | None = None
    tie: str | None = None

    def people(self) -> str:
        """The text a person reads (Markdown, terminal, HTML): dsl.i18n.number_text is the one
        rule for office numbers; N/A, or '—' where no number applies."""
        if self.rounded is None:
            return "N/A" if self.na is not None else "—"
        return number_text(self.rounded, self.decimals)

    def machine(self) -> str:
        """The CSV's rounded text: exactly the declared decimals, dot decimals."""
        return "" if self.rounded is None else f"{self.rounded:.{self.decimals}f}"


def rounding_of(ruleset: Ruleset, jenis: str, name: str, part: str) -> Rounding:
    """The rounding the ruleset declares for a number (a ranking's: its `by` score's)."""
    if jenis in ("indikator", "riwayat"):
        return ruleset.indicators[name].rounding[part]
    if jenis == "peringkat":
        return rounding_of(ruleset, "nilai", ruleset.rankings[name].by, part)
    if name in ruleset.scores:
        return ruleset.scores[name].rounding
    return ruleset.figures[name].rounding


def json_figures(doc: dict[str, Any], ruleset: Ruleset) -> dict[Key, Shown]:
    """Every presented number of the JSON report by key."""
    out: dict[Key, Shown] = {}

    def number(key: Key, n: dict[str, Any], **more: Any) -> None:
        declared = rounding_of(ruleset, key[0], key[2], key[4])
        decimals = declared.decimals
        assert key not in out, f"the JSON states {key} twice"
        if n["value"] is not None:  # presented with the declared decimals and mode
            assert n["rounded"] == apply_rounding(n["value"], decimals, declared.mode), key
        out[key] = Shown(n["value"], n["rounded"], decimals, n.get("na"), n.get("na_kind"), **more)

    for r in doc["indicators"]:
        for part in PARTS:
            more = {"predikat": r["predikat"], "predikat_na": r.get("predikat_na")}
            number(("indikator", r["unit"], r["indicator"], r["period"], part), r[part], **more)
    for jenis, section in (("nilai", "scores"), ("figur", "figures")):
        for v in doc[section]:
            key = (jenis, v["unit"], v["name"], v["period"], "nilai")
            number(key, v, predikat=v.get("predikat"))
    for v in doc.get("comparisons", {}).get("earlier_years", []):
        # an indicator's realisasi of an earlier year: in the tidy table (jenis riwayat) only
        number(("riwayat", v["unit"], v["name"], v["period"], "realisasi"), v)
    for k in doc["rankings"]:
        more = {"rank": k["rank"], "award": k["award"], "note": k["note"], "tie": k["tie"]}
        number(("peringkat", k["unit"], k["ranking"], "", "nilai"), k["value"], **more)
    return out


# ---------------------------------------------------------------------------------------------
# the tidy table: CSV and Parquet


def check_table(rows: list[dict[str, Any]], want: dict[Key, Shown], typed: bool) -> None:
    """The CSV (texts, empty for none) or Parquet (typed, null for none) rows against the JSON."""
    got: dict[Key, dict[str, Any]] = {}
    for row in rows:
        if row["jenis"] == "catatan":
            continue
        key = (row["jenis"], row["unit"], row["name"], row["period"] or "", row["part"])
        assert key not in got, f"{key} written twice"
        got[key] = row
    assert set(got) == set(want)
    blank: Any = None if typed else ""
    for key, w in want.items():
        row = got[key]

        def text(v: Any) -> Any:
            return blank if v is None else v if typed else str(v)

        value = row["value"] if typed or row["value"] == "" else float(row["value"])
        assert value == (w.value if typed or w.value is not None else ""), (key, row, w)
        if typed:
            assert (row["rounded"], row["decimals"]) == (w.rounded, w.decimals), (key, row, w)
        else:
            assert (row["rounded"], row["decimals"]) == (w.machine(), str(w.decimals)), (
                key,
                row,
                w,
            )
        assert (row["na"], row["na_kind"]) == (text(w.na), text(w.na_kind)), (key, row, w)
        assert row["predikat"] == text(w.predikat), (key, row, w)
        if key[0] == "indikator":
            assert row["predikat_na"] == text(w.predikat_na), (key, row, w)
        if key[0] == "peringkat":
            assert (row["rank"], row["award"], row["note"]) == tuple(
                map(text, (w.rank, w.award, w.note))
            ), key


def diagnostics_of(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    names = ("severity", "code", "unit", "name", "period", "note")
    return [tuple(row[n] or None for n in names) for row in rows if row["jenis"] == "catatan"]


def json_diagnostics(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    names = ("severity", "code", "unit", "name", "period", "message")
    return [tuple(d.get(n) or None for n in names) for d in doc["diagnostics"]]


# ---------------------------------------------------------------------------------------------
# the workbook


def check_xlsx(data: bytes, want: dict[Key, Shown], ruleset: Ruleset, doc: Any) -> None:
    """Every indicator, score and ranking sheet's numbers: the presented value stored as a number
    with a format of the declared decimals (a Rupiah amount's with "Rp "), N/A an empty cell with
    its reason in the Remarks."""
    money = rupiah_names(ruleset)
    book = openpyxl.load_workbook(io.BytesIO(data))
    check_comparison_sheet(book, want, doc, Names.of(doc, ruleset))
    want = {k: v for k, v in want.items() if k[0] != "riwayat"}  # in Comparisons only
    got: dict[Key, tuple[Any, str]] = {}
    remarks: dict[Key, str] = {}
    kinds = {_("score"): "nilai", _("figure"): "figur"}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows())
        header = tuple(c.value for c in rows[0]) if rows else ()
        for row in rows[1:]:
            v = [c.value for c in row]
            if header == indicator_header():
                for part, c in zip(PARTS, row[5:8], strict=True):
                    key = ("indikator", v[0], v[2], v[4], part)
                    got[key] = (c.value, c.number_format)
                    remarks[key] = v[9] or ""
                    assert v[8] == want[key].predikat, (key, v)
            elif header == value_header():
                key = (kinds[v[3]], v[0], v[2], v[4], "nilai")
                got[key], remarks[key] = (v[5], row[5].number_format), v[7] or ""
                assert v[6] == want[key].predikat, (key, v)
            elif header == rank_header():
                key = ("peringkat", v[2], v[0], "", "nilai")
                got[key], remarks[key] = (v[5], row[5].number_format), v[7] or ""
                assert (v[1], v[4]) == (want[key].rank, want[key].award), (key, v)
                assert (want[key].note or "") in remarks[key], (key, v)
    assert set(got) == set(want)
    for key, w in want.items():
        decimals = "." + "0" * w.decimals if w.decimals else ""
        rupiah = key[2] in money.figures if key[0] == "figur" else key[2] in money.indicators
        rupiah = rupiah and key[0] in ("figur", "indikator") and key[4] != "capaian"
        code = ('"Rp "' if rupiah else "") + f"#,##0{decimals}"
        shown = (w.rounded, code) if w.rounded is not None else (None, "General")
        assert got[key] == shown, (key, got[key], remarks[key], w)
        reasons = [want[(*key[:4], p)].na for p in PARTS] if key[0] == "indikator" else [w.na]
        for reason in filter(None, reasons):
            assert f"N/A: {reason}" in remarks[key], (key, got[key], remarks[key], w)
        if not any(reasons) and not (w.predikat is None and w.predikat_na) and not w.note:
            assert remarks[key] == "", (key, got[key], remarks[key], w)


@dataclass(frozen=True, slots=True)
class Compared:
    """An indicator of a unit beside its Renstra target, last year and peers, from the JSON."""

    realisasi: Shown
    capaian: Shown
    renstra: Shown | None
    capaian_renstra: Shown | None
    last_year: str | None
    previous: Shown | None
    change: float | None  # realisasi − last year's, both as presented
    rank: int | None
    ranked: int


def json_comparisons(
    want: dict[Key, Shown], doc: dict[str, Any]
) -> dict[tuple[str, str], Compared]:
    """(unit, indicator) → what the comparisons show, for the rows that compare something."""
    main, year = main_label(doc), str(doc["provenance"]["period"]).split("-")[0]
    last = str(int(year) - 1)
    out = {}
    for jenis, unit, ind, period, part in want:
        if (jenis, period, part) != ("indikator", main, "realisasi"):
            continue
        realisasi = want[(jenis, unit, ind, period, "realisasi")]
        previous = want.get(("riwayat", unit, ind, last, "realisasi"))
        peers = [k for k in want if k[0] == "peringkat" and k[2] == TO_PEERS.format(name=ind)]
        change = None
        if previous is not None and None not in (previous.rounded, realisasi.rounded):
            change = round(realisasi.rounded - previous.rounded, realisasi.decimals)  # type: ignore[operator]
        found = Compared(
            realisasi,
            want[(jenis, unit, ind, period, "capaian")],
            want.get(("figur", unit, RENSTRA.format(id=ind), main, "nilai")),
            want.get(("figur", unit, RENSTRA_CAPAIAN.format(id=ind), main, "nilai")),
            last if previous is not None else None,
            previous,
            change,
            next((want[k].rank for k in peers if k[1] == unit), None),
            sum(want[k].rank is not None for k in peers),
        )
        if found.renstra is not None or found.previous is not None or found.ranked:
            out[(unit, ind)] = found
    return out


def check_comparison_sheet(book: Any, want: dict[Key, Shown], doc: Any, names: Names) -> None:
    """The workbook's Comparisons sheet: a row per compared indicator, numbers as presented."""
    expected = json_comparisons(want, doc)
    title = pgettext("sheet", "Comparisons")
    assert (title in book.sheetnames) == bool(expected)
    if not expected:
        return
    got = set()
    for row in list(book[title].iter_rows())[1:]:
        unit, name, *cells = row
        key = next(
            k
            for k in expected
            if k[0] == names.units[unit.value] and names.titles[k[1]] == name.value
        )
        c = expected[key]
        numbers = (c.realisasi, c.capaian, c.renstra, c.capaian_renstra)
        shown = [(x.rounded, fmt(x)) if x is not None else (None, "General") for x in numbers]
        assert [(x.value, x.number_format) for x in cells[:4]] == shown, key
        previous = (c.previous.rounded, fmt(c.previous)) if c.previous else (None, "General")
        assert cells[4].value == c.last_year, key
        assert (cells[5].value, cells[5].number_format) == previous, key
        assert cells[6].value == c.change, key
        assert (cells[7].value, cells[8].value) == (c.rank, c.ranked or None), key
        got.add(key)
    assert got == set(expected)


def fmt(x: Shown) -> str:
    """The Excel number format of a number with the declared decimals."""
    return "#,##0" + ("." + "0" * x.decimals if x.decimals else "")


# ---------------------------------------------------------------------------------------------
# --detail: the Markdown tables and the terminal's rich tables (the same rows)


def keterangan(reasons: list[tuple[str, str | None]]) -> str:
    """An indicator row's keterangan from (part, N/A reason) in the order target, realisasi,
    capaian: 'N/A: reason' when its N/A share one reason, else each distinct reason once with
    the parts it is of, as 'N/A: target: r1; realisasi, capaian: r2'."""
    parts: dict[str, list[str]] = {}
    for part, reason in reasons:
        if reason:
            parts.setdefault(reason, []).append(part)
    if len(parts) < 2:
        return "".join(f"N/A: {reason}" for reason in parts)
    return "N/A: " + "; ".join(f"{', '.join(p)}: {reason}" for reason, p in parts.items())


def check_detail(tables: dict[str, list[list[str]]], want: dict[Key, Shown]) -> None:
    """The three --detail tables: figures as people read them, each distinct N/A reason of an
    indicator row once in its keterangan."""
    jenis = {k[2]: k[0] for k in want if k[0] in ("nilai", "figur")}
    got: set[Key] = set()
    for unit, ind, period, *figures, predikat, note in tables.get(_("Indicator capaian"), []):
        keys = [("indikator", unit, ind, period, part) for part in PARTS]
        assert figures == [want[k].people() for k in keys], keys[0]
        assert predikat == (want[keys[0]].predikat or ""), keys[0]
        assert note == keterangan([(k[4], want[k].na) for k in keys]), keys[0]
        got.update(keys)
    for unit, name, period, value, predikat, note in tables.get(_("Scores and figures"), []):
        key = (jenis[name], unit, name, period, "nilai")
        w = want[key]
        assert (value, predikat, note) == (
            w.people(),
            w.predikat or "",
            f"N/A: {w.na}" if w.na else "",
        ), key
        got.add(key)
    for ranking, unit, rank, award, value, note in tables.get(_("Rankings"), []):
        key = ("peringkat", unit, ranking, "", "nilai")
        w = want[key]
        assert (rank, award, value, note) == (
            "" if w.rank is None else str(w.rank),
            w.award or "",
            w.people(),
            w.note or "",
        ), key
        got.add(key)
    assert got == set(want)


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    lines = text.splitlines()
    titles = (_("Indicator capaian"), _("Scores and figures"), _("Rankings"))
    return {title: _table_rows(lines, title) for title in titles}


def terminal_view(
    result: Any, ruleset: Ruleset, monkeypatch: pytest.MonkeyPatch, view: Any = (True, None, ())
) -> str:
    """`perkin evaluate` on a terminal (with --detail by default), one line per row."""
    out = io.StringIO()
    console = Console(file=out, width=3000, highlight=False, markup=False, soft_wrap=True)
    monkeypatch.setattr(cli, "_stdout", lambda: console)
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    cli._print_result(result, ruleset, view)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# the summary view (the default Markdown and terminal table; --level picks the units)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the summary under its headings (those since the table before): header and
    rows as cells (plain text)."""

    headings: tuple[str, ...]
    header: list[str]
    rows: list[list[str]]

    @property
    def heading(self) -> str:
        return self.headings[-1] if self.headings else ""


MD_UNESCAPES = (("\\|", "|"), ("\\[", "["), ("\\]", "]"), ("&lt;", "<"), ("&gt;", ">"))


def md_plain(cell: str) -> str:
    """A Markdown cell's text as written before md_text escaped it."""
    for escaped, plain in (*MD_UNESCAPES, ("&amp;", "&"), ("\\\\", "\\")):
        cell = cell.replace(escaped, plain)
    return cell


def markdown_summary(text: str) -> list[Table]:
    """Every table of a Markdown summary with the heading above it."""
    tables: list[Table] = []
    headings: list[str] = []
    cells: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("#"):
            headings.append(md_plain(line.lstrip("#").strip()))
        elif line.startswith("| "):
            row = [md_plain(c.strip()) for c in line.strip()[2:-2].split(" | ")]
            bold = row[0][2:-2] if row[0][:2] == row[0][-2:] == "**" else row[0]
            cells.append([bold, *row[1:]])  # a group heading: in bold
        elif not line.startswith("|") and cells:
            tables.append(Table(tuple(headings), cells[0], cells[1:]))
            headings, cells = [], []
    return tables


def terminal_summary(text: str) -> list[Table]:
    """Every rich table of the terminal summary with the line above it as its heading."""
    tables: list[Table] = []
    headings: list[str] = []
    header: list[list[str]] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith(("┃", "│")):
            cells = [c.strip() for c in line[1:-1].split(line[0])]
            (header if line[0] == "┃" else rows).append(cells)
        elif line.startswith("└"):
            tables.append(Table(tuple(headings), header[0], rows))
            headings, header, rows = [], [], []
        elif line.strip() and line[0] not in "┏┡" and not line.startswith("  "):
            headings.append(line.strip())  # (a note under a table is indented)
    return tables


def html_summary(page: str) -> list[Table]:
    """Every table of the HTML report's summary section with the headings above it."""
    sections = [
        s for s in parse_html(page).find_all("section") if s.attrs.get("class") == "summary"
    ]
    tables: list[Table] = []
    headings: list[str] = []
    for part in (c for s in sections for c in s.children if isinstance(c, Element)):
        if part.tag in ("h2", "h3", "h4"):
            headings.append(part.text())
        elif part.tag == "table":
            header = [th.text() for th in part.find_all("thead")[0].find_all("th")]
            rows = []
            for tr in part.find_all("tbody")[0].find_all("tr"):
                if tr.attrs.get("class") == "group":  # a group heading across the row
                    rows.append([tr.text()] + [""] * (len(header) - 1))
                else:
                    rows.append([td.text() for td in tr.find_all("td")])
            tables.append(Table(tuple(headings), header, rows))
            headings = []
    return tables


def summary_number(w: Shown) -> str:
    """A capaian or score in the summary: an N/A says its kind (or the ruleset's own words)."""
    if w.na is None or w.na_kind is None:
        return w.people()
    reason = w.na if w.na_kind == "rule" else _(NA_KIND_LABELS[NaKind(w.na_kind)])
    return _("N/A ({reason})").format(reason=reason)


@dataclass(frozen=True, slots=True)
class Names:
    """How the views name things a Result knows by id."""

    units: dict[str, str]  # name → unit id
    indicators: dict[str, str]  # name as printed → indicator id
    titles: dict[str, str]  # indicator id → its name without a number
    scores: dict[str, str]  # title → score id
    rankings: dict[str, str]  # title → ranking id

    @staticmethod
    def of(doc: dict[str, Any], ruleset: Ruleset) -> Names:
        units = {u["id"]: u["name"] or u["id"] for u in doc["units"]}
        peers = ruleset.comparisons.peers
        units |= dict(peers.units) if peers is not None else {}
        shown = ShownNames.of(ruleset)  # the views' names: two of one name carry their ids
        printed = {i.id: shown.numbered(i) for i in ruleset.indicators.values()}
        plain = {i: shown.title_of(i) for i in ruleset.indicators}
        titles = {s: shown.title_of(s) for s in ruleset.scores}
        rankings = {r: shown.ranking(r) for r in ruleset.rankings}
        for named in (units, printed, plain, titles, rankings):
            assert len(set(named.values())) == len(named), f"two of one name: {named}"
        units, printed, titles, rankings = (
            {v: k for k, v in n.items()} for n in (units, printed, titles, rankings)
        )
        return Names(units, printed, plain, titles, rankings)


def check_summary(
    tables: list[Table], want: dict[Key, Shown], names: Names, compared: Any, main: str
) -> set[Key]:
    """Every figure of the summary's PK tables, headline scores, comparisons, rankings and
    recap is the JSON's; the keys it shows."""
    got: set[Key] = set()
    unit = ""
    mean = _("Mean capaian of the sasaran")
    for t in tables:
        for heading in t.headings:
            named = heading.rpartition(" (")[0] if heading.endswith(")") else heading
            unit = names.units.get(named, unit)
        if t.heading == _("Comparisons"):
            check_compared(t, unit, compared, names)
        elif pgettext("PK table", "Unit of measure") in t.header:
            start = t.header.index(pgettext("PK table", "Indicator"))
            for row in t.rows:
                name, _satuan, target, realisasi, capaian, predikat = row[start:]
                if not any(row[1:]):
                    continue  # a group heading
                if name in names.indicators or name not in (mean, *names.scores):
                    ind = names.indicators[name]
                    keys = [("indikator", unit, ind, main, part) for part in PARTS]
                    w = [want[k] for k in keys]
                    assert [target, realisasi] == [x.people() for x in w[:2]], keys[0]
                    assert (capaian, predikat) == (summary_number(w[2]), w[2].predikat or ""), keys[
                        0
                    ]
                    got.update(keys)
                else:
                    assert (target, realisasi) == ("", ""), row
                    got.add(score_key(unit, name, capaian, predikat, want, names, main))
        elif t.heading == _("Headline scores"):
            for title, value, predikat in t.rows:
                got.add(score_key(unit, title, value, predikat, want, names, main))
        elif t.heading == _("Scores per unit"):
            for name, *values in t.rows:
                for title, text in zip(t.header[1:], values, strict=True):
                    key = ("nilai", names.units[name], names.scores[title], main, "nilai")
                    if text or key in want:
                        w = want[key]
                        predikat = f" ({w.predikat})" if w.predikat else ""
                        assert text == summary_number(w) + predikat, key
                        got.add(key)
        elif t.heading in names.rankings:
            rid = names.rankings[t.heading]
            for *cells, name, value, award, tie in t.rows:
                key = ("peringkat", names.units[name], rid, "", "nilai")
                w = want[key]
                note = _(TIE_NOTES[Tie(w.tie)]) if w.tie else ""
                rank = "" if w.rank is None else str(w.rank)
                assert (*cells, value, award, tie) == (rank, summary_number(w), w.award or "", note)
                got.add(key)
    return got


def check_compared(t: Table, unit: str, compared: Any, names: Names) -> None:
    """A unit's comparisons as people read them; a column no row has a value for is left out."""
    mine = {ind: c for (u, ind), c in compared.items() if u == unit}
    assert len(t.rows) == len(mine), unit
    for name, *cells in t.rows:
        ind = next(i for i in mine if names.titles[i] == name)
        c = mine.pop(ind)
        change = "" if c.change is None else number_text(c.change, c.realisasi.decimals)
        change = f"+{change}" if c.change is not None and c.change > 0 else change
        if c.rank is None:
            rank = _("not ranked") if c.ranked else ""
        else:
            rank = _("{rank} of {count}").format(rank=c.rank, count=c.ranked)
        columns = {
            pgettext("PK table", "Realisasi"): c.realisasi.people(),
            pgettext("PK table", "Capaian"): c.capaian.people(),
            _("Renstra target"): c.renstra.people() if c.renstra else "",
            _("Capaian against the Renstra"): (
                c.capaian_renstra.people() if c.capaian_renstra else ""
            ),
            _("Realisasi last year"): (
                _("{value} ({year})").format(value=c.previous.people(), year=c.last_year)
                if c.previous
                else ""
            ),
            _("Change"): change,
            _("Rank among peers"): rank,
        }
        assert cells == [columns[h] for h in t.header[1:]], (unit, ind)


def score_key(
    unit: str,
    title: str,
    value: str,
    predikat: str,
    want: dict[Key, Shown],
    names: Names,
    main: str,
) -> Key:
    """A score's key, after checking its value and predikat as the summary shows them."""
    sid = names.scores.get(title)
    key = ("nilai", unit, sid, main, "nilai") if sid else None
    if key is None:  # 'Mean capaian of the sasaran': the unit's score of that value
        same = [k for k in want if k[:2] == ("nilai", unit) and k[3] == main]
        key = next(k for k in same if summary_number(want[k]) == value)
    w = want[key]
    assert (value, predikat) == (summary_number(w), w.predikat or ""), key
    return key


def check_summaries(
    result: Any, ruleset: Ruleset, want: dict[Key, Shown], doc: Any, mp: Any
) -> None:
    """The default summary, and the one of each level (--level), as Markdown and on a terminal:
    the same tables; a level's shows every indicator row and score of its units and every
    ranking of the level."""
    names = Names.of(doc, ruleset)
    main = main_label(doc)
    compared = json_comparisons(json_figures(doc, ruleset), doc)  # with the riwayat rows
    for level in (None, *ruleset.levels):
        md = markdown_summary(str(render(result, "md", ruleset, level=level)))
        on_terminal = terminal_summary(terminal_view(result, ruleset, mp, (False, level, ())))
        shown = [[(t.heading, t.header, t.rows) for t in view] for view in (on_terminal, md)]
        assert shown[0] == shown[1], level
        got = check_summary(md, want, names, compared, main)
        if level is None:
            continue
        units = {u["id"] for u in doc["units"] if u["level"] == level}
        ranked = {r.id for r in ruleset.rankings.values() if r.level in (level, None)}
        ranked -= peer_rankings(ruleset)
        expected = {
            k for k in want
            if (k[0] in ("indikator", "nilai") and k[1] in units and k[3] == main)
            or (k[0] == "peringkat" and k[2] in ranked)
        }  # fmt: skip
        # a sasaran's mean of one indicator that only repeats its capaian and predikat (the same
        # number, or N/A for the same reason) is left out
        repeated = {
            k for k in expected - got
            if k[0] == "nilai" and any(
                (want[k].rounded, want[k].na, want[k].predikat)
                == (want[c].rounded, want[c].na, want[c].predikat)
                for c in got if c[:2] == ("indikator", k[1]) and c[4] == "capaian"
            )
        }  # fmt: skip
        assert got | repeated == expected, (level, expected - got, got - expected, md)


# ---------------------------------------------------------------------------------------------
# HTML: the single page, and the index with its pages


# a scorecard column left out, as none of its rows has a figure that applies
LEFT_OUT = ("", "left-out")


@dataclass(frozen=True, slots=True)
class HtmlFigure:
    """A number as a page shows it: its text, its N/A mark's classes, its predikat, and what
    its row says of it by label (a part's or period's N/A reason; a rank, award, note)."""

    text: str
    classes: str
    predikat: str | None
    said: dict[str, str]


@dataclass(slots=True)
class Reading:
    """What the pages of one report show, read page by page (a figure may be on several)."""

    want: dict[Key, Shown]
    names: Names
    main: str
    got: dict[Key, list[HtmlFigure]] = field(default_factory=dict)

    def shown(self, key: Key, figure: HtmlFigure) -> None:
        self.got.setdefault(key, []).append(figure)

    def jenis(self, name: str) -> str:
        """'nilai' for a score, 'figur' for a figure."""
        return next(k[0] for k in self.want if k[2] == name and k[0] in ("nilai", "figur"))

    def read(self, page: str) -> None:
        """Every figure of a page: unit sections, rankings and level tables."""
        for section in parse_html(page).find_all("section"):
            if section.attrs.get("id", "").startswith("u"):
                unit = section.find_all("code", "id")[0].text()
                tables = section.find_all("table")
                self.scorecard(tables[0], unit)
                for table in tables[1:]:
                    self.unit_values(table, unit)
            elif section.attrs.get("class") == "ranking":
                self.ranking(section)
            elif is_level_section(section):
                self.level_table(section.find_all("table")[0])

    def scorecard(self, table: Element, unit: str) -> None:
        """A unit's scorecard: the scored period's rows named, the periods inside under them;
        a column none of the rows has is left out."""
        header = [th.text() for th in table.find_all("th")]
        labels = {_(p.capitalize()): p for p in PARTS} | {_("Predikat"): "predikat"}
        columns = {_(p.capitalize()): p for p in PARTS} | {_("Capaian (%)"): "capaian"}
        found = {columns[h]: i for i, h in enumerate(header) if h in columns}
        at = header.index(_("Predikat")) if _("Predikat") in header else None
        indicator = ""
        for tr in table.find_all("tbody")[0].find_all("tr"):
            tds = tr.find_all("td")
            named = tds[0].find_all("span")
            indicator = named[0].attrs["title"] if named else indicator
            said = dict(reasons_of(tds[-1], labels))
            details = tds[-1].find_all("dl")
            terms = [dt.text() for dt in details[0].find_all("dt")] if details else []
            said |= {
                f"details {labels[t]}": dd.text()
                for t, dd in zip(terms, details[0].find_all("dd") if details else [], strict=True)
                if t in labels
            }
            badge = tds[at].find_all("span") if at is not None else []
            predikat = badge[0].text() if badge else None
            for part in PARTS:
                text, classes = figure_of(tds[found[part]]) if part in found else LEFT_OUT
                key = ("indikator", unit, indicator, tds[1].text(), part)
                self.shown(key, HtmlFigure(text, classes, predikat, said))

    def unit_values(self, table: Element, unit: str) -> None:
        """A unit's scores and figures: a row per name, its cells read as one."""
        for tr in table.find_all("tbody")[0].find_all("tr"):
            name_cell, *cells = tr.find_all("td")
            merged = Element("td", {}, [c for td in cells for c in td.children])
            name = name_of(name_cell)
            self.value_cell(merged, (self.jenis(name), unit, name, "", "nilai"))

    def level_table(self, table: Element) -> None:
        """A level's table: units as rows, names as rows, or a row per unit and name."""
        head = table.find_all("thead")[0].find_all("th")
        rows = [tr.find_all("td") for tr in table.find_all("tbody")[0].find_all("tr")]
        cells: list[tuple[str, str, Element]] = []  # unit, name, cell
        if [th.text() for th in head] == [_("Unit"), _("Score or figure"), _("Value")]:
            cells = [(unit_of(u), name_of(n), v) for u, n, v in rows]
        elif head[0].text() == _("Unit"):
            names = [name_of(th) for th in head[1:]]
            for first, *tds in rows:
                cells += [(unit_of(first), n, td) for n, td in zip(names, tds, strict=True)]
        else:
            units = [unit_of(th) for th in head[1:]]
            for first, *tds in rows:
                cells += [(u, name_of(first), td) for u, td in zip(units, tds, strict=True)]
        for unit, name, td in cells:
            self.value_cell(td, (self.jenis(name), unit, name, "", "nilai"))

    def value_cell(self, cell: Element, key: Key) -> None:
        """A score's or figure's cell: the scored period's figure with its predikat, the
        periods inside on a small line ('S1 88,10 · S2 N/A'), the reasons by period."""
        jenis, unit, name, _period, part = key
        periods = {k[3] for k in self.want if k[:3] == key[:3]}
        said = dict(reasons_of(cell, {p: p for p in periods}))
        text, classes = figure_of(cell)
        badge = [s for s in cell.find_all("span") if (s.attrs.get("class") or "")[:3] == "pk "]
        if text != "—":  # '—': no value of the scored period
            predikat = badge[0].text() if badge else None
            figure = HtmlFigure(text, classes, predikat, said)
            self.shown((jenis, unit, name, self.main, part), figure)
        for subs in cell.find_all("span", "subs"):
            for period, (text, classes) in subs_items(subs):
                self.shown((jenis, unit, name, period, part), HtmlFigure(text, classes, None, said))

    def ranking(self, section: Element) -> None:
        """A ranking's table (its heading names it; a unit by name)."""
        title = section.find_all("h2")[0].text().partition(": ")[2]
        for tr in section.find_all("tbody")[0].find_all("tr"):
            rank, name, value, award, note = tr.find_all("td")
            text, classes = figure_of(value)
            said = {"rank": rank.text(), "award": award.text(), "note": note.text()}
            key = (
                "peringkat",
                self.names.units[name.text()],
                self.names.rankings[title],
                "",
                "nilai",
            )
            self.shown(key, HtmlFigure(text, classes, None, said))


def figure_of(td: Element) -> tuple[str, str]:
    """The figure at the start of a cell: its text and its span's classes ('na gap')."""
    first = td.children[0] if td.children else ""
    if isinstance(first, Element):
        return first.text(), first.attrs.get("class") or ""
    return first.split(" ")[0] if first.strip() else "", ""


def reasons_of(cell: Element, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label, reason) of the reason spans ('Target, Capaian N/A: …'), each label mapped by
    `labels` (a part's or a period's name)."""
    out = []
    for span in cell.find_all("span", "reason"):
        said, _sep, reason = span.text().partition(" N/A: ")
        out += [(labels[label], reason) for label in said.split(", ")]
    return out


def subs_items(subs: Element) -> Iterator[tuple[str, tuple[str, str]]]:
    """(period, (figure text, classes)) of a line 'S1 88,10 · S2 N/A' (an N/A is a span)."""
    marks = [c for c in subs.children if isinstance(c, Element)]
    line = "".join(c if isinstance(c, str) else f"\x00{marks.index(c)}\x00" for c in subs.children)
    for item in line.split(" · "):
        period, _sep, shown = item.partition(" ")
        if shown.startswith("\x00"):
            mark = marks[int(shown.strip("\x00"))]
            yield period, (mark.text(), mark.attrs.get("class") or "")
        else:
            yield period, (shown, "")


def is_level_section(section: Element) -> bool:
    """A level's table: a scored level's section (id l-…), or a level's section inside the
    other units' section (its heading an h3, first)."""
    first = next((c for c in section.children if isinstance(c, Element)), None)
    scored = section.attrs.get("id", "").startswith("l-")
    return scored or (first is not None and first.tag == "h3" and not section.attrs)


def name_of(cell: Element) -> str:
    """A score's or figure's id from its name cell (the id is its last code element)."""
    codes = cell.find_all("code")
    return (codes[-1] if codes else cell).text()


def unit_of(cell: Element) -> str:
    """A unit's id from its name cell (the id is the span's title)."""
    return str(cell.find_all("span")[0].attrs["title"])


def derived(w: Shown) -> str:
    """The start of a number's line in a scorecard row's derivation."""
    if w.value is None:
        text = _("— (no number: a text, shown as its label)")
        return f"N/A: {w.na}" if w.na is not None else text
    return f"{number_text(w.value)} → {w.people()} ("


def check_html(pages: list[str], want: dict[Key, Shown], names: Names, main: str) -> None:
    """Every figure the pages show is the JSON's, as people read it, with its N/A reason and
    predikat (a gap in the data marked as such); every row of the JSON is on a page."""
    reading = Reading(want, names, main)
    for page in pages:
        reading.read(page)
    assert set(reading.got) == set(want), (
        set(want) - set(reading.got),
        set(reading.got) - set(want),
    )
    for key, shown in reading.got.items():
        w = want[key]
        for f in shown:
            if (f.text, f.classes) == LEFT_OUT:  # no target: the reason is in the notes
                assert (w.value, w.na_kind) == (None, "no_target"), (key, f, w)
            else:
                assert f.text == w.people(), (key, f, w)
            if key[0] == "peringkat":
                rank = "" if w.rank is None else str(w.rank)
                assert f.said == {"rank": rank, "award": w.award or "", "note": w.note or ""}, key
                continue
            label = key[4] if key[0] == "indikator" else key[3]
            assert f.said.get(label) == w.na, (key, f, w)
            if key[0] == "indikator" and w.predikat is None and w.predikat_na:
                assert f.said.get("predikat") == w.predikat_na, (key, f, w)
            if key[0] == "indikator":  # the derivation: full precision, then as presented
                assert f.said[f"details {key[4]}"].startswith(derived(w)), (key, f, w)
                predikat = w.predikat or "— " + (w.predikat_na or _("no predikat table"))
                assert f.said["details predikat"] == predikat, (key, f, w)
            if key[0] == "indikator" or key[3] == main:
                assert f.predikat == w.predikat, (key, f, w)
            if f.text == "N/A":
                assert ("gap" in f.classes.split()) == (w.na_kind == "no_data"), (key, f, w)


# ---------------------------------------------------------------------------------------------
# the property


def main_label(doc: dict[str, Any]) -> str:
    """The label of the scored period in the rows: '2024' → 'tahunan', '2024-TW2' → 'TW2'."""
    period = str(doc["provenance"]["period"])
    return period.split("-", 1)[1] if "-" in period else "tahunan"


def every_view(
    tmp_path: Path, result: Any, ruleset: Ruleset, limit: int, mp: pytest.MonkeyPatch
) -> None:
    """Render each format from one Result and compare it with the JSON's figures."""
    doc = json.loads(render(result, "json", ruleset))
    every = json_figures(doc, ruleset)
    rows = list(csv.DictReader(io.StringIO(str(render(result, "csv", ruleset)))))
    check_table(rows, every, typed=False)
    assert diagnostics_of(rows) == json_diagnostics(doc)
    if pq is not None:  # the parquet extra is installed
        table = pq.read_table(io.BytesIO(bytes(render(result, "parquet", ruleset))))
        check_table(table.to_pylist(), every, typed=True)
    want = {k: v for k, v in every.items() if k[0] != "riwayat"}  # the other views' rows
    check_xlsx(bytes(render(result, "xlsx", ruleset)), every, ruleset, doc)
    check_detail(markdown_tables(str(render(result, "md", ruleset, detail=True))), want)
    check_detail(_terminal_tables(terminal_view(result, ruleset, mp)), want)
    check_summaries(result, ruleset, want, doc, mp)
    main = main_label(doc)
    names = Names.of(doc, ruleset)
    page = str(render(result, "html", ruleset))
    check_html([page], want, names, main)
    summary = markdown_summary(str(render(result, "md", ruleset)))
    shown = [[(t.heading, t.header, t.rows) for t in v] for v in (html_summary(page), summary)]
    assert shown[0] == shown[1]  # the summary the page opens with is the one checked above
    made = html_pages(result, ruleset, "laporan.html", limit)
    pages = [made.index, *("".join(parts) for _name, parts in made.pages())]
    check_html(pages, want, names, main)


rounding = st.fixed_dictionaries(
    {"decimals": st.integers(0, 4), "mode": st.sampled_from(["half_up", "truncate"])}
)
# how the random ruleset presents its numbers: roundings of every kind, awards, tie handling,
# and a second ranking (by the figure, among kelurahan, whose values tie more often)
presentation = st.fixed_dictionaries(
    {
        "default": rounding,
        "parts": st.dictionaries(st.sampled_from(PARTS), rounding, max_size=3),
        "figure": st.none() | rounding,
        "score": rounding,
        "awards": st.lists(st.sampled_from(["Juara I", "Juara II", "Harapan"]), max_size=3),
        "unresolved": st.sampled_from(["share", "flag"]),
        "by_figure": st.booleans(),
    }
)


def presented(ruleset: dict[str, Any], how: dict[str, Any]) -> dict[str, Any]:
    """The random ruleset (tests/engine/test_paths_agree.py) with `how`'s presentation."""
    ruleset["rounding"] = how["default"]
    for body in ruleset["indicators"].values():
        if how["parts"]:
            body["rounding"] = how["parts"]
    if how["figure"] is not None:
        ruleset["figures"]["f"]["rounding"] = how["figure"]
    ruleset["scores"]["s"]["rounding"] = how["score"]
    ranking = ruleset["rankings"]["peringkat"]
    ranking |= {"awards": how["awards"], "unresolved": how["unresolved"]}
    if how["by_figure"]:
        ruleset["rankings"]["by_f"] = {
            "by": "f", "level": "kelurahan", "title": "Peringkat f", "assumption": "t",
            "unresolved": how["unresolved"],
        }  # fmt: skip
    return ruleset


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    **RANDOM_YEAR,
    how=presentation,
    lang=st.sampled_from(["en", "id"]),
    limit=st.integers(1, 30),
)
def test_every_format_shows_the_jsons_figures(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    indicators: list[dict[str, Any]],
    combines: list[str],
    sc: dict[str, Any],
    fig: dict[str, Any],
    cells: list[Any],
    weights: list[int],
    how: dict[str, Any],
    lang: str,
    limit: int,
) -> None:
    set_language(lang)
    spec = presented(_ruleset(indicators, combines, sc, fig), how)
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(spec))
    _write_data(tmp_path, cells, weights)
    ruleset = load_ruleset(tmp_path / "r.yaml")
    result = score(ruleset, read_data([tmp_path / "d.yaml"]))
    every_view(tmp_path, result, ruleset, limit, monkeypatch)


ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("year", ["2016", "2020", "2022", "2023", "2024"])
def test_every_example_year(
    year: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language(lang)
    ruleset, result, _found = evaluate(
        ROOT / "rulesets" / year, [ROOT / "examples" / year], None, ()
    )
    every_view(tmp_path, result, ruleset, 40, monkeypatch)


@pytest.mark.parametrize("year", ["2020", "2024"])
def test_paged_html_as_the_cli_writes_it(
    year: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`perkin evaluate -o laporan.html` past the page limit (lowered here): the index and the
    pages written in the folder beside it show the JSON's figures, every row on a page."""
    monkeypatch.setattr(html, "MAX_HTML_ROWS", 10)
    monkeypatch.setattr(html_pages_module, "PAGE_ROWS", 5)
    monkeypatch.chdir(ROOT)
    out = tmp_path / "laporan.html"
    args = ["--lang", "id", "evaluate", f"rulesets/{year}", f"examples/{year}", "-o", str(out)]
    ran = CliRunner().invoke(cli.main, [*args, "--quiet"], catch_exceptions=False)
    assert ran.exit_code == 0, ran.output
    pages = sorted((tmp_path / "laporan_files").glob("*.html"))
    assert len(pages) > 1
    set_language("id")
    ruleset, result, _found = evaluate(
        ROOT / "rulesets" / year, [ROOT / "examples" / year], None, ()
    )
    doc = json.loads(render(result, "json"))
    texts = [out.read_text(encoding="utf-8"), *(p.read_text(encoding="utf-8") for p in pages)]
    want = {k: v for k, v in json_figures(doc, ruleset).items() if k[0] != "riwayat"}
    check_html(texts, want, Names.of(doc, ruleset), main_label(doc))
