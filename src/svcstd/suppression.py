"""Inline suppression comments, and the report of those that suppress nothing.

    status: draft   # svcstd: disable=SVC404          this line (or, above a line, the next)
    # svcstd: disable-file=SVC404,SVC203               the whole file

Codes may be written as codes, prefixes (`SVC4`) or rule names (`unused-data`). A
directive that suppresses nothing is reported as SVC901, like ruff's unused `noqa`, so
that stale suppressions do not outlive the problem they excused.

Only real YAML comments count: `# svcstd: disable=...` inside a quoted or block string is
text, not a directive. Most files carry no directive, so `parse` first looks for the word
`disable` and only then asks the YAML scanner where the strings are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import field

from . import catalogue
from .findings import Finding
from .records import record

UNUSED = "SVC901"

catalogue.declare(
    UNUSED, "unused-suppression", "warning",
    "A `# svcstd: disable=...` comment suppresses nothing (or names an unknown code).",
    "A suppression is a reviewed exception. Once the finding it excused is gone, the comment "
    "would silently hide the next, unreviewed finding of that code in the same place; "
    "reporting it keeps exceptions few and current.",
    bad="status: active   # svcstd: disable=SVC502\n",
    good="status: active\n",
    messages={
        "unused": "`# svcstd: {kind}={code}` suppresses nothing: there is no {code} finding "
        "{where}. Remove {code} from the comment.",
        "where_line": "on this line or the next",
        "where_file": "in this file",
        "unknown": "`{code}` in this suppression comment is not a rule code or name. See "
        "`svcstd rules` for the codes.{suggestion}",
        "suggestion": " Did you mean `{word}`?",
    },
    family="suppression",
)

# Compiled (and kept by `re`) the first time a file holds "disable": most never do.
_DIRECTIVE = r"#\s*svcstd:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)"


@record(frozen=True)
class Directive:
    """One `svcstd: disable` comment: where it is, whether it covers the whole file, and
    the codes it names."""

    line: int
    column: int
    file_wide: bool
    # (as written, codes it stands for); an unknown name stands for nothing.
    selectors: tuple[tuple[str, frozenset[str]], ...]
    source: str | None = None

    @property
    def kind(self) -> str:
        return "disable-file" if self.file_wide else "disable"

    def covers(self, finding: Finding) -> str | None:
        """The selector that suppresses `finding`, if any."""
        if not self.file_wide and finding.line not in (self.line, self.line + 1):
            return None
        for written, codes in self.selectors:
            if finding.code in codes:
                return written
        return None


@record(frozen=True)
class Directives:
    """The suppression comments of one file."""

    items: tuple[Directive, ...] = field(default_factory=tuple)


def parse(text: str) -> Directives | None:
    """The suppression directives of a file, or None when it has none (the common case)."""
    if "disable" not in text:
        return None
    candidates = []
    for match in re.finditer(_DIRECTIVE, text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        candidates.append((line, column, match))
    if not candidates:
        return None
    strings = _string_spans(text)
    items = []
    for line, column, match in candidates:
        position = (line - 1, column - 1)
        if any(start <= position < end for start, end in strings):
            continue
        if not _starts_comment(text, match.start()):
            continue
        selectors = tuple(
            (written, frozenset(catalogue.expand_selector(written)))
            for written in (part.strip() for part in match.group(2).split(","))
            if written
        )
        source = text[text.rfind("\n", 0, match.start()) + 1:].split("\n", 1)[0].rstrip("\r")
        items.append(Directive(line, column, match.group(1) == "disable-file", selectors, source))
    return Directives(tuple(items)) if items else None


def _starts_comment(text: str, offset: int) -> bool:
    """YAML comments start a line or follow whitespace (`a#b` is text)."""
    return offset == 0 or text[offset - 1] in " \t\n\r"


def _string_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(line, column) spans (0-based) of every scalar token, quoted or block."""
    import yaml

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]
    spans = []
    try:
        for token in yaml.scan(text, Loader=Loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                spans.append(((start.line, start.column), (end.line, end.column)))
    except yaml.YAMLError:
        pass  # a file that does not scan never reaches the rules; keep what was found
    return spans


def apply(findings: Sequence[Finding], directives: Directives | None, file: str, config) -> list[Finding]:
    """Drop the findings that a directive covers; report directives that cover nothing."""
    if not directives:
        return list(findings)
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        suppressed = False
        if finding.code not in ("SVC000", UNUSED):
            for number, directive in enumerate(directives.items):
                written = directive.covers(finding)
                if written is not None:
                    used.add((number, written))
                    suppressed = True
        if not suppressed:
            kept.append(finding)
    kept.extend(_unused(directives, used, file, config))
    return kept


def _unused(directives: Directives, used: set, file: str, config) -> Iterable[Finding]:
    enabled = config.enabled_codes() if config is not None else None
    if (enabled is not None and UNUSED not in enabled) or _ignored(file, UNUSED, config):
        return
    lang = getattr(config, "lang", "en")
    waived = any(
        UNUSED in codes for d in directives.items if d.file_wide for _, codes in d.selectors
    )
    for number, directive in enumerate(directives.items):
        for written, codes in directive.selectors:
            if (number, written) in used:
                continue
            if not codes:
                close = _nearest_code(written)
                suggestion = catalogue.message(UNUSED, "suggestion", lang, word=close) if close else ""
                text = catalogue.message(UNUSED, "unknown", lang, code=written, suggestion=suggestion)
            else:
                # A code switched off by the configuration has no findings to suppress here;
                # the comment may still be needed where it is on.
                if waived or (enabled is not None and not codes & enabled):
                    continue
                if all(_ignored(file, code, config) for code in codes):
                    continue
                where = catalogue.message(UNUSED, "where_file" if directive.file_wide else "where_line", lang)
                text = catalogue.message(UNUSED, "unused", lang, kind=directive.kind, code=written, where=where)
            yield Finding(
                code=UNUSED,
                severity=catalogue.default_severity(UNUSED),
                message=text,
                file=file,
                line=directive.line,
                column=directive.column,
                source=directive.source,
            )


def _ignored(file: str, code: str, config) -> bool:
    if config is None or not getattr(config, "per_file_ignores", None):
        return False
    from .engine import _ignored_for_file

    return _ignored_for_file(file, code, config)


def _nearest_code(written: str) -> str | None:
    import difflib

    rules = catalogue.all_rules()
    names = [r.code for r in rules] + [r.name for r in rules]
    close = difflib.get_close_matches(written, names, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(written.upper(), names, n=1, cutoff=0.6)
    return close[0] if close else None
