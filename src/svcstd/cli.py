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

from . import plain_options

plain_options.install()  # ~100 ms less per start with typer releases that use pydantic
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

# Options that `check` and `report` share: one definition each, so their names and help stay
# the same in both commands.
ConfigOption = Annotated[Optional[str], typer.Option("--config", help="Configuration file (svcstd.toml or pyproject.toml).")]
SelectOption = Annotated[Optional[list[str]], typer.Option(help="Only these codes or prefixes (comma-separated).")]
IgnoreOption = Annotated[Optional[list[str]], typer.Option(help="Skip these codes or prefixes (comma-separated).")]
FailOnOption = Annotated[Optional[str], typer.Option(help="Lowest severity that fails the run: error, warning, info, never.")]
ExitZeroOption = Annotated[bool, typer.Option(help="Exit 0 even when there are findings (reporting jobs).")]
ForceExcludeOption = Annotated[bool, typer.Option(help="Apply `exclude` to files named on the command line too.")]


@app.callback(invoke_without_command=True)
def _root(context: typer.Context, version: VersionOption = False) -> None:
    if version:
        from . import __version__

        typer.echo(f"svcstd {__version__}")
        raise typer.Exit(0)
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit(EXIT_USAGE)


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders to check; '-' reads standard input.")] = None,
    output_format: Annotated[
        Optional[list[str]],
        typer.Option("--format", "-f", help="Output format: rich, text, json, sarif, junit, github, gitlab. Repeat with --output for several."),
    ] = None,
    output: Annotated[Optional[list[str]], typer.Option("--output", "-o", help="Write the matching --format to this file.")] = None,
    stdin_filename: Annotated[Optional[str], typer.Option(help="Name to report for standard input.")] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    force_exclude: ForceExcludeOption = False,
    lang: Annotated[Optional[str], typer.Option(help="Language of messages: en or zh.")] = None,
    no_source: Annotated[bool, typer.Option("--no-source", help="Do not show source lines under findings.")] = False,
    schema_file: Annotated[
        Optional[str],
        typer.Option("--schema", help="A local JSON Schema checked in addition to the bundled one (never fetched: only local $refs)."),
    ] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: one per CPU core; 1 checks in this process).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the results cache.")] = False,
    cache_dir: Annotated[Optional[str], typer.Option("--cache-dir", help="Where to keep the results cache (default: .svcstd_cache beside the configuration).")] = None,
) -> None:
    """Check service definitions and report every problem with file, line and column."""
    from . import engine
    from .config import load_config
    from .reporters import FORMATS, RenderOptions, get

    config = load_config(config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang, schema=schema_file)
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
    if jobs is not None and jobs < 1:
        raise UsageProblem(f"--jobs must be 1 or more, not {jobs}")
    options = engine.CheckOptions(
        force_exclude=force_exclude, stdin_filename=stdin_filename,
        jobs=jobs, use_cache=not no_cache, cache_dir=cache_dir,
    )
    if "-" in targets:
        options.stdin_bytes = sys.stdin.buffer.read()
    report = engine.check_paths(targets, config, options)

    for name, destination in zip(formats, destinations):
        render_options = RenderOptions(
            lang=config.lang, color=destination is None and use_color(), show_source=not no_source,
            fail_on=config.fail_on,
        )
        write_output(get(name).render(report, render_options), destination)

    raise typer.Exit(_exit_code(report, config.fail_on, exit_zero))


def _exit_code(report, fail_on: str, exit_zero: bool) -> int:
    """The same rule for every command: --exit-zero forgives findings, never crashes."""
    from . import engine

    code = engine.exit_code(report, fail_on)
    return EXIT_OK if exit_zero and code == EXIT_FINDINGS else code


def _default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from .reporters import FORMATS

        if "github" in FORMATS:
            return "github"
    # The grouped report with excerpts is for people at a terminal; piped output (pre-commit,
    # logs, grep) gets one line per finding, and start-up does not pay for rich.
    return "rich" if _stdout_is_terminal() else "text"


@app.command()
def report(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders of service definitions.")] = None,
    output_format: Annotated[
        Optional[str],
        typer.Option("--format", "-f", help="html or markdown (default: from the --output suffix, else markdown)."),
    ] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the report to this file (atomically).")] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    force_exclude: ForceExcludeOption = False,
    lang: Annotated[Optional[str], typer.Option(help="Language of the report: en or zh.")] = None,
) -> None:
    """Compliance report for officers: per service, which standard elements are complete, and a score."""
    from . import compliance, engine
    from .config import load_config
    from .reporters import COMPLIANCE_FORMATS, RenderOptions, get_compliance

    name = output_format or _report_format_for(output)
    if name not in COMPLIANCE_FORMATS:
        raise UsageProblem(f"unknown report format {name!r}; choose one of: {', '.join(COMPLIANCE_FORMATS)}")
    config = load_config(config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang)
    options = engine.CheckOptions(force_exclude=force_exclude)
    checked, view = compliance.collect(list(paths or ["."]), config, options)
    write_output(get_compliance(name).render(view, RenderOptions(lang=config.lang, fail_on=config.fail_on)), output)

    raise typer.Exit(_exit_code(checked, config.fail_on, exit_zero))


def _report_format_for(output: str | None) -> str:
    suffix = Path(output).suffix.lower() if output else ""
    return "html" if suffix in (".html", ".htm") else "markdown"


@app.command()
def clean(
    config_file: ConfigOption = None,
    cache_dir: Annotated[Optional[str], typer.Option("--cache-dir", help="The cache folder (default: .svcstd_cache beside the configuration).")] = None,
) -> None:
    """Delete the results cache (only a folder that svcstd itself created)."""
    from .cache import clear, default_cache_dir
    from .config import load_config

    folder = Path(cache_dir) if cache_dir else default_cache_dir(load_config(config_file))
    if clear(folder):
        typer.echo(f"Removed {folder}")
    else:
        typer.echo(f"No svcstd cache at {folder}")


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="service or offices")] = "service",
    version: Annotated[Optional[str], typer.Option("--version", help="Format version: 1 or 1.1 (default: the latest).")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Language of the descriptions: en or zh.")] = None,
    config_file: Annotated[Optional[str], typer.Option("--config", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """Print the bundled JSON Schema (point your editor's YAML language server at it)."""
    from .schema import SCHEMA_KINDS, schema_name, schema_text
    from .versions import FORMAT_VERSIONS, LATEST_VERSION

    if name not in SCHEMA_KINDS:
        raise UsageProblem(f"unknown schema {name!r}; choose service or offices")
    version = version or LATEST_VERSION
    if version not in FORMAT_VERSIONS:
        raise UsageProblem(f"unknown format version {version!r}; choose {' or '.join(FORMAT_VERSIONS)}")
    language = _display_language(lang, config_file)
    sys.stdout.write(schema_text(schema_name(name, version, language)))


def _display_language(lang: str | None, config_file: str | None) -> str:
    from .config import load_config

    return load_config(config_file, lang=lang).lang


@app.command()
def rules(
    output_format: Annotated[str, typer.Option("--format", "-f", help="table (default) or json.")] = "table",
    lang: Annotated[Optional[str], typer.Option(help="Language: en or zh.")] = None,
    config_file: Annotated[Optional[str], typer.Option("--config", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """List every rule: code, name, default severity and summary."""
    from . import catalogue_view

    language = _display_language(lang, config_file)
    if output_format == "json":
        sys.stdout.write(catalogue_view.rules_json(language))
    elif output_format == "table":
        sys.stdout.write(catalogue_view.rules_table(language, color=use_color()))
    else:
        raise UsageProblem(f"unknown format {output_format!r}; choose table or json")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (SVC201) or name (committed-exceeds-statutory).")],
    lang: Annotated[Optional[str], typer.Option(help="Language: en or zh.")] = None,
    config_file: Annotated[Optional[str], typer.Option("--config", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """Explain a rule: what it finds, why it exists, and an example that fails and one that passes."""
    import difflib

    from . import catalogue, catalogue_view

    language = _display_language(lang, config_file)
    found = catalogue.get(code)
    if found is None:
        known = [r.code for r in catalogue.all_rules()] + [r.name for r in catalogue.all_rules()]
        close = difflib.get_close_matches(code, known, n=1) or difflib.get_close_matches(code.upper(), known, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UsageProblem(f"unknown rule {code!r}.{hint} `svcstd rules` lists them all")
    sys.stdout.write(catalogue_view.explain(found, language, color=use_color()))


# Publishing (guide, exports) lives in its own package; its commands join the app here.
from .publish.commands import register as _register_publish  # noqa: E402

_register_publish(app)


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
    if result == EXIT_INTERRUPTED:
        # typer turns Ctrl-C inside a command into a silent exit 130; say why we stopped.
        sys.stderr.write("svcstd: interrupted\n")
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
