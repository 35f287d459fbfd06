"""The case files a replay reads: the files named, a folder standing for the case files in it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dsl.errors import Location
from dsl.i18n import _
from engine.history.cases import CaseError


def case_files(paths: Sequence[Path]) -> list[Path]:
    """The case files named, a folder standing for its own .yaml and .yml entries in name order
    (not its subfolders); a folder with none is an error, not an empty replay."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        # every .yaml entry but a subfolder: a pipe, a device or a broken link among the case
        # files is refused where it is read, never passed over in silence
        inside = sorted(
            p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir()
        )
        if not inside:
            hint = _("a replay folder holds case files (.yaml)")
            raise CaseError(_("no case file in this folder"), Location(file=str(path)), hint)
        found += inside
    return found
