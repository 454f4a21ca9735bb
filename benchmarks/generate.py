#!/usr/bin/env python3
"""Seeded generator of realistic service definitions (format v1) for benchmarks.

    python benchmarks/generate.py OUTDIR --count N [--seed S] [--defect-rate 0.03] [--jobs J]

Writes OUTDIR/offices.yaml (the offices registry, 60 offices),
OUTDIR/<department>/<nnn>/<template>-<index>.yaml (at most 500 definitions per folder),
OUTDIR/manifest.json mapping each definition's relative path to the one code the linter
should report for it (null: valid and clean), and OUTDIR/defects.json saying what was
broken in each defective file. Files listed by an earlier manifest in OUTDIR are removed
first, so two runs never mix.

A valid definition is clean under every rule of the format's catalogue (schema shape,
SVC2xx-SVC5xx, office references, unique ids, credit-code check characters) with the
default configuration. A `--defect-rate` fraction of the files carries exactly one
defect, drawn in turn from a varied list (see DEFECTS below), so that each defect kind
appears about equally often.

Standard library only; the YAML is emitted as text (all free text is a JSON-style
double-quoted string, which YAML reads the same way). Output depends only on count, seed
and defect rate: each file draws from its own random.Random seeded from (seed, index), so
worker processes (--jobs) change the speed, never the bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import re
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

FILES_PER_FOLDER = 500

# --------------------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015) and organization code (GB 11714-1997).

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_INDEX = {c: i for i, c in enumerate(CREDIT_ALPHABET)}


def credit_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code whose first 17 are given."""
    total = sum(_CREDIT_INDEX[c] * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in _CREDIT_INDEX for c in code)
        and credit_check_char(code[:17]) == code[17]
    )


def org_code(digits8: str) -> str:
    """A 9-character organization code: 8 digits and the GB 11714 check character."""
    c = 11 - sum(int(d) * w for d, w in zip(digits8, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return digits8 + ("X" if c == 10 else "0" if c == 11 else str(c))


# --------------------------------------------------------------------------------------
# Offices registry: 3 cities x 15 departments, service centres, provincial and national
# bodies. Fixed (independent of the seed) so that registries of different runs agree.

CITIES = {
    #  code: (zh, en, division, province, area code, service-centre address zh, en)
    "fz": ("福州市", "Fuzhou", "350100", "fj", "0591",
           "福州市鼓楼区乌山西路318号福州市行政服务中心",
           "Fuzhou Administrative Service Centre, 318 Wushan West Road, Gulou District"),
    "xm": ("厦门市", "Xiamen", "350200", "fj", "0592",
           "厦门市思明区仙岳路4688号厦门市行政服务中心",
           "Xiamen Administrative Service Centre, 4688 Xianyue Road, Siming District"),
    "hz": ("杭州市", "Hangzhou", "330100", "zj", "0571",
           "杭州市上城区解放东路18号杭州市民中心",
           "Hangzhou Citizen Centre, 18 Jiefang East Road, Shangcheng District"),
}
PROVINCES = {
    "fj": ("福建省", "Fujian", "350000", "https://zwfw.fujian.gov.cn", "闽政通", "Minzhengtong"),
    "zj": ("浙江省", "Zhejiang", "330000", "https://www.zjzwfw.gov.cn", "浙里办", "Zheliban"),
}
DEPARTMENTS = {
    # code: (folder, zh suffix, en suffix)
    "amr": ("market-regulation", "市场监督管理局", "Administration for Market Regulation"),
    "psb": ("public-security", "公安局", "Public Security Bureau"),
    "hrss": ("human-resources", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "ca": ("civil-affairs", "民政局", "Civil Affairs Bureau"),
    "hurd": ("housing", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    "hpf": ("housing-fund", "住房公积金管理中心", "Housing Provident Fund Management Centre"),
    "hc": ("health", "卫生健康委员会", "Health Commission"),
    "edu": ("education", "教育局", "Education Bureau"),
    "tr": ("transport", "交通运输局", "Transport Bureau"),
    "nr": ("natural-resources", "自然资源和规划局", "Natural Resources and Planning Bureau"),
    "ee": ("ecology-environment", "生态环境局", "Ecology and Environment Bureau"),
    "em": ("emergency-management", "应急管理局", "Emergency Management Bureau"),
    "fire": ("fire-rescue", "消防救援支队", "Fire and Rescue Detachment"),
    "tax": ("taxation", "税务局", "Tax Service"),
    "ct": ("culture-tourism", "文化和旅游局", "Culture and Tourism Bureau"),
}
PUBLIC_INSTITUTION_DEPTS = {"hpf"}
# Provincial bodies: code -> (zh suffix, en name); most provincial departments are 厅.
PROVINCIAL_DEPTS = {
    "amr": ("市场监督管理局", "Administration for Market Regulation"),
    "psb": ("公安厅", "Department of Public Security"),
    "hrss": ("人力资源和社会保障厅", "Department of Human Resources and Social Security"),
    "ee": ("生态环境厅", "Department of Ecology and Environment"),
}


def build_offices() -> list[dict]:
    rng = random.Random(20240101)
    offices: list[dict] = []

    def code(kind: str, division: str) -> str:
        first17 = kind + division + org_code("".join(rng.choice("0123456789") for _ in range(8)))
        return first17 + credit_check_char(first17)

    offices.append({"id": "samr", "name": {"zh": "国家市场监督管理总局",
                                           "en": "State Administration for Market Regulation"},
                    "credit_code": code("11", "100000"), "level": "national"})
    offices.append({"id": "moe", "name": {"zh": "中华人民共和国教育部",
                                          "en": "Ministry of Education"},
                    "credit_code": code("11", "100000"), "level": "national"})
    offices.append({"id": "cscse", "name": {"zh": "教育部留学服务中心",
                                            "en": "Chinese Service Center for Scholarly Exchange"},
                    "credit_code": "12100000400000624D", "level": "national", "parent": "moe"})
    for p, (pzh, pen, pdiv, *_rest) in PROVINCES.items():
        for d, (dzh, den) in PROVINCIAL_DEPTS.items():
            o = {"id": f"{p}.{d}", "name": {"zh": pzh + dzh, "en": f"{pen} Provincial {den}"}}
            if rng.random() < 0.75:
                o["credit_code"] = code("11", pdiv)
            o["level"] = "provincial"
            if d == "amr":
                o["parent"] = "samr"
            offices.append(o)
    for c, (czh, cen, cdiv, prov, *_rest) in CITIES.items():
        offices.append({"id": f"{c}.service-centre",
                        "name": {"zh": f"{czh}行政服务中心管理委员会",
                                 "en": f"{cen} Administrative Service Centre"},
                        "credit_code": code("12", cdiv), "level": "municipal"})
        for d, (_, dzh, den) in DEPARTMENTS.items():
            if d == "tax":
                name = {"zh": f"国家税务总局{czh}税务局", "en": f"{cen} Municipal Tax Service, STA"}
            else:
                name = {"zh": czh + dzh, "en": f"{cen} Municipal {den}"}
            o = {"id": f"{c}.{d}", "name": name}
            if rng.random() < 0.65:
                o["credit_code"] = code("12" if d in PUBLIC_INSTITUTION_DEPTS else "11", cdiv)
            o["level"] = "municipal"
            if d in PROVINCIAL_DEPTS:
                o["parent"] = f"{prov}.{d}"
            offices.append(o)
    # A company entrusted with testing (the valid example code of FORMAT.md).
    offices.append({"id": "fz.testing-co",
                    "name": {"zh": "福州市检验检测技术服务有限公司",
                             "en": "Fuzhou Inspection and Testing Services Co., Ltd."},
                    "credit_code": "91350100M000100Y43", "level": "municipal"})
    for o in offices:
        assert "credit_code" not in o or credit_code_valid(o["credit_code"]), o
    return offices


# --------------------------------------------------------------------------------------
# Laws: key -> (title, rank, url or None, articles to cite)

LAWS = {
    "admin-licensing": ("中华人民共和国行政许可法", "law", "https://flk.npc.gov.cn/detail2.html?MmM5MDlmZGQ2NzhiZjE3OTAxNjc4YmY4Mjc2ZjA5YjY", ("第二十九条", "第三十二条", "第三十四条", "第四十二条", "第四十四条")),
    "pipl": ("中华人民共和国个人信息保护法", "law", "https://flk.npc.gov.cn/detail2.html?ZmY4MDgxODE3YjY0NzJhMzAxN2I2NTZjYWMzNDAwNDk", ("第十三条", "第二十八条", "第三十四条")),
    "admin-penalty": ("中华人民共和国行政处罚法", "law", None, ("第五十四条", "第五十七条", "第六十条")),
    "food-safety": ("中华人民共和国食品安全法", "law", None, ("第三十五条", "第三十九条", "第四十五条")),
    "food-biz-rule": ("食品经营许可和备案管理办法", "department_rule", None, ("第十二条", "第十五条", "第二十一条")),
    "food-prod-rule": ("食品生产许可管理办法", "department_rule", None, ("第十二条", "第二十条", "第二十一条")),
    "market-entity": ("中华人民共和国市场主体登记管理条例", "administrative_regulation", None, ("第三条", "第十九条", "第二十一条")),
    "individual-biz": ("促进个体工商户发展条例", "administrative_regulation", None, ("第七条", "第八条")),
    "special-equipment": ("中华人民共和国特种设备安全法", "law", None, ("第三十三条", "第三十四条")),
    "consumer": ("中华人民共和国消费者权益保护法", "law", None, ("第三十九条", "第四十六条")),
    "complaint-rule": ("市场监督管理投诉举报处理暂行办法", "department_rule", None, ("第十五条", "第十八条")),
    "equity-pledge": ("股权出质登记办法", "department_rule", None, ("第三条", "第七条")),
    "residence-permit": ("居住证暂行条例", "administrative_regulation", "https://www.gov.cn/zhengce/content/2015-12/14/content_10398.htm", ("第九条", "第十条", "第十一条")),
    "criminal-record-rule": ("公安机关办理犯罪记录查询工作规定", "normative_document", None, ("第八条", "第九条")),
    "road-traffic": ("中华人民共和国道路交通安全法", "law", None, ("第十九条", "第二十三条")),
    "driving-licence-rule": ("机动车驾驶证申领和使用规定", "department_rule", None, ("第七十二条", "第七十三条")),
    "large-event": ("大型群众性活动安全管理条例", "administrative_regulation", None, ("第十一条", "第十二条")),
    "household": ("中华人民共和国户口登记条例", "administrative_regulation", None, ("第十条", "第十三条")),
    "exit-entry": ("中华人民共和国出境入境管理法", "law", None, ("第九条", "第十二条")),
    "hk-macao-rule": ("中国公民因私事往来香港地区或者澳门地区的暂行管理办法", "department_rule", None, ("第四条", "第八条")),
    "social-insurance": ("中华人民共和国社会保险法", "law", None, ("第四十五条", "第五十八条")),
    "unemployment-reg": ("失业保险条例", "administrative_regulation", None, ("第十四条", "第十六条")),
    "unemployment-rule": ("失业保险金申领发放办法", "department_rule", None, ("第七条", "第十条")),
    "work-injury": ("工伤保险条例", "administrative_regulation", None, ("第十七条", "第十八条", "第二十条")),
    "hr-market": ("人力资源市场暂行条例", "administrative_regulation", None, ("第十八条", "第十九条")),
    "labour-arbitration": ("中华人民共和国劳动争议调解仲裁法", "law", None, ("第二十八条", "第二十九条", "第四十三条")),
    "skill-rule": ("职业技能等级认定工作规程", "normative_document", None, ("第十二条", "第二十条")),
    "social-assistance": ("社会救助暂行办法", "administrative_regulation", None, ("第九条", "第十一条")),
    "minimum-living-rule": ("最低生活保障审核确认办法", "normative_document", None, ("第十二条", "第二十条", "第二十二条")),
    "social-org": ("社会团体登记管理条例", "administrative_regulation", None, ("第九条", "第十一条", "第十二条")),
    "civil-code": ("中华人民共和国民法典", "law", None, ("第二百零九条", "第一千零四十九条")),
    "marriage-reg": ("婚姻登记条例", "administrative_regulation", None, ("第五条", "第七条")),
    "disabled-persons": ("中华人民共和国残疾人保障法", "law", None, ("第四十八条", "第四十九条")),
    "disability-subsidy": ("国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见", "normative_document", None, ("第二条第（二）项", "第三条第（一）项")),
    "elderly": ("中华人民共和国老年人权益保障法", "law", None, ("第四十三条",)),
    "elderly-care-rule": ("养老机构管理办法", "department_rule", None, ("第九条", "第十条")),
    "brave-deed-fj": ("福建省见义勇为人员奖励和保护条例", "local_regulation", None, ("第九条", "第十二条")),
    "brave-deed-zj": ("浙江省见义勇为人员奖励和保障条例", "local_regulation", None, ("第八条", "第十一条")),
    "construction": ("中华人民共和国建筑法", "law", None, ("第七条", "第八条")),
    "construction-permit-rule": ("建筑工程施工许可管理办法", "department_rule", None, ("第四条", "第五条")),
    "real-estate-admin": ("中华人民共和国城市房地产管理法", "law", None, ("第四十五条",)),
    "presale-rule": ("城市商品房预售管理办法", "department_rule", None, ("第五条", "第七条", "第十条")),
    "public-rental-rule": ("公共租赁住房管理办法", "department_rule", None, ("第七条", "第九条")),
    "housing-fund": ("住房公积金管理条例", "administrative_regulation", None, ("第二十四条", "第二十五条")),
    "health-promotion": ("中华人民共和国基本医疗卫生与健康促进法", "law", None, ("第三十八条",)),
    "medical-institution": ("医疗机构管理条例", "administrative_regulation", None, ("第十五条", "第十六条")),
    "maternal-health": ("中华人民共和国母婴保健法", "law", None, ("第二十三条",)),
    "nurse": ("护士条例", "administrative_regulation", None, ("第七条", "第八条")),
    "public-place-hygiene": ("公共场所卫生管理条例", "administrative_regulation", None, ("第四条", "第八条")),
    "vaccine": ("中华人民共和国疫苗管理法", "law", None, ("第四十八条",)),
    "private-education": ("中华人民共和国民办教育促进法", "law", None, ("第十二条", "第十七条")),
    "teachers": ("中华人民共和国教师法", "law", None, ("第十条", "第十三条")),
    "teacher-qualification": ("教师资格条例", "administrative_regulation", None, ("第十三条", "第十五条")),
    "compulsory-education": ("中华人民共和国义务教育法", "law", None, ("第十二条", "第十四条")),
    "student-aid-rule": ("学生资助资金管理办法", "normative_document", None, ("第十条", "第二十二条")),
    "degree-verification-rule": ("国（境）外学历学位认证办法", "normative_document", None, ("第五条", "第八条")),
    "road-transport": ("中华人民共和国道路运输条例", "administrative_regulation", None, ("第二十一条", "第二十四条")),
    "ride-hailing-rule": ("网络预约出租汽车经营服务管理暂行办法", "department_rule", None, ("第十四条", "第十五条")),
    "highway": ("中华人民共和国公路法", "law", None, ("第五十条",)),
    "oversize-rule": ("超限运输车辆行驶公路管理规定", "department_rule", None, ("第八条", "第十三条")),
    "urban-planning": ("中华人民共和国城乡规划法", "law", None, ("第三十七条", "第三十八条")),
    "real-estate-registration": ("不动产登记暂行条例", "administrative_regulation", None, ("第十四条", "第二十条")),
    "mineral": ("中华人民共和国矿产资源法", "law", None, ("第三条", "第十六条")),
    "mining-registration": ("矿产资源开采登记管理办法", "administrative_regulation", None, ("第五条", "第六条")),
    "environment": ("中华人民共和国环境保护法", "law", None, ("第四十五条", "第五十九条")),
    "pollutant-permit": ("排污许可管理条例", "administrative_regulation", None, ("第八条", "第十条")),
    "eia": ("中华人民共和国环境影响评价法", "law", None, ("第十六条", "第二十二条")),
    "eco-penalty-rule": ("生态环境行政处罚办法", "department_rule", None, ("第二十九条", "第五十六条")),
    "work-safety": ("中华人民共和国安全生产法", "law", None, ("第六十三条", "第六十五条")),
    "hazardous-chemicals": ("危险化学品安全管理条例", "administrative_regulation", None, ("第三十三条", "第三十五条")),
    "fire-protection": ("中华人民共和国消防法", "law", None, ("第十五条",)),
    "fire-inspection-rule": ("消防监督检查规定", "department_rule", None, ("第十一条", "第二十条")),
    "vehicle-purchase-tax": ("中华人民共和国车辆购置税法", "law", None, ("第十二条", "第十三条")),
    "tax-admin": ("中华人民共和国税收征收管理法", "law", None, ("第二十五条", "第五十一条")),
    "individual-income-tax": ("中华人民共和国个人所得税法", "law", None, ("第六条", "第十一条")),
    "tourism": ("中华人民共和国旅游法", "law", None, ("第二十八条", "第二十九条")),
    "travel-agency": ("旅行社条例", "administrative_regulation", None, ("第六条", "第七条")),
    "performance": ("营业性演出管理条例", "administrative_regulation", None, ("第十三条", "第十四条")),
    "business-env-fj": ("福建省优化营商环境条例", "local_regulation", None, ("第二十条", "第三十二条")),
    "one-visit-zj": ("浙江省保障“最多跑一次”改革规定", "local_regulation", None, ("第九条", "第十二条")),
    "online-gov": ("国务院关于加快推进全国一体化在线政务服务平台建设的指导意见", "normative_document", "https://www.gov.cn/zhengce/content/2018-07/31/content_5310797.htm", ("第三条第（二）项",)),
}

PIPL_BASES = (
    "《个人信息保护法》第十三条第一款第（三）项",
    "《个人信息保护法》第十三条第一款第（五）项",
    "《个人信息保护法》第三十四条",
)
SHARING_BASES = (
    "《中华人民共和国个人信息保护法》第三十四条；《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第十条",
    "《中华人民共和国个人信息保护法》第二十三条、第三十四条",
)

# --------------------------------------------------------------------------------------
# Data items: id -> (zh, en, form, category, personal, source, purpose zh, purpose en,
#                    retention, necessity (zh, en) for sensitive categories)

SENSITIVE_CATEGORIES = frozenset(
    {"health", "biometric", "minor", "religion", "criminal_record", "financial", "location"})
Y = "years"
PERM = "permanent"

ITEMS = {
    # --- natural persons
    "id-card": ("居民身份证", "Resident identity card", "document", "identity", True, "electronic_license",
                "核验申请人身份", "Verify the applicant's identity", (30, Y), None),
    "phone": ("联系电话", "Contact telephone number", "field", "contact", True, "applicant",
              "通知办理进度和领取结果", "Tell the applicant about progress and collection of the result", (5, Y), None),
    "address": ("通讯地址", "Postal address", "field", "address", True, "applicant",
                "邮寄送达办理结果", "Post the result to the applicant", (5, Y), None),
    "email": ("电子邮箱", "E-mail address", "field", "contact", True, "applicant",
              "发送电子通知和电子证照", "Send electronic notices and the electronic certificate", (3, Y), None),
    "photo": ("近期免冠白底彩色照片", "Recent colour photograph, bareheaded, white background", "document", "biometric", True, "applicant",
              "制作证件", "Print on the document issued", (10, Y),
              ("证件须印制持证人照片以供核验身份，照片仅用于制证", "The document carries the holder's photograph for identity checks; the photo is used for production only")),
    "fingerprint": ("指纹信息", "Fingerprints", "field", "biometric", True, "applicant",
                    "存入证件芯片用于查验", "Stored in the document chip for verification", (10, Y),
                    ("依法采集指纹用于证件防伪和持证人身份核验", "Collected as the law requires, for anti-counterfeiting and identity checks")),
    "household-register": ("居民户口簿", "Household register", "document", "identity", True, "department_sharing",
                           "核实户籍和家庭成员关系", "Check household registration and family relationships", (30, Y), None),
    "residence-proof": ("合法稳定住所证明（房屋租赁合同或不动产权证书）", "Proof of legal and stable residence (lease or title certificate)", "document", "address", True, "applicant",
                        "核实申请人在本地居住情况", "Check that the applicant lives locally", (10, Y), None),
    "agent-authorization": ("授权委托书及受托人身份证件", "Power of attorney and the agent's identity document", "document", "identity", True, "applicant",
                            "核实代办人身份及委托事项", "Verify the agent's identity and the scope of the authorisation", (10, Y), None),
    "health-cert": ("从业人员健康证明", "Health certificates of staff", "document", "health", True, "third_party",
                    "确认从业人员取得有效健康证明", "Confirm that staff hold valid health certificates", (3, Y),
                    ("法律要求该行业从业人员持有健康证明，仅核验证明结论，不收集病历", "The law requires staff in this trade to hold a health certificate; only its conclusion is checked and no medical records are collected")),
    "medical-exam": ("体检表", "Medical examination form", "document", "health", True, "third_party",
                     "确认申请人身体条件符合规定", "Confirm that the applicant's physical condition meets the requirements", (5, Y),
                     ("法规规定申请人须具备相应身体条件，仅收集规定的体检项目", "Regulations set physical requirements; only the prescribed examination items are collected")),
    "criminal-record": ("犯罪记录查询结果", "Criminal record check result", "document", "criminal_record", True, "department_sharing",
                        "核实是否存在依法不得从业的犯罪记录", "Check for convictions that bar the applicant by law", (5, Y),
                        ("法律规定有特定犯罪记录者不得从事该职业，通过部门共享查询且只获取有无记录的结论", "The law bars persons with certain convictions; the check via data sharing returns only whether a record exists")),
    "income-proof": ("家庭收入情况说明", "Statement of household income", "document", "financial", True, "applicant",
                     "核算家庭人均收入", "Calculate per-capita household income", (5, Y),
                     ("是否符合条件取决于家庭收入，无法以其他方式判断", "Eligibility depends on household income and cannot be judged otherwise")),
    "property-declaration": ("家庭财产申报表", "Household property declaration", "document", "property", True, "applicant",
                             "核实家庭财产状况", "Check household assets", (5, Y), None),
    "bank-account": ("本人银行结算账户信息", "The applicant's bank account details", "field", "financial", True, "applicant",
                     "发放资金", "Pay the money due", (5, Y),
                     ("资金须直接发放至本人账户，仅收集开户银行和账号", "Money is paid straight into the applicant's own account; only the bank and account number are collected")),
    "econ-check-consent": ("家庭经济状况核对授权书", "Authorisation to check household finances", "document", "other", True, "applicant",
                           "授权核对家庭经济状况", "Authorise the check of household finances", (5, Y), None),
    "disability-cert": ("中华人民共和国残疾人证", "Disability certificate", "document", "health", True, "electronic_license",
                        "核实残疾类别和等级", "Check the category and grade of disability", (10, Y),
                        ("补贴标准依残疾类别和等级确定，仅核验证件记载的类别和等级", "The subsidy depends on the category and grade; only those two entries are checked")),
    "marital-declaration": ("无配偶及无禁止结婚亲属关系的签字声明", "Signed declaration of no spouse and no prohibited kinship", "document", "other", True, "applicant",
                            "确认符合结婚登记的法定条件", "Confirm the legal conditions for marriage registration", PERM, None),
    "couple-photo": ("双方近期半身免冠合影照片", "Recent joint half-length photograph of both parties", "document", "biometric", True, "applicant",
                     "制作结婚证", "Print on the marriage certificate", PERM,
                     ("结婚证须粘贴双方合影，照片仅用于制证和存档", "The certificate carries the couple's photograph; it is used for the certificate and the archive only")),
    "education-cert": ("学历证书", "Academic certificate", "document", "education", True, "electronic_license",
                       "核实学历条件", "Check educational qualifications", (10, Y), None),
    "employment-contract": ("劳动合同", "Employment contract", "document", "employment", True, "applicant",
                            "确认劳动关系", "Establish the employment relationship", (10, Y), None),
    "termination-proof": ("解除或终止劳动关系证明", "Proof of termination of employment", "document", "employment", True, "applicant",
                          "确认非因本人意愿中断就业", "Confirm that employment ended involuntarily", (5, Y), None),
    "unemployment-registration": ("失业登记信息", "Unemployment registration record", "field", "employment", True, "department_sharing",
                                  "确认已办理失业登记", "Confirm that the applicant is registered as unemployed", (5, Y), None),
    "ss-contribution": ("社会保险缴费记录", "Social insurance contribution record", "field", "employment", True, "department_sharing",
                        "计算累计缴费年限", "Calculate the contribution period", (10, Y), None),
    "injury-diagnosis": ("医疗诊断证明或职业病诊断证明书", "Medical or occupational disease diagnosis", "document", "health", True, "third_party",
                         "确认受伤或患职业病的事实", "Establish the injury or occupational disease", (30, Y),
                         ("工伤认定须以医疗诊断为依据，仅收集与本次伤害相关的诊断", "The determination rests on the diagnosis; only diagnoses related to this injury are collected")),
    "accident-report": ("事故经过说明", "Account of the accident", "document", "other", True, "applicant",
                        "了解事故发生的时间、地点和经过", "Establish when, where and how the accident happened", (30, Y), None),
    "property-cert": ("不动产权证书", "Real estate title certificate", "document", "property", True, "electronic_license",
                      "核实不动产权属", "Verify ownership of the property", PERM, None),
    "sale-contract": ("不动产买卖合同", "Real estate sale contract", "document", "property", True, "applicant",
                      "确认转移登记的原因", "Establish the cause of the transfer", PERM, None),
    "tax-payment-proof": ("契税完税凭证", "Deed tax payment certificate", "document", "financial", True, "department_sharing",
                          "确认已依法缴纳税款", "Confirm that the tax has been paid", PERM,
                          ("法律规定完税后方可办理转移登记，凭证通过部门共享获取", "The law requires the tax to be paid before transfer; the certificate comes from data sharing")),
    "driving-licence": ("机动车驾驶证", "Driving licence", "document", "other", True, "electronic_license",
                        "核实准驾车型和驾驶证状态", "Check licensed vehicle classes and licence status", (10, Y), None),
    "child-birth-cert": ("儿童出生医学证明", "Child's birth medical certificate", "document", "minor", True, "electronic_license",
                         "核实儿童身份和出生信息", "Verify the child's identity and birth details", (6, Y),
                         ("办理对象为未成年人，须核实其身份与监护关系", "The service concerns a minor whose identity and guardianship must be verified")),
    "newborn-info": ("新生儿信息（姓名、性别、出生时间、出生地点）", "Newborn's details (name, sex, time and place of birth)", "field", "minor", True, "third_party",
                     "签发出生医学证明", "Issue the birth medical certificate", PERM,
                     ("出生医学证明须载明新生儿基本信息", "The certificate must state the newborn's basic details")),
    "delivery-record": ("分娩记录", "Delivery record", "document", "health", True, "third_party",
                        "核实出生事实", "Verify the birth", PERM,
                        ("出生事实以助产机构分娩记录为准，仅提取出生时间、地点和接生人员", "The birth is established from the delivery record; only time, place and attendant are extracted")),
    "mother-id": ("母亲有效身份证件", "Mother's identity document", "document", "identity", True, "applicant",
                  "核实母亲身份", "Verify the mother's identity", PERM, None),
    "father-id": ("父亲有效身份证件", "Father's identity document", "document", "identity", True, "applicant",
                  "核实父亲身份", "Verify the father's identity", PERM, None),
    "guardian-id": ("监护人身份证件", "Guardian's identity document", "document", "identity", True, "applicant",
                    "核实监护关系", "Verify guardianship", (6, Y), None),
    "student-status": ("学生学籍信息", "Student registration record", "field", "minor", True, "department_sharing",
                       "确认学生在读状态", "Confirm that the student is enrolled", (6, Y),
                       ("资助对象为在读学生，须核实学籍，仅获取在读状态和年级", "Aid goes to enrolled students; only enrolment status and grade are obtained")),
    "vaccination-record": ("儿童预防接种证", "Child vaccination record", "document", "health", True, "applicant",
                           "查验入学儿童预防接种情况", "Check the child's vaccinations at school entry", (3, Y),
                           ("《疫苗管理法》第四十八条要求入学时查验预防接种证", "The Vaccine Administration Law, Art. 48, requires the check at school entry")),
    "passport": ("护照", "Passport", "document", "identity", True, "applicant",
                 "核验申请人身份及出入境记录", "Verify the applicant's identity and travel record", (10, Y), None),
    "degree-cert": ("国（境）外学位证书", "Foreign degree certificate", "document", "education", True, "applicant",
                    "认证学位的真实性", "Authenticate the degree", (10, Y), None),
    "transcript": ("成绩单", "Academic transcript", "document", "education", True, "applicant",
                   "核实学习经历", "Check the course of study", (10, Y), None),
    "verification-consent": ("学历认证授权声明", "Consent to verification with the awarding institution", "document", "other", True, "applicant",
                             "取得向颁证院校核实信息的授权", "Obtain consent to verify with the awarding institution", (10, Y), None),
    "teaching-test-cert": ("中小学教师资格考试合格证明", "Teacher qualification examination certificate", "document", "education", True, "department_sharing",
                           "核实考试合格情况", "Check the examination result", (10, Y), None),
    "mandarin-cert": ("普通话水平测试等级证书", "Putonghua proficiency certificate", "document", "education", True, "electronic_license",
                      "核实普通话水平", "Check Putonghua proficiency", (10, Y), None),
    "nursing-exam": ("护士执业资格考试成绩合格证明", "Nurse licensing examination pass certificate", "document", "education", True, "department_sharing",
                     "核实考试合格情况", "Check the examination result", (10, Y), None),
    "employer-proof": ("拟执业机构证明", "Letter from the intended employer", "document", "employment", True, "applicant",
                       "确认执业地点", "Establish where the applicant will practise", (10, Y), None),
    "traffic-record": ("驾驶人交通违法和事故记录", "Driver's traffic offence and accident record", "field", "other", True, "department_sharing",
                       "核实驾驶人安全驾驶记录", "Check the driver's safety record", (5, Y), None),
    "skill-score": ("职业技能考核成绩", "Skill assessment scores", "field", "education", True, "third_party",
                    "评定职业技能等级", "Determine the skill level", (10, Y), None),
    "arbitration-application": ("仲裁申请书", "Arbitration application", "document", "other", True, "applicant",
                                "明确仲裁请求和事实理由", "State the claims, facts and reasons", PERM, None),
    "evidence-list": ("证据材料及证据清单", "Evidence and list of evidence", "document", "other", True, "applicant",
                      "证明仲裁请求所依据的事实", "Prove the facts the claims rest on", PERM, None),
    "complaint-statement": ("投诉内容陈述", "Statement of the complaint", "document", "other", True, "applicant",
                            "明确投诉对象和请求", "Identify the trader and the request", (3, Y), None),
    "purchase-evidence": ("购物凭证或服务单据", "Receipt or service voucher", "document", "other", True, "applicant",
                          "证明消费关系", "Prove the consumer transaction", (3, Y), None),
    "deed-evidence": ("见义勇为事迹材料", "Account of the act of bravery", "document", "other", True, "applicant",
                      "核实见义勇为事实", "Verify the act of bravery", PERM, None),
    "witness-statement": ("证人证言", "Witness statements", "document", "other", True, "third_party",
                          "佐证事迹经过", "Corroborate the account", PERM, None),
    "vehicle-invoice": ("机动车销售统一发票", "Unified motor vehicle sales invoice", "document", "financial", True, "electronic_license",
                        "确定计税价格", "Establish the taxable price", (10, Y),
                        ("计税价格以发票载明的价款为准，仅使用价款和车辆信息", "The taxable price is the invoiced price; only the price and vehicle data are used")),
    "income-records": ("综合所得收入及已预缴税额记录", "Records of comprehensive income and tax prepaid", "field", "financial", True, "department_sharing",
                       "计算应补或应退税额", "Calculate the tax due or refundable", (10, Y),
                       ("汇算须以全年收入和已缴税额为依据，数据来自扣缴申报", "Annual reconciliation rests on the year's income and tax paid, taken from withholding returns")),
    "child-education-deduction": ("子女教育专项附加扣除信息", "Child education deduction details", "field", "minor", True, "applicant",
                                  "计算专项附加扣除", "Calculate the special additional deduction", (5, Y),
                                  ("扣除须以子女受教育情况为依据，仅收集子女姓名、身份证件号码和教育阶段", "The deduction depends on the child's schooling; only name, ID number and stage are collected")),
    "medical-expense-deduction": ("大病医疗支出信息", "Serious illness medical expenses", "field", "health", True, "department_sharing",
                                  "计算大病医疗扣除", "Calculate the serious illness deduction", (5, Y),
                                  ("扣除以医保结算的自付金额为依据，不收集诊断信息", "The deduction uses the self-paid amount from medical insurance settlement; no diagnoses are collected")),
    "performer-ids": ("演员有效身份证件", "Performers' identity documents", "document", "identity", True, "applicant",
                      "核实演员身份", "Verify the performers' identity", (3, Y), None),
    "staff-list": ("从业人员名单及资格证明", "List of staff and their qualifications", "document", "employment", True, "applicant",
                   "核实人员条件", "Check staffing requirements", (10, Y), None),
    "driver-qualification": ("驾驶人员从业资格证", "Drivers' occupational qualification certificates", "document", "employment", True, "electronic_license",
                             "核实驾驶人员从业资格", "Check drivers' qualifications", (10, Y), None),
    "legal-rep-id": ("法定代表人（负责人）身份证件", "Identity document of the legal representative", "document", "identity", True, "electronic_license",
                     "核实法定代表人身份", "Verify the legal representative's identity", (10, Y), None),
    "principal-id": ("拟任校长身份证件及简历", "Intended principal's identity document and CV", "document", "identity", True, "applicant",
                     "核实拟任校长任职条件", "Check the intended principal's eligibility", (10, Y), None),
    "teacher-list": ("教师名单及教师资格证书", "List of teachers and their certificates", "document", "employment", True, "applicant",
                     "核实师资条件", "Check the teaching staff", (10, Y), None),
    "member-list": ("会员名单", "List of members", "document", "identity", True, "applicant",
                    "核实会员数量", "Check the number of members", (10, Y), None),
    "operator-cert": ("特种设备作业人员证", "Special equipment operator certificates", "document", "employment", True, "electronic_license",
                      "核实作业人员资格", "Check operators' certificates", (5, Y), None),
    "vehicle-licence": ("机动车行驶证", "Vehicle registration certificate", "document", "property", True, "electronic_license",
                        "核实车辆登记信息", "Check the vehicle's registration", (2, Y), None),
    "inquiry-record": ("询问笔录", "Record of questioning", "document", "other", True, "applicant",
                       "固定案件事实", "Record the facts of the case", PERM, None),
    # --- organisations (not personal)
    "business-licence": ("营业执照", "Business licence", "document", "identity", False, "electronic_license",
                         "核实申请主体资格", "Verify the applicant's legal status", (10, Y), None),
    "premises-proof": ("经营场所使用证明", "Proof of right to use the premises", "document", "property", False, "applicant",
                       "核实场所使用权", "Check the right to use the premises", (10, Y), None),
    "premises-layout": ("经营场所平面布局图", "Floor plan of the premises", "document", "other", False, "applicant",
                        "审查场所布局是否合理", "Review the layout of the premises", (10, Y), None),
    "equipment-list": ("主要设备设施清单", "List of main equipment and facilities", "document", "other", False, "applicant",
                       "审查设备设施条件", "Review equipment and facilities", (10, Y), None),
    "food-safety-system": ("食品安全管理制度文本", "Food safety management rules", "document", "other", False, "applicant",
                           "审查食品安全管理制度", "Review food safety management", (10, Y), None),
    "process-flow": ("生产工艺流程图", "Production process flow chart", "document", "other", False, "applicant",
                     "审查生产工艺", "Review the production process", (10, Y), None),
    "equipment-conformity": ("特种设备产品合格证及监督检验证明", "Certificate of conformity and supervisory inspection certificate", "document", "other", False, "third_party",
                             "确认设备经检验合格", "Confirm the equipment passed inspection", (10, Y), None),
    "pledge-contract": ("股权质押合同", "Equity pledge contract", "document", "property", False, "applicant",
                        "确认出质股权和担保债权", "Identify the pledged equity and secured claim", PERM, None),
    "event-plan": ("活动方案及安全工作方案", "Event plan and security plan", "document", "other", False, "applicant",
                   "审查活动安全措施", "Review security arrangements", (3, Y), None),
    "venue-proof": ("场所管理者同意使用证明", "Venue owner's consent", "document", "property", False, "applicant",
                    "确认场地使用", "Confirm use of the venue", (3, Y), None),
    "charter": ("章程草案", "Draft articles of association", "document", "other", False, "applicant",
                "审查章程内容", "Review the articles", PERM, None),
    "fund-proof": ("验资报告或资金证明", "Capital verification report", "document", "financial", False, "third_party",
                   "核实资产和经费来源", "Check assets and funding", (10, Y),
                   ("法规规定须具备合法的资产和经费来源，仅收集总额和来源说明", "Regulations require lawful assets and funding; only totals and sources are collected")),
    "sponsor-approval": ("业务主管单位批准文件", "Approval of the supervising unit", "document", "other", False, "department_sharing",
                         "确认业务主管单位同意", "Confirm the supervising unit's approval", PERM, None),
    "land-use-cert": ("国有土地使用权证明", "State-owned land use right certificate", "document", "property", False, "electronic_license",
                      "核实用地权属", "Check land use rights", PERM, None),
    "planning-permit": ("建设工程规划许可证", "Construction project planning permit", "document", "other", False, "electronic_license",
                        "确认已取得规划许可", "Confirm planning permission", PERM, None),
    "construction-contract": ("施工合同", "Construction contract", "document", "other", False, "applicant",
                              "确认施工单位", "Identify the contractor", (10, Y), None),
    "quality-safety-commitment": ("质量安全措施承诺书", "Commitment on quality and safety measures", "document", "other", False, "applicant",
                                  "落实质量安全责任", "Fix responsibility for quality and safety", (10, Y), None),
    "presale-plan": ("商品房预售方案", "Pre-sale plan", "document", "other", False, "applicant",
                     "审查预售方案", "Review the pre-sale plan", PERM, None),
    "construction-progress": ("工程施工进度证明", "Proof of construction progress", "document", "other", False, "third_party",
                              "确认投入开发建设资金达到要求", "Confirm the investment threshold is met", PERM, None),
    "hygiene-test-report": ("公共场所卫生检测报告", "Hygiene test report", "document", "other", False, "third_party",
                            "确认卫生指标合格", "Confirm hygiene indicators are met", (4, Y), None),
    "hygiene-rules": ("卫生管理制度", "Hygiene management rules", "document", "other", False, "applicant",
                      "审查卫生管理制度", "Review hygiene management", (4, Y), None),
    "institution-rules": ("医疗机构规章制度", "Rules of the medical institution", "document", "other", False, "applicant",
                          "审查医疗质量安全制度", "Review quality and safety rules", (10, Y), None),
    "vehicle-list": ("营运车辆清单", "List of operating vehicles", "document", "property", False, "applicant",
                     "核实车辆条件", "Check the vehicles", (10, Y), None),
    "safety-rules": ("安全生产管理制度", "Work safety management rules", "document", "other", False, "applicant",
                     "审查安全生产管理制度", "Review work safety management", (10, Y), None),
    "parking-proof": ("停车场地证明", "Proof of parking space", "document", "property", False, "applicant",
                      "核实停车场地", "Check parking space", (10, Y), None),
    "route-plan": ("通行路线方案", "Proposed route", "document", "other", False, "applicant",
                   "审查通行路线和时间", "Review the route and timing", (2, Y), None),
    "cargo-info": ("货物名称、重量及外廓尺寸", "Cargo name, weight and dimensions", "field", "other", False, "applicant",
                   "确定超限等级", "Determine the oversize class", (2, Y), None),
    "land-approval": ("建设项目用地预审与选址意见书", "Land pre-examination and site selection opinion", "document", "other", False, "department_sharing",
                      "确认用地预审结论", "Confirm the land pre-examination", PERM, None),
    "design-scheme": ("建设工程设计方案", "Design scheme", "document", "other", False, "applicant",
                      "审查规划条件落实情况", "Review compliance with planning conditions", PERM, None),
    "mining-plan": ("矿产资源开发利用方案", "Mineral development and utilisation plan", "document", "other", False, "applicant",
                    "审查开发利用方案", "Review the development plan", PERM, None),
    "mining-area": ("矿区范围拐点坐标", "Coordinates of the mining area", "field", "location", False, "applicant",
                    "确定矿区范围", "Fix the boundaries of the mining area", PERM,
                    ("采矿权范围须以坐标确定，坐标仅用于登记和公示", "The right's extent is defined by coordinates, used for registration and notice only")),
    "discharge-application": ("排污许可证申请表", "Pollutant discharge permit application form", "document", "other", False, "applicant",
                              "确定许可排放事项", "Establish the permitted discharges", (5, Y), None),
    "monitoring-plan": ("自行监测方案", "Self-monitoring plan", "document", "other", False, "applicant",
                        "审查自行监测方案", "Review the self-monitoring plan", (5, Y), None),
    "eia-approval-doc": ("环境影响评价审批文件", "EIA approval", "document", "other", False, "department_sharing",
                         "确认已通过环评审批", "Confirm the EIA approval", PERM, None),
    "eia-report": ("环境影响报告书", "Environmental impact report", "document", "other", False, "third_party",
                   "审查环境影响", "Review environmental impacts", PERM, None),
    "public-participation": ("公众参与说明", "Public participation statement", "document", "other", False, "applicant",
                             "审查公众参与情况", "Review public participation", PERM, None),
    "inspection-record": ("现场检查（勘察）笔录", "On-site inspection record", "document", "other", False, "applicant",
                          "固定现场检查情况", "Record the on-site inspection", PERM, None),
    "monitoring-data": ("监测数据", "Monitoring data", "field", "other", False, "third_party",
                        "认定违法事实", "Establish the violation", PERM, None),
    "safety-assessment": ("安全评价报告", "Safety assessment report", "document", "other", False, "third_party",
                          "审查安全条件", "Review safety conditions", (10, Y), None),
    "emergency-plan": ("事故应急预案", "Emergency response plan", "document", "other", False, "applicant",
                       "审查应急处置能力", "Review emergency preparedness", (10, Y), None),
    "fire-commitment": ("消防安全告知承诺书", "Fire safety commitment", "document", "other", False, "applicant",
                        "落实消防安全主体责任", "Fix fire safety responsibility", (10, Y), None),
    "fire-acceptance": ("消防验收或备案凭证", "Fire acceptance or filing certificate", "document", "other", False, "department_sharing",
                        "确认建筑已通过消防验收", "Confirm the building passed fire acceptance", PERM, None),
    "fire-rules": ("消防安全制度和疏散预案", "Fire safety rules and evacuation plan", "document", "other", False, "applicant",
                   "审查消防安全管理", "Review fire safety management", (10, Y), None),
    "quality-deposit": ("旅游服务质量保证金存款证明", "Tourism quality guarantee deposit certificate", "document", "financial", False, "third_party",
                        "确认已存入质量保证金", "Confirm the guarantee deposit", (10, Y),
                        ("法律规定旅行社须存入质量保证金，仅核验存款金额和银行", "The law requires a guarantee deposit; only amount and bank are checked")),
    "performance-contract": ("演出合同或演出协议", "Performance contract", "document", "other", False, "applicant",
                             "确认演出主体和场次", "Identify the parties and performances", (3, Y), None),
    "program-content": ("演出节目内容材料", "Programme content", "document", "other", False, "applicant",
                        "审查节目内容", "Review the programme", (3, Y), None),
    "rectification-report": ("整改报告", "Rectification report", "document", "other", False, "applicant",
                             "核实整改落实情况", "Check that defects were corrected", (5, Y), None),
    "management-rules": ("服务管理制度", "Service management rules", "document", "other", False, "applicant",
                         "审查服务管理制度", "Review service management", (10, Y), None),
    "vehicle-conformity": ("车辆合格证明", "Vehicle certificate of conformity", "document", "other", False, "electronic_license",
                           "核实车辆信息", "Check vehicle data", (10, Y), None),
    "periodic-inspection": ("特种设备定期检验报告", "Periodic inspection report", "document", "other", False, "third_party",
                            "确认设备在检验有效期内", "Confirm the inspection is in date", (5, Y), None),
}
for _k, _v in ITEMS.items():
    assert (_v[3] in SENSITIVE_CATEGORIES) == (_v[9] is not None), _k
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}", _k), _k

# --------------------------------------------------------------------------------------
# Steps: key -> (variants [(zh, en)], stage, actor, public_status variants [(zh, en)])

STEPS = {
    "apply": ([("申请", "Application"), ("提交申请", "Submission of application"), ("网上申报", "Online application")],
              "accept", "applicant",
              [("申请已提交，等待受理", "Application submitted, awaiting acceptance"), ("已提交", "Submitted")]),
    "pre-check": ([("材料预审", "Pre-check of materials")], "accept", "office",
                  [("材料预审中", "Materials being pre-checked")]),
    "accept": ([("受理", "Acceptance"), ("窗口受理", "Acceptance at the counter")], "accept", "office",
               [("已受理", "Accepted"), ("已受理，进入审查", "Accepted, moving to review")]),
    "supplement": ([("补正材料", "Supplementing materials")], "other", "applicant",
                   [("待补正材料，请按告知书补齐", "Please supply the missing materials listed in the notice")]),
    "review": ([("审查", "Review"), ("审核", "Examination"), ("材料审查", "Review of materials")], "review", "office",
               [("审查中", "Under review"), ("正在审核", "Being examined")]),
    "site-check": ([("现场核查", "On-site inspection"), ("实地核查", "Site verification")], "review", "office",
                   [("现场核查中", "On-site inspection in progress")]),
    "expert-review": ([("专家评审", "Expert review"), ("技术评审", "Technical review")], "review", "third_party",
                      [("专家评审中", "Expert review in progress")]),
    "publicity": ([("公示", "Public notice")], "review", "office",
                  [("公示中", "On public notice")]),
    "hearing": ([("听证", "Hearing")], "review", "office",
                [("听证程序中", "Hearing in progress")]),
    "legal-review": ([("法制审核", "Legal review")], "review", "office",
                     [("法制审核中", "Legal review in progress")]),
    "decide": ([("决定", "Decision"), ("审批", "Approval decision"), ("作出决定", "Making the decision")], "decide", "office",
               [("已作出决定", "Decision made"), ("审批决定已作出", "Approval decision made")]),
    "pay": ([("缴纳费用", "Payment of fees")], "other", "applicant",
            [("待缴费", "Awaiting payment")]),
    "certify": ([("制证", "Certificate production"), ("证照制作", "Licence production")], "conclude", "office",
                [("证照制作中", "Certificate being produced")]),
    "conclude": ([("办结", "Completion")], "conclude", "office",
                 [("已办结", "Completed")]),
    "deliver": ([("送达", "Delivery"), ("发证", "Issue of certificate"), ("结果送达", "Delivery of the result")], "deliver", "office",
                [("已送达", "Delivered"), ("结果已寄出或可领取", "Result posted or ready for collection")]),
    "file-case": ([("立案", "Opening of the case")], "accept", "office",
                  [("已立案", "Case opened")]),
    "investigate": ([("调查取证", "Investigation")], "review", "office",
                    [("调查取证中", "Investigation in progress")]),
    "notify-rights": ([("事先告知", "Prior notification")], "other", "office",
                      [("已告知拟处理决定及陈述申辩权利", "Notified of the intended decision and the right to be heard")]),
    "statement": ([("陈述申辩", "Statement and defence")], "other", "applicant",
                  [("陈述申辩期内", "Within the period for statement and defence")]),
    "enforce": ([("执行", "Enforcement")], "conclude", "office",
                [("决定执行中", "Decision being enforced")]),
    "household-survey": ([("入户调查", "Household visit")], "review", "office",
                         [("入户调查中", "Household visit in progress")]),
    "grant": ([("发放", "Payment"), ("资金发放", "Disbursement")], "deliver", "office",
              [("资金已发放", "Payment made")]),
    "plan": ([("制定检查计划", "Planning the inspection")], "other", "office",
             [("检查计划已制定", "Inspection planned")]),
    "inspect": ([("实施检查", "Inspection"), ("现场检查", "On-site inspection")], "review", "office",
                [("检查实施中", "Inspection in progress")]),
    "rectify": ([("整改复查", "Follow-up of rectification")], "review", "office",
                [("整改复查中", "Rectification being checked")]),
    "mediate": ([("调解", "Mediation")], "other", "office",
                [("调解中", "Mediation in progress")]),
    "hearing-arb": ([("开庭审理", "Arbitration hearing")], "review", "office",
                    [("已排期开庭", "Hearing scheduled")]),
    "declare": ([("纳税申报", "Tax return")], "accept", "applicant",
                [("申报已提交", "Return filed")]),
    "pay-tax": ([("缴纳税款", "Payment of tax")], "other", "applicant",
                [("待缴纳税款", "Awaiting tax payment")]),
}

# Process shapes: (step key, probability); probability 1 means always.
FLOWS = {
    "licensing": [("apply", .8), ("pre-check", .25), ("accept", 1), ("supplement", .25), ("review", 1),
                  ("site-check", "site"), ("expert-review", .15), ("hearing", .08), ("publicity", "publicity"),
                  ("decide", 1), ("pay", "fees"), ("conclude-or-certify", 1), ("deliver", 1)],
    "benefit": [("apply", 1), ("accept", 1), ("supplement", .2), ("review", 1), ("household-survey", "site"),
                ("publicity", "publicity"), ("decide", 1), ("conclude", .3), ("grant", 1)],
    "penalty": [("file-case", 1), ("investigate", 1), ("legal-review", .7), ("notify-rights", 1),
                ("statement", .6), ("hearing", .2), ("decide", 1), ("deliver", 1), ("enforce", .5)],
    "inspection": [("plan", .6), ("inspect", 1), ("rectify", .5), ("decide", 1), ("deliver", 1)],
    "adjudication": [("apply", 1), ("accept", 1), ("mediate", .6), ("hearing-arb", 1), ("decide", 1), ("deliver", 1)],
    "levy": [("declare", 1), ("review", .7), ("pay-tax", 1), ("conclude", 1), ("deliver", .5)],
    "filing": [("apply", 1), ("accept", 1), ("review", .5), ("conclude", 1), ("deliver", .5)],
    "general": [("apply", 1), ("pre-check", .2), ("accept", 1), ("supplement", .2), ("review", 1), ("site-check", "site"),
                ("publicity", "publicity"), ("decide", 1), ("pay", "fees"), ("conclude-or-certify", .6), ("deliver", 1)],
}
FLOW_OF_TYPE = {"licensing": "licensing", "benefit": "benefit", "penalty": "penalty",
                "enforcement": "penalty", "inspection": "inspection", "adjudication": "adjudication",
                "levy": "levy", "filing": "filing"}

# Procedures that by law do not count against the time limit (行政许可法 Art. 45).
SPECIAL_PROCEDURES = {
    "expert-review": ("专家评审", "Expert review"),
    "hearing": ("听证", "Hearing"),
    "publicity": ("公示", "Public notice"),
}

# --------------------------------------------------------------------------------------
# Service templates. Evidence in criteria must name core items of the template.

FEE_CATALOGUE_BASIS = "《{prov}行政事业性收费目录清单》（{year}年版）第{n}项"


def T(slug, dept, zh, en, type_, audience, laws, core, optional, criteria, outcome,
      statutory, committed, desc, kind="commitment", site=0.0, publicity=0.0, fees=(),
      national=None, delivery=("pickup", "post", "electronic"), depth=4):
    return dict(slug=slug, dept=dept, zh=zh, en=en, type=type_, audience=audience, laws=laws,
                core=core, optional=optional, criteria=criteria, outcome=outcome,
                statutory=statutory, committed=committed, desc=desc, kind=kind, site=site,
                publicity=publicity, fees=fees, national=national, delivery=delivery, depth=depth)


WD, CD = "working_days", "calendar_days"

TEMPLATES = [
    # ---- market regulation
    T("food-business-licence", "amr", "食品经营许可证核发", "Issuance of food business licence", "licensing",
      ["enterprise", "natural_person"], ["food-safety", "food-biz-rule", "admin-licensing"],
      ["business-licence", "legal-rep-id", "premises-proof", "premises-layout", "food-safety-system", "equipment-list", "health-cert"],
      ["agent-authorization", "phone", "email"],
      [("具有与经营的食品品种、数量相适应的经营场所", "Has premises suited to the kinds and quantities of food sold", ["premises-proof", "premises-layout"]),
       ("具有与经营的食品品种、数量相适应的设备或者设施", "Has equipment or facilities suited to the food sold", ["equipment-list"]),
       ("有食品安全管理人员和保证食品安全的规章制度", "Has food safety staff and rules that ensure food safety", ["food-safety-system"]),
       ("从事接触直接入口食品工作的人员持有有效健康证明", "Staff handling ready-to-eat food hold valid health certificates", ["health-cert"])],
      ("食品经营许可证", "Food business licence", "license"), (20, WD), (3, 10),
      ("对从事食品销售和餐饮服务活动的市场主体核发食品经营许可证。", "Issues the food business licence to market entities that sell food or provide catering."),
      site=0.6),
    T("food-production-licence", "amr", "食品生产许可证核发", "Issuance of food production licence", "licensing",
      ["enterprise"], ["food-safety", "food-prod-rule", "admin-licensing"],
      ["business-licence", "legal-rep-id", "premises-proof", "premises-layout", "equipment-list", "process-flow", "food-safety-system"],
      ["staff-list", "agent-authorization", "phone"],
      [("具有与生产的食品品种、数量相适应的生产场所和设备", "Has production premises and equipment suited to the food produced", ["premises-proof", "equipment-list"]),
       ("具有合理的设备布局和工艺流程", "Has a sound equipment layout and production process", ["premises-layout", "process-flow"]),
       ("有食品安全管理制度", "Has food safety management rules", ["food-safety-system"])],
      ("食品生产许可证", "Food production licence", "license"), (20, WD), (8, 15),
      ("对在本行政区域内从事食品生产活动的企业核发食品生产许可证。", "Issues the food production licence to enterprises that produce food in the area."),
      site=0.95),
    T("individual-business-registration", "amr", "个体工商户设立登记", "Registration of an individual business", "licensing",
      ["natural_person"], ["individual-biz", "market-entity"],
      ["id-card", "premises-proof", "phone"], ["agent-authorization", "address", "email"],
      [("经营者为有经营能力的自然人", "The operator is a natural person able to do business", ["id-card"]),
       ("有固定的经营场所", "Has fixed business premises", ["premises-proof"])],
      ("个体工商户营业执照", "Business licence of the individual business", "license"), (3, WD), (1, 1),
      ("为有经营能力的自然人办理个体工商户设立登记，颁发营业执照。", "Registers individual businesses of natural persons able to do business and issues the business licence."),
      kind="either"),
    T("special-equipment-registration", "amr", "特种设备使用登记", "Registration of special equipment use", "licensing",
      ["enterprise", "public_institution"], ["special-equipment", "admin-licensing"],
      ["business-licence", "equipment-conformity", "operator-cert"], ["periodic-inspection", "agent-authorization", "phone"],
      [("特种设备经监督检验合格", "The equipment passed supervisory inspection", ["equipment-conformity"]),
       ("配备取得相应资格的作业人员", "Employs operators holding the required certificates", ["operator-cert"])],
      ("特种设备使用登记证", "Special equipment use registration certificate", "certificate"), (15, WD), (3, 10),
      ("对电梯、锅炉、压力容器等特种设备办理使用登记。", "Registers the use of lifts, boilers, pressure vessels and other special equipment.")),
    T("consumer-complaint", "amr", "消费者投诉处理", "Handling of consumer complaints", "public_service",
      ["natural_person"], ["consumer", "complaint-rule"],
      ["complaint-statement", "purchase-evidence", "phone"], ["id-card", "address", "email"],
      [("投诉人为与经营者发生消费者权益争议的消费者", "The complainant is a consumer in dispute with a trader", ["complaint-statement", "purchase-evidence"])],
      ("投诉处理结果告知书", "Notice of the outcome of the complaint", "decision"), None, (7, 20),
      ("受理消费者与经营者之间的消费者权益争议投诉，组织调解。", "Receives complaints in consumer disputes with traders and organises mediation."),
      delivery=("electronic", "post")),
    T("equity-pledge-registration", "amr", "股权出质登记", "Registration of equity pledges", "confirmation",
      ["enterprise"], ["equity-pledge", "civil-code"],
      ["business-licence", "pledge-contract", "legal-rep-id"], ["agent-authorization", "phone"],
      [("出质股权依法可以转让", "The pledged equity may be transferred by law", ["pledge-contract"]),
       ("出质人和质权人均已签署申请", "Both pledgor and pledgee signed the application", ["legal-rep-id"])],
      ("股权出质设立登记通知书", "Notice of registration of the pledge", "certificate"), None, (1, 3),
      ("办理有限责任公司和股份有限公司股权出质的设立、变更和注销登记。", "Registers the creation, change and release of pledges over company equity."),
      kind="either"),
    # ---- public security
    T("residence-permit", "psb", "居住证签发", "Issuance of residence permit", "public_service",
      ["natural_person"], ["residence-permit"],
      ["id-card", "photo", "residence-proof", "phone"], ["address", "employment-contract", "agent-authorization"],
      [("离开常住户口所在地到本市居住半年以上", "Has lived in the city for at least six months away from the place of household registration", ["residence-proof"]),
       ("有合法稳定就业、合法稳定住所或连续就读条件之一", "Has stable lawful employment, residence or continuous study", ["residence-proof"]),
       ("申请人身份信息真实有效", "The applicant's identity data are genuine", ["id-card"])],
      ("居住证", "Residence permit", "certificate"), (15, CD), (7, 10),
      ("为离开常住户口所在地、在本市居住半年以上的公民签发居住证。", "Issues the residence permit to citizens who have lived in the city for six months or more away from their place of household registration."),
      delivery=("pickup", "post")),
    T("criminal-record-certificate", "psb", "无犯罪记录证明开具", "Certificate of no criminal record", "public_service",
      ["natural_person"], ["criminal-record-rule"],
      ["id-card", "criminal-record"], ["agent-authorization", "phone", "email"],
      [("申请人为本人或经本人书面委托的代理人", "The applicant is the person concerned or an agent with written authority", ["id-card"])],
      ("无犯罪记录证明", "Certificate of no criminal record", "certificate"), (3, WD), (1, 2),
      ("根据申请人的申请，查询其有无犯罪记录并出具证明。", "Checks on request whether the applicant has a criminal record and issues the certificate."),
      delivery=("pickup", "electronic")),
    T("driving-licence-renewal", "psb", "机动车驾驶证有效期满换证", "Renewal of driving licence on expiry", "licensing",
      ["natural_person"], ["road-traffic", "driving-licence-rule"],
      ["id-card", "driving-licence", "medical-exam"], ["photo", "phone", "address"],
      [("驾驶证有效期满前九十日内申请", "Applied within ninety days before the licence expires", ["driving-licence"]),
       ("身体条件符合驾驶许可条件", "Meets the physical requirements for driving", ["medical-exam"])],
      ("机动车驾驶证", "Driving licence", "license"), (1, WD), (0, 0),
      ("驾驶证有效期满前换领新证。", "Replaces the driving licence before it expires."),
      kind="immediate", delivery=("pickup", "post")),
    T("large-event-permit", "psb", "大型群众性活动安全许可", "Safety permit for large public events", "licensing",
      ["enterprise", "social_organization", "public_institution"], ["large-event", "admin-licensing"],
      ["business-licence", "event-plan", "venue-proof", "legal-rep-id"], ["agent-authorization", "phone"],
      [("承办者具有承办活动的合法资格", "The organiser is lawfully entitled to hold the event", ["business-licence"]),
       ("有完备的活动方案和安全工作方案", "Has a complete event plan and security plan", ["event-plan"]),
       ("活动场所符合安全要求并经管理者同意", "The venue meets safety requirements and its owner consents", ["venue-proof"])],
      ("大型群众性活动安全许可决定书", "Safety permit for the event", "approval"), (7, WD), (3, 5),
      ("对预计参加人数1000人以上的大型群众性活动进行安全许可。", "Grants safety permits for public events expected to draw 1,000 people or more."),
      site=0.8),
    T("household-transfer", "psb", "市内户口迁移", "Transfer of household registration within the city", "confirmation",
      ["natural_person"], ["household"],
      ["id-card", "household-register", "residence-proof"], ["child-birth-cert", "phone", "agent-authorization"],
      [("在迁入地有合法稳定住所", "Has legal and stable residence at the destination", ["residence-proof"]),
       ("户籍信息真实准确", "Household registration data are accurate", ["household-register", "id-card"])],
      ("户口迁移证明", "Household transfer record", "certificate"), None, (3, 5),
      ("为在市内变更住址的居民办理户口迁移。", "Transfers household registration for residents who move within the city.")),
    T("hk-macao-permit", "psb", "往来港澳通行证签发", "Issuance of the Exit-Entry Permit for Hong Kong and Macao", "licensing",
      ["natural_person"], ["exit-entry", "hk-macao-rule", "admin-licensing"],
      ["id-card", "photo", "fingerprint"], ["household-register", "phone", "address"],
      [("申请人为中国内地居民", "The applicant is a resident of the Chinese mainland", ["id-card"]),
       ("不属于法律规定不准出境的情形", "No legal bar to leaving the mainland applies", ["id-card"])],
      ("往来港澳通行证", "Exit-Entry Permit for Hong Kong and Macao", "certificate"), (10, WD), (5, 7),
      ("为内地居民签发往来港澳通行证。", "Issues the Exit-Entry Permit for Hong Kong and Macao to mainland residents."),
      fees=[("往来港澳通行证（电子证件）", "Exit-Entry Permit (electronic)", 60, "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）")],
      depth=3),
    # ---- human resources and social security
    T("unemployment-benefit", "hrss", "失业保险金申领", "Claim for unemployment insurance benefit", "benefit",
      ["natural_person"], ["social-insurance", "unemployment-reg", "unemployment-rule"],
      ["id-card", "termination-proof", "unemployment-registration", "bank-account"], ["ss-contribution", "phone"],
      [("失业前用人单位和本人已缴纳失业保险费满一年", "Contributions were paid for at least one year before unemployment", ["unemployment-registration"]),
       ("非因本人意愿中断就业", "Employment ended involuntarily", ["termination-proof"]),
       ("已进行失业登记并有求职要求", "Registered as unemployed and seeking work", ["unemployment-registration"])],
      ("失业保险金核定决定", "Decision on unemployment benefit", "decision"), (10, CD), (3, 7),
      ("为符合条件的失业人员核定并按月发放失业保险金。", "Assesses and pays unemployment benefit monthly to eligible unemployed people."),
      delivery=("electronic",)),
    T("skill-level-certification", "hrss", "职业技能等级认定", "Certification of vocational skill level", "confirmation",
      ["natural_person"], ["skill-rule"],
      ["id-card", "skill-score", "photo"], ["education-cert", "employment-contract", "phone"],
      [("考核成绩合格", "Passed the skill assessment", ["skill-score"]),
       ("申请人身份真实", "The applicant's identity is genuine", ["id-card"])],
      ("职业技能等级证书", "Vocational skill level certificate", "certificate"), None, (10, 20),
      ("对劳动者的职业技能水平进行评价并颁发职业技能等级证书。", "Assesses workers' vocational skills and issues skill level certificates.")),
    T("social-security-card", "hrss", "社会保障卡申领", "Application for a social security card", "public_service",
      ["natural_person"], ["social-insurance"],
      ["id-card", "photo", "phone"], ["address", "bank-account", "agent-authorization"],
      [("已参加本市社会保险", "Insured under the city's social insurance", ["id-card"])],
      ("社会保障卡", "Social security card", "certificate"), None, (5, 10),
      ("为参保人员制发社会保障卡。", "Issues social security cards to insured persons."),
      delivery=("pickup", "post")),
    T("work-injury-determination", "hrss", "工伤认定", "Determination of work injury", "confirmation",
      ["natural_person", "enterprise"], ["work-injury"],
      ["id-card", "employment-contract", "injury-diagnosis", "accident-report"], ["witness-statement", "phone", "address"],
      [("与用人单位存在劳动关系", "Has an employment relationship with the employer", ["employment-contract"]),
       ("在工作时间和工作场所内因工作原因受到事故伤害或患职业病", "Was injured at work because of work, or has an occupational disease", ["injury-diagnosis", "accident-report"])],
      ("认定工伤决定书", "Work injury determination", "decision"), (60, CD), (30, 45),
      ("对职工受到事故伤害或患职业病是否属于工伤作出认定。", "Determines whether an employee's accident injury or occupational disease is a work injury."),
      site=0.4),
    T("hr-service-licence", "hrss", "人力资源服务许可", "Licence for human resources services", "licensing",
      ["enterprise"], ["hr-market", "admin-licensing"],
      ["business-licence", "legal-rep-id", "premises-proof", "staff-list", "management-rules"], ["agent-authorization", "phone"],
      [("有明确的业务范围和管理制度", "Has a defined scope and management rules", ["management-rules"]),
       ("有与开展业务相适应的场所和专业人员", "Has premises and professional staff for the business", ["premises-proof", "staff-list"])],
      ("人力资源服务许可证", "Human resources service licence", "license"), (20, WD), (5, 10),
      ("对从事职业中介活动的经营性人力资源服务机构实施许可。", "Licenses commercial human resources agencies that broker employment."),
      site=0.3),
    T("labour-arbitration", "hrss", "劳动人事争议仲裁", "Arbitration of labour and personnel disputes", "adjudication",
      ["natural_person", "enterprise"], ["labour-arbitration"],
      ["id-card", "arbitration-application", "evidence-list"], ["employment-contract", "phone", "address"],
      [("属于仲裁委员会受理范围的劳动人事争议", "The dispute falls within the commission's remit", ["arbitration-application"]),
       ("在仲裁时效期间内申请", "Applied within the limitation period", ["evidence-list"])],
      ("仲裁裁决书", "Arbitral award", "decision"), (45, CD), (40, 45),
      ("依法处理劳动者与用人单位之间的劳动人事争议。", "Resolves labour and personnel disputes between workers and employers.")),
    # ---- civil affairs
    T("minimum-living-allowance", "ca", "最低生活保障审核确认", "Approval of the minimum living allowance", "benefit",
      ["natural_person"], ["social-assistance", "minimum-living-rule"],
      ["id-card", "household-register", "income-proof", "property-declaration", "econ-check-consent", "bank-account"], ["disability-cert", "phone"],
      [("共同生活的家庭成员人均收入低于当地最低生活保障标准", "Per-capita household income is below the local threshold", ["income-proof", "econ-check-consent"]),
       ("家庭财产状况符合当地规定", "Household assets are within the local limits", ["property-declaration"]),
       ("持有当地常住户口", "Has household registration in the area", ["household-register"])],
      ("最低生活保障审核确认决定", "Decision on the minimum living allowance", "decision"), (30, WD), (15, 25),
      ("对共同生活的家庭成员人均收入低于当地最低生活保障标准且财产状况符合规定的家庭给予最低生活保障。", "Grants the minimum living allowance to households whose per-capita income is below the local threshold and whose assets are within limits."),
      site=0.9, publicity=0.8, delivery=("pickup", "post")),
    T("social-organization-registration", "ca", "社会团体成立登记", "Registration of a social organisation", "licensing",
      ["social_organization"], ["social-org", "admin-licensing"],
      ["charter", "fund-proof", "legal-rep-id", "member-list", "premises-proof", "sponsor-approval"], ["agent-authorization", "phone"],
      [("有50个以上的个人会员或者30个以上的单位会员", "Has at least 50 individual or 30 institutional members", ["member-list"]),
       ("有规范的名称和相应的组织机构", "Has a proper name and organisational structure", ["charter"]),
       ("有合法的资产和经费来源", "Has lawful assets and funding", ["fund-proof"]),
       ("经业务主管单位审查同意", "Approved by the supervising unit", ["sponsor-approval"])],
      ("社会团体法人登记证书", "Registration certificate of the social organisation", "certificate"), (60, CD), (20, 30),
      ("对申请成立的社会团体进行审查并办理成立登记。", "Reviews and registers newly founded social organisations."),
      publicity=0.3),
    T("marriage-registration", "ca", "内地居民结婚登记", "Marriage registration for mainland residents", "confirmation",
      ["natural_person"], ["civil-code", "marriage-reg"],
      ["id-card", "household-register", "marital-declaration", "couple-photo"], ["phone"],
      [("男女双方完全自愿", "Both parties consent freely", ["marital-declaration"]),
       ("男不得早于二十二周岁，女不得早于二十周岁", "The man is at least 22 and the woman at least 20 years old", ["id-card"]),
       ("双方均无配偶且无禁止结婚的亲属关系", "Neither party is married and they are not closely related", ["marital-declaration", "household-register"])],
      ("结婚证", "Marriage certificate", "certificate"), None, (0, 0),
      ("为符合法定条件的内地居民当场办理结婚登记并发给结婚证。", "Registers marriages of eligible mainland residents on the spot and issues the marriage certificate."),
      kind="immediate", delivery=("pickup",), depth=2),
    T("disability-subsidy", "ca", "困难残疾人生活补贴和重度残疾人护理补贴", "Living and care subsidies for persons with disabilities", "benefit",
      ["natural_person"], ["disabled-persons", "disability-subsidy"],
      ["id-card", "disability-cert", "bank-account"], ["household-register", "income-proof", "phone"],
      [("持有第二代残疾人证", "Holds a second-generation disability certificate", ["disability-cert"]),
       ("具有本地户籍", "Registered in the area", ["id-card"])],
      ("补贴核定通知", "Notice of the subsidy granted", "decision"), None, (10, 20),
      ("为困难残疾人和重度残疾人发放生活补贴和护理补贴。", "Pays living and care subsidies to persons with disabilities in need."),
      publicity=0.3, delivery=("electronic", "post")),
    T("elderly-care-filing", "ca", "养老机构备案", "Filing of an elderly care institution", "filing",
      ["enterprise", "social_organization"], ["elderly", "elderly-care-rule"],
      ["business-licence", "legal-rep-id", "premises-proof", "fire-acceptance"], ["staff-list", "phone"],
      [("已依法办理登记", "Registered according to law", ["business-licence"]),
       ("服务场所符合消防安全要求", "The premises meet fire safety requirements", ["fire-acceptance", "premises-proof"])],
      ("养老机构备案回执", "Filing receipt", "filing"), None, (0, 0),
      ("养老机构在收住老年人后10个工作日内向民政部门备案。", "Elderly care institutions file with the civil affairs department within ten working days of admitting residents."),
      kind="immediate", delivery=("electronic",)),
    T("bravery-reward", "ca", "见义勇为人员表彰奖励", "Reward for acts of bravery", "reward",
      ["natural_person"], ["brave-deed-{prov}"],
      ["id-card", "deed-evidence", "witness-statement", "bank-account"], ["phone", "address"],
      [("在法定职责、法定义务之外保护国家、集体利益或者他人人身财产安全", "Protected public interests or others' lives or property beyond any legal duty", ["deed-evidence", "witness-statement"])],
      ("见义勇为表彰奖励决定", "Decision on the reward", "decision"), None, (30, 60),
      ("对见义勇为人员予以确认、表彰和奖励。", "Confirms, commends and rewards people who acted bravely."),
      publicity=1.0, delivery=("pickup", "post")),
    # ---- housing
    T("construction-permit", "hurd", "建筑工程施工许可证核发", "Issuance of construction permit", "licensing",
      ["enterprise", "public_institution"], ["construction", "construction-permit-rule", "admin-licensing"],
      ["business-licence", "land-use-cert", "planning-permit", "construction-contract", "quality-safety-commitment"], ["legal-rep-id", "agent-authorization", "phone"],
      [("已办理用地批准手续", "Land use has been approved", ["land-use-cert"]),
       ("已取得建设工程规划许可证", "Holds the planning permit", ["planning-permit"]),
       ("已确定施工企业", "The contractor has been chosen", ["construction-contract"]),
       ("有保证工程质量和安全的具体措施", "Has specific quality and safety measures", ["quality-safety-commitment"])],
      ("建筑工程施工许可证", "Construction permit", "license"), (7, CD), (3, 5),
      ("对符合条件的房屋建筑和市政基础设施工程核发施工许可证。", "Issues construction permits for buildings and municipal infrastructure that meet the conditions.")),
    T("presale-permit", "hurd", "商品房预售许可", "Pre-sale permit for commercial housing", "licensing",
      ["enterprise"], ["real-estate-admin", "presale-rule", "admin-licensing"],
      ["business-licence", "land-use-cert", "planning-permit", "construction-progress", "presale-plan"], ["construction-contract", "legal-rep-id", "phone"],
      [("已交付全部土地使用权出让金", "All land premiums have been paid", ["land-use-cert"]),
       ("持有建设工程规划许可证和施工许可证", "Holds the planning and construction permits", ["planning-permit"]),
       ("投入开发建设的资金达到工程建设总投资的25%以上", "At least 25% of total investment has been spent", ["construction-progress"])],
      ("商品房预售许可证", "Commercial housing pre-sale permit", "license"), (10, CD), (5, 8),
      ("对房地产开发企业预售商品房实施许可。", "Licenses the pre-sale of commercial housing by developers."),
      site=0.7, depth=3),
    T("public-rental-housing", "hurd", "公共租赁住房资格审核", "Eligibility review for public rental housing", "confirmation",
      ["natural_person"], ["public-rental-rule"],
      ["id-card", "household-register", "income-proof", "property-declaration", "residence-proof"], ["employment-contract", "ss-contribution", "phone"],
      [("在本地无住房或者住房面积低于规定标准", "Owns no home locally, or one below the standard area", ["property-declaration"]),
       ("收入、财产低于规定标准", "Income and assets are below the thresholds", ["income-proof"]),
       ("在本地稳定就业或居住达到规定年限", "Has worked or lived locally for the required period", ["residence-proof", "household-register"])],
      ("公共租赁住房保障资格确认书", "Confirmation of eligibility for public rental housing", "decision"), (20, WD), (15, 20),
      ("审核申请家庭是否符合公共租赁住房保障条件。", "Reviews whether applicant households qualify for public rental housing."),
      publicity=0.8),
    T("housing-fund-withdrawal", "hpf", "住房公积金提取", "Withdrawal of housing provident fund", "benefit",
      ["natural_person"], ["housing-fund"],
      ["id-card", "bank-account", "property-cert"], ["sale-contract", "phone"],
      [("购买、建造、翻建、大修自住住房", "Buying, building or renovating an owner-occupied home", ["property-cert"])],
      ("住房公积金提取核准", "Approval of the withdrawal", "approval"), (3, CD), (1, 3),
      ("职工因购房等情形提取住房公积金账户存储余额。", "Employees withdraw balances from their housing provident fund account, for example to buy a home."),
      kind="either", delivery=("electronic",)),
    # ---- health
    T("medical-institution-licence", "hc", "医疗机构执业登记", "Practice registration of medical institutions", "licensing",
      ["enterprise", "public_institution"], ["health-promotion", "medical-institution", "admin-licensing"],
      ["business-licence", "legal-rep-id", "premises-proof", "equipment-list", "staff-list", "institution-rules"], ["agent-authorization", "phone"],
      [("有符合规定的名称、组织机构和场所", "Has a proper name, organisation and premises", ["premises-proof", "business-licence"]),
       ("有与开展业务相适应的经费、设施、设备和专业卫生技术人员", "Has funds, facilities, equipment and qualified health staff", ["equipment-list", "staff-list"]),
       ("有相应的规章制度", "Has the required rules", ["institution-rules"])],
      ("医疗机构执业许可证", "Medical institution practice licence", "license"), (45, CD), (15, 30),
      ("对申请执业的医疗机构进行审核并办理执业登记。", "Reviews and registers medical institutions that apply to practise."),
      site=0.95),
    T("birth-medical-certificate", "hc", "出生医学证明首次签发", "First issue of the birth medical certificate", "public_service",
      ["natural_person"], ["maternal-health"],
      ["mother-id", "newborn-info", "delivery-record"], ["father-id", "household-register", "phone"],
      [("新生儿在本市助产机构内出生", "The child was born in a midwifery institution in the city", ["delivery-record"]),
       ("申请人为新生儿的父母或监护人", "The applicant is a parent or guardian", ["mother-id"])],
      ("出生医学证明", "Birth medical certificate", "certificate"), None, (0, 0),
      ("为在本市助产机构内出生的新生儿签发出生医学证明。", "Issues birth medical certificates for children born in midwifery institutions in the city."),
      kind="immediate", delivery=("pickup",), depth=3),
    T("nurse-registration", "hc", "护士执业注册", "Registration of nurses", "licensing",
      ["natural_person"], ["nurse", "admin-licensing"],
      ["id-card", "nursing-exam", "medical-exam", "employer-proof", "education-cert"], ["photo", "phone"],
      [("通过国家护士执业资格考试", "Passed the national nurse licensing examination", ["nursing-exam"]),
       ("完成规定学制的护理专业学历教育", "Completed nursing education of the required length", ["education-cert"]),
       ("符合健康标准", "Meets the health standards", ["medical-exam"])],
      ("护士执业证书（电子证照）", "Nurse practising certificate (electronic)", "license"), (20, WD), (5, 10),
      ("对符合条件的护士办理执业注册。", "Registers nurses who meet the conditions."), delivery=("electronic",)),
    T("public-place-hygiene-licence", "hc", "公共场所卫生许可", "Hygiene licence for public places", "licensing",
      ["enterprise", "natural_person"], ["public-place-hygiene", "admin-licensing"],
      ["business-licence", "premises-layout", "hygiene-rules", "hygiene-test-report", "health-cert"], ["legal-rep-id", "phone"],
      [("卫生设施和卫生质量符合国家卫生标准", "Facilities and hygiene meet national standards", ["hygiene-test-report", "premises-layout"]),
       ("有卫生管理制度", "Has hygiene management rules", ["hygiene-rules"]),
       ("从业人员持有有效健康证明", "Staff hold valid health certificates", ["health-cert"])],
      ("公共场所卫生许可证", "Public place hygiene licence", "license"), (20, WD), (3, 10),
      ("对住宿、沐浴、美容美发等公共场所核发卫生许可证。", "Issues hygiene licences for hotels, baths, salons and other public places."),
      site=0.5),
    # ---- education
    T("private-school-licence", "edu", "民办学校办学许可", "Licence to run a private school", "licensing",
      ["social_organization", "enterprise"], ["private-education", "admin-licensing"],
      ["charter", "fund-proof", "premises-proof", "principal-id", "teacher-list"], ["legal-rep-id", "agent-authorization", "phone"],
      [("有规范的章程", "Has proper articles", ["charter"]),
       ("有与办学规模相适应的校舍和资金", "Has premises and funds suited to the school's size", ["premises-proof", "fund-proof"]),
       ("有合格的校长和教师队伍", "Has a qualified principal and teachers", ["principal-id", "teacher-list"])],
      ("民办学校办学许可证", "Private school licence", "license"), (90, CD), (30, 60),
      ("对举办实施学历教育、学前教育的民办学校实施办学许可。", "Licenses private schools that provide formal or pre-school education."),
      site=0.9, publicity=0.3),
    T("teacher-qualification", "edu", "教师资格认定", "Teacher qualification certification", "licensing",
      ["natural_person"], ["teachers", "teacher-qualification", "admin-licensing"],
      ["id-card", "photo", "education-cert", "teaching-test-cert", "medical-exam", "mandarin-cert", "criminal-record"], ["phone", "address"],
      [("具备规定的学历", "Holds the required academic qualification", ["education-cert"]),
       ("通过教师资格考试", "Passed the teacher qualification examination", ["teaching-test-cert"]),
       ("普通话水平达到规定等级", "Putonghua proficiency meets the required level", ["mandarin-cert"]),
       ("身体条件符合要求且无不得从事教育工作的犯罪记录", "Physically fit and without convictions that bar teaching", ["medical-exam", "criminal-record"])],
      ("教师资格证书", "Teacher qualification certificate", "certificate"), (30, CD), (20, 30),
      ("对符合条件的申请人认定教师资格。", "Certifies the teacher qualification of eligible applicants.")),
    T("school-enrolment", "edu", "义务教育阶段新生入学登记", "School enrolment for compulsory education", "public_service",
      ["natural_person"], ["compulsory-education", "vaccine"],
      ["child-birth-cert", "guardian-id", "household-register", "residence-proof", "vaccination-record"], ["phone", "property-cert"],
      [("适龄儿童在学区内有户籍或居住证明", "The child is registered or resides in the school district", ["household-register", "residence-proof"]),
       ("申请人为儿童的法定监护人", "The applicant is the child's legal guardian", ["guardian-id", "child-birth-cert"])],
      ("入学通知书", "Admission notice", "other"), None, (10, 20),
      ("为适龄儿童办理义务教育阶段入学登记和学位分配。", "Enrols school-age children in compulsory education and allocates school places."),
      delivery=("electronic", "pickup")),
    T("student-financial-aid", "edu", "家庭经济困难学生资助", "Financial aid for students from poor households", "benefit",
      ["natural_person"], ["student-aid-rule"],
      ["student-status", "guardian-id", "income-proof", "bank-account"], ["household-register", "disability-cert", "phone"],
      [("学生为本市在读学生", "The student is enrolled in the city", ["student-status"]),
       ("家庭经济困难", "The household is in financial difficulty", ["income-proof"])],
      ("学生资助认定结果", "Financial aid decision", "decision"), None, (15, 30),
      ("为家庭经济困难学生认定资助资格并发放资助资金。", "Determines aid eligibility of students from poor households and pays the aid."),
      publicity=0.7, delivery=("electronic",)),
    T("foreign-degree-verification", "edu", "国（境）外学历学位认证", "Verification of foreign academic degrees", "confirmation",
      ["natural_person"], ["degree-verification-rule"],
      ["passport", "degree-cert", "transcript", "verification-consent"], ["photo", "phone", "email"],
      [("学位由国（境）外正规高等教育机构授予", "The degree was awarded by a recognised foreign institution", ["degree-cert", "transcript"]),
       ("申请人授权向颁证院校核实", "The applicant consents to verification with the institution", ["verification-consent"])],
      ("国（境）外学历学位认证书", "Foreign degree verification certificate", "certificate"), None, (10, 20),
      ("对在国（境）外获得的学历学位进行认证。", "Verifies academic degrees obtained abroad."),
      national="cscse", delivery=("electronic",)),
    # ---- transport
    T("road-freight-licence", "tr", "道路货物运输经营许可", "Road freight transport licence", "licensing",
      ["enterprise", "natural_person"], ["road-transport", "admin-licensing"],
      ["business-licence", "vehicle-list", "driver-qualification", "safety-rules"], ["parking-proof", "legal-rep-id", "phone"],
      [("有与经营业务相适应并经检测合格的车辆", "Has inspected vehicles suited to the business", ["vehicle-list"]),
       ("有符合规定条件的驾驶人员", "Has qualified drivers", ["driver-qualification"]),
       ("有健全的安全生产管理制度", "Has sound work safety rules", ["safety-rules"])],
      ("道路运输经营许可证", "Road transport operating licence", "license"), (20, CD), (5, 10),
      ("对从事道路货物运输经营的申请人实施许可。", "Licenses applicants who operate road freight transport.")),
    T("ride-hailing-driver-licence", "tr", "网络预约出租汽车驾驶员证核发", "Ride-hailing driver's licence", "licensing",
      ["natural_person"], ["ride-hailing-rule", "admin-licensing"],
      ["id-card", "driving-licence", "criminal-record", "traffic-record"], ["photo", "phone"],
      [("取得相应准驾车型机动车驾驶证并具有3年以上驾驶经历", "Has held a licence for the vehicle class for three years or more", ["driving-licence"]),
       ("近3个驾驶记分周期内无记满12分记录", "No full 12-point record in the last three scoring periods", ["traffic-record"]),
       ("无暴力犯罪和危险驾驶犯罪记录", "No convictions for violent crime or dangerous driving", ["criminal-record"])],
      ("网络预约出租汽车驾驶员证", "Ride-hailing driver's licence", "license"), (20, WD), (5, 10),
      ("对从事网约车服务的驾驶员核发从业资格证。", "Issues occupational licences to ride-hailing drivers.")),
    T("oversize-transport-permit", "tr", "超限运输车辆行驶公路许可", "Permit for oversize vehicles on highways", "licensing",
      ["enterprise", "natural_person"], ["highway", "oversize-rule", "admin-licensing"],
      ["vehicle-licence", "route-plan", "cargo-info"], ["driving-licence", "business-licence", "phone"],
      [("载运不可解体物品", "The cargo cannot be broken down", ["cargo-info"]),
       ("有可行的通行路线和时间安排", "Has a feasible route and timetable", ["route-plan"]),
       ("车辆登记信息有效", "The vehicle registration is valid", ["vehicle-licence"])],
      ("超限运输车辆通行证", "Oversize vehicle pass", "license"), (15, WD), (2, 5),
      ("对载运不可解体物品的超限运输车辆在公路上行驶实施许可。", "Licenses oversize vehicles carrying indivisible loads on public highways."),
      delivery=("electronic",)),
    # ---- natural resources
    T("land-planning-permit", "nr", "建设用地规划许可证核发", "Issuance of land use planning permit", "licensing",
      ["enterprise", "public_institution"], ["urban-planning", "admin-licensing"],
      ["business-licence", "land-approval", "design-scheme"], ["legal-rep-id", "agent-authorization", "phone"],
      [("已取得用地预审与选址意见", "Holds the land pre-examination and site opinion", ["land-approval"]),
       ("设计方案符合控制性详细规划", "The design complies with the regulatory detailed plan", ["design-scheme"])],
      ("建设用地规划许可证", "Land use planning permit", "license"), (20, WD), (5, 10),
      ("对建设项目的用地位置、面积和允许建设范围核发规划许可。", "Issues planning permits fixing the location, area and buildable extent of project land."),
      publicity=0.3),
    T("real-estate-transfer", "nr", "不动产转移登记", "Registration of real estate transfer", "confirmation",
      ["natural_person", "enterprise"], ["civil-code", "real-estate-registration"],
      ["id-card", "property-cert", "sale-contract", "tax-payment-proof"], ["agent-authorization", "household-register", "phone"],
      [("不动产权属清楚、无查封", "Title is clear and the property is not seized", ["property-cert"]),
       ("买卖双方签订转让合同", "Buyer and seller signed a transfer contract", ["sale-contract"]),
       ("已依法缴纳相关税费", "Taxes and charges have been paid", ["tax-payment-proof"])],
      ("不动产权证书", "Real estate title certificate", "certificate"), (30, WD), (1, 5),
      ("因买卖等原因导致不动产权利转移的，办理转移登记。", "Registers the transfer of real estate rights, for example after a sale."),
      fees=[("不动产登记费（住宅）", "Real estate registration fee (housing)", 80, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）")]),
    T("mining-right-registration", "nr", "采矿权新立登记", "Registration of a new mining right", "licensing",
      ["enterprise"], ["mineral", "mining-registration", "admin-licensing"],
      ["business-licence", "mining-plan", "mining-area", "fund-proof"], ["legal-rep-id", "eia-approval-doc", "phone"],
      [("矿区范围已依法划定", "The mining area has been delimited", ["mining-area"]),
       ("有开发利用方案", "Has a development and utilisation plan", ["mining-plan"]),
       ("有与开采规模相适应的资金", "Has funds suited to the scale of mining", ["fund-proof"])],
      ("采矿许可证", "Mining licence", "license"), (40, CD), (20, 30),
      ("对符合条件的申请人新立采矿权并颁发采矿许可证。", "Grants new mining rights and issues mining licences to eligible applicants."),
      site=0.5, publicity=0.6),
    # ---- ecology and environment
    T("pollutant-discharge-permit", "ee", "排污许可证核发", "Issuance of pollutant discharge permit", "licensing",
      ["enterprise", "public_institution"], ["environment", "pollutant-permit", "admin-licensing"],
      ["business-licence", "discharge-application", "monitoring-plan", "eia-approval-doc"], ["legal-rep-id", "phone"],
      [("依法取得建设项目环境影响评价审批意见", "Holds the EIA approval", ["eia-approval-doc"]),
       ("污染防治设施和排放符合国家标准", "Pollution control and emissions meet national standards", ["discharge-application"]),
       ("自行监测方案符合要求", "The self-monitoring plan meets the requirements", ["monitoring-plan"])],
      ("排污许可证", "Pollutant discharge permit", "license"), (20, CD), (10, 15),
      ("对实行排污许可管理的企业事业单位核发排污许可证。", "Issues discharge permits to units under pollutant permit management."),
      site=0.5),
    T("eia-approval", "ee", "建设项目环境影响报告书审批", "Approval of environmental impact reports", "licensing",
      ["enterprise", "public_institution"], ["eia", "admin-licensing"],
      ["business-licence", "eia-report", "public-participation"], ["legal-rep-id", "land-approval", "phone"],
      [("建设项目符合生态环境保护法律法规和相关规划", "The project complies with environmental law and plans", ["eia-report"]),
       ("已依法开展公众参与", "Public participation was carried out", ["public-participation"])],
      ("环境影响报告书批复", "Approval of the environmental impact report", "approval"), (60, CD), (20, 40),
      ("对编制环境影响报告书的建设项目进行审批。", "Approves environmental impact reports of construction projects."),
      publicity=1.0),
    T("environmental-penalty", "ee", "生态环境违法行为行政处罚", "Administrative penalties for environmental violations", "penalty",
      ["enterprise"], ["admin-penalty", "environment", "eco-penalty-rule"],
      ["business-licence", "inspection-record", "monitoring-data", "inquiry-record"], ["legal-rep-id"],
      [("当事人存在违反生态环境法律法规的行为", "The party violated environmental law", ["inspection-record", "monitoring-data", "inquiry-record"])],
      ("行政处罚决定书", "Administrative penalty decision", "decision"), (90, CD), (60, 90),
      ("对违反生态环境保护法律法规的行为依法给予行政处罚。", "Imposes administrative penalties for violations of environmental law."),
      delivery=("pickup", "post")),
    # ---- emergency management, fire
    T("hazardous-chemicals-licence", "em", "危险化学品经营许可证核发", "Hazardous chemicals business licence", "licensing",
      ["enterprise"], ["work-safety", "hazardous-chemicals", "admin-licensing"],
      ["business-licence", "premises-proof", "safety-rules", "safety-assessment", "emergency-plan", "staff-list"], ["legal-rep-id", "phone"],
      [("经营场所和储存设施符合国家标准", "Premises and storage meet national standards", ["premises-proof", "safety-assessment"]),
       ("从业人员经专业培训合格", "Staff are trained and qualified", ["staff-list"]),
       ("有健全的安全管理制度和应急预案", "Has sound safety rules and an emergency plan", ["safety-rules", "emergency-plan"])],
      ("危险化学品经营许可证", "Hazardous chemicals business licence", "license"), (30, CD), (10, 20),
      ("对从事危险化学品经营的企业实施许可。", "Licenses enterprises that trade in hazardous chemicals."),
      site=0.8),
    T("work-safety-inspection", "em", "安全生产行政检查", "Work safety inspection", "inspection",
      ["enterprise"], ["work-safety"],
      ["business-licence", "inspection-record"], ["rectification-report", "safety-rules"],
      [("被检查单位为本行政区域内的生产经营单位", "The unit inspected operates in the area", ["business-licence"])],
      ("安全生产检查处理决定", "Decision following inspection", "decision"), None, (5, 15),
      ("对生产经营单位执行安全生产法律法规的情况进行监督检查。", "Inspects whether businesses comply with work safety law."),
      delivery=("pickup",)),
    T("fire-safety-inspection", "fire", "公众聚集场所投入使用、营业前消防安全检查", "Fire safety inspection before opening a public assembly venue", "licensing",
      ["enterprise", "natural_person"], ["fire-protection", "fire-inspection-rule", "admin-licensing"],
      ["business-licence", "fire-commitment", "fire-acceptance", "fire-rules", "premises-proof"], ["legal-rep-id", "phone"],
      [("建筑已依法通过消防验收或备案", "The building passed fire acceptance or was filed", ["fire-acceptance"]),
       ("有消防安全制度和疏散预案", "Has fire safety rules and an evacuation plan", ["fire-rules"]),
       ("作出消防安全承诺", "Made the fire safety commitment", ["fire-commitment"])],
      ("公众聚集场所投入使用、营业消防安全检查意见书", "Fire safety inspection opinion", "license"), (10, WD), (3, 7),
      ("对公众聚集场所投入使用、营业前进行消防安全检查。", "Inspects public assembly venues for fire safety before they open."),
      site=0.7),
    # ---- tax
    T("vehicle-purchase-tax", "tax", "车辆购置税申报缴纳", "Vehicle purchase tax return and payment", "levy",
      ["natural_person", "enterprise"], ["vehicle-purchase-tax", "tax-admin"],
      ["id-card", "vehicle-invoice", "vehicle-conformity"], ["phone", "bank-account"],
      [("购置应税车辆", "Purchased a taxable vehicle", ["vehicle-invoice", "vehicle-conformity"])],
      ("车辆购置税完税证明（电子版）", "Vehicle purchase tax payment certificate (electronic)", "certificate"), None, (0, 0),
      ("纳税人购置应税车辆后申报缴纳车辆购置税。", "Taxpayers file returns and pay vehicle purchase tax after buying a taxable vehicle."),
      kind="immediate", delivery=("electronic",)),
    T("income-tax-reconciliation", "tax", "个人所得税综合所得年度汇算", "Annual reconciliation of individual income tax", "levy",
      ["natural_person"], ["individual-income-tax", "tax-admin"],
      ["id-card", "income-records", "bank-account"], ["child-education-deduction", "medical-expense-deduction", "phone"],
      [("取得综合所得且需要补税或申请退税", "Had comprehensive income and owes tax or claims a refund", ["income-records"])],
      ("年度汇算申报结果", "Result of the annual reconciliation", "other"), None, (5, 15),
      ("居民个人汇总年度综合所得，计算应补或应退税额并申报。", "Resident individuals total their annual comprehensive income, compute the tax due or refundable and file."),
      delivery=("electronic",)),
    # ---- culture and tourism
    T("travel-agency-licence", "ct", "旅行社业务经营许可", "Travel agency business licence", "licensing",
      ["enterprise"], ["tourism", "travel-agency", "admin-licensing"],
      ["business-licence", "premises-proof", "staff-list", "quality-deposit"], ["legal-rep-id", "phone"],
      [("有固定的经营场所和必要的营业设施", "Has fixed premises and the necessary facilities", ["premises-proof"]),
       ("有必要的经营管理人员和导游", "Has the necessary managers and tour guides", ["staff-list"]),
       ("已存入旅游服务质量保证金", "Has paid the quality guarantee deposit", ["quality-deposit"])],
      ("旅行社业务经营许可证", "Travel agency business licence", "license"), (20, WD), (5, 10),
      ("对申请经营国内旅游和入境旅游业务的旅行社实施许可。", "Licenses travel agencies for domestic and inbound tourism."),
      site=0.4),
    T("commercial-performance-approval", "ct", "营业性演出审批", "Approval of commercial performances", "licensing",
      ["enterprise"], ["performance", "admin-licensing"],
      ["business-licence", "performance-contract", "program-content", "performer-ids", "venue-proof"], ["phone"],
      [("演出节目内容不含法律禁止的内容", "The programme contains nothing the law forbids", ["program-content"]),
       ("演出场所合法并经管理者同意", "The venue is lawful and its owner consents", ["venue-proof"]),
       ("演员身份真实", "The performers' identities are genuine", ["performer-ids", "performance-contract"])],
      ("营业性演出批准文件", "Approval of the commercial performance", "approval"), (3, WD), (1, 3),
      ("对举办营业性演出的申请进行审批。", "Approves applications to hold commercial performances."),
      delivery=("electronic", "pickup")),
]

for _t in TEMPLATES:
    for _law in _t["laws"]:
        assert all(_law.format(prov=p) in LAWS for p in PROVINCES), (_t["slug"], _law)
    for _c in _t["criteria"]:
        for _e in _c[2]:
            assert _e in _t["core"], (_t["slug"], _e)
    for _i in _t["core"] + _t["optional"]:
        assert _i in ITEMS, (_t["slug"], _i)
    assert _t["type"] != "licensing" or _t["statutory"] is not None, _t["slug"]

# --------------------------------------------------------------------------------------
# YAML emission. Free text is a JSON double-quoted string (valid YAML); codes made of
# lower-case letters and underscores are plain scalars. Keys given as ("dup", key) are
# written as `key` again: that is how a duplicate-key defect gets into a file.

_PLAIN = re.compile(r"[a-z][a-z_]*\Z")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_QUOTED: dict[str, str] = {}
_FLOW_MAX = 60  # a mapping of scalars that fits in this many characters is written {k: v}


def _quote(s: str) -> str:
    q = s if _PLAIN.match(s) and s not in _YAML11_WORDS else json.dumps(s, ensure_ascii=False)
    if len(_QUOTED) < 100_000:
        _QUOTED[s] = q
    return q


def scalar(v) -> str:
    t = type(v)
    if t is str:
        return _QUOTED.get(v) or _quote(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    return repr(v)  # int or float


def _flow(d: dict) -> str | None:
    parts = []
    for k, v in d.items():
        t = type(v)
        if t is dict or t is list:
            return None
        value = (_QUOTED.get(v) or _quote(v)) if t is str else scalar(v)
        parts.append(f"{k[1] if type(k) is tuple else k}: {value}")
    s = "{" + ", ".join(parts) + "}"
    return s if len(s) <= _FLOW_MAX else None


def _entry(prefix: str, v, ind: int, out: list) -> None:
    t = type(v)
    if t is str:
        out.append(f"{prefix} {_QUOTED.get(v) or _quote(v)}")
    elif t is dict:
        f = _flow(v) if len(v) <= 4 else None
        if f is not None:
            out.append(f"{prefix} {f}")
        else:
            out.append(prefix)
            _mapping(v, ind + 2, out)
    elif t is list:
        if not v:
            out.append(prefix + " []")
        elif dict not in {type(x) for x in v}:
            out.append(prefix + " [" + ", ".join(map(scalar, v)) + "]")
        else:
            out.append(prefix)
            _sequence(v, ind + 2, out)
    else:
        out.append(f"{prefix} {scalar(v)}")


def _mapping(d: dict, ind: int, out: list) -> None:
    pad = " " * ind
    for k, v in d.items():
        _entry(f"{pad}{k[1] if type(k) is tuple else k}:", v, ind, out)


def _sequence(items: list, ind: int, out: list) -> None:
    first_pad = " " * ind + "- "
    pad = " " * (ind + 2)
    for item in items:
        if type(item) is dict:
            p = first_pad
            for k, v in item.items():
                _entry(f"{p}{k[1] if type(k) is tuple else k}:", v, ind + 2, out)
                p = pad
        else:
            out.append(first_pad + scalar(item))


def to_yaml(doc: dict, header: str = "") -> str:
    out = [header] if header else []
    _mapping(doc, 0, out)
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Building one valid definition.

def text(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


OFFICES = build_offices()
OFFICE_BY_ID = {o["id"]: o for o in OFFICES}
CITY_CODES = tuple(CITIES)

DESCRIPTION_EXTRAS = (
    ("申请人可通过{portal_zh}或“{app_zh}”在线申请，也可到{centre_zh}综合受理窗口提交材料。",
     "Applicants may apply online through {portal_en} or the {app_en} app, or hand in documents at the {centre_en}."),
    ("办理过程中，申请人可通过“{app_zh}”实时查询办理进度。",
     "Applicants can follow the progress of their case in real time in the {app_en} app."),
    ("本事项已纳入“一件事一次办”集成服务。",
     "The service is part of the integrated “one thing, one go” package."),
    ("可通过电子证照共享获取的材料，不再要求申请人提交纸质材料。",
     "Documents available as shared electronic licences need not be handed in on paper."),
    ("申请材料不齐全或者不符合法定形式的，一次性告知申请人需要补正的全部内容。",
     "If documents are incomplete or not in the legal form, the applicant is told once of everything to supply."),
    ("办理结果可选择邮寄送达，邮寄费用由政府承担。",
     "The result can be posted to the applicant free of charge."),
)
VISIT_REASONS = (
    ("须现场核验申请材料原件并领取证照", "Original documents are checked and the certificate is collected in person"),
    ("须本人到场签字确认", "The applicant must sign in person"),
    ("须现场领取纸质证照", "The paper certificate is collected in person"),
)
HOURS = (
    ("工作日上午9:00-12:00，下午13:30-17:00（法定节假日除外）", "Working days 9:00-12:00 and 13:30-17:00, except public holidays"),
    ("周一至周五8:30-17:30，周六上午9:00-12:00", "Monday to Friday 8:30-17:30, Saturday 9:00-12:00"),
)
STAGE_WEIGHT = {"accept": 1, "review": 4, "decide": 2, "conclude": 1, "deliver": 1, "other": 1}


def office_ref(rng: random.Random, office_id: str, role: str | None = None, detail: float = 0.1) -> dict:
    """A reference to a registry office; `detail` is the chance of adding name and code."""
    office = OFFICE_BY_ID[office_id]
    ref: dict = {"ref": office_id}
    if rng.random() < detail:
        ref["name"] = dict(office["name"])
    if "credit_code" in office and rng.random() < detail:
        ref["credit_code"] = office["credit_code"]
    if role:
        ref["role"] = role
    return ref


def law_entry(rng: random.Random, key: str) -> dict:
    title, rank, url, articles = LAWS[key]
    law = {"title": title, "article": rng.choice(articles)}
    if url and rng.random() < 0.6:
        law["url"] = url
    law["rank"] = rank
    return law


def cite(law: dict) -> str:
    return f"《{law['title']}》{law['article']}"


def sharing_basis(rng: random.Random, sender: str, receiver: str, category: str) -> str:
    """The legal basis of a flow: one per (sender, receiver, category) across the corpus,
    as a real repository has it (two different ones would be SVC608). The draw from `rng`
    is kept so that the rest of the file is what it was."""
    rng.random()
    return SHARING_BASES[zlib.crc32(f"{sender}|{receiver}|{category}".encode()) % len(SHARING_BASES)]


def make_item(rng: random.Random, key: str, required: bool, basis: str) -> dict:
    zh, en, form, category, personal, source, pzh, pen, retention, necessity = ITEMS[key]
    item = {"id": key, "name": text(zh, en), "form": form, "category": category,
            "personal": personal, "sensitive": category in SENSITIVE_CATEGORIES,
            "required": required, "source": source, "purpose": text(pzh, pen)}
    if personal:  # the legal basis matters for personal data (PIPL Art. 13); else optional
        item["legal_basis"] = rng.choice(PIPL_BASES) if rng.random() < 0.5 else basis
    if necessity:
        item["necessity"] = text(*necessity)
    item["retention"] = retention if retention == PERM else {"value": retention[0], "unit": retention[1]}
    return item


def _resolve(p, t: dict, fees: bool) -> float:
    if p == "site":
        return t["site"]
    if p == "fees":
        return 1.0 if fees else 0.0
    if p == "publicity":
        return t["publicity"] or 0.1
    return p


RICH_EXTRAS = {
    "natural_person": ("phone", "address", "email", "agent-authorization", "household-register", "residence-proof"),
    "enterprise": ("legal-rep-id", "agent-authorization", "phone", "email", "premises-proof", "staff-list"),
}


def build_service(index: int, rng: random.Random, size: str = "normal") -> tuple[dict, dict]:
    """One valid definition and facts about it that defects need.

    `size` steers the amount of optional content: "lean", "normal" or "rich".
    """
    lean, rich = size == "lean", size == "rich"
    t = rng.choice(TEMPLATES)
    dept = t["dept"]
    if t["national"]:
        city = prov = None
        office_id = t["national"]
        prefix = office_id
        portal = ("https://www.cscse.edu.cn", "the CSCSE portal", "中国留学网", "中国留学网", "CSCSE")
        contact_area = "010"
    else:
        city = rng.choice(CITY_CODES)
        prov, contact_area = CITIES[city][3], CITIES[city][4]
        office_id = f"{city}.{dept}"
        if dept in PROVINCIAL_DEPTS and rng.random() < 0.12:
            office_id = f"{prov}.{dept}"
        prefix = office_id
        pzh, pen, _pdiv, purl, app_zh, app_en = PROVINCES[prov]
        portal = (purl, f"the {pen} government service portal", f"{pzh}网上办事大厅", app_zh, app_en)
    office = OFFICE_BY_ID[office_id]
    service_id = f"{prefix}.{t['slug']}-{index:06d}"
    assert len(service_id) <= 64, service_id
    fees_on = bool(t["fees"])

    # legal basis
    laws = [law_entry(rng, k.format(prov=prov)) for k in t["laws"]]  # provincial laws by city
    if city and rng.random() < 0.35:
        if prov == "zj":  # applies to every government service in Zhejiang
            laws.append(law_entry(rng, "one-visit-zj"))
        elif "enterprise" in t["audience"]:  # Fujian's applies to services for businesses
            laws.append(law_entry(rng, "business-env-fj"))
    if rng.random() < 0.15:
        laws.append(law_entry(rng, "online-gov"))
    primary = laws[0]

    # data items: core + some optional
    keys = list(t["core"])
    opt = [k for k in t["optional"] if k not in keys]
    if rich:
        keys += opt
        for k in RICH_EXTRAS.get(t["audience"][0], ()):
            if k not in keys:
                keys.append(k)
    elif not lean:
        keys += rng.sample(opt, rng.randint(0, min(2, len(opt))))
    keys = keys[:15]
    items = [make_item(rng, k, k in t["core"] or k == "phone", cite(primary)) for k in keys]
    personal_items = [it for it in items if it["personal"]]
    if personal_items and rng.random() < 0.25:
        laws.append(law_entry(rng, "pipl"))
    if city and personal_items and rng.random() < 0.2:
        shared = rng.choice(personal_items)
        other = rng.choice([d for d in DEPARTMENTS if d != dept])
        rec = OFFICE_BY_ID[f"{city}.{other}"]
        shared["shared_with"] = [{
            "office": office_ref(rng, rec["id"]),
            "purpose": text(f"供{rec['name']['zh']}依法办理关联业务，避免申请人重复提交",
                            f"Used by the {rec['name']['en']} for related services, so that the applicant need not submit it again"),
            "legal_basis": sharing_basis(rng, office_id, rec["id"], shared["category"]),
            "method": rng.choice(("api", "api", "file")),
        }]
    if t["slug"] == "foreign-degree-verification":
        for it in items:
            if it["id"] in ("degree-cert", "transcript"):
                it["cross_border"] = {"destination": "颁证院校所在国家或地区",
                                      "legal_basis": "《中华人民共和国个人信息保护法》第三十八条第一款第（四）项、第三十九条"}

    # eligibility
    criteria = []
    for n, (zh, en, ev) in enumerate(t["criteria"], 1):
        criteria.append({"id": f"c{n:02d}", "criterion": text(zh, en), "evidence": list(ev)})
    if "agent-authorization" in keys and rng.random() < 0.7:
        criteria.append({"id": f"c{len(criteria) + 1:02d}",
                         "criterion": text("委托他人代为办理的，受托人应持有经申请人签字的授权委托书",
                                           "An agent must hold a power of attorney signed by the applicant"),
                         "evidence": ["agent-authorization"]})
    evidence = {e for c in criteria for e in c["evidence"]}

    # deadlines
    kind = t["kind"]
    if kind == "either":
        kind = rng.choice(("immediate", "commitment"))
    if t["statutory"]:
        unit = t["statutory"][1]
        statutory = {"value": t["statutory"][0], "unit": unit}
    else:
        unit = WD if rng.random() < 0.8 else CD
        statutory = None
    if kind == "immediate":
        committed = 0
    else:
        committed = max(1, rng.randint(*t["committed"]))
        if statutory:
            committed = min(committed, statutory["value"])

    # steps
    flow = FLOWS[FLOW_OF_TYPE.get(t["type"], "general")]
    step_keys = []
    for key, p in flow:
        p = _resolve(p, t, fees_on)
        if p < 1:
            p = p * 0.5 if lean else min(1.0, p * 2) if rich else p
        if rng.random() < p:
            if key == "conclude-or-certify":
                certify = t["outcome"][2] in ("certificate", "license") and rng.random() < 0.7
                key = "certify" if certify else "conclude"
            step_keys.append(key)
    assert len(step_keys) == len(set(step_keys)) and 3 <= len(step_keys) <= 12, step_keys
    centre = f"{city}.service-centre" if city else None
    # office steps share the committed limit; special procedures do not count against it
    office_steps = [k for k in step_keys if STEPS[k][2] == "office" and k not in SPECIAL_PROCEDURES]
    budget = committed if rng.random() < 0.5 else int(committed * rng.uniform(0.6, 1.0))
    weights = [STAGE_WEIGHT[STEPS[k][1]] * rng.uniform(0.5, 1.5) for k in office_steps]
    wsum = sum(weights) or 1.0
    shares = [budget * w / wsum for w in weights]
    alloc = {k: int(s) for k, s in zip(office_steps, shares)}
    by_remainder = sorted(range(len(shares)), key=lambda n: int(shares[n]) - shares[n])
    for n in by_remainder[: budget - sum(alloc.values())]:  # largest remainders first
        alloc[office_steps[n]] += 1
    documents = [it["id"] for it in items if it["form"] == "document"]
    steps = []
    for k in step_keys:
        names, stage, actor, statuses = STEPS[k]
        step = {"id": k, "name": text(*rng.choice(names)), "stage": stage, "actor": actor}
        if actor == "office":
            if stage == "accept" and centre and rng.random() < 0.6:
                step["office"] = office_ref(rng, centre, "other")
            else:
                step["office"] = office_ref(rng, office_id)
        step["deadline"] = {"value": alloc.get(k, 0), "unit": unit}
        step["public_status"] = text(*rng.choice(statuses))
        steps.append(step)
    # which step uses what: the first step takes in everything; review-like steps look
    # at a few items; criteria evidence covers the rest
    first = steps[0]
    first_uses = [i for i in keys if i not in evidence or rng.random() < 0.7]
    if first_uses:
        first["uses"] = first_uses
    for step in steps[1:]:
        if step["stage"] == "review" and step["id"] in office_steps and keys:
            step["uses"] = rng.sample(keys, min(len(keys), rng.randint(1, 4)))
        elif step["id"] == "accept" and documents and rng.random() < 0.5:
            step["uses"] = documents
        elif step["id"] == "certify" and "photo" in keys:
            step["uses"] = ["photo"]
        elif step["stage"] == "deliver" and "address" in keys and rng.random() < 0.7:
            step["uses"] = ["address"]
    used = evidence | {u for s in steps for u in s.get("uses", ())}
    missing = [i for i in keys if i not in used]
    if missing:
        first.setdefault("uses", []).extend(missing)
    uses_next = rng.random() < 0.25
    if uses_next:
        ids = [s["id"] for s in steps]
        for n, s in enumerate(steps[:-1]):
            s["next"] = [ids[n + 1]]
        if "supplement" in ids:
            n = ids.index("supplement")
            if 0 < n < len(ids) - 1:
                steps[n - 1]["next"] = [ids[n + 1], "supplement"]

    deadlines: dict = {"kind": kind, "statutory": statutory, "committed": {"value": committed, "unit": unit}}
    specials = [{"name": text(*SPECIAL_PROCEDURES[k]), "duration": {"value": rng.choice((5, 7, 10, 15)), "unit": unit},
                 "counted": False} for k in step_keys if k in SPECIAL_PROCEDURES]
    if specials:
        deadlines["special_procedures"] = specials

    # fees, outcome, channels, contact
    if fees_on:
        fees = {"charged": True, "items": [
            {"name": text(zh, en), "amount": amount, "currency": "CNY", "basis": basis}
            for zh, en, amount, basis in t["fees"]]}
    else:
        fees = {"charged": False}
    ozh, oen, otype = t["outcome"]
    outcome: dict = {"name": text(ozh, oen), "type": otype}
    if rng.random() < 0.5:
        outcome["sample"] = f"{portal[0]}/samples/{t['slug']}.pdf"
    delivery = [d for d in t["delivery"] if rng.random() < 0.7] or [t["delivery"][0]]
    outcome["delivery"] = delivery

    depth = t["depth"]
    if depth == 4 and "site-check" in step_keys and rng.random() < 0.5:
        depth = 3
    reason = VISIT_REASONS[0]
    if "fingerprint" in keys:
        reason = ("须本人到场采集指纹和人像", "Fingerprints and photograph are taken in person")
    elif t["slug"] == "marriage-registration":
        reason = ("双方须共同到场当面签字", "Both parties must appear together and sign")
    channels = []
    code = f"{rng.randint(10**9, 10**10 - 1)}"
    web: dict = {"type": "web", "url": f"{portal[0]}/item/{code}", "online_depth": depth}
    if depth < 4:
        web["visits"] = 1
        web["visits_reason"] = text(*reason)
    else:
        web["visits"] = 0
    channels.append(web)
    if not lean and rng.random() < 0.6:
        mobile: dict = {"type": "mobile", "hours": text("全天24小时", "24 hours a day"), "online_depth": depth}
        if depth < 4:
            mobile["visits"] = 1
            mobile["visits_reason"] = text(*reason)
        channels.append(mobile)
    if city and (depth < 4 or rng.random() < 0.85):
        _cz, _ce, _d, _p, _area, addr_zh, addr_en = CITIES[city]
        counter = {"type": "counter", "address": text(addr_zh, addr_en), "hours": text(*rng.choice(HOURS)),
                   "visits": 1, "visits_reason": text(*rng.choice(VISIT_REASONS) if depth == 4 else reason)}
        channels.append(counter)
    if "post" in delivery and rng.random() < 0.3:
        channels.append({"type": "post", "address": text(f"{office['name']['zh']}（邮寄受理）",
                                                          f"{office['name']['en']} (applications by post)")})
    if rng.random() < 0.1:
        channels.append({"type": "phone", "hours": text(*rng.choice(HOURS)), "online_depth": 1, "visits": 0})
    enquiry = f"{contact_area}-{rng.randint(2000_0000, 8999_9999)}（工作日咨询）"
    complaint = rng.choice(("12345政务服务便民热线", f"{contact_area}-12345",
                            f"{contact_area}-{rng.randint(2000_0000, 8999_9999)}（监督投诉）"))

    # description
    fill = {"portal_zh": portal[2], "portal_en": portal[1], "app_zh": portal[3], "app_en": portal[4],
            "centre_zh": "行政服务中心", "centre_en": "administrative service centre"}
    extras = rng.sample(DESCRIPTION_EXTRAS, 1 if lean else 3 if rich else rng.randint(1, 2))
    dzh, den = t["desc"]
    description = text(
        office["name"]["zh"] + "：" + dzh + "".join(e[0].format(**fill) for e in extras),
        f"{office['name']['en']}: {den} " + " ".join(e[1].format(**fill) for e in extras))

    doc: dict = {"svcstd": "1", "id": service_id, "name": text(t["zh"], t["en"]),
                 "description": description, "type": t["type"]}
    doc["status"] = rng.choices(("active", "draft", "suspended", "retired"), (85, 8, 4, 3))[0]
    doc["version"] = f"{rng.randint(1, 3)}.{rng.randint(0, 9)}.{rng.randint(0, 5)}"
    if rng.random() < 0.75:
        start = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1400))
        doc["effective"] = {"from": start.isoformat(),
                            "until": (start + timedelta(days=rng.randint(365, 1825))).isoformat()}
    if rng.random() < 0.9:
        doc["level"] = office["level"]
    doc["audience"] = [a for a in t["audience"] if rng.random() < 0.8] or [t["audience"][0]]
    doc["legal_basis"] = laws
    doc["responsible_office"] = office_ref(rng, office_id, "statutory_authority", detail=0.5)
    doc["eligibility"] = criteria
    doc["deadlines"] = deadlines
    doc["steps"] = steps
    doc["data_collected"] = items
    doc["fees"] = fees
    doc["outcome"] = outcome
    doc["channels"] = channels
    doc["contact"] = {"enquiry": enquiry, "complaint": complaint}
    if not lean and rng.random() < 0.4:
        doc["x-catalogue"] = {"basic_code": f"{rng.randint(10**11, 10**12 - 1)}",
                              "implementation_code": f"{rng.randint(10**17, 10**18 - 1)}"}
    facts = {"template": t, "folder": DEPARTMENTS[dept][0], "city": city, "unit": unit,
             "uses_next": uses_next, "office_id": office_id,
             "header": f"# {t['zh']} / {t['en']}\n# {office['name']['zh']} ({office_id})"}
    return doc, facts


MIN_BYTES, MAX_BYTES = 5000, 9000


def build_sized(index: int, rng: random.Random) -> tuple[dict, dict, str]:
    """A valid definition of 5-9 KB (6.8 KB on average), with its YAML text.

    Most templates land in range at "normal" size; the few that do not are rebuilt
    leaner or richer (with a freshly drawn template).
    """
    size = "lean" if rng.random() < 0.35 else "normal"
    for _attempt in range(6):
        doc, facts = build_service(index, rng, size)
        body = to_yaml(doc, facts["header"])
        n = len(body.encode())
        if n > MAX_BYTES:
            size = "lean"
        elif n < MIN_BYTES:
            size = "rich"
        else:
            break
    return doc, facts, body


# --------------------------------------------------------------------------------------
# Defects. Each takes a valid definition and breaks it in one way, returning a short
# description (or None when the definition offers nothing to break that way). Each
# produces findings of exactly one code under the default configuration.

def _personal(doc):
    return [it for it in doc["data_collected"] if it["personal"]]


def _sensitive(doc):
    return [it for it in doc["data_collected"] if it["category"] in SENSITIVE_CATEGORIES]


def _insert_after(d: dict, after, key, value) -> dict:
    out = {}
    for k, v in d.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def _replace_in_place(d: dict, new: dict) -> None:
    d.clear()
    d.update(new)


def d_syntax(doc, facts, rng):
    variant = rng.randrange(4)
    if variant == 0:
        def hook(s):  # a tab in the indentation of a nested key
            lines = s.split("\n")
            cands = [n for n, ln in enumerate(lines) if ln.startswith("    ") and ln[4:5].isalpha()]
            n = rng.choice(cands)
            lines[n] = "\t" + lines[n][4:]
            return "\n".join(lines)
        what = "tab used for indentation"
    elif variant == 1:
        def hook(s):
            return s.replace("\naudience: [", "\naudience: [" + "natural_person, ", 1).replace(
                "]\nlegal_basis:", "\nlegal_basis:", 1)
        what = "unclosed flow sequence after audience"
    elif variant == 2:
        def hook(s):  # closing quote dropped at the end of the description
            n = s.index("\ntype: ")
            return s[:n - 1] + s[n:].replace("\ntype: ", "\ntype: \"", 1)
        what = "unbalanced double quotes around description/type"
    else:
        def hook(s):  # an unquoted value that contains ': '
            return s.replace("\ncontact:", "\nnote: 咨询时间: 工作日\ncontact:", 1)
        what = "plain scalar containing ': ' (mapping values not allowed here)"
    facts["text_hook"] = hook
    return what


def d_not_mapping(doc, facts, rng):
    facts["text_hook"] = lambda s: "- " + s.replace("\n", "\n  ").rstrip(" ")
    return "the document is a one-element sequence instead of a mapping"


def d_duplicate_key(doc, facts, rng):
    variant = rng.randrange(3)
    if variant == 0:
        other = "draft" if doc["status"] != "draft" else "active"
        _replace_in_place(doc, _insert_after(doc, "type", ("dup", "status"), other))
        return "top-level `status` given twice"
    if variant == 1:
        d = doc["description"]
        d[("dup", "zh")] = d["zh"]
        return "`zh` repeated in description"
    it = rng.choice(doc["data_collected"])
    _replace_in_place(it, _insert_after(it, "required", ("dup", "required"), it["required"]))
    return f"`required` repeated in data item {it['id']}"


def d_encoding(doc, facts, rng):
    facts["encoding"] = "gb18030"
    return "file saved in GB18030 instead of UTF-8"


def d_version(doc, facts, rng):
    doc["svcstd"] = rng.choice(("2", "1.0", "v1"))
    return f"svcstd: {doc['svcstd']!r}"


def d_missing_required(doc, facts, rng):
    variant = rng.randrange(10)
    if variant < 5:
        key = ("name", "description", "audience", "outcome", "channels")[variant]
        del doc[key]
        return f"top-level `{key}` missing"
    if variant == 5:
        law = rng.choice(doc["legal_basis"])
        del law["title"]
        return "law without `title`"
    if variant == 6:
        it = rng.choice(doc["data_collected"])
        key = rng.choice(("form", "source", "name"))
        del it[key]
        return f"data item {it['id']} without `{key}`"
    if variant == 7:
        del doc["outcome"]["delivery"]
        return "outcome without `delivery`"
    if variant == 8:
        c = rng.choice(doc["eligibility"])
        del c["criterion"]
        return f"criterion {c['id']} without `criterion`"
    s = rng.choice(doc["steps"])
    del s["deadline"]
    return f"step {s['id']} without `deadline`"


def d_wrong_type(doc, facts, rng):
    variant = rng.randrange(5)
    if variant == 0:
        it = rng.choice(doc["data_collected"])
        it["required"] = "yes" if it["required"] else "no"
        return f"data item {it['id']}: required is a string"
    if variant == 1:
        doc["audience"] = doc["audience"][0]
        return "audience is a string, not a list"
    if variant == 2:
        s = rng.choice(doc["steps"])
        s["name"] = rng.randint(1, 99)
        return f"step {s['id']}: name is a number"
    if variant == 3:
        doc["outcome"]["delivery"] = doc["outcome"]["delivery"][0]
        return "outcome delivery is a string, not a list"
    doc["version"] = float(f"{rng.randint(1, 3)}.{rng.randint(1, 9)}")
    return "version is a number"


def d_bad_enum(doc, facts, rng):
    variant = rng.randrange(9)
    if variant == 0:
        if doc["type"] == "licensing":
            return None  # licensing-only rules would stop applying; keep it simple
        doc["type"] = "licence"
        return "type: licence"
    if variant == 1:
        doc["status"] = "published"
        return "status: published"
    if variant == 2:
        s = rng.choice([s for s in doc["steps"] if s["actor"] != "office"] or doc["steps"])
        if s["actor"] == "office":
            return None
        s["actor"] = "citizen"
        return f"step {s['id']}: actor citizen"
    if variant == 3:
        items = [it for it in doc["data_collected"] if it["category"] not in SENSITIVE_CATEGORIES]
        if not items:
            return None
        it = rng.choice(items)
        it["category"] = "personal_info"
        return f"data item {it['id']}: category personal_info"
    if variant == 4:
        doc["channels"][0]["type"] = "fax"
        return "channel type fax"
    if variant == 5:
        doc["outcome"]["delivery"] = doc["outcome"]["delivery"] + ["email"]
        return "delivery email"
    if variant == 6:
        doc["audience"] = doc["audience"] + ["citizen"]
        return "audience citizen"
    if variant == 7:
        it = rng.choice(doc["data_collected"])
        it["source"] = "upload"
        return f"data item {it['id']}: source upload"
    rng.choice(doc["legal_basis"])["rank"] = "statute"
    return "law rank statute"


def d_unknown_key(doc, facts, rng):
    variant = rng.randrange(5)
    if variant == 0:
        if "level" in doc:
            return None
        _replace_in_place(doc, _insert_after(doc, "version", "levle", "municipal"))
        return "top-level key `levle`"
    if variant == 1:
        steps = [s for s in doc["steps"] if "office" not in s]
        if not steps:
            return None
        s = rng.choice(steps)
        s["offcie"] = {"ref": facts["office_id"]}
        return f"step {s['id']}: key `offcie`"
    if variant == 2:
        items = [it for it in doc["data_collected"] if "necessity" not in it]
        if not items:
            return None
        it = rng.choice(items)
        it["necesity"] = text("办理本事项所必需", "Needed to handle the application")
        return f"data item {it['id']}: key `necesity`"
    if variant == 3:
        chans = [c for c in doc["channels"] if "visits_reason" not in c]
        if not chans:
            return None
        c = rng.choice(chans)
        c["visit_reason"] = text(*VISIT_REASONS[2])
        return f"channel {c['type']}: key `visit_reason`"
    if "sample" in doc["outcome"]:
        return None
    doc["outcome"]["sampel"] = "https://example.gov.cn/sample.pdf"
    return "outcome key `sampel`"


def d_bad_format(doc, facts, rng):
    variant = rng.randrange(6)
    if variant == 0:
        bad = rng.choice(("2026-02-30", "2025-13-01", "2025-04-31"))
        doc["effective"] = {"from": bad, "until": "2030-12-31"}
        return f"effective.from {bad}"
    if variant == 1:
        item = {"name": text("工本费", "Production fee"), "amount": 10, "currency": "RMB",
                "basis": FEE_CATALOGUE_BASIS.format(prov="福建省", year=2023, n=12)}
        doc["fees"] = {"charged": True, "items": doc["fees"].get("items", []) + [item]}
        return "currency RMB"
    if variant == 2:
        ref = doc["responsible_office"]
        good = OFFICE_BY_ID[ref["ref"]].get("credit_code", "11350100003590020K")
        ref["credit_code"] = rng.choice((good[:17], good[:8] + "O" + good[9:]))
        return f"credit code {ref['credit_code']} has a bad shape"
    if variant == 3:
        doc["id"] = rng.choice(("_", "-", "服务")) + doc["id"]
        return f"id {doc['id']}"
    if variant == 4:
        chans = [c for c in doc["channels"] if "url" in c]
        c = chans[0]
        c["url"] = c["url"].split("://", 1)[1]
        return f"url without scheme {c['url']}"
    doc["version"] = rng.choice(("1.0", "v2.1.0", "2023-05"))
    return f"version {doc['version']} is not a semantic version"


def d_committed_over_statutory(doc, facts, rng):
    dl = doc["deadlines"]
    if dl["statutory"] is None or dl["kind"] != "commitment":
        return None
    dl["committed"]["value"] = dl["statutory"]["value"] + rng.randint(1, 10)
    return f"committed {dl['committed']['value']} > statutory {dl['statutory']['value']}"


def d_kind_mismatch(doc, facts, rng):
    dl = doc["deadlines"]
    if dl["kind"] == "commitment":
        dl["kind"] = "immediate"
        return f"immediate with committed {dl['committed']['value']}"
    dl["kind"] = "commitment"
    return "commitment with committed 0"


def d_steps_over_committed(doc, facts, rng):
    dl = doc["deadlines"]
    office_steps = [s for s in doc["steps"] if s["actor"] == "office" and "deadline" in s]
    s = rng.choice(office_steps)
    total = sum(x["deadline"]["value"] for x in doc["steps"])
    s["deadline"]["value"] += dl["committed"]["value"] - total + rng.randint(1, 3)
    return f"step {s['id']} pushes the sum over the committed limit"


def d_incomparable_units(doc, facts, rng):
    dl = doc["deadlines"]
    if dl["statutory"] is None or dl["kind"] != "commitment":
        return None
    st = dl["statutory"]
    st["unit"] = CD if st["unit"] == WD else WD
    return f"statutory in {st['unit']}, committed in {dl['committed']['unit']}"


def d_licensing_no_statutory(doc, facts, rng):
    if doc["type"] != "licensing":
        return None
    doc["deadlines"]["statutory"] = None
    return "licensing service with statutory: null"


def d_duplicate_step(doc, facts, rng):
    if facts["uses_next"]:
        return None
    n = rng.randrange(1, len(doc["steps"]))
    doc["steps"][n]["id"] = doc["steps"][n - 1]["id"]
    return f"two steps with id {doc['steps'][n]['id']}"


def d_no_public_status(doc, facts, rng):
    s = rng.choice(doc["steps"])
    del s["public_status"]
    return f"step {s['id']} without public_status"


def d_office_step_no_office(doc, facts, rng):
    s = rng.choice([s for s in doc["steps"] if s["actor"] == "office"])
    del s["office"]
    return f"office step {s['id']} without office"


def d_bad_next(doc, facts, rng):
    steps = doc["steps"]
    if not facts["uses_next"] or rng.random() < 0.4:
        steps[-1]["next"] = ["archive"]
        return "next names unknown step `archive`"
    steps[-1]["next"] = [steps[0]["id"]]
    return "next forms a cycle back to the first step"


def d_missing_stage(doc, facts, rng):
    if doc["type"] != "licensing":
        return None
    single = [s for s in doc["steps"] if s["stage"] in ("decide", "conclude", "deliver")]
    s = rng.choice(single)
    s["stage"] = "other"
    return f"licensing without a {STEPS[s['id']][1]} stage"


def d_no_purpose(doc, facts, rng):
    it = rng.choice(_personal(doc) or [None])
    if it is None:
        return None
    key = rng.choice(("purpose", "legal_basis"))
    del it[key]
    return f"personal data item {it['id']} without {key}"


def d_no_retention(doc, facts, rng):
    it = rng.choice(_personal(doc) or [None])
    if it is None:
        return None
    del it["retention"]
    return f"personal data item {it['id']} without retention"


def d_no_necessity(doc, facts, rng):
    it = rng.choice(_sensitive(doc) or [None])
    if it is None:
        return None
    del it["necessity"]
    return f"sensitive data item {it['id']} without necessity"


def d_unused_item(doc, facts, rng):
    present = {it["id"] for it in doc["data_collected"]}
    key = rng.choice([k for k in ("email", "address", "education-cert", "employment-contract", "phone")
                      if k not in present] or ["email"])
    if key in present:
        return None
    doc["data_collected"].append(make_item(rng, key, False, cite(doc["legal_basis"][0])))
    return f"data item {key} used by no step or criterion"


def d_undeclared_use(doc, facts, rng):
    present = {it["id"] for it in doc["data_collected"]}
    key = rng.choice([k for k in ITEMS if k not in present])
    s = rng.choice(doc["steps"])
    s["uses"] = s.get("uses", []) + [key]
    return f"step {s['id']} uses undeclared {key}"


def d_sharing_incomplete(doc, facts, rng):
    it = rng.choice(_personal(doc) or [None])
    if it is None:
        return None
    share = {"office": {"ref": "fz.tax"}, "purpose": text("用于税收征管", "Used for tax administration"),
             "legal_basis": SHARING_BASES[0], "method": "api"}
    key = rng.choice(("purpose", "legal_basis", "office"))
    del share[key]
    it["shared_with"] = [share]
    return f"sharing of {it['id']} without {key}"


def d_cross_border_incomplete(doc, facts, rng):
    it = rng.choice(_personal(doc) or [None])
    if it is None:
        return None
    it["cross_border"] = {"destination": rng.choice(("新加坡", "中国香港特别行政区", "德国"))}
    return f"cross-border transfer of {it['id']} without legal_basis"


def d_duplicate_item(doc, facts, rng):
    items = doc["data_collected"]
    if len(items) < 2:
        return None
    a, b = rng.sample(items, 2)
    old = b["id"]
    b["id"] = a["id"]
    for holder in doc["steps"] + doc["eligibility"]:
        for key in ("uses", "evidence"):
            if key in holder:
                holder[key] = list(dict.fromkeys(a["id"] if x == old else x for x in holder[key]))
    return f"two data items with id {a['id']}"


def d_sensitive_unmarked(doc, facts, rng):
    it = rng.choice(_sensitive(doc) or [None])
    if it is None:
        return None
    it["sensitive"] = False
    return f"{it['category']} item {it['id']} not marked sensitive"


def d_no_article(doc, facts, rng):
    law = rng.choice(doc["legal_basis"])
    del law["article"]
    return f"law {law['title']} without article"


def d_placeholder(doc, facts, rng):
    word = rng.choice(("TBD", "TODO", "N/A", "按规定", "详见", "待定", "其他"))
    variant = rng.randrange(4)
    lang = "zh" if not word.isascii() else "en"
    if variant == 0:
        doc["description"][lang] = word
        where = "description"
    elif variant == 1:
        s = rng.choice(doc["steps"])
        s["public_status"][lang] = word
        where = f"step {s['id']} public_status"
    elif variant == 2:
        doc["outcome"]["name"][lang] = word
        where = "outcome name"
    else:
        c = rng.choice(doc["eligibility"])
        c["criterion"][lang] = word
        where = f"criterion {c['id']}"
    return f"{where}.{lang} is {word!r}"


def d_fees_incomplete(doc, facts, rng):
    variant = rng.randrange(3)
    if variant == 0:
        doc["fees"] = {"charged": True}
        return "charged with no items"
    item = {"name": text("工本费", "Production fee"), "amount": 10, "currency": "CNY",
            "basis": FEE_CATALOGUE_BASIS.format(prov="福建省", year=2023, n=12)}
    key = "basis" if variant == 1 else "amount"
    del item[key]
    doc["fees"] = {"charged": True, "items": [item]}
    return f"fee item without {key}"


def d_same_contacts(doc, facts, rng):
    doc["contact"]["complaint"] = doc["contact"]["enquiry"]
    return "complaint contact equals enquiry contact"


def d_visits_no_reason(doc, facts, rng):
    chans = [c for c in doc["channels"] if c.get("visits", 0) > 0]
    if not chans:
        return None
    c = rng.choice(chans)
    del c["visits_reason"]
    return f"{c['type']} channel with visits {c['visits']} and no reason"


def d_online_with_visits(doc, facts, rng):
    c = next(c for c in doc["channels"] if c["type"] == "web")
    c["online_depth"] = 4
    c["visits"] = 1
    c["visits_reason"] = text(*VISIT_REASONS[0])
    return "web channel with depth 4 and one visit"


def d_effective_reversed(doc, facts, rng):
    start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    doc["effective"] = {"from": start.isoformat(),
                        "until": (start - timedelta(days=rng.randint(1, 400))).isoformat()}
    return f"effective from {doc['effective']['from']} after until {doc['effective']['until']}"


def d_unknown_office(doc, facts, rng):
    variant = rng.randrange(2)
    bad = rng.choice(("{}-old", "{}2", "{}.bureau")).format(facts["office_id"])
    if variant == 0:
        doc["responsible_office"]["ref"] = bad
        doc["responsible_office"].pop("credit_code", None)
        return f"responsible_office ref {bad}"
    s = rng.choice([s for s in doc["steps"] if "office" in s])
    s["office"] = {"ref": bad}
    return f"step {s['id']} office ref {bad}"


def d_bad_check_char(doc, facts, rng):
    ref = doc["responsible_office"]
    good = OFFICE_BY_ID[ref["ref"]].get("credit_code")
    if good is None:
        first17 = "11" + CITIES.get(facts["city"] or "fz")[2] + org_code(f"{rng.randint(0, 10**8 - 1):08d}")
        good = first17 + credit_check_char(first17)
    wrong = rng.choice([c for c in CREDIT_ALPHABET if c != good[17]])
    ref["credit_code"] = good[:17] + wrong
    return f"credit code {ref['credit_code']} (check character should be {good[17]})"


DEFECTS = [
    ("syntax-error", "SVC001", d_syntax),
    ("not-a-mapping", "SVC001", d_not_mapping),
    ("duplicate-key", "SVC002", d_duplicate_key),
    ("not-utf8", "SVC003", d_encoding),
    ("format-version", "SVC005", d_version),
    ("missing-required", "SVC101", d_missing_required),
    ("wrong-type", "SVC102", d_wrong_type),
    ("bad-enum", "SVC103", d_bad_enum),
    ("unknown-key", "SVC104", d_unknown_key),
    ("bad-format", "SVC105", d_bad_format),
    ("committed-over-statutory", "SVC201", d_committed_over_statutory),
    ("kind-mismatch", "SVC202", d_kind_mismatch),
    ("steps-over-committed", "SVC203", d_steps_over_committed),
    ("incomparable-units", "SVC204", d_incomparable_units),
    ("licensing-no-statutory", "SVC205", d_licensing_no_statutory),
    ("duplicate-step-id", "SVC301", d_duplicate_step),
    ("no-public-status", "SVC302", d_no_public_status),
    ("office-step-no-office", "SVC303", d_office_step_no_office),
    ("bad-next", "SVC304", d_bad_next),
    ("licensing-missing-stage", "SVC305", d_missing_stage),
    ("no-purpose", "SVC401", d_no_purpose),
    ("no-retention", "SVC402", d_no_retention),
    ("no-necessity", "SVC403", d_no_necessity),
    ("unused-item", "SVC404", d_unused_item),
    ("undeclared-use", "SVC405", d_undeclared_use),
    ("sharing-incomplete", "SVC406", d_sharing_incomplete),
    ("cross-border-incomplete", "SVC407", d_cross_border_incomplete),
    ("duplicate-item-id", "SVC408", d_duplicate_item),
    ("sensitive-unmarked", "SVC409", d_sensitive_unmarked),
    ("law-no-article", "SVC501", d_no_article),
    ("placeholder-text", "SVC502", d_placeholder),
    ("fees-incomplete", "SVC503", d_fees_incomplete),
    ("same-contacts", "SVC504", d_same_contacts),
    ("visits-no-reason", "SVC505", d_visits_no_reason),
    ("online-with-visits", "SVC506", d_online_with_visits),
    ("effective-reversed", "SVC507", d_effective_reversed),
    ("unknown-office", "SVC601", d_unknown_office),
    ("bad-check-character", "SVC604", d_bad_check_char),
]


# --------------------------------------------------------------------------------------
# Writing a corpus.

def offices_yaml() -> str:
    return to_yaml({"svcstd": "1", "offices": OFFICES},
                   "# Offices registry for the generated benchmark corpus (benchmarks/generate.py).")


def _remove_previous(outdir: Path) -> None:
    """Delete the files a previous run listed, so counts never mix two runs."""
    manifest = outdir / "manifest.json"
    if not manifest.is_file():
        return
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    root = outdir.resolve()
    for rel in old:
        p = (outdir / rel).resolve()
        if root in p.parents and p.suffix == ".yaml":
            p.unlink(missing_ok=True)


def _flows_of(doc: dict) -> tuple[list, list, list, str | None]:
    """What the repository's data-flow rule SVC606 needs of a definition: the (receiver,
    category) pairs it obtains by department sharing, the pairs its own `shared_with`
    already declare, the (item id, category) of its personal items that could share, and
    its responsible office."""
    office = doc.get("responsible_office", {}).get("ref") if isinstance(doc.get("responsible_office"), dict) else None
    needs, covers, offers = [], [], []
    for item in doc.get("data_collected") or ():
        if not isinstance(item, dict) or item.get("personal") is not True:
            continue
        category = item.get("category")
        if item.get("source") == "department_sharing" and office:
            needs.append((office, category))
        for share in item.get("shared_with") or ():
            ref = share.get("office", {}).get("ref") if isinstance(share.get("office"), dict) else None
            if ref:
                covers.append((ref, category))
        offers.append((item.get("id"), category))
    return needs, covers, offers, office


def _declare_shares(doc: dict, index: int, seed: int, shares: list[tuple[str, str]]) -> None:
    """Add `shared_with` entries (item id, receiving office) to a clean definition: the
    sending side of flows that other definitions obtain by department sharing (SVC606).
    Drawn from a generator of their own, so the rest of the file stays as it was."""
    rng = random.Random(f"shares-{seed}-{index}")
    items = {item["id"]: item for item in doc["data_collected"]}
    for item_id, receiver in shares:
        rec = OFFICE_BY_ID[receiver]
        items[item_id].setdefault("shared_with", []).append({
            "office": office_ref(rng, receiver),
            "purpose": text(f"供{rec['name']['zh']}依法办理关联业务，避免申请人重复提交",
                            f"Used by the {rec['name']['en']} for related services, so that the applicant need not submit it again"),
            "legal_basis": sharing_basis(rng, doc["responsible_office"]["ref"], receiver, items[item_id]["category"]),
            "method": rng.choice(("api", "api", "file")),
        })


def _make_file(task: tuple) -> tuple:
    """One file's content, from (seed, index, defect kind or None[, shares to declare]).

    Returns (department folder, file name, bytes, expected code, defect name, detail,
    flows: see `_flows_of`).
    """
    seed, index, kind = task[:3]
    shares = task[3] if len(task) > 3 else None
    rng = random.Random(seed * 1_000_003 + index)
    doc, facts, body = build_sized(index, rng)
    code = what = name = None
    if kind is not None:
        name, code, fn = DEFECTS[kind]
        for _attempt in range(100):  # redraw until the definition can take this defect
            what = fn(doc, facts, rng)
            if what is not None:
                break
            doc, facts, body = build_sized(index, rng)
        else:  # pragma: no cover - each defect fits a good share of definitions
            raise RuntimeError(f"defect {name} found no definition to apply to")
        body = to_yaml(doc, facts["header"])
        if "text_hook" in facts:
            body = facts["text_hook"](body)
    elif shares:
        _declare_shares(doc, index, seed, shares)
        body = to_yaml(doc, facts["header"])
    data = body.encode(facts.get("encoding", "utf-8"))
    return facts["folder"], f"{facts['template']['slug']}-{index:06d}.yaml", data, code, name, what, _flows_of(doc)


def _senders(flows: dict[int, tuple], clean: set[int]) -> dict[int, list[tuple[str, str]]]:
    """For each (receiver, category) that some definition obtains by department sharing
    and none declares, one clean definition of another office (of the same city when
    there is one, the least loaded, then the first) that declares it: {index: [(item id,
    receiver)]}. Without it every such definition would be an SVC606 finding, and the
    corpus would be far more than `defect_rate` defective."""
    covered = {pair for _needs, covers, _offers, _office in flows.values() for pair in covers}
    needed = sorted({pair for needs, _covers, _offers, _office in flows.values() for pair in needs} - covered)
    by_category: dict[str, list[tuple[int, str, str]]] = {}
    for index in sorted(clean):
        _needs, _covers, offers, office = flows[index]
        for item_id, category in offers:
            by_category.setdefault(category, []).append((index, item_id, office))
    by_city: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for category, offers in by_category.items():
        for offer in offers:
            if offer[2]:
                by_city.setdefault((category, offer[2].split(".")[0]), []).append(offer)
    load: dict[int, int] = {}
    chosen: dict[int, list[tuple[str, str]]] = {}

    def least_loaded(pool, receiver):
        # The first unloaded candidate is the least loaded (pools are in index order);
        # only when every one is loaded are they all compared.
        valid = None
        for offer in pool:
            if offer[2] and offer[2] != receiver:
                if not load.get(offer[0]):
                    return offer
                valid = True
        if valid is None:
            return None
        return min((c for c in pool if c[2] and c[2] != receiver), key=lambda c: (load.get(c[0], 0), c[0]))

    for receiver, category in needed:
        if receiver not in OFFICE_BY_ID:
            continue  # a defect (an unknown office): SVC601 is its finding
        city = receiver.split(".")[0]
        pick = least_loaded(by_city.get((category, city), ()), receiver) or least_loaded(by_category.get(category, ()), receiver)
        if pick is None:
            continue  # nobody in this corpus holds such data: the finding stays
        index, item_id, _office = pick
        load[index] = load.get(index, 0) + 1
        chosen.setdefault(index, []).append((item_id, receiver))
    return chosen


def generate(outdir: Path, count: int, seed: int = 0, defect_rate: float = 0.03,
             jobs: int | None = None) -> dict:
    """Write `count` definitions, offices.yaml, manifest.json and defects.json into outdir.

    The output depends only on (count, seed, defect_rate), never on `jobs` (worker
    processes; default: one per CPU, at most 8). Returns a summary: counts, bytes
    written, expected findings per code.
    """
    if count < 0 or not 0.0 <= defect_rate <= 1.0:
        raise ValueError("count must be >= 0 and defect_rate within [0, 1]")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_previous(outdir)
    (outdir / "offices.yaml").write_text(offices_yaml(), encoding="utf-8")

    master = random.Random(seed)
    n_defects = round(count * defect_rate)
    defective = master.sample(range(count), n_defects)
    kinds: list = []
    while len(kinds) < n_defects:
        batch = list(range(len(DEFECTS)))
        master.shuffle(batch)
        kinds.extend(batch)
    assigned = dict(zip(defective, kinds))

    tasks = ((seed, index, assigned.get(index)) for index in range(count))
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 8)
    manifest: dict[str, str | None] = {}
    details: dict[str, dict] = {}
    per_folder: dict[str, int] = {}
    total_bytes = 0
    # Written as they come (a 100,000-file corpus is 670 MB): only each file's place and
    # its data flows are kept.
    flows: dict[int, tuple] = {}
    places: dict[int, str] = {}
    with contextlib.ExitStack() as stack:
        pool = None
        if jobs > 1 and count >= 2000:
            pool = stack.enter_context(multiprocessing.Pool(jobs))
            results = pool.imap(_make_file, tasks, chunksize=250)
        else:
            results = map(_make_file, tasks)
        for index, (folder, name, data, code, defect, what, file_flows) in enumerate(results):
            # files are numbered per department folder in index order: <= 500 per folder
            n = per_folder.get(folder, 0)
            per_folder[folder] = n + 1
            sub = f"{folder}/{n // FILES_PER_FOLDER:03d}"
            if n % FILES_PER_FOLDER == 0:
                (outdir / sub).mkdir(parents=True, exist_ok=True)
            rel = f"{sub}/{name}"
            with open(outdir / rel, "wb") as fh:
                fh.write(data)
            total_bytes += len(data)
            manifest[rel] = code
            if code:
                details[rel] = {"code": code, "defect": defect, "detail": what}
            flows[index] = file_flows
            places[index] = rel
        # The sending side of department sharing: a few clean definitions declare the
        # `shared_with` that the others' inbound flows need (SVC606), then are written again.
        senders = _senders(flows, {index for index in range(count) if index not in assigned})
        redo = [(seed, index, None, shares) for index, shares in sorted(senders.items())]
        again = pool.imap(_make_file, redo, chunksize=50) if pool else map(_make_file, redo)
        for (_seed, index, _kind, _shares), row in zip(redo, again):
            path = outdir / places[index]
            total_bytes += len(row[2]) - path.stat().st_size
            with open(path, "wb") as fh:
                fh.write(row[2])

    with open(outdir / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=0, sort_keys=True)
    with open(outdir / "defects.json", "w", encoding="utf-8") as fh:
        json.dump(details, fh, ensure_ascii=False, indent=1, sort_keys=True)
    by_code: dict[str, int] = {}
    for c in details.values():
        by_code[c["code"]] = by_code.get(c["code"], 0) + 1
    return {"outdir": str(outdir), "count": count, "seed": seed, "valid": count - len(details),
            "defective": len(details), "by_code": dict(sorted(by_code.items())),
            "bytes": total_bytes, "average_bytes": total_bytes / count if count else 0.0,
            "offices": len(OFFICES)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path, help="where to write (created if missing)")
    ap.add_argument("--count", type=int, required=True, help="number of definitions")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--defect-rate", type=float, default=0.03,
                    help="fraction of files with exactly one defect (default 0.03)")
    ap.add_argument("--jobs", type=int, default=None,
                    help="worker processes (default: one per CPU, at most 8); output is the same")
    args = ap.parse_args(argv)
    if args.count < 0 or not 0.0 <= args.defect_rate <= 1.0:
        ap.error("--count must be >= 0 and --defect-rate within [0, 1]")
    started = time.perf_counter()
    summary = generate(args.outdir, args.count, args.seed, args.defect_rate, args.jobs)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    summary["average_bytes"] = round(summary["average_bytes"])
    json.dump(summary, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
