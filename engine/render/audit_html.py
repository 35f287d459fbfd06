"""An audit or replay document (schemas/audit.schema.json) as one self-contained HTML page an
inspectorate can print, sign and attach: the same sections, tables and wording as the Markdown
(engine.render.audit_md builds every row), with the report's print stylesheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from dsl.i18n import _, language
from engine.render.audit_md import (
    SHOWN,
    alternative_header,
    alternative_row,
    claim_header,
    claim_row,
    finding_figure,
    finding_header,
    finding_notes,
    finding_row,
    more_alternatives,
)
from engine.render.html_parts import closing, table, tag, texts
from engine.render.html_style import CSS


def audit_html(document: Mapping[str, Any], version: str) -> str:
    """The whole document as an HTML page, one section per case file, lines to sign at the end."""
    title = _("Audit of published figures") if document["command"] == "audit" else _("Replay")
    body = [f"<header>{tag('h1', title)}</header>"]
    body += [_case(case) for case in document["cases"]]
    body.append(closing(version))
    head = f'<meta charset="utf-8"><title>{escape(title)}</title>'
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head>{head}<style>{CSS}</style></head>\n'
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _case(case: Mapping[str, Any]) -> str:
    """One case file: its heading, the conflicts, the findings and their notes, the claims."""
    parts = [tag("h2", case["case"]), tag("p", case["heading"])]
    parts += [_conflict(c) for c in case["conflicts"]]
    findings = case["findings"]
    if findings:
        if case["conflicts"]:
            parts.append(tag("h3", _("Figures that do not reproduce")))
        rows = [texts(*finding_row(f)) for f in findings]
        parts.append(table(texts(*finding_header()), rows, (12, 38, 14, 14, 22), (2, 3)))
        parts += [_details(f) for f in findings]
    if case["claims"]:
        parts.append(tag("h3", case["claims_heading"]))
        rows = [texts(*claim_row(c)) for c in case["claims"]]
        parts.append(table(texts(*claim_header()), rows, (10, 30, 11, 11, 8, 30), (2, 3)))
    return "<section>" + "".join(p for p in parts if p) + "</section>"


def _conflict(conflict: Mapping[str, Any]) -> str:
    """One conflict: its cells, ranked alternatives, and the figures resting on it."""
    parts = [tag("h3", conflict["heading"])]
    items: list[tuple[str, Sequence[str]]] = [(_("Cells"), [c["text"] for c in conflict["cells"]])]
    alternatives = conflict["alternatives"][:SHOWN]
    if alternatives:
        rows = [texts(*alternative_row(a)) for a in alternatives]
        parts.append(_list(items))
        parts.append(table(texts(*alternative_header()), rows, (7, 43, 15, 35), (0,)))
        items = []
    more = more_alternatives(conflict)
    if more:
        parts.append(tag("p", more, "note"))
    if conflict["gave_up"]:
        parts.append(
            tag("p", _("The search for alternatives stopped at its bound; more may exist."))
        )
    items += [(_("Does not reproduce"), conflict["figures"])]
    if conflict["follows"]:
        items.append((_("Follows as printed"), conflict["follows"]))
    parts.append(_list(items))
    return "".join(parts)


def _list(items: Sequence[tuple[str, Sequence[str]]]) -> str:
    """Labelled lists of plain texts as one <ul>; empty labels left out."""
    lines = [
        f"<li><b>{escape(label)}</b>: {escape(', '.join(values))}</li>"
        for label, values in items
        if values
    ]
    return f"<ul>{''.join(lines)}</ul>" if lines else ""


def _details(finding: Mapping[str, Any]) -> str:
    """A finding's line, arithmetic, causes and conflict (nothing when none was found)."""
    notes = finding_notes(finding)
    if not notes:
        return ""
    head = f"{finding['citation'] or ''} {finding_figure(finding)}".strip()
    lines = "".join(
        f"<li><b>{escape(label)}</b>: {escape(text)}</li>" if label else tag("li", text)
        for label, text in notes
    )
    return tag("h4", head) + tag("p", finding["text"]) + f"<ul>{lines}</ul>"
