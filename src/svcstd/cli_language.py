"""The command line in the user's language: `--help`, and the option parser's errors.

Help texts stay English at their declarations (typer's `help=` and docstrings); other
languages live in `locales/<lang>.json` under `_help`, keyed by command and parameter as
the user types them: `"check"`, `"check.--format"`, `"check.PATH"`, and `"svcstd"` for the
program itself. `localize(command, lang)` puts them onto the click command tree once,
before parsing, so a command registered later is translated by adding its entries (a
test walks the tree and fails on any command or parameter without one). Click's own
words (the "Usage:" line, section headings, "[default: ...]", the `--help` option, its
parse errors) are translated here too, from `_usage` (see `usage_messages`).

The language is the one `config.language_of_command_line` finds before parsing:
`--lang`, the nearest configuration's `lang`, then `LC_ALL` / `LC_MESSAGES` / `LANG`.
"""

from __future__ import annotations

import re

from .usage_messages import Phrase, usage_text

PROGRAM = "svcstd"


def help_texts(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    from .catalogue import _locale

    return _locale(lang).get("_help", {})


def parameter_key(command_name: str, param) -> str:
    """`check.--format` for an option (its first long name), `check.PATH` for an
    argument (its metavar, as `--help` shows it)."""
    if getattr(param, "param_type_name", "") == "argument":
        return f"{command_name}.{param.metavar or param.name.upper()}"
    names = [name for name in param.opts if name.startswith("--")] or list(param.opts)
    return f"{command_name}.{names[0]}"


def command_tree(root) -> list[tuple[str, object]]:
    """(key, click command) for the program and each of its commands."""
    return [(PROGRAM, root), *getattr(root, "commands", {}).items()]


def localize(root, lang: str) -> None:
    """Translate the help of `root` (typer's click group) and every command under it."""
    texts = help_texts(lang)
    if not texts:
        return
    for key, command in command_tree(root):
        if key in texts:
            command.help = texts[key]
            # The command list shows the first sentence; click's own shortening counts
            # words between spaces, which a Chinese sentence does not have.
            command.short_help = texts[key].split("。")[0]
        for param in command.params:
            text = texts.get(parameter_key(key, param))
            if text:
                param.help = text
        _localize_frame(command, lang)


def _localize_frame(command, lang: str) -> None:
    """Click's own words around the help texts, for one command."""
    help_option = command.get_help_option

    def localized_help_option(ctx):
        option = help_option(ctx)
        if option is not None:
            option.help = usage_text("help_option", lang)
        return option

    command.get_help_option = localized_help_option
    formatter = _formatter_class(lang)
    base = command.context_class
    command.context_class = type(f"Localized{base.__name__}", (base,), {"formatter_class": formatter})


def _formatter_class(lang: str):
    from typer._click.formatting import HelpFormatter

    headings = {
        "Arguments": usage_text("help_arguments", lang),
        "Options": usage_text("help_options", lang),
        "Commands": usage_text("help_commands", lang),
    }

    class LocalizedHelpFormatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage_text("help_usage_prefix", lang) if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(headings.get(heading, heading))

        def write_dl(self, rows, *args, **kwargs) -> None:
            super().write_dl([(term, _localize_extras(text, lang)) for term, text in rows], *args, **kwargs)

    return LocalizedHelpFormatter


_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")


def _localize_extras(text: str, lang: str) -> str:
    """`[default: .; required]` after a parameter's help, in `lang`."""
    match = _EXTRAS.search(text)
    if match is None:
        return text
    parts = []
    for part in match.group(1).split("; "):
        if part.startswith("default: "):
            part = usage_text("help_default", lang, value=part[len("default: "):])
        elif part == "required":
            part = usage_text("help_required", lang)
        parts.append(part)
    return text[: match.start()] + "[" + "; ".join(parts) + "]"


def help_requested(args: list[str]) -> bool:
    """Will this command line print help? (`--help` before any `--`, or nothing at all.)"""
    if not args:
        return True
    for word in args:
        if word == "--":
            return False
        if word == "--help":
            return True
    return False


# ---------------------------------------------------------------------------------------
# The option parser's errors


def parse_error_text(error, lang: str) -> str:
    """What click's `UsageError.show()` prints, in `lang`: the usage line, where to find
    help, and the error itself."""
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(usage_text("try_help", lang, command=ctx.command_path))
        lines.append("")
    lines.append(usage_text("error_line", lang, message=parse_error_message(error, lang)))
    return "\n".join(lines) + "\n"


_CLICK_MESSAGES = (
    (re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<names>.*)\?)?$"), "no_such_command"),
    (re.compile(r"Got unexpected extra argument \((?P<values>.*)\)$"), "extra_argument"),
    (re.compile(r"Got unexpected extra arguments \((?P<values>.*)\)$"), "extra_arguments"),
    (re.compile(r"Missing command\.$"), "missing_command"),
    (re.compile(r"Option '(?P<option>.*)' requires an argument\.$"), "option_needs_value"),
    (re.compile(r"Option '(?P<option>.*)' requires (?P<count>\d+) arguments\.$"), "option_needs_values"),
    (re.compile(r"'(?P<value>.*)' is not a whole number\.$"), "not_whole_number"),
    (re.compile(r"'(?P<value>.*)' is not true or false\.$"), "not_true_or_false"),
)


def _known_message(message: str, lang: str) -> str:
    for pattern, key in _CLICK_MESSAGES:
        match = pattern.match(message)
        if match is None:
            continue
        values = {name: value for name, value in match.groupdict().items()}
        if key == "no_such_command":
            names = values.pop("names")
            return usage_text(key, lang, **values) + (Phrase("did_you_mean_command", names=names).render(lang) if names else "")
        return usage_text(key, lang, **values)
    return message


def parse_error_message(error, lang: str) -> str:
    from typer._click import exceptions

    if isinstance(error, exceptions.NoSuchOption):
        text = usage_text("no_such_option", lang, option=error.option_name)
        if error.possibilities:
            text += Phrase("possible_options", options=", ".join(sorted(error.possibilities))).render(lang)
        return text
    if isinstance(error, exceptions.BadParameter):
        param = error.param
        hint = error.param_hint
        if hint is not None and not isinstance(hint, str):
            hint = " / ".join(repr(x) for x in hint)
        if hint is None and param is not None:
            hint = param.get_error_hint()
        if isinstance(error, exceptions.MissingParameter):
            kind = "missing_argument" if getattr(param, "param_type_name", "") == "argument" else "missing_option"
            return usage_text(kind, lang, name=hint or "")
        return usage_text("invalid_value", lang, name=hint or "", detail=_known_message(error.message, lang))
    return _known_message(error.message, lang)
