"""SVC501-SVC507 and SVC701. One line per case: edits of the minimal definition → findings."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from rulecase import edit, findings, positions
from svcstd.config import Config

ARTICLE = "    article: Article 9\n"
CONTACT = 'contact: {enquiry: "12345", complaint: "12345-2"}'
CHANNEL = "    online_depth: 4\n    visits: 0\n"
ZH_EN = ("zh", "en")

CASES = [
    ("SVC501", [(ARTICLE, "")], [(9, 5)]),
    ("SVC501", [(ARTICLE, "    article: 待定\n")], [(10, 14)]),
    ("SVC501", [(ARTICLE, "    article: 第九条\n")], []),
    ("SVC502", [("en: Lives in the city", "en: TBD")], [(14, 31)]),
    ("SVC502", [("type: benefit", "type: benefit\nversion: ' n/a '")], [(6, 10)]),
    ("SVC502", [("zh: 本地居民", "zh: 按规定")], [(14, 21)]),
    ("SVC502", [("zh: 本地居民", "zh: 按规定办理")], []),
    # However the value is written, a whole-value placeholder is found (the rule's quick
    # text search must never rule it out wrongly).
    ("SVC502", [("en: Lives in the city}", "en: 'TBD.  '}")], [(14, 31)]),
    ("SVC502", [("  - id: resident\n    criterion: {zh: 本地居民, en: Lives in the city}", "  - id: resident\n    criterion: |\n      待定\n")], [(14, 16)]),
    ("SVC502", [("audience: [natural_person]", "audience: [natural_person]\nversion: \"\\tTODO\"")], [(8, 10)]),
    # Written with an escape, the placeholder is not in the raw text; it still counts.
    ("SVC502", [("en: Lives in the city", 'en: "T\\x42D"')], [(14, 31)]),
    ("SVC502", [("type: benefit", "type: benefit\nx-notes: TODO")], []),
    ("SVC502", [(ARTICLE, "    article: TODO\n")], []),
    ("SVC503", [("fees: {charged: false}", "fees: {charged: true}")], [(60, 7)]),
    ("SVC503", [("fees: {charged: false}", "fees: {charged: true, items: [{name: Fee, currency: CNY, basis: Notice 12}]}")], [(60, 31)]),
    ("SVC503", [("fees: {charged: false}", "fees: {charged: true, items: [{name: Fee, amount: 0, currency: CNY}]}")], [(60, 31)]),
    ("SVC503", [("fees: {charged: false}", "fees: {charged: true, items: [{name: Fee, amount: 10, currency: CNY, basis: Notice 12}]}")], []),
    ("SVC504", [(CONTACT, 'contact: {enquiry: "12345", complaint: " 12345 "}')], [(67, 40)]),
    ("SVC504", [(CONTACT, 'contact: {enquiry: "  ", complaint: "12345-2"}')], [(67, 20)]),
    ("SVC505", [(CHANNEL, "    online_depth: 3\n    visits: 2\n")], [(63, 5)]),
    ("SVC505", [(CHANNEL, "    online_depth: 3\n    visits: 2\n    visits_reason: Sign in person\n")], []),
    ("SVC506", [(CHANNEL, "    online_depth: 4\n    visits: 1\n    visits_reason: Sign in person\n")], [(66, 13)]),
    ("SVC506", [(CHANNEL, "    online_depth: 3\n    visits: 1\n    visits_reason: Sign in person\n")], []),
    ("SVC507", [("status: active", 'status: active\neffective: {from: "2027-01-01", until: "2026-12-31"}')], [(7, 19)]),
    ("SVC507", [("status: active", 'status: active\neffective: {from: "2026-01-01", until: "2026-01-01"}')], []),
    ("SVC507", [("status: active", 'status: active\neffective: {from: "2027-02-30", until: "2026-12-31"}')], []),
]


@pytest.mark.parametrize(("code", "edits", "expected"), CASES)
def test_rule(code, edits, expected):
    assert positions(edit(*edits), code) == [(code, line, column) for line, column in expected]


LANGUAGE_CASES = [
    (ZH_EN, [], []),
    (ZH_EN, [("name: {zh: 最低测试服务, en: Minimal test service}", "name: {zh: 最低测试服务}")], [(3, 7)]),
    (ZH_EN, [("public_status: {zh: 已受理, en: Accepted}", "public_status: Accepted")], [(27, 20)]),
    (ZH_EN, [("outcome: {name: {zh: 决定书, en: Decision letter}", "outcome: {name: {en: Decision letter}")], [(61, 17)]),
    (("zh",), [("public_status: {zh: 已受理, en: Accepted}", "public_status: {en: Accepted}")], [(27, 20)]),
    (("fr",), [], [(3, 7), (4, 14), (14, 16), (22, 11), (27, 20), (30, 11), (35, 20), (39, 11), (46, 14),
                  (50, 11), (57, 14), (61, 17)]),
    ((), [("public_status: {zh: 已受理, en: Accepted}", "public_status: Accepted")], []),
]


@pytest.mark.parametrize(("languages", "edits", "expected"), LANGUAGE_CASES)
def test_required_languages(languages, edits, expected):
    found = positions(edit(*edits), "SVC701", required_languages=languages)
    assert found == [("SVC701", line, column) for line, column in expected]


def test_language_message_says_which_language_is_missing():
    (finding,) = findings(edit(("name: {zh: 最低测试服务, en: Minimal test service}", "name: {zh: 最低测试服务}")),
                          "SVC701", required_languages=ZH_EN)
    assert "`name` has no en text" in finding.message


@pytest.mark.parametrize("broken", ["legal_basis: {title: x}", "fees: [1]", "channels: [{visits: x, online_depth: [4]}]",
                                    "contact: [a]", "effective: {from: 2027, until: [x]}"])
def test_wrong_types_never_crash(broken):
    key = broken.split(":")[0]
    lines = MINIMAL.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(key + ":")), len(lines))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith((" ", "-"))), len(lines))
    codes = {f.code for f in findings("".join(lines[:start]) + broken + "\n" + "".join(lines[end:]))}
    assert "SVC000" not in codes and codes & {"SVC101", "SVC102", "SVC103", "SVC105"}


@pytest.mark.parametrize(
    ("text", "maybe"),
    [
        ("zh: 其他\n", True), ("zh: 其他材料\n", False), ("a: 材料其他\n", False),
        ('en: "TBD."\n', True), ("- todo\n", True), ("[a, N/A]", True),
        ("a: see regulations #x\n", True), ("a: |\n  TBD\n", True), ("x: 'n/a '", True),
        ('a: "T\\x42D"', True), ("a: TBDX\n", False), ("a: xTBD\n", False),
        ("a: 其他。\r\n", True), ("a:\tTBD\tb", False),
    ],
)
def test_quick_text_search_never_rules_out_a_whole_value_placeholder(text, maybe):
    from svcstd.rules.legal import _may_hold_placeholder

    assert _may_hold_placeholder(text) is maybe
    assert _may_hold_placeholder(text, text.encode("utf-8")) is maybe  # the bytes as read


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_a_file_read_from_disk_finds_placeholders_in_the_bytes_it_was_read_as(tmp_path, line_break):
    """The fast path keeps the bytes a file was read as, and SVC502 searches those; a
    text whose lone CRs became LFs is no longer those bytes, and keeps none."""
    from svcstd.engine import check_file
    from svcstd.load import load_bytes

    raw = MINIMAL.replace("en: Lives in the city", "en: TBD").replace("\n", line_break).encode("utf-8")
    (tmp_path / "service.yaml").write_bytes(raw)
    loaded = load_bytes(raw, "service.yaml")
    assert loaded.document.utf8 == (None if line_break == "\r" else raw)
    result = check_file(tmp_path / "service.yaml", "service.yaml", Config())
    assert [(f.code, f.line) for f in result.findings if f.code == "SVC502"] == [("SVC502", 14)]


# Every placeholder word, however it stands as a whole value (its case, the characters
# the comparison trims, the delimiters around it): SVC502 finds it, so the text screen
# before the walk (`legal._may_hold_placeholder`) said "maybe". Inside a longer text it
# is content, and the screen lets the file pass without the walk.
PLACEHOLDER_SPELLINGS = ["TBD", "tbd", "ToDo", "N/A", "n/a", "See regulations", "按规定", "详见", "待定", "其他"]
WHOLE_VALUE_FORMS = [
    "    criterion: {zh: 本地居民, en: %s}", "    criterion: {zh: 本地居民, en: '%s。'}",
    "    criterion: {zh: 本地居民, en: \"…%s：\"}", "    criterion:\n      zh: 本地居民\n      en: %s   # later",
    "    criterion: [%s, 本地居民]",
]


@pytest.mark.parametrize("word", PLACEHOLDER_SPELLINGS)
@pytest.mark.parametrize("form", WHOLE_VALUE_FORMS)
def test_a_placeholder_standing_as_a_whole_value_is_found(word, form):
    from svcstd.rules import legal

    text = edit(("    criterion: {zh: 本地居民, en: Lives in the city}", form % word))
    assert legal._may_hold_placeholder(text)
    assert [f.code for f in findings(text, "SVC502")] == ["SVC502"]


@pytest.mark.parametrize("word", PLACEHOLDER_SPELLINGS)
def test_a_placeholder_word_inside_a_longer_text_is_passed_over_by_the_screen(word):
    from svcstd.rules import legal

    text = edit(("    criterion: {zh: 本地居民, en: Lives in the city}", f"    criterion: {{zh: 本地居民, en: {word}材料}}"))
    assert not legal._may_hold_placeholder(text)
    assert findings(text, "SVC502") == []
