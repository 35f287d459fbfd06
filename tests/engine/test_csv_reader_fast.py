"""The columnar CSV reader's shortcuts agree with the per-field rules they stand for: identity
texts gathered and decoded at once, and ASCII columns returned as they are when nothing in them
would be trimmed or unquoted."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.data.cells import normalise_text
from engine.data.csv_columns import texts_of
from engine.data.csv_rows import normalised
from engine.safe_text import unquote

CHARS = st.sampled_from(["a", "7", " ", "\t", "'", "=", "-", "é", "\xa0", "\u2212", ".", "\x1c"])
TEXT = st.text(CHARS, max_size=6)


@given(st.lists(TEXT, max_size=8))
def test_a_column_normalised_at_once_is_each_text_normalised(texts: list[str]) -> None:
    one_by_one = [unquote(t.strip()) if t.isascii() else normalise_text(t) for t in texts]
    assert normalised(list(texts)) == one_by_one


@given(st.lists(st.text(st.sampled_from(["a", "é", "7", " ", "'"]), max_size=5), max_size=8))
def test_fields_gathered_and_decoded_at_once(fields: list[str]) -> None:
    line = ";".join(fields).encode("utf-8")
    text = np.frombuffer(b"x;" + line + b";y", dtype=np.uint8)
    starts, at = [], 2
    for field in fields:
        starts.append(at)
        at += len(field.encode("utf-8")) + 1
    begin = np.array(starts, dtype=np.int64)
    end = begin + np.array([len(f.encode("utf-8")) for f in fields], dtype=np.int64)
    assert texts_of(text, begin, end) == fields
