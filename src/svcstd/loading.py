"""Bytes → `Document` (plain data plus the YAML nodes that know where each value stands).

This is the only place that parses YAML. It composes the node graph with libyaml (the
pure-Python parser only where libyaml is missing), then builds plain data from the nodes
itself, which lets it:

- keep YAML 1.2 meanings (`no`, `on`, `yes` stay strings; dates stay strings),
- report repeated keys, which PyYAML would silently collapse,
- refuse tags instead of constructing objects (no code ever runs from a file),
- bound the work: file size, nesting depth and node count after alias expansion.

Positions are not copied into a side table: a finding asks `Document.locate(path)`, which
walks the nodes along the path. Valid documents, the common case, never pay for it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .catalogue import declare, default_severity, message
from .findings import Finding

try:  # libyaml: an order of magnitude faster; the pure parser is a fallback only.
    from yaml import CParser as _Parser

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    LIBYAML = False


CURRENT_FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost. Each breach is SVC004, never a hang."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000


DEFAULT_LIMITS = Limits()

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
        "starts here with `---`). Keep one service definition per file.",
        "merge_conflict": "Unresolved merge-conflict marker `{marker}`. Finish the merge: "
        "keep the right version of the lines between the markers and delete the markers.",
        "tag": "The tag `{tag}` is not allowed. svcstd reads plain YAML data only; remove "
        "the tag and write the value itself.",
        "complex_key": "A mapping key must be plain text, not a {kind}.",
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
    bad="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n# ...nine more levels",
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
    bad="id: residence-permit\nname: Residence permit\n",
    good="svcstd: \"1\"\nid: residence-permit\nname: Residence permit\n",
    messages={
        "missing": "The format version is missing. Add `svcstd: \"1\"` as the first line.",
        "unknown": "Unknown format version {value}. This svcstd reads version \"1\": write "
        "`svcstd: \"1\"` (a quoted string).",
    },
    family="loading",
)


# ---------------------------------------------------------------------------------------
# YAML 1.2 core schema: the only implicit types. No yes/no/on/off booleans, no sexagesimal
# numbers, no timestamps (dates stay strings and the schema checks their format).


class Yaml12Resolver(BaseResolver):
    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:" + _tag, re.compile(_pattern), list(_first)
    )


class _Composer(_Parser, Yaml12Resolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        Yaml12Resolver.__init__(self)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
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
    root: Node | None = None
    lang: str = "en"
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def source_line(self, line: int) -> str | None:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else None

    def node_at(self, path: tuple) -> tuple[Node | None, Node | None]:
        """The (key node, value node) at `path`; the deepest reachable pair if it breaks off."""
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
        key_node, value_node = self.node_at(path)
        node = key_node if key and key_node is not None else value_node
        if node is None:
            return 1, 1
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

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


def _bare_finding(file: str, code: str, msg: str, lang: str, /, line=1, column=1, source=None, **p):
    return Finding(
        code=code,
        severity=default_severity(code),
        message=message(code, msg, lang, **p),
        file=file,
        line=line,
        column=column,
        source=source,
    )


# ---------------------------------------------------------------------------------------
# Bytes → text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def decode(raw: bytes, file: str, lang: str = "en") -> tuple[str | None, Finding | None]:
    """UTF-8 (BOM optional) or UTF-16/32 with a BOM → text; anything else is SVC003."""
    for bom, encoding, label in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(encoding), None
            except UnicodeDecodeError as exc:
                return None, _bare_finding(
                    file, "SVC003", "bad_utf16" if label != "UTF-8" else "not_utf8", lang,
                    encoding=label, offset=exc.start + len(bom),
                    byte=body[exc.start] if exc.start < len(body) else 0,
                )
    nul = raw.find(b"\x00")
    if nul != -1:
        return None, _bare_finding(file, "SVC003", "binary", lang, offset=nul)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        return None, _bare_finding(
            file, "SVC003", "not_utf8", lang, line=line, column=column,
            offset=exc.start, byte=raw[exc.start],
        )


# ---------------------------------------------------------------------------------------
# Text → nodes → data

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def _syntax_finding(exc: yaml.YAMLError, doc: Document) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "expected a single document" in problem:
        msg = "several_documents"
    elif "'\\t'" in problem or "tab" in problem.lower():
        msg = "tabs"
    else:
        msg = "syntax"
        context = getattr(exc, "context", None)
        if context:
            problem = f"{problem} ({context})"
    return doc.finding("SVC001", msg, position=(line, column), problem=problem)


def load_text(text: str, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    doc = Document(file=file, text=text, lang=lang)
    if ("<<<<<<<" in text or ">>>>>>>" in text) and (match := _CONFLICT_MARKER.search(text)):
        line = text.count("\n", 0, match.start()) + 1
        return LoadResult(
            None, [doc.finding("SVC001", "merge_conflict", position=(line, 1), marker=match.group(1))]
        )
    try:
        parser = _Composer(text)
        try:
            root = parser.get_single_node()
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose:
                dispose()
    except yaml.YAMLError as exc:
        return LoadResult(None, [_syntax_finding(exc, doc)])
    except RecursionError:
        return LoadResult(
            None, [doc.finding("SVC004", "depth", position=(1, 1), limit=limits.max_depth)]
        )
    if root is None:
        return LoadResult(None, [doc.finding("SVC001", "empty", position=(1, 1))])
    doc.root = root
    findings: list[Finding] = []
    try:
        doc.data = _Builder(doc, limits, findings).build(root)
    except _Stop as stop:
        return LoadResult(None, [*findings, stop.finding])
    if not isinstance(doc.data, dict):
        kind = "list" if isinstance(doc.data, list) else "single value"
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
    if "svcstd" not in doc.data:
        return doc.finding("SVC005", "missing")
    value = doc.data["svcstd"]
    if value != CURRENT_FORMAT_VERSION:
        _, node = doc.node_at(("svcstd",))
        shown = node.value if isinstance(node, ScalarNode) else repr(value)
        return doc.finding("SVC005", "unknown", ("svcstd",), value=shown)
    return None


class _Builder:
    """Walks the composed nodes into plain data, enforcing the limits as it goes."""

    def __init__(self, doc: Document, limits: Limits, findings: list[Finding]):
        self.doc = doc
        self.limits = limits
        self.findings = findings
        self.count = 0

    def _stop(self, node: Node, msg: str, **params) -> _Stop:
        mark = node.start_mark
        return _Stop(self.doc.finding("SVC004", msg, position=(mark.line + 1, mark.column + 1), **params))

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self._stop(node, "nodes", limit=self.limits.max_nodes)
        if depth > self.limits.max_depth:
            raise self._stop(node, "depth", limit=self.limits.max_depth)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, MappingNode):
            self._check_tag(node, _MAP)
            return self._mapping(node, depth)
        self._check_tag(node, _SEQ)
        return [self.build(item, depth + 1) for item in node.value]

    def _mark(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self.findings.append(self.doc.finding("SVC001", "tag", position=self._mark(node), tag=node.tag))

    def _scalar(self, node: ScalarNode) -> Any:
        convert = _SCALAR_CONVERTERS.get(node.tag)
        if convert is None:
            self.findings.append(self.doc.finding("SVC001", "tag", position=self._mark(node), tag=node.tag))
            return node.value
        try:
            return convert(node.value)
        except ValueError as exc:
            self.findings.append(
                self.doc.finding(
                    "SVC001", "bad_scalar", position=self._mark(node),
                    value=node.value, kind=_KIND_NAMES.get(node.tag, node.tag), reason=exc,
                )
            )
            return node.value

    def _mapping(self, node: MappingNode, depth: int) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                kind = "list" if isinstance(key_node, SequenceNode) else "mapping"
                self.findings.append(
                    self.doc.finding("SVC001", "complex_key", position=self._mark(key_node), kind=kind)
                )
                continue
            key = key_node.value
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.findings.append(
                    self.doc.finding("SVC002", "duplicate", position=self._mark(key_node), key=key, line=line)
                )
                # Still walk the repeated value so its own problems and limits count.
                self.build(value_node, depth + 1)
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1)
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


def read_file(path, display: str, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> tuple[bytes | None, Finding | None]:
    """Read a file's bytes, or explain in SVC003/SVC004 terms why not."""
    import os

    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                return None, _bare_finding(display, "SVC004", "size", lang, size=size, limit=limits.max_bytes)
            # Read one byte past the limit: a file growing under us is still bounded.
            return handle.read(limits.max_bytes + 1), None
    except FileNotFoundError:
        return None, _bare_finding(display, "SVC003", "missing", lang)
    except IsADirectoryError:
        return None, _bare_finding(display, "SVC003", "is_directory", lang)
    except PermissionError:
        return None, _bare_finding(display, "SVC003", "permission", lang)
    except OSError as exc:
        return None, _bare_finding(display, "SVC003", "os_error", lang, reason=exc.strerror or exc)


def load_path(path, display: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    raw, problem = read_file(path, display, lang, limits)
    if problem is not None:
        return LoadResult(None, [problem])
    return load_bytes(raw, display, lang=lang, limits=limits)
