"""The official YAML test suite (yaml-test-suite, data branch) through svcstd's loader.

svcstd says it reads YAML 1.2; this is the proof. Every case of
`../shared/data/yaml-test-suite` (SOURCES.md there names the commit):

- an `error` case is refused: SVC001 (or SVC004 where a limit is met first);
- a valid single document that is a mapping loads with no SVC001 and to the data of its
  `in.json`, except the documented cases below;
- a valid stream of several documents gets SVC001 "several documents", a single document
  that is not a mapping SVC001 "not a mapping" (or "empty"), never a syntax message;
- positions: for every valid mapping, the position of every value found without nodes
  (the line scan and tree-sitter's tree) is the one libyaml's composer gives, wherever
  libyaml reads the case to the same data.

Skipped, saying why, where `../shared` is absent; under CI=true that is a failure.
`SVCSTD_SHARED` names another copy of shared/.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SHARED, require
from svcstd import catalogue
from svcstd.load import Document, decode, load_text, positions

SUITE = SHARED / "data" / "yaml-test-suite"

# Valid cases that do not load to their in.json, on purpose, with the reason.
EXCEPTIONS = {
    # svcstd policy: a repeated key is SVC002 (YAML 1.2 forbids it too; the suite's
    # in.json keeps the last value).
    "2JQS": "repeated key (two empty keys): SVC002",
    # svcstd policy: no tags but the core schema's; the data is refused as SVC001 "tag".
}


def _require_suite() -> None:
    require(SUITE.is_dir(), f"the yaml-test-suite is not at {SUITE} (../shared is absent)")


def _documents(path: Path) -> list:
    text = path.read_text("utf-8")
    decoder, index, found = json.JSONDecoder(), 0, []
    while True:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        if index >= len(text):
            return found
        value, index = decoder.raw_decode(text, index)
        found.append(value)


def _cases() -> list[tuple[str, Path]]:
    if not SUITE.is_dir():
        return []
    return sorted(
        (str(folder.relative_to(SUITE)), folder) for folder in SUITE.rglob("*") if (folder / "in.yaml").is_file()
    )


def _load(folder: Path):
    text, problem = decode((folder / "in.yaml").read_bytes(), "in.yaml")
    assert problem is None
    return text, load_text(text, "in.yaml")


def _is(finding, msg: str) -> bool:
    head = catalogue.message("SVC001", msg, "en").split("{", 1)[0]
    return finding.code == "SVC001" and finding.message.startswith(head)


def _has_tag(text: str) -> bool:
    return any(f.code == "SVC001" and "tag" in f.message for f in load_text(text, "x").findings)


def test_every_case_of_the_suite(capsys):
    _require_suite()
    counts = dict.fromkeys(
        ("error refused", "mapping equal to in.json", "mapping without in.json loaded",
         "several documents", "not a mapping", "tags refused", "listed exceptions"), 0,
    )
    failures = []
    for name, folder in _cases():
        _text, result = _load(folder)
        findings = result.findings
        if (folder / "error").exists():
            if result.document is None and any(f.code in ("SVC001", "SVC004") for f in findings):
                counts["error refused"] += 1
            else:
                failures.append((name, "invalid YAML accepted", findings))
            continue
        syntax = [f for f in findings if _is(f, "syntax") or _is(f, "tabs")]
        if syntax:
            failures.append((name, "valid YAML refused as a syntax error", syntax))
            continue
        documents = _documents(folder / "in.json") if (folder / "in.json").exists() else None
        if name.split("/")[0] in EXCEPTIONS:
            counts["listed exceptions"] += 1
            continue
        if any(_is(f, "tag") for f in findings):
            counts["tags refused"] += 1
            continue
        if documents is not None and len(documents) > 1 or any(_is(f, "several_documents") for f in findings):
            if any(_is(f, "several_documents") for f in findings):
                counts["several documents"] += 1
            else:
                failures.append((name, "several documents not named", findings))
            continue
        if result.document is None:
            if any(_is(f, "not_mapping") or _is(f, "empty") or _is(f, "complex_key") for f in findings):
                counts["not a mapping"] += 1
            else:
                failures.append((name, "refused without a documented reason", findings))
            continue
        if documents is None:
            counts["mapping without in.json loaded"] += 1
            continue
        if result.document.data == documents[0]:
            counts["mapping equal to in.json"] += 1
        else:
            failures.append((name, "data differs from in.json", result.document.data, documents[0]))
    with capsys.disabled():
        print("\nyaml-test-suite:", ", ".join(f"{key} {value}" for key, value in counts.items()),
              f"; exceptions: {EXCEPTIONS}")
    assert not failures, "\n".join(map(repr, failures))
    assert counts["error refused"] >= 94 and counts["mapping equal to in.json"] >= 100


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _value_at(data, path):
    for segment in path:
        data = data[segment]
    return data


def test_positions_without_nodes_are_libyamls_positions():
    _require_suite()
    compared = scanned = 0
    for name, folder in _cases():
        if (folder / "error").exists():
            continue
        text, result = _load(folder)
        doc = result.document
        if doc is None or doc.has_nodes:
            continue  # refused, or read by the careful path (it has nodes)
        careful = load_text(text, "in.yaml", composer="events")
        if careful.document is None or careful.document.data != doc.data:
            continue  # libyaml cannot read it, or reads it otherwise: nothing to compare with
        tree = positions.TreeIndex(text)
        for path in _paths(doc.data):
            if _value_at(doc.data, path) is None:
                continue  # an empty value has no text of its own: each parser places it by convention
            for at_key in (False, True):
                expected = careful.document.locate(path, key=at_key)
                value = _value_at(doc.data, path)
                if not at_key and isinstance(value, dict) and len(value) == 1 and path and isinstance(path[-1], int):
                    # `[ key: value ]`: libyaml places the single-pair mapping at its value,
                    # tree-sitter (rightly) at its key.
                    continue
                assert tree.locate(doc.data, path, at_key) == expected, (name, path, at_key)
                scan = positions.scan(text, doc.data, path, at_key)
                if scan is not None:
                    assert scan == expected, (name, path, at_key, "scan")
                    scanned += 1
                compared += 1
    assert compared > 500 and scanned > 100, (compared, scanned)


def test_positions_of_a_document_libyaml_cannot_read():
    # 96NN: a tab inside a block scalar is valid YAML 1.2; libyaml refused it as a tab error.
    text = 'svcstd: "1"\nfoo: |-\n \tbar\nid: [x, y]\nname: {zh: 名称, en: Name}\n'
    result = load_text(text, "f.yaml")
    assert result.document.data["foo"] == "\tbar"
    doc: Document = result.document
    assert doc.locate(("id", 1)) == (4, 9)
    assert doc.locate(("name", "en")) == (5, 20)
    assert doc.locate(("name", "en"), key=True) == (5, 16)
