"""The careful path: text → nodes → data through libyaml, every policy worded at its position.

It composes the node graph with libyaml: with libyaml's own composer when the text is
provably shallow (`_nesting_bound`), otherwise from parse events with an explicit stack
(`_compose`), so no input can exhaust the C stack. `_Builder` then makes plain data from
the nodes itself, which lets it:

- keep YAML 1.2 meanings (`no`, `on`, `yes` stay strings; dates stay strings),
- report repeated keys (SVC002), which PyYAML would silently collapse,
- refuse tags instead of constructing objects (no code ever runs from a file),
- bound the work (SVC004): nesting depth and node count after alias expansion.

Syntax errors (SVC001) are placed and worded here too, as libyaml reports them.
"""

from __future__ import annotations

import gc
from dataclasses import replace
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

from ..catalogue import phrase
from ..findings import Finding
from . import policies
from .document import _LINE_BREAK, Document, LoadResult
from .limits import DEFAULT_LIMITS, Limits
from .policies import conflict_marker
from .resolver import (
    _KIND_NAMES,
    _MAP,
    _NULL,
    _SCALAR_CONVERTERS,
    _SEQ,
    _STR,
    LIBYAML,
    _EventSource,
)
from .version import _judge
from .wording import _clip, friendly_tag, localized_problem

if LIBYAML:
    from .resolver import _CComposer

class _Stop(Exception):
    """Raised inside the walk when a limit is breached; carries the finding."""

    def __init__(self, finding: Finding):
        self.finding = finding


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


# The composer is libyaml's own only for text whose nesting `_nesting_bound` proves at
# most this deep (why 500: `policies.C_COMPOSER_MAX_NESTING`). This module's name is the
# one read, at each call: tests set it to send every file through the event composer.
_C_COMPOSER_MAX_NESTING = policies.C_COMPOSER_MAX_NESTING


def _nesting_bound(text: str) -> int:
    """`policies.nesting_bound` with this module's threshold (see there)."""
    return policies.nesting_bound(text, _C_COMPOSER_MAX_NESTING)


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
    if match := conflict_marker(text):
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
