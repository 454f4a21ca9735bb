"""The command line of authoring: `svcstd init`, `new`, `fix` and `docs`.

Registered onto the main typer app by `register(app)` (cli.py calls it), so that these
commands live beside the code they drive. Like cli.py, this only translates between the
user and the library (`init`, `skeleton`, `fixes`, `reference`).

Exit codes of `svcstd fix` (as ruff's `check --fix`):
  0  nothing left to report (every finding that fails the run was fixed, or there was none);
     with `--diff`: nothing would change
  1  findings that fail the run remain (a fix cannot repair everything); with `--diff`:
     something would change; with `--exit-non-zero-on-fix`: something was fixed
  2  usage, configuration or internal error
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

LangOption = Annotated[str | None, typer.Option(metavar="LANG", help="Language: en or zh.")]
UnsafeOption = Annotated[
    bool, typer.Option("--unsafe-fixes", help="Also apply fixes that change meaning and need review (renamed keys, office names → ids).")
]


def _language(lang: str | None, config_file: str | None = None) -> str:
    from ..config import load_config

    return load_config(config_file, lang=lang).lang


def _fix_standard_input(config, unsafe: bool, diff: bool) -> int:
    """`svcstd fix -`: the fixed text to standard output (for editors), problems to stderr.
    The offices registry is the one of the current folder."""
    from ..load import decode
    from ..repository import RegistryLocator
    from .fixes import Context, fix_text, read_registry

    raw = sys.stdin.buffer.read()
    body, problem = decode(raw, "<stdin>", config.lang)
    if body is None:
        sys.stdout.buffer.write(raw)
        sys.stderr.write((problem.message if problem else "unreadable") + "\n")
        return EXIT_FINDINGS
    registry = read_registry(RegistryLocator(config).registry_for(Path("-").absolute()), config)
    context = Context(config, office_ids=registry.ids, office_names=registry.names)
    result = fix_text(body, "<stdin>", context, unsafe=unsafe)
    if result.problem:
        sys.stderr.write(result.problem + "\n")
    sys.stdout.write(result.diff() if diff else result.fixed)
    if diff:
        return EXIT_FINDINGS if result.changed else EXIT_OK
    return EXIT_FINDINGS if result.remaining else EXIT_OK


def register(app: typer.Typer) -> None:
    # Evaluated here (no `from __future__ import annotations`): typer reads these
    # annotations at registration, and the shared options are defined once, in cli.py.
    from ..cli import (
        ConfigOption,
        FailOnOption,
        ForceExcludeOption,
        IgnoreOption,
        SelectOption,
        UsageProblem,
    )
    from ..usage_messages import Alternatives

    @app.command()
    def fix(
        paths: Annotated[list[str] | None, typer.Argument(metavar="PATH...", help="Files or folders to fix (default: the current folder); '-' fixes standard input to standard output.")] = None,
        diff: Annotated[bool, typer.Option("--diff", help="Show the changes as a unified diff; write nothing.")] = False,
        unsafe_fixes: UnsafeOption = False,
        exit_non_zero_on_fix: Annotated[
            bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when something was fixed, even if nothing remains.")
        ] = False,
        config_file: ConfigOption = None,
        select: SelectOption = None,
        ignore: IgnoreOption = None,
        fail_on: FailOnOption = None,
        force_exclude: ForceExcludeOption = False,
        lang: LangOption = None,
    ) -> None:
        """Repair what `svcstd check` reports where the repair is certain: comments, key order,
        quoting and blank lines are kept. Exit 0 when nothing remains, 1 when problems remain
        (with --diff: when something would change), 2 on a usage error."""
        from .. import engine
        from ..config import load_config
        from .fixes import fix_paths, summary_lines, text

        config = load_config(config_file, select=select, ignore=ignore, fail_on=fail_on, lang=lang)
        if paths == ["-"]:
            raise typer.Exit(_fix_standard_input(config, unsafe_fixes, diff))
        results = fix_paths(paths or ["."], config, unsafe=unsafe_fixes, write=not diff, force_exclude=force_exclude)
        out, err = sys.stdout, sys.stderr
        for result in results:
            if result.problem:
                err.write(result.problem + "\n")
            if diff:
                out.write(result.diff())
            elif result.changed:
                for candidate in result.applied:
                    out.write(text("fixed_line", config.lang, file=result.file, line=candidate.line,
                                   column=candidate.column, code=candidate.code, what=candidate.what) + "\n")
        stream = err if diff else out
        for line in summary_lines(results, config.lang, diff=diff):
            stream.write(line + "\n")
        if diff:
            raise typer.Exit(EXIT_FINDINGS if any(r.changed for r in results) else EXIT_OK)
        report = engine.check_paths(paths or ["."], config, engine.CheckOptions(force_exclude=force_exclude))
        failing = engine.exit_code(report, config.fail_on)
        if report.findings:
            out.write(text("summary_remaining", config.lang, count=len(report.findings)) + "\n")
        else:
            out.write(text("summary_clean", config.lang) + "\n")
        if failing == EXIT_OK and exit_non_zero_on_fix and any(r.changed for r in results):
            failing = EXIT_FINDINGS
        raise typer.Exit(failing)

    @app.command()
    def init(
        folder: Annotated[str, typer.Argument(metavar="FOLDER", help="Folder of the new definitions repository (created if missing).")] = ".",
        lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the files and of plain strings: zh (default) or en.")] = None,
    ) -> None:
        """Start a definitions repository: offices registry, configuration, pre-commit hook,
        CI workflow and one commented sample definition. Never overwrites a file."""
        from .init import InitRefused, create_repository

        language = lang or "zh"
        if language not in ("zh", "en"):
            raise UsageProblem("unknown_language", lang=language, choices=Alternatives(("zh", "en")))
        try:
            created = create_repository(Path(folder), language)
        except InitRefused as refused:
            sys.stderr.write(refused.message(language) + "\n")
            raise typer.Exit(EXIT_USAGE) from None
        from .init import created_message

        sys.stdout.write(created_message(Path(folder), created, language))

    @app.command()
    def new(
        service_id: Annotated[str, typer.Argument(metavar="ID", help="The new service's id (letters, digits, . _ -).")],
        service_type: Annotated[str | None, typer.Option("--type", metavar="TYPE", help="Service type code (licensing, benefit, ...).")] = None,
        office: Annotated[str | None, typer.Option("--office", metavar="OFFICE", help="Id of the responsible office (default: the first office of offices.yaml).")] = None,
        lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the comments and placeholders: zh (default) or en.")] = None,
        output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file (never overwritten); default: standard output.")] = None,
    ) -> None:
        """Print (or write) a skeleton definition in format 1.1: every element present, each
        with a comment saying what it is and which values are allowed."""
        from .skeleton import SkeletonProblem, repository_defaults, skeleton

        language = lang or "zh"
        folder = Path(output).parent if output and output != "-" else Path(".")
        first_office, schema_path = repository_defaults(folder, language)
        try:
            content = skeleton(service_id, service_type=service_type, office=office or first_office,
                               lang=language, schema_path=schema_path)
        except SkeletonProblem as problem:
            raise UsageProblem("verbatim", text=str(problem)) from None
        if output is None or output == "-":
            sys.stdout.write(content)
            return
        target = Path(output)
        if target.exists():
            from .init import refusal_text

            sys.stderr.write(refusal_text([target], language) + "\n")
            raise typer.Exit(EXIT_USAGE)
        from ..atomic import write_text_atomically

        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, content)
        from .skeleton import PLACEHOLDER
        from .skeleton import text as skeleton_text

        sys.stdout.write(skeleton_text("written", language, file=str(target), placeholder=PLACEHOLDER[language]) + "\n")

    @app.command()
    def docs(
        lang: Annotated[str, typer.Option(metavar="LANG", help="Language of the reference: en or zh.")] = "en",
        output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file (atomically); default: standard output.")] = None,
    ) -> None:
        """Field reference generated from the schema and the rule catalogue: every element,
        its type, allowed values and their meaning, whether required, which rules check it."""
        from ..cli import write_output
        from .reference import reference

        if lang not in ("en", "zh"):
            raise UsageProblem("unknown_language", lang=lang, choices=Alternatives(("en", "zh")))
        write_output(reference(lang), output)
