"""Output formats for CI and code review: SARIF, JUnit, GitHub workflow commands, GitLab
Code Quality. Each is produced by the CLI as a user runs it, then read back the way its
consumer reads it (JSON Schema, an XML parser, line by line)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import DATA, MINIMAL, SHARED, require, run_svcstd, write
from svcstd.findings import Finding

# One definition with two errors and a warning, at known places.
BROKEN = (
    MINIMAL.replace("id: minimal-benefit", "id: broken-benefit")
    .replace("type: benefit", "type: benefitt")  # SVC103 at 5:7
    .replace("    article: Article 9\n", "")  # SVC501 (warning) at 9:5
    .replace("    public_status: {zh: 审核中, en: Under review}\n", "")  # SVC302 at 28:5
)
EXPECTED = [("SVC103", "error", 5, 7), ("SVC501", "warning", 9, 5), ("SVC302", "error", 28, 5)]
FORMATS = ["json", "sarif", "junit", "github", "gitlab", "text"]


@pytest.fixture
def broken_repo(repo):
    write(repo, "good.yaml", MINIMAL)
    write(repo, "services/broken.yaml", BROKEN)
    return repo


def check_output(cli, *args) -> tuple[int, str]:
    code, out = cli("check", *args)
    return code, out


def test_the_fixture_has_the_findings_the_tests_expect(cli, broken_repo):
    code, out = cli("check", ".", "--format", "json")
    found = [(f["code"], f["severity"], f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert found == EXPECTED
    assert code == 1


# --- SARIF ------------------------------------------------------------------------------


def _sarif_validator():
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    require(schema_path.is_file(), f"the official SARIF schema is not at {schema_path} (../shared is absent)")
    import jsonschema
    from referencing import Registry

    def refuse(uri: str):
        raise LookupError(f"test refuses to fetch {uri}: validation must stay offline")

    schema = json.loads(schema_path.read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, registry=Registry(retrieve=refuse), format_checker=validator_class.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(cli, broken_repo):
    code, out = cli("check", ".", "--format", "sarif")
    sarif = json.loads(out)
    errors = sorted(_sarif_validator().iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert code == 1


def test_sarif_with_info_findings_validates_and_uses_note(cli, broken_repo):
    # No rule is "info" by default; a project lowers SVC501 to info in its configuration.
    (broken_repo / "svcstd.toml").write_text('[severity]\nSVC501 = "info"\n', "utf-8")
    sarif = json.loads(cli("check", ".", "--format", "sarif")[1])
    errors = sorted(_sarif_validator().iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels == {"SVC103": "error", "SVC501": "note", "SVC302": "error"}


def test_sarif_has_one_rule_per_code_used_with_catalogue_texts(cli, broken_repo):
    from svcstd import catalogue

    sarif = json.loads(cli("check", ".", "--format", "sarif")[1])
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({code for code, *_ in EXPECTED})
    for position, rule in enumerate(rules):
        declared = catalogue.get(rule["id"])
        assert rule["name"] == declared.name
        assert rule["shortDescription"]["text"] == declared.summary
        assert rule["fullDescription"]["text"] == declared.rationale
        assert declared.summary in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}[declared.severity]
        for result in run["results"]:
            if result["ruleId"] == rule["id"]:
                assert result["ruleIndex"] == position


def test_sarif_results_carry_level_message_relative_uri_and_region(cli, broken_repo):
    run = json.loads(cli("check", ".", "--format", "sarif")[1])["runs"][0]
    got = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "services/broken.yaml", "uriBaseId": "%SRCROOT%"}
        assert result["message"]["text"]
        got.append((result["ruleId"], result["level"], location["region"]["startLine"], location["region"]["startColumn"]))
    assert got == EXPECTED
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == broken_repo.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uri_is_relative_to_the_repository_root_not_the_current_folder(cli, broken_repo, monkeypatch):
    (broken_repo / ".git").mkdir()
    monkeypatch.chdir(broken_repo / "services")
    run = json.loads(cli("check", "broken.yaml", "--format", "sarif")[1])["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"services/broken.yaml"}


def test_sarif_fingerprints_survive_inserted_lines_and_another_language(cli, broken_repo):
    def fingerprints(*args):
        run = json.loads(cli("check", ".", "--format", "sarif", *args)[1])["runs"][0]
        return [(r["ruleId"], r["partialFingerprints"]["svcstdFindingHash/v1"]) for r in run["results"]]

    before = fingerprints()
    assert len({fp for _, fp in before}) == len(before)
    write(broken_repo, "services/broken.yaml", "# a comment\n# and another\n" + BROKEN)
    shifted = json.loads(cli("check", ".", "--format", "json")[1])["findings"]
    assert [f["line"] for f in shifted] == [line + 2 for *_, line, _ in EXPECTED]
    assert fingerprints() == before


def test_sarif_percent_encodes_unusual_file_names(cli, repo):
    write(repo, "服务 定义.yaml", BROKEN)
    run = json.loads(cli("check", ".", "--format", "sarif")[1])["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%9C%8D%E5%8A%A1%20%E5%AE%9A%E4%B9%89.yaml"


# --- JUnit -------------------------------------------------------------------------------


def _junit(out: str) -> ET.Element:
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    return root


JENKINS_JUNIT_XSD = DATA / "junit-10.xsd"  # the Jenkins xunit plugin's schema; see data/SOURCES.md


def assert_valid_for_jenkins(out: str) -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(JENKINS_JUNIT_XSD))
    errors = list(schema.iter_errors(out))
    assert not errors, [f"{e.path}: {e.reason}" for e in errors[:5]]


@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_junit_validates_against_the_jenkins_xunit_schema(cli, broken_repo, fail_on):
    out = cli("check", ".", "--format", "junit", "--fail-on", fail_on)[1]
    assert_valid_for_jenkins(out)


def test_junit_of_odd_input_validates_against_the_jenkins_xunit_schema(cli, repo):
    write(repo, "服务 定义.yaml", BROKEN)
    write(repo, "not yaml.yaml", "id: [unclosed\n\x01")
    assert_valid_for_jenkins(cli("check", ".", "--format", "junit")[1])


def test_junit_names_the_file_in_the_classname_not_a_file_attribute(cli, broken_repo):
    cases = list(_junit(cli("check", ".", "--format", "junit")[1]).iter("testcase"))
    assert {c.get("classname") for c in cases} == {"good.yaml", "offices.yaml", "services/broken.yaml"}
    assert all(c.get("name") == c.get("classname") and c.get("file") is None for c in cases)


def test_junit_one_testcase_per_file_and_a_failure_per_failing_finding(cli, broken_repo):
    report = json.loads(cli("check", ".", "--format", "json")[1])
    code, out = cli("check", ".", "--format", "junit")
    root = _junit(out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == report["files_checked"] == int(suite.get("tests")) == int(root.get("tests"))
    assert {c.get("name") for c in cases} >= {"good.yaml", "services/broken.yaml"}
    broken = next(c for c in cases if c.get("name") == "services/broken.yaml")
    failures = broken.findall("failure")
    assert [f.get("type") for f in failures] == ["SVC103", "SVC302"]
    assert "services/broken.yaml:5:7: SVC103" in failures[0].text
    # The warning does not fail the run (--fail-on error), so it is output, not a failure.
    assert "SVC501" in broken.find("system-out").text
    assert int(suite.get("failures")) == int(root.get("failures")) == 1
    assert all(not c.findall("failure") for c in cases if c is not broken)
    assert code == 1


def test_junit_follows_fail_on(cli, broken_repo):
    out = cli("check", ".", "--format", "junit", "--fail-on", "warning")[1]
    broken = next(c for c in _junit(out).iter("testcase") if c.get("name") == "services/broken.yaml")
    assert [f.get("type") for f in broken.findall("failure")] == ["SVC103", "SVC501", "SVC302"]


def test_junit_of_a_clean_repository_has_no_failures(cli, repo):
    write(repo, "good.yaml", MINIMAL)
    code, out = cli("check", ".", "--format", "junit")
    root = _junit(out)
    assert root.get("failures") == "0" and not list(root.iter("failure"))
    assert code == 0


def test_junit_survives_control_characters_in_messages():
    from svcstd.findings import Report
    from svcstd.reporters import render

    finding = Finding("SVC103", "error", "bad \x01 value <&>", "a.yaml", 2, 3)
    out = render("junit", Report((finding,), ("a.yaml",)))
    assert "<&>" in _junit(out).find(".//failure").get("message")
    assert_valid_for_jenkins(out)


# --- GitHub workflow commands ---------------------------------------------------------------


def test_github_commands_line_by_line(cli, broken_repo):
    findings = json.loads(cli("check", ".", "--format", "json")[1])["findings"]
    code, out = cli("check", ".", "--format", "github")
    lines = out.splitlines()
    assert len(lines) == len(EXPECTED) + 1
    for line, (code_, severity, row, column), finding in zip(lines, EXPECTED, findings):
        command = {"error": "error", "warning": "warning"}[severity]
        assert line == f"::{command} file=services/broken.yaml,line={row},col={column},title={code_}::{finding['message']}"
    assert lines[-1].startswith("svcstd: ") and "3" in lines[-1]
    assert code == 1


def test_github_escapes_what_would_end_or_inject_a_command():
    from svcstd.reporters.github import command

    finding = Finding("SVC502", "info", "50% done\r\n::error::injected", "a,b:c.yaml", 4, 2)
    assert command(finding, "a,b:c.yaml") == (
        "::notice file=a%2Cb%3Ac.yaml,line=4,col=2,title=SVC502::50%25 done%0D%0A::error::injected"
    )


def test_github_format_is_the_default_inside_github_actions(broken_repo):
    result = run_svcstd("check", ".", cwd=broken_repo, env={"GITHUB_ACTIONS": "true"})
    first = result.stdout.decode("utf-8").splitlines()[0]
    assert first.startswith("::error file=services/broken.yaml,line=5,col=7,title=SVC103::")
    assert result.returncode == 1
    explicit = run_svcstd("check", ".", "--format", "text", cwd=broken_repo, env={"GITHUB_ACTIONS": "true"})
    assert not explicit.stdout.decode("utf-8").startswith("::")


# --- GitLab Code Quality --------------------------------------------------------------------


def test_gitlab_code_quality_issue_by_issue(cli, broken_repo):
    findings = json.loads(cli("check", ".", "--format", "json")[1])["findings"]
    code, out = cli("check", ".", "--format", "gitlab")
    issues = json.loads(out)
    assert isinstance(issues, list) and len(issues) == len(EXPECTED)
    for issue, (code_, severity, row, _), finding in zip(issues, EXPECTED, findings):
        assert issue["check_name"] == code_
        assert issue["description"] == f"{code_}: {finding['message']}"
        assert issue["severity"] == {"error": "major", "warning": "minor"}[severity]
        assert issue["location"] == {"path": "services/broken.yaml", "lines": {"begin": row}}
        assert len(issue["fingerprint"]) == 64
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert code == 1


def test_gitlab_fingerprints_separate_findings_at_the_same_place():
    from svcstd.findings import Report
    from svcstd.reporters import render

    twice = Report(
        (Finding("SVC101", "error", "`fees` is missing", "a.yaml"), Finding("SVC101", "error", "`outcome` is missing", "a.yaml")),
        ("a.yaml",),
    )
    issues = json.loads(render("gitlab", twice))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


# --- the same exit codes in every format; several outputs; atomic files ----------------------


@pytest.mark.parametrize("name", FORMATS)
def test_exit_codes_and_fail_on_are_the_same_in_every_format(cli, repo, name):
    write(repo, "good.yaml", MINIMAL)
    assert cli("check", ".", "--format", name)[0] == 0
    warning_only = MINIMAL.replace("id: minimal-benefit", "id: warned").replace("    article: Article 9\n", "")
    write(repo, "warned.yaml", warning_only)
    assert cli("check", ".", "--format", name)[0] == 0
    assert cli("check", ".", "--format", name, "--fail-on", "warning")[0] == 1
    write(repo, "broken.yaml", BROKEN)
    assert cli("check", ".", "--format", name)[0] == 1
    assert cli("check", ".", "--format", name, "--exit-zero")[0] == 0
    assert cli("check", ".", "--format", name, "--fail-on", "never")[0] == 0


def test_several_formats_in_one_run_each_to_its_file(cli, broken_repo):
    code, out = cli(
        "check", ".", "--format", "sarif", "--output", "out.sarif", "--format", "junit", "--output", "out.xml",
        "--format", "gitlab", "--output", "quality.json", "--format", "github",
    )
    assert code == 1
    assert json.loads((broken_repo / "out.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert _junit((broken_repo / "out.xml").read_text("utf-8")).get("failures") == "1"
    assert len(json.loads((broken_repo / "quality.json").read_text("utf-8"))) == 3
    assert out.startswith("::error ")


def test_an_output_file_is_replaced_whole_and_no_temporary_file_remains(cli, broken_repo):
    target = broken_repo / "report.sarif"
    target.write_text("old content that is longer than nothing" * 1000, "utf-8")
    cli("check", "good.yaml", "services", "--format", "sarif", "--output", str(target))
    assert json.loads(target.read_text("utf-8"))["runs"][0]["results"]
    assert sorted(p.name for p in broken_repo.iterdir() if p.name.startswith(".report.sarif")) == []


def test_unknown_format_is_a_usage_error_listing_the_formats(repo):
    result = run_svcstd("check", ".", "--format", "sariff", cwd=repo)
    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert "sarif" in message and "junit" in message and "gitlab" in message and "Traceback" not in message
