"""`--output` as CI jobs use it: missing folders, file extensions, paths that cannot be used."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from conftest import MINIMAL, run_svcstd, write

BROKEN = MINIMAL.replace("    public_status: {zh: 审核中, en: Under review}\n", "")


@pytest.fixture
def project(repo):
    write(repo, "services/good.yaml", MINIMAL)
    return repo


def test_output_into_a_missing_folder_creates_it(project):
    write(project, "services/broken.yaml", BROKEN.replace("id: minimal-benefit", "id: broken"))
    result = run_svcstd("check", ".", "--format", "json", "--output", "reports/ci/x.json", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    data = json.loads((project / "reports/ci/x.json").read_text("utf-8"))
    assert [(f["file"], f["line"], f["column"], f["code"]) for f in data["findings"]] == [
        ("services/broken.yaml", 29, 5, "SVC302")
    ]


def test_report_output_into_a_missing_folder_creates_it(project):
    result = run_svcstd("report", "services", "--output", "site/reports/compliance.html", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/reports/compliance.html").read_text("utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_folder_as_output_is_a_one_line_usage_error(project, command):
    (project / "reports").mkdir()
    result = run_svcstd(command, "services", "--output", "reports", cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "svcstd: error: reports: is a folder; --output needs a file name (for example reports/report)"
    ]


@pytest.mark.parametrize("command, name", [("check", "x.json"), ("report", "x.md")])
def test_a_file_in_the_way_of_the_output_folder_is_a_usage_error(project, command, name):
    write(project, "reports", "not a folder\n")
    result = run_svcstd(command, "services", "--output", f"reports/{name}", cwd=project)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "Traceback" not in message
    assert message.startswith(f"svcstd: error: reports/{name}: cannot create folder reports")


@pytest.mark.parametrize(
    "name, check",
    [
        ("out.json", lambda text: json.loads(text)["files_checked"] == 2),
        ("out.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
        ("out.sarif.json", lambda text: json.loads(text)["version"] == "2.1.0"),
        ("out.xml", lambda text: ET.fromstring(text).tag in ("testsuites", "testsuite")),
        ("out.txt", lambda text: text.startswith("Files checked: 2")),
    ],
)
def test_check_infers_the_format_from_the_extension(project, name, check):
    result = run_svcstd("check", ".", "--output", name, cwd=project)
    assert result.returncode == 0, result.stderr
    assert check((project / name).read_text("utf-8"))


def test_each_output_takes_the_format_given_before_it(project):
    result = run_svcstd(
        "check", ".", "--output", "a.sarif", "--format", "json", "--output", "b.txt", "--format", "text",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((project / "a.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert json.loads((project / "b.txt").read_text("utf-8"))["files_checked"] == 2  # explicit json wins
    assert result.stdout.decode().startswith("Files checked: 2")
    assert "b.txt, whose extension suggests text" in result.stderr.decode()


@pytest.mark.parametrize(
    "name, explicit, first_line",
    [("r.html", None, "<!DOCTYPE html>"), ("r.md", None, "# "), ("r.md", "html", "<!DOCTYPE html>")],
)
def test_report_format_from_the_extension_and_an_explicit_format_wins(project, name, explicit, first_line):
    args = ["report", "services", "--output", name] + (["--format", explicit] if explicit else [])
    result = run_svcstd(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / name).read_text("utf-8").startswith(first_line)
    assert ("suggests Markdown" in result.stderr.decode()) == bool(explicit)


@pytest.mark.parametrize(
    "command, name, expected",
    [
        ("report", "r.pdf", "r.pdf: svcstd report cannot write .pdf files. It writes .html (html), .htm (html), .md (markdown)"),
        ("check", "x.csv", "x.csv: svcstd check cannot write .csv files. It writes .sarif.json (sarif), .sarif (sarif), .json (json), .xml (junit)"),
        ("check", "x.html", "x.html: svcstd check cannot write .html files; .html is what `svcstd report` writes."),
    ],
)
def test_an_extension_svcstd_cannot_write_is_refused_before_checking(project, command, name, expected):
    result = run_svcstd(command, "services", "--output", name, cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"svcstd: error: {expected}")
    assert not (project / name).exists()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc, which nobody can write (root included)")
@pytest.mark.parametrize(
    "path, expected",
    [
        ("/proc/svcstd-report.json", "/proc/svcstd-report.json: cannot write the report: "),
        ("/proc/svcstd/x.json", "/proc/svcstd/x.json: cannot create folder /proc/svcstd: "),
    ],
)
def test_an_unwritable_path_is_a_one_line_usage_error(project, path, expected):
    result = run_svcstd("check", "services", "--output", path, cwd=project)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"svcstd: error: {expected}")
