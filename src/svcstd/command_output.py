"""What every command does with its results, without the option parser: exit codes,
colour, writing a report, warnings and error lines.

Kept apart from `cli.py` so that `check`, run from `check_line` for the usual command
lines, reaches the terminal without importing typer.
"""

from __future__ import annotations

import os
import sys

from .usage_messages import usage_text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stdout_is_terminal()


def write_output(text: str, destination: str | None) -> None:
    """stdout, or a file written atomically (a crash never leaves half a report)."""
    if destination is None or destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from . import output_files

    output_files.write(text, destination)


def warn(text, lang: str = "en") -> None:
    """A warning line; `text` is a sentence or a `Phrase` said in `lang`."""
    sys.stderr.write(usage_text("warning_line", lang, message=text) + "\n")


def exit_code(report, fail_on: str, exit_zero: bool) -> int:
    """The same rule for every command: --exit-zero forgives findings, never crashes."""
    from . import engine

    code = engine.exit_code(report, fail_on)
    return EXIT_OK if exit_zero and code == EXIT_FINDINGS else code


def default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from .reporters import FORMATS

        if "github" in FORMATS:
            return "github"
    # The grouped report with excerpts is for people at a terminal; piped output (pre-commit,
    # logs, grep) gets one line per finding, and start-up does not pay for rich.
    return "rich" if stdout_is_terminal() else "text"


def report_problem(error: Exception, lang: str = "en") -> int:
    """A usage problem (said in `lang`) or a crash, as one line on standard error: never a
    traceback. The option parser's own errors are cli.py's."""
    from .usage_messages import LocalizedProblem

    if isinstance(error, LocalizedProblem):
        sys.stderr.write(usage_text("error_line", lang, message=error.message(lang)) + "\n")
    else:
        sys.stderr.write(usage_text("internal_error", lang, kind=type(error).__name__, detail=error) + "\n")
    return EXIT_USAGE


def say_interrupted(args: list[str]) -> int:
    """Ctrl-C: one line on standard error, in the command line's language; exit code 130."""
    from .config import language_of_command_line

    sys.stderr.write(usage_text("interrupted", language_of_command_line(args)) + "\n")
    return EXIT_INTERRUPTED


def reader_left() -> int:
    """`svcstd check | head`: the reader of standard output left, which is not an error of
    ours; what is still written goes nowhere (not into a second broken-pipe error)."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends
    except OSError:
        pass
    return EXIT_OK
