"""Plain numbers in CSV text, classified and converted for many cells at once (numpy).

A cell that is plainly a number (``86.75``, ``86,75``, ``-3``, ``1.250.000``) is converted by
integer arithmetic on its digits, which is exactly what the cell parser's ``float`` gives for up
to 15 digits; an ASCII N/A word is recognised as reported N/A; anything else is left for the
per-cell parser (EXACT).
"""

from __future__ import annotations

import numpy as np

from engine.data.model import EMPTY, EXACT, NUMBER, REPORTED_NA

__all__ = ["classify"]

MAX_DIGITS = 15  # below 2**53, so digits / 10**k is the correctly rounded decimal
_POW10 = 10.0 ** np.arange(23)


def classify(
    text: np.ndarray, starts: np.ndarray, ends: np.ndarray, sep: str
) -> tuple[np.ndarray, np.ndarray]:
    """Each field text[starts[k]:ends[k]]: EMPTY, NUMBER with its value, or EXACT (read later).

    Fields must be in text order and separated by at least one byte; signs, dots and commas
    (other than the separator) must lie inside fields. Fields of digits only (nine in ten in an
    office file) are settled first; the rules for signs and separators are applied to the rest.
    """
    marks = _Marks(text, sep)
    width = ends - starts
    digits = marks.digits_before[ends] - marks.digits_before[starts]
    plain = (width == digits) & (width >= 1) & (width <= MAX_DIGITS)
    mantissa = marks.mantissa(starts, ends)
    kinds = np.where(plain, NUMBER, EMPTY).astype(np.int8)
    numbers = np.where(plain, mantissa, np.nan)
    rest = np.flatnonzero(~plain & (width > 0))  # every sign, dot and comma lies in one of these
    if len(rest):
        kinds[rest], numbers[rest] = _classify_rest(
            marks, starts[rest], ends[rest], digits[rest], mantissa[rest]
        )
    return kinds, numbers


def _classify_rest(
    marks: _Marks, starts: np.ndarray, ends: np.ndarray, digits: np.ndarray, mantissa: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fields that are not plain digits: NUMBER with its value, REPORTED_NA or EXACT."""
    width = ends - starts
    signs, dots, commas = marks.counts(starts, ends)
    seps = dots + commas
    head = marks.byte_at(starts)
    lead = (signs == 1) & ((head == 45) | (head == 43))
    ok = (width == digits + signs + seps) & (digits >= 1) & (digits <= MAX_DIGITS)
    ok &= (signs == 0) | lead
    whole, frac, grouped = marks.separators(starts, ends, seps)
    single = (seps == 1) & (whole >= 1) & (frac >= 1)
    ambiguous = single & (frac == 3) & (whole <= 3) & (marks.byte_at(starts + lead) != 48)
    many = (seps >= 2) & ((dots == 0) | (commas == 0)) & grouped
    ok &= ((seps == 0) | single | many) & ~ambiguous
    number = mantissa / _POW10[np.where(single, frac, 0)]
    np.negative(number, out=number, where=lead & (head == 45))
    kinds = np.where(ok, NUMBER, EXACT).astype(np.int8)
    unsure = np.flatnonzero(~ok)
    kinds[unsure[marks.reported_na(starts[unsure], width[unsure])]] = REPORTED_NA
    return kinds, np.where(ok, number, np.nan)


_NA_WORDS = (b"n/a", b"na", b"n.a.", b"n.a", b"-", b"--", b"#n/a")  # cells.py's ASCII N/A words
_LONGEST = MAX_DIGITS + 8  # the longest field that can still be a number read in bulk


class _Marks:
    """Character classes of a text and their running counts, for per-field counting."""

    def __init__(self, text: np.ndarray, sep: str) -> None:
        self.text = text
        self.value = text - 48  # a digit's value (uint8 wraps for other bytes)
        self.digit = self.value < 10
        self.dot = text == 46
        self.comma = (text == 44) if sep != "," else np.zeros(len(text), dtype=bool)
        self.digits_before = _running(self.digit)

    def byte_at(self, where: np.ndarray) -> np.ndarray:
        """The byte at each position (0 past the end)."""
        if not len(self.text):
            return np.zeros(len(where), dtype=np.uint8)
        inside = where < len(self.text)
        return np.where(inside, self.text[np.minimum(where, len(self.text) - 1)], 0)

    def reported_na(self, starts: np.ndarray, width: np.ndarray) -> np.ndarray:
        """Fields that are exactly an ASCII N/A word (N/A, n.a., NA, -, --, #N/A), any case."""
        short = np.flatnonzero((width >= 1) & (width <= 4))
        found = np.zeros(len(starts), dtype=bool)
        lowered = [self.byte_at(starts[short] + k) | 0x20 for k in range(4)]
        for word in _NA_WORDS:
            hit = width[short] == len(word)
            for k, byte in enumerate(word):
                hit &= lowered[k] == (byte | 0x20)
            found[short[hit]] = True
        return found

    def counts(
        self, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Signs, dots and commas in each field (they are rare, so counted where they are)."""
        signs = (self.text == 45) | (self.text == 43)
        return (
            _per_field(signs, starts),
            _per_field(self.dot, starts),
            _per_field(self.comma, starts),
        )

    def separators(
        self, starts: np.ndarray, ends: np.ndarray, seps: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Digits before the first separator, digits after it, and whether groups are of three."""
        whole = np.zeros(len(starts), dtype=np.int64)
        frac = np.zeros(len(starts), dtype=np.int64)
        holders = np.flatnonzero(seps)
        if not len(holders):
            return whole, frac, np.zeros(len(starts), dtype=bool)
        where = np.flatnonzero(self.dot | self.comma)  # each holder's separators, in order
        first = where[np.concatenate(([0], np.cumsum(seps[holders])[:-1]))]
        running = self.digits_before
        whole[holders] = running[first] - running[starts[holders]]
        frac[holders] = running[ends[holders]] - running[first + 1]
        owner = np.repeat(holders, seps[holders])
        following = np.minimum(np.append(where[1:], np.iinfo(np.int64).max), ends[owner])
        off = np.bincount(owner[following - where != 4], minlength=len(starts))
        return whole, frac, (off == 0) & (whole >= 1) & (whole <= 3)

    def mantissa(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The digits of each field read as one integer, left to right (exact below 2**53).

        Fields are visited shortest first so that step k touches only fields longer than k;
        fields longer than any number perkin reads in bulk are skipped.
        """
        width = np.where(ends - starts <= _LONGEST, ends - starts, 0).astype(np.int16)
        order = np.argsort(width, kind="stable")
        begin = starts[order]
        total = np.zeros(len(order))
        reach = np.cumsum(np.bincount(width, minlength=1))
        for k in range(1, len(reach)):
            low = int(reach[k - 1])
            value = self.value[begin[low:] + (k - 1)]
            digit = value < 10
            part = total[low:]  # a view: updated in place where the byte is a digit
            np.multiply(part, 10.0, out=part, where=digit)
            np.add(part, value, out=part, where=digit)
        out = np.empty(len(order))
        out[order] = total
        return out


def _per_field(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many marked bytes each field holds (marks outside fields must not occur)."""
    where = np.flatnonzero(mask)
    owner = np.searchsorted(starts, where, side="right") - 1
    return np.bincount(owner, minlength=len(starts))


def _running(mask: np.ndarray) -> np.ndarray:
    """running[i] = how many of mask[:i] are set."""
    running = np.empty(len(mask) + 1, dtype=np.int32)
    running[0] = 0
    np.cumsum(mask, dtype=np.int32, out=running[1:])
    return running
