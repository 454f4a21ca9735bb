"""Partial runs (pre-commit, editors) give the answers of a full run: a changed registry
re-checks the definitions that depend on it, and standard input is not compared with the
file it came from."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, OFFICES, run_svcstd, write

WITHOUT_TEST_OFFICE = OFFICES.replace("id: test-office", "id: renamed-office")
# The three references of the minimal definition to `test-office`.
REFERENCES = [(11, 27, "/responsible_office/ref"), (25, 19, "/steps/0/office/ref"), (33, 19, "/steps/1/office/ref")]


def _findings(result, code=None):
    data = json.loads(result.stdout)
    return [
        (f["file"], f["line"], f["column"], f["path"]) for f in data["findings"] if code is None or f["code"] == code
    ]


@pytest.fixture
def project(repo):
    write(repo, "services/benefit.yaml", MINIMAL)
    write(repo, "services/other.yaml", MINIMAL.replace("id: minimal-benefit", "id: other-benefit").replace("test-office", "other-office"))
    write(repo, "offices.yaml", OFFICES + "  - id: other-office\n    name: {zh: 其他局, en: Other bureau}\n")
    return repo


@pytest.mark.parametrize("cached", [True, False])
def test_checking_only_the_registry_rechecks_its_dependants(project, cached):
    if cached:
        assert run_svcstd("check", ".", cwd=project).returncode == 0  # warms the cache
    write(project, "offices.yaml", WITHOUT_TEST_OFFICE + "  - id: other-office\n    name: {zh: 其他局, en: Other bureau}\n")
    args = ["check", "--format", "json", "offices.yaml"] + ([] if cached else ["--no-cache"])
    result = run_svcstd(*args, cwd=project)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["files_checked"] == 1
    assert _findings(result) == [("services/benefit.yaml", line, column, path) for line, column, path in REFERENCES]
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert message.startswith("Office `test-office` is not in the offices registry offices.yaml.")


def test_the_same_findings_as_a_full_run(project):
    write(project, "offices.yaml", WITHOUT_TEST_OFFICE)
    partial = _findings(run_svcstd("check", "--format", "json", "offices.yaml", cwd=project), "SVC601")
    full = _findings(run_svcstd("check", "--format", "json", ".", cwd=project), "SVC601")
    assert partial == full and len(full) == 6  # benefit.yaml's three, other.yaml's three


def test_dependants_are_summarised_not_checked_again(project, monkeypatch):
    """Only the references are compared: no rule runs on a dependant."""
    from svcstd import engine
    from svcstd.config import load_config

    write(project, "offices.yaml", WITHOUT_TEST_OFFICE + "  - id: other-office\n    name: {zh: 其他局, en: Other bureau}\n")
    ran: list[str] = []
    real_run_rules = engine.run_rules
    monkeypatch.setattr(engine, "run_rules", lambda doc, *a, **k: ran.append(doc.file) or real_run_rules(doc, *a, **k))
    report = engine.check_paths(["offices.yaml"], load_config(), engine.CheckOptions(use_cache=False))
    assert ran == []
    assert [(f.file, f.line, f.code) for f in report.findings] == [("services/benefit.yaml", line, "SVC601") for line, _, _ in REFERENCES]
    assert report.files == ("offices.yaml",)


def test_a_dependants_inline_suppression_still_applies(project):
    text = MINIMAL.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: test-office}  # svcstd: disable=SVC601")
    text = text.replace("id: minimal-benefit", "id: minimal-benefit  # svcstd: disable=SVC602")  # unused, not judged here
    write(project, "services/benefit.yaml", text)
    write(project, "offices.yaml", WITHOUT_TEST_OFFICE)
    result = run_svcstd("check", "--format", "json", "offices.yaml", cwd=project)
    assert _findings(result) == [("services/benefit.yaml", line, column, path) for line, column, path in REFERENCES[1:]] + [
        ("services/other.yaml", line, column, path) for line, column, path in REFERENCES
    ]


def test_a_nested_registry_keeps_its_own_dependants(project):
    write(project, "services/district/offices.yaml", OFFICES)
    write(project, "services/district/local.yaml", MINIMAL.replace("id: minimal-benefit", "id: local-benefit"))
    write(project, "offices.yaml", WITHOUT_TEST_OFFICE)
    files = {f[0] for f in _findings(run_svcstd("check", "--format", "json", "offices.yaml", cwd=project))}
    assert files == {"services/benefit.yaml", "services/other.yaml"}


def test_the_registry_on_standard_input_is_the_registry(project):
    result = run_svcstd(
        "check", "--format", "json", "-", "--stdin-filename", "offices.yaml",
        cwd=project, input=WITHOUT_TEST_OFFICE.encode(),
    )
    assert result.returncode == 1
    assert {f[0] for f in _findings(result, "SVC601")} == {"services/benefit.yaml", "services/other.yaml"}


# --------------------------------------------------------------------------------------
# Standard input and the file it came from


def test_unnamed_standard_input_says_it_duplicates_the_file(project):
    result = run_svcstd("check", "--format", "json", "-", cwd=project, input=MINIMAL.encode())
    duplicates = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "SVC602"]
    assert [(f["file"], f["line"], f["column"]) for f in duplicates] == [("<stdin>", 2, 5)]
    assert duplicates[0]["message"] == (
        "The text on standard input uses service id `minimal-benefit`, which services/benefit.yaml "
        "(line 2) also uses: it is most likely a copy of that file. To check it as that file, add "
        "`--stdin-filename services/benefit.yaml`; if it is a new service, give it its own id."
    )


def test_unnamed_standard_input_duplicate_in_chinese(project):
    result = run_svcstd("check", "--format", "json", "--lang", "zh", "-", cwd=project, input=MINIMAL.encode())
    message = next(f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "SVC602")
    assert message.startswith("标准输入中的文本使用了服务 id `minimal-benefit`，而 services/benefit.yaml（第 2 行）也使用它")


@pytest.mark.parametrize("name", ["services/benefit.yaml", "./services/../services/benefit.yaml"])
def test_standard_input_named_as_the_file_is_that_file(project, name):
    result = run_svcstd("check", "--format", "json", "-", "--stdin-filename", name, cwd=project, input=MINIMAL.encode())
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []


def test_standard_input_named_as_another_file_is_a_real_duplicate(project):
    result = run_svcstd(
        "check", "--format", "json", "-", "--stdin-filename", "services/copy.yaml", cwd=project, input=MINIMAL.encode()
    )
    duplicates = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "SVC602"]
    assert [(f["file"], f["line"], f["column"]) for f in duplicates] == [("services/copy.yaml", 2, 5)]
    assert duplicates[0]["message"].startswith("Service id `minimal-benefit` is also used by services/benefit.yaml (line 2).")


def test_a_configured_registry_rechecks_the_whole_project(repo):
    write(repo, "svcstd.toml", 'offices = "registry/offices.yaml"\n')
    write(repo, "registry/offices.yaml", WITHOUT_TEST_OFFICE)
    (repo / "offices.yaml").unlink()
    write(repo, "services/deep/benefit.yaml", MINIMAL)
    result = run_svcstd("check", "--format", "json", "registry/offices.yaml", cwd=repo)
    assert result.returncode == 1
    assert _findings(result, "SVC601") == [("services/deep/benefit.yaml", line, column, path) for line, column, path in REFERENCES]


def test_a_one_file_run_reads_the_offices_registry_once(repo, monkeypatch):
    """The registry's defaults (context) and its office ids (cross-file pass) come from
    one load; a registry changed since is read again."""
    from svcstd import engine
    from svcstd.config import load_config
    from svcstd.load import entry

    write(repo, "services/a.yaml", MINIMAL)
    write(repo, "services/b.yaml", MINIMAL.replace("id: ", "id: other-", 1))
    reads = []
    real_read_file = entry.read_file

    def read_file(path, *args, **kwargs):
        reads.append(str(path))
        return real_read_file(path, *args, **kwargs)

    monkeypatch.setattr(entry, "read_file", read_file)
    config = load_config()
    report = engine.check_paths(["services/a.yaml"], config, engine.CheckOptions(jobs=1))
    assert [r for r in reads if r.endswith("offices.yaml")] == [str(repo / "offices.yaml")]
    assert report.files == ("services/a.yaml",)

    reads.clear()
    write(repo, "offices.yaml", OFFICES + "\n# edited\n")
    again = engine.check_paths(["services/a.yaml"], config, engine.CheckOptions(jobs=1))
    assert [r for r in reads if r.endswith("offices.yaml")] == [str(repo / "offices.yaml")]
    assert [f.code for f in again.findings] == [f.code for f in report.findings]
