"""Source citations (`003:1522`, `002:72-74`) resolved to the seed documents' lines."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from dsl.errors import Location, PerkinError
from dsl.i18n import _, ngettext

CITATION = re.compile(r"(?P<doc>\d{3})(?:_[0-9a-f]+\.txt)?:(?P<start>\d+)(?:-(?P<end>\d+))?")


class CitationError(PerkinError):
    """A citation that points nowhere."""

    code = "S001"


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited range of lines in one seed document."""

    doc: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.doc}:{self.start}" + (f"-{self.end}" if self.end != self.start else "")


def parse_citations(text: str) -> list[Citation]:
    """Every `NNN:LINE[-LINE]` in a source string."""
    out = []
    for m in CITATION.finditer(text):
        start = int(m["start"])
        out.append(Citation(m["doc"], start, int(m["end"] or start)))
    return out


def seeds_dir(explicit: Path | None = None) -> Path | None:
    """The folder of seed documents: given, $PERKIN_SEEDS, or ../shared/seeds beside the repo."""
    candidates = [explicit] if explicit else []
    if os.environ.get("PERKIN_SEEDS"):
        candidates.append(Path(os.environ["PERKIN_SEEDS"]))
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "seeds")
    return next((c for c in candidates if c is not None and c.is_dir()), None)


def seed_file(folder: Path, doc: str) -> Path | None:
    """The seed file whose name starts with the three-digit document number."""
    return next(iter(sorted(folder.glob(f"{doc}_*.txt"))), None)


def cited_lines(citation: Citation, folder: Path) -> list[tuple[int, str]]:
    """The (number, text) of each cited line; an error if the document or lines do not exist."""
    path = seed_file(folder, citation.doc)
    if path is None:
        message = _("no seed document {doc}").format(doc=citation.doc)
        raise CitationError(message, Location(file=str(citation)))
    lines = path.read_text(encoding="utf-8").splitlines()
    if citation.end > len(lines) or citation.start < 1 or citation.end < citation.start:
        message = ngettext(
            "{citation} is outside {file} ({n} line)",
            "{citation} is outside {file} ({n} lines)",
            len(lines),
        ).format(citation=citation, file=path.name, n=len(lines))
        raise CitationError(message, Location(file=str(citation)))
    return [(n, lines[n - 1]) for n in range(citation.start, citation.end + 1)]
