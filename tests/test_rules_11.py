"""Format 1.1 on the rule side: the rule changes, the new codes, the registry's defaults, and
the false positives that real guides met (issue 10), each through the full check.

One line per case where possible: edits of the minimal definition (declared 1.1) → findings.
"""

from __future__ import annotations

import pytest

from conftest import MINIMAL, OFFICES, run_svcstd, write
from rulecase import edit, findings, line_of, positions
from svcstd.config import Config
from svcstd.engine import CheckOptions, check_paths

V11 = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"')
COMMITTED = "committed: {value: 10, unit: working_days}"
ACCEPT_DEADLINE = "    deadline: {value: 2, unit: working_days}\n"
ACCEPT_STATUS = "    public_status: {zh: 已受理, en: Accepted}\n"
DECIDE_STATUS = "    public_status: {zh: 审核中, en: Under review}\n"
PHONE_BASIS = "    legal_basis: Social Assistance Regulation, Article 9\n    retention: {value: 2, unit: years}\n"
CASES = "cases:\n  - {id: remarriage, name: 再婚}\n  - {id: by-proxy, name: 代办}\n"
BY_CASE = "  by_case:\n    - when: [remarriage]\n"


def v11(*edits):
    return edit(*edits, base=V11)


def at(text: str, fragment: str, column: int, occurrence: int = 1) -> tuple[int, int]:
    """(line, column) of the n-th line holding `fragment`: cases need no magic line numbers."""
    return line_of(text, fragment, occurrence), column


# ---------------------------------------------------------------------------------------
# Rule changes, one line per case: (code, edits, [(fragment of the expected line, column)])

RULE_CASES = [
    # SVC302: only office and third-party steps; the applicant's own need none.
    ("SVC302", [(ACCEPT_STATUS, "")], [("  - id: accept", 5)]),
    ("SVC302", [(ACCEPT_STATUS, ""), ("    actor: office\n    office: {ref: test-office}\n    deadline: {value: 2",
                                      "    actor: applicant\n    deadline: {value: 2")], []),
    ("SVC302", [(ACCEPT_STATUS, ""), ("    actor: office\n    office: {ref: test-office}\n    deadline: {value: 2",
                                      "    actor: third_party\n    deadline: {value: 2")], [("  - id: accept", 5)]),
    # a misspelt key is SVC104's alone
    ("SVC302", [(ACCEPT_STATUS, ACCEPT_STATUS.replace("public_status", "public_statu"))], []),
    # SVC206: office steps of a commitment service need a deadline; 即办件 steps do not.
    ("SVC206", [(ACCEPT_DEADLINE, "")], [("  - id: accept", 5)]),
    ("SVC206", [(ACCEPT_DEADLINE, ""), ("kind: commitment", "kind: immediate"),
                (COMMITTED, "committed: {value: 0, unit: working_days}"),
                ("    deadline: {value: 5, unit: working_days}\n", "")], []),
    ("SVC206", [("    actor: office\n    office: {ref: test-office}\n" + ACCEPT_DEADLINE, "    actor: applicant\n")], []),
    # SVC201/202/204 check each by_case entry, which inherits what it omits.
    ("SVC201", [(COMMITTED, COMMITTED + "\n" + BY_CASE + "      committed: {value: 25, unit: working_days}"),
                ("legal_basis:", CASES + "legal_basis:")], [("      committed: {value: 25", 18)]),
    ("SVC201", [(COMMITTED, COMMITTED + "\n" + BY_CASE + "      statutory: {value: 5, unit: working_days}"),
                ("legal_basis:", CASES + "legal_basis:")], [("      statutory: {value: 5", 18)]),
    ("SVC201", [(COMMITTED, COMMITTED + "\n" + BY_CASE + "      committed: {value: 3, unit: working_days}"),
                ("legal_basis:", CASES + "legal_basis:")], []),
    ("SVC202", [(COMMITTED, COMMITTED + "\n" + BY_CASE + "      kind: immediate"),
                ("legal_basis:", CASES + "legal_basis:")], [("      kind: immediate", 13)]),
    ("SVC204", [(COMMITTED, COMMITTED + "\n" + BY_CASE + "      committed: {value: 3, unit: calendar_days}"),
                ("legal_basis:", CASES + "legal_basis:")], [("      committed: {value: 3", 35)]),
    # SVC204 is not added to SVC103's unit outside its code list.
    ("SVC204", [(COMMITTED, "committed: {value: 10, unit: weeks}")], []),
    ("SVC103", [(COMMITTED, "committed: {value: 10, unit: weeks}")], [("committed: {value: 10, unit: weeks}", 32)]),
    # SVC203 over every step, conditional ones too.
    ("SVC203", [(COMMITTED, "committed: {value: 6, unit: working_days}"), ("    uses: [phone-number]\n",
                "    uses: [phone-number]\n    when: [remarriage]\n"), ("legal_basis:", CASES + "legal_basis:")],
     [("committed: {value: 6", 14)]),
    # SVC305 counts every stage of a stage list.
    ("SVC305", [("type: benefit", "type: licensing"), ("    stage: decide", "    stage: [review, decide, conclude, deliver]")], []),
    ("SVC305", [("type: benefit", "type: licensing"), ("    stage: decide", "    stage: [review, decide]")], [("steps:", 1)]),
    # SVC404 only when some step declares `uses` or some criterion `evidence`.
    ("SVC404", [("    uses: [phone-number]\n", "")], [("  - id: phone-number", 9)]),
    ("SVC404", [("    uses: [phone-number]\n", ""), ("    uses: [identity-card]\n", ""),
                ("    evidence: [identity-card]\n", "")], []),
    # SVC401: inherited basis; sensitive items state their own.
    ("SVC401", [(PHONE_BASIS, "    retention: {value: 2, unit: years}\n")], []),
    ("SVC401", [(PHONE_BASIS, "    retention: {value: 2, unit: years}\n    necessity: To call back\n"),
                ("    category: contact\n    personal: true\n    sensitive: false",
                 "    category: contact\n    personal: true\n    sensitive: true")], [("  - id: phone-number", 5)]),
    # SVC409: genetic, and category lists.
    ("SVC409", [("    category: contact", "    category: [contact, genetic]")], [("    sensitive: false", 16, 2)]),
    ("SVC409", [("    category: contact\n    personal: true\n    sensitive: false\n", "    category: [contact, genetic]\n    personal: true\n")],
     [("    category: [contact, genetic]", 15)]),
    # SVC504: an absent complaint at /contact; lists compared as sets.
    ("SVC504", [('contact: {enquiry: "12345", complaint: "12345-2"}', 'contact: {enquiry: "12345"}')], [("contact:", 10)]),
    ("SVC504", [('contact: {enquiry: "12345", complaint: "12345-2"}',
                 ('contact:\n  enquiry: [{type: phone, value: "12345"}, {type: web, value: "https://a.example"}]\n'
                 '  complaint: [{type: web, value: "https://a.example"}, {type: phone, value: "12345"}]'))],
     [("  complaint: [", 14)]),
    ("SVC504", [('contact: {enquiry: "12345", complaint: "12345-2"}',
                 ('contact:\n  enquiry: [{type: phone, value: "12345"}, {type: web, value: "https://a.example"}]\n'
                 '  complaint: [{type: phone, value: "12345"}]'))], []),
    ("SVC504", [('contact: {enquiry: "12345", complaint: "12345-2"}',
                 'contact:\n  enquiry: "12345"\n  complaint: [{type: phone, value: "  "}]')], [("  complaint: [", 14)]),
    # a wholly missing contact stays SVC101 alone
    ("SVC504", [('contact: {enquiry: "12345", complaint: "12345-2"}\n', "")], []),
    # SVC503: amount or standard
    ("SVC503", [("fees: {charged: false}", "fees:\n  charged: true\n  items:\n    - {name: 工本费, standard: 按面积计收, basis: 价格文件}")], []),
    ("SVC503", [("fees: {charged: false}", "fees:\n  charged: true\n  items:\n    - {name: 工本费, basis: 价格文件}")], [("    - {name: 工本费", 7)]),
]


@pytest.mark.parametrize(("code", "edits", "expected"), RULE_CASES)
def test_rule_changes(code, edits, expected):
    text = v11(*edits)
    assert positions(text, code) == [(code, *at(text, *place)) for place in expected]


# ---------------------------------------------------------------------------------------
# New codes

NEW_CODE_CASES = [
    ("SVC410", [("legal_basis:", CASES + "legal_basis:"), ("    uses: [phone-number]\n",
                "    uses: [phone-number]\n    when: [remarriage, [by-proxy, remariage]]\n")],
     [("    when: [remarriage, [by-proxy, remariage]]", 35)]),
    ("SVC410", [("    uses: [phone-number]\n", "    uses: [phone-number]\n    when: [remarriage]\n")],
     [("    when: [remarriage]", 12)]),
    ("SVC411", [("legal_basis:", CASES + "legal_basis:"), ("    uses: [phone-number]\n",
                "    uses: [phone-number]\n    when: [remarriage]\n")], [("  - {id: by-proxy", 10)]),
    ("SVC411", [("legal_basis:", CASES + "legal_basis:"), ("    uses: [phone-number]\n",
                "    uses: [phone-number]\n    when: [[remarriage, by-proxy]]\n")], []),
    ("SVC412", [("    retention: {value: 5, unit: years}\n", "    retention: {value: 5, unit: years}\n    one_of: identity\n")],
     [("    one_of: identity", 13)]),
    ("SVC412", [("    retention: {value: 5, unit: years}\n", "    retention: {value: 5, unit: years}\n    one_of: reach\n"),
                ("    retention: {value: 2, unit: years}\n", "    retention: {value: 2, unit: years}\n    one_of: reach\n")], []),
    ("SVC508", [('description: {zh: 用于测试的最小有效定义。, en: "The smallest valid definition, for tests."}\n', "")],
     [('svcstd: "1.1"', 1)]),
    ("SVC508", [('description: {zh: 用于测试的最小有效定义。, en: "The smallest valid definition, for tests."}',
                 'descripton: {zh: 用于测试的最小有效定义。}')], []),
]


@pytest.mark.parametrize(("code", "edits", "expected"), NEW_CODE_CASES)
def test_new_codes(code, edits, expected):
    text = v11(*edits)
    assert positions(text, code) == [(code, *at(text, *place)) for place in expected]


def test_new_code_messages_suggest_and_name():
    text = v11(("legal_basis:", CASES + "legal_basis:"),
               ("    uses: [phone-number]\n", "    uses: [phone-number]\n    when: [remariage, by-proxy]\n"))
    (unknown,) = findings(text, "SVC410")
    assert "`remariage`" in unknown.message and "Did you mean `remarriage`?" in unknown.message
    (unused,) = findings(text, "SVC411")
    assert "`remarriage`" in unused.message
    (zh,) = findings(text, "SVC410", lang="zh")
    assert "是否应为 `remarriage`" in zh.message


# ---------------------------------------------------------------------------------------
# One mistake, one finding


def test_missing_version_line_is_svc005_only():
    text = v11(('svcstd: "1.1"\n', ""))
    assert [f.code for f in findings(text)] == ["SVC005"]


@pytest.mark.parametrize("empty", ['""', "null", "{}", '{zh: ""}'])
def test_an_empty_required_text_is_reported_once(empty):
    text = v11(("    purpose: {zh: 核实身份, en: To verify identity}\n", f"    purpose: {empty}\n"))
    assert len(findings(text)) == 1


def test_a_misspelt_key_is_not_also_missing():
    text = v11(("    legal_basis: Social Assistance Regulation, Article 9\n    retention: {value: 5",
                "    legal_basis: Social Assistance Regulation, Article 9\n    retenton: {value: 5"))
    assert [f.code for f in findings(text)] == ["SVC104"]


# ---------------------------------------------------------------------------------------
# Messages: steps by id, Chinese units


def test_messages_name_steps_by_id_and_chinese_units():
    text = v11((ACCEPT_DEADLINE, "    deadline: {value: 16, unit: hours}\n"))
    (english,) = findings(text, "SVC204")
    assert "Step `accept`" in english.message
    (chinese,) = findings(text, "SVC204", lang="zh")
    assert "小时" in chinese.message and "工作日" in chinese.message and "working_days" not in chinese.message
    (over,) = findings(v11((COMMITTED, "committed: {value: 6, unit: working_days}")), "SVC203", lang="zh")
    assert "7 个工作日" in over.message and "6 个工作日" in over.message


def test_svc701_names_the_step_by_its_id():
    text = v11()
    (name, *_) = [f for f in findings(text, "SVC701", required_languages=("fr",)) if "steps" in f.path]
    assert name.message.startswith("`steps[accept].name`")


# ---------------------------------------------------------------------------------------
# Registry defaults (1.1): inherited public status, language of plain strings; cache


REGISTRY_11 = OFFICES.replace('svcstd: "1"', 'svcstd: "1.1"') + (
    "defaults:\n  language: zh\n  public_status:\n    accept: 已受理\n    decide: 审核中\n"
)
PLAIN = v11((ACCEPT_STATUS, ""), (DECIDE_STATUS, ""), ("name: {zh: 最低测试服务, en: Minimal test service}", "name: 最低测试服务"))


def _check(folder, config=None, **options):
    report = check_paths([str(folder)], config or Config(root=str(folder)), CheckOptions(**options))
    return [(f.code, f.file.rsplit("/", 1)[-1], f.line) for f in report.findings]


def test_steps_inherit_the_registrys_public_status(repo):
    write(repo, "offices.yaml", REGISTRY_11)
    write(repo, "service.yaml", PLAIN)
    assert _check(repo) == []
    # Without the registry's default for `decide`, that step needs its own.
    write(repo, "offices.yaml", REGISTRY_11.replace("    decide: 审核中\n", ""))
    assert _check(repo) == [("SVC302", "service.yaml", line_of(PLAIN, "  - id: decide"))]


def test_a_step_with_a_list_of_stages_inherits_its_last(repo):
    write(repo, "offices.yaml", REGISTRY_11.replace("    accept: 已受理\n", ""))
    write(repo, "service.yaml", PLAIN.replace("    stage: accept", "    stage: [accept, decide]"))
    assert _check(repo) == []
    write(repo, "service.yaml", PLAIN.replace("    stage: accept", "    stage: [decide, accept]"))
    assert [code for code, *_ in _check(repo)] == ["SVC302"]


def test_a_registry_change_reaches_cached_definitions(repo):
    write(repo, "offices.yaml", REGISTRY_11)
    write(repo, "service.yaml", PLAIN)
    cache = str(repo / ".cache")
    assert _check(repo, use_cache=True, cache_dir=cache) == []
    assert _check(repo, use_cache=True, cache_dir=cache) == []  # from the cache
    write(repo, "offices.yaml", REGISTRY_11.replace("    accept: 已受理\n", ""))
    assert [code for code, *_ in _check(repo, use_cache=True, cache_dir=cache)] == ["SVC302"]


def test_plain_strings_count_as_the_default_language(repo):
    config = Config(root=str(repo), required_languages=("zh",))
    write(repo, "service.yaml", PLAIN.replace(ACCEPT_STATUS, "").replace("    stage: accept\n", "    stage: accept\n"))
    untagged = [c for c in _check(repo, config) if c[0] == "SVC701"]
    assert untagged and untagged[0][2] == line_of(PLAIN, "name: 最低测试服务")  # no one says what it is
    # the registry says
    write(repo, "offices.yaml", REGISTRY_11)
    assert [c for c in _check(repo, config) if c[0] == "SVC701"] == []
    # the file says otherwise: its plain strings are English, and Chinese is required
    write(repo, "service.yaml", PLAIN.replace('svcstd: "1.1"\n', 'svcstd: "1.1"\nlanguage: en\n'))
    assert ("SVC701", "service.yaml", line_of(PLAIN, "name: 最低测试服务") + 1) in _check(repo, config)
    # configuration's default-language, when neither the file nor the registry says
    write(repo, "offices.yaml", OFFICES)
    write(repo, "service.yaml", PLAIN)
    (repo / "svcstd.toml").write_text('required-languages = ["zh"]\ndefault-language = "zh"\n', "utf-8")
    result = run_svcstd("check", "--format", "text", "service.yaml", cwd=repo)
    assert b"SVC701" not in result.stdout, result.stdout


# ---------------------------------------------------------------------------------------
# The false positives of issue 10, as real guides write them: exactly the spec's findings.

REAL_GUIDE = """\
svcstd: "1.1"
id: hukou-birth-registration
language: zh
name: 出生登记
type: confirmation
status: active
audience: [natural_person]
legal_basis:
  - title: 中华人民共和国户口登记条例
    article: 第七条
responsible_office: {ref: test-office}
eligibility:
  - id: newborn
    criterion: 婴儿出生后一个月以内申报出生登记
deadlines:
  kind: immediate
  statutory: null
  committed: {value: 0, unit: working_days}
steps:
  - id: apply
    name: 申请人提交材料
    stage: accept
    actor: applicant
  - id: accept-and-decide
    name: 受理并当场办结
    stage: [accept, decide, conclude]
    actor: office
    office: {ref: test-office}
    public_status: 已办结
data_collected:
  - id: birth-certificate
    name: 出生医学证明
    form: document
    category: [identity, minor]
    personal: true
    sensitive: true
    necessity: 核实婴儿出生事实
    legal_basis: 中华人民共和国户口登记条例第七条
    required: true
    source: government
    purpose: 核实出生事实
    retention: permanent
    presented: original
  - id: parents-hukou
    name: 父母户口簿
    form: document
    category: identity
    personal: true
    sensitive: false
    required: true
    source: applicant
    purpose: 确定落户地址
    retention: permanent
    presented: original_and_copy
    copies: {copy: 1}
fees: {charged: false}
outcome: {name: 户口簿, type: certificate, delivery: [in_person]}
channels:
  - type: counter
    address: 户籍窗口
    visits: 1
    visits_reason: 需核验原件
contact:
  enquiry: "110"
  complaint: [{type: phone, value: "12345"}]
"""


def test_a_real_guide_gets_only_the_findings_the_spec_says(repo):
    """Materials without `uses`, an applicant step without deadline or status, a 即办件 office
    step without deadline, no description, an item covered by the service's legal basis:
    the one finding left is SVC508 (no description), which is true."""
    write(repo, "birth.yaml", REAL_GUIDE)
    assert _check(repo) == [("SVC508", "birth.yaml", 1)]
    result = run_svcstd("check", "--format", "text", "birth.yaml", cwd=repo)
    assert result.returncode == 0 and b"birth.yaml:1:1: SVC508" in result.stdout


def test_the_same_guide_in_format_1_gets_the_same_rule_findings(repo):
    """The rule changes hold for both versions: a version 1 file that uses no 1.1 key."""
    version_1 = (
        REAL_GUIDE.replace('svcstd: "1.1"', 'svcstd: "1"').replace("language: zh\n", "")
        .replace("    stage: [accept, decide, conclude]", "    stage: decide")
        .replace("category: [identity, minor]", "category: minor").replace("source: government", "source: applicant")
        .replace("    presented: original\n", "").replace("    presented: original_and_copy\n    copies: {copy: 1}\n", "")
        .replace("delivery: [in_person]", "delivery: [pickup]")
        .replace('  complaint: [{type: phone, value: "12345"}]', '  complaint: "12345"')
    )
    write(repo, "birth.yaml", version_1)
    assert _check(repo) == [("SVC508", "birth.yaml", 1)]


def test_schema_messages_name_list_entries_by_id_or_1_based_position():
    """Issue 11 item 14: `steps[1]` (0-based) read as the first step."""
    (by_id,) = findings(v11(("    stage: decide", "    stag: decide")), "SVC104")
    assert "in `steps[decide]`" in by_id.message
    (by_position,) = findings(v11(("    online_depth: 4", "    online_dept: 4")), "SVC104")
    assert "in `channels[#1]`" in by_position.message


def test_a_bad_default_language_is_a_configuration_error(repo):
    (repo / "svcstd.toml").write_text('default-language = "Chinese!"\n', "utf-8")
    write(repo, "service.yaml", V11)
    result = run_svcstd("check", "service.yaml", cwd=repo)
    assert result.returncode == 2 and b"default-language" in result.stderr
