"""A conflict as plain data for the audit's JSON and Markdown (schemas/audit.schema.json)."""

from __future__ import annotations

from typing import Any

from engine.history.conflict_text import (
    alternative_text,
    band_text,
    cell_text,
    change_text,
    conflict_heading,
    fix_text,
    printed,
    value_text,
)
from engine.history.conflicts import Conflict
from engine.history.diagnosis import Diagnosis
from engine.history.network import PrintedCell
from engine.history.replay import title


def conflict_document(number: int, conflict: Conflict, unit: str | None) -> dict[str, Any]:
    """One conflict: its cells, ranked alternatives and figures, numbers beside the texts."""
    return {
        "number": number,
        "heading": conflict_heading(number, conflict),
        "severity": conflict.severity,
        "cells": [_cell(c, unit) for c in conflict.cells],
        "alternatives": [
            _alternative(i, d, unit) for i, d in enumerate(conflict.alternatives, start=1)
        ],
        "more_alternatives": conflict.more,
        "gave_up": conflict.gave_up,
        "figures": [title(c.pub, unit) for c in conflict.checks if c not in conflict.follows],
        "follows": [title(c.pub, unit) for c in conflict.follows],
    }


def _cell(cell: PrintedCell, unit: str | None) -> dict[str, Any]:
    """A printed cell: what and where it is, and the number it prints (null for a blank)."""
    cell_unit, node, item, label = cell.key
    return {
        "name": cell.name(unit),
        "citations": [p.source for p in cell.pubs if p.source],
        "input": cell.is_input,
        "unit": cell_unit,
        "node": node,
        "item": item,
        "period": label,
        "number": cell.number,
        "printed": printed(cell),
        "text": cell_text(cell, unit),
    }


def _alternative(rank: int, diagnosis: Diagnosis, unit: str | None) -> dict[str, Any]:
    """One alternative: the cells it corrects, with the values they need, and what changes."""
    return {
        "rank": rank,
        "size": len(diagnosis.fixes),
        "cost": diagnosis.cost,
        "fixes": [
            {
                "cell": f.cell.name(unit),
                "input": f.cell.is_input,
                "printed": printed(f.cell),
                "value": f.value,
                "value_text": value_text(f.cell, f.value),
                "low": f.low,
                "high": f.high,
                "kind": f.kind.value,
                "title": f.kind.title(),
                "text": fix_text(f, unit),
            }
            for f in diagnosis.fixes
        ],
        "changes": [
            {
                "figure": c.cell.name(unit),
                "printed": printed(c.cell),
                "value": c.value,
                "text": change_text(c, unit),
            }
            for c in diagnosis.changes
        ],
        "predikat": [
            {
                "figure": title(b.pub, unit),
                "citation": b.pub.source or None,
                "before": b.before,
                "after": b.after,
                "text": band_text(b, unit),
            }
            for b in diagnosis.bands
        ],
        "text": alternative_text(rank, diagnosis, unit),
    }
