"""Where a value stands, for documents read by the fast parser (which has no positions).

Only files with findings ask (cross-file ones too: the parent reads such a file again),
so this may be slower than the parse. Two ways, the first checked against the data before it is trusted:

1. `scan`: follow the path through block-style lines (a key at the mapping's
   indentation, the n-th `- ` of a sequence). Microseconds; it gives up (None) on flow
   collections, anchors, tags, explicit keys, or when the text found is not the value.
2. `tree`: tree-sitter-yaml's syntax tree (every node with its start), walked along the
   path by the order of keys: the n-th pair of a mapping is the n-th key of the data.

Lines and columns are 1-based, columns in characters.
"""

from __future__ import annotations

import re
from typing import Any

# ---------------------------------------------------------------------------------------
# 1. The line scan, by regular expressions over the whole text (the loops run in C)

# Compiled (and kept by `re`) when a position is first asked for: a clean file needs none.
_KEY = r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"&*!?|>\[\]{},%@`-][^#\n]*?|-[^\s#][^#\n]*?))[ \t]*:(?:[ \t]+|$)"""
_FIRST_CONTENT = r"(?:\A|\n)( *)(?=[^ \n#])"
_NEXT_CONTENT = r"\n( *)(?=[^ \n#])"
_patterns: dict[tuple, re.Pattern] = {}


def _pattern(kind: str, column: int, key: str = "") -> re.Pattern:
    """Cached: the same few keys at the same few indentations recur in every file."""
    found = _patterns.get((kind, column, key))
    if found is None:
        if kind == "end":  # the first line indented less: the block ends there
            found = re.compile(r"\n {0,%d}(?=[^ \n#])" % (column - 1))  # noqa: UP031 - a regex full of braces
        elif kind == "key":
            escaped = re.escape(key)
            found = re.compile(r"""\n {%d}(?:%s|"%s"|'%s')[ \t]*:(?:[ \t]|(?=\n)|$)""" % (column, escaped, escaped, escaped))  # noqa: UP031
        elif kind == "flow":  # a key inside a one-line flow mapping
            escaped = re.escape(key)
            found = re.compile(r"""[{,][ \t]*(?:%s|"%s"|'%s')[ \t]*:[ \t]+""" % (escaped, escaped, escaped))  # noqa: UP031
        else:  # "item"
            found = re.compile(r"\n {%d}-(?:[ \t]|(?=\n)|$)" % column)  # noqa: UP031
        if len(_patterns) > 4096:
            _patterns.clear()
        _patterns[(kind, column, key)] = found
    return found


def _column_of(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _place(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, _column_of(text, offset) + 1


def _after_indicator(text: str, offset: int) -> int | None:
    """Where the node after a key's `:` or an item's `-` starts: later on its line, or on
    the next line that holds something."""
    end = text.find("\n", offset)
    if end == -1:
        end = len(text)
    rest = text[offset:end]
    stripped = rest.lstrip(" ")
    if stripped and stripped[0] != "#":
        return offset + len(rest) - len(stripped)
    match = re.compile(_NEXT_CONTENT).search(text, end)
    return match.end() if match else None


def scan(text: str, data: Any, path: tuple, at_key: bool, memo: dict | None = None) -> tuple[int, int] | None:
    """The (line, column) of the value (or key) at `path` in block-style text, or None
    where this cannot tell for sure. `memo` (one per document) keeps where each path
    prefix was found: a summary asks for `steps/1/office/ref`, then `steps/2/...`."""
    if memo is None:
        memo = {}
    if not memo:
        if "\r" in text or "\t" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
            memo[()] = None  # other line breaks and tabs: leave it to the syntax tree
        else:
            match = re.search(_FIRST_CONTENT, text)
            bad = match is None or text.startswith(("---", "%"), match.end())
            memo[()] = None if bad else (match.end(), None)
    known = 0
    for length in range(len(path), -1, -1):
        if path[:length] in memo:
            known = length
            break
    if memo[path[:known]] is None:
        return None
    offset, key_offset = memo[path[:known]]
    node = data
    for segment in path[:known]:
        node = node[segment]
    for depth, segment in enumerate(path[known:], known):
        head = text[offset:offset + 1]
        if head == "{" and isinstance(node, dict) and isinstance(segment, str) and segment in node:
            line_end = text.find("\n", offset)
            line = text[offset - _column_of(text, offset):line_end if line_end != -1 else len(text)]
            row = text.count("\n", 0, offset)
            return _scan_flow_mapping(line, _column_of(text, offset), node, path[depth:], at_key, row)
        if head in ("[", "{", "&", "!", "*", "?", "|", ">", '"', "'"):
            return None
        column = _column_of(text, offset)
        if column:
            ended = _pattern("end", column).search(text, offset)
            block_end = ended.start() if ended else len(text)
        else:
            block_end = len(text)
        if isinstance(node, dict) and isinstance(segment, str):
            if segment not in node:
                return None
            first = re.compile(_KEY, re.MULTILINE).match(text, offset)
            if first is None:
                return None
            if _matched_key(first) == segment:
                found_at, key_end = offset, first.end()
            else:
                sibling = _pattern("key", column, segment).search(text, offset, block_end)
                if sibling is None:
                    return None
                found_at, key_end = sibling.start() + 1 + column, sibling.end()
            key_offset = found_at
            node = node[segment]
            start = _after_indicator(text, key_end)
            if start is None:
                return None
            if text.count("\n", key_end, start):  # the value is on a line of its own
                below = _column_of(text, start)
                if below < column or (below == column and not (isinstance(node, list) and text[start] == "-")):
                    return None
            offset = start
            memo[path[:depth + 1]] = (offset, key_offset)
        elif isinstance(node, list) and isinstance(segment, int):
            if head != "-" or not 0 <= segment < len(node):
                return None
            item = offset
            if segment:
                items = _pattern("item", column).finditer(text, offset, block_end)
                for index, found in enumerate(items, 1):
                    if index == segment:
                        item = found.start() + 1 + column
                        break
                else:
                    return None
            key_offset = None
            node = node[segment]
            start = _after_indicator(text, item + 1)
            if start is None:
                return None
            offset = start
            memo[path[:depth + 1]] = (offset, key_offset)
        else:
            return None
    if at_key and key_offset is not None:
        return _place(text, key_offset)
    line_end = text.find("\n", offset)
    if not _looks_like(text[offset:line_end if line_end != -1 else len(text)], node):
        return None
    return _place(text, offset)


def _matched_key(match: re.Match) -> str | None:
    if match.group(3) is not None:
        return match.group(3).rstrip()
    if match.group(1) is not None:
        return None if "\\" in match.group(1) else match.group(1)
    return match.group(2).replace("''", "'")


def _scan_flow_mapping(line: str, column: int, node: dict, path: tuple, at_key: bool, row: int) -> tuple[int, int] | None:
    """The key or scalar value `path[0]` of a flow mapping written on one line, with
    nothing nested before it; None for anything else."""
    if len(path) != 1 or isinstance(node[path[0]], (dict, list)):
        return None
    end = line.find("}", column)
    body = line[column:end] if end != -1 else ""
    if not body or "{" in body[1:] or "[" in body or "#" in body:
        return None
    match = _pattern("flow", 0, path[0]).search(body)
    if match is None:
        return None
    key_column = column + match.start() + 1 + (len(match.group(0)) - len(match.group(0)[1:].lstrip(" \t")) - 1)
    value_column = column + match.end()
    if at_key:
        return row + 1, key_column + 1
    text = line[value_column:end]
    value = node[path[0]]
    written = text.split(",", 1)[0].strip()
    if isinstance(value, str):
        if written[:1] in ('"', "'"):
            if written[1:-1] != value or written[-1:] != written[:1]:
                return None
        elif written != value:
            return None
    elif not _looks_like(written, value):
        return None
    return row + 1, value_column + 1


def _looks_like(text: str, value: Any) -> bool:
    """Whether the text found can be the start of `value` (guards the scan's guesses)."""
    if isinstance(value, dict):
        if not value:
            return text.startswith("{")
        first = next(iter(value))
        match = re.match(_KEY, text, re.MULTILINE)
        return match is not None and (match.group(3) or "").rstrip() == first or text.startswith(('"', "'"))
    if isinstance(value, list):
        return text.startswith("-") if value else text.startswith("[")
    if isinstance(value, str):
        if text.startswith(("|", ">")):
            return True
        head = text.split(" #", 1)[0].rstrip()
        if head.startswith(('"', "'")):
            return len(head) >= 2 and head[-1] == head[0] and (head[1:-1] == value or "\\" in head or "''" in head)
        return head == value or value.startswith(head)  # a plain scalar may go on below
    head = text.split(" #", 1)[0].strip()
    if value is None:
        return head in ("", "~", "null", "Null", "NULL")
    if isinstance(value, bool):
        return head.lower() == str(value).lower()
    return bool(head) and head[0] in "-+.0123456789"


# ---------------------------------------------------------------------------------------
# 2. The syntax tree

_parser = None


def _tree_parser():
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_yaml

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_yaml.language()))
    return _parser


def syntax_tree(raw: bytes):
    return _tree_parser().parse(raw)


_WRAPPERS = ("block_node", "flow_node", "document", "stream")
_PROPERTIES = ("anchor", "tag", "comment")


def _content(node):
    """The collection or scalar a node stands for, below `block_node`/`flow_node` and
    past its anchor and tag."""
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type not in _PROPERTIES]
        if not inner:
            return node  # an empty node (an anchor alone, or nothing)
        node = inner[0]
    return node


def _pairs(mapping):
    """(key node, value node) of each entry of a mapping, in order."""
    for child in mapping.named_children:
        if child.type in ("block_mapping_pair", "flow_pair"):
            key = child.child_by_field_name("key")
            value = child.child_by_field_name("value")
            yield key, value, child
        elif child.type == "flow_node":  # `{a, b}`: a key with no value
            yield child, None, child


def _items(sequence):
    for child in sequence.named_children:
        if child.type == "block_sequence_item":
            inner = [c for c in child.named_children if c.type != "comment"]
            yield (inner[0] if inner else None), child
        elif child.type in ("flow_node", "flow_pair"):
            yield child, child


class TreeIndex:
    """tree-sitter's tree of one text, with what turning its byte columns into
    character columns and its aliases into their anchors needs."""

    def __init__(self, text: str):
        self.text = text
        self.raw = text.encode("utf-8")
        self.tree = syntax_tree(self.raw)
        self._anchors: dict[str, Any] | None = None
        self._line_starts: list[int] | None = None

    def position(self, node) -> tuple[int, int]:
        row, byte_column = node.start_point
        if self._line_starts is None:
            starts = [0]
            raw = self.raw
            index = raw.find(b"\n")
            while index != -1:
                starts.append(index + 1)
                index = raw.find(b"\n", index + 1)
            self._line_starts = starts
        start = self._line_starts[row] if row < len(self._line_starts) else 0
        column = len(self.raw[start:start + byte_column].decode("utf-8", errors="replace"))
        return row + 1, column + 1

    def _resolve(self, node):
        return self._resolve_with_start(node)[0]

    def _resolve_with_start(self, node):
        """(content node, node whose start is the value's start: with its anchor and tag,
        as libyaml places a node; an alias stands for its anchor's node)."""
        content = _content(node)
        start = node if node is not None and node.type in ("block_node", "flow_node") else content
        if content is not None and content.type == "alias":
            name = content.text.decode("utf-8", errors="replace")[1:]
            target = self.anchors().get(name)
            if target is not None:
                return _content(target), target
        return content, start

    def anchors(self) -> dict[str, Any]:
        if self._anchors is None:
            found: dict[str, Any] = {}
            stack = [self.tree.root_node]
            while stack:
                node = stack.pop()
                for child in node.named_children:
                    if child.type == "anchor":
                        found.setdefault(child.text.decode("utf-8", errors="replace")[1:], node)
                stack.extend(reversed(node.named_children))
            self._anchors = found
        return self._anchors

    def document_starts(self) -> list[tuple[int, int]]:
        return [self.position(d) for d in self.tree.root_node.named_children if d.type == "document"]

    def locate(self, data: Any, path: tuple, at_key: bool) -> tuple[int, int] | None:
        documents = [d for d in self.tree.root_node.named_children if d.type == "document"]
        if not documents:
            return None
        node, start = self._resolve_with_start(documents[0])
        value = data
        key_node = None
        for segment in path:
            if node is None:
                break
            if isinstance(value, dict) and node.type in ("block_mapping", "flow_mapping", "flow_pair"):
                keys = list(value)
                if segment not in value:
                    break
                ordinal = keys.index(segment)
                if node.type == "flow_pair":  # `[ key: value ]`: a single-pair mapping
                    pairs = [(node.child_by_field_name("key"), node.child_by_field_name("value"), node)]
                else:
                    pairs = list(_pairs(node))
                if ordinal >= len(pairs):
                    break
                key_node, child, pair = pairs[ordinal]
                value = value[segment]
                node, start = self._resolve_with_start(child) if child is not None else (None, None)
                if node is None:  # `key:` with nothing after it: point after the key
                    return self.position(key_node or pair)
            elif isinstance(value, list) and isinstance(segment, int) and node.type in ("block_sequence", "flow_sequence"):
                items = list(_items(node))
                if not 0 <= segment < len(items):
                    break
                child, item = items[segment]
                key_node = None
                value = value[segment]
                node, start = self._resolve_with_start(child) if child is not None else (None, None)
                if node is None:
                    return self.position(item)
            else:
                break
        if at_key and key_node is not None:
            return self.position(key_node)
        return self.position(start) if start is not None else None


_CORE_TAGS = frozenset(("!", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map"))


def _key_text(node) -> str | None:
    """A mapping key's value as text, or None for a collection used as a key."""
    content = _content(node)
    if content is None:
        return ""
    if content.type in ("plain_scalar", "double_quote_scalar", "single_quote_scalar"):
        raw = content.text.decode("utf-8", errors="replace")
        if content.type == "plain_scalar":
            return " ".join(raw.split())
        from .parse import ParseError, parse_value

        try:
            value = parse_value("k: " + raw)
        except ParseError:
            return raw
        return value.get("k") if isinstance(value, dict) and isinstance(value.get("k"), str) else raw
    if content.type in ("block_mapping", "flow_mapping", "block_sequence", "flow_sequence"):
        return None
    return content.text.decode("utf-8", errors="replace")


def _policy_findings(self) -> list[tuple[str, str, tuple[int, int], dict]]:
    """Tags other than the core schema's, and repeated keys (second place, first line),
    as (code, message, position, parameters), in document order."""
    found: list[tuple[str, str, tuple[int, int], dict]] = []
    stack = [self.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "tag":
            tag = node.text.decode("utf-8", errors="replace")
            if tag not in _CORE_TAGS:
                found.append(("SVC001", "tag", self.position(node), {"tag": tag[:80]}))
        elif node.type in ("block_mapping", "flow_mapping"):
            first: dict[str, Any] = {}
            for key, _value, pair in _pairs(node):
                if key is None:
                    continue
                text = _key_text(key)
                if text is None:
                    continue
                if text in first:
                    found.append((
                        "SVC002", "duplicate", self.position(key),
                        {"key": text[:80], "line": self.position(first[text])[0]},
                    ))
                else:
                    first[text] = key
        stack.extend(reversed(node.named_children))
    found.sort(key=lambda item: item[2])
    return found


TreeIndex.policy_findings = _policy_findings  # type: ignore[attr-defined]
