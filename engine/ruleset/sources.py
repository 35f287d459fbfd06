"""Source citations: the one grammar of a `source:` and what each citation points at.

A source is citations separated by commas or semicolons. Each is a seed-line citation
(`003:1522`, `002:72-74`), resolved to the seed documents' lines, or a declared document with an
optional locator (`permenpanrb_14_2017: Lampiran II`, `pasal 5 ayat (2)`, `hlm. 12`, `tabel 3`);
a part that is neither, after a document citation, is one more locator in that document
(`permenpanrb_14_2017: Lampiran II, hlm. 12`). A bare snake_case word is always a document.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, ngettext
from dsl.suggest import did_you_mean

SEED = re.compile(r"(?P<doc>\d{3})(?:_[0-9a-f]+\.txt)?:(?P<start>\d+)(?:-(?P<end>\d+))?")
_DOCUMENT = re.compile(r"(?P<id>[A-Za-z][A-Za-z0-9_]*)(?:\s*:\s*(?P<locator>.*))?", re.DOTALL)
_SEPARATOR = re.compile(r"[,;]")
DOCUMENT_KINDS = (
    "regulation",
    "decision",
    "instruction",
    "circular",
    "plan",
    "agreement",
    "report",
    "guideline",
    "other",
)
_KIND_TEXTS = {
    "regulation": N_("regulation"),
    "decision": N_("decision"),
    "instruction": N_("instruction"),
    "circular": N_("circular"),
    "plan": N_("plan"),
    "agreement": N_("agreement"),
    "report": N_("report"),
    "guideline": N_("guideline"),
    "other": N_("document"),
}
FORM_HINT = N_(
    "write a seed line (003:1522 or 003:1522-1538) or a declared document with a locator "
    "(permenpanrb_14_2017: Lampiran II), several separated by commas"
)


class CitationError(PerkinError):
    """A citation that points nowhere: a missing seed document or line, an unknown document."""

    code = "S001"


class SourceFormError(PerkinError):
    """A `source:` that is not a list of citations."""

    code = "S002"


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited range of lines in one seed document."""

    doc: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.doc}:{self.start}" + (f"-{self.end}" if self.end != self.start else "")


@dataclass(frozen=True, slots=True)
class DocumentCitation:
    """A declared document, and the place in it when one is given (pasal, lampiran, page)."""

    doc: str
    locator: str | None

    def __str__(self) -> str:
        return f"{self.doc}: {self.locator}" if self.locator else self.doc


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document a ruleset encodes or cites: a regulation, a plan, a report."""

    id: str
    title: str
    kind: str
    number: str | None = None
    year: int | None = None
    url: str | None = None

    def describe(self, locator: str | None = None) -> str:
        """One line for people: 'id: title (regulation no. 14 of 2017), locator url'."""
        kind = _(_KIND_TEXTS[self.kind]) if self.kind in _KIND_TEXTS else self.kind
        parts = [kind]
        if self.number:
            parts.append(_("no. {number}").format(number=self.number))
        if self.year:
            parts.append(_("of {year}").format(year=self.year))
        text = f"{self.id}: {self.title} ({' '.join(parts)})"
        text += f", {locator}" if locator else ""
        return f"{text} {self.url}" if self.url else text


AnyCitation = Citation | DocumentCitation


def parse_source(text: str, documents: Collection[str] = ()) -> list[AnyCitation]:
    """The citations of a source; a SourceFormError or CitationError located in the text
    (line 1, the column of the part) when a part is not a citation or names an unknown
    document. `documents`: the ids of the declared documents (none: seed lines only)."""
    out: list[AnyCitation] = []
    for start, part in _parts(text):
        out.append(_citation(part, start, out[-1] if out else None, documents))
    return out


def _parts(text: str) -> Iterator[tuple[int, str]]:
    """Each comma- or semicolon-separated part, stripped, with its 0-based offset."""
    begin = 0
    for found in [*_SEPARATOR.finditer(text), None]:
        end = found.start() if found else len(text)
        raw = text[begin:end]
        yield begin + len(raw) - len(raw.lstrip()), raw.strip()
        begin = end + 1


def _citation(
    part: str, start: int, previous: AnyCitation | None, documents: Collection[str]
) -> AnyCitation:
    """One part read as a seed line, a document, or one more locator of the document before."""
    where = Location(line=1, column=start + 1, end_column=start + 1 + len(part))
    seed = SEED.fullmatch(part)
    if seed is not None:
        first = int(seed["start"])
        return Citation(seed["doc"], first, int(seed["end"] or first))
    named = _DOCUMENT.fullmatch(part)
    if named is not None and (named["locator"] is not None or "_" in part or part.islower()):
        return _document(named["id"], named["locator"], part, where, documents)
    if isinstance(previous, DocumentCitation) and part:
        return DocumentCitation(previous.doc, part)
    message = _("empty citation") if not part else _("'{part}' is not a citation").format(part=part)
    raise SourceFormError(message, where, _(FORM_HINT))


def _document(
    doc: str, locator: str | None, part: str, where: Location, documents: Collection[str]
) -> DocumentCitation:
    """A citation of a declared document; an error for an unknown one or an empty locator."""
    if doc not in documents:
        where = Location(line=1, column=where.column, end_column=(where.column or 1) + len(doc))
        hint = did_you_mean(doc, documents) or (
            _("declare it under 'documents:' (id, title, kind, number, year)")
            if documents
            else _(FORM_HINT)
        )
        message = _("unknown document '{doc}'").format(doc=doc)
        raise CitationError(message, where, hint)
    if locator is not None and not locator.strip():
        message = _("'{part}' names no place in the document").format(part=part)
        hint = _("write the place after the colon (Lampiran II, pasal 5, hlm. 12) or drop it")
        raise SourceFormError(message, where, hint)
    return DocumentCitation(doc, locator.strip() if locator else None)


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
