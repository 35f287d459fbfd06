"""Case files (format in tests/replay/README.md): the published figures a report printed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _
from engine.history.figures import decimals_in
from engine.periods import Period, PeriodError, parse_period
from engine.ruleset.model import Part, Ref, RoundingMode
from engine.ruleset.sources import parse_source
from engine.ruleset.yamlpos import Mark, PosDict, PosList, load_yaml, location_of

Kind = Literal["indicator", "figure", "score", "ranking"]
KINDS: tuple[Kind, ...] = ("indicator", "figure", "score", "ranking")
FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("target", "realisasi", "capaian", "predikat"),
    "figure": ("value",),
    "score": ("value", "predikat"),
    "ranking": ("rank", "award"),
}
TOP_KEYS = (
    "title", "description", "ruleset", "data", "period", "defaults", "published", "claims",
)  # fmt: skip
ClaimKind = Literal["count", "share", "mean"]
ClaimOf = Literal["indicators", "sasaran"]  # what a claim counts or averages
CLAIM_SUBJECTS: tuple[ClaimOf, ...] = ("indicators", "sasaran")
Status = Literal["above", "at", "below", "at_least"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("count", "share", "mean")
STATUSES: tuple[Status, ...] = ("above", "at", "below", "at_least")
CLAIM_KEYS = (
    "claim", "status", "of", "indicators", "groups", "unit", "period", "printed", "decimals",
    "source", "note",
)  # fmt: skip
DEFAULT_KEYS = ("unit", "period", "decimals", "mode")
ENTRY_KEYS = (
    "unit", "indicator", "figure", "score", "ranking", "item", "period", "field", "printed",
    "decimals", "mode", "source", "assumption", "hand_computed", "known_wrong", "note",
)  # fmt: skip
T = TypeVar("T")


class CaseError(PerkinError):
    """A replay case file that cannot be read or names something the ruleset lacks."""

    code = "H001"


@dataclass(frozen=True, slots=True)
class KnownWrong:
    """The value a wrongly published figure should have had, and why."""

    correct: str
    why: str


@dataclass(frozen=True, slots=True)
class Published:
    """One figure as the report printed it, with the rounding the report used."""

    unit: str
    kind: Kind
    name: str
    item: str | None
    period: Period
    field: str
    printed: str
    decimals: int
    mode: RoundingMode
    source: str
    known_wrong: KnownWrong | None
    location: Location

    @property
    def label(self) -> str:
        """The period label the engine uses ('S1', 'B12', 'tahunan')."""
        return self.period.engine_label

    @property
    def node(self) -> str:
        """The engine name of the value: 'iklka.capaian', a figure or a score."""
        if self.kind != "indicator":
            return self.name
        part: Part = "capaian" if self.field == "predikat" else cast(Part, self.field)
        return Ref.part_of(self.name, part).name

    def key(self) -> tuple[str, str, str | None, str, str]:
        """What identifies the figure, whichever table printed it."""
        return (self.unit, self.node, self.item, self.label, self.field)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence of the report as a check over results: a count, share or mean of capaian."""

    kind: ClaimKind
    status: Status | None  # which capaian counts (> 100, = 100, < 100, ≥ 100); None: every one
    indicators: tuple[str, ...]  # empty: every indicator (of the groups, when given)
    groups: tuple[str, ...]
    unit: str
    period: Period
    printed: str
    decimals: int
    source: str
    location: Location
    of: ClaimOf = "indicators"  # sasaran: the distinct sasaran of the indicators, by their score


@dataclass(frozen=True, slots=True)
class Case:
    """A replay case: the ruleset, the report's data and the figures it published."""

    path: Path
    ruleset: Path
    data: tuple[Path, ...]
    unit: str | None
    published: tuple[Published, ...]
    claims: tuple[Claim, ...] = ()


# loading ---------------------------------------------------------------------------------------


def load_case(path: Path) -> Case:
    """Read and check a case file; every problem at once, located in the file."""
    data, lines = load_yaml(path, kind="case")
    reader = _CaseReader(lines)
    if not isinstance(data, PosDict):
        hint = _("write ruleset:, data: and published: at the top level")
        raise CaseError(_("a case file must be a mapping"), Location(file=str(path)), hint)
    reader.known_keys(data, TOP_KEYS, "")
    defaults = reader.defaults(data)
    published = reader.entries(data, defaults)
    claims = reader.claims(data, defaults)
    ruleset, paths = reader.text(data, "ruleset"), reader.paths(data)
    if reader.errors:
        raise PerkinErrors(reader.errors)
    unit = defaults.get("unit")
    found = [_near(path, p) for p in paths]
    return Case(path, _near(path, ruleset), tuple(found), unit, tuple(published), tuple(claims))


def _near(case: Path, ref: str) -> Path:
    """A path from the case file's folder or, failing that, the nearest parent where it exists."""
    for folder in (case.parent, *case.parent.parents):
        if (folder / ref).exists():
            return folder / ref
    return case.parent / ref


class _CaseReader:
    """Reads the parts of a case file, noting every problem at its place in the file."""

    def __init__(self, lines: list[str]) -> None:
        """Start with the file's lines and no problems."""
        self.lines = lines
        self.errors: list[PerkinError] = []

    def fail(self, message: str, mark: Mark, path: str, hint: str | None = None) -> None:
        """Note a problem at a YAML position."""
        self.errors.append(CaseError(message, location_of(mark, path or None, self.lines), hint))

    def at(self, node: PosDict, key: str) -> Mark:
        """The position of a key's value, or of the mapping when the key is absent."""
        return node.value_marks.get(key, node.mark)

    def known_keys(self, node: PosDict, allowed: Sequence[str], path: str) -> None:
        """Note every key that is not allowed here."""
        for key in node:
            if key not in allowed:
                hint = _("allowed: {keys}").format(keys=", ".join(allowed))
                message = _("unknown key '{key}'").format(key=key)
                self.fail(message, node.key_marks[key], path, hint)

    def text(self, node: PosDict, key: str) -> str:
        """A text that must be present ('' after noting the problem)."""
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(_("'{key}' must be a text").format(key=key), self.at(node, key), key)
        return str(value or "")

    def paths(self, node: PosDict) -> list[str]:
        """The data files or folders, relative to the case file."""
        value = node.get("data")
        if isinstance(value, str):
            return [value]
        if isinstance(value, PosList) and value and all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        message = _("'data' must be a path or a list of paths")
        self.fail(message, self.at(node, "data"), "data")
        return []

    def defaults(self, node: PosDict) -> dict[str, Any]:
        """The defaults of every entry: the case's period and the `defaults:` mapping."""
        out: dict[str, Any] = {"period": node.get("period"), "mode": "half_up"}
        given = node.get("defaults")
        if isinstance(given, PosDict):
            self.known_keys(given, DEFAULT_KEYS, "defaults")
            out.update(given)
        elif given is not None:
            message = _("'defaults' must be a mapping")
            self.fail(message, self.at(node, "defaults"), "defaults")
        return out

    def entries(self, node: PosDict, defaults: dict[str, Any]) -> list[Published]:
        """Every published figure of the case."""
        items = node.get("published")
        if not isinstance(items, PosList) or not items:
            message = _("'published' must be a non-empty list of figures")
            self.fail(message, self.at(node, "published"), "published")
            return []
        not_mapping = _("a published figure is a mapping")
        return self.each(items, "published", not_mapping, defaults, self.entry)

    def each(
        self, items: PosList, key: str, not_mapping: str, defaults: dict[str, Any],
        read: Callable[[PosDict, dict[str, Any], str], T],
    ) -> list[T]:  # fmt: skip
        """Every mapping of a list read with `read`, leaving out those that added errors."""
        out = []
        for index, item in enumerate(items):
            path = f"{key}[{index}]"
            if not isinstance(item, PosDict):
                self.fail(not_mapping, items.item_marks[index], path)
                continue
            before = len(self.errors)
            found = read(item, {**defaults, **item}, path)
            if len(self.errors) == before:
                out.append(found)
        return out

    def entry(self, item: PosDict, merged: dict[str, Any], path: str) -> Published:
        """One published figure (meaningless when it added errors)."""
        self.known_keys(item, ENTRY_KEYS, path)
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            message = _("name exactly one of indicator, figure, score or ranking")
            self.fail(message, item.mark, path)
        kind: Kind = kinds[0] if len(kinds) == 1 else "figure"
        printed = self.printed(item, path)
        return Published(
            unit=self.unit(merged.get("unit"), item.mark, path),
            kind=kind,
            name=str(item.get(kind, "")),
            item=str(item["item"]) if "item" in item else None,
            period=self.period(merged.get("period"), self.at(item, "period"), path),
            field=self.field(kind, merged.get("field"), self.at(item, "field"), path),
            printed=printed,
            decimals=self.decimals(merged.get("decimals"), printed, self.at(item, "printed"), path),
            mode=self.mode(merged.get("mode"), self.at(item, "mode"), path),
            source=self.source(item, path),
            known_wrong=self.known_wrong(
                item.get("known_wrong"), self.at(item, "known_wrong"), path
            ),
            location=location_of(item.mark, path, self.lines),
        )

    def unit(self, value: Any, mark: Mark, path: str) -> str:
        """The unit of an entry (its own, or defaults.unit)."""
        if not isinstance(value, str) or not value:
            self.fail(_("no unit: give 'unit' here or in defaults"), mark, path)
        return str(value)

    def field(self, kind: Kind, value: Any, mark: Mark, path: str) -> str:
        """target, realisasi, capaian, predikat or value, as the kind allows."""
        field = str(value) if value is not None else ("value" if kind != "indicator" else "")
        if field not in FIELDS[kind]:
            hint = _("{kind} has the fields {fields}").format(
                kind=kind, fields=", ".join(FIELDS[kind])
            )
            message = _("'{field}' is not a field of {kind}").format(field=field, kind=kind)
            self.fail(message, mark, path, hint)
        return field

    def printed(self, item: PosDict, path: str) -> str:
        """The printed text, which must be quoted so that 100.00 stays 100.00."""
        value = item.get("printed")
        if not isinstance(value, str):
            hint = _('quote the text as printed, e.g. printed: "104,08" or "100.00%"')
            message = _("'printed' must be the quoted text as printed")
            self.fail(message, self.at(item, "printed"), path, hint)
        return str(value or "").strip()

    def claims(self, node: PosDict, defaults: dict[str, Any]) -> list[Claim]:
        """The report's textual claims, each checked over the results."""
        items = node.get("claims")
        if items is None:
            return []
        if not isinstance(items, PosList):
            self.fail(_("'claims' must be a list"), self.at(node, "claims"), "claims")
            return []
        return self.each(items, "claims", _("a claim is a mapping"), defaults, self.claim)

    def claim(self, item: PosDict, merged: dict[str, Any], path: str) -> Claim:
        """One claim (meaningless when it added errors)."""
        self.known_keys(item, CLAIM_KEYS, path)
        kind = item.get("claim")
        if kind not in CLAIM_KINDS:
            hint = f"claim: {' | '.join(CLAIM_KINDS)}"
            message = _("unknown claim '{claim}'").format(claim=kind)
            self.fail(message, self.at(item, "claim"), path, hint)
        status, of = item.get("status"), item.get("of", "indicators")
        if of not in CLAIM_SUBJECTS:
            hint, message = f"of: {' | '.join(CLAIM_SUBJECTS)}", _("unknown claim subject '{of}'")
            self.fail(message.format(of=of), self.at(item, "of"), path, hint)
        if (kind == "share" or status is not None) and status not in STATUSES:
            hint = f"status: {' | '.join(STATUSES)} (capaian > 100, = 100, < 100, ≥ 100)"
            message = _("unknown status '{status}'").format(status=status)
            self.fail(message, self.at(item, "status"), path, hint)
        printed = self.printed(item, path)
        return Claim(
            kind=cast(ClaimKind, kind),
            status=cast(Status | None, status),
            indicators=self.names(item, "indicators", path),
            groups=self.names(item, "groups", path),
            unit=self.unit(merged.get("unit"), item.mark, path),
            period=self.period(merged.get("period"), self.at(item, "period"), path),
            printed=printed,
            decimals=self.decimals(merged.get("decimals"), printed, self.at(item, "printed"), path),
            source=self.source(item, path),
            location=location_of(item.mark, path, self.lines),
            of=cast(ClaimOf, of),
        )

    def names(self, item: PosDict, key: str, path: str) -> tuple[str, ...]:
        """A list of names (indicator ids, group names), empty when not given."""
        value = item.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.fail(_("'{key}' must be a list of names").format(key=key), self.at(item, key), path)
        return ()

    def period(self, value: Any, mark: Mark, path: str) -> Period:
        """The period of an entry ('2024', '2024-S1', 'Desember 2024' …)."""
        try:
            return parse_period(str(value))
        except PeriodError as err:
            message = (
                err.message if value is not None else _("no period: give 'period' here or on top")
            )
            self.fail(message, mark, path, err.hint)
            return Period(None, "tahunan")

    def decimals(self, value: Any, printed: str, mark: Mark, path: str) -> int:
        """Declared decimals, or the decimals the printed text shows."""
        found = decimals_in(printed) if value is None else value
        if isinstance(found, int) and not isinstance(found, bool) and 0 <= found <= 10:
            return found
        hint = _("write decimals: N (0 to 10)")
        message = _("cannot tell the decimals of '{printed}'").format(printed=printed)
        self.fail(message, mark, path, hint)
        return 0

    def mode(self, value: Any, mark: Mark, path: str) -> RoundingMode:
        """half_up or truncate."""
        if value not in ("half_up", "truncate"):
            message = _("mode '{mode}' is not half_up or truncate").format(mode=value)
            self.fail(message, mark, path)
        return "truncate" if value == "truncate" else "half_up"

    def source(self, item: PosDict, path: str) -> str:
        """The seed citation of the printed figure (e.g. 003:1574); '' for illustrative data."""
        value = str(item.get("source", "")).strip()
        illustrative = "source" not in item and ({"assumption", "hand_computed"} & set(item))
        if not illustrative and not _cites_seed_lines(value):
            hint = _("a figure of illustrative data gives assumption or hand_computed instead")
            message = _("'source' must cite the seed line, e.g. 003:1574")
            self.fail(message, self.at(item, "source"), path, hint)
        return value

    def known_wrong(self, value: Any, mark: Mark, path: str) -> KnownWrong | None:
        """The correct value and the reason of a figure the report got wrong."""
        if value is None:
            return None
        texts = isinstance(value, dict) and set(value) == {"correct", "why"}
        if texts and all(isinstance(value[k], str) and value[k].strip() for k in value):
            return KnownWrong(value["correct"].strip(), value["why"].strip())
        hint = _('write known_wrong: {{correct: "104.18", why: "..."}}').format()
        self.fail(_("'known_wrong' needs the texts correct and why"), mark, path, hint)
        return None


def _cites_seed_lines(text: str) -> bool:
    """Whether a case file's source is seed-line citations (a case file declares no documents)."""
    try:
        return bool(parse_source(text))
    except PerkinError:
        return False
