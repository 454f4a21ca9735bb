"""Writes the JSON Schemas of schemas/: format "1" and "1.1", service and offices registry,
each in English and in Chinese (schemas/zh/).

The schemas are committed JSON (editors and other tools read them directly); this script is
how they are kept consistent with each other: every part is defined once here, version 1.1
is version 1 plus its additions (FORMAT.md, "Version 1.1"), and each description is written
once with its Chinese beside it, so the two languages cannot drift apart.
Run `python tools/build_schema.py` after editing, then commit the outputs.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("1", "1.1")
LATEST = VERSIONS[-1]

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
CREDIT_CODE_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{18}$"
CATALOGUE_CODE_PATTERN = "^[0-9A-Z][0-9A-Z-]{0,39}$"
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


class T:
    """A text of the schema (description or title) in English and Chinese."""

    __slots__ = ("en", "zh")

    def __init__(self, en: str, zh: str):
        self.en, self.zh = en, zh

    def __deepcopy__(self, memo):
        return self  # never changed in place: a copy of a schema part may share it


def render(node, lang: str):
    """The schema tree with every T replaced by its text in `lang`."""
    if isinstance(node, T):
        return getattr(node, lang)
    if isinstance(node, dict):
        return {k: render(v, lang) for k, v in node.items()}
    if isinstance(node, list):
        return [render(v, lang) for v in node]
    return node


def missing_translations(node, where: str = "", in_properties: bool = False) -> list[str]:
    """Descriptions and titles given as plain strings (no Chinese): must be none.
    (Under `properties`, `title` and `description` are element names, not keywords.)"""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "title") and not in_properties and not isinstance(value, T):
                found.append(f"{where}/{key}")
            found.extend(missing_translations(value, f"{where}/{key}", key == "properties"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(missing_translations(value, f"{where}/{index}"))
    return found


EXTENSIONS = {"^x-": {"description": T("Local extension: any content, never checked.", "本地扩展：内容不限，不作检查。")}}


def obj(description, properties, required=(), title=None):
    schema = {"type": "object", "description": description}
    if title:
        schema["title"] = title
    schema["properties"] = properties
    if required:
        schema["required"] = list(required)
    schema["patternProperties"] = EXTENSIONS
    schema["additionalProperties"] = False
    return schema


def ref(name, description):
    return {"$ref": f"#/$defs/{name}", "description": description}


def listing(items, description, min_items=0):
    schema = {"type": "array", "description": description, "items": items}
    if min_items:
        schema["minItems"] = min_items
    return schema


def code(values, description):
    return {"type": "string", "enum": list(values), "description": description}


def string(description, **extra):
    return {"type": "string", "minLength": 1, "description": description, **extra}


def boolean(description):
    return {"type": "boolean", "description": description}


def count(description):
    return {"type": "integer", "minimum": 0, "description": description}


def one_or_list(single, description, title):
    """A value that 1.1 also accepts as a list of such values (stage, category)."""
    return {
        "title": title,
        "description": description,
        "anyOf": [single, {"type": "array", "minItems": 1, "items": single}],
    }


IDENTIFIER = {"type": "string", "pattern": ID_PATTERN}
STAGES = ["accept", "review", "decide", "conclude", "deliver", "other"]
STAGE_ZH = {"accept": "受理", "review": "审查", "decide": "决定", "conclude": "办结", "deliver": "送达", "other": "其他"}
LEVELS = ["national", "provincial", "municipal", "county", "township", "village"]
ROLES = ["statutory_authority", "authorized_org", "entrusted_org", "other"]
CATEGORIES = ["identity", "contact", "address", "financial", "health", "biometric", "minor",
              "religion", "location", "criminal_record", "employment", "education", "property", "other"]

# ---------------------------------------------------------------------------------------
# Version 1

DEFS = {
    "identifier": {
        **IDENTIFIER,
        "title": T("an identifier (letters, digits, '.', '_', '-'; 2 to 64 characters)",
                   "标识（字母、数字、'.'、'_'、'-'；2 至 64 个字符）"),
        "description": T("Identifier: starts with a letter or digit, then letters, digits, '.', '_' "
                         "or '-', 2 to 64 characters in all.",
                         "标识：以字母或数字开头，其后为字母、数字、'.'、'_' 或 '-'，共 2 至 64 个字符。"),
    },
    "text": {
        "title": T("text (a string, or a map from language tag to string, e.g. {zh: 居住证, en: Residence permit})",
                   "文本（字符串，或语言标签到字符串的映射，如 {zh: 居住证, en: Residence permit}）"),
        "description": T("Human-readable text: a non-empty string, or a map from language tag "
                         "(zh, en, ...) to non-empty string.",
                         "供人阅读的文本：非空字符串，或从语言标签（zh、en 等）到非空字符串的映射。"),
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": LANG_PATTERN},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
        ],
    },
    "date": {
        "type": "string",
        "format": "date",
        "title": T("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
        "description": T("Calendar date in ISO 8601 form, YYYY-MM-DD.", "日期，ISO 8601 格式 YYYY-MM-DD。"),
    },
    "url": {
        "type": "string",
        "format": "uri",
        "title": T("a web address (https://...)", "网址（https://...）"),
        "description": T("Absolute http or https address.", "以 http:// 或 https:// 开头的完整网址。"),
    },
    "credit_code": {
        "type": "string",
        "pattern": CREDIT_CODE_PATTERN,
        "title": T("a unified social credit code (18 characters, GB 32100)", "统一社会信用代码（18 位，GB 32100）"),
        "description": T("Unified social credit code (GB 32100-2015): 18 characters from "
                         "0-9 and A-Y without I, O, S, V, Z. The last one is a check character (SVC604).",
                         "统一社会信用代码（GB 32100-2015）：18 位，由 0-9 和除 I、O、S、V、Z 外的大写字母组成，"
                         "最后一位是校验码（SVC604）。"),
    },
    "duration": obj(
        T("A time limit: a whole number of working days, calendar days or hours.",
          "时限：若干个工作日、自然日或小时（整数）。"),
        {
            "value": count(T("How many units (0 or more).", "数量（0 或以上的整数）。")),
            "unit": code(["working_days", "calendar_days", "hours"],
                         T("Unit of the time limit.", "时限单位：working_days 工作日，calendar_days 自然日，hours 小时。")),
        },
        ["value", "unit"],
        title=T("a duration ({value: 20, unit: working_days})", "时限（如 {value: 20, unit: working_days}）"),
    ),
    "retention": {
        "title": T("a retention period ({value: 5, unit: years}) or the word permanent",
                   "保存期限（如 {value: 5, unit: years}）或 permanent"),
        "description": T("How long the data is kept: a duration in days, months or years, or `permanent`.",
                         "保存多久：以日、月或年计的期限，或 `permanent`（永久）。"),
        "anyOf": [
            obj(
                T("Retention period.", "保存期限。"),
                {
                    "value": count(T("How many units.", "数量。")),
                    "unit": code(["days", "months", "years"],
                                 T("Unit of the retention period.", "期限单位：days 日，months 月，years 年。")),
                },
                ["value", "unit"],
            ),
            {"const": "permanent"},
        ],
    },
    "office_ref": obj(
        T("Reference to an office in the offices registry.", "对部门名录中某一部门的引用。"),
        {
            "ref": ref("identifier", T("Id of the office in the offices registry (SVC601 if unknown).",
                                       "该部门在部门名录中的标识（名录中没有时报 SVC601）。")),
            "name": ref("text", T("Name of the office, for readers.", "部门名称，供阅读。")),
            "credit_code": ref("credit_code", T("The office's unified social credit code.", "该部门的统一社会信用代码。")),
            "role": code(ROLES, T("Capacity in which the office acts (实施主体性质).",
                                  "实施主体性质：statutory_authority 法定机关，authorized_org 法律法规授权组织，"
                                  "entrusted_org 受委托组织，other 其他。")),
        },
        ["ref"],
        title=T("an office reference ({ref: office-id})", "部门引用（{ref: 部门标识}）"),
    ),
    "law": obj(
        T("A legal provision the service rests on.", "事项所依据的一项法律规定。"),
        {
            "title": string(T("Title of the law or regulation.", "法律法规名称。")),
            "article": string(T("Article, paragraph or item cited (SVC501 warns when absent).",
                                "引用的条、款、项（缺少时 SVC501 提示）。")),
            "url": ref("url", T("Where the text of the law can be read.", "可查阅法规全文的网址。")),
            "rank": code(
                ["law", "administrative_regulation", "local_regulation", "department_rule", "normative_document"],
                T("Rank of the legal source.", "法律渊源的层级：law 法律，administrative_regulation 行政法规，"
                  "local_regulation 地方性法规，department_rule 规章，normative_document 规范性文件。"),
            ),
        },
        ["title"],
        title=T("a law citation ({title: ..., article: ...})", "法律依据（{title: ..., article: ...}）"),
    ),
    "criterion": obj(
        T("One eligibility criterion (受理条件).", "一项受理条件。"),
        {
            "id": ref("identifier", T("Id of the criterion, unique within the definition.", "该条件的标识，在本定义内唯一。")),
            "criterion": ref("text", T("What the applicant must satisfy.", "申请人须满足的条件。")),
            "evidence": listing(
                ref("identifier", T("Id of a data item in data_collected.", "data_collected 中一个数据项的标识。")),
                T("Data items that prove the criterion is met.", "证明满足该条件的数据项（申请材料）。"),
            ),
        },
        ["id", "criterion"],
        title=T("an eligibility criterion", "受理条件"),
    ),
    "deadlines": obj(
        T("Time limits (法定/承诺办结时限).", "办结时限（法定办结时限、承诺办结时限）。"),
        {
            "kind": code(["immediate", "commitment"],
                         T("immediate: decided on the spot (即办件); commitment: within a committed limit (承诺件).",
                           "办件类型：immediate 即办件（当场办结），commitment 承诺件（在承诺时限内办结）。")),
            "statutory": {
                "description": T("Statutory time limit set by law, or null when the law sets none.",
                                 "法定办结时限；法律未规定时限时写 null。"),
                "title": T("a duration ({value: 20, unit: working_days}) or null",
                           "时限（如 {value: 20, unit: working_days}）或 null"),
                "anyOf": [{"$ref": "#/$defs/duration"}, {"type": "null"}],
            },
            "committed": ref("duration", T("Time limit the office commits to; must not exceed the statutory one.",
                                           "承诺办结时限；不得超过法定办结时限。")),
            "special_procedures": listing(
                ref("special_procedure", T("One special procedure.", "一项特别程序。")),
                T("Special procedures with their own durations.", "特别程序（听证、专家评审等）及其时限。"),
            ),
        },
        ["kind", "statutory", "committed"],
    ),
    "special_procedure": obj(
        T("A special procedure (hearing, expert review...) and its duration.", "一项特别程序（听证、专家评审等）及其时限。"),
        {
            "name": ref("text", T("Name of the procedure.", "特别程序名称。")),
            "duration": ref("duration", T("How long it takes.", "特别程序时限。")),
            "counted": boolean(T("Whether it counts against the time limit.", "是否计入办结时限。")),
        },
        ["name", "duration", "counted"],
    ),
    "step": obj(
        T("One step of the process (办理流程).", "办理流程中的一个环节。"),
        {
            "id": ref("identifier", T("Id of the step, unique within the definition.", "环节标识，在本定义内唯一。")),
            "name": ref("text", T("Name of the step.", "环节名称。")),
            "stage": code(STAGES, T("Stage of the process.", "所处阶段：accept 受理，review 审查，decide 决定，"
                                    "conclude 办结，deliver 送达，other 其他。")),
            "actor": code(["applicant", "office", "third_party"],
                          T("Who acts in this step.", "本环节由谁办理：applicant 申请人，office 部门，third_party 第三方。")),
            "office": ref("office_ref", T("Office that acts, required for office steps (SVC303).",
                                          "办理本环节的部门；部门办理的环节必填（SVC303）。")),
            "deadline": ref("duration", T("Time limit of this step (SVC206 for office steps of a commitment service).",
                                          "本环节时限（承诺件中部门或第三方办理的环节须填写，见 SVC206）。")),
            "public_status": ref("text", T("Status text shown to the applicant during this step (SVC302).",
                                           "本环节向申请人公开的办理状态（SVC302）。")),
            "uses": listing(ref("identifier", T("Id of a data item.", "数据项标识。")),
                            T("Data items this step uses.", "本环节使用的数据项（申请材料）。")),
            "next": listing(ref("identifier", T("Id of a step.", "环节标识。")),
                            T("Steps that follow; without it, list order.", "后续环节；不填时按列表顺序进行。")),
        },
        ["id", "name", "stage", "actor"],
        title=T("a step", "办理环节"),
    ),
    "sharing": obj(
        T("A declared provision of the data to another office (PIPL Art. 23).", "向其他部门提供数据的声明（个人信息保护法第二十三条）。"),
        {
            "office": ref("office_ref", T("Receiving office.", "接收数据的部门。")),
            "purpose": ref("text", T("Why the receiving office needs it.", "接收部门使用该数据的目的。")),
            "legal_basis": string(T("Legal basis for the sharing.", "共享的法律依据。")),
            "method": code(["api", "file", "manual"], T("How the data is shared.", "共享方式：api 接口，file 文件，manual 人工。")),
        },
        title=T("a sharing declaration", "共享声明"),
    ),
    "data_item": obj(
        T("One item of data collected (申请材料 or a form field).", "采集的一项数据（申请材料或表单字段）。"),
        {
            "id": ref("identifier", T("Id of the item, unique within the definition.", "数据项标识，在本定义内唯一。")),
            "name": ref("text", T("Name of the item.", "材料或字段名称。")),
            "form": code(["document", "field"], T("A document (material) or a form field.", "形式：document 材料，field 表单字段。")),
            "category": code(CATEGORIES, T("Kind of data; several kinds are sensitive by nature (SVC409).",
                                           "数据类别；其中若干类别本身属于敏感个人信息（SVC409）：identity 身份，"
                                           "contact 联系方式，address 地址，financial 金融账户（敏感），health 医疗健康（敏感），"
                                           "biometric 生物识别（敏感），minor 未满十四周岁未成年人（敏感），religion 宗教信仰（敏感），"
                                           "location 行踪轨迹（敏感），criminal_record 违法犯罪记录（敏感），employment 就业，"
                                           "education 教育，property 财产，other 其他。")),
            "personal": boolean(T("Whether it is personal information.", "是否为个人信息。")),
            "sensitive": boolean(T("Whether it is sensitive personal information (PIPL Art. 28).",
                                   "是否为敏感个人信息（个人信息保护法第二十八条）。")),
            "required": boolean(T("Whether the applicant must provide it.", "申请人是否必须提供。")),
            "source": code(["applicant", "department_sharing", "electronic_license", "third_party"],
                           T("Where the data comes from.", "材料来源：applicant 申请人自备，department_sharing 部门共享，"
                             "electronic_license 电子证照，third_party 第三方。")),
            "purpose": ref("text", T("Why it is collected (SVC401).", "采集目的（SVC401）。")),
            "legal_basis": string(T("Legal basis for collecting it (SVC401).", "采集的法律依据（SVC401）。")),
            "necessity": ref("text", T("Why sensitive data is necessary (SVC403).", "采集敏感个人信息的必要性说明（SVC403）。")),
            "retention": ref("retention", T("How long it is kept (SVC402).", "保存期限（SVC402）。")),
            "shared_with": listing(ref("sharing", T("One recipient.", "一个接收方。")),
                                   T("Offices the data is provided to.", "数据提供给哪些部门。")),
            "cross_border": obj(
                T("Transfer of the data outside the country.", "数据出境。"),
                {
                    "destination": string(T("Country or region receiving the data.", "接收数据的国家或地区。")),
                    "legal_basis": string(T("Legal basis of the transfer.", "出境的法律依据。")),
                },
            ),
        },
        ["id", "name", "form", "category", "personal", "required", "source"],
        title=T("a data item", "数据项"),
    ),
    "fee_item": obj(
        T("One fee.", "一项收费。"),
        {
            "name": ref("text", T("Name of the fee.", "收费项目名称。")),
            "amount": {"type": "number", "minimum": 0, "description": T("Amount (0 or more).", "金额（0 或以上）。")},
            "currency": {
                "type": "string",
                "pattern": "^[A-Z]{3}$",
                "format": "iso4217",
                "description": T("ISO 4217 currency code, e.g. CNY.", "ISO 4217 货币代码，如 CNY。"),
            },
            "basis": string(T("Legal or pricing basis of the fee (SVC503).", "收费依据（SVC503）。")),
        },
        ["name", "currency"],
        title=T("a fee item", "收费项目"),
    ),
    "fees": obj(
        T("Fees (收费).", "收费情况。"),
        {
            "charged": boolean(T("Whether the service charges a fee.", "是否收费。")),
            "items": listing(ref("fee_item", T("One fee.", "一项收费。")), T("The fees charged.", "收费项目。")),
        },
        ["charged"],
    ),
    "outcome": obj(
        T("What the applicant receives (办件结果).", "申请人得到的办件结果。"),
        {
            "name": ref("text", T("Name of the outcome document.", "结果名称（证照、批文等）。")),
            "type": code(["certificate", "license", "approval", "decision", "filing", "other"],
                         T("Kind of outcome.", "结果类型：certificate 证明，license 证照，approval 批文，"
                           "decision 决定书，filing 备案，other 其他。")),
            "sample": string(T("Sample of the outcome document (file name or address).", "结果样本（文件名或网址）。")),
            "delivery": listing(
                code(["pickup", "post", "electronic"], T("Delivery method.", "送达方式。")),
                T("How it is delivered.", "送达方式：pickup 窗口领取，post 邮寄，electronic 电子送达。"),
                1,
            ),
        },
        ["name", "type", "delivery"],
    ),
    "channel": obj(
        T("A way to apply (办理形式).", "一种办理形式（办理渠道）。"),
        {
            "type": code(["counter", "web", "mobile", "post", "phone"],
                         T("Kind of channel.", "渠道类型：counter 窗口，web 网上办理，mobile 移动端，post 邮寄，phone 电话。")),
            "url": ref("url", T("Address of the online channel.", "网上办理地址。")),
            "address": ref("text", T("Address of the counter.", "窗口地址。")),
            "hours": ref("text", T("Opening hours.", "办理时间。")),
            "online_depth": {"type": "integer", "minimum": 0, "maximum": 4,
                             "description": T("Depth of online service, 0 (information only) to 4 (fully online).",
                                              "网上办理深度：0 仅提供信息，1 表格下载与在线咨询，2 网上预审，"
                                              "3 网上申请与受理，4 全程网办。")},
            "visits": count(T("Visits to the office the applicant must make (到现场次数).", "申请人须到现场的次数。")),
            "visits_reason": ref("text", T("Why visits are needed (SVC505).", "须到现场的理由（SVC505）。")),
        },
        ["type"],
        title=T("a channel", "办理渠道"),
    ),
    "contact": obj(
        T("Where to ask and where to complain (咨询/监督投诉).", "咨询方式和监督投诉方式。"),
        {
            "enquiry": string(T("Enquiry contact (phone, address...).", "咨询方式（电话、地址等）。")),
            "complaint": string(T("Complaint contact; must differ from enquiry (SVC504).",
                                  "监督投诉方式；须与咨询方式不同（SVC504）。")),
        },
    ),
}

AUDIENCE = ["natural_person", "enterprise", "public_institution", "social_organization", "government_agency", "other"]
SERVICE_TYPES = ["licensing", "penalty", "enforcement", "levy", "benefit", "inspection", "confirmation",
                 "reward", "adjudication", "filing", "other_administrative", "public_service"]

TOP = {
    "id": ref("identifier", T("Identifier of the service, unique across the repository (SVC602).",
                              "事项标识，在整个仓库内唯一（SVC602）。")),
    "name": ref("text", T("Name of the service.", "事项名称。")),
    "description": ref("text", T("What the service is (SVC508 warns when absent).", "事项简介（缺少时 SVC508 提示）。")),
    "type": code(SERVICE_TYPES, T("Type of the service (事项类型).",
                                 "事项类型：licensing 行政许可，penalty 行政处罚，enforcement 行政强制，levy 行政征收，"
                                 "benefit 行政给付，inspection 行政检查，confirmation 行政确认，reward 行政奖励，"
                                 "adjudication 行政裁决，filing 备案，other_administrative 其他行政权力，"
                                 "public_service 公共服务。")),
    "status": code(["draft", "active", "suspended", "retired"],
                   T("Publication status.", "发布状态：draft 草稿，active 已发布，suspended 暂停办理，retired 已废止。")),
    "version": {"type": "string", "pattern": SEMVER_PATTERN,
                "description": T("Version of this definition (semantic version, e.g. 1.2.0).", "本定义的版本号（语义化版本，如 1.2.0）。")},
    "effective": obj(
        T("When the definition is in force.", "有效期。"),
        {"from": ref("date", T("First day in force.", "生效日期。")),
         "until": ref("date", T("Last day in force.", "有效期截止日期（含当日）。"))},
        ["from"],
    ),
    "level": code(LEVELS, T("Administrative level.", "行使层级：national 国家级，provincial 省级，municipal 市级，"
                            "county 县级，township 乡镇级，village 村级。")),
    "audience": listing(
        code(AUDIENCE, T("Who may apply.", "服务对象类型。")),
        T("Who the service is for (服务对象).", "服务对象：natural_person 自然人，enterprise 企业法人，"
          "public_institution 事业单位法人，social_organization 社会组织法人，government_agency 行政机关，other 其他组织。"),
        1,
    ),
    "legal_basis": listing(ref("law", T("One legal provision.", "一项法律规定。")), T("Legal basis (设定依据).", "设定依据。"), 1),
    "responsible_office": ref("office_ref", T("Competent authority (实施主体).", "实施主体。")),
    "eligibility": listing(ref("criterion", T("One criterion.", "一项受理条件。")), T("Who may apply (受理条件).", "受理条件。"), 1),
    "deadlines": ref("deadlines", T("Time limits.", "办结时限。")),
    "steps": listing(ref("step", T("One step.", "一个环节。")), T("The process, step by step (办理流程).", "办理流程，逐个环节列出。"), 1),
    "data_collected": listing(ref("data_item", T("One data item.", "一个数据项。")),
                              T("Data collected; [] says none.", "采集的数据（申请材料和表单字段）；[] 表示不采集任何数据。")),
    "fees": ref("fees", T("Fees.", "收费情况。")),
    "outcome": ref("outcome", T("What the applicant receives.", "办件结果。")),
    "channels": listing(ref("channel", T("One channel.", "一种办理形式。")), T("Ways to apply.", "办理形式。"), 1),
    "contact": ref("contact", T("Where to ask and where to complain (咨询/监督投诉).", "咨询方式和监督投诉方式。")),
}
# `description` is optional in both versions: SVC508 reports its absence (FORMAT.md).
REQUIRED = ["svcstd", "id", "name", "type", "status", "audience", "legal_basis", "responsible_office",
            "eligibility", "deadlines", "steps", "data_collected", "fees", "outcome", "channels", "contact"]

OFFICE_PROPERTIES = {
    "id": ref("identifier", T("Id that definitions use in `ref:`; unique in the registry (SVC603).",
                              "定义中 `ref:` 使用的标识；在名录中唯一（SVC603）。")),
    "name": ref("text", T("Name of the office.", "部门名称。")),
    "credit_code": ref("credit_code", T("Unified social credit code (SVC105 shape, SVC604 check character).",
                                        "统一社会信用代码（SVC105 查格式，SVC604 查校验码）。")),
    "level": code(LEVELS, T("Administrative level.", "行使层级：national 国家级，provincial 省级，municipal 市级，"
                            "county 县级，township 乡镇级，village 村级。")),
    "parent": ref("identifier", T("Id of the parent office, listed in this registry (SVC603).",
                                  "上级部门的标识，须列在本名录中（SVC603）。")),
}

# ---------------------------------------------------------------------------------------
# Version 1.1: version 1 plus these additions (FORMAT.md, "Version 1.1").

WHEN = {
    "type": "array",
    "minItems": 1,
    "title": T("a list of case ids (when: [remarried, [by-proxy, under-16]])",
               "情形标识列表（如 when: [remarried, [by-proxy, under-16]]）"),
    "description": T("Applies only in these cases (ids of `cases`): any one of them; an entry that is "
                     "itself a list means all of its cases together (SVC410).",
                     "仅在这些情形下适用（`cases` 中的情形标识）：满足其中任一即可；本身是列表的一项表示同时满足其中所有情形（SVC410）。"),
    "items": {
        "anyOf": [
            {"$ref": "#/$defs/identifier"},
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/identifier"}},
        ],
    },
}


def when_ref():
    return ref("when", T("Applies only in these cases: any-of; a nested list is all-of.",
                         "仅在这些情形下适用：满足任一即可；嵌套列表表示须同时满足。"))


JURISDICTIONS = ["household_registration", "residence", "business_domicile", "property_location",
                 "incident_location", "other"]
CONTACT_POINT_TYPES = ["phone", "web", "email", "address", "wechat", "letter", "counter"]


def contact_channel(en, zh):
    return {
        "title": T("a contact (text) or a list of contact points ({type: phone, value: ...})",
                   "联系方式（文本）或联系方式列表（{type: phone, value: ...}）"),
        "description": T(en, zh),
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/contact_point"}},
        ],
    }


def legal_remedy(en, zh):
    return obj(
        T(en, zh),
        {
            "body": ref("text", T("The body that hears it.", "受理机关。")),
            "address": string(T("Its address.", "地址。")),
            "phone": string(T("Its telephone.", "电话。")),
            "url": ref("url", T("Its web address.", "网址。")),
        },
        ["body"],
    )


def service_1_1_defs(defs: dict) -> dict:
    defs = copy.deepcopy(defs)
    defs["when"] = WHEN
    defs["case"] = obj(
        T("A situation that changes what is needed (情形).", "改变办理要求的一种情形。"),
        {
            "id": ref("identifier", T("Id of the case, used in `when`.", "情形标识，在 `when` 中引用。")),
            "name": ref("text", T("Name of the case (再婚, 代办...).", "情形名称（如再婚、代办、申请人未满十六周岁）。")),
            "description": ref("text", T("What the case covers.", "情形说明。")),
        },
        ["id", "name"],
        title=T("a case ({id: ..., name: ...})", "办理情形（{id: ..., name: ...}）"),
    )
    props = defs["office_ref"]["properties"]
    props["jurisdiction"] = code(JURISDICTIONS, T(
        "Which office of a group is competent (the reference then names a `group` office; SVC605).",
        "按属地确定具体办理部门（此时引用的须是名录中的 `group` 部门，见 SVC605）：household_registration 户籍所在地，"
        "residence 居住地，business_domicile 住所地（登记地），property_location 不动产所在地，"
        "incident_location 事件发生地，other 其他。"))
    props["jurisdiction_note"] = ref("text", T("How the competent office is found, in words.", "属地管辖的文字说明。"))

    law = defs["law"]["properties"]
    law["rank"]["enum"].append("other")
    law["rank"]["description"] = T(
        "Rank of the legal source.",
        "法律渊源的层级：law 法律，administrative_regulation 行政法规，local_regulation 地方性法规，"
        "department_rule 规章，normative_document 规范性文件，other 其他。")
    law["number"] = string(T("Document number (文号), e.g. 国务院令第663号.", "文号，如 国务院令第663号。"))
    law["issuer"] = ref("text", T("Issuing body (颁布机关).", "颁布机关。"))
    law["date"] = {
        "title": T("a year (2015) or a date (YYYY-MM-DD)", "年份（如 2015）或日期（YYYY-MM-DD）"),
        "description": T("Date of issue: the year alone, or YYYY-MM-DD.", "颁布日期：仅年份，或 YYYY-MM-DD。"),
        "anyOf": [
            {"type": "string", "format": "year-or-date"},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
    }
    law["text"] = string(T("The wording of the article cited, quoted.", "所引条款的原文。"))

    deadlines = defs["deadlines"]["properties"]
    deadlines["statutory_note"] = ref("text", T("Explanation of the statutory limit (时限说明).", "法定办结时限说明。"))
    deadlines["committed_note"] = ref("text", T("Explanation of the committed limit (时限说明).", "承诺办结时限说明。"))
    deadlines["acceptance"] = ref("duration", T("Time limit for accepting the application (受理时限).", "受理时限。"))
    deadlines["by_case"] = listing(
        obj(
            T("A case with its own limits (e.g. 绿色通道); omitted keys are taken from `deadlines`.",
              "有单独时限的情形（如绿色通道）；未填写的键沿用 `deadlines` 中的值。"),
            {
                "when": when_ref(),
                "kind": defs["deadlines"]["properties"]["kind"],
                "statutory": defs["deadlines"]["properties"]["statutory"],
                "committed": defs["deadlines"]["properties"]["committed"],
                "note": ref("text", T("Explanation of this case's limits.", "该情形时限的说明。")),
            },
            ["when"],
        ),
        T("Limits that differ by case (SVC201, SVC202 and SVC204 check each entry).",
          "因情形而不同的时限（SVC201、SVC202、SVC204 逐项检查）。"),
    )
    procedure = defs["special_procedure"]["properties"]
    procedure["legal_basis"] = string(T("Legal basis of the procedure.", "特别程序的法律依据。"))
    procedure["charged"] = boolean(T("Whether the procedure is charged for.", "特别程序是否收费。"))

    step = defs["step"]["properties"]
    step["stage"] = one_or_list(
        step["stage"],
        T("Stage of the process, or a list of stages for a step that covers several (accept and decide at once).",
          "所处阶段；一个环节同时涵盖多个阶段（如当场受理并决定）时写成列表：accept 受理，review 审查，"
          "decide 决定，conclude 办结，deliver 送达，other 其他。"),
        T("a stage or a list of stages", "阶段或阶段列表"),
    )
    step["criteria"] = ref("text", T("Review criteria of this step (审查标准).", "本环节的审查标准。"))
    step["when"] = when_ref()

    defs["criterion"]["properties"]["when"] = when_ref()

    item = defs["data_item"]["properties"]
    item["required"] = {
        "title": T("true, false or deferrable", "true、false 或 deferrable"),
        "description": T("Whether the applicant must provide it; `deferrable`: may follow after acceptance (容缺后补).",
                         "是否必须提供；`deferrable` 表示可容缺后补（受理后补交）。"),
        "anyOf": [{"type": "boolean"}, {"const": "deferrable"}],
    }
    item["when"] = when_ref()
    item["one_of"] = string(T("Items with the same value are alternatives: the applicant provides one of them (SVC412).",
                              "取值相同的数据项互为替代，申请人提供其中一项即可（SVC412）。"))
    item["category"] = one_or_list(
        code(CATEGORIES + ["civil_status", "genetic"], T("Kind of data.", "数据类别。")),
        T("Kind of data, or a list of kinds ([health, minor]); several kinds are sensitive by nature (SVC409).",
          "数据类别，或类别列表（如 [health, minor]）；其中若干类别本身属于敏感个人信息（SVC409）：identity 身份，"
          "contact 联系方式，address 地址，financial 金融账户（敏感），health 医疗健康（敏感），biometric 生物识别（敏感），"
          "minor 未满十四周岁未成年人（敏感），religion 宗教信仰（敏感），location 行踪轨迹（敏感），"
          "criminal_record 违法犯罪记录（敏感），employment 就业，education 教育，property 财产，"
          "civil_status 婚姻状况，genetic 基因（敏感），other 其他。"),
        T("a category or a list of categories", "数据类别或类别列表"),
    )
    item["source"]["enum"].extend(["government", "office", "intermediary"])
    item["source"]["description"] = T(
        "Where the data comes from.",
        "材料来源：applicant 申请人自备，department_sharing 部门共享，electronic_license 电子证照，"
        "third_party 第三方，government 政府部门核发，office 本部门办理过程中产生（如询问笔录），intermediary 中介机构出具。")
    item["issuer"] = ref("text", T("Who issues the document (出具机构).", "出具机构。"))
    item["source_note"] = ref("text", T("Where or how the applicant obtains it (来源渠道说明).", "来源渠道说明。"))
    item["presented"] = code(
        ["original", "copy", "original_and_copy", "original_or_copy"],
        T("Original or copy (材料类型); original_and_copy: the original is shown and a copy kept.",
          "材料类型：original 原件，copy 复印件，original_and_copy 原件和复印件（核验原件、留存复印件），"
          "original_or_copy 原件或复印件。"))
    item["medium"] = code(
        ["paper", "electronic", "paper_or_electronic", "paper_and_electronic"],
        T("Paper or electronic (材料形式).", "材料形式：paper 纸质，electronic 电子，paper_or_electronic 纸质或电子，"
          "paper_and_electronic 纸质和电子。"))
    item["copies"] = obj(
        T("Number of copies (份数).", "材料份数。"),
        {
            "original": count(T("Originals.", "原件份数。")),
            "copy": count(T("Copies.", "复印件份数。")),
        },
    )
    item["paper_spec"] = ref("text", T("Paper size and form (规格), e.g. A4.", "纸张规格，如 A4。"))
    item["template"] = ref("url", T("Blank form to fill in (空白表格).", "空白表格下载地址。"))
    item["sample"] = ref("url", T("Filled-in sample (示例样表).", "示例样表地址。"))
    item["instructions"] = ref("text", T("How to fill it in (填报须知).", "填报须知。"))
    item["acceptance_criteria"] = ref("text", T("What makes it acceptable (受理标准).", "受理标准。"))

    fee = defs["fee_item"]["properties"]
    fee["standard"] = ref("text", T("Fee standard that is not one number (收费标准), e.g. per square metre.",
                                    "不能用一个金额表示的收费标准（如按平方米计收）。"))
    fee["when"] = when_ref()
    fee["reducible"] = boolean(T("Whether the fee can be reduced or waived (减免).", "是否可减免。"))
    fee["reduction_basis"] = string(T("Legal basis of the reduction.", "减免依据。"))
    fee["refund"] = ref("text", T("When and how the fee is refunded.", "退费说明。"))

    outcome = defs["outcome"]["properties"]
    outcome["validity"] = ref("retention", T("How long the outcome is valid (有效期限), or permanent.", "结果的有效期限，或 permanent（长期有效）。"))
    outcome["delivery_deadline"] = ref("duration", T("Time limit for delivering the outcome (送达时限).", "送达时限。"))
    outcome["delivery"]["items"]["enum"].extend(["in_person", "announcement"])
    outcome["delivery"]["description"] = T(
        "How it is delivered.", "送达方式：pickup 窗口领取，post 邮寄，electronic 电子送达，in_person 直接送达，announcement 公告送达。")

    channel = defs["channel"]["properties"]
    channel["office"] = ref("office_ref", T("Where to apply (a group office with `jurisdiction` is allowed).",
                                            "办理地点所在部门（可引用带 `jurisdiction` 的 group 部门）。"))
    channel["appointment"] = boolean(T("Whether an appointment can be made (预约).", "是否支持预约办理。"))
    channel["courier"] = boolean(T("Whether documents can be sent by courier (物流快递).", "是否支持物流快递。"))
    channel["online_payment"] = boolean(T("Whether fees can be paid online.", "是否支持网上支付。"))
    channel["self_service"] = boolean(T("Whether a self-service terminal can be used (自助终端).", "是否支持自助终端办理。"))

    defs["contact_point"] = obj(
        T("One contact point.", "一个联系方式。"),
        {
            "type": code(CONTACT_POINT_TYPES, T("Kind of contact point.", "联系方式类型：phone 电话，web 网站，email 电子邮箱，"
                                                "address 地址，wechat 微信，letter 信函，counter 窗口。")),
            "value": string(T("The number, address or account.", "号码、地址或账号。")),
            "label": ref("text", T("What this point is for, for readers.", "说明（如 12345 政务服务便民热线）。")),
            "office": ref("office_ref", T("Office that answers.", "负责答复的部门。")),
            "hours": ref("text", T("When it answers.", "接听或办公时间。")),
        },
        ["type", "value"],
        title=T("a contact point ({type: phone, value: ...})", "联系方式（{type: phone, value: ...}）"),
    )
    contact = defs["contact"]["properties"]
    contact["enquiry"] = contact_channel("Enquiry contact: text, or a list of contact points.",
                                         "咨询方式：文本，或联系方式列表。")
    contact["complaint"] = contact_channel("Complaint contact: text, or a list of contact points; must differ from enquiry (SVC504).",
                                           "监督投诉方式：文本，或联系方式列表；须与咨询方式不同（SVC504）。")
    contact["review"] = legal_remedy("Administrative review (行政复议).", "申请行政复议的途径。")
    contact["litigation"] = legal_remedy("Administrative litigation (行政诉讼).", "提起行政诉讼的途径。")
    return defs


def top_1_1(top: dict) -> dict:
    top = copy.deepcopy(top)
    catalogue_code = {"type": "string", "pattern": CATALOGUE_CODE_PATTERN}
    top.update({
        "codes": obj(
            T("Codes of the catalogue (基本编码, 实施编码, 业务办理项编码).", "事项编码。"),
            {
                "catalogue": {**catalogue_code, "description": T("Catalogue code (基本编码).", "基本编码。")},
                "implementation": {**catalogue_code, "description": T("Implementation code (实施编码).", "实施编码。")},
                "variant": {**catalogue_code, "description": T("Code of the handling variant (业务办理项编码).", "业务办理项编码。")},
            },
        ),
        "cases": listing(ref("case", T("One case.", "一种情形。")),
                         T("The situations that change what is needed (情形), referred to by `when`.",
                           "改变办理要求的各种情形，由 `when` 引用。")),
        "language": {"type": "string", "pattern": LANG_PATTERN,
                     "description": T("Language of this file's plain strings (else the registry's `defaults.language`).",
                                      "本文件中普通字符串的语言（不填时采用部门名录的 `defaults.language`）。")},
        "scope": code(["national", "cross_province", "province", "cross_city", "city", "cross_county", "county",
                       "township", "local_only"],
                      T("Where the service can be handled (通办范围).", "通办范围：national 全国通办，cross_province 跨省通办，"
                        "province 全省通办，cross_city 跨市通办，city 全市通办，cross_county 跨县通办，county 全县通办，"
                        "township 乡镇通办，local_only 仅限属地办理。")),
        "quantity_limit": ref("text", T("Limit on the number granted (数量限制).", "数量限制。")),
        "intermediary_services": listing(
            obj(
                T("An intermediary service the applicant needs (中介服务).", "申请人需要的一项中介服务。"),
                {
                    "name": ref("text", T("Name of the intermediary service.", "中介服务名称。")),
                    "provider": ref("text", T("Who provides it.", "提供机构。")),
                    "legal_basis": string(T("Legal basis of the requirement.", "设定依据。")),
                    "charged": boolean(T("Whether it is charged for.", "是否收费。")),
                },
                ["name"],
            ),
            T("Intermediary services (中介服务).", "中介服务。"),
        ),
        "review_criteria": ref("text", T("Review criteria of the service as a whole (审查标准).", "审查标准。")),
        "materials_note": ref("text", T("What a closed list of materials cannot say (及其他所需材料).",
                                        "申请材料的补充说明（列表无法表达的内容）。")),
        "supervising_office": ref("office_ref", T("Supervising office (主管部门), where it differs from the responsible office.",
                                                  "主管部门（与实施主体不同时填写）。")),
        "faq": listing(
            obj(
                T("A question and its answer.", "一个问题及其解答。"),
                {
                    "question": ref("text", T("The question.", "问题。")),
                    "answer": ref("text", T("The answer.", "解答。")),
                },
                ["question", "answer"],
            ),
            T("Frequently asked questions (常见问题).", "常见问题。"),
        ),
        "provenance": obj(
            T("Where the published guide is.", "所依据的已公布办事指南。"),
            {
                "url": ref("url", T("Address of the published guide.", "办事指南网址。")),
                "published": ref("date", T("Date of publication.", "发布日期。")),
                "publisher": ref("text", T("Who published it.", "发布机构。")),
                "index": string(T("Index number of the publication (索引号).", "索引号。")),
            },
        ),
    })
    return top


def registry_1_1_office(properties: dict) -> dict:
    properties = copy.deepcopy(properties)
    properties.update({
        "area": obj(
            T("Administrative division the office serves.", "部门所在行政区划。"),
            {
                "code": string(T("GB/T 2260 six-digit division code, or ISO 3166 outside China.",
                                 "GB/T 2260 六位行政区划代码（中国境外用 ISO 3166 代码）。")),
                "name": ref("text", T("Name of the division.", "行政区划名称。")),
            },
            ["code"],
        ),
        "nature": code(ROLES, T("Legal nature of the office (实施主体性质).",
                                "实施主体性质：statutory_authority 法定机关，authorized_org 法律法规授权组织，"
                                "entrusted_org 受委托组织，other 其他。")),
        "group": boolean(T("True: the entry stands for every office of one kind (各派出所); a reference names "
                           "which one by `jurisdiction` (SVC605).",
                           "为 true 时，本条代表同一类的所有部门（如各派出所），引用时须用 `jurisdiction` 指明具体哪一个（SVC605）。")),
        "address": ref("text", T("Address of the office.", "办公地址。")),
        "phone": string(T("Telephone of the office.", "联系电话。")),
        "hours": ref("text", T("Opening hours.", "办公时间。")),
    })
    return properties


REGISTRY_DEFAULTS = obj(
    T("Defaults for the definitions of this repository.", "本仓库所有定义的默认值。"),
    {
        "language": {"type": "string", "pattern": LANG_PATTERN,
                     "description": T("Language of plain strings in definitions that declare none.",
                                      "未声明语言的定义中普通字符串的语言。")},
        "public_status": obj(
            T("The status the platform shows at each stage, inherited by steps without their own `public_status`.",
              "平台在各阶段公开的办理状态；未填写 `public_status` 的环节沿用此处的值。"),
            {stage: ref("text", T(f"Status shown at stage {stage}.", f"{STAGE_ZH[stage]}（{stage}）阶段公开的办理状态。"))
             for stage in STAGES},
        ),
    },
)


# ---------------------------------------------------------------------------------------
# Assembly


def base_uri(version: str) -> str:
    return f"https://svcstd.dev/schemas/v{version}/"


def service_schema(version: str) -> dict:
    defs, top = (DEFS, TOP) if version == "1" else (service_1_1_defs(DEFS), top_1_1(TOP))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base_uri(version) + "service.schema.json",
        "title": f"svcstd service definition, format version {version}",
        **obj(
            T("One public service, described with the standardization elements.", "一项政务服务事项，按标准化要素描述。"),
            {"svcstd": {"const": version, "description": T(f"Format version: \"{version}\" (SVC005).",
                                                           f"格式版本：\"{version}\"（SVC005）。")},
             **top},
            REQUIRED,
        ),
        "$defs": defs,
    }


def offices_schema(version: str) -> dict:
    properties = OFFICE_PROPERTIES if version == "1" else registry_1_1_office(OFFICE_PROPERTIES)
    top = {
        "svcstd": {"const": version, "description": T(f"Format version: \"{version}\".", f"格式版本：\"{version}\"。")},
        "offices": listing(
            obj(T("One office.", "一个部门。"), properties, ["id", "name"], title=T("an office", "部门")),
            T("The offices that definitions may name, one entry per office: `- {id: ..., name: ...}`.",
              "定义中可以引用的部门，每个部门一项：`- {id: ..., name: ...}`。"),
            1,
        ),
    }
    if version != "1":
        top["defaults"] = REGISTRY_DEFAULTS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base_uri(version) + "offices.schema.json",
        "title": f"svcstd offices registry, format version {version}",
        **obj(T("The offices that service definitions may name.", "服务定义可以引用的部门名录。"), top, ["svcstd", "offices"]),
        "$defs": {k: DEFS[k] for k in ("identifier", "text", "credit_code")},
    }


def file_name(kind: str, version: str) -> str:
    """schemas/ file of a schema: version 1 keeps the names it has always had."""
    return f"{kind}.schema.json" if version == "1" else f"{kind}-{version}.schema.json"


def outputs() -> dict[str, dict]:
    """Relative path under schemas/ → the schema, every kind, version and language."""
    result = {}
    for version in VERSIONS:
        for kind, build in (("service", service_schema), ("offices", offices_schema)):
            tree = build(version)
            missing = missing_translations({k: v for k, v in tree.items() if k != "title"})
            if missing:
                raise SystemExit(f"{kind} {version}: texts without Chinese: {missing[:5]}")
            name = file_name(kind, version)
            result[name] = render(tree, "en")
            zh = render(tree, "zh")
            zh["$id"] = zh["$id"].replace(".schema.json", ".zh.schema.json")
            zh["title"] = f"svcstd {'服务定义' if kind == 'service' else '部门名录'}，格式版本 {version}"
            result[f"zh/{name}"] = zh
    return result


# Kept for callers that read the version 1 schemas by these names.
SERVICE = render(service_schema("1"), "en")
OFFICES = render(offices_schema("1"), "en")


def main() -> None:
    for name, schema in outputs().items():
        target = ROOT / "schemas" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
