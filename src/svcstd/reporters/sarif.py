"""SARIF 2.1.0, the format GitHub code scanning (and many editors) read.

One run, one rule per code that occurs (GitHub shows each rule's description and help next
to the alert), one result per finding. File locations are relative to the repository root,
named through the `%SRCROOT%` base id, as code scanning expects; columns count Unicode code
points, which is what svcstd counts, so Chinese text does not shift the region.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__, catalogue
from ..findings import ERROR, INFO, WARNING, Finding, Report
from .fingerprints import fingerprints
from .paths import absolute, relative_to_root, source_root

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}


def _artifact_location(file: str, root: Path) -> dict:
    """`uri` relative to `root` when the file lies inside it, else an absolute file URI."""
    relative = relative_to_root(file, root)
    if relative is None:
        return {"uri": absolute(file).as_uri() if not file.startswith("<") else quote(file)}
    return {"uri": quote(relative), "uriBaseId": SOURCE_ROOT}


def _rule_entry(code: str, lang: str) -> dict:
    rule = catalogue.get(code)
    summary = catalogue.text(code, "summary", lang) or code
    rationale = catalogue.text(code, "rationale", lang) or summary
    severity = rule.severity if rule else ERROR
    help_text = f"{summary}\n\n{rationale}"
    help_markdown = f"**{summary}**\n\n{rationale}"
    if rule and rule.bad:
        help_text += f"\n\n{catalogue.ui('example_bad', lang)}:\n{rule.bad}"
        help_markdown += f"\n\n{catalogue.ui('example_bad', lang)}:\n\n```yaml\n{rule.bad.rstrip()}\n```"
    if rule and rule.good:
        help_text += f"\n\n{catalogue.ui('example_good', lang)}:\n{rule.good}"
        help_markdown += f"\n\n{catalogue.ui('example_good', lang)}:\n\n```yaml\n{rule.good.rstrip()}\n```"
    entry = {
        "id": code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL.get(severity, "error")},
        "properties": {"tags": ["svcstd", *([rule.family] if rule and rule.family else [])]},
    }
    if rule:
        entry["name"] = rule.name
    return entry


def _result(finding: Finding, rule_index: int, fingerprint: str, root: Path) -> dict:
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(finding.severity, "error"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(finding.file, root),
                    "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
                },
                **({"logicalLocations": [{"fullyQualifiedName": finding.path}]} if finding.path else {}),
            }
        ],
        "partialFingerprints": {"svcstdFindingHash/v1": fingerprint},
    }


def as_data(report: Report, options=None) -> dict:
    lang = getattr(options, "lang", "en")
    root = source_root()
    codes = sorted({f.code for f in report.findings})
    index = {code: position for position, code in enumerate(codes)}
    results = [
        _result(finding, index[finding.code], fingerprint, root)
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings, root))
    ]
    invocation = {
        "executionSuccessful": not any(f.code == "SVC000" for f in report.findings),
        "toolExecutionNotifications": [{"level": "note", "message": {"text": note}} for note in report.notes],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "svcstd",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_entry(code, lang) for code in codes],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def render(report: Report, options=None) -> str:
    return json.dumps(as_data(report, options), ensure_ascii=False, indent=2) + "\n"
