"""`svcstd diff [BASE] [HEAD]` (registered by `commands.register`)."""

from __future__ import annotations

from typing import Annotated

import typer

GATES = ("privacy", "citizen", "service", "office", "any")


def diff(
    base: Annotated[str | None, typer.Argument(metavar="BASE", help="The revision to compare from (default: the merge base of HEAD with the main branch).")] = None,
    head: Annotated[str | None, typer.Argument(metavar="HEAD", help="The revision to compare to (default: the working tree).")] = None,
    output_format: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="rich (terminal), markdown (a pull-request comment) or json.")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write the result to this file (atomically).")] = None,
    fail_on: Annotated[list[str] | None, typer.Option("--fail-on", metavar="CATEGORY", help="Exit 1 when a change of this category is found: privacy (personal data, flows), citizen (slower, dearer, harder), service, office or any. Repeatable.")] = None,
    repository: Annotated[str, typer.Option("--repository", "-C", metavar="FOLDER", help="A folder inside the git repository (default: the current folder).")] = ".",
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (default: found from the repository); its `exclude` applies.")] = None,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the output: en or zh.")] = None,
) -> None:
    """What a change does to services: personal data and flows, limits, fees, steps, channels, status, offices."""
    import os
    from pathlib import Path

    from ..cli import UsageProblem, use_color, write_output
    from ..config import guess_language, load_config
    from ..discovery import is_excluded
    from ..usage_messages import Alternatives, Choices
    from . import diff as core
    from .diff_formats import render_json, render_markdown, render_rich

    name = output_format or ("json" if output and output.endswith(".json") else "markdown" if output and output.endswith(".md") else "rich")
    if name not in ("rich", "markdown", "json"):
        raise UsageProblem("unknown_format", name=name, choices=Choices(("rich", "markdown", "json")))
    gates = set(fail_on or ())
    unknown = gates - set(GATES)
    if unknown:
        raise UsageProblem("unknown_gate", values=", ".join(sorted(unknown)), choices=Choices(GATES))
    if lang is not None and lang not in ("en", "zh"):
        raise UsageProblem("unknown_language", lang=lang, choices=Alternatives(("en", "zh")))
    if output not in (None, "-"):
        from .. import output_files

        output_files.prepare(output)
    try:
        # The configuration is found from the repository's top, not known yet: a failure
        # to find it is said in the language that the folder's configuration names.
        root = core.repository_root(repository, guess_language(lang, config_file, Path(repository)))
        config = load_config(config_file, lang=lang, start=Path(root))
        language = config.lang
        result = core.changes(root, base, head, language, lambda path: is_excluded(os.path.join(root, path), config))
    except core.DiffError as error:
        raise UsageProblem("verbatim", text=str(error)) from None
    if name == "json":
        text = render_json(result, language)
    elif name == "markdown":
        text = render_markdown(result, language)
    else:
        text = render_rich(result, language, color=use_color() and output in (None, "-"))
    write_output(text, output)
    found = result.categories()
    failed = bool(found & gates) or ("any" in gates and bool(found))
    raise typer.Exit(1 if failed else 0)
