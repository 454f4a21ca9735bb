#!/usr/bin/env python3
"""Writes the hostile-input corpus next to this script (run it after changing CORPUS).

    python tests/hostile/make_corpus.py

Each file is named for what svcstd must report: `SVC004-alias-bomb.yaml` must yield an
SVC004 finding; `clean-*.yaml` must yield no finding at all (an odd but valid file).
tests/test_hostile.py checks every file here on every run, and checks that this script
still produces exactly the committed bytes.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINIMAL = (HERE.parent / "data" / "minimal.yaml").read_text("utf-8")


def _alias_bomb() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _deep_block(levels: int) -> str:
    return "".join(" " * level + f"k{level}:\n" for level in range(levels)) + " " * levels + "leaf\n"


def _with(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


CORPUS: dict[str, bytes | str] = {
    # Limits
    "SVC004-alias-bomb.yaml": _alias_bomb(),
    "SVC004-alias-fanout.yaml": "row: &row [" + ", ".join(["x"] * 400) + "]\n"
    "table: [" + ", ".join(["*row"] * 400) + "]\n",
    "SVC004-recursive-alias.yaml": "loop: &loop [*loop]\n",
    "SVC004-deep-flow-nesting.yaml": "svcstd: \"1\"\nid: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "SVC004-deep-flow-unclosed.yaml": "{a: " * 5_000 + "\n",
    "SVC004-deep-block-nesting.yaml": _deep_block(150),
    "SVC004-deep-compact-sequences.yaml": "- " * 100 + "x\n",
    # Encodings and odd bytes
    "SVC003-binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
    "SVC003-invalid-utf8.yaml": MINIMAL.encode("utf-8").replace(b"type: benefit", b"type: benefit\xff\xfe"),
    "SVC003-gbk.yaml": _with("{zh: 最低测试服务", "{zh: 最低测试服务").encode("gbk"),
    "SVC003-utf16-broken.yaml": codecs.BOM_UTF16_LE + "svcstd: \"1\"\n".encode("utf-16-le") + b"\x00\xd8\x41",
    "clean-utf8-bom.yaml": codecs.BOM_UTF8 + MINIMAL.encode("utf-8"),
    "clean-utf16le-bom.yaml": codecs.BOM_UTF16_LE + MINIMAL.encode("utf-16-le"),
    "clean-utf16be-bom.yaml": codecs.BOM_UTF16_BE + MINIMAL.encode("utf-16-be"),
    "clean-utf32le-bom.yaml": codecs.BOM_UTF32_LE + MINIMAL.encode("utf-32-le"),
    "clean-crlf.yaml": MINIMAL.replace("\n", "\r\n").encode("utf-8"),
    "clean-long-line.yaml": _with("fees: {charged: false}", "fees: {charged: false}\nx-notes: \"" + "长" * 20_000 + "\""),
    "clean-unicode-line-separators.yaml": _with("contact:", "x-note: \"a\u2028b\u2029c\x85d\"\ncontact:"),
    # Not one definition
    "SVC001-empty.yaml": "",
    "SVC001-only-comments.yaml": "# A definition will go here.\n# TODO\n",
    "SVC001-only-document-marker.yaml": "---\n",
    "SVC001-several-documents.yaml": MINIMAL + "---\n" + MINIMAL,
    "SVC001-several-documents-after-end-marker.yaml": MINIMAL + "...\nsvcstd: \"1\"\n",
    "SVC001-merge-conflict.yaml": _with(
        "type: benefit\n", "<<<<<<< HEAD\ntype: benefit\n=======\ntype: licensing\n>>>>>>> feature/licensing\n"
    ),
    "SVC001-merge-conflict-crlf.yaml": _with(
        "type: benefit\n", "<<<<<<<\ntype: benefit\n=======\ntype: licensing\n>>>>>>>\n"
    ).replace("\n", "\r\n").encode("utf-8"),
    "SVC001-tab-indentation.yaml": _with("  kind: commitment", "\tkind: commitment"),
    "SVC001-tab-indentation-nested.yaml": _with("    article: Article 9", "  \tarticle: Article 9"),
    "SVC001-not-a-mapping.yaml": "- svcstd: \"1\"\n- id: minimal-benefit\n",
    "SVC001-truncated-inside-braces.yaml": MINIMAL[: MINIMAL.index("contact:") + 14],
    "SVC101-truncated-between-elements.yaml": MINIMAL[: MINIMAL.index("contact:")],
    "SVC001-unclosed-quote.yaml": _with("contact: {enquiry: \"12345\"", "contact: {enquiry: \"12345"),
    "SVC001-undefined-alias.yaml": _with("audience: [natural_person]", "audience: *people"),
    "SVC001-control-character.yaml": _with("Lives in the city", "Lives in\x07the city"),
    "SVC001-huge-integer.yaml": _with("fees: {charged: false}", "fees: {charged: false}\nx-count: " + "9" * 5_000),
    # Tags: refused, never constructed
    "SVC001-python-object-tag.yaml": _with(
        "fees: {charged: false}", "fees: {charged: false}\nx-run: !!python/object/apply:os.system [\"echo pwned\"]"
    ),
    "SVC001-python-name-tag.yaml": _with("type: benefit", "type: !!python/name:os.system benefit"),
    "SVC001-include-tag.yaml": _with("description: {zh:", "description: !include ../secrets.yaml\nx-was: {zh:"),
    "SVC001-binary-tag.yaml": _with("fees: {charged: false}", "fees: {charged: false}\nx-blob: !!binary aGVsbG8="),
    # Data that reaches the rules in odd shapes
    "SVC102-infinite-deadline.yaml": _with("committed: {value: 10,", "committed: {value: .inf,"),
    "SVC102-nan-deadline.yaml": _with("deadline: {value: 2,", "deadline: {value: .nan,"),
    "SVC102-steps-is-a-string.yaml": MINIMAL[: MINIMAL.index("steps:")] + "steps: see the office\n"
    + MINIMAL[MINIMAL.index("data_collected:"):],
    "SVC104-merge-key.yaml": _with("deadlines:\n", "x-base: &base {kind: commitment}\ndeadlines:\n  <<: *base\n"),
    "SVC104-zero-width-space-in-key.yaml": _with("description:", "descr\u200biption:"),
    "SVC002-duplicate-key-crlf.yaml": _with("status: active\n", "status: active\nstatus: draft\n").replace("\n", "\r\n"),
}


def main() -> None:
    for old in HERE.glob("*.y*ml"):
        old.unlink()
    for name, content in CORPUS.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
    print(f"wrote {len(CORPUS)} files to {HERE}")


if __name__ == "__main__":
    main()
