"""Full-width punctuation typed by a Chinese input method where YAML needs ASCII
(issue 11 item 9): `：` (U+FF1A) after a key, `　` (U+3000) in indentation, `，` (U+FF0C)
between the items of a flow collection.

YAML reads each of them as ordinary text, so the parser either fails a line later
(`could not find expected ':'`) or, worse, succeeds with a key named `status： active`.
`find` names the character and where it is; the loader asks only when the parse failed,
or when the data holds what such a slip makes (a key or value with one of them).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

FULLWIDTH_COLON = "\uff1a"
IDEOGRAPHIC_SPACE = "\u3000"
FULLWIDTH_COMMA = "\uff0c"

# The patterns are compiled on first use (`_compiled`): the first alone costs over a
# millisecond to compile, and a run over clean files never looks for a slip.
_PATTERNS = {
    # A key then `：` where the line's `:` should be: indentation, an optional `- `, a key
    # with no colon of either kind in it, then `：` and a space, the end of the line or a value.
    "fullwidth_colon": (r"^[ \t]*(?:-[ \t]+)*([^\s:#'\"\[\]{}：][^:：#]*?)[ \t]*：", re.MULTILINE),
    # Indentation holding an ideographic space.
    "ideographic_space": (r"^[ \t]*\u3000", re.MULTILINE),
    # A one-line flow collection, unquoted, with `，` and no `,` inside.
    "fullwidth_comma": (r"([\[{])([^\[\]{}\"'#,\n]*，[^\[\]{}\"'#,\n]*)([\]}])", 0),
}


@functools.cache
def _compiled(name: str) -> re.Pattern:
    source, flags = _PATTERNS[name]
    return re.compile(source, flags)


class Slip(NamedTuple):
    msg: str  # the SVC001 message: fullwidth_colon, ideographic_space, fullwidth_comma
    line: int
    column: int
    text: str  # the key, or the flow collection's content, as written


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def find(text: str, near_line: int | None = None) -> Slip | None:
    """The input-method slip closest before `near_line` (the parser's error line), or
    the first one; None when the text has none."""
    if FULLWIDTH_COLON not in text and IDEOGRAPHIC_SPACE not in text and FULLWIDTH_COMMA not in text:
        return None
    slips: list[Slip] = []
    if IDEOGRAPHIC_SPACE in text:
        for match in _compiled("ideographic_space").finditer(text):
            index = match.end() - 1
            slips.append(Slip("ideographic_space", *_position(text, index), ""))
    if FULLWIDTH_COLON in text:
        for match in _compiled("fullwidth_colon").finditer(text):
            index = match.end() - 1
            slips.append(Slip("fullwidth_colon", *_position(text, index), match.group(1).strip(IDEOGRAPHIC_SPACE + " ")))
    if FULLWIDTH_COMMA in text:
        for match in _compiled("fullwidth_comma").finditer(text):
            index = match.start(2) + match.group(2).index(FULLWIDTH_COMMA)
            slips.append(Slip("fullwidth_comma", *_position(text, index), match.group(2).strip()))
    if not slips:
        return None
    slips.sort(key=lambda slip: (slip.line, slip.column))
    if near_line is not None:
        before = [slip for slip in slips if slip.line <= near_line]
        if before:
            return before[-1]
    return slips[0]


def in_data(data: object) -> bool:
    """Whether parsed data holds a key with one of the characters, or a flow collection's
    item with `，` (what a slip that still parses makes)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and (FULLWIDTH_COLON in key or IDEOGRAPHIC_SPACE in key):
                    return True
                if isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            for value in node:
                if isinstance(value, (dict, list)):
                    stack.append(value)
    return False


def comma_in_list_item(data: object) -> bool:
    """Whether a list holds a text with `，` (what `[a，b]` makes); Chinese prose uses `，`
    everywhere else, so only this is worth a look at the text."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            for value in node:
                if isinstance(value, str) and FULLWIDTH_COMMA in value:
                    return True
                if isinstance(value, (dict, list)):
                    stack.append(value)
    return False
