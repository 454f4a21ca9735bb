"""Output formats: one module each, behind one tiny interface.

Every reporter module defines `render(report, options) -> str`. The registry maps a
format name to its module, imported only when used, so that a run that prints JSON never
pays for rich.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from ..findings import Report

FORMATS = {
    "rich": "svcstd.reporters.rich_console",
    "text": "svcstd.reporters.text",
    "json": "svcstd.reporters.json_report",
}


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False
    width: int | None = None
    show_source: bool = True


class Reporter(Protocol):
    def render(self, report: Report, options: RenderOptions) -> str: ...


def get(name: str) -> Reporter:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(FORMATS[name])  # type: ignore[return-value]


def render(name: str, report: Report, options: RenderOptions | None = None) -> str:
    return get(name).render(report, options or RenderOptions())
