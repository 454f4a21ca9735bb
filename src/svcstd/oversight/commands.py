"""`svcstd dataflows` and `svcstd diff`: options → core (register, diff) → renderer.
`register(app)` adds them to the CLI (cli.py calls it); nothing else here knows typer."""

from __future__ import annotations

from typing import Annotated

import typer

REGISTER_FORMATS = ("html", "markdown", "json", "csv")
REGISTER_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json", ".csv": "csv"}
# Format 1.1's categories (a superset of 1's).
CATEGORIES = (
    "identity", "contact", "address", "financial", "health", "biometric", "minor", "religion", "location",
    "criminal_record", "employment", "education", "property", "civil_status", "genetic", "other",
)


def _unknown(what: str, value: str, known):
    from ..cli import UsageProblem
    from ..model import nearest
    from ..usage_messages import Phrase

    close = nearest(value, known)
    hint = Phrase("did_you_mean_quoted", name=close) if close else ""
    shown = ", ".join(list(known)[:20]) + (" ..." if len(known) > 20 else "")
    return UsageProblem("unknown_filter_value", option=what, value=value, hint=hint, known=shown)


def _format(explicit: str | None, output: str | None, known: tuple[str, ...], extensions: dict, default: str) -> str:
    from ..cli import UsageProblem

    if explicit is None and output not in (None, "-"):
        import os

        explicit = extensions.get(os.path.splitext(output)[1].lower(), default)
    name = explicit or default
    if name not in known:
        from ..usage_messages import Choices

        raise UsageProblem("unknown_format", name=name, choices=Choices(known))
    return name


def dataflows(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Files or folders of service definitions (default: the current folder).")] = None,
    output_format: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="html, markdown, json or csv (default: from the --output extension, else markdown).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write the register to this file (atomically).")] = None,
    office: Annotated[str | None, typer.Option("--office", metavar="OFFICE", help="Only this office (by registry id) and the flows to or from it.")] = None,
    category: Annotated[str | None, typer.Option("--category", metavar="CATEGORY", help="Only data items of this category (identity, health, ...).")] = None,
    sensitive: Annotated[bool, typer.Option("--sensitive", help="Only sensitive personal data.")] = False,
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (default: found from the paths).")] = None,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of the register: en or zh.")] = None,
) -> None:
    """Register of personal-data processing: per office, the data collected and why; every flow between offices; every cross-border transfer."""
    from ..cli import write_output
    from ..config import load_config, search_start
    from . import register as core

    name = _format(output_format, output, REGISTER_FORMATS, REGISTER_EXTENSIONS, "markdown")
    if output not in (None, "-"):
        from .. import output_files

        output_files.prepare(output)
    if category is not None and category not in CATEGORIES:
        raise _unknown("category", category, CATEGORIES)
    targets = list(paths or ["."])
    config = load_config(config_file, lang=lang, start=search_start(targets))
    records, names, skipped = core.read_definitions(targets, config)
    if office is not None:
        known = set(names) | {r["office"] for r in records if r["office"]}
        if office not in known:
            raise _unknown("office", office, sorted(known))
    built = core.build(records, names, lang=config.lang, office=office, category=category, sensitive_only=sensitive, skipped=skipped)
    import importlib

    renderer = importlib.import_module(f"svcstd.oversight.register_{name}")  # one module per format
    write_output(renderer.render(built), output)


def register(app: typer.Typer) -> None:
    app.command()(dataflows)
    from .diff_command import diff

    app.command()(diff)
