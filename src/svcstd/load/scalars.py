"""YAML 1.2 core-schema scalars without PyYAML: the tags, which tag a plain scalar has,
and the value a tagged scalar stands for.

`resolver` fits libyaml's parser with these answers; the peek (`entry.peek_top_level`)
and the fast path use them without importing PyYAML, which a clean run never needs.
"""

from __future__ import annotations

import re
from typing import Any

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# The core schema's implicit types: (tag, pattern, the first characters it can match).
# `resolver.Yaml12Resolver` registers these very patterns with PyYAML.
IMPLICIT = (
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)\Z"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
        ),
        "-+0123456789.",
    ),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)\Z"), ["~", "n", "N", ""]),
)

_WORDS = {
    **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _BOOL),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), _NULL),
}
_NUMBER_STARTS = frozenset("-+.0123456789")
# Integer, then float, as PyYAML tries them for `-` (the integer pattern matches nothing
# that starts with `.`).
_NUMBER_PATTERNS = tuple((tag, pattern) for tag, pattern, _ in IMPLICIT if tag in (_INT, _FLOAT))


def plain_tag(value: str) -> str:
    """The tag of a plain scalar by the core schema, as `Yaml12Resolver` answers it: the
    few words that are booleans or null are looked up, and only text that starts like a
    number is matched against the patterns."""
    tag = _WORDS.get(value)
    if tag is not None:
        return tag
    if value[0] in _NUMBER_STARTS:
        for tag, pattern in _NUMBER_PATTERNS:
            if pattern.match(value):
                return tag
    return _STR


_BOOL_VALUES = {"true": True, "false": False}


def _to_int(text: str) -> int:
    cleaned = text.replace("_", "")
    if cleaned.startswith(("0o", "0O")):
        return int(cleaned[2:], 8)
    if cleaned.startswith(("0x", "0X")):
        return int(cleaned[2:], 16)
    return int(cleaned, 10)


def _to_float(text: str) -> float:
    lowered = text.lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


def _to_bool(text: str) -> bool:
    value = _BOOL_VALUES.get(text.lower())
    if value is None:
        raise ValueError("only true and false are booleans")
    return value


_SCALAR_CONVERTERS = {
    _STR: str,
    _INT: _to_int,
    _FLOAT: _to_float,
    _BOOL: _to_bool,
    _NULL: lambda _text: None,
}
_KIND_NAMES = {_INT: "a whole number", _FLOAT: "a number", _BOOL: "true or false"}


def _resolve_plain(text: str) -> Any:
    """A plain scalar's value by the YAML 1.2 core schema (as `load_text` reads it)."""
    convert = _SCALAR_CONVERTERS.get(plain_tag(text), str)
    try:
        return convert(text)
    except ValueError:
        return text
