"""`svcstd guide`: what a page holds, in which order, safely escaped, in both languages."""

from __future__ import annotations

import json
import re
import string

import pytest

from conftest import EXAMPLES, MINIMAL, run_svcstd, write
from svcstd.publish import text as publish_text

SERVICES = sorted((EXAMPLES / "services").rglob("*.yaml"))
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}  # messages in Chinese, as a Chinese desktop has them
REGISTRY_11 = """\
svcstd: "1.1"
defaults:
  language: zh
  public_status: {review: {zh: 审查中, en: Under review}}
offices:
  - id: test-office
    name: {zh: 测试局, en: Test bureau}
    area: {code: "110105"}
"""
# A 1.1 definition with the material details, cases and an inherited status.
RICH = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"').replace(
    "data_collected:\n", """cases:
  - id: by-proxy
    name: {zh: 委托代办, en: Applying on someone's behalf}
data_collected:
  - id: proxy-letter
    name: {zh: 授权委托书, en: Letter of authorisation}
    form: document
    category: identity
    personal: true
    sensitive: false
    required: deferrable
    source: applicant
    presented: original
    medium: paper
    copies: {original: 1, copy: 2}
    template: https://services.example.gov.cn/proxy-form.docx
    purpose: {zh: 核实代办授权, en: To check the authorisation}
    legal_basis: Social Assistance Regulation, Article 9
    retention: {value: 5, unit: years}
    when: [by-proxy]
    one_of: authorisation
  - id: notarised-letter
    name: {zh: 公证委托书, en: Notarised authorisation}
    form: document
    category: identity
    personal: true
    sensitive: false
    required: true
    source: intermediary
    purpose: {zh: 核实代办授权, en: To check the authorisation}
    legal_basis: Social Assistance Regulation, Article 9
    retention: {value: 5, unit: years}
    when: [by-proxy]
    one_of: authorisation
""").replace("""    stage: decide
    actor: office
    office: {ref: test-office}
    deadline: {value: 5, unit: working_days}
    public_status: {zh: 审核中, en: Under review}
    uses: [phone-number]""", """    stage: review
    actor: office
    office: {ref: test-office}
    deadline: {value: 5, unit: working_days}
    uses: [phone-number, proxy-letter, notarised-letter]""")


@pytest.fixture
def repo11(tmp_path, monkeypatch):
    write(tmp_path, "offices.yaml", REGISTRY_11)
    write(tmp_path, "svcstd.toml", "")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def guide(folder, *args: str) -> dict[str, str]:
    result = run_svcstd("guide", *args, "--output", "out", cwd=folder)
    assert result.returncode == 0, result.stderr.decode()
    return {p.name: p.read_text("utf-8") for p in (folder / "out").iterdir()}


def test_one_page_per_example_and_an_index(tmp_path):
    result = run_svcstd("guide", "services", "--output", str(tmp_path / "g"), cwd=EXAMPLES, env=ZH)
    assert result.returncode == 0, result.stderr.decode()
    assert f"已将 {len(SERVICES)} 个页面及目录写入" in result.stderr.decode()
    pages = sorted(p.name for p in (tmp_path / "g").glob("*.html"))
    assert len(pages) == len(SERVICES) + 1 and "index.html" in pages
    index = (tmp_path / "g" / "index.html").read_text("utf-8")
    assert index.count('<li data-search="') == 2 * len(SERVICES)  # by office and by type
    assert "&lt;" not in index  # names of offices are markup, not escaped text
    passport = (tmp_path / "g" / "bj-ordinary-passport.html").read_text("utf-8")
    assert '<html lang="zh">' in passport and "<title>普通护照签发 · 办事指南</title>" in passport


def test_a_page_follows_the_citizens_reading_order(repo11):
    write(repo11, "service.yaml", RICH)
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    order = [m.group(1) for m in re.finditer(r'<h2 id="h-([a-z]+)"', page)]
    assert order == ["who", "materials", "process", "limits", "fees", "where", "outcome", "data", "contacts", "laws"]
    assert page.count("<h1>") == 1


def test_materials_table_carries_the_1_1_details(repo11):
    write(repo11, "service.yaml", RICH)
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    materials = page[page.index('<section id="materials"'): page.index('<section id="process"')]
    row = materials[materials.index("授权委托书\n"): materials.index("公证委托书\n")]
    assert "原件 1 份，复印件 2 份" in row and "纸质" in row and ">原件<" in row
    assert "容缺后补" in row and "仅限以下情形：委托代办" in row
    assert "其中一项：授权委托书 / 公证委托书" in row
    assert 'href="https://services.example.gov.cn/proxy-form.docx">空白表格</a>' in row
    assert "中介机构出具" in materials


def test_flow_diagram_one_box_per_step_and_statuses_inherited(repo11):
    write(repo11, "service.yaml", RICH)
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert svg.count('<g class="step"') == 2
    assert 'role="img"' in svg and "<title id=\"flow-title-wide\">最低测试服务办理流程图</title>" in svg
    assert svg.count('class="edge"') == 1
    # The review step has no public_status: it shows the registry's default for its stage.
    assert "您将看到的状态：审查中" in svg
    assert "<td><strong>审查中</strong></td>" in page


def test_english_page_marks_text_that_only_exists_in_chinese(repo11):
    write(repo11, "service.yaml", RICH.replace("name: {zh: 授权委托书, en: Letter of authorisation}", "name: 授权委托书"))
    page = guide(repo11, "service.yaml", "--lang", "en")["minimal-benefit.html"]
    assert '<html lang="en">' in page and "Materials to provide" in page
    assert '<span lang="zh">授权委托书</span>' in page
    assert "Letter of authorisation" not in page and "Notarised authorisation" in page


def test_json_ld_government_service_is_embedded(repo11):
    write(repo11, "service.yaml", MINIMAL)
    page = guide(repo11, "service.yaml", "--base-iri", "https://data.example.gov.cn/svc/")["minimal-benefit.html"]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    record = json.loads(block)
    assert record["@type"] == "GovernmentService" and record["name"] == "最低测试服务"
    assert record["serviceOperator"]["name"] == "测试局"
    assert record["@id"] == "https://data.example.gov.cn/svc/service/minimal-benefit"


def test_text_is_data_never_markup(repo11):
    hostile = "<script>alert(1)</script>"
    write(repo11, "service.yaml", MINIMAL.replace("name: {zh: 最低测试服务, en: Minimal test service}", f"name: '{hostile}'"))
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    assert hostile not in page.replace('<script type="application/ld+json">', "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<\\/script>" in page  # inside the JSON-LD block, `</` cannot end the script


def test_self_contained_and_readable_without_javascript(repo11):
    write(repo11, "service.yaml", MINIMAL)
    files = guide(repo11, "service.yaml")
    page = files["minimal-benefit.html"]
    assert "<link" not in page and "src=" not in page and "@import" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script type="application/ld+json">']
    assert "@media print" in page and '"Noto Sans CJK SC"' in page
    assert "<noscript" not in files["index.html"] and "<script>" in files["index.html"]  # search only


def test_errors_show_a_banner_unless_strict(repo11):
    broken = MINIMAL.replace("committed: {value: 10", "committed: {value: 30")  # SVC201
    write(repo11, "service.yaml", broken)
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    assert 'class="banner" role="alert"' in page and "SVC201" in page and "预览：此定义尚不完整" in page
    result = run_svcstd("guide", "service.yaml", "--strict", "--output", "strict", cwd=repo11, env=ZH)
    assert result.returncode == 1
    assert "service.yaml：未发布：有 1 个错误（--strict）" in result.stderr.decode()
    assert not (repo11 / "strict").exists()
    write(repo11, "service.yaml", MINIMAL)
    assert "banner" not in guide(repo11, "service.yaml", "--strict")["minimal-benefit.html"].split("</style>")[1]


def test_markdown_variant(repo11):
    write(repo11, "service.yaml", RICH)
    files = guide(repo11, "service.yaml", "--format", "markdown", "--lang", "en")
    assert set(files) == {"minimal-benefit.md", "index.md"}
    page = files["minimal-benefit.md"]
    assert page.startswith("# Minimal test service\n")
    assert "```mermaid\nflowchart TD\n" in page and "s0 --> s1" in page
    assert "| Letter of authorisation (Only when: Applying on someone's behalf)" in page
    assert "[Minimal test service](minimal-benefit.md)" in files["index.md"]


def test_usage_errors(repo11):
    write(repo11, "service.yaml", MINIMAL)
    result = run_svcstd("guide", "service.yaml", "--lang", "fr", cwd=repo11)
    assert result.returncode == 2 and "unknown language 'fr'; choose zh, en or both" in result.stderr.decode()
    result = run_svcstd("guide", "service.yaml", "--format", "pdf", "--lang", "zh", cwd=repo11, env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert result.returncode == 2 and "unknown guide format 'pdf'" in result.stderr.decode()
    result = run_svcstd("guide", "service.yaml", "--output", "service.yaml", cwd=repo11, env=ZH)
    assert result.returncode == 2 and "是一个文件" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_publish_words_exist_in_both_languages_with_the_same_placeholders():
    english, chinese = publish_text._TEXT["en"], publish_text._TEXT["zh"]
    assert set(english) == set(chinese)
    for key in english:
        assert _fields(english[key]) == _fields(chinese[key]), key
    for code_list, labels in publish_text.CODES.items():
        assert set(labels["en"]) == set(labels["zh"]), code_list


def test_every_invalid_and_hostile_file_publishes_or_is_refused_without_a_traceback(tmp_path):
    invalid = sorted(str(p.relative_to(EXAMPLES)) for p in (EXAMPLES / "invalid").glob("*.yaml"))
    result = run_svcstd("guide", *invalid, "--output", str(tmp_path / "invalid"), cwd=EXAMPLES, env=ZH)
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err and "internal error" not in err
    # Files that cannot be parsed get no page, and say so; every other one renders with its banner.
    assert "invalid/SVC001-syntax-error.yaml：未生成页面" in err
    pages = [p for p in (tmp_path / "invalid").glob("*.html") if p.name != "index.html"]
    assert len(pages) == len(invalid) - err.count("未生成页面")
    checked = json.loads(run_svcstd("check", "--format", "json", "--no-cache", *invalid, cwd=EXAMPLES).stdout)
    with_findings = {f["file"] for f in checked["findings"] if f["severity"] in ("error", "warning")}
    for page in pages:
        content = page.read_text("utf-8")
        source = re.search(r"根据 (\S+) 生成", content).group(1)
        assert ('class="banner"' in content) == (source in with_findings), source
    for command in (["export"], ["export", "--to", "schema-org"]):
        result = run_svcstd(*command, *invalid, "--default-language", "en", cwd=EXAMPLES)
        err = result.stderr.decode()
        assert "Traceback" not in err and "internal error" not in err and "rdflib" not in err
    hostile = EXAMPLES.parent / "tests" / "hostile"
    result = run_svcstd("guide", ".", "--output", str(tmp_path / "hostile"), cwd=hostile)
    assert result.returncode == 0 and "Traceback" not in result.stderr.decode()


def test_intermediaries_review_criteria_refunds_and_the_published_source_appear(repo11):
    extra = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"').replace("fees: {charged: false}", """fees:
  charged: true
  items:
    - name: {zh: 工本费, en: Card fee}
      amount: 20
      currency: CNY
      basis: 价格主管部门批复
      refund: {zh: 不予受理的全额退还, en: Refunded in full if the application is not accepted}
review_criteria: {zh: 材料齐全且符合法定形式, en: Complete and in the legal form}
intermediary_services:
  - name: {zh: 房屋测绘, en: Building survey}
    provider: {zh: 具有测绘资质的机构, en: A licensed surveyor}
    charged: true
provenance:
  url: https://www.example.gov.cn/guide/123
  publisher: {zh: 示例市政务服务网, en: Example city portal}
  published: 2024-05-01""")
    write(repo11, "service.yaml", extra)
    page = guide(repo11, "service.yaml")["minimal-benefit.html"]
    assert "<td>20 元<br><small>退费：不予受理的全额退还</small></td>" in page
    english = guide(repo11, "service.yaml", "--lang", "en")["minimal-benefit.html"]
    assert "<td>20 CNY<br><small>Refund: Refunded in full if the application is not accepted</small></td>" in english
    assert "<strong>审查标准</strong>：材料齐全且符合法定形式" in page
    assert "房屋测绘（提供机构：具有测绘资质的机构）" in page and '<span class="tag">收费</span>' in page
    assert '原办事指南：<a href="https://www.example.gov.cn/guide/123">示例市政务服务网</a>（2024-05-01）' in page


def test_both_languages_side_by_side_and_linked(repo11):
    write(repo11, "service.yaml", MINIMAL)
    result = run_svcstd("guide", "service.yaml", "--lang", "both", "--output", "out", cwd=repo11)
    assert result.returncode == 0, result.stderr.decode()
    zh = (repo11 / "out" / "zh" / "minimal-benefit.html").read_text("utf-8")
    en = (repo11 / "out" / "en" / "minimal-benefit.html").read_text("utf-8")
    assert '<html lang="zh">' in zh and '<html lang="en">' in en
    assert '<a href="../en/minimal-benefit.html" hreflang="en" lang="en">English</a>' in zh
    assert '<a href="../zh/minimal-benefit.html" hreflang="zh" lang="zh">中文</a>' in en
    assert '<a href="../en/index.html"' in (repo11 / "out" / "zh" / "index.html").read_text("utf-8")
