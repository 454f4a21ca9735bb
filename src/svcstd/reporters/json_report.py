"""The machine form: a stable contract that other formats and tools build on.

    {"svcstd_version": "...", "files_checked": N,
     "findings": [{"code", "severity", "message", "file", "line", "column", "path",
                   "fix": "safe" | "unsafe" | null}],
     "summary": {"errors": N, "warnings": N, "infos": N,
                 "fixable": {"safe": N, "unsafe": N}},
     "not_definitions": [YAML files skipped as not service definitions], "notes": [...]}

`fix` says whether `svcstd fix` repairs the finding ("unsafe": only with --unsafe-fixes).
"""

from __future__ import annotations

import json

from .. import __version__
from ..findings import INFO, Report


def as_data(report: Report) -> dict:
    return {
        "svcstd_version": __version__,
        "files_checked": report.files_checked,
        "findings": [finding.as_dict() for finding in report.findings],
        "summary": {"errors": report.errors, "warnings": report.warnings, "infos": report.count(INFO),
                    "fixable": {kind: sum(1 for f in report.findings if f.fix == kind) for kind in ("safe", "unsafe")}},
        "not_definitions": list(report.not_definitions),
        "notes": list(report.notes),
    }


def render(report: Report, options=None) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2) + "\n"
