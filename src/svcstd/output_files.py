"""Where each report goes, and in which format: the `--format` / `--output` pairs of a run.

The command line gives formats and files in any mix: `--format json --output a.json`,
`--output results.sarif` alone, `--format text` to the terminal. Each `--output` takes the
`--format` given just before it; an `--output` without one takes the format its file
extension names (`.json`, `.sarif`, `.xml` for JUnit, ...), and an extension svcstd cannot
write is refused before anything is checked, so `report --output r.pdf` never writes
Markdown into a file called `.pdf`. An explicit `--format` always wins over the extension
(a SARIF or GitLab report is JSON and often named `.json`); when the two plainly disagree
(XML into `.json`), the run says so on standard error but does what was asked.

Files are prepared before the check runs: missing parent folders are created, and a
folder where the file should be, or a folder that cannot be written, is a usage error
naming the path, not a crash after a long run.
"""

from __future__ import annotations

import os
from pathlib import Path

from .records import record
from .usage_messages import LocalizedProblem, Phrase, os_detail

# Extension → format, for `svcstd check`. `.sarif.json` is SARIF's own suggested name.
CHECK_EXTENSIONS = {
    ".sarif.json": "sarif",
    ".sarif": "sarif",
    ".json": "json",
    ".xml": "junit",
    ".txt": "text",
    ".log": "text",
}
# Extension → format, for `svcstd report`.
REPORT_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
# What kind of text each format is, to notice `--format junit --output x.json`.
_CONTENT = {
    "json": "JSON", "sarif": "JSON", "gitlab": "JSON", "junit": "XML",
    "text": "text", "github": "text", "rich": "text", "html": "HTML", "markdown": "Markdown",
}
_EXTENSION_CONTENT = {
    ".json": "JSON", ".sarif": "JSON", ".xml": "XML", ".txt": "text", ".log": "text",
    ".html": "HTML", ".htm": "HTML", ".md": "Markdown", ".markdown": "Markdown",
}


class OutputProblem(LocalizedProblem):
    """A destination that cannot be used (a usage error, exit code 2)."""


@record(frozen=True)
class Destination:
    """Where one report goes: its format, and its file (None for standard output)."""

    format: str
    file: str | None  # None: standard output


def _suffix(path: str, table: dict[str, str]) -> str:
    name = Path(path).name.lower()
    for suffix in sorted(table, key=len, reverse=True):  # `.sarif.json` before `.json`
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return Path(name).suffix


def _listing(table: dict[str, str]) -> str:
    return ", ".join(f"{suffix} ({name})" for suffix, name in table.items())


def format_for_file(path: str, table: dict[str, str], default: str | None, command: str) -> str:
    """The format an `--output` file's extension names, for `command` (check or report)."""
    suffix = _suffix(path, table)
    if suffix in table:
        return table[suffix]
    if suffix == "" and default is not None:
        return default
    other = REPORT_EXTENSIONS if table is CHECK_EXTENSIONS else CHECK_EXTENSIONS
    if not suffix:
        raise OutputProblem("output_no_extension", path=path, command=command, listing=_listing(table))
    hint = ""
    if suffix in other:
        hint = Phrase("output_other_command", suffix=suffix, other="report" if command == "check" else "check")
    raise OutputProblem("output_extension", path=path, command=command, suffix=suffix, hint=hint, listing=_listing(table))


def mismatch_warning(name: str, path: str) -> Phrase | None:
    """A one-line warning when an explicit format plainly disagrees with the file's
    extension (it is still written: the explicit --format wins)."""
    content = _CONTENT.get(name)
    expected = _EXTENSION_CONTENT.get(Path(path).suffix.lower())
    if content is None or expected is None or content == expected:
        return None
    def kind(word: str):  # "text" is a word to translate; JSON, XML, HTML are names
        return Phrase("plain_text") if word == "text" else word

    return Phrase("output_mismatch", name=name, content=kind(content), path=path, expected=kind(expected))


def pair(order: list[str] | None, formats: list[str], outputs: list[str]) -> list[tuple[str | None, str | None]]:
    """(format or None, file or None) pairs. `order` is the command line's sequence of
    "format" / "output" occurrences when known; without it, the n-th --output goes with
    the n-th --format and the --outputs beyond the formats stand alone."""
    if order is None or order.count("format") != len(formats) or order.count("output") != len(outputs):
        pairs: list[tuple[str | None, str | None]] = list(zip(formats, outputs))
        pairs += [(name, None) for name in formats[len(outputs):]]
        pairs += [(None, file) for file in outputs[len(formats):]]
        return pairs
    pairs = []
    names, files = iter(formats), iter(outputs)
    pending: str | None = None
    for kind in order:
        if kind == "format":
            if pending is not None:
                pairs.append((pending, None))
            pending = next(names)
        else:
            pairs.append((pending, next(files)))
            pending = None
    if pending is not None:
        pairs.append((pending, None))
    return pairs


def prepare(path: str) -> None:
    """Make `path` writable as a file, or say plainly why it is not (OutputProblem)."""
    if path == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise OutputProblem("output_is_folder", path=path, example=Path(path) / "report")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputProblem("output_folder_blocked", path=path, folder=folder) from None
    except NotADirectoryError:
        raise OutputProblem("output_folder_part_file", path=path, folder=folder) from None
    except OSError as error:
        raise OutputProblem("output_folder_failed", path=path, folder=folder, detail=os_detail(error)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputProblem("output_folder_read_only", path=path, folder=folder)
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputProblem("output_file_read_only", path=path)


def write(text: str, path: str) -> None:
    """Write a report atomically; a failure is an OutputProblem naming the path."""
    from .atomic import write_text_atomically

    try:
        write_text_atomically(Path(path), text)
    except IsADirectoryError:
        raise OutputProblem("output_is_folder_short", path=path) from None
    except OSError as error:
        raise OutputProblem("output_write_failed", path=path, detail=os_detail(error)) from None
