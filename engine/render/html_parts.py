"""The pieces every part of the HTML report is made of: tables, figures as offices write them,
N/A marks by kind, predikat badges, reasons and derivations; every user text escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from dsl.i18n import N_, _, ngettext, number_text
from dsl.values import NaKind
from engine.render.charts import tone_of
from engine.render.tabular import grouped_texts
from engine.ruleset.model import Rounding, Ruleset
from engine.ruleset.names import ShownNames
from engine.scoring.result import IndicatorRow, Presented, default_capaian_text

PARTS = (N_("Target"), N_("Realisasi"), N_("Capaian"))


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[int],
    num_cols: Iterable[int] = (),
    row_classes: Sequence[str] | None = None,
) -> str:
    """A table from header and body cells that are already HTML (`texts` escapes plain
    headers); `widths` in percent, one per column, so a printed table keeps to the page."""
    nums = set(num_cols)
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f"<th>{h}</th>" for h in header)
    lines = []
    for n, row in enumerate(rows):
        cls = f' class="{row_classes[n]}"' if row_classes and row_classes[n] else ""
        cells = "".join(
            f'<td class="num">{c}</td>' if i in nums else f"<td>{c}</td>" for i, c in enumerate(row)
        )
        lines.append(f"<tr{cls}>{cells}</tr>")
    return (
        f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(lines)}</tbody></table>"
    )


def tag(name: str, text: str, css: str = "") -> str:
    """An element holding a plain text (escaped): tag("h3", _("Scorecard"))."""
    attr = f' class="{css}"' if css else ""
    return f"<{name}{attr}>{escape(text)}</{name}>"


def texts(*plain: str) -> list[str]:
    """Plain texts as HTML (escaped)."""
    return [escape(t) for t in plain]


def na_class(fig: Presented) -> str:
    """The mark of an N/A: a gap in the data stands out, an N/A by design does not."""
    return "na gap" if fig.kind is NaKind.NO_DATA else "na"


def figure(fig: Presented) -> str:
    """A figure as an office writes it; N/A marked by its kind, '—' where none applies."""
    if fig.value is not None:
        return escape(fig.office_text())
    if fig.reason is None:
        return '<span class="none">—</span>'
    return f'<span class="{na_class(fig)}">N/A</span>'


def predikat_badge(label: str | None) -> str:
    """A predikat as a coloured badge (neutral for labels not on the usual scale)."""
    if label is None:
        return ""
    return f'<span class="pk pk-{tone_of(label)}">{escape(label)}</span>'


def reasons(pairs: Iterable[tuple[str, str | None]], css: str = "reason") -> str:
    """Each N/A reason once, after the labels it applies to: 'Target, Capaian N/A: …'."""
    return "".join(f'<span class="{css}">{escape(text)}</span>' for text in grouped_texts(pairs))


def row_reasons(r: IndicatorRow) -> str:
    """Every N/A of a scorecard row with its reason, visible, each reason once."""
    figs = (r.target, r.realisasi, r.capaian)
    pairs = [(_(part), fig.reason) for part, fig in zip(PARTS, figs, strict=True)]
    if r.predikat is None and r.predikat_reason:
        pairs.append((_("Predikat"), r.predikat_reason))
    return reasons(pairs)


def rounding_text(rounding: Rounding) -> str:
    """How a figure is rounded for presentation, in words."""
    n = rounding.decimals
    if rounding.mode == "truncate":
        text = ngettext("truncated to {n} decimal", "truncated to {n} decimals", n)
    else:
        text = ngettext("rounded half up to {n} decimal", "rounded half up to {n} decimals", n)
    return text.format(n=n)


def full(fig: Presented) -> str:
    """A figure at full precision with its presentation rounding, or N/A with the reason."""
    if fig.value is None and fig.reason is None:  # a text figure: its text is the label
        return escape(_("— (no number: a text, shown as its label)"))
    if fig.value is None:
        return f'<span class="{na_class(fig)}">N/A</span>: {escape(fig.reason or "")}'
    shown = f"{escape(fig.office_text())} ({escape(rounding_text(fig.rounding))})"
    return f"<code>{escape(number_text(fig.value))}</code> → {shown}"


def derivation(r: IndicatorRow, ruleset: Ruleset | None) -> str:
    """The derivation on demand: full-precision values, N/A reasons and, if known, formulas."""
    figs = (r.target, r.realisasi, r.capaian)
    items = [(_(part), full(fig)) for part, fig in zip(PARTS, figs, strict=True)]
    predikat = r.predikat or "— " + (r.predikat_reason or _("no predikat table"))
    items.append((_("Predikat"), escape(predikat)))
    ind = ruleset.indicators.get(r.indicator) if ruleset else None
    if ind is not None:
        capaian = ind.capaian.text if ind.capaian else None
        default = escape(default_capaian_text(ind.polarity))
        items += [
            (_("Realisasi formula"), f"<code>{escape(ind.realisasi.text)}</code>"),
            (_("Capaian formula"), f"<code>{escape(capaian)}</code>" if capaian else default),
            (_("Source"), escape(ind.provenance.text())),
        ]
    dl = "".join(f"<dt>{escape(w)}</dt><dd>{v}</dd>" for w, v in items)
    summary = tag("summary", _("Details"))
    return f"<details>{summary}<dl>{dl}</dl></details>"


def indicator_names(ruleset: Ruleset | None) -> dict[str, str]:
    """Indicator id → name as printed ('1. Indeks …'; empty without a ruleset)."""
    if ruleset is None:
        return {}
    names = ShownNames.of(ruleset)  # two of one name carry their ids
    return {i.id: names.numbered(i) for i in ruleset.indicators.values()}


def value_names(ruleset: Ruleset | None) -> dict[str, str]:
    """Score or figure id → its name as HTML: a score's title, a figure's id with its
    description on hover; the id small or in the title attribute either way."""
    if ruleset is None:
        return {}
    names = {
        f.id: f'<code title="{escape(str(f.description))}">{_breakable(f.id)}</code>'
        for f in ruleset.figures.values()
    }
    names |= {
        s.id: f'{escape(s.title)} <code class="id">{escape(s.id)}</code>'
        for s in ruleset.scores.values()
        if s.title
    }
    return names


def predikat_labels(ruleset: Ruleset) -> list[str]:
    """The labels of the band tables the ruleset's indicators and scores are banded by."""
    used = [i.predikat for i in ruleset.indicators.values()]
    used += [s.predikat for s in ruleset.scores.values()]
    labels: dict[str, None] = {}
    for table_id in dict.fromkeys(t for t in used if t):
        found = ruleset.tables.get(table_id)
        labels |= dict.fromkeys(b.label for b in found.bands) if found else {}
    return list(labels)


def _breakable(name: str) -> str:
    """An id that may wrap after each underscore in a narrow column."""
    return escape(name).replace("_", "_<wbr>")


def closing(version: str) -> str:
    """Lines to sign a printed page on (prepared by, checked by) and what made it, kept on one
    page together."""
    boxes = "".join(
        f"<div>{escape(who)}<br>{escape(name)}</div>"
        for who, name in ((_("Prepared by"), _("Name / NIP")), (_("Checked by"), _("Name / NIP")))
    )
    made = _("Made by perkin {version}; one self-contained file, with no online sources.")
    footer = escape(made.format(version=version))
    sign = f'<div class="sign">{boxes}</div>'
    return f'<section class="closing">{sign}<footer>{footer}</footer></section>'
