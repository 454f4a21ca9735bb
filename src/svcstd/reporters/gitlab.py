"""GitLab Code Quality: a JSON array GitLab shows in merge requests and the pipeline.

Each finding is `{description, check_name, fingerprint, severity, location: {path, lines:
{begin}}}`; GitLab compares fingerprints between the source and target branch to say which
problems a merge request introduces, so they must survive unrelated edits (see
`fingerprints`). Severities map onto GitLab's scale: error → major, warning → minor,
info → info, and an internal error → critical.
"""

from __future__ import annotations

import json

from ..findings import ERROR, INFO, WARNING, Finding, Report
from .fingerprints import fingerprints
from .paths import display_path, source_root

_SEVERITY = {ERROR: "major", WARNING: "minor", INFO: "info"}


def issue(finding: Finding, fingerprint: str, path: str) -> dict:
    return {
        "type": "issue",
        "description": f"{finding.code}: {finding.message}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": "critical" if finding.code == "SVC000" else _SEVERITY.get(finding.severity, "major"),
        "location": {"path": path, "lines": {"begin": max(finding.line, 1)}},
    }


def render(report: Report, options=None) -> str:
    root = source_root()
    issues = [
        issue(finding, fingerprint, display_path(finding.file, root))
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings, root))
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
