"""Writes schemas/service.schema.json and schemas/offices.schema.json.

The schemas are committed JSON (editors and other tools read them directly); this script is
how they are kept consistent with each other: shared parts are defined once here.
Run `python tools/build_schema.py` after editing, then commit both outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://svcstd.dev/schemas/v1/"

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
CREDIT_CODE_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{18}$"
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
EXTENSIONS = {"^x-": {"description": "Local extension: any content, never checked."}}


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


IDENTIFIER = {"type": "string", "pattern": ID_PATTERN}

DEFS = {
    "identifier": {
        **IDENTIFIER,
        "title": "an identifier (letters, digits, '.', '_', '-'; 2 to 64 characters)",
        "description": "Identifier: starts with a letter or digit, then letters, digits, '.', '_' "
        "or '-', 2 to 64 characters in all.",
    },
    "text": {
        "title": "text (a string, or a map from language tag to string, e.g. {zh: 居住证, en: Residence permit})",
        "description": "Human-readable text: a non-empty string, or a map from language tag "
        "(zh, en, ...) to non-empty string.",
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
        "title": "a date (YYYY-MM-DD)",
        "description": "Calendar date in ISO 8601 form, YYYY-MM-DD.",
    },
    "url": {
        "type": "string",
        "format": "uri",
        "title": "a web address (https://...)",
        "description": "Absolute http or https address.",
    },
    "credit_code": {
        "type": "string",
        "pattern": CREDIT_CODE_PATTERN,
        "title": "a unified social credit code (18 characters, GB 32100)",
        "description": "Unified social credit code (GB 32100-2015): 18 characters from "
        "0-9 and A-Y without I, O, S, V, Z. The last one is a check character (SVC604).",
    },
    "duration": obj(
        "A time limit: a whole number of working days, calendar days or hours.",
        {
            "value": {"type": "integer", "minimum": 0, "description": "How many units (0 or more)."},
            "unit": code(["working_days", "calendar_days", "hours"], "Unit of the time limit."),
        },
        ["value", "unit"],
        title="a duration ({value: 20, unit: working_days})",
    ),
    "retention": {
        "title": "a retention period ({value: 5, unit: years}) or the word permanent",
        "description": "How long the data is kept: a duration in days, months or years, or "
        "`permanent`.",
        "anyOf": [
            obj(
                "Retention period.",
                {
                    "value": {"type": "integer", "minimum": 0, "description": "How many units."},
                    "unit": code(["days", "months", "years"], "Unit of the retention period."),
                },
                ["value", "unit"],
            ),
            {"const": "permanent"},
        ],
    },
    "office_ref": obj(
        "Reference to an office in the offices registry.",
        {
            "ref": ref("identifier", "Id of the office in the offices registry (SVC601 if unknown)."),
            "name": ref("text", "Name of the office, for readers."),
            "credit_code": ref("credit_code", "The office's unified social credit code."),
            "role": code(
                ["statutory_authority", "authorized_org", "entrusted_org", "other"],
                "Capacity in which the office acts (实施主体性质).",
            ),
        },
        ["ref"],
        title="an office reference ({ref: office-id})",
    ),
    "law": obj(
        "A legal provision the service rests on.",
        {
            "title": string("Title of the law or regulation."),
            "article": string("Article, paragraph or item cited (SVC501 warns when absent)."),
            "url": ref("url", "Where the text of the law can be read."),
            "rank": code(
                ["law", "administrative_regulation", "local_regulation", "department_rule", "normative_document"],
                "Rank of the legal source.",
            ),
        },
        ["title"],
        title="a law citation ({title: ..., article: ...})",
    ),
    "criterion": obj(
        "One eligibility criterion (受理条件).",
        {
            "id": ref("identifier", "Id of the criterion, unique within the definition."),
            "criterion": ref("text", "What the applicant must satisfy."),
            "evidence": listing(
                ref("identifier", "Id of a data item in data_collected."),
                "Data items that prove the criterion is met.",
            ),
        },
        ["id", "criterion"],
        title="an eligibility criterion",
    ),
    "deadlines": obj(
        "Time limits (法定/承诺办结时限).",
        {
            "kind": code(["immediate", "commitment"], "immediate: decided on the spot (即办件); commitment: within a committed limit (承诺件)."),
            "statutory": {
                "description": "Statutory time limit set by law, or null when the law sets none.",
                "title": "a duration ({value: 20, unit: working_days}) or null",
                "anyOf": [{"$ref": "#/$defs/duration"}, {"type": "null"}],
            },
            "committed": ref("duration", "Time limit the office commits to; must not exceed the statutory one."),
            "special_procedures": listing(
                obj(
                    "A special procedure (hearing, expert review...) and its duration.",
                    {
                        "name": ref("text", "Name of the procedure."),
                        "duration": ref("duration", "How long it takes."),
                        "counted": {"type": "boolean", "description": "Whether it counts against the time limit."},
                    },
                    ["name", "duration", "counted"],
                ),
                "Special procedures with their own durations.",
            ),
        },
        ["kind", "statutory", "committed"],
    ),
    "step": obj(
        "One step of the process (办理流程).",
        {
            "id": ref("identifier", "Id of the step, unique within the definition."),
            "name": ref("text", "Name of the step."),
            "stage": code(["accept", "review", "decide", "conclude", "deliver", "other"], "Stage of the process."),
            "actor": code(["applicant", "office", "third_party"], "Who acts in this step."),
            "office": ref("office_ref", "Office that acts, required for office steps (SVC303)."),
            "deadline": ref("duration", "Time limit of this step."),
            "public_status": ref("text", "Status text shown to the applicant during this step (SVC302)."),
            "uses": listing(ref("identifier", "Id of a data item."), "Data items this step uses."),
            "next": listing(ref("identifier", "Id of a step."), "Steps that follow; without it, list order."),
        },
        ["id", "name", "stage", "actor", "deadline"],
        title="a step",
    ),
    "sharing": obj(
        "A declared provision of the data to another office (PIPL Art. 23).",
        {
            "office": ref("office_ref", "Receiving office."),
            "purpose": ref("text", "Why the receiving office needs it."),
            "legal_basis": string("Legal basis for the sharing."),
            "method": code(["api", "file", "manual"], "How the data is shared."),
        },
        title="a sharing declaration",
    ),
    "data_item": obj(
        "One item of data collected (申请材料 or a form field).",
        {
            "id": ref("identifier", "Id of the item, unique within the definition."),
            "name": ref("text", "Name of the item."),
            "form": code(["document", "field"], "A document (material) or a form field."),
            "category": code(
                ["identity", "contact", "address", "financial", "health", "biometric", "minor",
                 "religion", "location", "criminal_record", "employment", "education", "property", "other"],
                "Kind of data; several kinds are sensitive by nature (SVC409).",
            ),
            "personal": {"type": "boolean", "description": "Whether it is personal information."},
            "sensitive": {"type": "boolean", "description": "Whether it is sensitive personal information (PIPL Art. 28)."},
            "required": {"type": "boolean", "description": "Whether the applicant must provide it."},
            "source": code(
                ["applicant", "department_sharing", "electronic_license", "third_party"],
                "Where the data comes from.",
            ),
            "purpose": ref("text", "Why it is collected (SVC401)."),
            "legal_basis": string("Legal basis for collecting it (SVC401)."),
            "necessity": ref("text", "Why sensitive data is necessary (SVC403)."),
            "retention": ref("retention", "How long it is kept (SVC402)."),
            "shared_with": listing(ref("sharing", "One recipient."), "Offices the data is provided to."),
            "cross_border": obj(
                "Transfer of the data outside the country.",
                {
                    "destination": string("Country or region receiving the data."),
                    "legal_basis": string("Legal basis of the transfer."),
                },
            ),
        },
        ["id", "name", "form", "category", "personal", "required", "source"],
        title="a data item",
    ),
    "fee_item": obj(
        "One fee.",
        {
            "name": ref("text", "Name of the fee."),
            "amount": {"type": "number", "minimum": 0, "description": "Amount (0 or more)."},
            "currency": {
                "type": "string",
                "pattern": "^[A-Z]{3}$",
                "format": "iso4217",
                "description": "ISO 4217 currency code, e.g. CNY.",
            },
            "basis": string("Legal or pricing basis of the fee (SVC503)."),
        },
        ["name", "currency"],
        title="a fee item",
    ),
    "fees": obj(
        "Fees (收费).",
        {
            "charged": {"type": "boolean", "description": "Whether the service charges a fee."},
            "items": listing(ref("fee_item", "One fee."), "The fees charged."),
        },
        ["charged"],
    ),
    "outcome": obj(
        "What the applicant receives (办件结果).",
        {
            "name": ref("text", "Name of the outcome document."),
            "type": code(["certificate", "license", "approval", "decision", "filing", "other"], "Kind of outcome."),
            "sample": string("Sample of the outcome document (file name or address)."),
            "delivery": listing(code(["pickup", "post", "electronic"], "Delivery method."), "How it is delivered.", 1),
        },
        ["name", "type", "delivery"],
    ),
    "channel": obj(
        "A way to apply (办理形式).",
        {
            "type": code(["counter", "web", "mobile", "post", "phone"], "Kind of channel."),
            "url": ref("url", "Address of the online channel."),
            "address": ref("text", "Address of the counter."),
            "hours": ref("text", "Opening hours."),
            "online_depth": {"type": "integer", "minimum": 0, "maximum": 4, "description": "Depth of online service, 0 (information only) to 4 (fully online)."},
            "visits": {"type": "integer", "minimum": 0, "description": "Visits to the office the applicant must make (到现场次数)."},
            "visits_reason": ref("text", "Why visits are needed (SVC505)."),
        },
        ["type"],
        title="a channel",
    ),
}

SERVICE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": BASE + "service.schema.json",
    "title": "svcstd service definition, format version 1",
    **obj(
        "One public service, described with the standardization elements.",
        {
            "svcstd": {"const": "1", "description": "Format version: \"1\" (SVC005)."},
            "id": ref("identifier", "Identifier of the service, unique across the repository (SVC602)."),
            "name": ref("text", "Name of the service."),
            "description": ref("text", "What the service is."),
            "type": code(
                ["licensing", "penalty", "enforcement", "levy", "benefit", "inspection", "confirmation",
                 "reward", "adjudication", "filing", "other_administrative", "public_service"],
                "Type of the service (事项类型).",
            ),
            "status": code(["draft", "active", "suspended", "retired"], "Publication status."),
            "version": {"type": "string", "pattern": SEMVER_PATTERN, "description": "Version of this definition (semantic version, e.g. 1.2.0)."},
            "effective": obj(
                "When the definition is in force.",
                {"from": ref("date", "First day in force."), "until": ref("date", "Last day in force.")},
                ["from"],
            ),
            "level": code(["national", "provincial", "municipal", "county", "township", "village"], "Administrative level."),
            "audience": listing(
                code(["natural_person", "enterprise", "public_institution", "social_organization", "government_agency", "other"], "Who may apply."),
                "Who the service is for (服务对象).",
                1,
            ),
            "legal_basis": listing(ref("law", "One legal provision."), "Legal basis (设定依据).", 1),
            "responsible_office": ref("office_ref", "Competent authority (实施主体)."),
            "eligibility": listing(ref("criterion", "One criterion."), "Who may apply (受理条件).", 1),
            "deadlines": ref("deadlines", "Time limits."),
            "steps": listing(ref("step", "One step."), "The process, step by step (办理流程).", 1),
            "data_collected": listing(ref("data_item", "One data item."), "Data collected; [] says none."),
            "fees": ref("fees", "Fees."),
            "outcome": ref("outcome", "What the applicant receives."),
            "channels": listing(ref("channel", "One channel."), "Ways to apply.", 1),
            "contact": obj(
                "Where to ask and where to complain (咨询/监督投诉).",
                {
                    "enquiry": string("Enquiry contact (phone, address...)."),
                    "complaint": string("Complaint contact; must differ from enquiry (SVC504)."),
                },
            ),
        },
        ["svcstd", "id", "name", "description", "type", "status", "audience", "legal_basis",
         "responsible_office", "eligibility", "deadlines", "steps", "data_collected", "fees",
         "outcome", "channels", "contact"],
    ),
    "$defs": DEFS,
}

OFFICES = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": BASE + "offices.schema.json",
    "title": "svcstd offices registry, format version 1",
    **obj(
        "The offices that service definitions may name.",
        {
            "svcstd": {"const": "1", "description": "Format version: \"1\"."},
            "offices": listing(
                obj(
                    "One office.",
                    {
                        "id": ref("identifier", "Id that definitions use in `ref:`; unique in the registry (SVC603)."),
                        "name": ref("text", "Name of the office."),
                        "credit_code": ref("credit_code", "Unified social credit code (SVC105 shape, SVC604 check character)."),
                        "level": code(["national", "provincial", "municipal", "county", "township", "village"], "Administrative level."),
                        "parent": ref("identifier", "Id of the parent office, listed in this registry (SVC603)."),
                    },
                    ["id", "name"],
                    title="an office",
                ),
                "The offices that definitions may name, one entry per office: `- {id: ..., name: ...}`.",
                1,
            ),
        },
        ["svcstd", "offices"],
    ),
    "$defs": {k: DEFS[k] for k in ("identifier", "text", "credit_code")},
}


def main() -> None:
    for name, schema in (("service", SERVICE), ("offices", OFFICES)):
        target = ROOT / "schemas" / f"{name}.schema.json"
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
