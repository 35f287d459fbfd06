"""The summary view as an HTML `<section>` for the report (engine/render/html.py places it), the
same sections as the Markdown and terminal views, every user text escaped."""

from __future__ import annotations

from html import escape

from engine.render.html_parts import predikat_badge
from engine.render.summary import Summary
from engine.render.summary_text import Row, Section, sections


def summary_html(summary: Summary) -> str:
    """The summary as one `<section class="summary">`; headings start at h2 (the report has the
    h1)."""
    parts = ['<section class="summary">']
    for section in sections(summary):
        if section.level > 1:  # the title and provenance are the report's own header
            parts += _section(section)
    parts.append("</section>")
    return "\n".join(parts)


def _section(section: Section) -> list[str]:
    out = []
    if section.heading:
        tag = f"h{min(section.level + 1, 6)}"
        out.append(f"<{tag}>{escape(section.heading)}</{tag}>")
    out += [f"<p>{escape(line)}</p>" for line in section.plain]
    if section.header and section.rows:
        out.append(_table(section))
    if section.notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in section.notes)
        out.append(f"<ul>{items}</ul>")
    return out


def _table(section: Section) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in section.header)
    body = "".join(_row(row, section.predikat_column, len(section.header)) for row in section.rows)
    kind = ' class="pk-table"' if section.pk else ""
    return f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _row(row: Row, predikat_column: int | None, width: int) -> str:
    if row.heading:
        return f'<tr class="group"><th colspan="{width}">{escape(row.cells[0])}</th></tr>'
    cells = [
        predikat_badge(cell or None) if i == predikat_column else escape(cell)
        for i, cell in enumerate(row.cells)
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
