"""The values that flow out of every check: findings, and the report that collects them.

Both are immutable: once a rule has spoken, nothing downstream may quietly rewrite what
it said (suppression and severity overrides make *new* findings with `dataclasses.replace`).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import field

from .records import record

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {INFO: 0, WARNING: 1, ERROR: 2}


def pointer_segments(pointer: str) -> list[str]:
    """The keys and indexes (as text) of a JSON Pointer such as a finding's `path`:
    `/steps/2/a~1b` → ["steps", "2", "a/b"]; the document itself ("") → []."""
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]] if pointer else []


@record(frozen=True, slots=True)
class Finding:
    """One problem at one place.

    `line` and `column` are 1-based; `path` is a JSON Pointer into the document
    (`/steps/2/deadline`), empty for the document itself or for problems that precede
    parsing. `source` is the text of the offending line, kept for excerpts in reports.
    `fix` says whether `svcstd fix` can repair it ("safe", "unsafe" with `--unsafe-fixes`).
    """

    code: str
    severity: str
    message: str
    file: str
    line: int = 1
    column: int = 1
    path: str = ""
    source: str | None = field(default=None, compare=False)
    # "safe" or "unsafe" when `svcstd fix` can repair it (set after the check, by
    # svcstd.authoring.fixes.mark_fixable); "" otherwise.
    fix: str = field(default="", compare=False)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.path, self.message)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "fix": self.fix or None,
        }


def fails_run(finding: Finding, fail_on: str = "error") -> bool:
    """Whether `finding` makes the run fail under `--fail-on`: the one definition that exit
    codes and every format (JUnit failures, ...) share. An internal error always fails."""
    if finding.code == "SVC000":
        return True
    if fail_on == "never":
        return False
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


def _in_sorted(names: Sequence[str], name: str) -> bool:
    at = bisect.bisect_left(names, name)
    return at < len(names) and names[at] == name


@record(frozen=True, slots=True)
class Report:
    """Everything one run found: the findings (sorted) and what was looked at."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # YAML files found in the folders checked that are not service definitions (skipped).
    not_definitions: tuple[str, ...] = ()
    # Folders were named and not one definition was found in them.
    no_definitions: bool = False

    @property
    def files_checked(self) -> int:
        return len(self.files)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def files_with_findings(self) -> set[str]:
        return {f.file for f in self.findings}

    @property
    def clean_files(self) -> int:
        files, dirty = self.files, self.files_with_findings
        if isinstance(files, (tuple, list)):
            return sum(1 for name in files if name not in dirty)
        # A large run's names by column (`name_column`), sorted: the few files with
        # findings are searched in it, rather than each name read and tested.
        return len(files) - sum(1 for name in dirty if _in_sorted(files, name))

    def by_code(self) -> Counter[tuple[str, str]]:
        """(code, severity) → number of findings, for summaries."""
        return Counter((f.code, f.severity) for f in self.findings)

    def worst_severity(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)
