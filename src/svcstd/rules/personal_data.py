"""Personal data (个人信息): purpose, legal basis, retention, necessity, use, sharing, transfer."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import message, rule
from ..findings import Finding
from ..model import nearest
from ._context import service_of

FAMILY = "personal_data"


def _item(id_: str, name: str, category: str = "contact", *, omit=(), extra: str = "") -> str:
    """A data item in block style, for the examples below (readable in `svcstd explain`)."""
    fields = {
        "id": id_,
        "name": name,
        "form": "field",
        "category": category,
        "personal": "true",
        "sensitive": "false",
        "required": "true",
        "source": "applicant",
        "purpose": "To notify the applicant of the decision",
        "legal_basis": "Social Assistance Regulation, Article 9",
        "retention": "{value: 2, unit: years}",
    }
    lines = [f"{key}: {value}" for key, value in fields.items() if key not in omit]
    body = "  - " + "\n    ".join(lines) + "\n"
    return body + "".join(f"    {line}\n" for line in extra.splitlines())


@rule(
    "SVC401", "personal-data-without-purpose", "error",
    "Personal data is collected without a stated purpose or legal basis.",
    "Personal information may be processed only for a clear, reasonable purpose and on a "
    "legal basis (PIPL Art. 6, 13; state organs: Art. 34; GDPR Art. 13 requires telling "
    "the person both). The definition is where the applicant reads them. An item that is "
    "not sensitive is covered by the service's own `legal_basis` unless it states another; "
    "sensitive data needs its own (PIPL Art. 28-29).",
    bad="data_collected:\n" + _item("phone-number", "Phone number", omit=("purpose",)),
    good="data_collected:\n" + _item("phone-number", "Phone number"),
    messages={
        "purpose": "Data item `{item}` is personal data but states no `purpose`. Say why it "
        "is collected, e.g. purpose: {{zh: 通知办理结果, en: To notify the applicant of the decision}}.",
        "legal_basis": "Data item `{item}` is sensitive personal data but states no "
        "`legal_basis` of its own. Name the law and article that allow collecting it (PIPL "
        "Art. 28-29, 34); the service's legal basis covers only data that is not sensitive.",
    },
    family=FAMILY,
)
def personal_data_without_purpose(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        if not item.personal:
            continue
        if item.lacks("purpose"):
            yield doc.finding("SVC401", "purpose", item.path, item=item.label)
        # Not sensitive: the service's legal basis covers it (and a service without one is
        # the service's SVC101 alone, not one more finding per item).
        if item.sensitive and item.lacks("legal_basis"):
            yield doc.finding("SVC401", "legal_basis", item.path, item=item.label)


@rule(
    "SVC402", "personal-data-without-retention", "error",
    "Personal data is collected without a retention period.",
    "Personal information is kept no longer than the purpose needs (PIPL Art. 19; GDPR "
    "Art. 13(2)(a) and 30 require the period to be stated). `permanent` is allowed but must "
    "be said, not left out.",
    bad="data_collected:\n" + _item("phone-number", "Phone number", omit=("retention",)),
    good="data_collected:\n" + _item("phone-number", "Phone number"),
    messages={
        "missing": "Data item `{item}` is personal data but has no `retention`. State how "
        "long it is kept, e.g. retention: {{value: 2, unit: years}}, or `retention: permanent` "
        "with the legal basis for keeping it.",
    },
    family=FAMILY,
)
def personal_data_without_retention(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        if item.personal and item.lacks("retention"):
            yield doc.finding("SVC402", "missing", item.path, item=item.label)


@rule(
    "SVC403", "sensitive-data-without-necessity", "error",
    "Sensitive personal data is collected without a necessity statement.",
    "Sensitive personal information (health, biometrics, minors' data, religion, financial "
    "accounts, whereabouts...) may be processed only with a specific purpose and sufficient "
    "necessity, and the person must be told why it is necessary (PIPL Art. 28-30).",
    bad="data_collected:\n" + _item(
        "medical-report", "Medical report", "health", omit=("sensitive",), extra="sensitive: true"
    ),
    good="data_collected:\n" + _item(
        "medical-report", "Medical report", "health", omit=("sensitive",),
        extra="sensitive: true\nnecessity: The allowance depends on a certified disability",
    ),
    messages={
        "missing": "Data item `{item}` is marked sensitive but has no `necessity`. Explain "
        "why the service cannot be delivered without it and what is done to limit it "
        "(PIPL Art. 28-30).",
    },
    family=FAMILY,
)
def sensitive_data_without_necessity(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        if item.sensitive and item.lacks("necessity"):
            yield doc.finding("SVC403", "missing", item.path, item=item.label)


@rule(
    "SVC404", "unused-data", "warning",
    "A data item is collected but used by no step and no eligibility criterion.",
    "Collect only the minimum necessary (PIPL Art. 6; GDPR Art. 5(1)(c)). Data that no step "
    "uses and no criterion needs as evidence should not be asked for; if it is needed, say "
    "where with `uses` or `evidence`. Guides list materials per service, not per step: when "
    "no step declares `uses` and no criterion `evidence`, every item counts as used at "
    "acceptance and this rule says nothing.",
    bad="eligibility:\n  - id: resident\n    criterion: Lives in the city\n    evidence: [identity-card]\n"
    "data_collected:\n" + _item("identity-card", "Identity card", "identity")
    + _item("marital-status", "Marital status", "other"),
    good="eligibility:\n  - id: resident\n    criterion: Lives in the city\n    evidence: [identity-card]\n"
    "data_collected:\n" + _item("identity-card", "Identity card", "identity"),
    messages={
        "unused": "Data item `{item}` is collected but no step `uses` it and no eligibility "
        "criterion names it as `evidence`. Remove it (collect the minimum necessary), or add "
        "it to the `uses` of the step that needs it.",
    },
    family=FAMILY,
)
def unused_data(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    if not service.uses_are_declared():
        return
    used = {ref.id for step in service.steps for ref in step.uses}
    used.update(ref.id for criterion in service.eligibility for ref in criterion.evidence)
    for item in service.data_collected:
        if item.id is not None and item.id not in used:
            yield doc.finding("SVC404", "unused", item.at("id"), item=item.id)


@rule(
    "SVC405", "undeclared-data", "error",
    "A step or criterion uses a data item that `data_collected` does not declare.",
    "Every piece of information the office asks for must be declared with its purpose, "
    "legal basis and retention; a reference to an undeclared item means data is collected "
    "without those statements (or the id is misspelt).",
    bad="# data_collected declares identity-card and phone-number\n"
    "eligibility:\n  - id: resident\n    criterion: Lives in the city\n    evidence: [id-card]\n",
    good="# data_collected declares identity-card and phone-number\n"
    "eligibility:\n  - id: resident\n    criterion: Lives in the city\n    evidence: [identity-card]\n",
    messages={
        "undeclared": "`{item}` is not declared in `data_collected`.{suggestion} Declare it "
        "there with its purpose, legal basis and retention, or correct the id. Declared: {known}.",
        "suggestion": " Did you mean `{word}`?",
    },
    family=FAMILY,
)
def undeclared_data(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    declared = {item.id for item in service.data_collected if item.id is not None}
    known = ", ".join(sorted(declared)) or "(none)"
    references = [ref for criterion in service.eligibility for ref in criterion.evidence]
    references += [ref for step in service.steps for ref in step.uses]
    for ref in references:
        if ref.id in declared:
            continue
        close = nearest(ref.id, declared)
        suggestion = message("SVC405", "suggestion", doc.lang, word=close) if close else ""
        yield doc.finding("SVC405", "undeclared", ref.path, item=ref.id, suggestion=suggestion, known=known)


@rule(
    "SVC406", "incomplete-sharing", "error",
    "Data is shared without naming the recipient office, the purpose or the legal basis.",
    "Providing personal information to another party requires telling the person who "
    "receives it, for what purpose, and on what basis (PIPL Art. 23; GDPR Art. 13(1)(e)).",
    bad="data_collected:\n" + _item(
        "phone-number", "Phone number",
        extra="shared_with:\n  - office: {ref: test-office}\n    purpose: Follow-up visits",
    ),
    good="data_collected:\n" + _item(
        "phone-number", "Phone number",
        extra="shared_with:\n  - office: {ref: test-office}\n    purpose: Follow-up visits\n"
        "    legal_basis: Social Assistance Regulation, Article 12",
    ),
    messages={
        "office": "Data item `{item}` is shared without naming the receiving office. Add "
        "`office: {{ref: OFFICE_ID}}` to this entry of `shared_with`.",
        "purpose": "Data item `{item}` is shared with {recipient} without a `purpose`. Say "
        "why the recipient needs it.",
        "legal_basis": "Data item `{item}` is shared with {recipient} without a "
        "`legal_basis`. Name the law and article that allow providing it (PIPL Art. 23).",
        "another_office": "another office",
    },
    family=FAMILY,
)
def incomplete_sharing(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        for sharing in item.shared_with:
            office = sharing.office
            recipient = office.ref if office else None
            if sharing.lacks("office") or (office is not None and office.lacks("ref")):
                yield doc.finding("SVC406", "office", sharing.path, item=item.label)
            for key in ("purpose", "legal_basis"):
                if sharing.lacks(key):
                    yield doc.finding(
                        "SVC406", key, sharing.path, item=item.label,
                        recipient=f"`{recipient}`" if recipient else message("SVC406", "another_office", doc.lang),
                    )


@rule(
    "SVC407", "incomplete-cross-border", "error",
    "A cross-border transfer does not state its destination or legal basis.",
    "Personal information leaving the country needs a stated destination and a legal basis "
    "(PIPL Art. 38-39; GDPR Art. 13(1)(f)); the applicant has a right to know both.",
    bad="data_collected:\n" + _item(
        "phone-number", "Phone number", extra="cross_border:\n  destination: Hong Kong SAR",
    ),
    good="data_collected:\n" + _item(
        "phone-number", "Phone number",
        extra="cross_border:\n  destination: Hong Kong SAR\n  legal_basis: PIPL Article 38, standard contract",
    ),
    messages={
        "destination": "Data item `{item}` is transferred abroad but `cross_border` names no "
        "`destination`. Say where the data goes (country or region).",
        "legal_basis": "Data item `{item}` is transferred abroad but `cross_border` has no "
        "`legal_basis`. Name the basis (PIPL Art. 38: security assessment, certification or "
        "standard contract).",
    },
    family=FAMILY,
)
def incomplete_cross_border(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        transfer = item.cross_border
        if transfer is None:
            continue
        for key in ("destination", "legal_basis"):
            if transfer.lacks(key):
                yield doc.finding("SVC407", key, transfer.path, item=item.label)


@rule(
    "SVC408", "duplicate-data-id", "error",
    "Two data items share an id.",
    "Steps and criteria name data items by id; with two items under one id it is unclear "
    "which one a step uses and which purpose and retention apply.",
    bad="data_collected:\n" + _item("phone-number", "Phone number") + _item("phone-number", "Mobile number"),
    good="data_collected:\n" + _item("phone-number", "Phone number") + _item("mobile-number", "Mobile number"),
    messages={
        "duplicate": "The data item id `{id}` is already used by the item at line {line}. "
        "Merge the two items or give this one its own id.",
    },
    family=FAMILY,
)
def duplicate_data_id(doc, config) -> Iterator[Finding]:
    seen: dict[str, tuple] = {}
    for item in service_of(doc, config).data_collected:
        if item.id is None:
            continue
        if item.id in seen:
            line, _ = doc.locate(seen[item.id])
            yield doc.finding("SVC408", "duplicate", item.at("id"), id=item.id, line=line)
        else:
            seen[item.id] = item.at("id")


@rule(
    "SVC409", "sensitive-category-not-sensitive", "warning",
    "Data in a sensitive category (health, biometric, genetic, minor, religion, "
    "criminal_record, financial, location) is not marked `sensitive: true`.",
    "PIPL Art. 28 names these categories as sensitive personal information, which needs a "
    "necessity statement and stricter handling; marking them sensitive is what makes SVC403 "
    "ask for it. With a list of categories, any sensitive one counts.",
    bad="data_collected:\n" + _item("bank-account", "Bank account", "financial"),
    good="data_collected:\n" + _item(
        "bank-account", "Bank account", "financial", omit=("sensitive",),
        extra="sensitive: true\nnecessity: The allowance is paid into this account",
    ),
    messages={
        "not_marked": "Data item `{item}` is in the category `{category}`, which is "
        "sensitive personal information (PIPL Art. 28), but it is not marked "
        "`sensitive: true`. Mark it sensitive and add a `necessity` statement.",
    },
    family=FAMILY,
)
def sensitive_category_not_sensitive(doc, config) -> Iterator[Finding]:
    for item in service_of(doc, config).data_collected:
        sensitive = item.sensitive_categories
        if sensitive and not item.sensitive:
            where = item.at("sensitive") if item.sensitive_written else item.categories_path
            yield doc.finding(
                "SVC409", "not_marked", where, item=item.label, category="`, `".join(sensitive),
            )
