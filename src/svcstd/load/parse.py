"""The YAML 1.2 parser, behind one function: `parse_fast`.

yaml-rs (a Rust YAML 1.2 parser) was chosen by measurement on the official
yaml-test-suite (docs/loader.md has the table): it refuses all 94 invalid cases, accepts
every valid one, and loads 277 of the 279 with JSON data to that data (the other two repeat
a key). It takes 0.13 ms for a 7 KB definition, five times less than libyaml's composer.

It gives no positions, so it only decides "this text is valid and here is its data";
`positions` finds where a value stands when a finding needs it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

# The parser's replay budget for aliases (events re-emitted by `*alias`), so an alias
# bomb is refused in microseconds; the careful path then words it as SVC004.
_ALIAS_LIMITS_CACHE: dict[int, Any] = {}


class ParseError(Exception):
    """The text is not valid YAML 1.2 (or breaches the parser's own bounds)."""

    def __init__(self, problem: str, line: int | None, column: int | None, duplicate_key: bool = False):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column
        self.duplicate_key = duplicate_key


_POSITION = re.compile(r"line (\d+), column (\d+)")


def _alias_limits(max_nodes: int):
    limits = _ALIAS_LIMITS_CACHE.get(max_nodes)
    if limits is None:
        limits = yaml_rs.AliasLimits(max_total_replayed_events=max_nodes)
        _ALIAS_LIMITS_CACHE[max_nodes] = limits
    return limits


def parse_fast(text: str, max_nodes: int = 100_000) -> Any:
    """The data of `text` by YAML 1.2, or `ParseError`.

    Dates stay text (`parse_datetime=False`); a repeated key is an error here (the careful
    path reports it with both positions). Several documents come back as a list of them,
    which the caller cannot tell from one list: only a mapping is taken from here.
    """
    try:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=_alias_limits(max_nodes),
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        message = str(error)
    # Raised outside the handler, so that it carries no `__context__`: the parser's own
    # error, whose traceback holds the caller's frames (see `load_text`).
    lines = message.splitlines()
    found = _POSITION.search(lines[0]) if lines else None
    problem = lines[-1].strip() if found else message
    return_line = int(found.group(1)) if found else None
    return_column = int(found.group(2)) if found else None
    raise ParseError(problem, return_line, return_column, message.startswith("duplicate mapping key"))


def parse_value(text: str) -> Any:
    """One scalar's text read as YAML (for checking a located value). Raises ParseError."""
    return parse_fast(text)
