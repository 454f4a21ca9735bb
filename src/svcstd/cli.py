"""The command line: options → configuration → core → reporter → exit code.

Nothing here checks anything; it only translates between the user and `svcstd.engine`.
Exit codes: 0 nothing at or above `--fail-on`; 1 findings that fail the run; 2 usage or
internal error; 130 interrupted.
"""

# No `from __future__ import annotations` here: typer reads the annotations of the command
# it runs, and annotations kept as text are compiled again on every run (a hundred
# `eval`s for `check`, 3 ms of a one-file run's start); written plainly, they are
# compiled once, into the module's bytecode.
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import cli_language, plain_options
from .command_output import (  # other commands import these from here
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    reader_left,
    report_problem,
    say_interrupted,
    use_color,
    write_output,
)
from .command_output import exit_code as _exit_code
from .command_output import stdout_is_terminal as _stdout_is_terminal
from .command_output import warn as _warn
from .usage_messages import (  # UsageProblem: commands import it from here
    Alternatives,
    Choices,
    Phrase,
    UsageProblem,
    usage_text,
)

plain_options.install()  # ~100 ms less per start with typer releases that use pydantic
app = typer.Typer(
    name="svcstd",
    help="Check public-service standard definitions (YAML) against the svcstd format and rules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

class _OptionOrder(typer.core.TyperCommand):
    """Remembers how --format and --output interleave on the command line (the parser
    keeps each option's values apart), so that each --output takes the --format just
    before it. Best effort: without it, they pair by position."""

    def make_parser(self, ctx):
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_in_order(args):
            opts, rest, order = parse(args=args)
            ctx.meta["svcstd.option_order"] = [getattr(p, "name", None) for p in order]
            return opts, rest, order

        parser.parse_args = parse_in_order
        return parser


def _option_order(context: typer.Context | None) -> list[str] | None:
    names = context.meta.get("svcstd.option_order") if context is not None else None
    if names is None:
        return None
    kinds = {"output_format": "format", "output": "output"}
    return [kinds[name] for name in names if name in kinds]


VersionOption = Annotated[bool, typer.Option("--version", help="Show the version and exit.", is_eager=True)]

# Options that `check` and `report` share: one definition each, so their names and help stay
# the same in both commands.
ConfigOption = Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (svcstd.toml or pyproject.toml).")]
SelectOption = Annotated[list[str] | None, typer.Option(metavar="CODES", help="Only these codes or prefixes (comma-separated).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(metavar="CODES", help="Skip these codes or prefixes (comma-separated).")]
FailOnOption = Annotated[str | None, typer.Option(metavar="SEVERITY", help="Lowest severity that fails the run: error, warning, info, never.")]
ExitZeroOption = Annotated[bool, typer.Option(help="Exit 0 even when there are findings (reporting jobs).")]
ForceExcludeOption = Annotated[
    bool, typer.Option(help="Treat files named on the command line like files found in a folder: apply `exclude`, git's ignores and skip YAML that is not a service definition (pre-commit).")
]


RootLangOption = Annotated[
    str | None, typer.Option("--lang", metavar="LANG", help="Language of this help, of usage errors and of the command that follows: en or zh.")
]


@app.callback(invoke_without_command=True)
def _root(context: typer.Context, version: VersionOption = False, lang: RootLangOption = None) -> None:
    if lang is not None:
        # `svcstd --lang zh check`: the command's own --lang, unless it is given one.
        context.default_map = {name: {"lang": lang} for name in getattr(context.command, "commands", {})}
    if version:
        from . import __version__

        typer.echo(f"svcstd {__version__}")
        raise typer.Exit(0)
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit(EXIT_USAGE)


@app.command(cls=_OptionOrder)
def check(
    context: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Files or folders to check; '-' reads standard input.")] = None,
    output_format: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="Output format: rich, text, json, sarif, junit, github, gitlab. Repeat with --output for several."),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the --format given before it to this file (without one: the format its extension names)."),
    ] = None,
    stdin_filename: Annotated[str | None, typer.Option(metavar="NAME", help="Name to report for standard input.")] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    force_exclude: ForceExcludeOption = False,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of messages: en or zh.")] = None,
    no_source: Annotated[bool, typer.Option("--no-source", help="Do not show source lines under findings.")] = False,
    schema_file: Annotated[
        str | None,
        typer.Option("--schema", metavar="FILE", help="A local JSON Schema checked in addition to the bundled one (never fetched: only local $refs)."),
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", help="Worker processes (default: one per CPU core; 1 checks in this process).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the results cache.")] = False,
    cache_dir: Annotated[str | None, typer.Option("--cache-dir", metavar="FOLDER", help="Where to keep the results cache (default: .svcstd_cache at the project root).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="First apply the safe fixes (as `svcstd fix`), then report what remains.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix: also the fixes that need review.")] = False,
) -> None:
    """Check service definitions and report every problem with file, line and column."""
    from . import check_command

    raise typer.Exit(check_command.run(
        paths=paths, output_format=output_format, output=output, stdin_filename=stdin_filename,
        config_file=config_file, select=select, ignore=ignore, fail_on=fail_on, exit_zero=exit_zero,
        force_exclude=force_exclude, lang=lang, no_source=no_source, schema_file=schema_file, jobs=jobs,
        no_cache=no_cache, cache_dir=cache_dir, fix=fix, unsafe_fixes=unsafe_fixes,
        option_order=_option_order(context),
    ))


@app.command()
def report(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Files or folders of service definitions.")] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="html or markdown (default: from the --output extension, .html or .md; else markdown)."),
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file (atomically).")] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    force_exclude: ForceExcludeOption = False,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the report: en or zh.")] = None,
) -> None:
    """Compliance report for officers: per service, which standard elements are complete, and a score."""
    from . import compliance, engine
    from .config import load_config
    from .reporters import COMPLIANCE_FORMATS, RenderOptions, get_compliance

    name = _report_format(output_format, output, lang)
    if name not in COMPLIANCE_FORMATS:
        raise UsageProblem("unknown_report_format", name=name, choices=Choices(COMPLIANCE_FORMATS))
    if output is not None and output != "-":
        from . import output_files

        output_files.prepare(output)
    from .config import search_start

    targets = list(paths or ["."])
    config = load_config(config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang, start=search_start(targets))
    options = engine.CheckOptions(force_exclude=force_exclude)
    checked, view = compliance.collect(targets, config, options)
    write_output(get_compliance(name).render(view, RenderOptions(lang=config.lang, fail_on=config.fail_on)), output)

    raise typer.Exit(_exit_code(checked, config.fail_on, exit_zero))


def _report_format(explicit: str | None, output: str | None, lang: str | None = None) -> str:
    """--format when given (it wins over the extension), else the --output file's
    extension (.html, .md; one svcstd cannot write is refused), else markdown."""
    from . import output_files

    if output is None or output == "-":
        return explicit or "markdown"
    if explicit is not None:
        warning = output_files.mismatch_warning(explicit, output)
        if warning:
            from .config import guess_language

            _warn(warning, guess_language(lang))
        return explicit
    return output_files.format_for_file(output, output_files.REPORT_EXTENSIONS, "markdown", "report")


@app.command()
def clean(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="A file or folder of the project (default: the current folder).")] = None,
    config_file: ConfigOption = None,
    cache_dir: Annotated[str | None, typer.Option("--cache-dir", metavar="FOLDER", help="The cache folder (default: .svcstd_cache at the project root).")] = None,
) -> None:
    """Delete the results cache of the project (only a folder that svcstd itself created)."""
    from .cache import clear, default_cache_dir
    from .config import guess_language, load_config, search_start

    start = search_start([p for p in (paths or []) if os.path.exists(p)] or ["."])
    folder = Path(cache_dir) if cache_dir else default_cache_dir(load_config(config_file, start=start))
    said = "cache_removed" if clear(folder) else "cache_absent"
    typer.echo(usage_text(said, guess_language(None, config_file, start), folder=folder))


@app.command()
def schema(
    name: Annotated[str, typer.Argument(metavar="NAME", help="service or offices")] = "service",
    version: Annotated[str | None, typer.Option("--version", metavar="VERSION", help="Format version: 1 or 1.1 (default: the latest).")] = None,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the descriptions: en or zh.")] = None,
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """Print the bundled JSON Schema (point your editor's YAML language server at it)."""
    from .schema import SCHEMA_KINDS, schema_name, schema_text
    from .versions import FORMAT_VERSIONS, LATEST_VERSION

    if name not in SCHEMA_KINDS:
        raise UsageProblem("unknown_schema", name=name, choices=Alternatives(SCHEMA_KINDS))
    version = version or LATEST_VERSION
    if version not in FORMAT_VERSIONS:
        raise UsageProblem("unknown_format_version", version=version, choices=Alternatives(FORMAT_VERSIONS))
    language = _display_language(lang, config_file)
    sys.stdout.write(schema_text(schema_name(name, version, language)))


def _display_language(lang: str | None, config_file: str | None) -> str:
    from .config import load_config

    return load_config(config_file, lang=lang).lang


def _write_rule_list(language: str, output_format: str | None, rules=None) -> None:
    """A box table for a person at a terminal (as wide as the terminal); one plain line per
    rule when the output is piped, so that `grep` and `cut` can use it."""
    import shutil

    from . import catalogue_view

    name = output_format or ("table" if _stdout_is_terminal() else "plain")
    if name == "json":
        sys.stdout.write(catalogue_view.rules_json(language))
    elif name == "table":
        width = shutil.get_terminal_size((100, 24)).columns
        sys.stdout.write(catalogue_view.rules_table(language, color=use_color(), width=width, rules=rules))
    elif name == "plain":
        sys.stdout.write(catalogue_view.rules_plain(language, rules=rules))
    else:
        raise UsageProblem("unknown_format", name=name, choices=Choices(("table", "plain", "json")))


@app.command()
def rules(
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT",
            help="table (default on a terminal), plain (a tab-separated line per rule; default when piped) or json.",
        ),
    ] = None,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language: en or zh.")] = None,
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """List every rule: code, name, default severity and summary."""
    _write_rule_list(_display_language(lang, config_file), output_format)


@app.command()
def explain(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A rule code (SVC201), a prefix (SVC2) or a name (committed-exceeds-statutory).")],
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language: en or zh.")] = None,
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (for its `lang`).")] = None,
) -> None:
    """Explain a rule: what it finds, why it exists, and an example that fails and one that passes."""
    import difflib

    from . import catalogue, catalogue_view

    language = _display_language(lang, config_file)
    found = catalogue.get(code)
    if found is None and code.strip():
        # A prefix, as `--select` takes it (SVC4: the personal-data rules): list them.
        matching = [catalogue.get(match) for match in catalogue.expand_selector(code)]
        if len(matching) == 1:
            found = matching[0]
        elif matching:
            _write_rule_list(language, None, rules=matching)
            return
    if found is None:
        known = [r.code for r in catalogue.all_rules()] + [r.name for r in catalogue.all_rules()]
        close = difflib.get_close_matches(code, known, n=1) or difflib.get_close_matches(code.upper(), known, n=1)
        hint = Phrase("did_you_mean_rule", name=close[0]) if close else ""
        raise UsageProblem("unknown_rule", code=code, hint=hint)
    sys.stdout.write(catalogue_view.explain(found, language, color=use_color()))


from .authoring.commands import register as _register_authoring
from .publish.commands import register as _register_publish

_register_authoring(app)  # init, new, fix, docs
_register_publish(app)  # guide, export

# Oversight commands (dataflows, diff) live with their core in svcstd.oversight.
from .oversight.commands import register as _register_oversight

_register_oversight(app)


def main() -> None:
    """Entry point: never a traceback, whatever happens."""
    # At exit the interpreter runs one last full collection over every object still
    # alive: after a run over 10,000 cached results, 110 ms of CPU (a fifth of a warm
    # run) to find no garbage worth freeing before the process ends. Frozen objects are
    # not walked; they are still released as the modules are torn down.
    import atexit
    import gc

    atexit.register(gc.freeze)
    args = sys.argv[1:]
    if cli_language.help_requested(args):
        command = typer.main.get_command(app)
        cli_language.localize(command, _language_of(args))
    else:
        command = _command_for(args)
    try:
        result = command.main(args=args, prog_name=cli_language.PROGRAM, standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        sys.exit(say_interrupted(args))
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        sys.exit(reader_left())
    except Exception as error:  # noqa: BLE001 - the one place that turns crashes into a line
        sys.exit(_report_problem(error, _language_of(args)))
    if result == EXIT_INTERRUPTED:
        # typer turns Ctrl-C inside a command into a silent exit 130; say why we stopped.
        sys.exit(say_interrupted(args))
    sys.exit(result if isinstance(result, int) else EXIT_OK)


def _invoked_name(args: list[str]) -> str | None:
    """The command a command line runs (`svcstd --lang zh check x` → "check"), or None when
    the line is anything but the root's own options followed by a command's name."""
    index = 0
    while index < len(args):
        word = args[index]
        if word == "--lang":
            index += 2
        elif word.startswith("--lang="):
            index += 1
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


def _command_for(args: list[str]):
    """The option parser for this command line, with only the command it runs.

    typer builds every command's options from its function's signature, about a
    millisecond each, before it parses anything: 13 ms of a one-file pre-commit run
    spent on the fourteen commands it does not run. A group holding just the command
    invoked parses and runs it the same way; anything else (help, a misspelt command,
    root options other than --lang) gets the whole group, so that its messages and
    suggestions are unchanged."""
    name = _invoked_name(args)
    registered = app.registered_commands
    chosen = [info for info in registered if (info.name or typer.main.get_command_name(info.callback.__name__)) == name]
    if len(chosen) != 1 or app.registered_groups:
        return typer.main.get_command(app)
    app.registered_commands = chosen
    try:
        return typer.main.get_command(app)
    finally:
        app.registered_commands = registered


def _language_of(args: list[str]) -> str:
    """The run's language before (or without) its configuration: for help and usage errors."""
    from .config import language_of_command_line

    return language_of_command_line(args)


def _report_problem(error: Exception, lang: str = "en") -> int:
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if isinstance(error, UsageError) and lang != "en" and not isinstance(error, NoArgsIsHelpError):
        try:
            text = cli_language.parse_error_text(error, lang)
        except Exception:  # noqa: BLE001 - typer changed: its own English message then
            text = None
        if text is not None:
            sys.stderr.write(text)
            return EXIT_USAGE
    if hasattr(error, "show") and hasattr(error, "exit_code"):
        error.show()  # the option parser's own usage message (typer vendors click)
        return EXIT_USAGE
    return report_problem(error, lang)


if __name__ == "__main__":  # pragma: no cover
    main()
