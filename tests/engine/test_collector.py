"""score() pauses the cyclic garbage collector while it works and leaves it as it found it,
on success and on failure."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.api import load
from engine.data.read import read_data
from engine.scoring import score as score_module
from engine.scoring.collector import collector_paused
from engine.scoring.score import score

ROOT = Path(__file__).parents[2]


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_state_is_restored_after_an_error(collector: None, enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("failed")
    assert gc.isenabled() is enabled


def test_score_runs_with_the_collector_paused(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    bind = score_module.bind

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return bind(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(score_module, "bind", spy)
    gc.enable()
    result = score(load(ROOT / "rulesets" / "2016"), read_data([ROOT / "examples" / "2016"]))
    assert seen == [False] and gc.isenabled()
    assert len(result.indicators) > 0
