"""The frozen Ruleset model built from a checked document: every section, formula and number."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from dsl import AnyType, NumberType, Scope, SeriesType, TableInfo, TextType, compile_formula
from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _
from engine.ruleset.bands import band_of
from engine.ruleset.citations import declared_documents
from engine.ruleset.cycle import cycle_of
from engine.ruleset.formula_types import check_figure_kind, table_info
from engine.ruleset.history import history_of
from engine.ruleset.made_text import kept_text
from engine.ruleset.model import (
    PARTS,
    Figure,
    Formula,
    Indicator,
    Input,
    Provenance,
    Ranking,
    Ref,
    Role,
    Rollup,
    Rounding,
    Ruleset,
    Score,
    TableDef,
    TargetSpec,
    UnitsRequired,
    Weight,
    target_labels,
)
from engine.ruleset.renstra import renstra_of, target_check_of
from engine.ruleset.resolve import Document, relocate
from engine.ruleset.schema import BrokenParts
from engine.ruleset.yamlpos import PosDict, PosStr, location_of

T = TypeVar("T")
NA_WORDS = {"NA", "N/A", "-"}


class RulesetError(PerkinError):
    """A ruleset that loads but says something impossible (unknown role, bad table …)."""

    code = "R020"


class ModelBuilder:
    """Builds the model from a schema-valid document, collecting every problem."""

    def __init__(self, doc: Document, broken: BrokenParts, whole: PosDict) -> None:
        self.doc = doc
        self.data = doc.data
        self.broken = broken
        self.whole = whole  # the document with its broken parts, for the names they declare
        self.errors: list[PerkinError] = []
        self.scope = Scope(names={}, tables={})
        self.assumptions: list[tuple[str, str]] = []

    def build(self) -> Ruleset:
        d = self.data
        self._collect_assumptions(d, "")
        inputs = self._section("inputs", self._input)
        tables = self._section("tables", self._table)
        self.scope = self._make_scope(inputs, tables)
        digest = hashlib.sha256("\n\x00".join(self.doc.texts).encode()).hexdigest()
        rounding = self._rounding(d.get("rounding"), Rounding())
        self.default_rounding = rounding
        effective = d.get("effective")
        return Ruleset(
            id=str(d["id"]),
            title=str(d.get("title", d["id"])),
            jurisdiction=str(d.get("jurisdiction", "")),
            instrument=str(d.get("instrument", "")),
            year=int(d.get("year", 0)),
            effective=(str(effective["from"]), str(effective["to"])) if effective else None,
            legal_basis=tuple(str(b["text"]) for b in d.get("legal_basis", [])),
            files=self.doc.files,
            content_hash=digest,
            levels=tuple(d.get("levels", {}) or ()),
            cadence=d.get("cadence", "tahunan"),
            rounding=rounding,
            inputs=inputs,
            tables=tables,
            figures=self._section("figures", self._figure),
            indicators=self._section("indicators", self._indicator),
            roles=self._section("roles", self._role),
            scores=self._section("scores", self._score),
            rankings=self._section("rankings", self._ranking),
            assumptions=tuple(self.assumptions),
            level_parents=self.level_parents,
            cascade_required=bool((d.get("cascade") or {}).get("required", False)),
            cascade_top=(d.get("cascade") or {}).get("top"),
            required_units=self._section("required_units", self._units_required),
            documents=declared_documents(d),
            renstra=renstra_of(d),
            target_check=target_check_of(d),
            cycle=cycle_of(d, self._loc, self._key_loc),
            history=history_of(d, self._loc),
        )

    @property
    def level_parents(self) -> dict[str, str | None]:
        levels = self.data.get("levels") or {}
        return {str(k): (str(v) if v is not None else None) for k, v in levels.items()}

    def _section(self, name: str, make: Callable[[str, PosDict, str], T]) -> dict[str, T]:
        table = self.data.get(name) or {}
        out: dict[str, T] = {}
        for key, body in table.items():
            try:
                out[key] = make(key, body, f"{name}.{key}")
            except PerkinError as err:
                self.errors.append(err)
        return out

    def _loc(self, node: Any, path: str) -> Location:
        mark = node.mark if hasattr(node, "mark") else self.data.mark
        return location_of(mark, path, self.doc.lines.get(mark.file))

    def _key_loc(self, parent: PosDict, key: str, path: str) -> Location:
        mark = parent.value_marks.get(key, parent.mark)
        return location_of(mark, path, self.doc.lines.get(mark.file))

    def _collect_assumptions(self, node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "assumption" in node:
                self.assumptions.append((path or "(ruleset)", str(node["assumption"])))
            for key, value in node.items():
                self._collect_assumptions(value, f"{path}.{key}" if path else key)

    @staticmethod
    def _prov(body: Any) -> Provenance:
        if not isinstance(body, dict):
            return Provenance()
        src, asm = body.get("source"), body.get("assumption")
        return Provenance(str(src) if src else None, str(asm) if asm else None)

    def _rounding(self, body: Any, default: Rounding) -> Rounding:
        if not isinstance(body, dict):
            return default
        return Rounding(int(body.get("decimals", default.decimals)), body.get("mode", default.mode))

    def _formula(
        self, parent: PosDict, key: str, path: str, extra: dict[str, Any] | None = None
    ) -> Formula:
        scope = self.scope
        if extra:
            scope = Scope(names={**scope.names, **extra}, tables=scope.tables)
        text = parent[key]
        source = text if isinstance(text, PosStr) else PosStr(str(text))
        if not isinstance(text, PosStr):
            source.mark, source.style = parent.value_marks.get(key, parent.mark), None
        try:
            program = compile_formula(str(source), scope)
        except PerkinErrors as group:
            raise PerkinErrors(
                [relocate(e, source, self.doc.lines, path) for e in group.errors]
            ) from None
        except PerkinError as err:
            raise relocate(err, source, self.doc.lines, path) from None
        loc = location_of(source.mark, path, self.doc.lines.get(source.mark.file))
        return Formula(str(source), program, loc)

    def _make_scope(self, inputs: dict[str, Input], tables: dict[str, TableDef]) -> Scope:
        names: dict[str, Any] = {}
        for inp in inputs.values():
            names[inp.id] = self._input_type(inp)
        for key, body in (self.data.get("figures") or {}).items():
            text = isinstance(body, dict) and body.get("kind") == "text"
            names[key] = TextType() if text else AnyType()
        for key in self.data.get("scores") or {}:
            names[key] = NumberType()
        for key in self.data.get("indicators") or {}:
            for part in PARTS:
                names[Ref.part_of(key, part).name] = (
                    AnyType() if part == "realisasi" else NumberType()
                )
        kinds = {t.id: table_info(t) for t in tables.values()}
        self._broken_names(names, kinds)
        return Scope(names=names, tables=kinds)

    def _broken_names(self, names: dict[str, Any], kinds: dict[str, TableInfo]) -> None:
        """The names broken entries declare, typed loosely: a formula that uses one is not
        reported again for the schema error that made it unusable."""
        for key in (*self.broken.names("inputs"), *self.broken.names("figures")):
            names[key] = AnyType()
        for key in self.broken.names("scores"):
            names[key] = NumberType()
        for key in self.broken.names("indicators"):
            names.update({Ref.part_of(key, part).name: AnyType() for part in PARTS})
        for key in self.broken.names("tables"):
            body = self.whole["tables"][key]
            lookup = isinstance(body, dict) and body.get("kind") == "lookup"
            kinds[key] = TableInfo(kind="lookup" if lookup else "band")

    @staticmethod
    def _input_type(inp: Input) -> Any:
        if inp.axis:
            length = len(inp.items) if inp.items else None
            return SeriesType(length=length, items=inp.items, text=inp.kind == "text")
        return TextType() if inp.kind == "text" else NumberType()

    def _input(self, key: str, body: PosDict, path: str) -> Input:
        items, level = body.get("items"), body.get("level")
        levels = tuple(str(lv) for lv in level) if isinstance(level, list) else ()
        return Input(
            id=key,
            kind=body.get("kind", "number"),
            level=None if levels else level,
            levels=levels,
            period=body.get("period", self.data.get("cadence", "tahunan")),
            combine=body.get("combine", "last"),
            axis=body.get("rows", body.get("axis")),
            items=tuple(str(i) for i in items) if items else None,
            description=str(body.get("description", "")),
            system=body.get("system"),
            provenance=self._prov(body),
            location=self._loc(body, path),
            min=None if body.get("min") is None else float(body["min"]),
            max=None if body.get("max") is None else float(body["max"]),
            rows=body.get("rows") is not None,
        )

    def _table(self, key: str, body: PosDict, path: str) -> TableDef:
        kind = body["kind"]
        entries = tuple((str(e["key"]), e["value"]) for e in body.get("entries") or ())
        bands = tuple(band_of(b) for b in body.get("bands") or ())
        if kind == "lookup" and not entries:
            message = _("lookup table '{table}' has no entries").format(table=key)
            raise RulesetError(message, self._loc(body, path))
        if kind == "bands" and not bands:
            message = _("band table '{table}' has no bands").format(table=key)
            raise RulesetError(message, self._loc(body, path))
        return TableDef(
            key,
            kind,
            entries,
            bands,
            body.get("on", "value"),
            self._prov(body),
            self._loc(body, path),
        )

    def _rollup(self, body: Any) -> Rollup | None:
        if body is None:
            return None
        if isinstance(body, str):
            return Rollup(cast(Any, body), None)
        return Rollup(body["method"], body.get("weight"), body.get("gaps", "skip"))

    def _figure(self, key: str, body: PosDict, path: str) -> Figure:
        formula = self._formula(body, "formula", f"{path}.formula") if "formula" in body else None
        kind = body.get("kind", "number")
        if formula is not None:
            check_figure_kind(key, kind, formula)
        return Figure(
            kind=kind,
            id=key,
            formula=formula,
            level=body.get("level"),
            rollup=self._rollup(body.get("rollup")),
            combine=body.get("combine"),
            cadence=body.get("cadence"),
            description=kept_text(body.get("description", "")),
            rounding=self._rounding(body.get("rounding"), self.default_rounding),
            provenance=self._prov(body),
            location=self._loc(body, path),
        )

    def _indicator(self, key: str, body: PosDict, path: str) -> Indicator:
        errors: list[PerkinError] = []
        realisasi = self._guard(
            errors, lambda: self._formula(body, "realisasi", f"{path}.realisasi")
        )
        own = {"realisasi": AnyType(), "target": NumberType()}
        capaian = None
        if "capaian" in body:
            capaian = self._guard(
                errors, lambda: self._formula(body, "capaian", f"{path}.capaian", own)
            )
        target = self._guard(errors, lambda: self._target(body.get("target"), f"{path}.target"))
        if errors:
            raise PerkinErrors(errors)
        weight = body.get("weight")
        return Indicator(
            id=key,
            no=str(body["no"]) if "no" in body else None,
            name=str(body["name"]),
            group=body.get("group"),
            sasaran=body.get("sasaran"),
            satuan=body.get("satuan"),
            system=body.get("system"),
            level=body.get("level"),
            polarity=body.get("polarity", "higher"),
            realisasi=cast(Formula, realisasi),
            target=target,
            combine=body.get("combine"),
            cadence=body.get("cadence", self.data.get("cadence", "tahunan")),
            capaian=capaian,
            cap=body.get("cap"),
            floor=body.get("floor"),
            predikat=body.get("predikat"),
            predikat_on=body.get("predikat_on", "capaian"),
            weight=Weight(float(weight["value"]), self._prov(weight)) if weight else None,
            roles=tuple(body.get("roles") or ()),
            diturunkan=tuple(body.get("diturunkan") or ()),
            rollup=self._rollup(body.get("rollup")),
            rounding=self._figure_rounding(body.get("rounding")),
            provenance=self._prov(body),
            location=self._loc(body, path),
            cascade_location=self._key_loc(body, "roles", f"{path}.roles"),
        )

    @staticmethod
    def _guard(errors: list[PerkinError], make: Callable[[], T]) -> T | None:
        try:
            return make()
        except PerkinError as err:
            errors.append(err)
            return None

    def _figure_rounding(self, body: Any) -> dict[str, Rounding]:
        base = self.default_rounding
        if isinstance(body, dict) and ("decimals" in body or "mode" in body):
            one = self._rounding(body, base)
            return {"target": one, "realisasi": one, "capaian": one}
        body = body or {}
        return {f: self._rounding(body.get(f), base) for f in ("target", "realisasi", "capaian")}

    def _target(self, body: Any, path: str) -> TargetSpec | None:
        if body is None:
            return None
        values: list[tuple[str, float | None]] = []
        for label in target_labels():
            if label in body:
                raw = body[label]
                values.append((label, None if raw is None or raw in NA_WORDS else float(raw)))
        formula = None
        if "formula" in body:
            formula = self._formula(body, "formula", f"{path}.formula")
        return TargetSpec(tuple(values), formula, self._prov(body), self._loc(body, path))

    def _units_required(self, key: str, body: PosDict, path: str) -> UnitsRequired:
        units = tuple(str(u) for u in body.get("units") or ())
        return UnitsRequired(key, body.get("count"), units, self._prov(body), self._loc(body, path))

    def _role(self, key: str, body: PosDict, path: str) -> Role:
        holder = body.get("holder")
        return Role(key, str(body["title"]), body.get("parent"), holder, self._loc(body, path))

    def _score(self, key: str, body: PosDict, path: str) -> Score:
        formula = self._formula(body, "formula", f"{path}.formula") if "formula" in body else None
        if body["method"] == "formula" and formula is None:
            raise RulesetError(
                _("score '{id}' uses method formula but has no formula").format(id=key),
                self._loc(body, path),
            )
        return Score(
            id=key,
            title=str(body.get("title", key)),
            level=body.get("level"),
            method=body["method"],
            of=body.get("of", "capaian"),
            indicators=tuple(body.get("indicators") or ()),
            formula=formula,
            rollup=self._rollup(body.get("rollup")),
            renormalize=bool(body.get("renormalize", False)),
            cap=body.get("cap"),
            predikat=body.get("predikat"),
            weights_total=body.get("weights_total"),
            cadence=body.get("cadence"),
            rounding=self._rounding(body.get("rounding"), self.default_rounding),
            provenance=self._prov(body),
            location=self._loc(body, path),
        )

    def _ranking(self, key: str, body: PosDict, path: str) -> Ranking:
        breakers = tuple(
            (str(t["by"]), t.get("order", "desc") == "desc") for t in body.get("tie_breakers") or ()
        )
        return Ranking(
            id=key,
            title=kept_text(body.get("title", key)),
            level=body.get("level"),
            by=str(body["by"]),
            descending=body.get("order", "desc") == "desc",
            tie_breakers=breakers,
            awards=tuple(str(a) for a in body.get("awards") or ()),
            unresolved=body.get("unresolved", "share"),
            provenance=self._prov(body),
            location=self._loc(body, path),
        )
