"""The loader: bytes → data with positions, and the SVC001–SVC005 findings it makes."""

from __future__ import annotations

import codecs
import os

import pytest

from svcstd.load import Limits, load_bytes


def codes_at(raw: bytes, **kwargs) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in load_bytes(raw, "f.yaml", **kwargs).findings]


def data_of(text: str):
    result = load_bytes(text.encode(), "f.yaml")
    assert result.document is not None, result.findings
    return result.document.data


# One line per case: (file bytes, expected findings as (code, line, column)).
CASES = [
    (b'svcstd: "1"\nid: [a, b\n', [("SVC001", 3, 1)]),
    (b"", [("SVC001", 1, 1)]),
    (b"# only a comment\n", [("SVC001", 1, 1)]),
    (b"- a list\n- not a mapping\n", [("SVC001", 1, 1)]),
    (b'svcstd: "1"\nid: a\n---\nid: b\n', [("SVC001", 3, 1)]),
    (b'svcstd: "1"\nsteps:\n\t- id: x\n', [("SVC001", 3, 1)]),
    (b'svcstd: "1"\nx: !!python/object:os.system {}\n', [("SVC001", 2, 4)]),
    (b'svcstd: "1"\nx: !include other.yaml\n', [("SVC001", 2, 4)]),
    (b'svcstd: "1"\n<<<<<<< HEAD\nid: a\n=======\nid: b\n>>>>>>> branch\n', [("SVC001", 2, 1)]),
    (b'svcstd: "1"\nid: a\nname: x\nid: b\n', [("SVC002", 4, 1)]),
    (b'svcstd: "1"\nsteps:\n  - id: a\n    name: x\n    name: y\n', [("SVC002", 5, 5)]),
    (b'svcstd: "1"\nid: caf\xc3\x28\n', [("SVC003", 2, 8)]),
    (b'svcstd: "1"\x00\x01\x02', [("SVC003", 1, 1)]),
    (b"id: no-version\n", [("SVC005", 1, 1)]),
    (b'svcstd: "2"\nid: x\n', [("SVC005", 1, 9)]),
    (b"svcstd: 1\nid: x\n", [("SVC005", 1, 9)]),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_loader_findings(raw, expected):
    assert codes_at(raw) == expected


def test_unreadable_file_reports_svc003(tmp_path):
    from svcstd.load import load_path

    missing = load_path(tmp_path / "gone.yaml", "gone.yaml")
    assert [f.code for f in missing.findings] == ["SVC003"]
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    assert [f.code for f in load_path(folder, "x.yaml").findings] == ["SVC003"]


def test_read_file_takes_the_whole_file_and_stays_bounded(tmp_path):
    from svcstd.load import read_file

    body = "svcstd: '1'\nname: 居住证\n".encode() * 500
    (tmp_path / "a.yaml").write_bytes(body)
    assert read_file(tmp_path / "a.yaml", "a.yaml") == (body, None)
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert read_file(tmp_path / "empty.yaml", "empty.yaml") == (b"", None)
    raw, problem = read_file(tmp_path / "a.yaml", "a.yaml", limits=Limits(max_bytes=100))
    assert raw is None and (problem.code, problem.file) == ("SVC004", "a.yaml")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc")
def test_read_file_reads_on_past_the_size_the_system_gives():
    # /proc files say they are empty and are not: as a file that grew after its stat.
    from svcstd.load import read_file

    raw, problem = read_file("/proc/self/status", "status")
    assert problem is None and b"Name:" in raw and len(raw) > 100
    raw, _ = read_file("/proc/self/status", "status", limits=Limits(max_bytes=10))
    assert len(raw) == 11  # one byte past the limit: load_bytes then says SVC004
    assert [f.code for f in load_bytes(raw, "status", limits=Limits(max_bytes=10)).findings] == ["SVC004"]


def test_resource_limits_report_svc004():
    bomb = [b'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        previous, current = chr(96 + level), chr(97 + level)
        bomb.append(f"{current}: &{current} [{', '.join(['*' + previous] * 9)}]".encode())
    assert [c for c, *_ in codes_at(b"\n".join(bomb))] == ["SVC004"]
    deep = b"a: " + b"[" * 200 + b"]" * 200
    assert [c for c, *_ in codes_at(deep)] == ["SVC004"]
    assert [c for c, *_ in codes_at(b"a: 1\n" * 100, limits=Limits(max_bytes=50))] == ["SVC004"]


def test_yaml_1_1_traps_stay_strings():
    data = data_of('svcstd: "1"\na: no\nb: yes\nc: on\nd: off\ne: 2026-01-01\nf: 1:30\ng: true\nh: False\n')
    assert data == {
        "svcstd": "1", "a": "no", "b": "yes", "c": "on", "d": "off",
        "e": "2026-01-01", "f": "1:30", "g": True, "h": False,
    }


def test_numbers_and_nulls_follow_yaml_1_2():
    data = data_of('svcstd: "1"\na: 012\nb: 0x1F\nc: 1.5\nd: ~\ne:\nf: .inf\n')
    assert data == {"svcstd": "1", "a": 12, "b": 31, "c": 1.5, "d": None, "e": None, "f": float("inf")}


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks_are_decoded(bom, encoding):
    raw = bom + 'svcstd: "1"\nname: 居住证\n'.encode(encoding)
    result = load_bytes(raw, "f.yaml")
    assert result.findings == []
    assert result.document.data["name"] == "居住证"


def test_crlf_positions_are_right():
    result = load_bytes(b'svcstd: "1"\r\nid: a\r\nid: b\r\n', "f.yaml")
    assert [(f.code, f.line, f.column) for f in result.findings] == [("SVC002", 3, 1)]


def test_positions_of_values_and_keys():
    result = load_bytes('svcstd: "1"\nname: {zh: 居住证, en: Permit}\nsteps:\n  - id: a\n    deadline: 5\n'.encode(), "f.yaml")
    doc = result.document
    assert doc.locate(("name", "en")) == (2, 21)  # characters, not bytes
    assert doc.locate(("steps", 0, "deadline")) == (5, 15)
    assert doc.locate(("steps", 0, "deadline"), key=True) == (5, 5)
    # A path that breaks off resolves to the deepest node that exists.
    assert doc.locate(("steps", 0, "missing")) == (4, 5)


def test_findings_carry_their_source_line():
    [finding] = load_bytes(b'svcstd: "1"\nid: a\nid: b\n', "f.yaml").findings
    assert finding.source == "id: b"
    assert "first at line 2" in finding.message


# --------------------------------------------------------------------------------------
# YAML 1.2 by the fast parser's verdict, and issue 11 items 9 and 10

HEAD = 'svcstd: "1"\nid: residence-permit\n'


@pytest.mark.parametrize(
    ("text", "expected_data"),
    [
        # 96NN: a tab inside a block scalar is text, not indentation (libyaml refused it).
        (HEAD + "x-note: |-\n \tbar\n", "\tbar"),
        # Y2GN: an anchor may contain a colon (libyaml read `chor value`).
        (HEAD + "x-note: &an:chor value\n", "value"),
        # A tab as separation after the colon is allowed too.
        (HEAD + "x-note:\tvalue\n", "value"),
    ],
    ids=["96NN tab in block scalar", "Y2GN anchor with colon", "tab after colon"],
)
def test_valid_yaml_1_2_that_libyaml_refused_loads(text, expected_data):
    result = load_bytes(text.encode(), "f.yaml")
    assert [f for f in result.findings if f.code == "SVC001"] == []
    assert result.document.data["x-note"] == expected_data


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (HEAD + "x-a: [1, 2]]\n", 3, 12),  # 9C9N-like: libyaml accepted a stray bracket
        (HEAD + "x-a: 'unterminated\n", 4, 1),
    ],
)
def test_invalid_yaml_is_svc001_where_the_yaml_1_2_parser_stops(text, line, column):
    (finding,) = load_bytes(text.encode(), "f.yaml").findings
    assert (finding.code, finding.line, finding.column) == ("SVC001", line, column)


def test_tab_is_named_only_where_a_tab_is_the_fault():
    # A tab in the indentation: named, at the tab.
    (finding,) = load_bytes((HEAD + "x-a:\n\tb: 1\n").encode(), "f.yaml").findings
    assert (finding.line, finding.column) == (4, 1) and "tab" in finding.message.lower()
    # A syntax error on a line that merely holds a tab inside a value: not a tab message.
    (finding,) = load_bytes((HEAD + "x-a: [a\tb\n").encode(), "f.yaml").findings
    assert finding.code == "SVC001" and "tab" not in finding.message.lower()


@pytest.mark.parametrize(
    ("text", "msg", "line", "column", "en_words", "zh_words"),
    [
        # `status： active` then another key: libyaml blamed the next line.
        (HEAD + "status： active\nname: x\n", "fullwidth_colon", 3, 7, ("`status`", "U+FF1A", "`status: `"),
         ("`status`", "全角冒号", "`status: `")),
        # Ideographic spaces as indentation: YAML reads them as a key's first characters.
        (HEAD + "name:\n\u3000\u3000zh: 名称\n", "ideographic_space", 4, 1, ("U+3000", "spaces"), ("全角空格", "半角空格")),
        (HEAD + "audience: [natural_person，legal_person]\n", "fullwidth_comma", 3, 26,
         ("U+FF0C", "`natural_person，legal_person`"), ("全角逗号", "`natural_person，legal_person`")),
    ],
    ids=["colon", "ideographic space", "comma"],
)
def test_input_method_punctuation_is_named_at_the_character(text, msg, line, column, en_words, zh_words):
    from svcstd import catalogue

    for lang, words in (("en", en_words), ("zh", zh_words)):
        findings = [f for f in load_bytes(text.encode(), "f.yaml", lang=lang).findings if f.code == "SVC001"]
        assert len(findings) == 1, findings
        (finding,) = findings
        assert (finding.line, finding.column) == (line, column)
        head = catalogue.message("SVC001", msg, lang).split("{", 1)[0]
        assert finding.message.startswith(head)
        for word in words:
            assert word in finding.message, (lang, word, finding.message)


def test_punctuation_in_prose_is_not_a_finding():
    # `：` and `，` in Chinese text, `　` inside a block scalar: all intended.
    text = HEAD + "description:\n  zh: 注意：请携带身份证，户口簿。\n  en: x\nx-note: |\n  　　第一段。\n"
    assert load_bytes(text.encode(), "f.yaml").findings == [] or all(
        f.code != "SVC001" for f in load_bytes(text.encode(), "f.yaml").findings
    )


def test_chinese_syntax_messages_carry_no_english_parser_text():
    import re

    for text in (HEAD + "x-a: [1, 2]]\n", HEAD + "x-a: 'unterminated\n", HEAD + "x-a: b: c\n", HEAD + "x-a: @x\n"):
        (finding,) = load_bytes(text.encode(), "f.yaml", lang="zh").findings
        words = re.findall(r"[A-Za-z]{3,}", finding.message.replace("YAML", ""))
        assert words == [], finding.message
