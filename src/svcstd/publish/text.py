"""Words of the publications (guide pages, export errors, code labels), in English and Chinese.

Kept beside the publications that use them, as the compliance report keeps its own words
(reporters/compliance_text.py): they are labels of documents for citizens and portals, not
findings. `tests/test_publish_text.py` checks both languages have the same keys and the
same placeholders.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

# The code lists of the format (FORMAT.md), as people read them.
CODES: dict[str, dict[str, dict[str, str]]] = {
    "type": {
        "en": {
            "licensing": "Administrative licensing", "penalty": "Administrative penalty",
            "enforcement": "Administrative enforcement", "levy": "Administrative levy",
            "benefit": "Administrative benefit", "inspection": "Administrative inspection",
            "confirmation": "Administrative confirmation", "reward": "Administrative reward",
            "adjudication": "Administrative adjudication", "filing": "Filing",
            "other_administrative": "Other administrative power", "public_service": "Public service",
        },
        "zh": {
            "licensing": "行政许可", "penalty": "行政处罚", "enforcement": "行政强制", "levy": "行政征收",
            "benefit": "行政给付", "inspection": "行政检查", "confirmation": "行政确认", "reward": "行政奖励",
            "adjudication": "行政裁决", "filing": "备案", "other_administrative": "其他行政权力",
            "public_service": "公共服务",
        },
    },
    "status": {
        "en": {"draft": "Draft", "active": "In force", "suspended": "Suspended", "retired": "Withdrawn"},
        "zh": {"draft": "草案", "active": "在用", "suspended": "暂停", "retired": "已废止"},
    },
    "audience": {
        "en": {
            "natural_person": "Individuals", "enterprise": "Enterprises", "public_institution": "Public institutions",
            "social_organization": "Social organizations", "government_agency": "Government agencies", "other": "Others",
        },
        "zh": {
            "natural_person": "自然人", "enterprise": "企业法人", "public_institution": "事业单位法人",
            "social_organization": "社会组织法人", "government_agency": "行政机关", "other": "其他组织",
        },
    },
    "stage": {
        "en": {"accept": "Acceptance", "review": "Review", "decide": "Decision", "conclude": "Completion",
               "deliver": "Delivery", "other": "Other"},
        "zh": {"accept": "受理", "review": "审查", "decide": "决定", "conclude": "办结", "deliver": "送达", "other": "其他"},
    },
    "actor": {
        "en": {"applicant": "Applicant", "office": "Office", "third_party": "Third party"},
        "zh": {"applicant": "申请人", "office": "办理机关", "third_party": "第三方"},
    },
    "channel": {
        "en": {"counter": "At the counter", "web": "Online (website)", "mobile": "Mobile app",
               "post": "By post", "phone": "By telephone"},
        "zh": {"counter": "窗口办理", "web": "网上办理", "mobile": "移动端办理", "post": "邮寄办理", "phone": "电话办理"},
    },
    "outcome": {
        "en": {"certificate": "Certificate", "license": "Licence", "approval": "Approval", "decision": "Decision",
               "filing": "Filing record", "other": "Other"},
        "zh": {"certificate": "证照", "license": "许可证", "approval": "批准文书", "decision": "决定书",
               "filing": "备案回执", "other": "其他"},
    },
    "delivery": {
        "en": {"pickup": "Collection at the office", "post": "By post", "electronic": "Electronically",
               "in_person": "Handed over in person", "announcement": "Public announcement"},
        "zh": {"pickup": "窗口领取", "post": "邮寄送达", "electronic": "电子送达", "in_person": "直接送达",
               "announcement": "公告送达"},
    },
    "unit": {
        "en": {"working_days": "working days", "calendar_days": "calendar days", "hours": "hours",
               "days": "days", "months": "months", "years": "years"},
        "zh": {"working_days": "个工作日", "calendar_days": "个自然日", "hours": "小时",
               "days": "天", "months": "个月", "years": "年"},
    },
    "kind": {
        "en": {"immediate": "Immediate (decided on the spot)", "commitment": "Within a committed time limit"},
        "zh": {"immediate": "即办件", "commitment": "承诺件"},
    },
    "level": {
        "en": {"national": "National", "provincial": "Provincial", "municipal": "Municipal", "county": "County",
               "township": "Township", "village": "Village"},
        "zh": {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级",
               "township": "乡镇级", "village": "村级"},
    },
}

CODE_LISTS = tuple(CODES)

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        # Export errors (exit 2, nothing written).
        "export_failed": "Nothing was exported: {count} problem(s) must be fixed first.",
        "unreadable": "{file}: the file cannot be read as a definition ({detail}); run `svcstd check {file}`.",
        "no_id": "{file}: the service has no `id`; CPSV-AP needs exactly one identifier per service.",
        "no_name": "{file}: the service has no `name`; CPSV-AP needs at least one title per service.",
        "no_description": (
            "{file}: the service `{service}` has no `description`; CPSV-AP needs at least one "
            "description per service (dct:description). Add `description:` (a text, e.g. {{zh: ..., en: ...}})."
        ),
        "no_office": (
            "{file}: the service `{service}` has no `responsible_office` with a `ref`; CPSV-AP needs "
            "a competent authority (cv:hasCompetentAuthority)."
        ),
        "unknown_office": (
            "{file}: office `{office}` is not in the offices registry ({registry}); add it there "
            "(with its `area`) or correct the reference."
        ),
        "office_without_area": (
            "{registry}: office `{office}` has no `area`; CPSV-AP needs the place every public "
            "organisation serves (dct:spatial). Add `area: {{code: \"110000\"}}` (GB/T 2260 division "
            "code, or ISO 3166 outside China) to this office and declare `svcstd: \"1.1\"` in the registry."
        ),
        "office_without_name": "{registry}: office `{office}` has no `name`; CPSV-AP needs a label (skos:prefLabel).",
        "no_language": (
            "{file}: the plain text at {where} has no language, and every text of the export needs one. "
            "Write it as {{zh: ...}}, or give the file `language: zh` (format 1.1), the registry "
            "`defaults: {{language: zh}}`, or run with --default-language zh."
        ),
        "no_definitions": "No service definitions found in {paths}.",
        "unknown_target": "unknown export target {name!r}; choose one of: {choices}",
        "unknown_format": "unknown format {name!r} for {target}; choose one of: {choices}",
        "bad_language": "--default-language {value!r} is not a language tag (e.g. zh, en, zh-Hans)",
        "bad_base": "--base-iri {value!r} must be an absolute http(s) IRI ending in / or # (e.g. https://data.example.gov.cn/svc/)",
        "exported": "Exported {services} service(s) and {offices} office(s) to {target}.",
        "rdf_missing": (
            "the CPSV-AP export needs rdflib, which is not installed; install it with "
            "`pip install \"svcstd[rdf]\"`"
        ),
        "jinja_missing": "the guide needs Jinja2, which is not installed; install it with `pip install jinja2`",
    },
    "zh": {
        "export_failed": "未导出任何内容：须先修正 {count} 个问题。",
        "unreadable": "{file}：无法作为服务定义读取此文件（{detail}）；请运行 `svcstd check {file}`。",
        "no_id": "{file}：该服务没有 `id`；CPSV-AP 要求每个服务恰有一个标识符。",
        "no_name": "{file}：该服务没有 `name`；CPSV-AP 要求每个服务至少有一个名称。",
        "no_description": (
            "{file}：服务 `{service}` 没有 `description`；CPSV-AP 要求每个服务至少有一条描述"
            "（dct:description）。请添加 `description:`（文本，例如 {{zh: ..., en: ...}}）。"
        ),
        "no_office": (
            "{file}：服务 `{service}` 没有带 `ref` 的 `responsible_office`；CPSV-AP 要求有实施主体"
            "（cv:hasCompetentAuthority）。"
        ),
        "unknown_office": "{file}：部门 `{office}` 不在部门名录（{registry}）中；请在名录中添加该部门（含 `area`）或更正引用。",
        "office_without_area": (
            "{registry}：部门 `{office}` 没有 `area`；CPSV-AP 要求注明每个公共机构的服务地域"
            "（dct:spatial）。请为该部门添加 `area: {{code: \"110000\"}}`（GB/T 2260 行政区划代码，"
            "境外机构用 ISO 3166 代码），并在名录中声明 `svcstd: \"1.1\"`。"
        ),
        "office_without_name": "{registry}：部门 `{office}` 没有 `name`；CPSV-AP 要求有名称（skos:prefLabel）。",
        "no_language": (
            "{file}：{where} 处的纯文本没有语言，而导出的每段文本都须注明语言。请写成 {{zh: ...}}，"
            "或为文件添加 `language: zh`（1.1 版格式），或在名录中设置 `defaults: {{language: zh}}`，"
            "或运行时加 --default-language zh。"
        ),
        "no_definitions": "在 {paths} 中没有找到服务定义。",
        "unknown_target": "未知的导出目标 {name!r}；可选：{choices}",
        "unknown_format": "{target} 不支持格式 {name!r}；可选：{choices}",
        "bad_language": "--default-language {value!r} 不是语言标记（例如 zh、en、zh-Hans）",
        "bad_base": "--base-iri {value!r} 须为以 / 或 # 结尾的绝对 http(s) IRI（例如 https://data.example.gov.cn/svc/）",
        "exported": "已将 {services} 个服务和 {offices} 个部门导出到 {target}。",
        "rdf_missing": "CPSV-AP 导出需要 rdflib，但尚未安装；请运行 `pip install \"svcstd[rdf]\"` 安装。",
        "jinja_missing": "办事指南需要 Jinja2，但尚未安装；请运行 `pip install jinja2` 安装。",
    },
}


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    template = _TEXT.get(lang, _TEXT["en"]).get(key) or _TEXT["en"][key]
    return template.format(**params) if params else template


def code_label(code_list: str, value: object, lang: str = "en") -> str:
    """A code as people read it; an unknown code is shown as written."""
    labels = CODES.get(code_list, {})
    return labels.get(lang, labels.get("en", {})).get(value, str(value)) if isinstance(value, str) else str(value)
