"""The JSON report (Result.to_json, schemas/result.schema.json) written block by block from the
Result's columns: the text json.dumps(indent=2, sort_keys=True) makes, a block at a time.

Each element is Result.as_json's object for its row: the numbers' texts made once per distinct
value (engine/render/blocks.py) from Presented.as_json, the rest once per block or reason; rows
kept as objects (rankings, tie notes, a hand-made Result) are dumped one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import partial
from typing import Any

from dsl.rounding import FloatArray
from dsl.values import NaKind, reason_kind
from engine.pieces import Piece, Pieces
from engine.render.blocks import (
    Memo,
    Part,
    joined_rows,
    json_numbers,
    label_texts,
    na_note_keys,
    na_note_message,
    number_texts,
    per_distinct,
)
from engine.scoring.columns import (
    Block,
    IndicatorBlock,
    NaBlock,
    PresentedColumn,
    TieBlock,
    ValueBlock,
    blocks_of,
    tie_message,
)
from engine.scoring.result import (
    Presented,
    Result,
    comparisons_json,
    diagnostic_json,
    indicator_json,
    rank_json,
    value_json,
)

# the documented keys of the result, in the sorted order json.dumps writes them
_LISTS: dict[str, Callable[[Any], Any]] = {
    "diagnostics": diagnostic_json,
    "figures": value_json,
    "indicators": indicator_json,
    "rankings": rank_json,
    "scores": value_json,
}


def dump(value: Any, indent: int = 0) -> str:
    """json.dumps as the report writes it, its lines indented by `indent` spaces (a string in
    JSON holds no line end, so every line end is one of the layout's)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n" + " " * indent) if indent else text


def json_lines(result: Result) -> Iterator[str]:
    """The report's text, a block at a time."""
    return json_pieces(result).texts()


def json_pieces(result: Result) -> Pieces:
    """The report as pieces, each made when written (engine/pieces.py): the head's values, and a
    piece per block of each list."""
    head = {**result.as_json_head(), **comparisons_json(result)}
    texts = JsonTexts()
    out = [Piece(partial(str, "{"), 0)]
    for i, key in enumerate(sorted([*head, *_LISTS])):
        opening = f"{',' if i else ''}\n  {dump(key)}: "
        if key in head and isinstance(head[key], list):  # the units: an object per unit
            out += _list(opening, head[key], texts, _same)
        elif key in head:
            out.append(Piece(partial(str, opening + dump(head[key], 2)), 1))
        else:
            out += _list(opening, getattr(result, key), texts, _LISTS[key])
    out.append(Piece(partial(str, "\n}\n"), 0))
    return Pieces(tuple(out))


def _list(
    opening: str, rows: Sequence[Any], texts: JsonTexts, of_row: Callable[[Any], Any]
) -> list[Piece]:
    """A list of row objects: '[]' when empty, otherwise one element per line, a piece per
    block (a block of no rows has no element)."""
    blocks = [block for block in blocks_of(rows) if len(block)]
    if not blocks:
        return [Piece(partial(str, f"{opening}[]"), 0)]
    out = [
        Piece(
            partial(_elements, f"{opening}[\n" if i == 0 else ",\n", block, texts, of_row),
            len(block),
        )
        for i, block in enumerate(blocks)
    ]
    return [*out, Piece(partial(str, "\n  ]"), 0)]


def _elements(
    prefix: str, block: Block[Any], texts: JsonTexts, of_row: Callable[[Any], Any]
) -> str:
    """A block's elements, one per line, after `prefix`."""
    if isinstance(block, IndicatorBlock):
        elements = _indicators(block, texts)
    elif isinstance(block, ValueBlock):
        elements = _values(block, texts)
    elif isinstance(block, NaBlock):
        elements = _na_notes(block, texts)
    elif isinstance(block, TieBlock):
        elements = _ties(block, texts)
    else:
        elements = ",\n".join(f"    {texts.document(of_row(r), 4)}" for r in block)
    return prefix + elements


def _same(document: Any) -> Any:
    return document


class Shapes:
    """dump(document, indent) of the objects of rows kept as objects (rankings, tie notes), from
    a template made once per shape: the layout json.dumps(indent=2, sort_keys=True) writes
    depends only on the keys, the nesting and the lengths of lists, so each leaf (a string,
    number, bool or null) is dumped alone into its place in the template."""

    def __init__(self) -> None:
        self._templates: dict[Hashable, list[str] | None] = {}
        # a flat object (every value a leaf: a unit, a validation state) by its keys as made:
        # the keys in the order dumped and the template, found without walking it
        self._flat: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}
        self._encode = json.JSONEncoder(ensure_ascii=False).encode

    def __call__(self, document: Any, indent: int) -> str:
        if type(document) is dict:
            flat = self._flat.get((indent, *document))
            if flat is not None:
                values = list(map(document.__getitem__, flat[0]))
                if _LEAVES.issuperset(map(type, values)):
                    return self._filled(flat[1], values)
        shape: list[Any] = [indent]
        leaves: list[Any] = []
        if isinstance(document, _NESTED):
            _walk(document, shape, leaves)
        else:
            shape.append(None)
            leaves.append(document)
        key = tuple(shape)
        if key not in self._templates:
            self._templates[key] = _template(document, indent, len(leaves))
        pieces = self._templates[key]
        if pieces is None:  # a template could not be read back: dumped whole
            return dump(document, indent)
        if type(document) is dict and _LEAVES.issuperset(map(type, document.values())):
            self._flat[(indent, *document)] = (sorted(document), pieces)
        return self._filled(pieces, leaves)

    def _filled(self, pieces: list[str], leaves: list[Any]) -> str:
        """The template's pieces with the leaves dumped between them."""
        out = [pieces[0]]
        for leaf, piece in zip(map(self._leaf, leaves), pieces[1:], strict=True):
            out += (leaf, piece)
        return "".join(out)

    def _leaf(self, value: Any) -> str:
        """A leaf as json.dumps writes it (a string through the encoder's own function)."""
        if type(value) is str:
            return _STRING(value)
        return "null" if value is None else self._encode(value)


_STRING = json.encoder.encode_basestring  # what JSONEncoder(ensure_ascii=False) writes a str by
_MARK = re.compile(r'"\\u0000(\d+)"')  # a leaf of the template: "\u0000<number>"
# the marks of a shape: tuples, which no key of a document can be (json.dumps refuses them)
_DICT, _LIST, _END = ("dict",), ("list",), ("end",)


def _walk(value: Any, shape: list[Any], leaves: list[Any]) -> None:
    """Append the shape (keys, nesting, list lengths) of a dict or list and its leaves, in the
    order json.dumps writes them (keys sorted); a leaf is None in the shape."""
    if isinstance(value, dict):
        shape.append(_DICT)
        keys = sorted(value)
        items: Any = map(value.__getitem__, keys)
    else:
        shape.append(_LIST)
        keys, items = None, value
    for i, item in enumerate(items):
        if keys is not None:
            shape.append(keys[i])
        if isinstance(item, _NESTED):
            _walk(item, shape, leaves)
        else:
            shape.append(None)
            leaves.append(item)
    shape.append(_END)


_NESTED = (dict, list, tuple)
# the types of a leaf exactly (not of a subclass, which json.dumps may write otherwise)
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _template(document: Any, indent: int, n: int) -> list[str] | None:
    """The document's dump split around its leaves; None when the marks of the leaves are not
    found once each, in order (a key that reads like one)."""
    marks = iter(range(n))

    def marked(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: marked(value[key]) for key in sorted(value)}
        if isinstance(value, list | tuple):
            return [marked(v) for v in value]
        return f"\x00{next(marks)}"

    text = dump(marked(document), indent)
    parts = _MARK.split(text)
    pieces, found = parts[0::2], [int(i) for i in parts[1::2]]
    return pieces if found == list(range(n)) else None


class JsonTexts:
    """The texts of one report, each made once: strings, and presented numbers per column."""

    def __init__(self) -> None:
        self.string = Memo(lambda text: dump(text))
        self.document = Shapes()

    def presented(self, column: PresentedColumn) -> list[str]:
        """An indicator part's object, as in "target": {...}, for each row."""
        rounding = column.rounding

        def numbers(values: FloatArray, shown: FloatArray) -> list[str]:
            pairs = zip(per_distinct(shown, json_numbers), json_numbers(values), strict=True)
            return [
                f'{{\n        "rounded": {r},\n        "value": {v}\n      }}' for r, v in pairs
            ]

        def na(reason: str, kind: NaKind) -> str:
            return dump(Presented(None, reason, rounding, None, kind).as_json(), 6)

        return number_texts(column, numbers, na)

    def value_parts(self, block: ValueBlock) -> list[tuple[str, str, str]]:
        """A score's or figure's (N/A lines, rounded, value) for each row."""
        rounding = block.value.rounding

        def numbers(values: FloatArray, shown: FloatArray) -> list[tuple[str, str, str]]:
            pairs = zip(per_distinct(shown, json_numbers), json_numbers(values), strict=True)
            return [("", r, v) for r, v in pairs]

        def na(reason: str, kind: NaKind) -> tuple[str, str, str]:
            document = Presented(None, reason, rounding, None, kind).as_json()
            keys = [k for k in ("na", "na_kind") if k in document]
            lines = "".join(f"      {dump(k)}: {dump(document[k])},\n" for k in keys)
            return lines, dump(document["rounded"]), dump(document["value"])

        return number_texts(block.value, numbers, na)


def _indicators(block: IndicatorBlock, texts: JsonTexts) -> str:
    n = len(block)
    string = texts.string
    middle = f'      "indicator": {string(block.indicator)},\n'
    middle += f'      "period": {string(block.period)},\n'
    reasons = block.predikat.reasons if block.predikat is not None else {}

    def why(code: int) -> str:
        reason = reasons[code]
        lines = ""
        if reason:
            lines = f',\n      "predikat_na": {string(reason)}'
            lines += f',\n      "predikat_na_kind": {dump(reason_kind(code).value)}'
        return f"null{lines}"

    labels = label_texts(
        block.predikat, n, Memo(lambda v: "null" if v is None else string(v)), Memo(why), "null"
    )
    parts: list[Part] = ['    {\n      "capaian": ', texts.presented(block.capaian_column)]
    parts += [f',\n{middle}      "predikat": ', labels, ',\n      "realisasi": ']
    parts += [texts.presented(block.realisasi), ',\n      "target": ']
    parts += [texts.presented(block.target_column), ',\n      "unit": ']
    parts += [string.shared_column(block.units), "\n    },\n"]
    return joined_rows(parts, n)[:-2]


def _values(block: ValueBlock, texts: JsonTexts) -> str:
    string = texts.string
    middle = f'      "name": {string(block.name)},\n      "period": {string(block.period)},\n'
    predikat = Memo(lambda v: "" if v is None else f'      "predikat": {string(v)},\n')
    labels = label_texts(block.predikat, len(block), predikat, Memo(lambda code: ""), "")
    parts = texts.value_parts(block)
    na, rounded, value = ([p[i] for p in parts] for i in range(3))
    row: list[Part] = ["    {\n", na, middle, labels, '      "rounded": ', rounded]
    row += [',\n      "unit": ', string.shared_column(block.units), ',\n      "value": ']
    row += [value, "\n    },\n"]
    return joined_rows(row, len(block))[:-2]


def _na_notes(notes: NaBlock, texts: JsonTexts) -> str:
    """The N001 diagnostics of an indicator block (NaBlock.row)."""
    block, string = notes.block, texts.string
    message = Memo(lambda key: string(na_note_message(block, key)))
    units, keys = na_note_keys(notes)
    tail = f'      "name": {string(block.indicator)},\n      "period": {string(block.period)},\n'
    tail += '      "severity": "info",\n'
    row: list[Part] = ['    {\n      "code": "N001",\n      "message": ']
    row += [list(map(message, keys)), f',\n{tail}      "unit": ', string.column(units)]
    row += ["\n    },\n"]
    return joined_rows(row, len(units))[:-2]


def _ties(notes: TieBlock, texts: JsonTexts) -> str:
    """The N002 warnings of the rankings (TieBlock.row; diagnostic_json leaves out the period)."""
    string, ranks = texts.string, notes.ranked()
    row: list[Part] = ['    {\n      "code": "N002",\n      "message": ']
    row += [string.column(list(map(tie_message, ranks))), ',\n      "name": ']
    row += [string.column([k.ranking for k in ranks]), ',\n      "severity": "warning",\n']
    row += ['      "unit": ', string.column([k.unit for k in ranks]), "\n    },\n"]
    return joined_rows(row, len(ranks))[:-2]
