"""The cyclic garbage collector paused around work that makes many objects but no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (and restored as it was): scoring makes hundreds of
    thousands of tracked objects but no cycles, and the collections they trigger scan every
    object of the dataset again (12 % of score() at 100 %, benchmarks/README.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
