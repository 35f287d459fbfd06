"""Audits and replays as documents (schemas/audit.schema.json): plain data for JSON and Markdown,
numbers kept as numbers beside the texts people read in the current language."""

from __future__ import annotations

from typing import Any

from dsl.i18n import language
from engine.history.audit import Audit, Finding
from engine.history.cases import Published
from engine.history.claims import ClaimCheck
from engine.history.conflict_document import conflict_document
from engine.history.figures import printed_number
from engine.history.replay import Check, ReplayReport

FORMAT = 1


def audit_document(audit: Audit) -> dict[str, Any]:
    """The audit of one case file as the document schemas/audit.schema.json describes."""
    case = audit.case
    return {
        "format": FORMAT,
        "command": "audit",
        "language": language(),
        "cases": [
            {
                "case": str(case.path),
                "ruleset": str(case.ruleset),
                "heading": audit.heading(),
                "published": len(case.published),
                "not_reproduced": len(audit.findings),
                "conflicts": [
                    conflict_document(i, c, case.unit) for i, c in enumerate(audit.conflicts, 1)
                ],
                "findings": [_finding(f) for f in audit.findings],
                "claims_heading": audit.claims_heading() if audit.claims else None,
                "claims": [_claim(c) for c in audit.claims],
            }
        ],
    }


def replay_document(report: ReplayReport) -> dict[str, Any]:
    """Replayed case files as the same document: each case's figures that do not simply
    reproduce (mismatches and known-wrong figures), no causes and no claims."""
    return {
        "format": FORMAT,
        "command": "replay",
        "language": language(),
        "ok": report.ok,
        "cases": [
            {
                "case": str(case.case.path),
                "ruleset": str(case.case.ruleset),
                "heading": case.summary,
                "published": len(case.case.published),
                "not_reproduced": sum(not r.check.reproduces for r in case.results),
                "conflicts": [],
                "findings": [_replayed(r.check, r.title, r.text, r.ok) for r in case.results],
                "claims_heading": None,
                "claims": [],
            }
            for case in report.cases
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    """One figure that does not reproduce, with its arithmetic and causes."""
    out = _replayed(finding.check, finding.title, finding.lines()[0], False)
    out["arithmetic"] = finding.arithmetic
    reading = finding.as_printed
    out["as_printed"] = {
        "reproduces": reading.reproduces,
        "value": reading.value,
        "text": reading.text(),
    }
    out["conflict"] = finding.conflict
    out["causes"] = [
        {"kind": c.kind.value, "title": c.kind.title(), "explanation": c.detail}
        for c in finding.causes
    ]
    return out


def _replayed(check: Check, title: str, text: str, ok: bool) -> dict[str, Any]:
    """A published figure next to the engine's value: where, what, both values, the verdict."""
    pub, rec = check.pub, check.recomputed
    wrong = pub.known_wrong
    return {
        **_where(pub),
        "title": title,
        "published": _printed(pub.printed, pub.decimals, check.printed),
        "recomputed": {
            "value": rec.value,
            "presented": None if rec.value is None else check.presented,
            "text": check.shown,
            "na": rec.reason if rec.value is None else None,
        },
        "reproduces": check.reproduces,
        "passes": ok,
        "known_wrong": None if wrong is None else {"correct": wrong.correct, "why": wrong.why},
        "text": text,
        "arithmetic": None,
        "causes": [],
        "as_printed": None,
        "conflict": None,
    }


def _where(pub: Published) -> dict[str, Any]:
    """The figure's citation in the report and in the case file, and what it is."""
    return {
        "citation": pub.source or None,
        "case_line": pub.location.line,
        "unit": pub.unit,
        "kind": pub.kind,
        "name": pub.name,
        "item": pub.item,
        "field": pub.field,
        "period": pub.period.label,
    }


def _printed(printed: str, decimals: int, text: str) -> dict[str, Any]:
    """A printed text, the number it shows (null for a label), and how a person reads it."""
    return {
        "printed": printed,
        "number": printed_number(printed, decimals),
        "decimals": decimals,
        "text": text,
    }


def _claim(check: ClaimCheck) -> dict[str, Any]:
    """A claim of the report, what the results give for it, and the working."""
    claim = check.claim
    return {
        "citation": claim.source,
        "case_line": claim.location.line,
        "kind": claim.kind,
        "status": claim.status,
        "of": claim.of,
        "indicators": list(claim.indicators),
        "groups": list(claim.groups),
        "unit": claim.unit,
        "period": claim.period.label,
        "published": _printed(claim.printed, claim.decimals, check.printed_text),
        "description": check.description,
        "recomputed": {
            "value": check.computed,
            "presented": check.shown if check.computed is not None else None,
            "text": check.computed_text,
            "na": None if check.computed is not None else check.working,
        },
        "holds": check.holds,
        "working": check.working,
        "text": check.line(),
    }
