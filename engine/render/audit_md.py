"""An audit or replay document (schemas/audit.schema.json) as Markdown an inspectorate can paste
into its report: per case a table of the figures that do not reproduce, each finding's
arithmetic and causes, and the report's claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dsl.i18n import _, ngettext
from engine.render.markdown import md_table, md_text

SHOWN = 5  # alternatives per conflict in the table (the JSON keeps them all)


def audit_markdown(document: Mapping[str, Any]) -> str:
    """The whole document as Markdown, one section per case file."""
    title = _("Audit of published figures") if document["command"] == "audit" else _("Replay")
    lines = [f"# {md_text(title)}", ""]
    for case in document["cases"]:
        lines += _case(case)
    return "\n".join(lines).rstrip("\n") + "\n"


def _case(case: Mapping[str, Any]) -> list[str]:
    """One case file: its heading, the findings table, each finding, the claims."""
    lines = [f"## {md_text(case['case'])}", "", md_text(case["heading"]), ""]
    for conflict in case["conflicts"]:
        lines += _conflict(conflict)
    findings = case["findings"]
    if findings and case["conflicts"]:
        heading = _("Figures that do not reproduce")
        lines += [f"### {md_text(heading)}", ""]
    if findings:
        lines += [*md_table(finding_header(), [finding_row(f) for f in findings]), ""]
    for finding in findings:
        lines += _details(finding)
    if case["claims"]:
        lines += [f"### {md_text(case['claims_heading'])}", ""]
        lines += [*md_table(claim_header(), [claim_row(c) for c in case["claims"]]), ""]
    return lines


def _conflict(conflict: Mapping[str, Any]) -> list[str]:
    """One conflict: its heading, cells, ranked alternatives and the figures resting on it."""
    lines = [f"### {md_text(conflict['heading'])}", ""]
    if conflict["cells"]:
        cells = ", ".join(md_text(c["text"]) for c in conflict["cells"])
        label = _("Cells")
        lines += [f"- **{md_text(label)}**: {cells}"]
    if conflict["alternatives"]:
        rows = [alternative_row(a) for a in conflict["alternatives"][:SHOWN]]
        lines += ["", *md_table(alternative_header(), rows)]
        more = more_alternatives(conflict)
        if more:
            lines += ["", md_text(more)]
    if conflict["gave_up"]:
        lines += [
            "",
            md_text(_("The search for alternatives stopped at its bound; more may exist.")),
        ]
    lines += [""]
    figures = ", ".join(md_text(f) for f in conflict["figures"])
    label = _("Does not reproduce")
    lines.append(f"- **{md_text(label)}**: {figures}")
    if conflict["follows"]:
        follows = ", ".join(md_text(f) for f in conflict["follows"])
        label = _("Follows as printed")
        lines.append(f"- **{md_text(label)}**: {follows}")
    return [*lines, ""]


def finding_header() -> list[str]:
    """The columns of the table of figures that do not reproduce."""
    return [_("Source"), _("Figure"), _("Published"), _("Computed"), _("Cause")]


def claim_header() -> list[str]:
    """The columns of the table of claims."""
    return [_("Source"), _("Claim"), _("Published"), _("Computed"), _("Holds"), _("Working")]


def alternative_header() -> list[str]:
    """The columns of a conflict's table of alternatives."""
    return [_("Rank"), _("Correction"), _("Kind"), _("Also changes")]


def more_alternatives(conflict: Mapping[str, Any]) -> str | None:
    """'… and 22 more alternatives' beyond the SHOWN ones, or None."""
    rest = len(conflict["alternatives"]) + conflict["more_alternatives"] - SHOWN
    if rest <= 0:
        return None
    return ngettext("… and {n} more alternative", "… and {n} more alternatives", rest).format(
        n=rest
    )


def alternative_row(alternative: Mapping[str, Any]) -> list[str]:
    """An alternative in the table: its rank, the corrections, their kinds, what else changes."""
    fixes = "; ".join(f["text"] for f in alternative["fixes"])
    kinds = ", ".join(f["title"] for f in alternative["fixes"])
    changes = "; ".join(c["text"] for c in alternative["changes"]) or _("nothing else")
    return [str(alternative["rank"]), fixes, kinds, changes]


def finding_row(finding: Mapping[str, Any]) -> list[str]:
    """A finding in the table: where, which figure, both values, the kinds of its causes."""
    causes = ", ".join(c["title"] for c in finding["causes"])
    verdict = causes or (_("known wrong") if finding["known_wrong"] else "")
    return [
        finding["citation"] or "",
        finding_figure(finding),
        finding["published"]["text"],
        finding["recomputed"]["text"],
        verdict,
    ]


def finding_figure(finding: Mapping[str, Any]) -> str:
    """The figure without its citation (the table has a column for it)."""
    title = str(finding["title"])
    citation = finding["citation"]
    return title.removeprefix(f"{citation} ") if citation else title


def _details(finding: Mapping[str, Any]) -> list[str]:
    """A finding's line, its arithmetic and its causes, when the audit found them."""
    notes = finding_notes(finding)
    if not notes:
        return []
    head = f"### {md_text(finding['citation'] or '')} {md_text(finding_figure(finding))}".rstrip()
    lines = [head, "", md_text(finding["text"]), ""]
    for label, text in notes:
        lines.append(f"- **{md_text(label)}**: {md_text(text)}" if label else f"- {md_text(text)}")
    return [*lines, ""]


def finding_notes(finding: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """(label, text) of a finding's arithmetic, causes, reading as printed and conflict; none
    when the audit found neither arithmetic nor a cause."""
    if finding["arithmetic"] is None and not finding["causes"]:
        return []
    arithmetic = _("arithmetic: {arithmetic}").format(arithmetic=finding["arithmetic"])
    notes: list[tuple[str | None, str]] = [(None, arithmetic)]
    notes += [(cause["title"], cause["explanation"]) for cause in finding["causes"]]
    if finding.get("as_printed"):
        notes.append((None, finding["as_printed"]["text"]))
    if finding.get("conflict") is not None:
        notes.append((None, _("listed under conflict {number}").format(number=finding["conflict"])))
    return notes


def claim_row(claim: Mapping[str, Any]) -> list[str]:
    """A claim in the table: where, the sentence checked, both values, whether it holds."""
    holds = _("yes") if claim["holds"] else _("no")
    return [
        claim["citation"],
        claim["description"],
        claim["published"]["text"],
        claim["recomputed"]["text"],
        holds,
        claim["working"],
    ]
