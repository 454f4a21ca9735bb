"""`svcstd diff` on a scripted git history: each change reported once, with its category
and the exit code of `--fail-on`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import DATA, run_svcstd

FLOWS = DATA / "dataflows"


def git(folder, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


@pytest.fixture
def history(tmp_path):
    folder = tmp_path / "repo"
    shutil.copytree(FLOWS, folder)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "base")
    git(folder, "checkout", "-qb", "change")
    return folder


def diff(folder, *args):
    done = run_svcstd("diff", *args, cwd=folder)
    assert b"Traceback" not in done.stderr
    return done


def changes_of(folder, *args):
    done = diff(folder, "--format", "json", *args)
    data = json.loads(done.stdout)
    return done.returncode, data, sorted(
        (s["id"], c["kind"], c["category"]) for s in data["services"] for c in s["changes"])


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


SENSITIVE_ITEM = """  - id: medical-report
    name: {zh: 体检报告, en: Medical report}
    form: document
    category: health
    personal: true
    sensitive: true
    required: true
    source: applicant
    purpose: {zh: 核实健康状况, en: To check health}
    legal_basis: 失业保险条例 第十四条
    necessity: {zh: 核实, en: Needed}
    retention: {value: 1, unit: years}
fees:"""


def test_scripted_history_each_change_once(history):
    services = history / "services"
    # 1. a sensitive item added; 2. a limit raised (commit); 3. a file renamed; 4. a service retired
    edit(services / "human-resources/unemployment-benefit.yaml", "fees:", SENSITIVE_ITEM)
    edit(services / "tax/deed-tax-filing.yaml", "committed: {value: 10, unit: working_days}", "committed: {value: 15, unit: working_days}")
    git(history, "commit", "-qam", "sensitive item, longer limit")
    git(history, "mv", "services/housing/public-rental-housing.yaml", "services/housing/rental.yaml")
    edit(services / "public-security/birth-registration.yaml", "status: active", "status: retired")
    git(history, "commit", "-qam", "rename, retire")

    code, data, found = changes_of(history, "main", "HEAD")
    assert found == [
        ("birth-registration", "service_retired", "service"),
        ("deed-tax-filing", "limit_raised", "citizen"),
        ("public-rental-housing", "renamed", "other"),
        ("unemployment-benefit", "sensitive_added", "privacy"),
    ]
    assert code == 0  # no --fail-on: the diff informs, it does not gate
    renamed = next(s for s in data["services"] if s["id"] == "public-rental-housing")
    assert (renamed["old_file"], renamed["file"]) == ("services/housing/public-rental-housing.yaml", "services/housing/rental.yaml")
    limit = next(c for s in data["services"] for c in s["changes"] if c["kind"] == "limit_raised")
    assert limit["message"] == "The committed time limit is raised from 10 working days to 15 working days."

    assert diff(history, "main", "HEAD", "--fail-on", "privacy").returncode == 1
    assert diff(history, "main", "HEAD", "--fail-on", "citizen").returncode == 1
    assert diff(history, "main", "HEAD", "--fail-on", "office").returncode == 0


def test_default_compares_merge_base_with_working_tree(history):
    edit(history / "services/health/vaccination-certificate.yaml", "visits: 0", "visits: 2\n    visits_reason: 核验原件")
    edit(history / "services/health/vaccination-certificate.yaml", "online_depth: 4", "online_depth: 2")
    (history / "services/new.yaml").write_text(
        (history / "services/tax/deed-tax-filing.yaml").read_text("utf-8").replace("id: deed-tax-filing", "id: stamp-duty"), "utf-8")
    code, data, found = changes_of(history, "--fail-on", "citizen")
    assert data["head"] == "working-tree"
    assert found == [
        ("stamp-duty", "service_added", "service"),
        ("vaccination-certificate", "online_depth_lowered", "citizen"),
        ("vaccination-certificate", "visits_raised", "citizen"),
    ]
    assert code == 1
    assert changes_of(history, "--fail-on", "privacy")[0] == 0


def test_privacy_changes_sharing_and_offices(history):
    edit(history / "services/tax/deed-tax-filing.yaml", "method: api}", "method: api}\n      - {office: {ref: cd-psb}, purpose: 核对, legal_basis: 契税法 第十三条, method: api}")
    edit(history / "offices.yaml", "name: {zh: 成都市档案馆, en: Municipal Archives}", "name: {zh: 成都市档案局, en: Municipal Archives Bureau}")
    (history / "services/housing/building-permit-retired.yaml").unlink()
    code, data, found = changes_of(history, "main", "--fail-on", "privacy")
    assert found == [
        ("deed-tax-filing", "sharing_added", "privacy"),
        ("old-building-permit", "service_removed", "service"),
    ]
    assert [(c["kind"], c["office"]) for c in data["offices"]] == [("office_renamed", "cd-archives")]
    assert code == 1


def test_markdown_for_a_pull_request_and_chinese(history):
    edit(history / "services/health/vaccination-certificate.yaml", "fees: {charged: false}",
         "fees: {charged: true, items: [{name: 工本费, amount: 10, currency: CNY, basis: 价格法 第十条}]}")
    text = diff(history, "--format", "markdown", "--lang", "zh").stdout.decode("utf-8")
    assert text.startswith("### 本次修改对事项的影响")
    assert "- **群众办事** · 事项改为收费。" in text
    assert "- **群众办事** · 新增收费：工本费（10 CNY）。" in text
    assert len(text) < 60_000
    plain = diff(history).stdout.decode("utf-8")
    assert "vaccination-certificate" in plain and "The service is now charged." in plain


def test_no_change(history):
    code, data, found = changes_of(history)
    assert (code, found, data["offices"]) == (0, [], [])
    assert "No change" in diff(history, "--format", "markdown").stdout.decode("utf-8")


def test_outside_a_git_repository_is_a_clear_error(tmp_path):
    done = diff(tmp_path)
    assert done.returncode == 2
    assert b"not inside a git repository" in done.stderr


def test_unknown_revision_is_a_clear_error(history):
    done = diff(history, "no-such-branch")
    assert done.returncode == 2 and b"no-such-branch" in done.stderr


def test_a_definition_broken_by_the_change_is_not_a_removal(history):
    path = history / "services/tax/deed-tax-filing.yaml"
    path.write_text(path.read_text("utf-8").replace("fees:", "fees: [unclosed", 1), "utf-8")
    code, data, found = changes_of(history, "--fail-on", "service")
    assert (code, found, data["skipped"]) == (0, [], ["services/tax/deed-tax-filing.yaml"])


def test_configured_excludes_and_other_yaml_are_left_out(history):
    (history / "svcstd.toml").write_text('exclude = ["drafts/"]\n', "utf-8")
    git(history, "add", "svcstd.toml")
    git(history, "commit", "-qm", "config")
    (history / "drafts").mkdir()
    (history / "drafts/new.yaml").write_text(
        (history / "services/tax/deed-tax-filing.yaml").read_text("utf-8").replace("id: deed-tax-filing", "id: draft"), "utf-8")
    (history / "ci.yml").write_text("name: ci\non: [push]\njobs: {svcstd: {runs-on: x}}\n", "utf-8")
    code, data, found = changes_of(history, "--fail-on", "any")
    assert (code, found, data["skipped"]) == (0, [], [])
