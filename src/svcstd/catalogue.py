"""The rule catalogue: one registry of every code svcstd can report.

Each rule's metadata is declared next to the code that produces it (loading, schema,
repository and the modules under `rules/`), with the `rule` decorator or `declare`. This
module holds the registry and the lookups; `all_rules()` imports the declaring modules so
that the registry is complete whichever entry point asked first.

Texts are English at the declaration; other languages live in `locales/<lang>.json`
(summary, rationale and message templates per code), so a new language is one file.

Examples (`bad` and `good`) are short and shown by `svcstd explain`, so each is only the
part of a definition that matters. The convention that makes them runnable (a test runs
every one: the bad example must trigger its rule, the good one must not):

- An example is YAML text of top-level keys. `example_document(example, base)` splices it
  into a complete clean definition (`base`, the tests' minimal definition): each top-level
  key of the example replaces that key's block of `base`; every other key keeps `base`'s.
  The splice is textual, so an example that is broken YAML stays broken.
- A comment line `# without: key, key` removes those top-level keys from `base`.
- A comment line `# configuration: key = value` is a `[tool.svcstd]` TOML line the example
  runs with (`example_configuration`), e.g. `required-languages = ["zh", "en"]`.
- A comment line `# file: PATH` starts a part that is its own file (for rules across
  files); without one, the example is one definition. A part with a top-level `offices:`
  key is the offices registry and is used as written (not spliced); otherwise the tests'
  registry is used. `example_files` applies all of this.
- An example written in parentheses, `(a file saved in GBK)`, describes bytes that a YAML
  text cannot show; it is illustration only and is not run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import field
from functools import cache

from .records import record

SEVERITIES = ("error", "warning", "info")


@record(frozen=True)
class Rule:
    """One rule of the catalogue: its stable code, name, default severity, what it finds
    and why, an example of bad and good, its messages, and the check that applies it."""

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

    @property
    def fix(self) -> str:
        """"safe" (`svcstd fix` applies it), "unsafe" (only with `--unsafe-fixes`) or ""
        (not fixable). Declared by the fixer itself (`declare_fix`), next to its code."""
        kinds = {kind for kind, _ in _fix_declarations().get(self.code, ())}
        return "safe" if "safe" in kinds else ("unsafe" if kinds else "")

    @property
    def fixes(self) -> tuple[tuple[str, str], ...]:
        """(kind, what it changes) of every fix of this rule, English."""
        return tuple(_fix_declarations().get(self.code, ()))


class _Rules(dict):
    """code → Rule, counting its changes: the sorted lists every file's check asks for
    (`all_rules`, `semantic_rules`) are made again only after one (a test replacing a
    rule included)."""

    changes = 0

    def __setitem__(self, code, rule) -> None:
        super().__setitem__(code, rule)
        self.changes += 1

    def __delitem__(self, code) -> None:
        super().__delitem__(code)
        self.changes += 1


_REGISTRY: dict[str, Rule] = _Rules()
# (changes of the registry when made, every rule sorted by code, the semantic ones)
_sorted: list = [-1, [], ()]
# code → [(kind, English description)]; filled by `declare_fix` (svcstd.authoring.fixes).
_FIXES: dict[str, list[tuple[str, str]]] = {}
FIX_KINDS = ("safe", "unsafe")

# Modules that declare rules. Importing them fills the registry.
_DECLARING_MODULES = (
    "svcstd.load.codes",
    "svcstd.schema",
    "svcstd.rules",
    "svcstd.repository",
    "svcstd.oversight.flows",
    "svcstd.suppression",
    "svcstd.engine",
)
# The module that declares the fixes (`declare_fix`): imported only when a rule's fixes
# are asked for, since checking needs none of it (3 ms of a one-file run).
_FIX_DECLARING_MODULE = "svcstd.authoring.fixes"


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


def declare_fix(code: str, kind: str, description: str) -> None:
    """Say that findings of `code` can be fixed: `kind` is "safe" (applied by `svcstd fix`)
    or "unsafe" (needs review: only with `--unsafe-fixes`); `description` says what changes."""
    if kind not in FIX_KINDS:
        raise ValueError(f"{code}: unknown fix kind {kind!r}")
    entries = _FIXES.setdefault(code, [])
    if (kind, description) not in entries:
        entries.append((kind, description))


_declarations_loaded = False


def _load_declarations() -> None:
    # Once per process: importing the modules again only finds them loaded, but through
    # importlib's Python code, and the rule lookups of every file came here (7 imports a
    # file).
    global _declarations_loaded
    if _declarations_loaded:
        return
    import importlib

    for module in _DECLARING_MODULES:
        importlib.import_module(module)
    _declarations_loaded = True


def _fix_declarations() -> dict[str, list[tuple[str, str]]]:
    import importlib

    importlib.import_module(_FIX_DECLARING_MODULE)
    return _FIXES


def _sorted_rules() -> list:
    _load_declarations()
    if _sorted[0] != _REGISTRY.changes:
        ordered = sorted(_REGISTRY.values(), key=lambda r: r.code)
        _sorted[:] = [_REGISTRY.changes, ordered, tuple(r for r in ordered if r.check is not None and not r.cross_file)]
    return _sorted


def all_rules() -> list[Rule]:
    return list(_sorted_rules()[1])


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


def semantic_rules() -> tuple[Rule, ...]:
    """The rules that check one file, by code (asked for once per file checked: made
    once, and a tuple, so that it is shared safely)."""
    return _sorted_rules()[2]


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
    # Imported here: it imports tempfile and zipfile, and English needs neither.
    from importlib import resources

    try:
        text = resources.files("svcstd").joinpath("locales").joinpath(f"{lang}.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)


def available_languages() -> list[str]:
    from importlib import resources

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


def phrase(key: str, lang: str, english: str, /, **params) -> str:
    """A fragment that goes inside a message (a type name, "at the top level"), translated
    from the locale's `_phrases` table when it has one; `english` is the source text."""
    template = _locale(lang).get("_phrases", {}).get(key, english) if lang != "en" else english
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
    "not_definitions": "Not definitions (skipped)",
    "not_definitions_note": "Skipped {count} YAML file(s) that are not service definitions (no `svcstd` "
    "key and none of the format's own top-level keys): {files}. Name a file to check it anyway, or set "
    "`skip-non-definitions = false` in the configuration.",
    "and_more": " and {count} more",
    "named_not_definitions_note": "{files}: checked because named, although it does not look like a "
    "service definition (no `svcstd` key); if it is not one, leave it out of the paths.",
    "no_definitions": "No service definitions found: nothing was checked. Check the paths given "
    "(and `exclude` in the configuration); a run that checks nothing fails.",
    "rationale": "Why",
    "example_bad": "Example that triggers it",
    "example_good": "Example that passes",
    "error": "error",
    "warning": "warning",
    "info": "info",
    # `svcstd fix` can repair these (marked `[*]` in the text and rich formats).
    "fixable_mark": "[*]",
    "fixable_unsafe_mark": "[*?]",
    "fixable_legend": "[*] fixable with `svcstd fix`; [*?] fixable with `svcstd fix --unsafe-fixes` (review the change).",
    "fixable_count": "{count} fixable with `svcstd fix`.",
    "fixable_unsafe_count": "{count} more fixable with `svcstd fix --unsafe-fixes` (review them).",
    "fix": "Fix",
    "fix_safe": "safe",
    "fix_unsafe": "unsafe",
    "fix_none": "",
    "fixable_by": "Fixable",
}


# ---------------------------------------------------------------------------------------
# Examples (see the module docstring for the convention)

_TOP_LEVEL_KEY = re.compile(r"^([^\s#\-][^:#]*?)\s*:(?:\s|$)")


def is_illustration(example: str) -> bool:
    return example.strip().startswith("(")


def _directive(example: str, name: str) -> list[str]:
    prefix = f"# {name}:"
    return [line[len(prefix):].strip() for line in example.splitlines() if line.startswith(prefix)]


def example_configuration(example: str) -> str:
    """The `[tool.svcstd]` lines an example runs with (TOML, possibly empty)."""
    return "\n".join(_directive(example, "configuration"))


def _blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """Top-level blocks of a YAML text: (key, lines); lines before any key have key None."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            blocks.append((match.group(1).strip().strip("\"'"), [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def example_document(example: str, base: str) -> str:
    """`base` with the example's top-level keys replaced by the example's blocks."""
    replaced = {key for key, _ in _blocks(example) if key is not None}
    for keys in _directive(example, "without"):
        replaced.update(k.strip() for k in keys.split(",") if k.strip())
    kept = [line for key, lines in _blocks(base) if key not in replaced for line in lines]
    return "\n".join(kept).rstrip("\n") + "\n" + example.rstrip("\n") + "\n"


def example_files(example: str, base: str, registry: str) -> dict[str, str]:
    """The files (relative path → text) an example is checked as; see the docstring."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in example.splitlines():
        if line.startswith("# file:"):
            parts.append((line[len("# file:"):].strip(), []))
        else:
            parts[-1][1].append(line)
    files = {"offices.yaml": registry}
    for path, lines in parts:
        text = "\n".join(lines) + "\n"
        if path is None and len(parts) > 1 and not any(key for key, _ in _blocks(text)):
            continue  # only comments before the first `# file:`
        if "offices" in {key for key, _ in _blocks(text)}:
            files[path or "offices.yaml"] = text
        else:
            files[path or "service.yaml"] = example_document(text, base)
    return files


def iter_codes() -> Iterable[str]:
    return (r.code for r in all_rules())
