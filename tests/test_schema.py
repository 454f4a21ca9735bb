"""The bundled schema and the SVC101–SVC105 findings made from its errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, REPO, clean_examples, real_guides
from svcstd import schema as schema_module
from svcstd.load import load_text
from svcstd.schema import SERVICE_SCHEMA, load_schema, schema_findings


def replace(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, f"fixture lacks {old!r}"
    return text.replace(old, new, 1)


def schema_codes(text: str) -> list[tuple[str, int, int]]:
    result = load_text(text, "f.yaml")
    assert result.document is not None, result.findings
    return [(f.code, f.line, f.column) for f in schema_findings(result.document)]


def only(text: str):
    result = load_text(text, "f.yaml")
    [finding] = schema_findings(result.document)
    return finding


def test_minimal_definition_is_valid():
    assert schema_codes(MINIMAL) == []


def test_schema_is_draft_2020_12_with_stable_id_and_descriptions():
    schema = load_schema(SERVICE_SCHEMA)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/service.schema.json")
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"top-level property {name} lacks a description"
    for def_name, definition in schema["$defs"].items():
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{def_name}.{name} lacks a description"


def test_committed_schema_matches_its_generator(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_schema", REPO / "tools" / "build_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.outputs()
    # Every kind (service, offices), version (1, 1.1) and language (en, zh/): eight files.
    assert len(generated) == 8
    for name, schema in generated.items():
        assert json.loads((REPO / "schemas" / name).read_text("utf-8")) == schema, name
    committed = {p.relative_to(REPO / "schemas").as_posix() for p in (REPO / "schemas").rglob("*.json")}
    assert committed == set(generated), "schemas/ holds a file the generator does not write"


# One line per case: (old text in MINIMAL, new text, expected (code, line, column)).
CASES = [
    # SVC101: the mapping that lacks the key; an empty list or text.
    ("name: {zh: 最低测试服务, en: Minimal test service}\n", "", ("SVC101", 1, 1)),
    ("    stage: accept\n", "", ("SVC101", 21, 5)),
    ("audience: [natural_person]", "audience: []", ("SVC101", 7, 11)),
    ("title: Social Assistance Regulation", "title: ''", ("SVC101", 9, 12)),
    # SVC102: wrong type.
    ("audience: [natural_person]", "audience: natural_person", ("SVC102", 7, 11)),
    ("    personal: true\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 核实身份",
     "    personal: yes\n    sensitive: false\n    required: true\n    source: applicant\n    purpose: {zh: 核实身份",
     ("SVC102", 42, 15)),
    ("committed: {value: 10, unit: working_days}", "committed: 10", ("SVC102", 19, 14)),
    ("statutory: {value: 20, unit: working_days}", "statutory: twenty", ("SVC102", 18, 14)),
    # SVC103: outside the code list or range.
    ("type: benefit", "type: benfit", ("SVC103", 5, 7)),
    ("statutory: {value: 20, unit: working_days}", "statutory: {value: 20, unit: weeks}", ("SVC103", 18, 32)),
    ("    online_depth: 4", "    online_depth: 5", ("SVC103", 65, 19)),
    # SVC104: the unknown key itself.
    ("eligibility:", "eligibilty:", ("SVC104", 12, 1)),
    ("    uses: [identity-card]", "    use: [identity-card]", ("SVC104", 28, 5)),
    # SVC105: formats.
    ("id: minimal-benefit", "id: minimal benefit!", ("SVC105", 2, 5)),
    ("status: active", "status: active\neffective: {from: 2026-02-30}", ("SVC105", 7, 19)),
    ("url: https://services.example.gov.cn/benefit", "url: services example", ("SVC105", 64, 10)),
    ("responsible_office: {ref: test-office}", "responsible_office: {ref: test-office, credit_code: 'ABC'}", ("SVC105", 11, 53)),
    ("fees: {charged: false}", "fees: {charged: false, items: [{name: x, currency: RMB, amount: 1, basis: y}]}", ("SVC105", 60, 52)),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_schema_findings_at_position(old, new, expected):
    assert expected in schema_codes(replace(old, new))


def test_enum_message_lists_allowed_values_and_suggests():
    finding = only(replace("type: benefit", "type: benfit"))
    assert "Did you mean `benefit`?" in finding.message
    for allowed in ("licensing", "penalty", "benefit", "public_service"):
        assert allowed in finding.message


def test_unknown_key_suggests_the_nearest_known_key():
    finding = only(replace("eligibility:", "eligibilty:"))
    assert finding.code == "SVC104"
    assert "Did you mean `eligibility`?" in finding.message
    assert finding.path == "/eligibilty"


def test_missing_key_names_the_element():
    finding = only(replace("    stage: accept\n", ""))
    assert finding.code == "SVC101"
    assert "`stage`" in finding.message
    assert finding.path == "/steps/0"


def test_anyof_text_reports_the_fitting_branch():
    finding = only(replace("name: {zh: 最低测试服务, en: Minimal test service}", "name: {zh: 最低测试服务, en: ''}"))
    assert (finding.code, finding.path) == ("SVC101", "/name/en")
    wrong = only(replace("name: {zh: 最低测试服务, en: Minimal test service}", "name: 42"))
    assert wrong.code == "SVC102"
    assert "text" in wrong.message


def test_retention_accepts_permanent_only():
    assert schema_codes(replace("retention: {value: 5, unit: years}", "retention: permanent")) == []
    finding = only(replace("retention: {value: 5, unit: years}", "retention: {value: 5, unit: decades}"))
    assert finding.code == "SVC103"
    assert "days, months, years" in finding.message


def test_statutory_may_be_null():
    assert schema_codes(replace("statutory: {value: 20, unit: working_days}", "statutory: null")) == []


def test_extensions_are_never_errors():
    assert schema_codes(MINIMAL + "x-local-notes:\n  anything: [1, 2]\n") == []


@pytest.mark.parametrize("path", clean_examples(), ids=lambda p: p.name)
def test_every_example_is_valid(path):
    assert schema_codes(path.read_text("utf-8")) == []


@pytest.mark.parametrize("path", real_guides(), ids=lambda p: p.name)
def test_real_guides_are_valid_but_for_what_the_guide_lacks(path):
    # Transcribed from published guides, they leave out what the guide does not say: the
    # schema finds elements missing (SVC101) and nothing else (examples/README.md).
    codes = schema_codes(path.read_text("utf-8"))
    assert codes and {code for code, *_ in codes} == {"SVC101"}


@given(st.one_of(
    st.from_regex(schema_module._PLAIN_WEB_URL, fullmatch=True),
    st.from_regex(r"\Ahttps?://[a-z0-9.:@\[\]-]{0,20}([/?#].{0,20})?\Z"),
    st.text(max_size=40),
))
@settings(max_examples=400, deadline=None)
def test_the_common_address_shape_is_judged_as_urlsplit_judges_it(address):
    """`is_web_url` accepts the common shape without asking urlsplit: only what the full
    check accepts too may take that road."""
    if schema_module._PLAIN_WEB_URL.fullmatch(address):
        assert schema_module._is_web_url_text.__wrapped__(address), address
    assert schema_module.is_web_url(address) == schema_module._is_web_url_text.__wrapped__(address)


_FRESH_IMPORT = """
import sys
{before}
from svcstd import schema
validator = schema.fast_validator()
assert validator is not None and validator.is_valid({{}}) is False
print("email.utils after:", "email.utils" in sys.modules)
import email.utils
print(email.utils.parsedate_to_datetime("Mon, 20 Nov 1995 19:12:08 -0500").isoformat())
print(email.utils.formataddr(("A", "a@example.org")))
"""


@pytest.mark.parametrize(
    ("before", "loaded_after"),
    [
        ("", "False"),
        ("import email.utils", "True"),
        # another thread could import email.utils meanwhile: the real module is loaded
        ("import threading; threading.Thread(target=threading.Event().wait, daemon=True).start()", "True"),
    ],
    ids=["alone", "email-utils-already-imported", "another-thread-running"],
)
def test_jsonschema_rs_starts_without_email_utils_and_leaves_it_whole(before, loaded_after):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _FRESH_IMPORT.format(before=before)], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"email.utils after: {loaded_after}"
    assert lines[1] == "1995-11-20T19:12:08-05:00"  # the real module, not the stand-in
    assert lines[2] == "A <a@example.org>"
