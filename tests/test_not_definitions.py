"""YAML that is not a service definition (mkdocs.yml, CI pipelines, tool configuration) is
skipped in folder walks and counted in every report; a run that finds no definition fails."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import MINIMAL, run_svcstd, write

MKDOCS = "site_name: Public services\nnav:\n  - index.md\ntheme:\n  name: material\n"
WORKFLOW = (
    "name: ci\non: [push, pull_request]\njobs:\n  check:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: svcstd check .\n"
)
PRE_COMMIT = "repos:\n  - repo: https://github.com/svcstd/svcstd\n    rev: 0123456\n    hooks:\n      - id: svcstd\n"
SKIPPED = ["ci/workflow.yml", "mkdocs.yml"]


@pytest.fixture
def project(repo):
    write(repo, "services/benefit.yaml", MINIMAL)
    write(repo, "mkdocs.yml", MKDOCS)
    write(repo, "ci/workflow.yml", WORKFLOW)  # a pipeline outside .github/, which the walk would enter
    write(repo, ".pre-commit-config.yaml", PRE_COMMIT)
    return repo


def _json(result):
    return json.loads(result.stdout)


def test_other_yaml_in_a_folder_is_skipped_and_listed(project):
    result = run_svcstd("check", "--format", "json", ".", cwd=project)
    assert result.returncode == 0, result.stdout
    data = _json(result)
    assert data["findings"] == []
    assert data["files_checked"] == 2  # the definition and the registry
    assert data["not_definitions"] == SKIPPED
    assert data["notes"] == [
        "Skipped 2 YAML file(s) that are not service definitions (no `svcstd` key and none of the "
        "format's own top-level keys): ci/workflow.yml, mkdocs.yml. Name a file to check it anyway, "
        "or set `skip-non-definitions = false` in the configuration."
    ]


def test_a_definition_missing_its_version_or_broken_is_still_checked(project):
    write(project, "services/no-version.yaml", MINIMAL.replace('svcstd: "1"\n', "").replace("id: minimal-benefit", "id: no-version"))
    write(project, "services/broken.yaml", 'svcstd: "1"\nid: [broken\n')
    # Typed with a Chinese input method: the full-width colon is a typo in a definition.
    write(project, "services/full-width-colon.yaml", 'svcstd： "1.1"\nid: typo\n')
    data = _json(run_svcstd("check", "--format", "json", ".", cwd=project))
    found = {(f["file"], f["code"], f["line"]) for f in data["findings"]}
    assert ("services/no-version.yaml", "SVC005", 1) in found
    assert ("services/broken.yaml", "SVC001", 3) in found
    assert ("services/full-width-colon.yaml", "SVC001", 1) in found
    assert data["not_definitions"] == SKIPPED


def test_a_named_file_is_always_checked_and_said_to_look_unlike_a_definition(project):
    result = run_svcstd("check", "--format", "json", "mkdocs.yml", cwd=project)
    data = _json(result)
    assert result.returncode == 1
    assert ("mkdocs.yml", 4, 1, "SVC104") in {(f["file"], f["line"], f["column"], f["code"]) for f in data["findings"]}
    assert data["notes"] == [
        "mkdocs.yml: checked because named, although it does not look like a service definition "
        "(no `svcstd` key); if it is not one, leave it out of the paths."
    ]


def test_force_exclude_skips_named_tool_files_as_pre_commit_passes_them(project):
    result = run_svcstd(
        "check", "--force-exclude", "--format", "json", ".pre-commit-config.yaml", "mkdocs.yml", "services/benefit.yaml",
        cwd=project,
    )
    assert result.returncode == 0, result.stdout
    data = _json(result)
    assert data["files_checked"] == 1 and data["findings"] == []
    assert data["not_definitions"] == [".pre-commit-config.yaml", "mkdocs.yml"]


def test_only_tool_files_staged_is_not_a_failure(project):
    result = run_svcstd("check", "--force-exclude", "mkdocs.yml", cwd=project)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[-1] == "Files checked: 0, Errors: 0, Warnings: 0, Not definitions (skipped): 1"


def test_configuration_can_check_every_yaml_file(project):
    write(project, "svcstd.toml", "skip-non-definitions = false\n")
    data = _json(run_svcstd("check", "--format", "json", ".", cwd=project))
    assert data["not_definitions"] == [] and data["notes"] == []
    assert {"mkdocs.yml", "ci/workflow.yml"} <= {f["file"] for f in data["findings"]}


def test_a_wrong_configuration_value_is_a_usage_error(project):
    write(project, "svcstd.toml", 'skip-non-definitions = "yes"\n')
    result = run_svcstd("check", ".", cwd=project)
    assert result.returncode == 2
    assert "`skip-non-definitions` must be true or false" in result.stderr.decode()


def test_the_skip_is_cached_and_naming_the_file_later_checks_it_in_full(project):
    assert _json(run_svcstd("check", "--format", "json", ".", cwd=project))["not_definitions"] == SKIPPED
    assert _json(run_svcstd("check", "--format", "json", ".", cwd=project))["not_definitions"] == SKIPPED  # warm
    named = _json(run_svcstd("check", "--format", "json", "mkdocs.yml", cwd=project))
    assert any(f["code"] == "SVC104" for f in named["findings"])
    # ... and the full result, now cached, still counts as skipped in a walk.
    assert _json(run_svcstd("check", "--format", "json", ".", cwd=project))["not_definitions"] == SKIPPED


def test_other_yaml_is_not_parsed(project, monkeypatch):
    """The test reads the top-level keys of the text; the YAML parser never sees the file."""
    import svcstd.load.entry as loader  # where the loader looks its names up
    from svcstd import engine
    from svcstd.config import load_config

    loaded: list[str] = []
    original = loader.load_bytes
    monkeypatch.setattr(loader, "load_bytes", lambda raw, file, **k: loaded.append(file) or original(raw, file, **k))
    report = engine.check_paths(["."], load_config(), engine.CheckOptions(jobs=1))
    assert report.not_definitions == tuple(SKIPPED)
    assert "mkdocs.yml" not in loaded and "ci/workflow.yml" not in loaded
    assert "services/benefit.yaml" in loaded


@pytest.mark.parametrize(
    "fmt, shown",
    [
        ("text", lambda out: out.splitlines()[-1].endswith("Not definitions (skipped): 2")),
        ("rich", lambda out: "Not definitions (skipped)" in out and "ci/workflow.yml, mkdocs.yml" in out),
        ("github", lambda out: "svcstd: Skipped 2 YAML file(s)" in out and out.rstrip().endswith("Not definitions (skipped): 2")),
        ("sarif", lambda out: "Skipped 2 YAML file(s)" in json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]),
        ("junit", lambda out: "Skipped 2 YAML file(s)" in ET.fromstring(out).find("testsuite/system-out").text),
    ],
)
def test_every_format_with_a_summary_shows_the_skipped_files(project, fmt, shown):
    result = run_svcstd("check", "--format", fmt, ".", cwd=project)
    assert result.returncode == 0
    assert shown(result.stdout.decode())


@pytest.mark.parametrize("fmt, start", [("markdown", ""), ("html", "<li>")])
def test_the_compliance_report_notes_the_skipped_files(project, fmt, start):
    result = run_svcstd("report", "--format", fmt, ".", cwd=project)
    assert result.returncode == 0
    assert f"{start}Skipped 2 YAML file(s) that are not service definitions" in result.stdout.decode()


def test_chinese_note(project):
    data = _json(run_svcstd("check", "--format", "json", "--lang", "zh", ".", cwd=project))
    assert data["notes"] == [
        "已跳过 2 个不是服务定义的 YAML 文件（没有 `svcstd` 键，也没有本格式特有的任何顶层键）：ci/workflow.yml, mkdocs.yml。"
        "如仍要检查某个文件，请在命令行中直接指定它，或在配置中设置 `skip-non-definitions = false`。"
    ]


# --------------------------------------------------------------------------------------
# A run that finds no definition


@pytest.mark.parametrize("setup", ["empty", "only-other-yaml", "only-registry"])
def test_a_folder_without_definitions_fails_with_a_warning(repo, setup):
    (repo / "services").mkdir()
    if setup == "only-other-yaml":
        write(repo, "services/mkdocs.yml", MKDOCS)
    target = "." if setup == "only-registry" else "services"
    result = run_svcstd("check", target, cwd=repo)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0] == (
        "svcstd: No service definitions found: nothing was checked. Check the paths given (and "
        "`exclude` in the configuration); a run that checks nothing fails."
    )
    assert result.stderr == b""  # the report itself says it


def test_no_definitions_in_json_is_also_said_on_standard_error(repo):
    (repo / "services").mkdir()
    result = run_svcstd("check", "--format", "json", "services", cwd=repo)
    assert result.returncode == 1
    assert _json(result)["notes"][0].startswith("No service definitions found")
    assert result.stderr.decode().startswith("svcstd: warning: No service definitions found: nothing was checked.")


def test_no_definitions_in_chinese(repo):
    (repo / "services").mkdir()
    result = run_svcstd("check", "--lang", "zh", "services", cwd=repo)
    assert result.stdout.decode().splitlines()[0] == (
        "svcstd: 没有找到服务定义：未检查任何内容。请核对给出的路径（以及配置中的 `exclude`）；未检查任何内容的运行视为失败。"
    )


@pytest.mark.parametrize("flags", [["--exit-zero"], ["--fail-on", "never"]])
def test_no_definitions_can_be_forgiven_like_findings(repo, flags):
    (repo / "services").mkdir()
    assert run_svcstd("check", "services", *flags, cwd=repo).returncode == 0


def test_report_on_an_empty_folder_fails_too(repo):
    (repo / "services").mkdir()
    result = run_svcstd("report", "services", cwd=repo)
    assert result.returncode == 1
    assert "No service definitions found" in result.stdout.decode()


def test_no_definitions_is_an_annotation_on_github(repo):
    (repo / "services").mkdir()
    result = run_svcstd("check", "services", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0] == (
        "::warning title=svcstd::No service definitions found: nothing was checked. Check the paths "
        "given (and `exclude` in the configuration); a run that checks nothing fails."
    )
