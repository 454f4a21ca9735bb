"""Bytes → `Document` (plain data plus the YAML nodes that know where each value stands).

This is the only place that parses YAML. It composes the node graph with libyaml (the
pure-Python parser only where libyaml is missing): with libyaml's own composer when the
text is provably shallow, otherwise from parse events with an explicit stack (see
`load_text`). It then builds plain data from the nodes itself, which lets it:

- keep YAML 1.2 meanings (`no`, `on`, `yes` stay strings; dates stay strings),
- report repeated keys, which PyYAML would silently collapse,
- refuse tags instead of constructing objects (no code ever runs from a file),
- bound the work: file size, nesting depth and node count after alias expansion.

Positions are not copied into a side table: a finding asks `Document.locate(path)`, which
walks the nodes along the path. Valid documents, the common case, never pay for it.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .catalogue import declare, default_severity, message, phrase
from .findings import Finding
from .load import parse as fast_parse
from .load import peek, policies, positions, punctuation

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


CURRENT_FORMAT_VERSION = "1"  # the oldest; FORMAT_VERSIONS (versions.py) lists all read


from .load.limits import DEFAULT_LIMITS, Limits  # re-exported: svcstd.loading.Limits

# ---------------------------------------------------------------------------------------
# Rule declarations for what this module finds.

declare(
    "SVC001", "invalid-yaml", "error",
    "The file is not valid YAML, or its document is not a mapping.",
    "A definition that cannot be read cannot be checked or published; every other rule "
    "depends on the file parsing into one mapping of elements.",
    bad="svcstd: \"1\"\nid: residence-permit\nname: [Residence permit\n",
    good="svcstd: \"1\"\nid: residence-permit\nname: Residence permit\n",
    messages={
        "syntax": "YAML syntax error: {problem}. Fix the line shown (check indentation, "
        "quotes and brackets).",
        "tabs": "A tab character is used for indentation; YAML only allows spaces. "
        "Replace the tab with spaces.",
        "empty": "The file is empty (or holds only comments). A service definition is a "
        "mapping that starts with `svcstd: \"1\"`.",
        "not_mapping": "The document is a {kind}, not a mapping of elements. A service "
        "definition starts with `svcstd: \"1\"` followed by `id:`, `name:` and the other "
        "elements.",
        "several_documents": "The file holds more than one YAML document (a second one "
        "starts here). svcstd checks one service definition per file and none of a file with "
        "several: move each document (they are separated by `---`) into a file of its own.",
        "merge_conflict": "Unresolved merge-conflict marker `{marker}`: a merge left the "
        "lines `<<<<<<<`, `=======` and `>>>>>>>` around two versions of the text. Finish the "
        "merge: keep the right version and delete the marker lines.",
        "tag": "The tag `{tag}` is not allowed. svcstd reads plain YAML data only; remove "
        "the tag and write the value itself.",
        "complex_key": "A mapping key must be plain text, not a {kind}.",
        "fullwidth_colon": "The key `{text}` is followed by the full-width colon `：` (U+FF1A, "
        "typed by a Chinese input method); YAML needs the ASCII colon `:` and a space. Write "
        "`{text}: ` instead.",
        "ideographic_space": "The indentation holds a full-width space `　` (U+3000, typed by a "
        "Chinese input method); YAML indents with ASCII spaces only. Replace it with ordinary "
        "spaces.",
        "fullwidth_comma": "The items `{text}` are separated by the full-width comma `，` (U+FF0C, "
        "typed by a Chinese input method), so YAML reads them as one value; it needs the ASCII "
        "comma `,`. Replace `，` with `,`.",
        "bad_scalar": "The value `{value}` cannot be read as {kind}: {reason}.",
    },
    family="loading",
)
declare(
    "SVC002", "duplicate-key", "error",
    "A key is repeated in one mapping.",
    "YAML parsers silently keep only one of two equal keys, so half of what the officer "
    "wrote would vanish without a word. The repeated key must be merged or removed.",
    bad="svcstd: \"1\"\nid: residence-permit\nid: residence-permit-2\n",
    good="svcstd: \"1\"\nid: residence-permit\n",
    messages={
        "duplicate": "The key `{key}` appears twice in this mapping (first at line {line}). "
        "Keep one of them and delete or rename the other.",
    },
    family="loading",
)
declare(
    "SVC003", "unreadable-file", "error",
    "The file cannot be read: missing, not UTF-8 text, or binary.",
    "Definitions are shared text documents; a file no one can read as UTF-8 text cannot be "
    "reviewed, diffed or published.",
    bad="(a file saved in GBK, or a binary file with a .yaml name)",
    good="(the same file saved as UTF-8)",
    messages={
        "missing": "The file does not exist (or vanished during the run).",
        "is_directory": "This is a folder, not a file.",
        "permission": "The file cannot be opened: permission denied.",
        "os_error": "The file cannot be read: {reason}.",
        "binary": "This is a binary file, not YAML text (it contains a NUL byte at byte "
        "{offset}).",
        "not_utf8": "The file is not valid UTF-8 (bad byte 0x{byte:02X} at byte offset "
        "{offset}). Save it as UTF-8 (most editors: 'Save with encoding' → UTF-8).",
        "bad_utf16": "The file starts with a {encoding} byte-order mark but is not valid "
        "{encoding} (at byte {offset}). Save it as UTF-8.",
    },
    family="loading",
)
declare(
    "SVC004", "resource-limit", "error",
    "The file exceeds a resource limit: size, alias expansion, nesting depth or node count.",
    "Definitions come from many hands; a file built to exhaust memory or time (an alias "
    "bomb, thousands of nesting levels) must be refused quickly, not checked forever.",
    bad="# configuration: max-nodes = 1000\n"
    "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "x-c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]  # 1,000 values from 3 lines; 9 levels make a billion\n",
    good="svcstd: \"1\"\nid: residence-permit\n",
    messages={
        "size": "The file is {size} bytes, above the limit of {limit} bytes. Split it or "
        "raise `max-file-size` in the configuration if it is genuine.",
        "depth": "Nesting deeper than {limit} levels. A service definition needs far fewer; "
        "this looks like a damaged or hostile file.",
        "nodes": "The document expands to more than {limit} values (aliases included). "
        "This looks like an alias bomb or a damaged file.",
    },
    family="loading",
)
declare(
    "SVC005", "format-version", "error",
    "The format version `svcstd` is missing or unknown.",
    "The version says which rules a definition is written against; without it, a future "
    "format change would silently reinterpret old files.",
    bad="# without: svcstd\nid: residence-permit\nname: Residence permit\n",
    good="svcstd: \"1\"\nid: residence-permit\nname: Residence permit\n",
    messages={
        "missing": "The format version is missing. Add `svcstd: \"{latest}\"` as the first line "
        "(this svcstd reads versions {versions}).",
        "unknown": "Unknown format version {value}. This svcstd reads versions {versions}: write "
        "e.g. `svcstd: \"{latest}\"` (a quoted string).",
        "unquoted": "The format version is the number {value}; write it as a quoted string: "
        "`svcstd: \"{value}\"`.",
    },
    family="loading",
)


# ---------------------------------------------------------------------------------------
# YAML 1.2 core schema: the only implicit types. No yes/no/on/off booleans, no sexagesimal
# numbers, no timestamps (dates stay strings and the schema checks their format).


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


# ---------------------------------------------------------------------------------------


@dataclass
class Document:
    """A parsed file: plain `data` plus the node tree for positions and source text."""

    file: str
    text: str
    data: Any = None
    lang: str = "en"
    # Rule context from outside the file: its offices registry's `defaults`
    # (`model.RegistryDefaults`), set by the engine; None when there is none.
    defaults: Any = field(default=None, repr=False, compare=False)
    _lines: list[str] | None = field(default=None, repr=False)
    _tree: Any = field(default=None, repr=False)
    _scan_memo: dict | None = field(default=None, repr=False)
    # The node tree (libyaml's composer) when the careful path made one; for a document
    # the fast path read, made only if something asks for nodes (`root`, `node_at`).
    _root: Node | None = field(default=None, repr=False)
    _nodes_tried: bool = field(default=False, repr=False)

    @property
    def root(self) -> Node | None:
        """The root node. A document the fast path read has none until asked: then libyaml
        composes the text (only for this document), or None where libyaml cannot read it."""
        if self._root is None and not self._nodes_tried and self.data is not None:
            self._nodes_tried = True
            self._root = _nodes_of(self)
        return self._root

    @root.setter
    def root(self, node: Node | None) -> None:
        self._root = node

    @property
    def has_nodes(self) -> bool:
        """Whether positions come from nodes (without composing any)."""
        return self._root is not None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def source_line(self, line: int) -> str | None:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else None

    def node_at(self, path: tuple) -> tuple[Node | None, Node | None]:
        """The (key node, value node) at `path`; the deepest reachable pair if it breaks off."""
        if self.root is None:  # libyaml cannot read it: a stand-in for the scalar
            return None, self._written_scalar(path)
        key_node: Node | None = None
        node = self.root
        for segment in path:
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == segment:
                        key_node, node = k, v
                        break
                else:
                    return key_node, node
            elif isinstance(node, SequenceNode) and isinstance(segment, int):
                if 0 <= segment < len(node.value):
                    key_node, node = None, node.value[segment]
                else:
                    return key_node, node
            else:
                return key_node, node
        return key_node, node

    def locate(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key with `key=True`."""
        if self._root is None:
            return self._locate_without_nodes(path, key)
        key_node, value_node = self.node_at(path)
        node = key_node if key and key_node is not None else value_node
        if node is None:
            return 1, 1
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def _locate_without_nodes(self, path: tuple, key: bool) -> tuple[int, int]:
        """Positions of a document the fast parser read (no nodes): the verified line
        scan, else tree-sitter's tree (built once per document, only when asked)."""
        if self.data is None:
            return 1, 1
        if self._scan_memo is None:
            self._scan_memo = {}
        place = positions.scan(self.text, self.data, path, key, self._scan_memo)
        if place is None:
            if self._tree is None:
                self._tree = positions.TreeIndex(self.text)
            place = self._tree.locate(self.data, path, key)
        return place or (1, 1)

    def _written_scalar(self, path: tuple) -> Node | None:
        """A stand-in scalar node (value and start) for the value at `path`, as
        `node_at` gives for a composed document, or None for a collection."""
        value: Any = self.data
        for segment in path:
            try:
                value = value[segment]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(value, (dict, list)):
            return None
        line, column = self.locate(path)
        written = (self.source_line(line) or "")[column - 1:].split(" #", 1)[0].strip()
        if isinstance(value, str) or not written:
            written = value if isinstance(value, str) else written
        mark = yaml.error.Mark(self.file, 0, line - 1, column - 1, None, None)
        return ScalarNode(_STR, written, mark, mark)

    def finding(
        self,
        code: str,
        msg: str,
        path: tuple = (),
        /,
        *,
        at_key: bool = False,
        position: tuple[int, int] | None = None,
        **params,
    ) -> Finding:
        """A finding of `code` whose message is template `msg`, placed at `path`."""
        line, column = position or self.locate(path, key=at_key)
        return Finding(
            code=code,
            severity=default_severity(code),
            message=message(code, msg, self.lang, **params),
            file=self.file,
            line=line,
            column=column,
            path=json_pointer(path),
            source=self.source_line(line),
        )


# What YAML counts as a line break, hence what its line numbers count. `str.splitlines`
# also splits at form feeds and other control characters, which would shift the lines.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML numbers them (a final line break ends the last line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def json_pointer(path: tuple) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@dataclass
class LoadResult:
    document: Document | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.document is not None


class _Stop(Exception):
    """Raised inside the walk when a limit is breached; carries the finding."""

    def __init__(self, finding: Finding):
        self.finding = finding


# Bytes → text: `load/decode.py` (decode, read_file; `_bare_finding` for findings without
# a document).
from .load.decode import _bare_finding, decode, read_file

# ---------------------------------------------------------------------------------------
# Text → nodes → data

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?:[ \t]|\r?$)", re.MULTILINE)
_MESSAGE_VALUE_LIMIT = 80


def _clip(text: str) -> str:
    """A value quoted in a message: a megabyte-long key must not make a megabyte message."""
    return text if len(text) <= _MESSAGE_VALUE_LIMIT else text[: _MESSAGE_VALUE_LIMIT - 3] + "..."


def friendly_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object:os.system` → `!!python/object:os.system`, as written."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _position_of_index(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line, line_start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, line_start = line + 1, match.end()
    return line, index - line_start + 1


def _syntax_finding(exc: yaml.YAMLError, doc: Document) -> Finding:
    if isinstance(exc, yaml.reader.ReaderError):
        # No mark on reader errors: only the character index into the text.
        index = exc.position
        if LIBYAML:  # libyaml reads the text as UTF-8 and counts bytes, not characters
            index = len(doc.text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        line, column = _position_of_index(doc.text, index)
        if isinstance(exc.character, int):
            if doc.lang == "zh":
                problem = f"YAML 不允许使用字符 U+{exc.character:04X}"
            else:
                problem = f"the character U+{exc.character:04X} is not allowed in YAML ({exc.reason})"
        else:
            problem = localized_problem(str(exc.reason), doc.lang)
        return doc.finding("SVC001", "syntax", position=(line, column), problem=problem)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    source = doc.source_line(line) or ""
    at_tab = 0 < column <= len(source) and source[column - 1] == "\t"
    if "tab" in problem.lower() or at_tab or "\t" in source[: len(source) - len(source.lstrip())]:
        return doc.finding("SVC001", "tabs", position=(line, column))
    context = getattr(exc, "context", None)
    if context:
        problem = f"{problem} ({context})"
    return doc.finding("SVC001", "syntax", position=(line, column), problem=localized_problem(problem, doc.lang))


def _nesting_finding(exc: yaml.YAMLError, doc: Document, limits: Limits) -> Finding | None:
    """libyaml 0.2.6 and later refuse nesting past their own limit (1,000) while scanning
    ahead, before the composer has seen the level where ours is breached. That is SVC004,
    and it should point where our limit is crossed, as with older libyaml: compose the text
    up to libyaml's mark, which holds every level up to its limit."""
    problem = getattr(exc, "problem", None) or ""
    mark = getattr(exc, "problem_mark", None)
    if "maximum nesting depth" not in problem or mark is None:
        return None
    prefix = Document(file=doc.file, text=doc.text[: mark.index], lang=doc.lang)
    try:
        _compose(prefix, limits)
    except _Stop as stop:
        if stop.finding.code == "SVC004":
            return replace(stop.finding, source=doc.source_line(stop.finding.line))
    except yaml.YAMLError:
        pass
    return _limit_finding(doc, mark, "depth", limits.max_depth)


def _limit_finding(doc: Document, mark, msg: str, limit: int) -> Finding:
    return doc.finding("SVC004", msg, position=(mark.line + 1, mark.column + 1), limit=limit)


def _compose(doc: Document, limits: Limits) -> Node | None:
    """Events → one document's node graph, without recursion, bounded by the limits.

    Raises `_Stop` on a breached limit or a second document, `yaml.YAMLError` on bad syntax.
    Node counting here is of written nodes; the builder counts again after alias expansion.
    """
    source = _EventSource(doc.text)
    try:
        get_event = source.get_event
        resolve = source.resolve
        anchors: dict[str, Node] = {}
        # Each open collection: (node, its children so far).
        stack: list[tuple[Node, list[Node]]] = []
        root: Node | None = None
        documents = 0
        count = 0
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, event.value, event.implicit)
                node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                node, children = stack.pop()
                node.end_mark = event.end_mark
                if kind is SequenceEndEvent:
                    node.value = children
                else:
                    node.value = list(zip(children[0::2], children[1::2]))
                _attach(stack, node)
                if not stack:
                    root = node
                continue
            elif kind is AliasEvent:
                node = anchors.get(event.anchor)
                if node is None:
                    raise yaml.composer.ComposerError(
                        None, None, f"the alias *{event.anchor} names no anchor defined before it",
                        event.start_mark,
                    )
                if not stack:
                    root = node
                _attach(stack, node)
                continue
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop(doc.finding(
                        "SVC001", "several_documents",
                        position=(event.start_mark.line + 1, event.start_mark.column + 1),
                    ))
                continue
            elif kind is StreamEndEvent:
                return root
            else:  # StreamStartEvent, DocumentEndEvent
                continue

            count += 1
            if count > limits.max_nodes:
                raise _Stop(_limit_finding(doc, event.start_mark, "nodes", limits.max_nodes))
            if len(stack) > limits.max_depth:
                raise _Stop(_limit_finding(doc, event.start_mark, "depth", limits.max_depth))
            if event.anchor is not None:
                anchors[event.anchor] = node
            if kind is ScalarEvent:
                _attach(stack, node)
                if not stack:
                    root = node
            else:
                stack.append((node, []))
    finally:
        dispose = getattr(source, "dispose", None)
        if dispose is not None:
            dispose()


def _nodes_of(doc: Document) -> Node | None:
    """The node tree of a document the fast path read, for code that works on nodes (the
    fixes): libyaml's event composer, kept only if it builds the same data."""
    shadow = Document(file=doc.file, text=doc.text, lang=doc.lang)
    collecting = gc.isenabled()
    gc.disable()
    try:
        root = _compose(shadow, Limits(max_depth=10_000, max_nodes=10_000_000))
        if root is None:
            return None
        shadow.root = root
        data = _Builder(shadow, Limits(max_depth=10_000, max_nodes=10_000_000), []).build(root)
    except (yaml.YAMLError, _Stop, RecursionError):
        return None
    finally:
        if collecting:
            gc.enable()
    return root if data == doc.data else None


def _attach(stack: list, node: Node) -> None:
    if stack:
        stack[-1][1].append(node)


def _is_empty(root: Node | None) -> bool:
    """No document, or one that is nothing but `---` (a plain empty scalar)."""
    return root is None or (isinstance(root, ScalarNode) and root.tag == _NULL and root.value == "" and not root.style)


# libyaml's composer takes some 300 bytes of C stack per nesting level: 1,000 levels
# crash a thread of 256 KB, 25,000 the 8 MB main thread. 500 levels fit any thread's stack
# (macOS gives threads 512 KB) and are ten times what a definition needs: a 7 KB one
# counts 200-500 opening characters, and larger ones have a shallow line lead.
_C_COMPOSER_MAX_NESTING = 500

# What may stand before a block collection on its line: indentation, and the block
# indicators (`-`, `?`, `:`) of the collections it is nested in, or a byte-order mark
# (libyaml skips one at the start of any line).
_LEAD_CHARACTERS = " \t\ufeff?:-"


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep the nodes of `text` nest, found at C speed.

    Each collection is opened by a character of its own: `[` or `{` (flow), `-` (block
    sequence entry), `:` or `?` (a mapping's first key). Tags (`!!map`) and anchors open
    nothing, aliases are never descended by the composer, block scalars hold text only.
    So one more than the count of those characters bounds the depth.

    Large files have thousands of them, so for those a second bound. libyaml opens a
    block collection only at a column strictly right of the enclosing one's (a sequence
    indented as little as its key being the one exception, at most one per level), and
    only at a column reached by indentation and block indicators alone: so at most two
    levels per character of the longest such lead. Flow collections need `[` or `{`, and
    a single-pair mapping (`[a: b]`) only sits directly in a flow sequence: two levels
    per bracket. `splitlines` splits at more than YAML's line breaks, which only adds
    line starts, hence leads, to the measure.
    """
    flow = text.count("[") + text.count("{")
    openers = flow + text.count("-") + text.count(":") + text.count("?") + 1
    if openers <= _C_COMPOSER_MAX_NESTING or 2 * flow >= _C_COMPOSER_MAX_NESTING:
        return openers
    # A lead longer than this already exceeds the bound, so no longer one needs measuring.
    cap = _C_COMPOSER_MAX_NESTING // 2 + 1
    deepest_lead = max(
        (len(head) - len(head.lstrip(_LEAD_CHARACTERS)) for head in (line[:cap] for line in text.splitlines())),
        default=0,
    )
    return min(openers, 2 * (deepest_lead + 1) + 2 * flow + 1)


def _within_written_limits(root: Node, limits: Limits) -> bool:
    """Whether `_compose` would have made the graph of `root` without meeting a limit.

    `_compose` counts each node once where it is written (keys too, alias uses not) and
    checks the depth there. A walk in document order meets each node first where it is
    written (an anchor precedes its aliases), so it counts and measures the same.
    """
    seen: set[int] = set()
    pending: list[tuple[Node, int]] = [(root, 0)]
    count = 0
    while pending:
        node, depth = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        count += 1
        if count > limits.max_nodes or depth > limits.max_depth:
            return False
        depth += 1
        if node.__class__ is SequenceNode:
            pending.extend((child, depth) for child in reversed(node.value))
        elif node.__class__ is MappingNode:
            for key, value in reversed(node.value):
                pending.append((value, depth))
                pending.append((key, depth))
    return True


COMPOSERS = ("libyaml", "events")


class ComposerDeclined(Exception):
    """`load_text(composer="libyaml")` on a file that the event composer must read."""


def load_text(
    text: str, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS, composer: str | None = None
) -> LoadResult:
    """Text → `LoadResult`: the document, or findings saying why there is none.

    YAML 1.2 by the verdict of the fast parser (`load.parse`, yaml-rs). A text it reads
    into a plain mapping that svcstd's policies cannot tell apart from the careful
    reading (`load.policies`) is done: a `Document` without nodes, whose positions are
    found only if a finding asks (`load.positions`). Every other text goes the careful way
    (`_load_careful`: libyaml's composer, which words tags, repeated keys and limits with
    their positions), and the fast parser's verdict then decides what libyaml gets wrong:
    the syntax errors it misses and the valid YAML 1.2 it cannot read.
    `composer` ("libyaml" or "events") forces the careful path, for tests and benchmarks.
    """
    if composer is not None:
        return _load_careful(text, file, lang=lang, limits=limits, composer=composer)
    if ("<<<<<<<" in text or ">>>>>>>" in text) and _CONFLICT_MARKER.search(text):
        return _load_careful(text, file, lang=lang, limits=limits)
    # yaml-rs recurses without bound on block nesting (a million `- ` crash the process):
    # a text that may nest deeply goes the careful way, whose composer is iterative.
    screened = policies.needs_careful_path(text) or _nesting_bound(text) > _C_COMPOSER_MAX_NESTING
    if screened and len(text) > 64 * 1024:
        return _load_careful(text, file, lang=lang, limits=limits)
    verdict: fast_parse.ParseError | None = None
    data: Any = None
    try:
        data = fast_parse.parse_fast(text, limits.max_nodes)
    except fast_parse.ParseError as error:
        verdict = error
    slips: list | None = [] if any(c in text for c in policies.SLIP_CHARACTERS) else None
    if verdict is None and not screened and data.__class__ is dict and policies.plain_data_within(data, limits, slips):
        doc = Document(file=file, text=text, data=data, lang=lang)
        result = _judge(doc, [])
        return _with_input_method_slips(result, doc) if slips else result
    careful = _load_careful(text, file, lang=lang, limits=limits)
    if verdict is not None and not verdict.duplicate_key and verdict.line is not None:
        return _refused_by_yaml12(careful, verdict, text, file, lang)
    if verdict is not None and verdict.line is None and not verdict.duplicate_key:
        return careful  # valid YAML whose value the fast parser cannot hold (a huge number)
    if _NOT_PRINTABLE_FOR_YAML(text):
        return careful
    if careful.document is None and any(_is_message(f, "SVC001", ("syntax", "tabs"), lang) for f in careful.findings):
        # Valid YAML 1.2 that libyaml cannot read (a tab as separation, `&an:chor`, ...).
        return _load_beyond_libyaml(text, file, lang, limits)
    if careful.document is not None:
        careful = _with_input_method_slips(careful, careful.document)
    return careful


def _load_careful(
    text: str, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS, composer: str | None = None
) -> LoadResult:
    """Text → `LoadResult` through libyaml, with every policy worded at its position.

    Two composers turn the text into nodes. libyaml's own is fast but trusts its input:
    it is used on a file only when the file is provably shallow, and its result is kept
    only when nothing could have gone differently (no syntax error, no limit reached, no
    complex key). Every other file, valid or not, goes through `_compose`, so findings
    are the same whichever composer did the work. `composer` forces one, for tests and
    benchmarks: "events", or "libyaml" (raising `ComposerDeclined` where the automatic
    choice would fall back to events).
    """
    if ("<<<<<<<" in text or ">>>>>>>" in text) and (match := _CONFLICT_MARKER.search(text)):
        line = text.count("\n", 0, match.start()) + 1
        doc = Document(file=file, text=text, lang=lang)
        return LoadResult(
            None, [doc.finding("SVC001", "merge_conflict", position=(line, 1), marker=match.group(1))]
        )
    if composer not in (None, *COMPOSERS):
        raise ValueError(f"composer must be one of {COMPOSERS}, not {composer!r}")
    if composer != "events":
        result = _load_with_libyaml(text, file, lang, limits) if LIBYAML else None
        if result is not None:
            return result
        if composer == "libyaml":
            raise ComposerDeclined(file)
    return _load_with_events(text, file, lang, limits)


def _load_with_libyaml(text: str, file: str, lang: str, limits: Limits) -> LoadResult | None:
    """The load through libyaml's composer, or None when `_load_with_events` must decide."""
    if _nesting_bound(text) > _C_COMPOSER_MAX_NESTING:
        return None
    doc = Document(file=file, text=text, lang=lang)
    findings: list[Finding] = []
    # Why the collector pauses: see `_load_with_events`.
    collecting = gc.isenabled()
    gc.disable()
    try:
        composer = _CComposer(text)
        try:
            root = composer.get_single_node()
        except yaml.YAMLError:
            # Bad syntax, a second document, an undefined or repeated anchor: `_compose`
            # words them, and may meet a limit before them.
            return None
        finally:
            composer.dispose()
        if _is_empty(root):
            return LoadResult(None, [doc.finding("SVC001", "empty", position=(1, 1))])
        doc.root = root
        builder = _Builder(doc, limits, findings)
        try:
            doc.data = builder.build(root)
        except _Stop as stop:
            # An alias bomb, a recursive alias: `_compose` would have met a limit of its
            # own first only if the file as written breaches it.
            if not _within_written_limits(root, limits):
                return None
            return LoadResult(None, [*findings, stop.finding])
        except RecursionError:
            return None
        # The walk met every node `_compose` counts, at least as deep, except keys and
        # what complex keys hold; only those could have made `_compose` stop.
        written_at_most = builder.count + builder.keys
        if (builder.complex_keys or written_at_most > limits.max_nodes) and not _within_written_limits(root, limits):
            return None
    finally:
        if collecting:
            gc.enable()
    return _judge(doc, findings)


def _load_with_events(text: str, file: str, lang: str, limits: Limits) -> LoadResult:
    doc = Document(file=file, text=text, lang=lang)
    findings: list[Finding] = []
    # The cyclic collector pauses while nodes and data are made. A large file makes
    # hundreds of thousands of small objects, none of them garbage yet; each automatic
    # collection walks all of them again, which made loading grow with the square of the
    # file size (800 steps: 486 ms, against 140 ms paused). Cycles made meanwhile (a
    # recursive alias) are collected once the collector runs again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            root = _compose(doc, limits)
        except _Stop as stop:
            return LoadResult(None, [stop.finding])
        except yaml.YAMLError as exc:
            return LoadResult(None, [_nesting_finding(exc, doc, limits) or _syntax_finding(exc, doc)])
        except RecursionError:  # pragma: no cover - the composer is iterative; a last line of defence
            return LoadResult(None, [doc.finding("SVC004", "depth", position=(1, 1), limit=limits.max_depth)])
        if _is_empty(root):
            return LoadResult(None, [doc.finding("SVC001", "empty", position=(1, 1))])
        doc.root = root
        try:
            doc.data = _Builder(doc, limits, findings).build(root)
        except _Stop as stop:
            return LoadResult(None, [*findings, stop.finding])
        except RecursionError:
            # Only reachable when `max-depth` is configured above what Python's stack allows.
            return LoadResult(
                None, [*findings, doc.finding("SVC004", "depth", position=(1, 1), limit=limits.max_depth)]
            )
    finally:
        if collecting:
            gc.enable()
    return _judge(doc, findings)


def _judge(doc: Document, findings: list[Finding]) -> LoadResult:
    """Whether built data is a service definition at all: a mapping of a known version."""
    if not isinstance(doc.data, dict):
        kind = phrase("kind.list", doc.lang, "list") if isinstance(doc.data, list) else phrase(
            "kind.single_value", doc.lang, "single value")
        findings.append(doc.finding("SVC001", "not_mapping", kind=kind))
        return LoadResult(None, findings)
    version_problem = _check_version(doc)
    if version_problem is not None:
        findings.append(version_problem)
        if "svcstd" in doc.data:
            # A file written against an unknown format cannot be judged by v1 rules;
            # one without any version is most likely v1 with the line forgotten.
            return LoadResult(None, findings)
    return LoadResult(doc, findings)


def _check_version(doc: Document) -> Finding | None:
    from .versions import FORMAT_VERSIONS, LATEST_VERSION, versions_words

    if "svcstd" not in doc.data:
        return doc.finding("SVC005", "missing", latest=LATEST_VERSION, versions=versions_words())
    value = doc.data["svcstd"]
    if value not in FORMAT_VERSIONS:
        _, node = doc.node_at(("svcstd",))
        shown = _clip(node.value) if isinstance(node, ScalarNode) else repr(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and shown in FORMAT_VERSIONS:
            return doc.finding("SVC005", "unquoted", ("svcstd",), value=shown)
        return doc.finding("SVC005", "unknown", ("svcstd",), value=shown, latest=LATEST_VERSION, versions=versions_words())
    return None


class _Builder:
    """Walks the composed nodes into plain data, enforcing the limits as it goes.

    An alias is walked again at every use (that is what the node limit counts), but a
    node's own problems (a refused tag, a repeated key) are reported once, not once per use.
    `keys` and `complex_keys` tell `_load_with_libyaml` whether `_compose` could have
    met a limit that the walk did not.
    """

    def __init__(self, doc: Document, limits: Limits, findings: list[Finding]):
        self.doc = doc
        self.limits = limits
        self.max_nodes = limits.max_nodes
        self.max_depth = limits.max_depth
        self.findings = findings
        self.count = 0
        self.keys = 0
        self.complex_keys = False
        self.reported: set[int] = set()

    def _stop(self, node: Node, msg: str, **params) -> _Stop:
        mark = node.start_mark
        return _Stop(self.doc.finding("SVC004", msg, position=(mark.line + 1, mark.column + 1), **params))

    def _report(self, node: Node, code: str, msg: str, **params) -> None:
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        self.findings.append(self.doc.finding(code, msg, position=self._mark(node), **params))

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise self._stop(node, "nodes", limit=self.max_nodes)
        if depth > self.max_depth:
            raise self._stop(node, "depth", limit=self.max_depth)
        kind = node.__class__
        if kind is ScalarNode:
            if node.tag == _STR:  # most values: nothing to convert
                return node.value
            return self._scalar(node)
        if kind is MappingNode:
            if node.tag != _MAP:
                self._report(node, "SVC001", "tag", tag=_clip(friendly_tag(node.tag)))
            return self._mapping(node, depth)
        if node.tag != _SEQ:
            self._report(node, "SVC001", "tag", tag=_clip(friendly_tag(node.tag)))
        build = self.build
        depth += 1
        return [build(item, depth) for item in node.value]

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _scalar(self, node: ScalarNode) -> Any:
        convert = _SCALAR_CONVERTERS.get(node.tag)
        if convert is None:
            self._report(node, "SVC001", "tag", tag=_clip(friendly_tag(node.tag)))
            return node.value
        try:
            return convert(node.value)
        except ValueError as exc:
            self._report(
                node, "SVC001", "bad_scalar",
                value=_clip(node.value), kind=_KIND_NAMES.get(node.tag, friendly_tag(node.tag)), reason=exc,
            )
            return node.value

    def _mapping(self, node: MappingNode, depth: int) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        build = self.build
        depth += 1
        pairs = node.value
        self.keys += len(pairs)
        for key_node, value_node in pairs:
            if key_node.__class__ is not ScalarNode:
                self.complex_keys = True
                kind = phrase("kind.list", self.doc.lang, "list") if isinstance(key_node, SequenceNode) else phrase(
                    "kind.mapping", self.doc.lang, "mapping")
                self._report(key_node, "SVC001", "complex_key", kind=kind)
                continue
            key = key_node.value
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self._report(key_node, "SVC002", "duplicate", key=_clip(key), line=line)
                # Still walk the repeated value so its own problems and limits count.
                build(value_node, depth)
                continue
            first_seen[key] = key_node
            result[key] = build(value_node, depth)
        return result


def load_bytes(raw: bytes, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    if len(raw) > limits.max_bytes:
        return LoadResult(
            None, [_bare_finding(file, "SVC004", "size", lang, size=len(raw), limit=limits.max_bytes)]
        )
    text, problem = decode(raw, file, lang)
    if problem is not None:
        return LoadResult(None, [problem])
    return load_text(text, file, lang=lang, limits=limits)


def load_path(path, display: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    raw, problem = read_file(path, display, lang, limits)
    if problem is not None:
        return LoadResult(None, [problem])
    return load_bytes(raw, display, lang=lang, limits=limits)


def peek_top_level(
    path, keys: tuple[str, ...], *, limits: Limits = DEFAULT_LIMITS, unless_absent: tuple[str, ...] = ()
) -> dict[str, tuple[Any, int, int]] | None:
    """The scalar values of some top-level keys, read by parsing only as far as needed.

    For the cross-file pass over files a run does not check (their ids, on a partial
    run): the parser stops as soon as every key in `keys` is seen, so a definition
    whose `svcstd` and `id` come first costs a handful of events, not a full load.
    Values follow `load_text`: the first of repeated keys wins, YAML 1.2 implicit types,
    quoted values stay text. Returns key → (value, line, column) for the keys found
    with a scalar value, or None when the file is not a readable mapping document.

    `unless_absent` (texts): answer {} at once for a UTF-8 file in which none of them
    occurs, written plainly (no escape anywhere): such a file cannot hold one of them as a
    value. A pre-commit run looks for its own ids among thousands of files this way.
    """
    raw, problem = read_file(path, str(path), limits=limits)
    if problem is not None or raw is None or len(raw) > limits.max_bytes:
        return None
    plain_utf8 = b"\\" not in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00"))
    if unless_absent and plain_utf8 and not any(text.encode("utf-8") in raw for text in unless_absent):
        return {}
    plain = peek.peek_plain(raw, keys, _resolve_plain)
    if plain is not None:
        return plain
    text, problem = decode(raw, str(path))
    if problem is not None or text is None:
        return None
    if ("<<<<<<<" in text or ">>>>>>>" in text) and _CONFLICT_MARKER.search(text):
        return None
    wanted = set(keys)
    found: dict[str, tuple[Any, int, int]] = {}
    resolver = Yaml12Resolver()
    parser = _Parser(text)
    try:
        depth = 0  # 1 = inside the top-level mapping
        next_is_key = True
        key: str | None = None
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth == 0 and not isinstance(event, yaml.MappingStartEvent):
                    return None
                depth += 1
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                if depth == 0:
                    break
                if depth == 1:  # a whole collection was a top-level key or value
                    key = None
                    next_is_key = not next_is_key
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                continue  # stream and document boundaries
            if depth == 0:
                return None  # the document is a single value
            if depth != 1:
                continue
            if next_is_key:
                key = event.value if isinstance(event, yaml.ScalarEvent) else None
                next_is_key = False
                continue
            next_is_key = True
            if key in wanted and key not in found and isinstance(event, yaml.ScalarEvent):
                found[key] = (
                    _peeked_value(event, resolver),
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                )
                if len(found) == len(wanted):
                    break
    except yaml.YAMLError:
        return found or None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return found


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


# ---------------------------------------------------------------------------------------
# Where the fast parser's YAML 1.2 verdict overrides libyaml's


def _refused_by_yaml12(careful: LoadResult, verdict: fast_parse.ParseError, text: str, file: str, lang: str) -> LoadResult:
    """The text is not YAML 1.2. A limit libyaml met, a second document, a merge conflict
    are worded as the careful path found them; anything else is a syntax error where the
    YAML 1.2 parser found it (libyaml accepts some invalid texts and misplaces others),
    or the input-method slip that caused it."""
    for finding in careful.findings:
        if finding.code == "SVC004" or _is_message(finding, "SVC001", ("several_documents", "merge_conflict", "empty"), lang):
            return LoadResult(None, careful.findings)
    doc = Document(file=file, text=text, lang=lang)
    slip = punctuation.find(text, verdict.line)
    if slip is not None:
        return LoadResult(None, [_slip_finding(doc, slip)])
    if careful.document is None:
        return careful  # both refuse it: libyaml's words and place, as before
    if "whitespace" in verdict.problem and "\t" in (doc.source_line(verdict.line or 1) or ""):
        return careful  # yaml-rs refuses a tab after `key:`, which YAML 1.2 allows
    return LoadResult(None, [_yaml12_syntax_finding(doc, verdict)])


def _is_message(finding: Finding, code: str, msgs: tuple[str, ...], lang: str) -> bool:
    """Whether `finding` is one of the messages `msgs` of `code` (by the template's text
    before its first placeholder)."""
    if finding.code != code:
        return False
    for msg in msgs:
        template = message(code, msg, lang)
        head = template.split("{", 1)[0]
        if finding.message.startswith(head):
            return True
    return False


def _yaml12_syntax_finding(doc: Document, verdict: fast_parse.ParseError) -> Finding:
    line, column = verdict.line or 1, verdict.column or 1
    source = doc.source_line(line) or ""
    problem = verdict.problem
    # A tab is named only where it is the fault: the parser says so, or it stands in the
    # indentation right where the parser stopped (issue 11 item 10).
    lead = source[: len(source) - len(source.lstrip(" \t"))]
    if "tab" in problem.lower() or ("\t" in lead and column <= len(lead) + 1):
        for row in (line, line + 1, line - 1):
            text = doc.source_line(row) or ""
            indentation = text[: len(text) - len(text.lstrip(" \t"))]
            if "\t" in indentation:
                return doc.finding("SVC001", "tabs", position=(row, indentation.index("\t") + 1))
    return doc.finding("SVC001", "syntax", position=(line, column), problem=localized_problem(problem, doc.lang))


# The parser's words for the common faults, for the Chinese message (which must not carry
# English parser text). Anything not listed is said in general terms.
_PROBLEMS_ZH = (
    # libyaml's words (the careful path)
    ("could not find expected ':'", "找不到应有的冒号（`:`），通常是键后面漏了冒号或用了全角冒号"),
    ("mapping values are not allowed here", "此处不能出现键值对的冒号（`:`），通常是上一行缩进不对或值里的冒号后跟了空格而没有加引号"),
    ("cannot start any token", "此处的字符不能作为 YAML 值的开头（如 `@`、`` ` ``、制表符），请给值加引号"),
    ("unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found undefined alias", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("names no anchor", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("expected <document start>", "缩进不正确，或此处缺少文档开始标记"),
    ("expected ',' or ']'", "方括号中的各项之间缺少逗号，或方括号没有闭合"),
    ("expected ',' or '}'", "花括号中的各项之间缺少逗号，或花括号没有闭合"),
    ("control characters are not allowed", "YAML 不允许使用控制字符"),
    ("special characters are not allowed", "YAML 不允许使用这个特殊字符"),
    # yaml-rs's words (the YAML 1.2 verdict)
    ("mapping values are not allowed", "此处不能出现键值对的冒号（`:`），通常是上一行缩进不对或值里的冒号后跟了空格而没有加引号"),
    ("did not find expected key", "在映射中没有找到应有的键，通常是缩进不一致"),
    ("did not find expected '-'", "在列表中没有找到应有的 `-` 项，通常是缩进不一致"),
    ("unclosed bracket", "方括号或花括号没有闭合"),
    ("quoted scalar", "引号中的文本没有正确结束或换行缩进不对"),
    ("unexpected character", "出现了 YAML 不允许在此处使用的字符"),
    ("unknown anchor", "别名（`*名称`）引用了前面没有定义的锚点（`&名称`）"),
    ("invalid indentation", "缩进不正确"),
    ("document start", "缩进不正确，或此处缺少文档开始标记"),
    ("comment", "注释（`#`）前必须有空格"),
    ("block scalar", "块文本（`|` 或 `>`）的写法或缩进不正确"),
    ("alias", "别名（`*名称`）用法不正确"),
    ("anchor", "锚点（`&名称`）用法不正确"),
    ("tag", "标签用法不正确"),
    ("directive", "指令（`%`）用法不正确"),
)


def localized_problem(problem: str, lang: str) -> str:
    if lang != "zh":
        return problem
    lowered = problem.lower()
    for phrase, words in _PROBLEMS_ZH:
        if phrase in lowered:
            return words
    return "此处的写法不符合 YAML 语法"


def _slip_finding(doc: Document, slip: punctuation.Slip) -> Finding:
    return doc.finding("SVC001", slip.msg, position=(slip.line, slip.column), text=_clip(slip.text))


def _with_input_method_slips(result: LoadResult, doc: Document) -> LoadResult:
    """A slip that still parses (a key `　　name`, `[教育，医疗]` read as one item) is
    reported, and the document is still checked."""
    text = doc.text
    if "\uff1a" not in text and "\u3000" not in text and "\uff0c" not in text:
        return result
    data = doc.data
    slip = None
    if punctuation.FULLWIDTH_COMMA in text and "[" in text and punctuation.comma_in_list_item(data):
        slip = punctuation.find(text)
        if slip is not None and slip.msg != "fullwidth_comma":
            slip = None if not punctuation.in_data(data) else slip
    elif punctuation.in_data(data) or not isinstance(data, dict):
        slip = punctuation.find(text)
    if slip is None:
        return result
    return LoadResult(result.document, [*result.findings, _slip_finding(doc, slip)])


def _NOT_PRINTABLE_FOR_YAML(text: str) -> bool:
    return policies._NOT_PRINTABLE.search(text) is not None


def careful_result_for_limits(text: str, file: str, lang: str, limits: Limits) -> LoadResult:
    """A text beyond libyaml that also breaches a limit: the limit, as the event composer
    words it where it can, else at the top."""
    careful = _load_careful(text, file, lang=lang, limits=limits, composer="events")
    limit = [f for f in careful.findings if f.code == "SVC004"]
    if limit:
        return LoadResult(None, limit)
    doc = Document(file=file, text=text, lang=lang)
    return LoadResult(None, [doc.finding("SVC004", "nodes", position=(1, 1), limit=limits.max_nodes)])


def _keys_as_text(data: Any) -> tuple[Any, bool]:
    """Keys as the careful path keeps them: text (an empty key is ``""``); a collection used
    as a key is dropped and said. Iterative: the data may be deep."""
    complex_key = False

    def key_text(key):
        if key is None:
            return ""
        if key is True or key is False:
            return "true" if key else "false"
        return str(key)

    def convert(value):
        nonlocal complex_key
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if isinstance(key, (tuple, frozenset)) or (not isinstance(key, str) and hasattr(key, "__len__")):
                    complex_key = True
                    continue
                result.setdefault(key if isinstance(key, str) else key_text(key), convert(item))
            return result
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return convert(data), complex_key


def _load_beyond_libyaml(text: str, file: str, lang: str, limits: Limits) -> LoadResult:
    """Valid YAML 1.2 that libyaml refuses: the fast parser's data (the first of repeated
    keys, as the careful path keeps), with tags, repeated keys and documents found on
    tree-sitter's tree, positions from it too."""
    doc = Document(file=file, text=text, lang=lang)
    index = positions.TreeIndex(text)
    doc._tree = index
    starts = index.document_starts()
    if len(starts) > 1:
        return LoadResult(None, [doc.finding("SVC001", "several_documents", position=starts[1])])
    try:
        import yaml_rs

        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.FirstWins,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=limits.max_nodes),
        )
    except Exception as error:  # noqa: BLE001 - the first read accepted it; be safe all the same
        return LoadResult(None, [doc.finding("SVC001", "syntax", position=(1, 1), problem=localized_problem(str(error), lang))])
    if data is None:
        return LoadResult(None, [doc.finding("SVC001", "empty", position=(1, 1))])
    findings = [
        doc.finding(code, msg, position=place, **params) for code, msg, place, params in index.policy_findings()
    ]
    data, complex_key = _keys_as_text(data)
    if complex_key:
        findings.append(doc.finding("SVC001", "complex_key", position=(1, 1), kind="mapping or list"))
    if isinstance(data, dict) and not policies.plain_data_within(data, limits):
        return careful_result_for_limits(text, file, lang, limits)
    doc.data = data
    return _judge(doc, findings)
