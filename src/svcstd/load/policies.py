"""svcstd's policies on top of YAML 1.2, for the fast path.

The fast parser's data is taken as it is only when nothing in it could differ from what
the careful path (`load.careful`, libyaml's composer with svcstd's YAML 1.2 core-schema
resolver) makes of the same text; otherwise that path decides, with positions:

- aliases and characters YAML does not allow: yaml-rs reads `&a [*a]` as `[None]` and
  lets control characters through;
- tags are refused (SVC001), and yaml-rs drops them silently: a text with anything that
  may be a tag goes the careful way;
- numbers: yaml-rs also reads `1_000`, `0b11`, `0X1F` and `+0x1F` as numbers, the YAML 1.2
  core schema does not (they are text): a text with such a form goes the careful way;
- keys are text: a key read as a number, a boolean, null or a collection goes the careful way;
- depth and node count (aliases expanded) within `Limits`;
- nesting: yaml-rs recurses without bound on block nesting, so a text that may nest deeper
  than `C_COMPOSER_MAX_NESTING` (`nesting_bound`) goes the careful way, whose event
  composer is iterative;
- a merge-conflict marker (`conflict_marker`) is worded by the careful path.

Nothing here imports PyYAML: every file pays for these screens, and a clean run never
needs the careful path.
"""

from __future__ import annotations

import re

from .limits import Limits

# Characters YAML 1.2 does not allow in a stream (C0/C1 controls but tab and line
# breaks, surrogates, U+FFFE/U+FFFF): yaml-rs lets some through; libyaml names them.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# The same characters in UTF-8 bytes: C0 controls and DEL are single bytes; C1 controls
# (but NEL, U+0085) are \xc2 followed by \x80-\x9f; a surrogate cannot be decoded from
# UTF-8 at all. Deleting the single bytes at C speed and comparing lengths takes a fifth of
# the time of the pattern above, which tests each character against a class.
_C0_CONTROLS = bytes(byte for byte in range(32) if byte not in (9, 10, 13)) + b"\x7f"
_C1_CONTROL = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")


def not_printable(text: str, utf8: bytes | None = None) -> bool:
    """Whether `text` holds a character YAML 1.2 does not allow (`_NOT_PRINTABLE`).
    `utf8`: the text's own UTF-8 bytes (a byte-order mark allowed), when the caller has
    them: then they are searched instead, for the same answer."""
    if utf8 is None:
        return _NOT_PRINTABLE.search(text) is not None
    return (
        len(utf8.translate(None, _C0_CONTROLS)) != len(utf8)
        or (b"\xc2" in utf8 and _C1_CONTROL.search(utf8) is not None)
        or "\ufffe" in text
        or "\uffff" in text
    )


# What may stand right before a node's first character.
_NODE_START_AFTER = " \t\r\n[{,"
# Where a plain scalar ends, for finding the whole token around a suspicious number.
_TOKEN_END = " \t\r\n[]{},#:'\""
_NUMBER_LIKE = re.compile(r"[-+]?[0-9_.][0-9a-zA-Z_.+-]*")
# Number forms that yaml-rs reads as numbers and the core schema as text.
# `_` then a digit, or `_` ending a token: every underscore a number form can hold
# (`1_000`, `_1`, `1_`). Led by a literal, so the regex engine skips ahead quickly; one
# pattern for both, so that the text's underscores (30 in a definition, in its keys) are
# visited once (7.0 → 4.1 us a definition).
_NUMBER_UNDERSCORE = re.compile(r"_(?:[0-9]|(?=[\s,\]}#]|$))")
# Python refuses to turn more than 4,300 digits into an int; the careful path says SVC001.
HUGE_INT = 10**4000
# Prefixes the core schema does not know: binary, capital X/O, a sign before 0x/0o.
_PREFIXED_NUMBER = re.compile(r"0(?:[bBXO]|(?<=[-+]0)[xo])")


def _at_node_start(text: str, character: str) -> bool:
    """Whether `character` stands where a node may start (line start, after a space or a
    flow indicator). str.find, not a regex: a definition rarely holds the character."""
    index = text.find(character)
    while index != -1:
        if index == 0 or text[index - 1] in _NODE_START_AFTER:
            return True
        index = text.find(character, index + 1)
    return False


def _non_core_number(text: str) -> bool:
    """A whole plain scalar such as `1_000`, `0b11`, `0X1F` or `+0x1F` (an underscore in a
    URL or an id is not one). The searches are led by a literal where they can be: a
    regex with a character class first costs several times more on a 7 KB text."""
    candidates = [(match.start(), False) for match in _NUMBER_UNDERSCORE.finditer(text)]
    candidates.extend((match.start(), True) for match in _PREFIXED_NUMBER.finditer(text))
    for index, prefixed in candidates:
        start, end = index, index + 1
        while start > 0 and text[start - 1] not in _TOKEN_END:
            start -= 1
        if start > 0 and text[start - 1] in "'\"":
            continue  # quoted (a credit code "…180XT"): text whatever it holds
        if prefixed and index - start > (1 if text[start] in "+-" else 0):
            continue  # a prefix inside a token (…0X…) makes no number: only a leading one does
        while end < len(text) and text[end] not in _TOKEN_END:
            end += 1
        if _NUMBER_LIKE.fullmatch(text, start, end):
            return True
    return False


def needs_careful_path(text: str, utf8: bytes | None = None) -> bool:
    """Whether the text holds something the fast parser would read differently:
    a tag, an alias, a character YAML does not allow, or a number form outside the core
    schema. (A number too long for Python's int is caught in the data walk.) `utf8`: the
    text's own UTF-8 bytes, when the caller has them (`not_printable`)."""
    if "!" in text and _at_node_start(text, "!"):
        return True
    if "*" in text and _at_node_start(text, "*"):
        return True
    if not_printable(text, utf8):
        return True
    return _non_core_number(text)


# A line left by a merge conflict: `<<<<<<<`, `=======`, `>>>>>>>` or `|||||||`.
_CONFLICT_MARKER = r"^(<{7}|={7}|>{7}|\|{7})(?:[ \t]|\r?$)"


def conflict_marker(text: str) -> re.Match | None:
    """The first merge-conflict line of `text`, if any (the pattern is compiled when a
    file first holds seven `<` or `>` in a row: hardly ever). A text without `<` and `>`
    is known to hold none after two one-character searches, C's fast scan (0.2 against
    4.9 us for the two seven-character searches in a definition)."""
    if ("<" not in text or "<<<<<<<" not in text) and (">" not in text or ">>>>>>>" not in text):
        return None
    return re.search(_CONFLICT_MARKER, text, re.MULTILINE)

# libyaml's composer takes some 300 bytes of C stack per nesting level: 1,000 levels
# crash a thread of 256 KB, 25,000 the 8 MB main thread. 500 levels fit any thread's stack
# (macOS gives threads 512 KB) and are ten times what a definition needs: a 7 KB one
# counts 200-500 opening characters, and larger ones have a shallow line lead. The same
# bound spares yaml-rs (which recurses without bound) deep texts. `careful` keeps its own
# copy of the threshold, which tests lower to send every file to the event composer.
C_COMPOSER_MAX_NESTING = 500

# What may stand before a block collection on its line: indentation, and the block
# indicators (`-`, `?`, `:`) of the collections it is nested in, or a byte-order mark
# (libyaml skips one at the start of any line).
_LEAD_CHARACTERS = " \t\ufeff?:-"


def nesting_bound(text: str, shallow: int, utf8: bytes | None = None) -> int:
    """An upper bound on how deep the nodes of `text` nest, found at C speed; exact
    enough to tell whether it exceeds `shallow` (beyond that, any number above it).

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

    `utf8`: the text's own UTF-8 bytes, when the caller has them. The opening characters
    are ASCII, never part of another character's bytes, so they are counted there: one
    deletion at C speed instead of five counts.
    """
    if utf8 is not None:
        openers = len(utf8) - len(utf8.translate(None, b"[{-:?")) + 1
        if openers <= shallow:
            return openers
        flow = len(utf8) - len(utf8.translate(None, b"[{"))
    else:
        flow = text.count("[") + text.count("{")
        openers = flow + text.count("-") + text.count(":") + text.count("?") + 1
    if openers <= shallow or 2 * flow >= shallow:
        return openers
    # A lead longer than this already exceeds the bound, so no longer one needs measuring.
    cap = shallow // 2 + 1
    deepest_lead = max(
        (len(head) - len(head.lstrip(_LEAD_CHARACTERS)) for head in (line[:cap] for line in text.splitlines())),
        default=0,
    )
    return min(openers, 2 * (deepest_lead + 1) + 2 * flow + 1)


def too_deep_for_the_fast_parser(text: str, utf8: bytes | None = None) -> bool:
    """Whether `text` may nest deeper than yaml-rs can safely recurse."""
    shallow = C_COMPOSER_MAX_NESTING  # read at each call, as `careful` reads its own
    return nesting_bound(text, shallow, utf8) > shallow


SLIP_CHARACTERS = ("\uff1a", "\u3000", "\uff0c")


def plain_data_within(data: object, limits: Limits, slips: list | None = None) -> bool:
    """Whether every key of `data` is text and it stays within the depth and node limits.

    With `slips` (a list), also notes whether an input-method slip that still parses may
    be there (`load.punctuation`): a key holding `：` or `　`, a list item holding `，`.
    One walk for both: this runs on every file.
    """
    max_depth = limits.max_depth
    budget = limits.max_nodes
    look = slips is not None
    colon, space, comma = SLIP_CHARACTERS
    # Each entry: (container, its depth). Iterative: a list's own loop is the hot one.
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if node.__class__ is dict:
            if not node:
                continue
            depth += 1
            if depth > max_depth:
                return False
            budget -= 2 * len(node)
            if budget < 0:
                return False
            for key, value in node.items():
                if key.__class__ is not str:
                    return False
                if look and (colon in key or space in key):
                    slips.append(key)
                kind = value.__class__
                if kind is dict or kind is list:
                    budget += 1  # counted again when popped
                    stack.append((value, depth))
                elif kind is int and not -HUGE_INT < value < HUGE_INT:
                    return False
        elif node.__class__ is list:
            if not node:
                continue
            depth += 1
            if depth > max_depth:
                return False
            budget -= len(node)
            if budget < 0:
                return False
            for value in node:
                kind = value.__class__
                if kind is dict or kind is list:
                    budget += 1
                    stack.append((value, depth))
                elif look and kind is str and comma in value:
                    slips.append(value)
                elif kind is int and not -HUGE_INT < value < HUGE_INT:
                    return False
    return budget >= 0
