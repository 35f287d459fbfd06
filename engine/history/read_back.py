"""A stored N/A read back as a fresh result gives it: an older perkin stored the target and
capaian of an indicator without target as bare NULLs (no reason, and before schema 3 no
na_kind); they read as N/A with the reason '{id} has no target', kind no_target, in the language
of the run, as the same parts of a fresh result (engine.scoring.result.not_applicable)."""

from __future__ import annotations

from dsl.values import NaKind
from engine.scoring.result import no_target_reason

# the parts an older perkin left without a reason when the indicator declares no target
_PARTS = frozenset({"target", "capaian"})


def stored_na(
    section: str, name: str, field: str, value: float | None, reason: str | None, kind: str | None
) -> tuple[str | None, str | None]:
    """The (reason, na_kind) of a stored figure as a fresh result has them: as stored, but for
    a part of an indicator an older perkin stored with neither a value nor a reason."""
    if value is None and reason is None and section == "indicator" and field in _PARTS:
        return no_target_reason(name), NaKind.NO_TARGET.value
    return reason, kind
