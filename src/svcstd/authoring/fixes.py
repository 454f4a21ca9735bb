"""`svcstd fix`: repair what the checker found, and nothing else.

How a file is fixed, and why it cannot lose a byte:

1. Textual fixes first, for files that YAML cannot read or reads wrongly: a tab or a
   full-width space (U+3000) in the indentation becomes spaces, a full-width colon `：` after
   a key becomes `:`. They are tried only on the line where the parser stopped (SVC001), or
   on a line that holds an unknown key or a wrong type (SVC104, SVC102), one at a time. A
   file that still cannot be parsed after them is left untouched.
2. Then the checker runs, and each finding whose code has a fixer (`declare_fix`) may yield
   a *candidate*: a few replacements of exact character ranges, taken from the positions
   of the YAML nodes. Everything outside those ranges (comments, key order, quoting, blank
   lines, line endings, a byte-order mark) is copied as it was. A whole-document round trip
   with ruamel.yaml was measured and rejected: loaded and dumped unchanged, the 14 files of
   examples/ came back different, all 14 with default settings (3,622 changed lines), and
   4 even with the indentation tuned to theirs and no line wrapping (`statutory: null`
   became `statutory:`). A fixer that splices at node positions cannot touch what it
   does not fix.
3. A candidate is kept only if the checker, run again on the result, no longer reports the
   finding it was made for and reports nothing new (except below a renamed key, whose
   content is now checked for the first time). A file without findings is never touched.

Safe fixes are applied by `svcstd fix`; unsafe ones (a renamed key, an office name replaced
by an id) change meaning in a way an officer should review, so only `--unsafe-fixes`
applies them.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import catalogue
from ..catalogue import declare_fix
from ..config import Config
from ..findings import Finding, Report, pointer_segments
from ..load import Document, LoadResult, load_bytes, split_lines
from ..records import record

if TYPE_CHECKING:
    from yaml.nodes import ScalarNode

SAFE, UNSAFE = "safe", "unsafe"

# ---------------------------------------------------------------------------------------
# What is fixable (shown by `svcstd rules`, `explain` and the docs)

declare_fix("SVC001", SAFE, "A tab or full-width space (U+3000) in the indentation becomes spaces; a "
            "full-width colon `：` after a key becomes `:`.")
declare_fix("SVC104", SAFE, "A key indented with tabs or full-width spaces, or followed by `：`, is "
            "re-indented with spaces / given an ASCII colon.")
declare_fix("SVC104", UNSAFE, "An unknown key with one unambiguous suggestion is renamed to it.")
declare_fix("SVC102", SAFE, "`yes`/`no`/`on`/`off` in a true-or-false element becomes `true`/`false`.")
declare_fix("SVC103", SAFE, "A unit written as a word (工作日, 自然日, 小时, 天, 月, 年, working days, ...) "
            "becomes its code (working_days, calendar_days, hours, days, months, years).")
declare_fix("SVC005", SAFE, "A missing format version line is added before the first key.")
# SVC701 has no fix: a plain text counts as the file's known language (`language`, the
# registry's `defaults.language`, the configuration's `default-language`), so SVC701 reports
# it only when no language is known (a fix would have to guess one) or when another
# language is required (a fix would have to translate).
declare_fix("SVC601", UNSAFE, "An office written by its name is replaced by the id of the registry "
            "office with exactly that name.")

# English texts of this room; Chinese in locales/zh.json under "_authoring".
TEXTS_EN = {
    "fix.indentation": "indentation: {before} → spaces",
    "fix.colon": "`：` after a key → `:`",
    "fix.boolean": "`{before}` → `{after}`",
    "fix.unit": "unit `{before}` → `{after}`",
    "fix.version": "added `svcstd: \"{version}\"`",
    "fix.rename": "key `{before}` → `{after}`",
    "fix.office": "office `{before}` → `{after}`",
    "fix.tab": "tab",
    "fix.ideographic_space": "full-width space",
    "unparseable": "{file}: not fixed: it still cannot be parsed as YAML after the textual fixes "
    "(line {line}). Fix the syntax by hand; `svcstd check {file}` shows where.",
    "unreadable": "{file}: not fixed: {problem}",
    "fixed_line": "{file}:{line}:{column}: {code} fixed: {what}",
    "summary_fixed": "Fixed {fixed} problem(s) in {files} file(s).",
    "summary_would_fix": "Would fix {fixed} problem(s) in {files} file(s).",
    "summary_nothing": "Nothing to fix.",
    "summary_unsafe": "{count} more fixable with `--unsafe-fixes` (review them: they change meaning).",
    "summary_remaining": "{count} problem(s) remain; `svcstd check` shows them.",
    "summary_clean": "No problems remain.",
}


def text(key: str, lang: str = "en", /, **params) -> str:
    template = catalogue._locale(lang).get("_authoring", {}).get(key) or TEXTS_EN[key]
    try:
        result = template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
    return _plural(result) if lang == "en" else result


def summary_lines(results, lang: str, *, diff: bool) -> list[str]:
    """What `fix` and `check --fix` say after fixing: how many fixes in how many files, and
    how many unsafe ones were left for `--unsafe-fixes`."""
    fixed = sum(len(r.applied) for r in results if r.changed)
    files = sum(1 for r in results if r.changed)
    unsafe = sum(len(r.unsafe_skipped) for r in results)
    lines = []
    if fixed:
        lines.append(text("summary_would_fix" if diff else "summary_fixed", lang, fixed=fixed, files=files))
    else:
        lines.append(text("summary_nothing", lang))
    if unsafe:
        lines.append(text("summary_unsafe", lang, count=unsafe))
    return lines


def _plural(sentence: str) -> str:
    """"1 problem(s)" → "1 problem", "4 problem(s)" → "4 problems"."""
    sentence = re.sub(r"(?<![\d.])1 (\w+)\(s\)", r"1 \1", sentence)
    return sentence.replace("(s)", "s")


# ---------------------------------------------------------------------------------------
# Values


@record(frozen=True)
class Edit:
    """Replace text[start:end] (character offsets) with `text`."""

    start: int
    end: int
    text: str


@record(frozen=True)
class Candidate:
    """A proposed fix of one finding."""

    code: str
    kind: str
    target: tuple[str, str, str]  # (code, pointer, message) of the finding it repairs
    edits: tuple[Edit, ...]
    line: int
    column: int
    what: str
    # Findings below this pointer after the fix are new content being checked, not damage.
    reveals: str | None = None


@record
class FileFix:
    """What fixing one file did (or would do)."""

    file: str
    original: str
    fixed: str
    applied: list[Candidate] = field(default_factory=list)
    unsafe_skipped: list[Candidate] = field(default_factory=list)
    problem: str | None = None  # why the file was left untouched
    remaining: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        if not self.changed:
            return ""
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.file}", tofile=f"b/{self.file}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@record
class Context:
    """What fixers may need beyond the file: the configuration and the offices registry."""

    config: Config
    office_ids: frozenset[str] | None = None
    office_names: dict[str, list[str]] = field(default_factory=dict)  # name → ids
    is_registry: bool = False


# ---------------------------------------------------------------------------------------
# Checking a candidate text


def _load(text_: str, file: str, config: Config) -> LoadResult:
    return load_bytes(text_.encode("utf-8"), file, lang=config.lang, limits=config.limits)


def check_text(text_: str, file: str, context: Context) -> tuple[LoadResult, list[Finding]]:
    """The findings a user would see for this text (policy applied), SVC601 included."""
    from .. import engine
    from ..repository import iter_office_refs

    config = context.config
    loaded = _load(text_, file, config)
    result = engine.check_loaded(loaded, file, config, is_registry=context.is_registry)
    cross: list[Finding] = []
    doc = loaded.document
    if doc is not None and context.office_ids is not None and not context.is_registry:
        for path, office in iter_office_refs(doc.data):
            ref = office.get("ref")
            if isinstance(ref, str) and ref and ref not in context.office_ids:
                cross.append(doc.finding("SVC601", "unknown", path + ("ref",), ref=ref, registry="", suggestion=""))
    report = engine.finish([result], config, cross_file=cross)
    return loaded, list(report.findings)


def _signature(findings: Iterable[Finding]) -> Counter:
    return Counter((f.code, f.path) for f in findings)


# ---------------------------------------------------------------------------------------
# Textual fixes (before parsing)

_INDENT = re.compile(r"^([ \t\u3000]*(?:-[ \t\u3000]+)*)")
_KEY_COLON = re.compile(r"^([ \t\u3000]*(?:-[ \t\u3000]+)*)([^\s:：#'\"{}\[\],&*!|>%@`-][^:：#]*?)[ \t\u3000]*：")


def _indent_unit(lines: list[str]) -> int:
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.startswith(" ") and line.strip()]
    widths = [w for w in widths if w > 0]
    return min(widths) if widths else 2


def _textual_line_fix(line: str, unit: int) -> tuple[str, list[str]]:
    """The line with its indentation and key colon repaired, and what changed."""
    changed: list[str] = []
    lead = _INDENT.match(line).group(1)
    if "\t" in lead or "\u3000" in lead:
        kinds = []
        if "\t" in lead:
            kinds.append("tab")
        if "\u3000" in lead:
            kinds.append("ideographic_space")
        line = lead.replace("\t", " " * unit).replace("\u3000", " " * unit) + line[len(lead):]
        changed.append("indentation:" + ",".join(kinds))
    match = _KEY_COLON.match(line)
    if match:
        end = match.end()
        after = line[end:end + 1]
        line = line[:end - 1] + ":" + ("" if after in (" ", "", "\r", "\n") else " ") + line[end:]
        changed.append("colon")
    return line, changed


def _describe_textual(changes: list[str], lang: str) -> str:
    parts = []
    for change in changes:
        if change.startswith("indentation:"):
            kinds = [text(f"fix.{k}", lang) for k in change.split(":", 1)[1].split(",")]
            parts.append(text("fix.indentation", lang, before=", ".join(kinds)))
        else:
            parts.append(text("fix.colon", lang))
    return "; ".join(parts)


_LINE_SPLIT = re.compile(r"(\r\n|[\r\n])")  # YAML 1.2's line breaks, as load.document counts them


def _replace_line(text_: str, number: int, new_line: str) -> str:
    pieces = _LINE_SPLIT.split(text_)
    # pieces alternate line, separator, line, ...
    pieces[(number - 1) * 2] = new_line
    return "".join(pieces)


def _line_start(text_: str, number: int) -> int:
    pieces = _LINE_SPLIT.split(text_)
    return sum(len(p) for p in pieces[: (number - 1) * 2])


def _textual_pass(text_: str, file: str, context: Context) -> tuple[str, list[Candidate], int | None]:
    """Repair the lines where the parser stops until it no longer does. Returns the text,
    what was done, and the line where parsing still fails (None: it parses)."""
    lang = context.config.lang
    applied: list[Candidate] = []
    lines = split_lines(text_)
    unit = _indent_unit(lines)
    tried: set[int] = set()
    for _ in range(len(lines) + 1):
        loaded = _load(text_, file, context.config)
        syntax = [f for f in loaded.findings if f.code == "SVC001"]
        if loaded.document is not None or not syntax:
            return text_, applied, None
        stop = syntax[0].line
        lines = split_lines(text_)
        for number in (stop, stop - 1, stop + 1, stop - 2, stop - 3):
            if number < 1 or number > len(lines) or number in tried:
                continue
            new_line, changes = _textual_line_fix(lines[number - 1], unit)
            if changes:
                tried.add(number)
                text_ = _replace_line(text_, number, new_line)
                applied.append(
                    Candidate("SVC001", SAFE, ("SVC001", "", syntax[0].message), (), number, 1,
                              _describe_textual(changes, lang))
                )
                break
        else:
            return text_, applied, stop
    return text_, applied, None


# ---------------------------------------------------------------------------------------
# Fixers: finding → candidate. Each gets the document, the finding and the context.

Fixer = Callable[[Document, Finding, tuple, Context], "Candidate | None"]
_FIXERS: dict[str, list[Fixer]] = {}


def fixer(*codes: str):
    def register(function: Fixer) -> Fixer:
        for code in codes:
            _FIXERS.setdefault(code, []).append(function)
        return function

    return register


def parse_pointer(pointer: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in pointer_segments(pointer))


def _value(data, path: tuple):
    for segment in path:
        if isinstance(data, dict) and segment in data or isinstance(data, list) and isinstance(segment, int) and 0 <= segment < len(data):
            data = data[segment]
        else:
            return None
    return data


def _scalar_span(doc: Document, path: tuple, *, key: bool = False) -> tuple[ScalarNode, int, int] | None:
    # PyYAML's node classes, imported when a fix needs nodes (which the careful loader
    # has made): the fix marks of a run's report often need none, and importing PyYAML
    # was 17 ms of that report.
    from yaml.nodes import ScalarNode

    key_node, value_node = doc.node_at(path)
    node = key_node if key else value_node
    if not isinstance(node, ScalarNode):
        return None
    # node_at returns the deepest reachable node when the path breaks off: make sure we
    # reached the end of the path.
    if not path or _value(doc.data, path) is None and not key:
        return None
    return node, node.start_mark.index, node.end_mark.index


def _candidate(doc: Document, finding: Finding, kind: str, edits, what: str, *, at=None, reveals=None) -> Candidate:
    line, column = at or (finding.line, finding.column)
    return Candidate(
        finding.code, kind, (finding.code, finding.path, finding.message), tuple(edits),
        line, column, what, reveals,
    )


_BOOLEAN_WORDS = {"yes": "true", "no": "false", "on": "true", "off": "false"}


@fixer("SVC102")
def boolean_word(doc: Document, finding: Finding, path: tuple, context: Context) -> Candidate | None:
    value = _value(doc.data, path)
    if not isinstance(value, str) or value.strip().lower() not in _BOOLEAN_WORDS:
        return None
    span = _scalar_span(doc, path)
    if span is None:
        return None
    node, start, end = span
    after = _BOOLEAN_WORDS[value.strip().lower()]
    return _candidate(doc, finding, SAFE, [Edit(start, end, after)],
                      text("fix.boolean", context.config.lang, before=value, after=after))


def _unit_key(word: str) -> str:
    return re.sub(r"[\s_\-]+", " ", word.strip().lower())


_DEADLINE_UNITS = {
    "working_days": ["工作日", "个工作日", "working days", "working day", "workdays", "workday",
                     "business days", "business day"],
    "calendar_days": ["自然日", "个自然日", "日历日", "calendar days", "calendar day", "natural days",
                      "natural day"],
    "hours": ["小时", "个小时", "钟头", "hours", "hour", "hrs", "hr", "h"],
}
# Retention and validity: periods of days, months, years. `天`/`日` are days here; as a
# deadline unit they are ambiguous (the Administrative Licensing Law counts 日 in working
# days), so they are not guessed there.
_PERIOD_UNITS = {
    "days": ["天", "日", "days", "day", "calendar days", "自然日"],
    "months": ["月", "个月", "months", "month"],
    "years": ["年", "周年", "years", "year", "yrs", "yr"],
}


def _synonyms(table: dict[str, list[str]]) -> dict[str, str]:
    return {_unit_key(word): code for code, words in table.items() for word in words + [code]}


_DEADLINE_SYNONYMS = _synonyms(_DEADLINE_UNITS)
_PERIOD_SYNONYMS = _synonyms(_PERIOD_UNITS)
_PERIOD_PARENTS = ("retention", "validity")


@fixer("SVC103")
def unit_synonym(doc: Document, finding: Finding, path: tuple, context: Context) -> Candidate | None:
    if not path or path[-1] != "unit":
        return None
    value = _value(doc.data, path)
    if not isinstance(value, str):
        return None
    table = _PERIOD_SYNONYMS if len(path) >= 2 and path[-2] in _PERIOD_PARENTS else _DEADLINE_SYNONYMS
    code = table.get(_unit_key(value))
    if code is None or code == value:
        return None
    span = _scalar_span(doc, path)
    if span is None:
        return None
    _, start, end = span
    return _candidate(doc, finding, SAFE, [Edit(start, end, code)],
                      text("fix.unit", context.config.lang, before=value, after=code))


def format_versions() -> tuple[str, ...]:
    """The versions this svcstd reads, newest last."""
    from ..versions import FORMAT_VERSIONS

    return tuple(FORMAT_VERSIONS)


def _newline(text_: str) -> str:
    return "\r\n" if "\r\n" in text_ else "\n"


@fixer("SVC005")
def version_line(doc: Document, finding: Finding, path: tuple, context: Context) -> Candidate | None:
    from yaml.nodes import MappingNode

    if not isinstance(doc.data, dict) or "svcstd" in doc.data or not isinstance(doc.root, MappingNode):
        return None
    if not doc.root.value or doc.root.flow_style:
        return None
    first_key = doc.root.value[0][0]
    line = first_key.start_mark.line + 1
    if first_key.start_mark.column != 0:
        return None
    start = _line_start(doc.text, line)
    version = format_versions()[-1]
    return _candidate(doc, finding, SAFE, [Edit(start, start, f'svcstd: "{version}"{_newline(doc.text)}')],
                      text("fix.version", context.config.lang, version=version), at=(line, 1))


_BACKTICKED = re.compile(r"`([^`]+)`")


@fixer("SVC104")
def unknown_key(doc: Document, finding: Finding, path: tuple, context: Context) -> Candidate | None:
    if not path or not isinstance(path[-1], str):
        return None
    key = path[-1]
    span = _scalar_span(doc, path, key=True)
    if span is None:
        return None
    node, start, end = span
    parent = _value(doc.data, path[:-1]) if len(path) > 1 else doc.data
    if not isinstance(parent, dict):
        return None
    stripped = key.strip(" \t\u3000").rstrip("：")
    if stripped != key:
        return None  # the textual pass repairs keys with full-width spaces or colons
    known = _known_keys(doc, path[:-1])
    if not known:
        return None
    from ..schema import _nearest_key

    nearest = _nearest_key(key, known)
    close = difflib.get_close_matches(key, known, n=2, cutoff=0.6)
    if nearest is None or (len(close) > 1 and close[0] == nearest and _too_close(key, close)):
        return None
    if nearest in parent or nearest not in _BACKTICKED.findall(finding.message):
        return None  # renaming would repeat a key, or the message does not suggest it
    pointer = finding.path.rsplit("/", 1)[0] + "/" + nearest
    return _candidate(doc, finding, UNSAFE, [Edit(start, end, nearest)],
                      text("fix.rename", context.config.lang, before=key, after=nearest), reveals=pointer)


def _too_close(key: str, close: list[str]) -> bool:
    """Two suggestions almost equally near: not one unambiguous suggestion."""
    first = difflib.SequenceMatcher(None, key, close[0]).ratio()
    second = difflib.SequenceMatcher(None, key, close[1]).ratio()
    return first - second < 0.1


def _known_keys(doc: Document, parent_path: tuple) -> list[str]:
    """The keys the schema allows in the mapping at `parent_path` (from its own error)."""
    from ..schema import OFFICES_SCHEMA, SERVICE_SCHEMA, iter_schema_errors, versioned

    base = OFFICES_SCHEMA if isinstance(doc.data, dict) and "offices" in doc.data else SERVICE_SCHEMA
    name = versioned(base, doc.data)
    try:
        errors = iter_schema_errors(doc.data, name)
        for error in errors:
            if error.validator == "additionalProperties" and tuple(error.absolute_path) == parent_path:
                return list(error.schema.get("properties", {}))
    except Exception:  # noqa: BLE001 - no suggestion is no fix, never a crash
        return []
    return []


@fixer("SVC601")
def office_by_name(doc: Document, finding: Finding, path: tuple, context: Context) -> Candidate | None:
    value = _value(doc.data, path)
    if not isinstance(value, str):
        return None
    ids = context.office_names.get(value.strip())
    if not ids or len(set(ids)) != 1:
        return None
    span = _scalar_span(doc, path)
    if span is None:
        return None
    _, start, end = span
    return _candidate(doc, finding, UNSAFE, [Edit(start, end, ids[0])],
                      text("fix.office", context.config.lang, before=value, after=ids[0]))


def _textual_at(doc: Document, finding: Finding, context: Context) -> Candidate | None:
    """SVC104 / SVC102 on a line indented with tabs or U+3000, or with `：` after a key."""
    if finding.code not in ("SVC104", "SVC102"):
        return None
    lines = doc.lines
    if not 0 < finding.line <= len(lines):
        return None
    old = lines[finding.line - 1]
    new, changes = _textual_line_fix(old, _indent_unit(lines))
    if not changes:
        return None
    start = _line_start(doc.text, finding.line)
    return _candidate(doc, finding, SAFE, [Edit(start, start + len(old), new)],
                      _describe_textual(changes, context.config.lang), at=(finding.line, 1))


def candidates(doc: Document, findings: Iterable[Finding], context: Context) -> list[Candidate]:
    found: list[Candidate] = []
    for finding in findings:
        textual = _textual_at(doc, finding, context)
        if textual is not None:
            found.append(textual)
            continue
        path = parse_pointer(finding.path)
        for function in _FIXERS.get(finding.code, ()):
            try:
                candidate = function(doc, finding, path, context)
            except Exception:  # noqa: BLE001 - a fixer that fails fixes nothing
                candidate = None
            if candidate is not None:
                found.append(candidate)
                break
    return found


# ---------------------------------------------------------------------------------------
# Applying


def apply_edits(text_: str, edits: Iterable[Edit]) -> str:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out, position = [], 0
    for edit in ordered:
        if edit.start < position:
            raise ValueError("overlapping edits")
        out.append(text_[position:edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(text_[position:])
    return "".join(out)


def _acceptable(before: list[Finding], after: list[Finding], chosen: list[Candidate]) -> bool:
    targets = {c.target for c in chosen}
    after_exact = {(f.code, f.path, f.message) for f in after}
    if targets & after_exact:
        return False
    old = _signature(before)
    reveals = [c.reveals for c in chosen if c.reveals]
    for (code, pointer), count in _signature(after).items():
        if count <= old.get((code, pointer), 0):
            continue
        if any(pointer == r or pointer.startswith(r + "/") for r in reveals):
            continue
        return False
    return True


def _disjoint(chosen: list[Candidate]) -> list[Candidate]:
    kept, taken = [], []
    for candidate in sorted(chosen, key=lambda c: min((e.start for e in c.edits), default=0)):
        spans = [(e.start, e.end) for e in candidate.edits]
        if any(s < te and ts < e or (s == e == ts) for s, e in spans for ts, te in taken):
            continue
        kept.append(candidate)
        taken.extend(spans)
    return kept


def fix_text(text_: str, file: str, context: Context, *, unsafe: bool = False, rounds: int = 64) -> FileFix:
    """Fix one file's text. The result's `fixed` equals `text_` when nothing applies."""
    result = FileFix(file, text_, text_)
    current, textual, stuck = _textual_pass(text_, file, context)
    if stuck is not None:
        result.problem = text("unparseable", context.config.lang, file=file, line=stuck)
        loaded, findings = check_text(text_, file, context)
        result.remaining = tuple(findings)
        return result
    result.applied.extend(textual)
    loaded, findings = check_text(current, file, context)
    for _ in range(rounds):
        doc = loaded.document
        if doc is None or not findings:
            break
        proposed = _disjoint(candidates(doc, findings, context))
        allowed = [c for c in proposed if unsafe or c.kind == SAFE]
        if not unsafe:
            result.unsafe_skipped = [c for c in proposed if c.kind == UNSAFE]
        if not allowed:
            break
        progress = False
        batch_text = apply_edits(current, [e for c in allowed for e in c.edits])
        batch_loaded, batch_findings = check_text(batch_text, file, context)
        if batch_loaded.document is not None and _acceptable(findings, batch_findings, allowed):
            current, loaded, findings = batch_text, batch_loaded, batch_findings
            result.applied.extend(allowed)
            progress = True
        else:
            # One at a time: keep each fix the checker agrees with.
            for candidate in allowed:
                trial = apply_edits(current, candidate.edits)
                trial_loaded, trial_findings = check_text(trial, file, context)
                if trial_loaded.document is None or not _acceptable(findings, trial_findings, [candidate]):
                    continue
                current, loaded, findings = trial, trial_loaded, trial_findings
                result.applied.append(candidate)
                progress = True
                break  # positions moved: propose again from the new text
        if not progress:
            break
    result.fixed = current
    result.remaining = tuple(findings)
    if unsafe:
        result.unsafe_skipped = []
    return result


# ---------------------------------------------------------------------------------------
# Files


@record
class _Registry:
    """The offices registry as the fixers read it: its ids, and each office's names."""

    ids: frozenset[str] | None = None
    names: dict[str, list[str]] = field(default_factory=dict)


def _office_names(office: dict) -> list[str]:
    name = office.get("name")
    if isinstance(name, str):
        return [name.strip()]
    if isinstance(name, dict):
        return [v.strip() for v in name.values() if isinstance(v, str) and v.strip()]
    return []


def read_registry(path: Path | None, config: Config) -> _Registry:
    if path is None or not Path(path).is_file():
        return _Registry()
    from ..load import load_path

    loaded = load_path(path, str(path), lang=config.lang, limits=config.limits)
    data = loaded.document.data if loaded.document is not None else None
    if not isinstance(data, dict):
        return _Registry()
    registry = _Registry(ids=frozenset())
    ids = set()
    for office in data.get("offices") or []:
        if isinstance(office, dict) and isinstance(office.get("id"), str):
            ids.add(office["id"])
            for name in _office_names(office):
                registry.names.setdefault(name, []).append(office["id"])
    registry.ids = frozenset(ids)
    return registry


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def fix_file(path: Path, display: str, config: Config, *, unsafe: bool = False, write: bool = True,
             registries: dict | None = None) -> FileFix:
    """Fix one file on disk; written atomically, and only if something changed."""
    from ..load import decode, read_file

    raw, problem = read_file(path, display, lang=config.lang, limits=config.limits)
    body = None
    if raw is not None and problem is None:
        body, problem = decode(raw, display, config.lang)
    if body is None:
        result = FileFix(display, "", "")
        result.problem = text("unreadable", config.lang, file=display, problem=problem.message if problem else "")
        result.remaining = (problem,) if problem else ()
        return result
    result = _fix_body(body, path, display, config, unsafe=unsafe, registries=registries)
    if write and result.changed:
        from ..atomic import write_text_atomically

        bom, encoding = next(((b, e) for b, e in _BOMS if raw.startswith(b)), (b"", "utf-8"))
        write_text_atomically(Path(path), ("\ufeff" if bom else "") + result.fixed, encoding=encoding)
    return result


def _fix_body(body: str, path, display: str, config: Config, *, unsafe: bool, registries: dict | None) -> FileFix:
    """Fix the text of the file at `path`, with its offices registry as context (read once
    per registry into `registries`)."""
    from ..repository import RegistryLocator, is_registry_file

    registry_file = is_registry_file(path, config)
    registries = registries if registries is not None else {}
    registry_path = None if registry_file else RegistryLocator(config).registry_for(path)
    key = str(registry_path)
    if key not in registries:
        registries[key] = read_registry(registry_path, config)
    registry = registries[key]
    context = Context(
        config, office_ids=registry.ids, office_names=registry.names,
        is_registry=registry_file,
    )
    return fix_text(body, display, context, unsafe=unsafe)


def marks_of_text(body: str, path, display: str, config: Config, registries: dict | None = None) -> tuple:
    """What `svcstd fix --unsafe` would repair in the text of the file at `path`, found by a
    dry run: ((code, pointer, kind), ...), kind SAFE or UNSAFE. A worker process finds
    them for the files it checked (`runner.check_job`), so that the report does not wait
    for the parent to fix each file with findings again, one after another."""
    result = _fix_body(body, path, display, config, unsafe=True, registries=registries)
    found: dict[tuple[str, str], str] = {}
    for candidate in result.applied:
        if candidate.code == "SVC001":
            found[("SVC001", "")] = SAFE
            continue
        found[(candidate.target[0], candidate.target[1])] = candidate.kind
    return tuple((code, pointer, kind) for (code, pointer), kind in found.items())


def fix_paths(paths, config: Config, *, unsafe: bool = False, write: bool = True,
              force_exclude: bool = False) -> list[FileFix]:
    from ..discovery import discover

    targets = discover(list(paths), config, force_exclude=force_exclude)
    registries: dict = {}
    return [
        fix_file(Path(t.path), t.display, config, unsafe=unsafe, write=write, registries=registries)
        for t in targets if not t.is_stdin
    ]


# ---------------------------------------------------------------------------------------
# Marking findings that `svcstd fix` can repair (for every output format)


def fixable_codes() -> frozenset[str]:
    return frozenset(r.code for r in catalogue.all_rules() if r.fix)


def mark_fixable(report: Report, config: Config, skip: frozenset[str] = frozenset(), cache=None,
                 known: dict[str, tuple] | None = None) -> Report:
    """The report with `fix` set ("safe"/"unsafe") on each finding `svcstd fix` can repair.

    Only files with a finding of a fixable code are looked at again (read and dry-run
    fixed); a clean repository pays nothing. `skip`: names that are not files on disk
    (standard input), which `svcstd fix` does not fix. With `cache` (svcstd.cache.Cache),
    a file whose content and registry are unchanged keeps the marks of an earlier run
    instead of being fixed again. `known`: display name → marks (`marks_of_text`) that the
    worker processes found for files they checked in this run."""
    codes = fixable_codes()
    # Only the files this run checked: a dependant reported because the registry changed
    # was not checked (and must not cost a check now).
    # (The few files with a fixable finding, looked for among them: a set of every file
    # checked was 5 MB of a 100,000-file run's peak.)
    fixable = {f.file for f in report.findings if f.code in codes} - skip
    files = sorted(fixable.intersection(report.files)) if fixable else []
    if not files:
        return report
    marks: dict[tuple[str, str, str], str] = {}
    registries: dict = {}
    remembered = _Remembered(cache, config)
    known = known or {}
    for file in files:
        found = known.get(file)
        if found is None:
            if not os.path.isfile(file):
                continue
            found = remembered.get(file)
            if found is not None:
                marks.update(((file, code, pointer), kind) for code, pointer, kind in found)
                continue
            found = _marks_of_file(file, config, registries)
            if found is None:
                continue
        marks.update(((file, code, pointer), kind) for code, pointer, kind in found)
        remembered.put(file, found)
    remembered.save()
    if not marks:
        return report
    findings = tuple(
        replace(f, fix=marks[(f.file, f.code, f.path)]) if (f.file, f.code, f.path) in marks else f
        for f in report.findings
    )
    return replace(report, findings=findings)


def _marks_of_file(file: str, config: Config, registries: dict) -> tuple | None:
    from ..load import decode, read_file

    try:
        raw, problem = read_file(file, file, lang=config.lang, limits=config.limits)
        body = decode(raw, file, config.lang)[0] if raw is not None and problem is None else None
        return None if body is None else marks_of_text(body, file, file, config, registries)
    except Exception:  # noqa: BLE001 - marking is a courtesy; the report stands without it
        return None


class _Remembered:
    """The cache's fix marks (`cache.FixMarks`), keyed by the file's digest as the results
    cache knows it and by its registry's path and metadata: an unchanged repository reads
    no file to find its marks."""

    def __init__(self, cache, config: Config):
        self.cache = cache
        self.marks = cache.fix_marks() if cache is not None else None
        self.config = config
        self._locator = None
        self._registries: dict[str, str | None] = {}

    def _keys(self, file: str) -> tuple[str, str] | None:
        import time

        from ..cache import RACY_NS, stat_key
        from ..repository import RegistryLocator

        digest = self.cache.digest_of(file)
        if digest is None:
            return None
        if self._locator is None:
            self._locator = RegistryLocator(self.config)
        registry = self._locator.registry_for(file)
        name = str(registry)
        if name not in self._registries:
            try:
                signature = stat_key(os.stat(registry)) if registry is not None else None
            except OSError:
                signature = None
            if signature is not None and signature[0] >= time.time_ns() - RACY_NS:
                self._registries[name] = None  # modified a moment ago: its metadata may not tell
            else:
                self._registries[name] = f"{name}:{signature}"
        registry_key = self._registries[name]
        return None if registry_key is None else (digest, registry_key)

    def get(self, file: str) -> tuple | None:
        if self.marks is None:
            return None
        keys = self._keys(file)
        return None if keys is None else self.marks.get(file, *keys)

    def put(self, file: str, found: tuple) -> None:
        if self.marks is None:
            return
        keys = self._keys(file)
        if keys is not None:
            self.marks.put(file, *keys, found)

    def save(self) -> None:
        if self.marks is not None:
            self.marks.save()


def count_fixable(findings: Iterable[Finding]) -> tuple[int, int]:
    """(safe, unsafe) fixable findings."""
    kinds = Counter(getattr(f, "fix", "") for f in findings)
    return kinds.get(SAFE, 0), kinds.get(UNSAFE, 0)


def iter_fixers() -> Iterator[tuple[str, Fixer]]:
    for code, functions in _FIXERS.items():
        for function in functions:
            yield code, function
