"""Messages made from schema errors: a local schema's keywords (boolean subschemas, not,
contains, uniqueItems, ...), propertyNames, date formats, and the Chinese wording."""

from __future__ import annotations

import json
import re

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd.load import load_text
from svcstd.schema import schema_findings, user_schema_findings


def local(repo, schema: dict, text: str = MINIMAL, lang: str = "en"):
    """Findings of a local schema on `text`, the way `check --schema` computes them."""
    path = repo / "local.schema.json"
    path.write_text(json.dumps(schema), "utf-8")
    doc = load_text(text, "service.yaml", lang=lang).document
    return user_schema_findings(doc, str(path))


def test_a_boolean_subschema_does_not_crash_the_check(repo):
    # Issue 11 item 11: 'bool' object has no attribute 'get', SVC000, exit 2.
    write(repo, "local.schema.json", json.dumps({"properties": {"foo": True}, "required": ["foo"]}))
    write(repo, "service.yaml", MINIMAL)
    result = run_svcstd("check", "--schema", "local.schema.json", "--format", "json", "service.yaml", cwd=repo)
    report = json.loads(result.stdout)
    assert "SVC000" not in {f["code"] for f in report["findings"]}
    [finding] = [f for f in report["findings"] if f["code"] == "SVC101"]
    assert (finding["line"], finding["column"]) == (1, 1)
    assert finding["message"] == "Required element `foo` is missing at the top level. Add it."
    assert result.returncode == 1


EN = {
    # keyword: (schema, text change (old, new) or None, (code, line, column), message)
    "false-property": (
        {"properties": {"version": False}},
        ("id: minimal-benefit\n", "id: minimal-benefit\nversion: 1.0.0\n"),
        ("SVC104", 3, 1), "Key `version` at the top level is not allowed by the schema; remove it.",
    ),
    "not": (
        {"properties": {"status": {"not": {"const": "active"}}}},
        None,
        ("SVC103", 6, 9), '`status` is "active", which is not allowed here: it must not be "active".',
    ),
    "contains": (
        {"properties": {"audience": {"contains": {"const": "enterprise"}}}},
        None,
        ("SVC101", 7, 11), '`audience` must list at least 1 entry that is "enterprise"; none matches.',
    ),
    "uniqueItems": (
        {"properties": {"audience": {"uniqueItems": True}}},
        ("audience: [natural_person]", "audience: [natural_person, enterprise, natural_person]"),
        ("SVC103", 7, 11), '`audience` lists "natural_person" more than once; each entry must be different.',
    ),
    "dependentRequired": (
        {"dependentRequired": {"description": ["version"]}},
        None,
        ("SVC101", 1, 1), "`the document` has `description`, so it must also have `version`. Add `version`.",
    ),
    "maxProperties": (
        {"properties": {"fees": {"maxProperties": 0}}},
        None,
        ("SVC103", 60, 7), "`fees` has 1 keys; at most 0 are allowed.",
    ),
    "multipleOf": (
        {"properties": {"deadlines": {"properties": {"committed": {"properties": {"value": {"multipleOf": 5}}}}}}},
        ("  committed: {value: 10, unit", "  committed: {value: 12, unit"),
        ("SVC103", 19, 22), "`value` is 12; it must be a multiple of 5.",
    ),
    "unevaluatedProperties": (
        {"properties": {"fees": {"properties": {"items": True}, "unevaluatedProperties": False}}},
        None,
        ("SVC104", 60, 8), "Unknown key `charged` in `fees`. Known keys here: items. Local additions must start with `x-`.",
    ),
    "propertyNames": (
        {"properties": {"name": {"propertyNames": {"enum": ["zh"]}}}},
        None,
        ("SVC105", 3, 20), "Key `en` is not allowed here: the keys here must be one of: zh.",
    ),
    "propertyNames-maxLength": (
        {"propertyNames": {"maxLength": 15}},
        None,
        ("SVC105", 11, 1), "Key `responsible_office` is not allowed here: the keys here must be at most 15 characters long.",
    ),
    "unknown-keyword": (
        {"properties": {"audience": {"maxItems": 0}}},
        None,
        ("SVC103", 7, 11), "`audience` lists 1 entries; at most 0 are allowed.",
    ),
}


@pytest.mark.parametrize("case", list(EN))
def test_local_schema_keywords_have_real_messages(repo, case):
    schema, change, position, message = EN[case]
    text = MINIMAL.replace(*change, 1) if change else MINIMAL
    [finding] = local(repo, schema, text)
    assert (finding.code, finding.line, finding.column) == position
    assert finding.message == message
    assert "None" not in finding.message


ZH = {
    "false-property": "键 `version`（在顶层）不为模式（schema）所允许；请删除。",
    "not": '`status` 的值 "active" 在此处不允许：不得是"active"。',
    "contains": '`audience` 中至少要有 1 项是"enterprise"；目前没有一项符合。',
    "uniqueItems": '`audience` 中 "natural_person" 出现了不止一次；各项必须互不相同。',
    "dependentRequired": "`整个文档` 中有 `description`，因此也必须有 `version`。请补充 `version`。",
    "maxProperties": "`fees` 有 1 个键；最多允许 0 个。",
    "multipleOf": "`value` 为 12；必须是 5 的整数倍。",
    "unevaluatedProperties": "未知的键 `charged`（在 `fees` 中）。此处可用的键：items。本地扩展须以 `x-` 开头。",
    "propertyNames": "此处不允许使用键 `en`：此处的键必须是以下之一：zh。",
    "propertyNames-maxLength": "此处不允许使用键 `responsible_office`：此处的键必须是不超过 15 个字符。",
    "unknown-keyword": "`audience` 列出了 1 项；最多允许 2 项。".replace("2", "0"),
}


@pytest.mark.parametrize("case", list(ZH))
def test_local_schema_keywords_in_chinese(repo, case):
    schema, change, _, _ = EN[case]
    text = MINIMAL.replace(*change, 1) if change else MINIMAL
    [finding] = local(repo, schema, text, "zh")
    assert finding.message == ZH[case]


def test_a_false_subschema_anywhere_is_a_finding_not_a_crash(repo):
    [finding] = local(repo, {"properties": {"fees": {"properties": {"charged": False}}}})
    assert (finding.code, finding.line, finding.column) == ("SVC104", 60, 8)
    [finding] = local(repo, {"properties": {"audience": {"items": False}}})
    assert (finding.code, finding.line, finding.column) == ("SVC103", 7, 11)
    assert finding.message == "`audience` lists more entries than allowed here; remove the extra ones."
    [finding] = local(repo, {"propertyNames": False, "properties": {}}, "svcstd: \"1\"\n")
    assert (finding.code, finding.line, finding.column) == ("SVC104", 1, 1)
    assert finding.message == "Key `svcstd` at the top level is not allowed: the schema allows no keys here."


def test_only_a_language_tag_pattern_says_language_tag(repo):
    [own] = local(repo, {"properties": {"name": {"propertyNames": {"pattern": "^[a-z]{2}$"}}}},
                  MINIMAL.replace("en: Minimal test service", "eng: Minimal test service", 1))
    assert own.message == "Key `eng` is not allowed here: the keys here must be in the expected form (^[a-z]{2}$)."
    # The bundled schema's language-tag keys keep their message.
    doc = load_text(MINIMAL.replace("en: Minimal test service", "EN: Minimal test service", 1), "f.yaml").document
    [bundled] = schema_findings(doc)
    assert (bundled.code, bundled.line, bundled.column) == ("SVC105", 3, 20)
    assert bundled.message == "`EN` is not a language tag (use codes such as zh, en, zh-Hant)."


# ---------------------------------------------------------------------------------------
# Issue 11 item 13: dates, spacing, Chinese descriptions


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        ("2026-2-3", "is not in the form YYYY-MM-DD.", "不是 YYYY-MM-DD 格式的日期。"),
        ("03/02/2026", "is not in the form YYYY-MM-DD.", "不是 YYYY-MM-DD 格式的日期。"),
        ("2026-02-30", "is not a real date (there is no such day).", "不是真实存在的日期（没有这一天）。"),
    ],
)
def test_a_date_says_whether_its_form_or_its_day_is_wrong(value, en, zh):
    text = MINIMAL.replace("type: benefit\n", f"type: benefit\neffective: {{from: \"{value}\"}}\n", 1)
    for lang, expected in (("en", en), ("zh", zh)):
        [finding] = schema_findings(load_text(text, "f.yaml", lang=lang).document)
        assert (finding.code, finding.line, finding.column) == ("SVC105", 6, 19)
        assert finding.message.endswith(expected), finding.message
    if value != "2026-02-30":
        assert "真实存在" not in schema_findings(load_text(text, "f.yaml", lang="zh").document)[0].message


_JOINED = re.compile(r"[\u4e00-\u9fff](?=[A-Za-z0-9`])")


def joined(message: str) -> bool:
    """Whether a Chinese character runs straight into Latin letters, digits or the opening
    backtick of code (a closing backtick after Chinese, as in `键: 值`, is fine)."""
    for match in _JOINED.finditer(message):
        following = message[match.end()]
        if following != "`" or message[: match.end()].count("`") % 2 == 0:
            return True
    return False


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    personal: true\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 通知",
         "    personal: yes\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 通知",
         "`personal` 应为 true 或 false，但实际是文本 \"yes\"。"),
        ("    personal: true\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 通知",
         "    personal: [true]\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 通知",
         "`personal` 应为 true 或 false，但实际是一个列表。"),
        ("    online_depth: 4\n", "    online_depth: true\n", "`online_depth` 应为整数，但实际是 `true`。"),
        ("currency", None, "`currency` 的值 \"cny\" 不是 ISO 4217 货币代码（三个大写字母，如 CNY）。"),
        ("  committed: {value: 10, unit: working_days}", "  committed: 10", None),
        ("responsible_office: {ref: test-office}", "responsible_office: test-office", None),
    ],
)
def test_chinese_type_phrases_are_spaced_from_code(old, new, expected):
    if old == "currency":
        text = MINIMAL.replace("fees: {charged: false}", "fees: {charged: true, items: [{name: 费, currency: cny, basis: x}]}", 1)
    else:
        text = MINIMAL.replace(old, new, 1)
    found = schema_findings(load_text(text, "f.yaml", lang="zh").document)
    messages = [f.message for f in found]
    if expected:
        assert expected in messages, messages
    for message in messages:
        # No Chinese character runs straight into Latin text or code inserted by a phrase.
        assert not joined(message), message


def test_every_chinese_type_and_format_phrase_reads_with_a_space():
    from svcstd.schema import _after_chinese, _type_words

    for kind in ("string", "object", "array", "integer", "number", "boolean", "null"):
        sentence = "应为" + _after_chinese(_type_words(kind, "zh"), "zh")
        assert not joined(sentence), sentence


def test_svc101_quotes_the_description_in_chinese():
    text = MINIMAL.replace("responsible_office: {ref: test-office}\n", "", 1)
    [en] = schema_findings(load_text(text, "f.yaml").document)
    [zh] = schema_findings(load_text(text, "f.yaml", lang="zh").document)
    assert en.message == "Required element `responsible_office` is missing at the top level. Add it: Competent authority (实施主体)."
    assert zh.message == "缺少必填要素 `responsible_office`（在顶层）。请补充：实施主体。"
    assert (zh.line, zh.column) == (1, 1)


def test_svc101_in_chinese_through_the_cli(repo):
    write(repo, "service.yaml", MINIMAL.replace("    stage: accept\n", "", 1))
    out = run_svcstd("check", "--lang", "zh", "--format", "text", "service.yaml", cwd=repo).stdout.decode()
    assert "service.yaml:21:5: SVC101" in out
    assert "缺少必填要素 `stage`（在 `steps[accept]` 中）。请补充：所处阶段：accept 受理，review 审查" in out
