"""The loader's entry points: `load_text` (which path a text takes), `load_bytes`,
`load_path` and `peek_top_level`; and every name the package offers (`svcstd.load`
serves them from here, so a test that patches one here changes what the loader does).

PyYAML (some 8 ms to import, and 3 ms more to compile a pattern of its reader) is needed
only on the careful path and by the peek's event fallback; a run over clean files takes
neither. So the names that come from PyYAML's side of the loader (`careful`, `resolver`)
and from `yaml12` are bound here on first use (`_need`), by the functions below when they
take that way and by `__getattr__` when asked from outside: `entry.name` still works, and
a name patched here stays patched, since a bound name is never bound again.
"""

# Names are imported here for `svcstd.load` to offer (its `__all__`), not only for use below;
# those under TYPE_CHECKING are used at run time too, once `_need` has bound them.
# ruff: noqa: F401, TC004

from __future__ import annotations

import codecs
import importlib
import os
import re
from typing import TYPE_CHECKING, Any

from . import (
    codes,
    peek,
    policies,
)
from . import parse as fast_parse
from .document import Document, LoadResult, json_pointer, split_lines
from .limits import DEFAULT_LIMITS, Limits
from .policies import conflict_marker
from .reading import _bare_finding, decode, read_file
from .scalars import _resolve_plain
from .version import CURRENT_FORMAT_VERSION, _judge
from .wording import _is_message, friendly_tag, localized_problem

if TYPE_CHECKING:
    import yaml

    from . import careful as _careful
    from .careful import COMPOSERS, ComposerDeclined, _load_careful, _nesting_bound
    from .resolver import LIBYAML, Yaml12Resolver, _Parser, _peeked_value
    from .yaml12 import (
        _NOT_PRINTABLE_FOR_YAML,
        _load_beyond_libyaml,
        _refused_by_yaml12,
        _with_input_method_slips,
        careful_result_for_limits,
    )

# name -> (module, attribute; None for the module itself), bound by `_need`.
_LAZY: dict[str, tuple[str, str | None]] = {
    "yaml": ("yaml", None),
    "_careful": (".careful", None),
    "COMPOSERS": (".careful", "COMPOSERS"),
    "ComposerDeclined": (".careful", "ComposerDeclined"),
    "_load_careful": (".careful", "_load_careful"),
    "_nesting_bound": (".careful", "_nesting_bound"),
    "LIBYAML": (".resolver", "LIBYAML"),
    "Yaml12Resolver": (".resolver", "Yaml12Resolver"),
    "_Parser": (".resolver", "_Parser"),
    "_peeked_value": (".resolver", "_peeked_value"),
    "_NOT_PRINTABLE_FOR_YAML": (".yaml12", "_NOT_PRINTABLE_FOR_YAML"),
    "_load_beyond_libyaml": (".yaml12", "_load_beyond_libyaml"),
    "_refused_by_yaml12": (".yaml12", "_refused_by_yaml12"),
    "_with_input_method_slips": (".yaml12", "_with_input_method_slips"),
    "careful_result_for_limits": (".yaml12", "careful_result_for_limits"),
}


def _need(*sources: str) -> None:
    """Bind here every name served from `sources` (see `_LAZY`) that is not bound yet; a
    name already bound (earlier, or patched by a test) is left as it is."""
    namespace = globals()
    for name, (source, attribute) in _LAZY.items():
        if source in sources and name not in namespace:
            module = importlib.import_module(source, __package__)
            namespace[name] = module if attribute is None else getattr(module, attribute)


def __getattr__(name: str) -> Any:
    served = _LAZY.get(name)
    if served is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _need(served[0])
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


_LONE_CR = re.compile(r"\r(?!\n)")
_WIDE_MARKS = (codecs.BOM_UTF32_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)


def load_text(
    text: str, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS, composer: str | None = None,
    utf8: bytes | None = None,
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
    `utf8`: the text's own UTF-8 bytes (as read), when the caller has them: the screens
    that every file pays for search them faster than the text.
    """
    # A lone CR is a line break in YAML 1.2, but not to every parser that gives positions:
    # as LF it is the same break at the same offset, so every line and column stays true.
    if "\r" in text:
        text, lone = _LONE_CR.subn("\n", text)
        if lone:
            utf8 = None  # no longer this text's bytes
    if composer is not None:
        _need(".careful")
        return _load_careful(text, file, lang=lang, limits=limits, composer=composer)
    if conflict_marker(text):
        _need(".careful")
        return _load_careful(text, file, lang=lang, limits=limits)
    # yaml-rs recurses without bound on block nesting (a million `- ` crash the process):
    # a text that may nest deeply goes the careful way, whose composer is iterative.
    screened = policies.needs_careful_path(text, utf8) or policies.too_deep_for_the_fast_parser(text, utf8)
    if screened and len(text) > 64 * 1024:
        _need(".careful")
        return _load_careful(text, file, lang=lang, limits=limits)
    verdict: fast_parse.ParseError | None = None
    data: Any = None
    try:
        data = fast_parse.parse_fast(text, limits.max_nodes)
    except fast_parse.ParseError as error:
        # Kept without its traceback: that holds this frame, whose `verdict` holds it, a
        # cycle keeping every calling frame's locals alive until a collection (the whole
        # cross-file pass of a run, when it read a file the fast parser refuses).
        verdict = error.with_traceback(None)
    slips: list | None = [] if any(c in text for c in policies.SLIP_CHARACTERS) else None
    if verdict is None and not screened and data.__class__ is dict and policies.plain_data_within(data, limits, slips):
        doc = Document(file=file, text=text, data=data, lang=lang, utf8=utf8)
        result = _judge(doc, [])
        if not slips:
            return result
        _need(".yaml12")
        return _with_input_method_slips(result, doc)
    _need(".careful", ".yaml12")
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


def load_bytes(
    raw: bytes, file: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS,
    decoded: tuple[str | None, object] | None = None,
) -> LoadResult:
    """`decoded`: what `decode(raw, file, lang)` gave, when the caller has it already
    (the runner decodes every file once to tell a definition from other YAML)."""
    if len(raw) > limits.max_bytes:
        return LoadResult(
            None, [_bare_finding(file, "SVC004", "size", lang, size=len(raw), limit=limits.max_bytes)]
        )
    text, problem = decoded if decoded is not None else decode(raw, file, lang)
    if problem is not None:
        return LoadResult(None, [problem])
    # The bytes are the text's UTF-8 unless they were UTF-16 or UTF-32 (with a mark).
    utf8 = None if raw.startswith(_WIDE_MARKS) else raw
    return load_text(text, file, lang=lang, limits=limits, utf8=utf8)


def load_path(path, display: str, *, lang: str = "en", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    raw, problem = read_file(path, display, lang, limits)
    if problem is not None:
        return LoadResult(None, [problem])
    return load_bytes(raw, display, lang=lang, limits=limits)


# A definition is a few kilobytes: one read of this many bytes takes a whole file (and
# stays below the size at which malloc maps fresh pages for each buffer: 128 KiB).
_PEEK_CHUNK = 32 * 1024


def _peek_bytes(path, limits: Limits) -> bytes | None:
    """A file's bytes for peeking, or None when it cannot be read or is over the size
    limit: what `read_file` answers, without its buffered file object and `fstat` (a
    one-file run in a large repository peeks every other file: 2,000 opens here)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        raw = os.read(handle, _PEEK_CHUNK)
        if len(raw) < _PEEK_CHUNK:
            return raw
        parts = [raw]
        total = len(raw)
        while total <= limits.max_bytes:
            more = os.read(handle, min(_PEEK_CHUNK * 16, limits.max_bytes + 1 - total))
            if not more:
                break
            parts.append(more)
            total += len(more)
        return b"".join(parts) if total <= limits.max_bytes else None
    except OSError:  # a folder, or a read error
        return None
    finally:
        os.close(handle)


def holds_none(raw: bytes, needles: tuple[bytes, ...] | frozenset[bytes]) -> bool:
    """Whether `raw`, plain UTF-8 (no escape anywhere, no other encoding's mark), holds
    none of `needles`: it then cannot hold one of them as a value."""
    return _plain_utf8(raw) and not any(needle in raw for needle in needles)


def _plain_utf8(raw: bytes) -> bool:
    """No escape anywhere, no other encoding's mark: what is written is what is read."""
    return b"\\" not in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00"))


def needles_in(raw: bytes, needles: frozenset[bytes]) -> frozenset[bytes]:
    """Those of `needles` that `raw` may hold: the ones it holds when it is plain UTF-8
    (no escape anywhere, no other encoding's mark), else all of them."""
    if not needles or _plain_utf8(raw):
        return frozenset(needle for needle in needles if needle in raw)
    return needles


def peek_bytes(path, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
    """A file's bytes for a byte screen (`holds_none`), or None when it cannot be read or
    is over the size limit."""
    return _peek_bytes(path, limits)


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
    raw = _peek_bytes(path, limits)
    if raw is None:
        return None
    if unless_absent and holds_none(raw, tuple(text.encode("utf-8") for text in unless_absent)):
        return {}
    plain = peek.peek_plain(raw, keys, _resolve_plain)
    if plain is not None:
        return plain
    text, problem = decode(raw, str(path))
    if problem is not None or text is None:
        return None
    if conflict_marker(text):
        return None
    _need("yaml", ".resolver")  # the event fallback: libyaml's parser
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
