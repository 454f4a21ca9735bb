"""Code values of the format (FORMAT.md) as people read them, in English and Chinese.

Every output written for people (guide pages, exports' labels, the data-flow register)
shows `department_sharing` as 部门间共享获取, never as the code itself inside a Chinese
page. An unknown code is shown as written.
"""

from __future__ import annotations

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

# Code lists that only the registers and reviews show (not exported as concept schemes).
REGISTER_CODES: dict[str, dict[str, dict[str, str]]] = {
    "category": {
        "en": {
            "identity": "identity", "contact": "contact", "address": "address", "financial": "financial",
            "health": "health", "biometric": "biometric", "minor": "minor", "religion": "religion",
            "location": "location", "criminal_record": "criminal record", "employment": "employment",
            "education": "education", "property": "property", "civil_status": "civil status",
            "genetic": "genetic", "other": "other",
        },
        "zh": {
            "identity": "身份信息", "contact": "联系方式", "address": "住址", "financial": "金融账户与财务",
            "health": "医疗健康", "biometric": "生物识别", "minor": "未成年人信息", "religion": "宗教信仰",
            "location": "行踪轨迹", "criminal_record": "违法犯罪记录", "employment": "就业信息",
            "education": "教育信息", "property": "财产信息", "civil_status": "婚姻状况", "genetic": "基因信息",
            "other": "其他",
        },
    },
    "method": {
        "en": {"api": "interface (API)", "file": "file exchange", "manual": "by hand"},
        "zh": {"api": "接口调用", "file": "文件交换", "manual": "人工传递"},
    },
}


def code_label(code_list: str, value: object, lang: str = "en") -> str:
    """A code as people read it; an unknown code is shown as written."""
    labels = CODES.get(code_list) or REGISTER_CODES.get(code_list, {})
    return labels.get(lang, labels.get("en", {})).get(value, str(value)) if isinstance(value, str) else str(value)
