"""What loading gives: `Document` (plain data, the source text, and where each value
stands) and `LoadResult` (the document, or findings saying why there is none).

Positions are not copied into a side table: a finding asks `Document.locate(path)`, which
walks the nodes along the path, or, for a document the fast path read without nodes, asks
`positions`. Valid documents, the common case, never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..catalogue import default_severity, message
from ..findings import Finding
from ..records import record
from . import positions
from .scalars import _STR

# PyYAML's nodes are imported where a document has them (the careful path made them, or a
# caller asked for them): a run over clean files never needs PyYAML (8 ms to import).
if TYPE_CHECKING:
    from yaml.nodes import Node


@record
class Document:
    """A parsed file: plain `data` plus the node tree for positions and source text."""

    file: str
    text: str
    data: Any = None
    lang: str = "en"
    # Rule context from outside the file: its offices registry's `defaults`
    # (`model.RegistryDefaults`), set by the engine; None when there is none.
    defaults: Any = field(default=None, repr=False, compare=False)
    # The UTF-8 bytes the text was decoded from (a byte-order mark kept), when it was
    # loaded as read (None otherwise): a rule that searches the text for words searches
    # them at C speed without encoding the text again.
    utf8: bytes | None = field(default=None, repr=False, compare=False)
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
            from .careful import _nodes_of  # here: the careful path builds on Document

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
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

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
        from yaml.error import Mark
        from yaml.nodes import ScalarNode

        mark = Mark(self.file, 0, line - 1, column - 1, None, None)
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


# What YAML 1.2 counts as a line break, hence what its line numbers count: CR LF, CR, LF.
# NEL, LS and PS were breaks in YAML 1.1 only (1.2 reads them as ordinary characters, and
# so do the parsers that give positions); `str.splitlines` also splits at form feeds.
_LINE_BREAK = re.compile("\r\n|[\r\n]")


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML numbers them (a final line break ends the last line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def json_pointer(path: tuple) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@record
class LoadResult:
    """What loading a file gives: its document when it could be read, and the findings of
    reading it."""

    document: Document | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.document is not None
