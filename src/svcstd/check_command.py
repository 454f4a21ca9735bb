"""`svcstd check` once its command line is read: configuration, the run, its reports and
its exit code.

Two readers call `run` with the same values: typer's (`cli.check`: help, usage errors,
any unusual line) and `check_line`, which reads the usual lines without importing typer.
"""

from __future__ import annotations

import sys

from .command_output import default_format, exit_code, use_color, warn, write_output
from .usage_messages import Choices, UsageProblem


def run(
    *,
    paths: list[str] | None = None,
    output_format: list[str] | None = None,
    output: list[str] | None = None,
    stdin_filename: str | None = None,
    config_file: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
    exit_zero: bool = False,
    force_exclude: bool = False,
    lang: str | None = None,
    no_source: bool = False,
    schema_file: str | None = None,
    jobs: int | None = None,
    no_cache: bool = False,
    cache_dir: str | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    option_order: list[str] | None = None,
) -> int:
    """Check, write each report, and return the exit code. `option_order` is how --format
    and --output interleave on the command line ("format"/"output"), None if unknown."""
    from . import engine
    from .config import load_config, search_start
    from .reporters import RenderOptions, get

    targets = list(paths or ["."])
    config = load_config(
        config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang, schema=schema_file,
        start=search_start(targets, stdin_filename),
    )
    formats, destinations = _destinations(option_order, list(output_format or []), list(output or []), config.lang)

    if jobs is not None and jobs < 1:
        raise UsageProblem("jobs_too_few", jobs=jobs)
    options = engine.CheckOptions(
        force_exclude=force_exclude, stdin_filename=stdin_filename,
        jobs=jobs, use_cache=not no_cache, cache_dir=cache_dir,
    )
    if "-" in targets:
        options.stdin_bytes = sys.stdin.buffer.read()
    if fix:
        from .authoring.fixes import fix_paths, summary_lines

        fixed = fix_paths([t for t in targets if t != "-"], config, unsafe=unsafe_fixes, write=True, force_exclude=force_exclude)
        sys.stderr.write("".join(line + "\n" for line in summary_lines(fixed, config.lang, diff=False)))
    from .progress import for_terminal

    options.extra["progress"] = for_terminal(lang=config.lang)  # None unless stderr is a terminal, outside CI
    report = engine.check_paths(targets, config, options)

    for name, destination in zip(formats, destinations):
        render_options = RenderOptions(
            lang=config.lang, color=destination is None and use_color(), show_source=not no_source,
            fail_on=config.fail_on,
        )
        write_output(get(name).render(report, render_options), destination)
    _warn_if_nothing_checked(report, formats, destinations, config.lang)
    return exit_code(report, config.fail_on, exit_zero)


def _warn_if_nothing_checked(report, formats: list[str], destinations: list, lang: str = "en") -> None:
    """Say on standard error that no definition was found, unless a report for people on
    standard output already says so."""
    if not report.no_definitions:
        return
    if any(d is None and f in ("text", "rich", "github") for f, d in zip(formats, destinations)):
        return
    warn(report.notes[0], lang)


def _destinations(option_order: list[str] | None, formats: list[str], outputs: list[str], lang: str = "en") -> tuple[list[str], list[str | None]]:
    """(format, file or None for standard output) of each report the run writes; every
    file is made writable (its folder created) before anything is checked."""
    from . import output_files
    from .reporters import FORMATS

    for name in formats:
        if name not in FORMATS:
            raise UsageProblem("unknown_format", name=name, choices=Choices(FORMATS))
    pairs = output_files.pair(option_order, formats, outputs) or [(None, None)]
    chosen: list[str] = []
    destinations: list[str | None] = []
    for name, file in pairs:
        if file is not None and file != "-":
            if name is None:
                name = output_files.format_for_file(file, output_files.CHECK_EXTENSIONS, "text", "check")
            else:
                warning = output_files.mismatch_warning(name, file)
                if warning:
                    warn(warning, lang)
            output_files.prepare(file)
        chosen.append(name or default_format())
        destinations.append(None if file in (None, "-") else file)
    if destinations.count(None) > 1:
        raise UsageProblem("one_format_to_stdout")
    return chosen, destinations


def main(values: dict, args: list[str]) -> int:
    """`run` for a line `check_line` read, with what `cli.main` does around a command: an
    interruption, a reader that left, a usage problem or a crash each end in one line on
    standard error (in the run's language), never a traceback."""
    import atexit
    import gc

    from .command_output import reader_left, report_problem, say_interrupted
    from .config import language_of_command_line

    atexit.register(gc.freeze)  # as cli.main: no last collection over the results at exit
    try:
        return run(**values)
    except KeyboardInterrupt:
        return say_interrupted(args)
    except BrokenPipeError:
        return reader_left()
    except Exception as error:  # noqa: BLE001 - the one place that turns crashes into a line
        return report_problem(error, language_of_command_line(args))
