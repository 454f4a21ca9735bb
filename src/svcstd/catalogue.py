"""The rule catalogue: one registry of every code svcstd can report.

Each rule's metadata is declared next to the code that produces it (loading, schema,
repository and the modules under `rules/`), with the `rule` decorator or `declare`. This
module holds the registry and the lookups; `all_rules()` imports the declaring modules so
that the registry is complete whichever entry point asked first.

Texts are English at the declaration; other languages live in `locales/<lang>.json`
(summary, rationale and message templates per code), so a new language is one file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Callable, Iterable

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    rationale: str
    bad: str = ""
    good: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    check: Callable | None = None
    family: str = ""
    # Rules that compare several files (offices registry, unique ids) run after the
    # per-file pass; they are still declared here so that `explain` and config know them.
    cross_file: bool = False


_REGISTRY: dict[str, Rule] = {}

# Modules that declare rules. Importing them fills the registry.
_DECLARING_MODULES = (
    "svcstd.loading",
    "svcstd.schema",
    "svcstd.rules",
    "svcstd.repository",
    "svcstd.suppression",
)


def declare(
    code: str,
    name: str,
    severity: str,
    summary: str,
    rationale: str,
    *,
    bad: str = "",
    good: str = "",
    messages: dict[str, str] | None = None,
    family: str = "",
    check: Callable | None = None,
    cross_file: bool = False,
) -> Rule:
    """Register a rule's metadata; returns it. Declaring one code twice is a bug."""
    if code in _REGISTRY and _REGISTRY[code].check is not check:
        raise RuntimeError(f"rule {code} declared twice")
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: unknown severity {severity!r}")
    rule = Rule(
        code=code,
        name=name,
        severity=severity,
        summary=summary,
        rationale=rationale,
        bad=bad,
        good=good,
        messages=dict(messages or {}),
        check=check,
        family=family,
        cross_file=cross_file,
    )
    _REGISTRY[code] = rule
    return rule


def rule(code: str, name: str, severity: str, summary: str, rationale: str, **kwargs):
    """Decorator form of `declare` for semantic rules: the function is the check."""

    def register(check: Callable) -> Callable:
        declare(code, name, severity, summary, rationale, check=check, **kwargs)
        return check

    return register


def _load_declarations() -> None:
    import importlib

    for module in _DECLARING_MODULES:
        importlib.import_module(module)


def all_rules() -> list[Rule]:
    _load_declarations()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get(code_or_name: str) -> Rule | None:
    """Look a rule up by code (`SVC201`, case-insensitive) or name."""
    key = code_or_name.strip()
    found = _REGISTRY.get(key.upper())
    if found is not None:
        return found
    _load_declarations()
    found = _REGISTRY.get(key.upper())
    if found is not None:
        return found
    for candidate in _REGISTRY.values():
        if candidate.name == key.lower():
            return candidate
    return None


def default_severity(code: str) -> str:
    found = _REGISTRY.get(code) or get(code)
    return found.severity if found else "error"


def semantic_rules() -> list[Rule]:
    return [r for r in all_rules() if r.check is not None and not r.cross_file]


def expand_selector(selector: str) -> list[str]:
    """`SVC2` → every code starting with it; `ALL` → everything; a name → its code."""
    rules = all_rules()
    token = selector.strip()
    if token.upper() == "ALL":
        return [r.code for r in rules]
    by_name = get(token)
    if by_name is not None and (by_name.name == token.lower() or by_name.code == token.upper()):
        return [by_name.code]
    matched = [r.code for r in rules if r.code.startswith(token.upper())]
    return matched


# ---------------------------------------------------------------------------------------
# Languages


@cache
def _locale(lang: str) -> dict:
    if lang == "en":
        return {}
    try:
        text = resources.files("svcstd").joinpath("locales").joinpath(f"{lang}.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)


def available_languages() -> list[str]:
    names = ["en"]
    try:
        folder = resources.files("svcstd").joinpath("locales")
        names += sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))
    except (FileNotFoundError, OSError):
        pass
    return names


def text(code: str, field_name: str, lang: str = "en") -> str:
    """A rule's summary or rationale in `lang`, falling back to English."""
    entry = _locale(lang).get(code, {})
    value = entry.get(field_name)
    if value:
        return value
    found = get(code)
    return getattr(found, field_name, "") if found else ""


def message(code: str, msg: str, lang: str = "en", /, **params) -> str:
    """Format message template `msg` of rule `code` in `lang` (English when missing)."""
    template = _locale(lang).get(code, {}).get("messages", {}).get(msg)
    if template is None:
        found = _REGISTRY.get(code) or get(code)
        template = found.messages.get(msg) if found else None
    if template is None:
        template = msg
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def ui(key: str, lang: str = "en", /, **params) -> str:
    """Strings of the reports themselves (headings, summary labels)."""
    template = _locale(lang).get("_ui", {}).get(key) or _UI_EN.get(key, key)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


_UI_EN = {
    "files_checked": "Files checked",
    "files_clean": "Files clean",
    "errors": "Errors",
    "warnings": "Warnings",
    "infos": "Notes",
    "summary": "Summary",
    "code": "Code",
    "name": "Name",
    "severity": "Severity",
    "count": "Count",
    "all_clean": "All {files} files are clean.",
    "no_files": "No YAML files found to check.",
    "rationale": "Why",
    "example_bad": "Example that triggers it",
    "example_good": "Example that passes",
    "error": "error",
    "warning": "warning",
    "info": "info",
}


def iter_codes() -> Iterable[str]:
    return (r.code for r in all_rules())
