"""SVC401-SVC409: personal data. One line per case: edits of the minimal definition → findings."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from rulecase import edit, findings, positions

PHONE_PURPOSE = "    purpose: {zh: 通知办理结果, en: To notify the applicant of the decision}\n"
PHONE_BASIS = "    legal_basis: Social Assistance Regulation, Article 9\n    retention: {value: 2, unit: years}\n"
PHONE_RETENTION = "    retention: {value: 2, unit: years}\n"
PHONE_SENSITIVE = "    category: contact\n    personal: true\n    sensitive: false\n"
ID_SENSITIVE = "    category: identity\n    personal: true\n    sensitive: false\n"
SHARED = "    shared_with:\n      - office: {ref: test-office}\n        purpose: Follow-up\n        legal_basis: Regulation, Art. 12\n"
CROSS = "    cross_border:\n      destination: Hong Kong SAR\n      legal_basis: PIPL Art. 38\n"

SENSITIVE_WITH_NECESSITY = "    category: contact\n    personal: true\n    sensitive: true\n    necessity: Needed to call back\n"

CASES = [
    ("SVC401", [(PHONE_PURPOSE, "")], [(49, 5)]),
    # Not sensitive and no basis of its own: the service's legal basis covers it.
    ("SVC401", [(PHONE_BASIS, PHONE_RETENTION)], []),
    # Sensitive data must state its own basis (PIPL Art. 28-29).
    ("SVC401", [(PHONE_BASIS, PHONE_RETENTION), (PHONE_SENSITIVE, SENSITIVE_WITH_NECESSITY)], [(49, 5)]),
    # A missing purpose and a missing basis are two findings.
    ("SVC401", [(PHONE_BASIS, PHONE_RETENTION), (PHONE_PURPOSE, ""), (PHONE_SENSITIVE, SENSITIVE_WITH_NECESSITY)], [(49, 5), (49, 5)]),
    # A misspelt key is SVC104's alone, and an empty text the schema's alone.
    ("SVC401", [(PHONE_PURPOSE, PHONE_PURPOSE.replace("purpose:", "purpse:"))], []),
    ("SVC401", [(PHONE_PURPOSE, "    purpose: \"\"\n")], []),
    ("SVC401", [(PHONE_PURPOSE, "    purpose: \"  \"\n")], [(49, 5)]),
    ("SVC401", [(PHONE_PURPOSE, ""), (PHONE_SENSITIVE, "    category: contact\n    personal: false\n    sensitive: false\n")], []),
    ("SVC402", [(PHONE_RETENTION, "")], [(49, 5)]),
    ("SVC402", [(PHONE_RETENTION, "    retention: permanent\n")], []),
    ("SVC403", [(PHONE_SENSITIVE, "    category: contact\n    personal: true\n    sensitive: true\n")], [(49, 5)]),
    ("SVC403", [(PHONE_SENSITIVE, "    category: contact\n    personal: true\n    sensitive: true\n    necessity: Needed to call back\n")], []),
    ("SVC404", [("    uses: [phone-number]\n", "")], [(48, 9)]),
    ("SVC404", [("    uses: [phone-number]\n", ""), ("evidence: [identity-card]", "evidence: [identity-card, phone-number]")], []),
    ("SVC405", [("evidence: [identity-card]", "evidence: [identity-card, id-card]")], [(15, 31)]),
    ("SVC405", [("uses: [phone-number]", "uses: [phone-numbr]")], [(36, 12)]),
    ("SVC406", [(PHONE_RETENTION, PHONE_RETENTION + SHARED.replace("        purpose: Follow-up\n", ""))], [(61, 9)]),
    ("SVC406", [(PHONE_RETENTION, PHONE_RETENTION + SHARED.replace("      - office: {ref: test-office}\n        purpose", "      - purpose"))], [(61, 9)]),
    ("SVC406", [(PHONE_RETENTION, PHONE_RETENTION + SHARED)], []),
    ("SVC407", [(PHONE_RETENTION, PHONE_RETENTION + CROSS.replace("      legal_basis: PIPL Art. 38\n", ""))], [(61, 7)]),
    ("SVC407", [(PHONE_RETENTION, PHONE_RETENTION + CROSS.replace("      destination: Hong Kong SAR\n", ""))], [(61, 7)]),
    ("SVC407", [(PHONE_RETENTION, PHONE_RETENTION + CROSS)], []),
    ("SVC408", [("  - id: phone-number", "  - id: identity-card")], [(49, 9)]),
    ("SVC409", [(PHONE_SENSITIVE, "    category: health\n    personal: true\n    sensitive: false\n")], [(54, 16)]),
    ("SVC409", [(ID_SENSITIVE, "    category: biometric\n    personal: true\n")], [(41, 15)]),
    ("SVC409", [(PHONE_SENSITIVE, "    category: location\n    personal: true\n    sensitive: true\n    necessity: To send the inspector\n")], []),
    # 1.1: `genetic` is sensitive; with a list of categories, any sensitive one counts.
    ("SVC409", [(PHONE_SENSITIVE, "    category: genetic\n    personal: true\n    sensitive: false\n")], [(54, 16)]),
    ("SVC409", [(ID_SENSITIVE, "    category: [identity, minor]\n    personal: true\n")], [(41, 15)]),
    ("SVC409", [(ID_SENSITIVE, "    category: [identity, civil_status]\n    personal: true\n    sensitive: false\n")], []),
]


@pytest.mark.parametrize(("code", "edits", "expected"), CASES)
def test_rule(code, edits, expected):
    assert positions(edit(*edits), code) == [(code, line, column) for line, column in expected]


def test_messages_name_the_item_and_suggest():
    (unused,) = findings(edit(("    uses: [phone-number]\n", "")), "SVC404")
    assert "`phone-number`" in unused.message and unused.path == "/data_collected/1/id"
    (undeclared,) = findings(edit(("uses: [phone-number]", "uses: [phone-numbr]")), "SVC405")
    assert "Did you mean `phone-number`?" in undeclared.message


def test_cross_border_names_each_missing_part():
    no_destination = edit((PHONE_RETENTION, PHONE_RETENTION + CROSS.replace("      destination: Hong Kong SAR\n", "")))
    (finding,) = findings(no_destination, "SVC407")
    assert "`destination`" in finding.message and "legal_basis" not in finding.message
    neither = edit((PHONE_RETENTION, PHONE_RETENTION + "    cross_border: {note: abroad}\n"))
    assert sorted("`destination`" in f.message for f in findings(neither, "SVC407")) == [False, True]


def test_sensitive_category_then_needs_necessity():
    marked = edit((PHONE_SENSITIVE, "    category: health\n    personal: true\n    sensitive: true\n"))
    assert [f.code for f in findings(marked) if f.code.startswith("SVC4")] == ["SVC403"]


@pytest.mark.parametrize(
    "data",
    ["data_collected: {id: x}", "data_collected: [1, {id: [a], personal: yes, shared_with: 3, cross_border: [x]}, {shared_with: [1, {office: 2}]}]"],
)
def test_wrong_types_never_crash(data):
    start, end = MINIMAL.index("data_collected:"), MINIMAL.index("fees:")
    codes = {f.code for f in findings(MINIMAL[:start] + data + "\n" + MINIMAL[end:])}
    assert "SVC000" not in codes and codes & {"SVC101", "SVC102"}
