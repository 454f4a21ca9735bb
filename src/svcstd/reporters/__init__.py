"""Output formats: one module each, behind one tiny interface.

Every reporter module defines `render(report, options) -> str`. The registry maps a
format name to its module, imported only when used, so that a run that prints JSON never
pays for rich.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from ..findings import Report
from ..records import record

FORMATS = {
    "rich": "svcstd.reporters.rich_console",
    "text": "svcstd.reporters.text",
    "json": "svcstd.reporters.json_report",
    "sarif": "svcstd.reporters.sarif",
    "junit": "svcstd.reporters.junit",
    "github": "svcstd.reporters.github",
    "gitlab": "svcstd.reporters.gitlab",
}


# `svcstd report`: the compliance view (`svcstd.compliance.ComplianceReport`), not findings.
COMPLIANCE_FORMATS = {
    "html": "svcstd.reporters.html_report",
    "markdown": "svcstd.reporters.markdown_report",
}


@record(frozen=True)
class RenderOptions:
    """How a report is written: language, colour, width, source lines, and the run's
    --fail-on."""

    lang: str = "en"
    color: bool = False
    width: int | None = None
    show_source: bool = True
    # The run's --fail-on, for formats that must say which findings fail it (JUnit).
    fail_on: str = "error"


class Reporter(Protocol):
    def render(self, report: Report, options: RenderOptions) -> str: ...


def get(name: str) -> Reporter:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(FORMATS[name])  # type: ignore[return-value]


def render(name: str, report: Report, options: RenderOptions | None = None) -> str:
    return get(name).render(report, options or RenderOptions())


def get_compliance(name: str):
    if name not in COMPLIANCE_FORMATS:
        raise KeyError(name)
    return importlib.import_module(COMPLIANCE_FORMATS[name])
