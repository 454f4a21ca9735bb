"""The model of a definition: tolerant of wrong types, complete for 1.1, placed by path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from svcstd.load import load_text
from svcstd.model import Duration, RegistryDefaults, definition, read

V11 = """\
svcstd: "1.1"
id: marriage-registration
language: zh
name: 结婚登记
cases:
  - {id: remarriage, name: 再婚}
  - {id: by-proxy, name: 代办}
deadlines:
  kind: commitment
  statutory: {value: 20, unit: working_days}
  committed: {value: 10, unit: working_days}
  acceptance: {value: 1, unit: working_days}
  by_case:
    - when: [remarriage]
      committed: {value: 3, unit: working_days}
steps:
  - id: accept
    name: 受理
    stage: [accept, decide]
    actor: office
    when: [remarriage, [by-proxy, remarriage]]
data_collected:
  - id: hukou
    name: 户口簿
    form: document
    category: [civil_status, minor]
    required: deferrable
    presented: original_and_copy
    medium: paper
    copies: {original: 1, copy: 2}
    one_of: household
fees:
  charged: true
  items:
    - {name: 工本费, standard: 按面积计收, when: [remarriage]}
contact:
  enquiry: [{type: phone, value: "12345"}, {type: web, value: "https://x.example"}]
  complaint: "12345-2"
  review: {body: 区人民政府}
"""


def test_reads_every_11_element_with_paths():
    doc = load_text(V11, "m.yaml").document
    assert doc is not None, "the loader accepts format 1.1"
    service = definition(doc)
    assert service.default_language == "zh" and service.name.by_language() == {"zh": "结婚登记"}
    assert service.case_ids() == {"remarriage", "by-proxy"}
    (step,) = service.steps
    assert step.stages == ("accept", "decide") and step.stage == "decide" and step.is_done_by_office
    assert step.when.any_of == (("remarriage",), ("by-proxy", "remarriage"))
    assert step.when.applies({"remarriage"}) and not step.when.applies({"by-proxy"})
    assert doc.locate(step.when.refs[1].path) == (21, 25)
    (item,) = service.data_collected
    assert item.categories == ("civil_status", "minor") and item.sensitive_categories == ("minor",)
    assert item.required == "deferrable" and item.copies.copy == 2 and item.one_of == "household"
    assert set(item.details) == {"presented", "medium", "copies"}
    (case_limits,) = service.deadlines.by_case
    assert case_limits.committed == Duration(3, "working_days", ("deadlines", "by_case", 0, "committed"))
    assert case_limits.statutory.value == 20 and case_limits.inherited == {"kind", "statutory"}
    assert service.deadlines.acceptance.value == 1
    assert service.fees.items[0].standard.pick() == "按面积计收" and service.fees.items[0].amount is None
    assert service.contact.enquiry.is_list and service.contact.enquiry.values() == {"12345", "https://x.example"}
    assert service.contact.complaint.values() == {"12345-2"} and service.contact.review.body.pick() == "区人民政府"
    assert len(list(service.whens())) == 3
    texts = {text.path for text in service.texts()}
    assert ("cases", 1, "name") in texts and ("contact", "review", "body") in texts


def test_faq_and_intermediary_texts_are_texts():
    service = read({"faq": [{"question": "可以代办吗？", "answer": "可以"}], "intermediary_services": [{"name": "测绘"}]})
    assert {t.path for t in service.texts()} == {("faq", 0, "question"), ("faq", 0, "answer"), ("intermediary_services", 0, "name")}


def test_minimal_version_1_reads_the_same_as_before():
    service = definition(load_text(MINIMAL, "m.yaml").document)
    assert [s.label for s in service.steps] == ["accept", "decide"]
    assert service.deadlines.committed.value == 10 and service.name.pick("en") == "Minimal test service"
    assert service.uses_are_declared() and service.legal_basis[0].article == "Article 9"


def test_a_unit_outside_its_code_list_is_no_duration():
    service = read({"deadlines": {"committed": {"value": 3, "unit": "weeks"}}})
    assert service.deadlines.committed is None


def test_registry_defaults_and_plain_strings():
    defaults = RegistryDefaults.read({"defaults": {"language": "zh", "public_status": {"review": "审核中", "x": 3}}})
    assert defaults.language == "zh" and defaults.public_status == {"review": "审核中"}
    service = read({"name": "居住证"}, defaults)
    assert service.name.has("zh") and not service.name.has("en")
    assert read({"name": "居住证", "language": "en"}, defaults).name.has("en")
    assert read({"name": "居住证"}, None, "zh").name.has("zh")


def test_step_without_id_is_named_by_its_1_based_position():
    service = read({"steps": [{"id": "a"}, {"name": "x"}]})
    assert [s.label for s in service.steps] == ["a", "#2"]


def test_misspelt_key_is_told_from_an_absent_one():
    service = read({"steps": [{"public_statu": "x"}, {}]})
    assert service.steps[0].misspelt("public_status") and not service.steps[0].lacks("public_status")
    assert not service.steps[1].misspelt("public_status") and service.steps[1].lacks("public_status")


_anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["id", "steps", "stage", "when", "category", "contact", "enquiry", "deadlines", "by_case",
         "data_collected", "value", "unit", "fees", "items", "name", "cases", "shared_with", "copies"]
    ), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(
    ["steps", "data_collected", "deadlines", "contact", "fees", "cases", "eligibility", "channels",
     "outcome", "legal_basis", "name", "responsible_office", "faq", "codes"]), _anything, max_size=6))
def test_wrong_types_never_crash(data):
    service = read(data)
    list(service.texts()), list(service.whens()), list(service.office_refs()), service.one_of_groups()


def test_pick_with_language_says_which_language_was_chosen():
    from svcstd.model import Text

    assert Text({"zh": "护照", "en": "Passport"}, ()).pick_with_language("en") == ("Passport", "en")
    assert Text({"zh-Hans": "护照"}, ()).pick_with_language("zh") == ("护照", "zh-Hans")
    assert Text({"zh": "护照"}, ()).pick_with_language("en") == ("护照", "zh")
    assert Text("Passport", (), "en").pick_with_language("zh") == ("Passport", "en")
    assert Text("Passport", ()).pick_with_language("zh") == ("Passport", None)


def test_the_model_is_read_only_and_compares_by_value():
    """The model is built with a quicker __init__ than dataclass's frozen one: it must stay
    frozen (a rule cannot change what the next rule reads), compare and hash by value, and
    give each part its own empty mapping."""
    import dataclasses

    import pytest

    service = read(load_text(V11, "f.yaml").document.data)
    step = service.steps[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.id = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.name.value = "x"
    again = read(load_text(V11, "f.yaml").document.data)
    assert again.steps[0].deadline == step.deadline
    assert hash(again.name) == hash(service.name)
    assert Duration(3, "working_days", ("a",)) == Duration(value=3, unit="working_days", path=("a",))
    from svcstd.model import Case

    assert Case(("cases", 0)).raw == {} and Case(("cases", 0)).raw is not Case(("cases", 1)).raw
    with pytest.raises(TypeError):
        Duration(3)  # the required fields are still required


def test_a_check_builds_only_what_its_rules_read():
    """The model reads a value when it is first asked for (`records.lazy`): a check asks
    for about a third of them, and building the rest was a third of a clean file's time.
    What only the guide, the exports and the diff show stays unread through a whole check,
    and reads the same when they ask."""
    from pathlib import Path

    from svcstd.config import Config
    from svcstd.engine import run_rules
    from svcstd.load import load_path

    example = min(Path(__file__).parent.parent.joinpath("examples", "services").rglob("*.yaml"))
    doc = load_path(str(example), example.name).document
    run_rules(doc, Config())
    service = definition(doc)
    unread = {"faq", "outcome", "review_criteria", "materials_note", "supervising_office", "provenance"}
    assert unread.isdisjoint(vars(service)), unread & set(vars(service))
    assert all("paper_spec" not in vars(item) and "instructions" not in vars(item) for item in service.data_collected)
    assert all("public_status" in vars(step) or "name" not in vars(step) for step in service.steps)
    # Asked for afterwards, they are what reading the data at once gives.
    again = read(doc.data, getattr(doc, "defaults", None))
    assert repr(service) == repr(again) and service == again
    assert service.outcome == again.outcome and [t.path for t in service.texts()] == [t.path for t in again.texts()]


def test_lazy_texts_keep_the_language_of_their_definition():
    service = read(load_text(V11, "a.yaml").document.data)
    item = service.data_collected[0]
    assert "name" not in vars(item)
    assert (item.name.value, item.name.path, item.name.default_language) == ("户口簿", ("data_collected", 0, "name"), "zh")
    assert service.contact.review.body.pick() == "区人民政府"
    assert service.steps[0].name.default_language == "zh" and service.steps[0].office is None
