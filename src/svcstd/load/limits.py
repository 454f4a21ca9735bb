"""What one file may cost. Each breach is SVC004, never a hang or a crash."""

from __future__ import annotations

from ..records import record


@record(frozen=True)
class Limits:
    """Bounds on what one file may cost."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000


DEFAULT_LIMITS = Limits()
