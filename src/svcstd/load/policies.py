"""svcstd's policies on top of YAML 1.2, for the fast path.

The fast parser's data is taken as it is only when nothing in it could differ from what
the careful path (`svcstd.loading`, libyaml's composer with svcstd's YAML 1.2 core-schema
resolver) makes of the same text; otherwise that path decides, with positions:

- aliases and characters YAML does not allow: yaml-rs reads `&a [*a]` as `[None]` and
  lets control characters through;
- tags are refused (SVC001), and yaml-rs drops them silently: a text with anything that
  may be a tag goes the careful way;
- numbers: yaml-rs also reads `1_000`, `0b11`, `0X1F` and `+0x1F` as numbers, the YAML 1.2
  core schema does not (they are text): a text with such a form goes the careful way;
- keys are text: a key read as a number, a boolean, null or a collection goes the careful way;
- depth and node count (aliases expanded) within `Limits`.
"""

from __future__ import annotations

import re

from .limits import Limits

# `!` where a node may start: at a line start, after a space or a flow indicator.
_MAYBE_TAG = re.compile(r"(?:^|[\s\[\{,])!", re.MULTILINE)
# Number forms that yaml-rs reads as numbers and the core schema as text.
_NOT_CORE_NUMBER = re.compile(r"[0-9]_|_[0-9]|0[bBXO]|[-+]0[xo]")
_LONG_DIGITS = re.compile(r"[0-9]{4000}")


# Characters YAML 1.2 does not allow in a stream (C0/C1 controls but tab and line
# breaks, surrogates, U+FFFE/U+FFFF): yaml-rs lets some through; libyaml names them.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# `*` where a node may start: an alias. yaml-rs reads a recursive alias (`&a [*a]`) as
# `[None]`; the careful path stops it at the depth limit.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[\{,])\*", re.MULTILINE)


def needs_careful_path(text: str) -> bool:
    """Whether the text holds something the fast parser would read differently."""
    if "!" in text and _MAYBE_TAG.search(text):
        return True
    if "*" in text and _MAYBE_ALIAS.search(text):
        return True
    if _NOT_PRINTABLE.search(text):
        return True
    if _NOT_CORE_NUMBER.search(text) is not None:
        return True
    # A number too long for Python's int (4,300 digits) is SVC001 on the careful path.
    return _LONG_DIGITS.search(text) is not None


def plain_data_within(data: object, limits: Limits) -> bool:
    """Whether every key of `data` is text and it stays within the depth and node limits."""
    max_depth = limits.max_depth
    budget = [limits.max_nodes]

    def walk(node: object, depth: int) -> bool:
        budget[0] -= 1
        if budget[0] < 0 or depth > max_depth:
            return False
        kind = node.__class__
        if kind is dict:
            depth += 1
            if depth > max_depth and node:
                return False
            budget[0] -= len(node)  # keys count as written nodes, as the careful path counts
            for key, value in node.items():  # type: ignore[attr-defined]
                if key.__class__ is not str:
                    return False
                if value.__class__ is str:
                    budget[0] -= 1
                elif not walk(value, depth):
                    return False
            return budget[0] >= 0
        if kind is list:
            depth += 1
            if depth > max_depth and node:
                return False
            for value in node:  # type: ignore[attr-defined]
                if value.__class__ is str:
                    budget[0] -= 1
                elif not walk(value, depth):
                    return False
            return budget[0] >= 0
        return True

    return walk(data, 0)
