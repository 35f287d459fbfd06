"""An HTML report larger than a browser holds (html.MAX_HTML_ROWS) as pages: an index with
everything the single page shows above its detail, and one page per region, the highest level
whose subtrees each fit under the limit."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any
from urllib.parse import quote

import numpy as np

from dsl.i18n import _, ngettext
from engine.data.model import Unit
from engine.render import html
from engine.render.comparisons import unit_names
from engine.render.html import UnitRows
from engine.render.html_parts import closing, predikat_badge, table, tag, texts
from engine.render.trend_chart import trends_of
from engine.ruleset.model import Ruleset
from engine.scoring.columns import Block, Listed, Rows
from engine.scoring.result import RankRow, Result

SLUG_CHARS = 40  # of a unit id in a page's file name (the index number keeps names apart)
# indicator rows a page holds where the tree can be split (about 1.1 KB each: ≈ 55 MB, which a
# browser opens and prints; a single page of 200,000 rows, the paging threshold, would be 220 MB)
PAGE_ROWS = 50_000
INDEX_PLACES = 100  # places of each ranking the index lists; every unit's is on its region's page
PAGE_NAME = re.compile(r"[0-9]{3,}-[a-z0-9-]{1,40}\.html")  # every page name perkin writes


def paged(result: Result) -> bool:
    """The report has more indicator rows than one page holds, so it is written as pages."""
    return len(result.indicators) > html.MAX_HTML_ROWS


def folder_name(index_name: str) -> str:
    """The pages' folder next to the index: 'laporan.html' → 'laporan_files'."""
    stem = index_name.rsplit(".", 1)[0] if "." in index_name[1:] else index_name
    return f"{stem}_files"


@dataclass(frozen=True, slots=True)
class Region:
    """One page: a unit and its subtree, or the unit alone when its subtree is paged apart."""

    unit: Unit
    units: tuple[str, ...]  # the ids on the page, in result order
    rows: int  # indicator rows
    whole: bool  # the whole subtree (False: the unit alone, its children on pages of their own)


def regions(units: Sequence[Unit], rows: dict[str, int], limit: int) -> list[Region]:
    """The pages: a subtree that fits under `limit` rows is one page; a larger one gives its own
    unit a page and is split again one level down (a single unit over the limit stays whole)."""
    ids = {u.id for u in units}
    children: dict[str | None, list[Unit]] = defaultdict(list)
    for u in units:
        children[u.parent if u.parent in ids else None].append(u)
    size = _subtree_rows(children, rows)
    order = {u.id: n for n, u in enumerate(units)}
    found: list[Region] = []
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        if size[unit.id] <= limit or not children[unit.id]:
            below = sorted(_subtree(children, unit), key=order.__getitem__)
            found.append(Region(unit, tuple(below), size[unit.id], True))
        else:
            found.append(Region(unit, (unit.id,), rows.get(unit.id, 0), False))
            stack.extend(reversed(children[unit.id]))
    return found


def _subtree(children: dict[str | None, list[Unit]], top: Unit) -> Iterator[str]:
    stack = [top]
    while stack:
        unit = stack.pop()
        yield unit.id
        stack.extend(children[unit.id])


def _subtree_rows(children: dict[str | None, list[Unit]], rows: dict[str, int]) -> dict[str, int]:
    """Indicator rows of each unit's subtree (children before parents, without recursion)."""
    preorder: list[Unit] = []
    stack = list(children[None])
    while stack:
        unit = stack.pop()
        preorder.append(unit)
        stack.extend(children[unit.id])
    size: dict[str, int] = {}
    for unit in reversed(preorder):
        size[unit.id] = rows.get(unit.id, 0) + sum(size[c.id] for c in children[unit.id])
    return size


def page_name(number: int, unit_id: str) -> str:
    """A safe file name for a page: its number and the unit id as lower-case ASCII letters,
    digits and hyphens (no path, no dot, no control character; unique on any file system)."""
    ascii_id = unicodedata.normalize("NFKD", unit_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:SLUG_CHARS].strip("-")
    return f"{number:03d}-{slug or 'unit'}.html"


@dataclass(frozen=True, slots=True)
class Pages:
    """The index and its pages, each page made only when it is asked for (one at a time)."""

    folder: str
    index_name: str
    index: str
    names: tuple[str, ...]
    result: Result
    ruleset: Ruleset | None
    regions: tuple[Region, ...]
    blocks: tuple[Blocks, Blocks, Blocks]  # indicators, scores, figures: each row's page
    places: Places  # the rankings, in the index (first places) and by page

    def pages(self) -> Iterator[tuple[str, Iterator[str]]]:
        """(file name, its HTML in parts) of each page, in index order: a page's rows are read
        when its first part is asked for, and each unit's section is made as it is written."""
        for n, name in enumerate(self.names):
            yield name, self._page(n)

    def _page(self, n: int) -> Iterator[str]:
        indicators, scores, figures = (_select(b, n) for b in self.blocks)
        own = replace(self.result, indicators=indicators, scores=scores, figures=figures)
        yield from _page(self, UnitRows.of(own, self.ruleset), n)


# a result's rows as its column blocks, each with the page number of every row (-1: no page)
Blocks = tuple[tuple[Block[Any], np.ndarray], ...]


def _blocks(rows: Sequence[Any], page_of: dict[str, int]) -> Blocks:
    """Each block of `rows` with the page of each row."""
    pages = ((b, [page_of.get(u, -1) for u in _units(b)]) for b in _as_blocks(rows))
    return tuple((b, np.array(numbers, np.int64)) for b, numbers in pages)


def _as_blocks(rows: Sequence[Any]) -> tuple[Block[Any], ...]:
    """The column blocks of a result's rows (rows made by hand: one block of them)."""
    return rows.blocks if isinstance(rows, Rows) else (Listed(tuple(rows)),)


def _units(block: Block[Any]) -> Sequence[str]:
    """The unit of each row of a block, read without making its rows where it keeps them."""
    units = getattr(block, "units", None)
    return units if units is not None else [r.unit for r in block]


def _select(blocks: Blocks, page: int) -> list[Any]:
    """The rows on one page, in result order."""
    return [block.row(int(i)) for block, pages in blocks for i in np.flatnonzero(pages == page)]


def html_pages(
    result: Result, ruleset: Ruleset | None, index_name: str, limit: int | None = None
) -> Pages:
    """The report as an index named `index_name` and pages of at most `limit` indicator rows
    (default PAGE_ROWS) in the folder beside it; a page's rows are made when it is."""
    counts = Counter(u for b in _as_blocks(result.indicators) for u in _units(b))
    found = tuple(regions(result.units, counts, PAGE_ROWS if limit is None else limit))
    page_of = {uid: n for n, region in enumerate(found) for uid in region.units}
    selected = (
        _blocks(result.indicators, page_of),
        _blocks(result.scores, page_of),
        _blocks(result.figures, page_of),
    )
    names = tuple(page_name(n, r.unit.id) for n, r in enumerate(found, 1))
    folder = folder_name(index_name)
    summary = UnitRows.of(replace(result, indicators=(), scores=(), figures=()), ruleset)
    places = Places.of(result, ruleset, page_of)
    index = _index(result, ruleset, summary, found, names, folder, places)
    return Pages(folder, index_name, index, names, result, ruleset, found, selected, places)


def _index(
    result: Result,
    ruleset: Ruleset | None,
    rows: UnitRows,
    found: Sequence[Region],
    names: Sequence[str],
    folder: str,
    places: Places,
) -> str:
    """The summary view of the single page (header, summary, trends, rankings, diagnostics)
    with a table of the pages where its detail would be."""
    body = [
        html.header(result, ruleset, rows, [], [], []),
        html.summary_section(result, ruleset),
        trends_of(result, ruleset),
        *(_index_ranking(result, ruleset, rid, places) for rid in rows.rankings),
        _page_table(result, found, names, folder),
        html.diagnostics(result, rows),
        closing(result.perkin_version),
    ]
    return html.document(f"{result.ruleset_title} — {result.period}", body)


def _index_ranking(result: Result, ruleset: Ruleset | None, ranking: str, places: Places) -> str:
    """A ranking in the index: its first places; every unit's place is on its region's page."""
    every = places.of_ranking.get(ranking, [])
    if len(every) <= INDEX_PLACES:
        return html.ranking_section(result, ruleset, ranking, every, units=places.names)
    note = _("The first {shown} places of {n}; every unit's place is on the page of its region.")
    said = note.format(shown=INDEX_PLACES, n=len(every))
    return html.ranking_section(result, ruleset, ranking, every[:INDEX_PLACES], said, places.names)


@dataclass(frozen=True, slots=True)
class Places:
    """Every ranking's rows, all and by page, and the units' names: found once for all pages."""

    of_ranking: dict[str, list[RankRow]]
    by_page: dict[tuple[str, int], list[RankRow]]
    names: dict[str, str]

    @staticmethod
    def of(result: Result, ruleset: Ruleset | None, page_of: dict[str, int]) -> Places:
        """The places of every ranking of the result."""
        of_ranking: dict[str, list[RankRow]] = {}
        by_page: dict[tuple[str, int], list[RankRow]] = {}
        for row in result.rankings:
            of_ranking.setdefault(row.ranking, []).append(row)
            if row.unit in page_of:
                by_page.setdefault((row.ranking, page_of[row.unit]), []).append(row)
        return Places(of_ranking, by_page, unit_names(result, ruleset))


def _region_rankings(pages: Pages, n: int) -> Iterator[str]:
    """Each ranking's places of the page's units (ranked among all units)."""
    note = _("The places of the {shown} units of this page, among {n}.")
    for rid, every in pages.places.of_ranking.items():
        mine = pages.places.by_page.get((rid, n))
        if mine:
            said = note.format(shown=len(mine), n=len(every))
            yield html.ranking_section(
                pages.result, pages.ruleset, rid, mine, said, pages.places.names
            )


def _page_table(result: Result, found: Sequence[Region], names: Sequence[str], folder: str) -> str:
    """The pages: their region linked, its level, units and indicator rows."""
    href = quote(folder)
    cells = [
        [
            str(n),
            f'<a href="{href}/{quote(name)}">{escape(r.unit.name)}</a>'
            + ("" if r.whole else " " + escape(_("(this unit only)"))),
            escape((r.unit.level or "").replace("_", " ")),
            str(len(r.units)),
            str(r.rows),
        ]
        for n, (r, name) in enumerate(zip(found, names, strict=True), 1)
    ]
    header = texts(_("No."), _("Region"), _("Level"), _("Units"), _("Indicator rows"))
    note = ngettext(
        "{rows} indicator rows are more than one page can show ({limit}): the detail is in {n} "
        "page in the folder {folder}, one per region.",
        "{rows} indicator rows are more than one page can show ({limit}): the detail is in {n} "
        "pages in the folder {folder}, one per region.",
        len(found),
    ).format(rows=len(result.indicators), limit=html.MAX_HTML_ROWS, n=len(found), folder=folder)
    heading = tag("h2", _("Pages of the report"))
    body = table(header, cells, (8, 42, 20, 12, 18), {0, 3, 4})
    return f'<section class="page" id="pages">{heading}{tag("p", note)}{body}</section>'


def _page(pages: Pages, rows: UnitRows, n: int) -> Iterator[str]:
    """One region's page: its title, a link back to the index, the detail of its units and
    their places in each ranking."""
    region = pages.regions[n]
    ruleset, result, index_name = pages.ruleset, pages.result, pages.index_name
    on_page = set(region.units)
    units = [u for u in result.units if u.id in on_page]
    carded = [u for u in units if u.id in rows.indicators]
    tabled = [u for u in units if u.id not in rows.indicators and u.id in rows.values]
    scored = ruleset.scored_levels if ruleset else None
    is_scored = [u for u in tabled if scored is None or u.level in scored]
    others = [u for u in tabled if not (scored is None or u.level in scored)]
    back = escape(_("Back to the index"))
    legend_label = escape(_("Predikat:"))
    legend = "".join(predikat_badge(label) for label in rows.predikat)
    heading = (
        f"<header><h1>{escape(region.unit.name)}</h1>"
        f'<p class="muted">{escape(result.ruleset_title)} · {escape(result.period_text())} · '
        f'<a href="../{quote(index_name)}">{back}</a></p>'
        + (f'<p class="legend">{legend_label} {legend}</p>' if legend else "")
        + "</header>"
    )
    body = itertools.chain(
        _sections(rows, heading, carded, is_scored, others),
        _region_rankings(pages, n),
    )
    title = f"{result.ruleset_title} — {region.unit.name} — {result.period}"
    return html.document_chunks(title, body)


def _sections(
    rows: UnitRows,
    heading: str,
    carded: Sequence[Unit],
    scored: Sequence[Unit],
    others: Sequence[Unit],
) -> Iterator[str]:
    """A page's parts, each made when it is written: a unit's section, then a level's table."""
    yield heading
    for n, unit in enumerate(carded):
        yield html.unit_section(rows, unit, n, n > 0)
    for level, group in html.levels(scored, rows.ruleset):
        yield html.level_section(rows, level, group, True)
    yield html.others_section(rows, others, rows.ruleset)
