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

CODES.update({
    "presented": {
        "en": {"original": "Original", "copy": "Copy", "original_and_copy": "Original shown, copy kept",
               "original_or_copy": "Original or copy"},
        "zh": {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件", "original_or_copy": "原件或复印件"},
    },
    "medium": {
        "en": {"paper": "Paper", "electronic": "Electronic", "paper_or_electronic": "Paper or electronic",
               "paper_and_electronic": "Paper and electronic"},
        "zh": {"paper": "纸质", "electronic": "电子", "paper_or_electronic": "纸质或电子", "paper_and_electronic": "纸质和电子"},
    },
    "source": {
        "en": {"applicant": "The applicant", "department_sharing": "Obtained by the office from other departments",
               "electronic_license": "Electronic licence (no paper needed)", "third_party": "A third party",
               "government": "Issued by a government body", "office": "Made by this office",
               "intermediary": "An intermediary"},
        "zh": {"applicant": "申请人自备", "department_sharing": "部门间共享获取", "electronic_license": "电子证照",
               "third_party": "第三方出具", "government": "政府部门核发", "office": "本机关生成",
               "intermediary": "中介机构出具"},
    },
    "scope": {
        "en": {"national": "Anywhere in the country", "cross_province": "Across provinces", "province": "Within the province",
               "cross_city": "Across cities", "city": "Within the city", "cross_county": "Across counties",
               "county": "Within the county", "township": "Within the township", "local_only": "Only locally"},
        "zh": {"national": "全国通办", "cross_province": "跨省通办", "province": "全省通办", "cross_city": "跨市通办",
               "city": "全市通办", "cross_county": "跨县通办", "county": "全县通办", "township": "乡镇通办",
               "local_only": "仅限属地办理"},
    },
})

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

        # The guide (办事指南).
        "guide_title": "Service guide",
        "index_title": "Service guides",
        "index_intro": "{count} services. Search, or browse by office and by type.",
        "search": "Search services",
        "search_hint": "Name, code or office",
        "no_match": "No service matches.",
        "by_office": "By office",
        "by_type": "By type",
        "skip": "Skip to content",
        "back": "All services",
        "contents": "Contents",
        "banner_title": "Preview: this definition is not complete",
        "banner_intro": "svcstd found {errors} error(s) and {warnings} warning(s). What is missing or doubtful:",
        "line": "line {line}",
        "codes": "Codes",
        "service_id": "Service id",
        "code_catalogue": "Catalogue code",
        "code_implementation": "Implementation code",
        "code_variant": "Variant code",
        "item_type": "Type",
        "level": "Level",
        "scope": "Where it can be handled",
        "status": "Status",
        "office": "Responsible office",
        "supervising_office": "Supervising office",
        "version": "Version",
        "effective": "In force",
        "effective_from_until": "{start} to {end}",
        "who": "Who may apply",
        "audience": "Applicants",
        "eligibility": "Conditions",
        "quantity_limit": "Quantity limit",
        "only_when": "Only when: {cases}",
        "cases": "Situations",
        "materials": "Materials to provide",
        "material": "Material",
        "presented": "Original / copy",
        "medium": "Paper / electronic",
        "copies": "Copies",
        "copies_value": "{original} original(s), {copy} copy(ies)",
        "source": "Where it comes from",
        "required": "Required?",
        "required_yes": "Required",
        "required_no": "Optional",
        "required_deferrable": "May follow after acceptance (容缺)",
        "one_of": "One of: {group}",
        "template": "Blank form",
        "sample": "Sample",
        "no_materials": "No materials are needed.",
        "materials_note": "Note",
        "process": "How it is handled",
        "flow_title": "Flow of the steps of {name}",
        "step": "Step",
        "stage": "Stage",
        "actor": "Who acts",
        "time_limit": "Time limit",
        "public_status": "Status you will see",
        "criteria": "Review criteria",
        "no_time_limit": "no time limit given",
        "next_steps": "Next: {steps}",
        "statuses": "What each status means",
        "time_limits": "Time limits",
        "kind": "Kind",
        "statutory": "Statutory time limit",
        "committed": "Committed time limit",
        "acceptance": "Acceptance time limit",
        "no_statutory": "No statutory time limit",
        "special_procedures": "Not counted in the time limit",
        "special_counted": "Counted in the time limit",
        "by_case": "In particular situations",
        "fees": "Fees",
        "free": "Free of charge.",
        "amount": "Amount",
        "fee_basis": "Basis",
        "reducible": "May be reduced or waived",
        "where": "Where and when",
        "channel": "Channel",
        "address": "Address",
        "hours": "Opening hours",
        "website": "Website",
        "online_depth": "Online service depth",
        "online_depth_value": "Level {depth} of 4",
        "visits": "Visits to the office",
        "visits_value": "{count}",
        "appointment": "By appointment",
        "courier": "Documents can be sent by courier",
        "online_payment": "Online payment",
        "self_service": "Self-service terminal",
        "outcome": "What you receive",
        "outcome_type": "Type",
        "delivery": "How it is delivered",
        "validity": "Valid for",
        "permanent": "permanently",
        "delivery_deadline": "Delivered within",
        "personal_data": "Your personal data",
        "personal_data_intro": "What is collected, why, on which legal basis, how long it is kept and who receives it.",
        "data_item": "Data",
        "purpose": "Purpose",
        "legal_basis": "Legal basis",
        "retention": "Kept for",
        "shared_with": "Shared with",
        "sensitive": "sensitive",
        "cross_border": "Sent abroad to {destination} ({basis})",
        "no_personal_data": "No personal data is collected.",
        "not_shared": "Not shared",
        "contacts": "Enquiries, complaints and remedies",
        "enquiry": "Enquiries",
        "complaint": "Complaints",
        "review": "Administrative review",
        "litigation": "Administrative litigation",
        "faq": "Frequently asked questions",
        "laws": "Legal basis",
        "generated": "Generated by svcstd {version} from {file}.",
        "refused_strict": "{file}: not published: {errors} error(s) (--strict). Run `svcstd check {file}`.",
        "guide_written": "Wrote {pages} page(s) and the index to {folder}.",
        "bad_guide_format": "unknown guide format {name!r}; choose html or markdown",
        "bad_lang": "unknown language {name!r}; choose zh or en",
        "output_is_file": "--output {folder} is a file; give a folder for the guide",
        "not_rendered": "{file}: no page: the file cannot be read as a definition ({detail}); run `svcstd check {file}`.",
        "yes": "Yes",
        "no": "No",
        "step_office": "Office",
        "fee_item": "Fee",
        "banner_more": "{count} more",
        "no_steps": "The steps are not described.",
        "colon": ": ",
        "list_sep": ", ",
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

        "guide_title": "办事指南",
        "index_title": "办事指南目录",
        "index_intro": "共 {count} 个服务事项。可搜索，或按实施机关、事项类型浏览。",
        "search": "搜索事项",
        "search_hint": "事项名称、编码或部门",
        "no_match": "没有匹配的事项。",
        "by_office": "按实施机关",
        "by_type": "按事项类型",
        "skip": "跳到正文",
        "back": "全部事项",
        "contents": "目录",
        "banner_title": "预览：此定义尚不完整",
        "banner_intro": "svcstd 发现 {errors} 个错误和 {warnings} 个警告。缺少或存疑的内容：",
        "line": "第 {line} 行",
        "codes": "编码",
        "service_id": "事项标识",
        "code_catalogue": "基本编码",
        "code_implementation": "实施编码",
        "code_variant": "业务办理项编码",
        "item_type": "事项类型",
        "level": "行使层级",
        "scope": "通办范围",
        "status": "状态",
        "office": "实施主体",
        "supervising_office": "主管部门",
        "version": "版本",
        "effective": "有效期",
        "effective_from_until": "{start} 至 {end}",
        "who": "受理条件",
        "audience": "服务对象",
        "eligibility": "申请条件",
        "quantity_limit": "数量限制",
        "only_when": "仅限以下情形：{cases}",
        "cases": "办理情形",
        "materials": "申请材料",
        "material": "材料名称",
        "presented": "原件/复印件",
        "medium": "纸质/电子",
        "copies": "份数",
        "copies_value": "原件 {original} 份，复印件 {copy} 份",
        "source": "来源渠道",
        "required": "必要性",
        "required_yes": "必要",
        "required_no": "非必要",
        "required_deferrable": "容缺后补",
        "one_of": "其中一项：{group}",
        "template": "空白表格",
        "sample": "示例样表",
        "no_materials": "无需提交材料。",
        "materials_note": "说明",
        "process": "办理流程",
        "flow_title": "{name}办理流程图",
        "step": "环节",
        "stage": "办理阶段",
        "actor": "办理人",
        "time_limit": "办理时限",
        "public_status": "您将看到的状态",
        "criteria": "审查标准",
        "no_time_limit": "未规定时限",
        "next_steps": "下一步：{steps}",
        "statuses": "办理状态说明",
        "time_limits": "办理时限",
        "kind": "办件类型",
        "statutory": "法定办结时限",
        "committed": "承诺办结时限",
        "acceptance": "受理时限",
        "no_statutory": "无法定办结时限",
        "special_procedures": "不计入办理时限的特别程序",
        "special_counted": "计入办理时限",
        "by_case": "特定情形的时限",
        "fees": "收费",
        "free": "不收费。",
        "amount": "收费标准",
        "fee_basis": "收费依据",
        "reducible": "可减免",
        "where": "办理地点和时间",
        "channel": "办理渠道",
        "address": "办理地点",
        "hours": "办理时间",
        "website": "网址",
        "online_depth": "网办深度",
        "online_depth_value": "第 {depth} 级（共 4 级）",
        "visits": "到办事现场次数",
        "visits_value": "{count} 次",
        "appointment": "需预约",
        "courier": "支持物流快递",
        "online_payment": "支持网上支付",
        "self_service": "支持自助终端",
        "outcome": "办理结果",
        "outcome_type": "结果类型",
        "delivery": "送达方式",
        "validity": "有效期限",
        "permanent": "长期有效",
        "delivery_deadline": "送达时限",
        "personal_data": "个人信息处理",
        "personal_data_intro": "收集哪些个人信息、用途、法律依据、保存期限以及向谁提供。",
        "data_item": "信息项",
        "purpose": "处理目的",
        "legal_basis": "法律依据",
        "retention": "保存期限",
        "shared_with": "向谁提供",
        "sensitive": "敏感个人信息",
        "cross_border": "向境外（{destination}）提供，依据：{basis}",
        "no_personal_data": "不收集个人信息。",
        "not_shared": "不对外提供",
        "contacts": "咨询、投诉与救济",
        "enquiry": "咨询方式",
        "complaint": "监督投诉",
        "review": "行政复议",
        "litigation": "行政诉讼",
        "faq": "常见问题",
        "laws": "设定依据",
        "generated": "由 svcstd {version} 根据 {file} 生成。",
        "refused_strict": "{file}：未发布：有 {errors} 个错误（--strict）。请运行 `svcstd check {file}`。",
        "guide_written": "已将 {pages} 个页面及目录写入 {folder}。",
        "bad_guide_format": "未知的指南格式 {name!r}；可选 html 或 markdown",
        "bad_lang": "未知的语言 {name!r}；可选 zh 或 en",
        "output_is_file": "--output {folder} 是一个文件；请为指南指定文件夹",
        "not_rendered": "{file}：未生成页面：无法作为服务定义读取此文件（{detail}）；请运行 `svcstd check {file}`。",
        "yes": "是",
        "no": "否",
        "step_office": "承办机构",
        "fee_item": "收费项目",
        "banner_more": "另有 {count} 项",
        "no_steps": "未说明办理环节。",
        "colon": "：",
        "list_sep": "、",
    },
}


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    template = _TEXT.get(lang, _TEXT["en"]).get(key) or _TEXT["en"][key]
    return template.format(**params) if params else template


def code_label(code_list: str, value: object, lang: str = "en") -> str:
    """A code as people read it; an unknown code is shown as written."""
    labels = CODES.get(code_list, {})
    return labels.get(lang, labels.get("en", {})).get(value, str(value)) if isinstance(value, str) else str(value)
