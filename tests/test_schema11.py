"""Format 1.1: its schema, the choice of schema by declared version, and what a file that
declares "1" is told when it uses a 1.1 key or value."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, MINIMAL, REPO, write
from svcstd.load import load_text
from svcstd.schema import load_schema, schema_findings, schema_name

FULL = (DATA / "full-1.1.yaml").read_text("utf-8")
FULL_AS_1 = FULL.replace('svcstd: "1.1"', 'svcstd: "1"', 1)
MINIMAL_11 = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"', 1)


def findings(text: str, lang: str = "en"):
    result = load_text(text, "f.yaml", lang=lang)
    assert result.document is not None, result.findings
    return schema_findings(result.document, fast=False)


def at(text: str, lang: str = "en"):
    return [(f.code, f.line, f.column) for f in findings(text, lang)]


def test_a_definition_using_every_11_element_is_valid_in_11():
    assert findings(FULL) == []


# Every 1.1 element of tests/data/full-1.1.yaml, as a file declaring "1" meets it:
# (code, line, column, JSON pointer). Each says "declare svcstd: 1.1".
NEWER_IN_1 = [
    ("SVC104", 3, 1, "/codes"),
    ("SVC104", 5, 1, "/language"),
    ("SVC104", 6, 1, "/scope"),
    ("SVC104", 10, 1, "/cases"),
    ("SVC104", 21, 5, "/legal_basis/0/number"),
    ("SVC104", 22, 5, "/legal_basis/0/issuer"),
    ("SVC104", 23, 5, "/legal_basis/0/date"),
    ("SVC104", 24, 5, "/legal_basis/0/text"),
    ("SVC104", 28, 5, "/legal_basis/1/date"),
    ("SVC103", 29, 11, "/legal_basis/1/rank"),
    ("SVC104", 31, 1, "/supervising_office"),
    ("SVC104", 32, 1, "/quantity_limit"),
    ("SVC104", 33, 1, "/review_criteria"),
    ("SVC104", 34, 1, "/materials_note"),
    ("SVC104", 40, 5, "/eligibility/1/when"),
    ("SVC104", 45, 3, "/deadlines/statutory_note"),
    ("SVC104", 46, 3, "/deadlines/committed_note"),
    ("SVC104", 47, 3, "/deadlines/acceptance"),
    ("SVC104", 48, 3, "/deadlines/by_case"),
    ("SVC104", 57, 7, "/deadlines/special_procedures/0/legal_basis"),
    ("SVC104", 58, 7, "/deadlines/special_procedures/0/charged"),
    ("SVC102", 66, 12, "/steps/1/stage"),
    ("SVC104", 68, 32, "/steps/1/office/jurisdiction"),
    ("SVC104", 68, 70, "/steps/1/office/jurisdiction_note"),
    ("SVC104", 70, 5, "/steps/1/criteria"),
    ("SVC104", 78, 5, "/steps/2/when"),
    ("SVC102", 83, 15, "/data_collected/0/category"),
    ("SVC102", 86, 15, "/data_collected/0/required"),
    ("SVC103", 87, 13, "/data_collected/0/source"),
    ("SVC104", 88, 5, "/data_collected/0/issuer"),
    ("SVC104", 89, 5, "/data_collected/0/source_note"),
    ("SVC104", 90, 5, "/data_collected/0/presented"),
    ("SVC104", 91, 5, "/data_collected/0/medium"),
    ("SVC104", 92, 5, "/data_collected/0/copies"),
    ("SVC104", 93, 5, "/data_collected/0/paper_spec"),
    ("SVC104", 94, 5, "/data_collected/0/template"),
    ("SVC104", 95, 5, "/data_collected/0/sample"),
    ("SVC104", 96, 5, "/data_collected/0/instructions"),
    ("SVC104", 97, 5, "/data_collected/0/acceptance_criteria"),
    ("SVC104", 106, 5, "/data_collected/1/one_of"),
    ("SVC103", 107, 13, "/data_collected/1/source"),
    ("SVC104", 116, 5, "/data_collected/2/one_of"),
    ("SVC103", 117, 13, "/data_collected/2/source"),
    ("SVC104", 118, 5, "/data_collected/2/when"),
    ("SVC102", 124, 15, "/data_collected/3/category"),
    ("SVC104", 129, 5, "/data_collected/3/when"),
    ("SVC104", 141, 7, "/fees/items/0/reducible"),
    ("SVC104", 142, 7, "/fees/items/0/reduction_basis"),
    ("SVC104", 143, 7, "/fees/items/0/refund"),
    ("SVC104", 148, 7, "/fees/items/1/when"),
    ("SVC104", 150, 7, "/fees/items/2/standard"),
    ("SVC104", 156, 3, "/outcome/validity"),
    ("SVC104", 157, 3, "/outcome/delivery_deadline"),
    ("SVC103", 158, 22, "/outcome/delivery/1"),
    ("SVC103", 158, 33, "/outcome/delivery/2"),
    ("SVC104", 161, 5, "/channels/0/office"),
    ("SVC104", 162, 5, "/channels/0/appointment"),
    ("SVC104", 163, 5, "/channels/0/courier"),
    ("SVC104", 164, 5, "/channels/0/online_payment"),
    ("SVC104", 165, 5, "/channels/0/self_service"),
    ("SVC102", 171, 5, "/contact/enquiry"),
    ("SVC102", 174, 5, "/contact/complaint"),
    ("SVC104", 176, 3, "/contact/review"),
    ("SVC104", 177, 3, "/contact/litigation"),
    ("SVC104", 178, 1, "/intermediary_services"),
    ("SVC104", 183, 1, "/faq"),
    ("SVC104", 186, 1, "/provenance"),
]


def test_every_11_element_in_a_version_1_file_says_declare_11():
    found = findings(FULL_AS_1)
    assert [(f.code, f.line, f.column, f.path) for f in found] == NEWER_IN_1
    for finding in found:
        assert 'declare `svcstd: "1.1"`' in finding.message, finding.message
        assert "Did you mean" not in finding.message and "Unknown key" not in finding.message


@pytest.mark.parametrize(
    ("old", "new", "expected", "words"),
    [
        # a 1.1 key: SVC104 at the key
        ("    retention: {value: 2, unit: years}\n", "    retention: {value: 2, unit: years}\n    copies: {copy: 2}\n",
         ("SVC104", 60, 5), "Key `copies` in `data_collected[phone-number]` exists from format version 1.1 on"),
        # a 1.1 value of an existing key: SVC103 (code list) or SVC102 (a new shape)
        ("    category: contact\n", "    category: civil_status\n", ("SVC103", 52, 15), '`category` is "civil_status", a value'),
        ("    category: contact\n", "    category: genetic\n", ("SVC103", 52, 15), '`category` is "genetic", a value'),
        ("    stage: decide\n", "    stage: [review, decide]\n", ("SVC102", 31, 12), "`stage` is a list: that form exists"),
        ("    required: true\n    source: applicant\n    purpose: {zh: 通知",
         "    required: deferrable\n    source: applicant\n    purpose: {zh: 通知", ("SVC102", 55, 15), '`required` is "deferrable"'),
        ('contact: {enquiry: "12345", complaint: "12345-2"}',
         'contact: {enquiry: [{type: phone, value: "12345"}], complaint: "12345-2"}', ("SVC102", 67, 20), "`enquiry` is a list"),
    ],
)
def test_a_11_key_or_value_in_a_version_1_file(old, new, expected, words):
    assert old in MINIMAL
    [finding] = findings(MINIMAL.replace(old, new, 1))
    assert (finding.code, finding.line, finding.column) == expected
    assert words in finding.message and 'declare `svcstd: "1.1"`' in finding.message
    # The same text declaring 1.1 is valid.
    assert findings(MINIMAL_11.replace(old, new, 1)) == []


def test_the_newer_version_message_in_chinese():
    text = MINIMAL.replace("    category: contact\n", "    category: genetic\n    copies: {copy: 1}\n", 1)
    messages = [f.message for f in findings(text, "zh")]
    assert messages == [
        '`category` 的值 "genetic" 自格式版本 1.1 起才有；本文件声明的版本是 "1"。如需使用，请声明 `svcstd: "1.1"`。',
        '键 `copies`（在 `data_collected[phone-number]` 中）自格式版本 1.1 起才有；本文件声明的版本是 "1"。如需使用，请声明 `svcstd: "1.1"`。',
    ]


def test_a_11_key_is_never_taken_for_a_misspelling():
    # `source_note` is close to `source`: in version 1 it must not hide a missing `source`
    # (SVC101) nor be offered as a typo of it.
    text = MINIMAL.replace("    source: applicant\n    purpose: {zh: 通知", "    source_note: 自备\n    purpose: {zh: 通知", 1)
    found = findings(text)
    assert [(f.code, f.line, f.column) for f in found] == [("SVC101", 49, 5), ("SVC104", 56, 5)]
    assert "Did you mean" not in found[1].message and "1.1" in found[1].message
    # A real misspelling in version 1 still gets its suggestion (and hides the SVC101).
    typo = MINIMAL.replace("    source: applicant\n    purpose: {zh: 通知", "    sorce: applicant\n    purpose: {zh: 通知", 1)
    [finding] = findings(typo)
    assert (finding.code, finding.line, finding.column) == ("SVC104", 56, 5)
    assert "Did you mean `source`?" in finding.message


def test_a_bad_11_value_in_a_version_1_file_is_an_ordinary_finding():
    # A list of stages with a stage that exists in no version is not "declare 1.1".
    text = MINIMAL.replace("    stage: decide\n", "    stage: [review, decidee]\n", 1)
    found = findings(text)
    assert found and all("1.1" not in f.message for f in found)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  committed: {value: 10, unit: working_days}\n",
         "  committed: {value: 10, unit: working_days}\n  by_case:\n    - committed: {value: 5, unit: working_days}\n",
         ("SVC101", 21, 7)),  # a by_case entry without `when`
        ("    uses: [identity-card]\n", "    uses: [identity-card]\n    when: []\n", ("SVC101", 29, 11)),
        ("    uses: [identity-card]\n", "    when: [[by-proxy, 3]]\n", ("SVC102", 28, 23)),
        ("    stage: decide\n", "    stage: []\n", ("SVC101", 31, 12)),
        ("    retention: {value: 5, unit: years}\n", "    retention: {value: 5, unit: years}\n    copies: {copy: -1}\n",
         ("SVC103", 49, 20)),
        ("    retention: {value: 5, unit: years}\n", "    retention: {value: 5, unit: years}\n    presented: photocopy\n",
         ("SVC103", 49, 16)),
        ("  - title: Social Assistance Regulation\n", "  - title: Social Assistance Regulation\n    date: 2014-13-01\n",
         ("SVC105", 10, 11)),
        ("  - title: Social Assistance Regulation\n", "  - title: Social Assistance Regulation\n    date: 214\n",
         ("SVC103", 10, 11)),
        ("responsible_office: {ref: test-office}", "responsible_office: {ref: test-office, jurisdiction: domicile}",
         ("SVC103", 11, 54)),
        ('contact: {enquiry: "12345", complaint: "12345-2"}', 'contact: {enquiry: [{type: fax, value: "1"}], complaint: "2"}',
         ("SVC103", 67, 28)),
        ('contact: {enquiry: "12345", complaint: "12345-2"}', 'contact: {enquiry: "1", complaint: "2", review: {address: x}}',
         ("SVC101", 67, 49)),
        ("id: minimal-benefit\n", "id: minimal-benefit\ncodes: {catalogue: abc}\n", ("SVC105", 3, 20)),
        ("id: minimal-benefit\n", "id: minimal-benefit\nscope: everywhere\n", ("SVC103", 3, 8)),
        ("id: minimal-benefit\n", "id: minimal-benefit\nlanguage: Chinese\n", ("SVC105", 3, 11)),
        ("id: minimal-benefit\n", "id: minimal-benefit\nprovenance: {published: 2024-3-1}\n", ("SVC105", 3, 25)),
        ("fees: {charged: false}", "fees: {charged: true, items: [{name: 费, currency: CNY, amount: 1, reducible: maybe}]}",
         ("SVC102", 60, 78)),
    ],
)
def test_bad_11_values_in_a_11_file(old, new, expected):
    assert old in MINIMAL_11
    assert expected in at(MINIMAL_11.replace(old, new, 1))


def test_a_law_date_may_be_a_year_or_a_date():
    for date in ("2003", '"2003"', '"2003-08-08"'):
        text = MINIMAL_11.replace("    article: Article 9\n", f"    article: Article 9\n    date: {date}\n", 1)
        assert findings(text) == [], date


def test_description_and_step_deadline_are_optional_in_both_versions():
    for text in (MINIMAL, MINIMAL_11):
        text = re.sub(r"description: .*\n", "", text, count=1)
        text = text.replace("    deadline: {value: 2, unit: working_days}\n", "", 1)
        assert findings(text) == []


# ---------------------------------------------------------------------------------------
# SVC005: the versions read


@pytest.mark.parametrize(
    ("line", "expected", "words"),
    [
        ('svcstd: "2"', (1, 9), 'Unknown format version 2. This svcstd reads versions "1", "1.1"'),
        ("svcstd: 1.1", (1, 9), 'the number 1.1; write it as a quoted string: `svcstd: "1.1"`'),
        ("svcstd: 1", (1, 9), 'the number 1; write it as a quoted string: `svcstd: "1"`'),
        ("", (2, 1), 'Add `svcstd: "1.1"` as the first line (this svcstd reads versions "1", "1.1")'),
    ],
)
def test_svc005_names_both_versions(line, expected, words):
    result = load_text(MINIMAL.replace('svcstd: "1"', line, 1), "f.yaml")
    [finding] = [f for f in result.findings if f.code == "SVC005"]
    assert (finding.line, finding.column) == expected
    assert words in finding.message


def test_version_11_is_read_and_checked_by_its_schema(repo, cli):
    write(repo, "full.yaml", FULL)
    write(repo, "full1.yaml", FULL_AS_1)
    code, out = cli("check", "--select", "SVC0,SVC1", "--format", "json", "full.yaml", "full1.yaml")
    report = json.loads(out)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], []).append(finding["code"])
    assert "full.yaml" not in by_file
    assert len(by_file["full1.yaml"]) == len(NEWER_IN_1)
    assert code == 1


# ---------------------------------------------------------------------------------------
# `svcstd schema`


def test_schema_command_prints_the_latest_by_default(cli):
    code, out = cli("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$id"] == "https://svcstd.dev/schemas/v1.1/service.schema.json"
    assert schema["properties"]["svcstd"] == {"const": "1.1", "description": 'Format version: "1.1" (SVC005).'}


@pytest.mark.parametrize(
    ("args", "file"),
    [
        (("--version", "1"), "service.schema.json"),
        (("offices",), "offices-1.1.schema.json"),
        (("offices", "--version", "1"), "offices.schema.json"),
        (("--lang", "zh"), "zh/service-1.1.schema.json"),
        (("offices", "--version", "1", "--lang", "zh"), "zh/offices.schema.json"),
    ],
)
def test_schema_command_chooses_version_kind_and_language(cli, args, file):
    code, out = cli("schema", *args)
    assert code == 0
    assert out == (REPO / "schemas" / file).read_text("utf-8")


def test_schema_command_refuses_an_unknown_version(tmp_path):
    from conftest import run_svcstd

    result = run_svcstd("schema", "--version", "2", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown format version '2'; choose 1 or 1.1" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


# ---------------------------------------------------------------------------------------
# Registry 1.1


REGISTRY_11 = """\
svcstd: "1.1"
defaults:
  language: zh
  public_status: {accept: 已受理, review: 审查中, decide: 已决定}
offices:
  - id: test-office
    name: 测试局
    credit_code: "11100000000000000J"
    area: {code: "110105", name: 朝阳区}
    nature: statutory_authority
    address: 某路 1 号
    phone: "010-12345678"
    hours: 工作日 9:00-17:00
  - id: stations
    name: 各派出所
    group: true
    nature: authorized_org
"""


def test_registry_11_is_valid_and_its_additions_need_11(repo, cli):
    from svcstd.repository import registry_findings

    assert registry_findings(load_text(REGISTRY_11, "offices.yaml").document) == []
    as_1 = registry_findings(load_text(REGISTRY_11.replace('"1.1"', '"1"', 1), "offices.yaml").document)
    assert [(f.code, f.line, f.column) for f in as_1] == [
        ("SVC603", 2, 1), ("SVC603", 9, 5), ("SVC603", 10, 5), ("SVC603", 11, 5), ("SVC603", 12, 5),
        ("SVC603", 13, 5), ("SVC603", 16, 5), ("SVC603", 17, 5),
    ]
    assert all('declare `svcstd: "1.1"`' in f.message for f in as_1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  public_status: {accept: 已受理", "  public_status: {accepted: 已受理", ("SVC603", 4, 19)),
        ("    nature: authorized_org\n", "    nature: police\n", ("SVC603", 17, 13)),
        ('    area: {code: "110105", name: 朝阳区}\n', "    area: {name: 朝阳区}\n", ("SVC603", 9, 11)),
        ("  language: zh\n", "  language: Chinese\n", ("SVC603", 3, 13)),
    ],
)
def test_registry_11_bad_values(old, new, expected):
    from svcstd.repository import registry_findings

    found = registry_findings(load_text(REGISTRY_11.replace(old, new, 1), "offices.yaml").document)
    assert expected in [(f.code, f.line, f.column) for f in found]


# ---------------------------------------------------------------------------------------
# The schemas themselves


@pytest.mark.parametrize("version", ["1", "1.1"])
@pytest.mark.parametrize("kind", ["service", "offices"])
def test_every_property_has_a_chinese_description(kind, version):
    from jsonschema import Draft202012Validator

    en = load_schema(schema_name(kind, version))
    zh = load_schema(schema_name(kind, version, "zh"))
    Draft202012Validator.check_schema(zh)
    chinese = re.compile(r"[\u4e00-\u9fff]")
    count = 0

    def walk(en_node, zh_node, where):
        nonlocal count
        if isinstance(en_node, dict):
            assert isinstance(zh_node, dict) and set(en_node) == set(zh_node), where
            for name, prop in en_node.get("properties", {}).items():
                described = zh_node["properties"][name].get("description", "")
                assert chinese.search(described), f"{where}/{name}: {described!r}"
                assert described != prop.get("description"), f"{where}/{name} is not translated"
                count += 1
            for key, value in en_node.items():
                if key not in ("description", "title", "$id"):
                    walk(value, zh_node[key], f"{where}/{key}")
        elif isinstance(en_node, list):
            assert isinstance(zh_node, list) and len(en_node) == len(zh_node), where
            for index, (a, b) in enumerate(zip(en_node, zh_node)):
                walk(a, b, f"{where}/{index}")
        else:
            assert en_node == zh_node, where  # codes, patterns and limits are the same

    walk(en, zh, "")
    assert count > {("service", "1"): 90, ("service", "1.1"): 150}.get((kind, version), 5)


def test_11_is_1_plus_additions():
    """Every key and code of version 1 means the same in 1.1 (additive)."""
    v1, v11 = load_schema(schema_name("service", "1")), load_schema(schema_name("service", "1.1"))
    assert set(v1["$defs"]) <= set(v11["$defs"])
    assert set(v1["properties"]) <= set(v11["properties"])
    assert v1["required"] == v11["required"]
    for name, definition in v1["$defs"].items():
        assert set(definition.get("properties", {})) <= set(v11["$defs"][name].get("properties", {})), name
        assert definition.get("required") == v11["$defs"][name].get("required"), name


def test_the_wheel_ships_every_schema():
    """pyproject's force-include copies the whole schemas/ folder, zh/ included."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["schemas"] == "svcstd/schemas"
    assert (REPO / "schemas" / "zh" / "service-1.1.schema.json").is_file()
