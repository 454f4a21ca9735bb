"""YAML 1.2 core-schema resolution, and libyaml's parser fitted with it.

The core schema is the only source of implicit types: no yes/no/on/off booleans, no
sexagesimal numbers, no timestamps (dates stay strings and the schema checks their
format). `Yaml12Resolver` says which tag a plain scalar has, `_QuickResolver` gives the
same answers faster, `_SCALAR_CONVERTERS` turn a tagged scalar into its value. The parser
classes (`_Parser`, `_EventSource`, `_CComposer`) are libyaml's (the pure-Python parser
only where libyaml is missing) with this resolver.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # libyaml: an order of magnitude faster; the pure parser is a fallback only.
    from yaml.cyaml import CParser as _Parser

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

    LIBYAML = False


class Yaml12Resolver(BaseResolver):
    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)\Z", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z", "-+0123456789"),
    (
        "float",
        (
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
        ),
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)\Z", ["~", "n", "N", ""]),
):
    Yaml12Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:" + _tag, re.compile(_pattern), list(_first)
    )


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _QuickResolver(Yaml12Resolver):
    """`Yaml12Resolver` with the same answers at a fraction of the cost.

    Both composers call `resolve` once per node; `BaseResolver.resolve` concatenates
    lists, tries up to two patterns and consults path resolvers (we have none) on every
    call. Here the few words that are booleans or null are looked up, and only text that
    starts like a number is matched, against the same patterns in the same order.
    """

    _words = {
        **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _BOOL),
        **dict.fromkeys(("~", "null", "Null", "NULL", ""), _NULL),
    }
    _number_starts = frozenset("-+.0123456789")
    # Integer, then float, as for `-` (the integer pattern matches nothing starting `.`).
    _number_patterns = tuple(Yaml12Resolver.yaml_implicit_resolvers["-"])

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                tag = self._words.get(value)
                if tag is not None:
                    return tag
                if value[0] in self._number_starts:
                    for tag, pattern in self._number_patterns:
                        if pattern.match(value):
                            return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    # No path resolvers: libyaml's composer calls these around every node for nothing.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


class _EventSource(_Parser, _QuickResolver):
    """libyaml's event parser plus our resolver, for `_compose`: nodes built from events
    with an explicit stack, so no input can exhaust the C stack."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        _QuickResolver.__init__(self)


if LIBYAML:

    class _CComposer(_Parser, _QuickResolver):
        """libyaml's own composer, three times faster than `_compose`, but it recurses in
        C once per nesting level without any bound (a million `[` crash the interpreter).
        Only used on text whose nesting `_nesting_bound` proves shallow."""

        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _QuickResolver.__init__(self)


_QUICK_RESOLVER = _QuickResolver()
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
    tag = _QUICK_RESOLVER.resolve(ScalarNode, text, (True, False))
    convert = _SCALAR_CONVERTERS.get(tag, str)
    try:
        return convert(text)
    except ValueError:
        return text


def _peeked_value(event, resolver: Yaml12Resolver) -> Any:
    plain = event.implicit[0] and event.style in (None, "")
    tag = event.tag if event.tag not in (None, "!") else None
    if tag is None:
        tag = resolver.resolve(ScalarNode, event.value, event.implicit) if plain else _STR
    convert = _SCALAR_CONVERTERS.get(tag)
    if convert is None:
        return event.value  # an unknown tag: the loader also keeps the text
    try:
        return convert(event.value)
    except ValueError:
        return event.value
