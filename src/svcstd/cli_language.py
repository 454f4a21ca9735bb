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

from .usage_messages import Choices, Phrase, usage_text

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
            for english in ("help_usage_command", "help_usage_options"):
                args = args.replace(usage_text(english, "en"), usage_text(english, lang))
            super().write_usage(prog, args, usage_text("help_usage_prefix", lang) if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            if heading in headings:
                self.write(f"{'':>{self.current_indent}}{headings[heading]}\n")
            else:
                super().write_heading(heading)

        def write_text(self, text: str) -> None:
            indent = " " * self.current_indent
            for line in wrap(text, max(self.width - self.current_indent, 11)):
                self.write(f"{indent}{line}\n")

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
            """Click's two columns, wrapped by display width (a Chinese character takes
            two columns) and never inside a word, an option name or a `code` span."""
            rows = [(term, _localize_extras(text, lang)) for term, text in rows]
            if not rows:
                return
            first_col = min(max(display_width(term) for term, _ in rows), col_max) + col_spacing
            for term, text in rows:
                self.write(f"{'':>{self.current_indent}}{term}")
                if not text:
                    self.write("\n")
                    continue
                if display_width(term) <= first_col - col_spacing:
                    self.write(" " * (first_col - display_width(term)))
                else:
                    self.write("\n" + " " * (first_col + self.current_indent))
                lines = wrap(text, max(self.width - first_col - self.current_indent, 10))
                self.write(lines[0] + "\n")
                for line in lines[1:]:
                    self.write(f"{'':>{first_col + self.current_indent}}{line}\n")

    return LocalizedHelpFormatter


def display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# A run of printable ASCII (a word, an option), a `code` span and a [默认：...] note are
# never broken; any other character may end a line, except that closing punctuation stays with
# what it closes.
# Patterns of help and error text only: compiled (and cached by `re`) when used, not by every run.
_TOKENS = r"(?:`[^`]*`|\[[^\[\]]*\]|[!-~]+|[^\s])[，。；：、）」”！？]*|\s+"


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns (a longer single token gets a
    line of its own)."""
    lines: list[str] = []
    current, used = "", 0
    for token in re.findall(_TOKENS, " ".join(text.split())):
        size = display_width(token)
        if token.isspace():
            if current:
                current, used = current + " ", used + 1
            continue
        if used + size > width and current.strip():
            lines.append(current.rstrip())
            current, used = "", 0
        current, used = current + token, used + size
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


_EXTRAS = r"\[([^\[\]]*)\]$"


def _localize_extras(text: str, lang: str) -> str:
    """`[default: .; required]` after a parameter's help, in `lang`."""
    match = re.search(_EXTRAS, text)
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
    """Will this command line print help? (`--help` before any `--`, or nothing but a
    language: `svcstd`, `svcstd --lang zh`.)"""
    if not args or args[0].startswith("--lang=") and len(args) == 1 or args[0] == "--lang" and len(args) == 2:
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
        # The context was made before the language was known: format its usage line anew.
        formatter = _formatter_class(lang)(width=ctx.terminal_width, max_width=ctx.max_content_width)
        ctx.command.format_usage(ctx, formatter)
        lines.append(formatter.getvalue().rstrip("\n"))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(usage_text("try_help", lang, command=ctx.command_path))
        lines.append("")
    lines.append(usage_text("error_line", lang, message=parse_error_message(error, lang)))
    return "\n".join(lines) + "\n"


_CLICK_MESSAGES = (
    (r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<names>.*)\?)?$", "no_such_command"),
    (r"Got unexpected extra argument \((?P<values>.*)\)$", "extra_argument"),
    (r"Got unexpected extra arguments \((?P<values>.*)\)$", "extra_arguments"),
    (r"Missing command\.$", "missing_command"),
    (r"Option '(?P<option>.*)' requires an argument\.$", "option_needs_value"),
    (r"Option '(?P<option>.*)' requires (?P<count>\d+) arguments\.$", "option_needs_values"),
    (r"'(?P<value>.*)' is not a whole number\.$", "not_whole_number"),
    (r"'(?P<value>.*)' is not true or false\.$", "not_true_or_false"),
)


def _known_message(message: str, lang: str) -> str:
    for pattern, key in _CLICK_MESSAGES:
        match = re.match(pattern, message)
        if match is None:
            continue
        values = {name: value for name, value in match.groupdict().items()}
        if key == "no_such_command":
            names = values.pop("names")
            if names:
                names = Choices(re.findall(r"'([^']*)'", names))
            return usage_text(key, lang, **values) + (Phrase("did_you_mean_command", names=names).render(lang) if names else "")
        return usage_text(key, lang, **values)
    return message


def parse_error_message(error, lang: str) -> str:
    from typer._click import exceptions

    if isinstance(error, exceptions.NoSuchOption):
        text = usage_text("no_such_option", lang, option=error.option_name)
        if error.possibilities:
            text += Phrase("possible_options", options=Choices(sorted(error.possibilities))).render(lang)
        return text
    if isinstance(error, exceptions.BadParameter):
        param = error.param
        hint = error.param_hint
        if hint is not None and not isinstance(hint, str):
            hint = " / ".join(repr(x) for x in hint)
        if hint is None and param is not None:
            hint = param.get_error_hint()
        if hint and lang == "zh":  # '--jobs' / '-j' → `--jobs`、`-j`
            hint = Choices(re.findall(r"'([^']*)'", hint)).render(lang) or hint
        if isinstance(error, exceptions.MissingParameter):
            kind = "missing_argument" if getattr(param, "param_type_name", "") == "argument" else "missing_option"
            return usage_text(kind, lang, name=hint or "")
        return usage_text("invalid_value", lang, name=hint or "", detail=_known_message(error.message, lang))
    return _known_message(error.message, lang)
