"""Defensive reading of a definition that may be schema-invalid anywhere.

Rules run on every definition that parsed, valid or not, so any part may have the wrong
type (a list where a mapping belongs, a string for a duration). These accessors return
empty or `None` for whatever a rule cannot judge, so that a rule skips it quietly (the
schema check already reports the wrong type) instead of crashing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator


def mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list:
    return value if isinstance(value, list) else []


def entries(value: Any) -> Iterator[tuple[int, dict]]:
    """(index, entry) for each mapping in a list; other entries are skipped."""
    for index, item in enumerate(sequence(value)):
        if isinstance(item, dict):
            yield index, item


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def identifier(value: Any) -> str | None:
    """A usable id: a non-blank string (a number written as an id is not one)."""
    return value if isinstance(value, str) and value.strip() else None


def number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def is_true(value: Any) -> bool:
    return value is True


def is_blank(value: Any) -> bool:
    """Missing, null, empty or whitespace-only; an empty list or map is blank too."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return not any(not is_blank(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return False


def ids(value: Any) -> Iterator[tuple[int, str]]:
    """(index, id) for each usable id string in a list of ids."""
    for index, item in enumerate(sequence(value)):
        usable = identifier(item)
        if usable is not None:
            yield index, usable


@dataclass(frozen=True)
class Duration:
    value: int | float
    unit: str

    def __str__(self) -> str:
        shown = int(self.value) if float(self.value).is_integer() else self.value
        return f"{shown} {self.unit}"


def duration(value: Any) -> Duration | None:
    """A `{value, unit}` duration, or None when it is not one (the schema says why)."""
    data = mapping(value)
    amount = number(data.get("value"))
    unit = string(data.get("unit"))
    if amount is None or amount < 0 or not unit:
        return None
    return Duration(amount, unit)


def text_strings(value: Any) -> list[str]:
    """The strings of a text: the string itself, or each language's string."""
    if isinstance(value, str):
        return [value]
    return [v for v in mapping(value).values() if isinstance(v, str)]


def nearest(word: str, candidates) -> str | None:
    """The known name closest to a misspelt one, if any is close."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None
