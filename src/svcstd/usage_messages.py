"""Usage errors and the command line's own words, in the run's language.

A usage error (exit code 2: a path that does not exist, an unknown `--format`, a typo in
the configuration) is raised as a `LocalizedProblem` carrying a key and its values, not a
finished sentence: the command line prints it in the language of the run (see
`config.guess_language`), which is known only where it is printed. The English templates
are here, in `USAGE_EN`; other languages in `locales/<lang>.json` under `_usage`, with the
same placeholders (tests/test_cli_language.py compares them). `str(problem)` is the
English text, so code and tests that only want a sentence keep working.
"""

from __future__ import annotations

import errno
import re

USAGE_EN = {
    # How the command line frames its own lines.
    "error_line": "svcstd: error: {message}",
    "warning_line": "svcstd: warning: {message}",
    "interrupted": "svcstd: interrupted",
    "internal_error": "svcstd: internal error: {kind}: {detail} (please report this with the command you ran)",
    "try_help": "Try '{command} --help' for help.",
    # A message its own module already wrote in the run's language (skeleton, git).
    "verbatim": "{text}",
    # Options and arguments (cli.py, authoring, oversight).
    "jobs_too_few": "--jobs must be 1 or more, not {jobs}",
    "unknown_format": "unknown format {name!r}; choose one of: {choices}",
    "unknown_report_format": "unknown report format {name!r}; choose one of: {choices}",
    "one_format_to_stdout": "only one format can go to standard output; give the others an --output file",
    "unknown_schema": "unknown schema {name!r}; choose {choices}",
    "unknown_format_version": "unknown format version {version!r}; choose {choices}",
    "unknown_language": "unknown language {lang!r}; choose {choices}",
    "unknown_rule": "unknown rule {code!r}.{hint} `svcstd rules` lists them all",
    "did_you_mean_rule": " Did you mean {name}?",
    "unknown_filter_value": "--{option} {value!r} is not known here.{hint} Known: {known}",
    "did_you_mean_quoted": " Did you mean {name!r}?",
    "unknown_gate": "unknown --fail-on {values!r}; choose from: {choices}",
    # `svcstd clean`.
    "cache_removed": "Removed {folder}",
    "cache_absent": "No svcstd cache at {folder}",
    # The progress line of long runs on a terminal (progress.py).
    "progress_line": "{done}/{total} files  {rate} files/s  {left} left",
    "progress_seconds": "{seconds} s",
    # Paths (discovery).
    "no_such_path": "{path}: no such file or folder",
    # Output files (output_files.py).
    "output_extension": "{path}: svcstd {command} cannot write {suffix} files{hint}. It writes {listing}; or name the format with --format",
    "output_no_extension": "{path}: svcstd {command} cannot write a file without an extension. It writes {listing}; or name the format with --format",
    "output_other_command": "; {suffix} is what `svcstd {other}` writes",
    "output_mismatch": "writing {name} ({content}) into {path}, whose extension suggests {expected}, as --format asks",
    "plain_text": "text",
    "output_is_folder": "{path}: is a folder; --output needs a file name (for example {example})",
    "output_is_folder_short": "{path}: is a folder; --output needs a file name",
    "output_folder_blocked": "{path}: cannot create folder {folder}: a file of that name is in the way",
    "output_folder_part_file": "{path}: cannot create folder {folder}: part of it is a file, not a folder",
    "output_folder_failed": "{path}: cannot create folder {folder}: {detail}",
    "output_folder_read_only": "{path}: cannot write into folder {folder}: permission denied",
    "output_file_read_only": "{path}: the file exists and cannot be written: permission denied",
    "output_write_failed": "{path}: cannot write the report: {detail}",
    # Configuration (config.py, schema.py).
    "config_missing": "configuration file {path} does not exist",
    "config_not_toml": "{path}: not valid TOML: {detail}",
    "config_unknown_key": "{where}: unknown configuration key `{key}`.{hint} Known keys: {known}",
    "did_you_mean_key": " Did you mean `{name}`?",
    "config_codes_not_list": "{where}: `{key}` must be a list of codes",
    "config_unknown_code": "{where}: `{key}` names unknown rule {value!r}{hint}; see `svcstd rules`",
    "did_you_mean_code": " (did you mean {name}?)",
    "config_not_string_list": "{where}: `{key}` must be a list of strings",
    "config_severity_not_table": "{where}: `severity` must be a table of code = severity",
    "config_bad_severity": "{where}: severity of {selector} must be one of {choices}, not {value!r}",
    "config_per_file_not_table": "{where}: `per-file-ignores` must be a table of glob = [codes]",
    "config_bad_language_tag": "{where}: `required-languages` lists {tag!r}, which is not a language tag (use codes such as \"zh\", \"en\", \"zh-Hant\")",
    "config_bad_default_language": "{where}: `default-language` is {tag!r}, which is not a language tag (use a code such as \"zh\" or \"en\")",
    "config_offices_not_path": "{where}: `offices` must be a path",
    "config_schema_not_path": "{where}: `schema` must be the path of a JSON Schema file",
    "config_not_boolean": "{where}: `{key}` must be true or false",
    "config_not_positive": "{where}: `{key}` must be a positive whole number",
    "config_bad_fail_on": "{where}: fail-on must be one of {choices}, not {value!r}",
    "config_bad_lang": "{where}: language must be one of {choices}, not {value!r}",
    "command_line": "command line",
    # What an English-only library or the system said, in other languages (`LibraryDetail`).
    "detail_syntax": "syntax error",
    "detail_syntax_at": "syntax error at line {line}, column {column}",
    "detail_permission": "permission denied",
    "detail_not_found": "no such file or folder",
    "detail_no_space": "no space left on the device",
    "detail_read_only": "read-only file system",
    "detail_is_folder": "is a folder",
    "detail_os": "system error {number}",
    "detail_not_utf8": "not UTF-8 text",
    "detail_schema_meta": "does not follow the rules of JSON Schema itself",
    "local_schema_unreadable": "local schema {path}: cannot be read ({detail})",
    "local_schema_not_json": "local schema {path}: is not valid JSON ({detail})",
    "local_schema_not_object": "local schema {path}: must be a JSON object (a JSON Schema)",
    "local_schema_invalid": "local schema {path}: is not a valid JSON Schema at {where}: {detail}",
    "local_schema_unresolvable": "local schema {path}: `$ref` {reference!r} cannot be resolved. svcstd never fetches schemas from the network or from other files: copy what it refers to into this schema (under `$defs`), or refer to the bundled schema by its $id ({bundled_id})",
    "schema_top_level": "the top level",
    # The option parser's own errors (typer's vendored click), as `--lang zh` shows them.
    "no_such_option": "No such option: {option}",
    "possible_options": " (Possible options: {options})",
    "no_such_command": "No such command {name!r}.",
    "did_you_mean_command": " Did you mean {names}?",
    "missing_command": "Missing command.",
    "missing_argument": "Missing argument {name}.",
    "missing_option": "Missing option {name}.",
    "invalid_value": "Invalid value for {name}: {detail}",
    "not_whole_number": "{value!r} is not a whole number.",
    "not_true_or_false": "{value!r} is not true or false.",
    "option_needs_value": "Option {option!r} requires an argument.",
    "option_needs_values": "Option {option!r} requires {count} arguments.",
    "extra_argument": "Got unexpected extra argument ({values})",
    "extra_arguments": "Got unexpected extra arguments ({values})",
    # Click's words around the help texts (`svcstd --help` under `--lang zh`).
    "help_usage_prefix": "Usage: ",
    "help_usage_options": "[OPTIONS]",
    "help_usage_command": "COMMAND [ARGS]...",
    "help_arguments": "Arguments:",
    "help_options": "Options:",
    "help_commands": "Commands:",
    "help_default": "default: {value}",
    "help_required": "required",
    "help_option": "Show this message and exit.",
}


def _locale_table(lang: str) -> dict:
    if lang == "en":
        return {}
    from .catalogue import _locale

    return _locale(lang).get("_usage", {})


def usage_text(key: str, lang: str = "en", /, **params) -> str:
    """`key`'s template in `lang` (English when missing), filled with `params`; a param
    that is itself a `Phrase` or `Alternatives` is rendered in the same language."""
    template = _locale_table(lang).get(key) or USAGE_EN.get(key, key)
    values = {name: value.render(lang) if hasattr(value, "render") else value for name, value in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


class Phrase:
    """A fragment of a message (a "did you mean" hint) translated with the message."""

    def __init__(self, key: str, /, **params) -> None:
        self.key, self.params = key, params

    def render(self, lang: str) -> str:
        return usage_text(self.key, lang, **self.params)


class Alternatives:
    """Values to choose from: "1 or 1.1", "zh or en"; in Chinese "1 或 1.1"."""

    def __init__(self, values) -> None:
        self.values = [str(v) for v in values]

    def render(self, lang: str) -> str:
        if len(self.values) < 2:
            return "".join(self.values)
        separator, last = ("、", " 或 ") if lang == "zh" else (", ", " or ")
        return separator.join(self.values[:-1]) + last + self.values[-1]


class Choices:
    """Allowed values, listed: "error, warning, info"; in Chinese "`error`、`warning`、`info`"."""

    def __init__(self, values) -> None:
        self.values = [str(v) for v in values]

    def render(self, lang: str) -> str:
        if lang == "zh":
            return "、".join(f"`{value}`" for value in self.values)
        return ", ".join(self.values)


class LibraryDetail:
    """The detail an English-only library or the operating system gives (tomllib's
    reason, an OS error): shown as it is in English; in another language replaced by what
    can be said of it there (where, and what kind of error), never an English fragment."""

    def __init__(self, english, key: str, /, **params) -> None:
        self.english, self.key, self.params = english, key, params

    def render(self, lang: str) -> str:
        return str(self.english) if lang == "en" else usage_text(self.key, lang, **self.params)


_POSITION = re.compile(r"line (\d+),? column (\d+)")
_OS_ERRORS = {
    errno.EACCES: "detail_permission", errno.EPERM: "detail_permission", errno.ENOENT: "detail_not_found",
    errno.ENOSPC: "detail_no_space", errno.EROFS: "detail_read_only", errno.EISDIR: "detail_is_folder",
}


def syntax_detail(error: Exception) -> LibraryDetail:
    """A TOML or JSON parser's error: its position, when it names one."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if line is None:
        found = _POSITION.search(str(error))
        line, column = (found.group(1), found.group(2)) if found else (None, None)
    if line is None:
        return LibraryDetail(error, "detail_syntax")
    return LibraryDetail(error, "detail_syntax_at", line=line, column=column)


def os_detail(error: OSError) -> LibraryDetail:
    english = error.strerror or error
    key = _OS_ERRORS.get(error.errno or 0)
    if key is None:
        return LibraryDetail(english, "detail_os", number=error.errno or "?")
    return LibraryDetail(english, key)


class LocalizedProblem(Exception):
    """A problem the user must fix (exit code 2), told in the run's language."""

    def __init__(self, key: str, /, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str = "en") -> str:
        return usage_text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class UsageProblem(LocalizedProblem):
    """Reported as one line on stderr, exit code 2."""
