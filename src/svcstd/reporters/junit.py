"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure, ...).

Each checked file is one test case, named by its path; each finding that fails the run (at
or above `--fail-on`) is a `<failure>` in it, typed by its code, so the CI's test view reads
like the terminal report. Findings below the threshold go to the case's `<system-out>`:
JUnit has no "warning", and a test view that showed red while the job passed would mislead.
The suite's `failures` counts failing test cases, as the Jenkins schema defines it.

The output validates against the Jenkins xunit plugin's `junit-10.xsd` (a copy is in
tests/data/), which Jenkins enforces and which has no `file` attribute on `<testcase>`.
The file's path therefore goes into `classname` (and `name`): GitLab shows the classname
next to each case and Jenkins groups cases by it, so both name the file without a
non-standard attribute.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from ..catalogue import ui
from ..findings import Finding, Report, fails_run
from .paths import display_path, source_root

# XML 1.0 cannot carry most control characters, even escaped; a file may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(finding: Finding, lang: str) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}: {finding.code} [{ui(finding.severity, lang)}] {finding.message}"


def build(report: Report, options=None) -> ET.Element:
    lang = getattr(options, "lang", "en")
    fail_on = getattr(options, "fail_on", "error")
    by_file = {file: list(group) for file, group in groupby(report.findings, key=lambda f: f.file)}
    files = sorted(set(report.files) | set(by_file))

    suite = ET.Element("testsuite", name="svcstd", tests=str(len(files)), errors="0", skipped="0")
    failed_cases = 0
    root = source_root()
    for file in files:
        shown = _clean(display_path(file, root))
        case = ET.SubElement(suite, "testcase", classname=shown, name=shown)
        case.set("time", "0")
        passing: list[str] = []
        failed = False
        for finding in by_file.get(file, []):
            if fails_run(finding, fail_on):
                failed = True
                failure = ET.SubElement(
                    case, "failure", type=finding.code, message=_clean(f"{finding.code} {finding.message}")
                )
                failure.text = _clean(_line(finding, lang))
            else:
                passing.append(_clean(_line(finding, lang)))
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(passing)
        failed_cases += failed
    suite.set("failures", str(failed_cases))
    suite.set("time", "0")
    if report.notes:
        ET.SubElement(suite, "system-out").text = _clean("\n".join(report.notes))

    root = ET.Element("testsuites", name="svcstd", tests=str(len(files)), failures=str(failed_cases), errors="0")
    root.set("time", "0")
    root.append(suite)
    return root


def render(report: Report, options=None) -> str:
    root = build(report, options)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
