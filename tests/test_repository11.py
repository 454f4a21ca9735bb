"""Registry format 1.1 in the cross-file checks: group offices and jurisdictions (SVC605),
references written as an office's name (SVC601), and ids of 1.1 files (SVC602)."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, write
from svcstd import repository
from svcstd.load import load_text

REGISTRY = """\
svcstd: "1.1"
offices:
  - id: test-office
    name: {zh: 测试局, en: Test bureau}
    credit_code: "11100000000000000J"
    nature: statutory_authority
    area: {code: "110105", name: 朝阳区}
  - id: police-stations
    name: 各派出所
    group: true
    nature: authorized_org
"""
SERVICE = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"', 1)


def check(cli, repo, text: str, lang: str = "en"):
    write(repo, "offices.yaml", REGISTRY)
    write(repo, "service.yaml", text)
    code, out = cli("check", "--format", "json", "--lang", lang, "service.yaml")
    return code, [f for f in json.loads(out)["findings"] if f["code"] in ("SVC601", "SVC605", "SVC105")]


def test_a_group_office_without_jurisdiction(cli, repo):
    text = SERVICE.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: police-stations}", 1)
    code, found = check(cli, repo, text)
    [finding] = found
    assert (finding["code"], finding["severity"], finding["line"], finding["column"]) == ("SVC605", "warning", 11, 27)
    assert finding["message"].startswith("Office `police-stations` is a group in the registry")
    assert "household_registration, residence" in finding["message"]
    assert code == 0  # a warning


def test_a_group_office_with_jurisdiction_is_fine(cli, repo):
    text = SERVICE.replace(
        "responsible_office: {ref: test-office}",
        "responsible_office: {ref: police-stations, jurisdiction: household_registration}", 1,
    )
    assert check(cli, repo, text)[1] == []


def test_a_jurisdiction_on_a_single_office(cli, repo):
    text = SERVICE.replace(
        "    office: {ref: test-office}\n    deadline: {value: 5",
        "    office: {ref: test-office, jurisdiction: residence}\n    deadline: {value: 5", 1,
    )
    [finding] = check(cli, repo, text)[1]
    assert (finding["code"], finding["line"], finding["column"], finding["path"]) == (
        "SVC605", 33, 32, "/steps/1/office/jurisdiction",
    )
    assert "office `test-office` is a single office" in finding["message"]


def test_channels_and_contact_points_are_office_references_too(cli, repo):
    text = SERVICE.replace(
        "    online_depth: 4\n", "    online_depth: 4\n    office: {ref: police-stations}\n", 1,
    ).replace(
        'contact: {enquiry: "12345", complaint: "12345-2"}',
        'contact: {enquiry: [{type: phone, value: "12345", office: {ref: no-such-office}}], complaint: "12345-2"}', 1,
    )
    found = check(cli, repo, text)[1]
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SVC605", 66, 19), ("SVC601", 68, 65)]


def test_the_chinese_messages(cli, repo):
    text = SERVICE.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: police-stations}", 1)
    [finding] = check(cli, repo, text, "zh")[1]
    assert finding["message"].startswith("部门 `police-stations` 在名录中是 group 条目")


@pytest.mark.parametrize(("written", "column"), [("测试局", 27), ("Test bureau", 27), ('" 测试局 "', 27)])
def test_a_reference_written_as_the_office_name_is_one_svc601(cli, repo, written, column):
    text = SERVICE.replace("responsible_office: {ref: test-office}", f"responsible_office: {{ref: {written}}}", 1)
    [finding] = check(cli, repo, text)[1]  # no SVC105 for the shape of the id besides
    assert (finding["code"], finding["line"], finding["column"]) == ("SVC601", 11, column)
    assert "is written by its name" in finding["message"]
    assert "Write `ref: test-office`" in finding["message"]
    [zh] = check(cli, repo, text, "zh")[1]
    assert "请改为 `ref: test-office`" in zh["message"]


def test_an_unknown_id_still_gets_its_spelling_suggestion(cli, repo):
    text = SERVICE.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: test-ofice}", 1)
    [finding] = check(cli, repo, text)[1]
    assert "Did you mean `test-office`?" in finding["message"]


def test_registry_11_summary_reads_groups_natures_and_names():
    summary = repository.summarize_registry(load_text(REGISTRY, "offices.yaml").document)
    assert summary.office_ids == {"test-office", "police-stations"}
    assert summary.groups == {"police-stations"}
    assert summary.nature_of("test-office") == "statutory_authority"
    assert summary.nature_of("police-stations") == "authorized_org"
    assert summary.area_of("test-office") == "110105" and summary.area_of("police-stations") is None
    assert summary.id_named("Test bureau") == "test-office" and summary.id_named("各派出所") == "police-stations"
    assert summary.id_named("nothing") is None


def test_a_duplicate_id_in_a_11_file_outside_the_run_is_found(cli, repo):
    write(repo, "offices.yaml", REGISTRY)
    write(repo, "a.yaml", SERVICE)
    write(repo, "b.yaml", SERVICE)
    _, out = cli("check", "--format", "json", "b.yaml")
    [finding] = [f for f in json.loads(out)["findings"] if f["code"] == "SVC602"]
    assert (finding["file"], finding["line"], finding["column"]) == ("b.yaml", 2, 5)
    assert "a.yaml" in finding["message"]
