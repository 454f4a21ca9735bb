"""The usual `svcstd check` command lines, read without typer.

A pre-commit hook runs `svcstd check FILE` on every commit. Importing typer, with the
standard modules it loads that a check does not need, was about 15 of that run's 83 ms.
So the `svcstd` command first tries this reader: it knows `check`'s options
as `svcstd check --help` lists them, spelt in full, and returns the values typer would
pass to `check_command.run`. Any line it is not sure of (help, another command, a
misspelt or abbreviated option, a missing value, a value that looks like an option, a
number that is not one) returns None, and typer reads the line as before, with its
messages and suggestions. So this reader never reports a usage error itself.

tests/test_check_line.py holds the two readers equal: this table against the options of
typer's `check`, and the values both return for generated command lines.
"""

from __future__ import annotations

FLAG, NO_FLAG, TEXT, TEXTS, NUMBER = "flag", "no-flag", "text", "texts", "number"

# Each spelling of an option: (the parameter of `check_command.run` it sets, its kind).
OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("output_format", TEXTS),
    "-f": ("output_format", TEXTS),
    "--output": ("output", TEXTS),
    "-o": ("output", TEXTS),
    "--stdin-filename": ("stdin_filename", TEXT),
    "--config": ("config_file", TEXT),
    "--select": ("select", TEXTS),
    "--ignore": ("ignore", TEXTS),
    "--fail-on": ("fail_on", TEXT),
    "--exit-zero": ("exit_zero", FLAG),
    "--no-exit-zero": ("exit_zero", NO_FLAG),
    "--force-exclude": ("force_exclude", FLAG),
    "--no-force-exclude": ("force_exclude", NO_FLAG),
    "--lang": ("lang", TEXT),
    "--no-source": ("no_source", FLAG),
    "--schema": ("schema_file", TEXT),
    "--jobs": ("jobs", NUMBER),
    "-j": ("jobs", NUMBER),
    "--no-cache": ("no_cache", FLAG),
    "--cache-dir": ("cache_dir", TEXT),
    "--fix": ("fix", FLAG),
    "--unsafe-fixes": ("unsafe_fixes", FLAG),
}

# What `check_command.run` receives for an option not given, as typer passes it.
DEFAULTS: dict[str, object] = {
    parameter: False if kind in (FLAG, NO_FLAG) else None for parameter, kind in OPTIONS.values()
}

# The options whose interleaving pairs each --output with the --format before it.
ORDERED = {"output_format": "format", "output": "output"}


def read(args: list[str]) -> dict | None:
    """The keyword arguments of `check_command.run` for `svcstd ARGS`, or None when this
    is not a `check` line this reader is sure of (typer then reads it)."""
    index, root_lang = _root_options(args)
    if index is None or index >= len(args) or args[index] != "check":
        return None
    values = dict(DEFAULTS)
    paths: list[str] = []
    order: list[str] = []
    words = args[index + 1:]
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        if word == "--":
            paths.extend(words[position:])
            break
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        name, equals, attached = word.partition("=")
        if name not in OPTIONS or (equals and not name.startswith("--")):
            return None  # unknown, abbreviated, `--help`, or `-f=json` (typer reads "=json")
        parameter, kind = OPTIONS[name]
        if kind in (FLAG, NO_FLAG):
            if equals:
                return None  # typer refuses a value for a flag, with its message
            values[parameter] = kind == FLAG
            continue
        if equals:
            value = attached
        elif position < len(words):
            value = words[position]
            position += 1
        else:
            return None  # the value is missing
        if not _plain_value(value):
            return None
        if kind == NUMBER:
            value = _whole_number(value)
            if value is None:
                return None
        if kind == TEXTS:
            values[parameter] = [*(values[parameter] or []), value]
            if parameter in ORDERED:
                order.append(ORDERED[parameter])
        else:
            values[parameter] = value
    if values["lang"] is None:
        values["lang"] = root_lang
    values["paths"] = paths or None
    values["option_order"] = order
    return values


def _root_options(args: list[str]) -> tuple[int | None, str | None]:
    """Where the command's name is, past `svcstd --lang LANG` (the only root option this
    reader knows), and that language; (None, None) for any other root option."""
    index, lang = 0, None
    while index < len(args) and args[index].startswith("-"):
        word = args[index]
        if word == "--lang" and index + 1 < len(args) and _plain_value(args[index + 1]):
            lang = args[index + 1]
            index += 2
        elif word.startswith("--lang=") and _plain_value(word[len("--lang="):]):
            lang = word[len("--lang="):]
            index += 1
        else:
            return None, None
    return index, lang


def _plain_value(value: str) -> bool:
    """A value typer would take as it is: not empty, not option-like (`-` is standard
    output or input, and fine)."""
    return value == "-" or (value != "" and not value.startswith("-"))


def _whole_number(value: str) -> int | None:
    """As svcstd's typer converter reads a whole number (plain_options)."""
    try:
        return int(value.strip(), 10)
    except ValueError:
        return None
