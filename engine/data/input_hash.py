"""The hash of the values bound: what was read, not how it was written or in which order."""

from __future__ import annotations

import hashlib

import numpy as np

from engine.data.bind import Bound

__all__ = ["input_hash"]


def input_hash(bound: Bound) -> str:
    """SHA-256 of the units and of every bound value and its state, in a fixed order.

    It hashes what was read, not how it was written or in which order: shuffled rows, files
    given in another order or a value written 86,75 instead of 86.75 give the same hash.
    """
    digest = hashlib.sha256()
    # one update of the units' texts joined: the digest of the bytes one unit at a time
    units = [f"{u.id}\x1f{u.name}\x1f{u.level or ''}\x1f{u.parent or ''}\x1e" for u in bound.units]
    digest.update("".join(units).encode())
    for input_id in sorted(bound.slots):
        table = bound.slots[input_id]
        for key in sorted(table, key=lambda k: (k[0], k[1] or "")):
            digest.update(f"\x1d{input_id}\x1f{key[0]}\x1f{key[1] or ''}\x1e".encode())
            digest.update(table[key].state.tobytes())
            digest.update(_value_bytes(table[key].values))
    if bound.validation is not None:  # what was validated changes a result: it is input too
        marks = bound.validation.marks
        for mark in sorted(marks, key=lambda k: (k[0], k[1][0], k[1][1] or "")):
            digest.update(f"\x1c{mark[0]}\x1f{mark[1][0]}\x1f{mark[1][1] or ''}\x1e".encode())
            digest.update(marks[mark].tobytes())
    return digest.hexdigest()


def _value_bytes(values: np.ndarray) -> bytes:
    """The values as bytes: IEEE doubles, or text joined by unit separators."""
    if values.dtype == object:
        return "\x1f".join("" if v is None else str(v) for v in values).encode()
    return bytes(values.astype("<f8").tobytes())
