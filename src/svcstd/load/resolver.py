"""YAML 1.2 core-schema resolution, and libyaml's parser fitted with it.

The core schema is the only source of implicit types: no yes/no/on/off booleans, no
sexagesimal numbers, no timestamps (dates stay strings and the schema checks their
format). The answers themselves are in `scalars`, which needs no PyYAML: which tag a plain
scalar has (`plain_tag`), and `_SCALAR_CONVERTERS`, which turn a tagged scalar into its
value. Here `Yaml12Resolver` gives them to PyYAML, `_QuickResolver` faster. The parser
classes (`_Parser`, `_EventSource`, `_CComposer`) are libyaml's (the pure-Python parser
only where libyaml is missing) with this resolver.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

# The core schema itself is PyYAML-free (`scalars`); its names stay importable from here.
from .scalars import (  # noqa: F401
    _BOOL,
    _FLOAT,
    _INT,
    _KIND_NAMES,
    _MAP,
    _NULL,
    _SCALAR_CONVERTERS,
    _SEQ,
    _STR,
    IMPLICIT,
    _resolve_plain,
    plain_tag,
)

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


for _tag, _pattern, _first in IMPLICIT:
    Yaml12Resolver.add_implicit_resolver(_tag, _pattern, list(_first))


class _QuickResolver(Yaml12Resolver):
    """`Yaml12Resolver` with the same answers at a fraction of the cost.

    Both composers call `resolve` once per node; `BaseResolver.resolve` concatenates
    lists, tries up to two patterns and consults path resolvers (we have none) on every
    call. Here a plain scalar's tag is `scalars.plain_tag`'s: the same patterns in the
    same order, tried only on text that starts like a number.
    """

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return plain_tag(value) if implicit[0] else _STR
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
