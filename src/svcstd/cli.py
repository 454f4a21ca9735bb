"""The command line: options → configuration → core → reporter → exit code.

Nothing here checks anything; it only translates between the user and `svcstd.engine`.
Exit codes: 0 nothing at or above `--fail-on`; 1 findings that fail the run; 2 usage or
internal error; 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="svcstd",
    help="Check public-service standard definitions (YAML) against the svcstd format and rules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageProblem(Exception):
    """Reported as one line on stderr, exit code 2."""


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _stdout_is_terminal()


def write_output(text: str, destination: str | None) -> None:
    """stdout, or a file written atomically (a crash never leaves half a report)."""
    if destination is None or destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .atomic import write_text_atomically

    write_text_atomically(Path(destination), text)


VersionOption = Annotated[bool, typer.Option("--version", help="Show the version and exit.", is_eager=True)]


@app.callback()
def _root(version: VersionOption = False) -> None:
    if version:
        from . import __version__

        typer.echo(f"svcstd {__version__}")
        raise typer.Exit(0)


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to check; '-' reads standard input.")] = None,
    output_format: Annotated[
        Optional[list[str]],
        typer.Option("--format", "-f", help="Output format: rich, text, json. Repeat with --output for several."),
    ] = None,
    output: Annotated[Optional[list[str]], typer.Option("--output", "-o", help="Write the matching --format to this file.")] = None,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name to report for standard input.")] = None,
    config_file: Annotated[Optional[str], typer.Option("--config", help="Configuration file (svcstd.toml or pyproject.toml).")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these codes or prefixes (comma-separated).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip these codes or prefixes (comma-separated).")] = None,
    fail_on: Annotated[Optional[str], typer.Option(help="Lowest severity that fails the run: error, warning, info, never.")] = None,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when there are findings (reporting jobs).")] = False,
    force_exclude: Annotated[bool, typer.Option(help="Apply `exclude` to files named on the command line too.")] = False,
    lang: Annotated[Optional[str], typer.Option(help="Language of messages: en or zh.")] = None,
    no_source: Annotated[bool, typer.Option("--no-source", help="Do not show source lines under findings.")] = False,
) -> None:
    """Check service definitions and report every problem with file, line and column."""
    from . import engine
    from .config import load_config
    from .reporters import FORMATS, RenderOptions, get

    config = load_config(config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang)
    formats = list(output_format or [])
    outputs = list(output or [])
    if not formats:
        formats = [_default_format()]
    for name in formats:
        if name not in FORMATS:
            raise UsageProblem(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    if len(outputs) > len(formats):
        raise UsageProblem("more --output than --format options; pair each --output with a --format")
    destinations = outputs + [None] * (len(formats) - len(outputs))
    if destinations.count(None) > 1:
        raise UsageProblem("only one format can go to standard output; give the others an --output file")

    targets = list(paths or ["."])
    options = engine.CheckOptions(force_exclude=force_exclude, stdin_filename=stdin_filename)
    if "-" in targets:
        options.stdin_bytes = sys.stdin.buffer.read()
    report = engine.check_paths(targets, config, options)

    for name, destination in zip(formats, destinations):
        render_options = RenderOptions(
            lang=config.lang, color=destination is None and use_color(), show_source=not no_source
        )
        write_output(get(name).render(report, render_options), destination)

    code = engine.exit_code(report, config.fail_on)
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_OK
    raise typer.Exit(code)


def _default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from .reporters import FORMATS

        if "github" in FORMATS:
            return "github"
    return "rich"


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="service or offices")] = "service",
) -> None:
    """Print the bundled JSON Schema (point your editor's YAML language server at it)."""
    from .schema import OFFICES_SCHEMA, SERVICE_SCHEMA, schema_text

    files = {"service": SERVICE_SCHEMA, "offices": OFFICES_SCHEMA}
    if name not in files:
        raise UsageProblem(f"unknown schema {name!r}; choose service or offices")
    sys.stdout.write(schema_text(files[name]))


def main() -> None:
    """Entry point: never a traceback, whatever happens."""
    try:
        result = app(standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("svcstd: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        # `svcstd check | head`: the reader left; not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        finally:
            sys.exit(EXIT_OK)
    except Exception as error:  # noqa: BLE001 - the one place that turns crashes into a line
        sys.exit(_report_problem(error))
    sys.exit(result if isinstance(result, int) else EXIT_OK)


def _report_problem(error: Exception) -> int:
    from .config import ConfigError
    from .discovery import DiscoveryError

    if hasattr(error, "show") and hasattr(error, "exit_code"):
        error.show()  # the option parser's own usage message (typer vendors click)
        return EXIT_USAGE
    if isinstance(error, (UsageProblem, ConfigError, DiscoveryError)):
        sys.stderr.write(f"svcstd: error: {error}\n")
    else:
        sys.stderr.write(
            f"svcstd: internal error: {type(error).__name__}: {error} "
            "(please report this with the command you ran)\n"
        )
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    main()
