"""Helpers for the rule tests: build a definition by editing the minimal one, check it.

Each case is one line: a list of (old, new) text replacements applied to
tests/data/minimal.yaml, and the findings expected (code, line, column).
"""

from __future__ import annotations

from dataclasses import replace

from conftest import MINIMAL
from svcstd.config import Config
from svcstd.engine import check_text


def edit(*replacements: tuple[str, str], base: str = MINIMAL) -> str:
    text = base
    for old, new in replacements:
        assert old in text, f"test setup: {old!r} is not in the definition"
        text = text.replace(old, new, 1)
    return text


def findings(text: str, code: str | None = None, config: Config | None = None, **changes):
    config = replace(config or Config(), **changes) if changes else (config or Config())
    report = check_text(text, "service.yaml", config)
    return [f for f in report.findings if code is None or f.code == code]


def positions(text: str, code: str | None, **changes) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in findings(text, code, **changes)]


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment` (so cases need no magic numbers)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if fragment in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{fragment!r} not found")
