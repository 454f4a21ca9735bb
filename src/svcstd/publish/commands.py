"""`svcstd export` and `svcstd guide`: options → sources → publication → file(s).

Registered onto the app by `register(app)` (a few lines at the end of cli.py). Exit codes as
for every command: 0 written; 2 usage problem, or a definition that cannot be published
(then nothing is written, and every reason is listed on stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .text import text

EXIT_OK, EXIT_USAGE = 0, 2
TARGETS = ("cpsv-ap", "schema-org")


class PublishProblem(Exception):
    """One or more lines for stderr, exit 2; nothing has been written."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _fail(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(f"svcstd: error: {line}\n")
    raise typer.Exit(EXIT_USAGE)


def _config(config_file: str | None, lang: str | None):
    from ..config import load_config

    return load_config(config_file, lang=lang)


def _check_base(base: str, lang: str) -> str:
    if not base.startswith(("http://", "https://")) or not base.endswith(("/", "#")) or " " in base:
        _fail([text("bad_base", lang, value=base)])
    return base


def _check_language(value: str | None, lang: str) -> str | None:
    from .export import LANGUAGE_TAG

    if value is not None and not LANGUAGE_TAG.match(value):
        _fail([text("bad_language", lang, value=value)])
    return value


def _sources(paths: list[str] | None, config, force_exclude: bool, lang: str):
    from . import sources

    targets = list(paths or ["."])
    found = sources.collect(targets, config, force_exclude=force_exclude)
    if not found:
        _fail([text("no_definitions", lang, paths=", ".join(targets))])
    return found


def _write(content: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    from ..atomic import write_text_atomically

    write_text_atomically(Path(output), content)


def export(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders of service definitions.")] = None,
    to: Annotated[str, typer.Option("--to", help="cpsv-ap (EU CPSV-AP 3.2.0 RDF) or schema-org (GovernmentService JSON-LD).")] = "cpsv-ap",
    output_format: Annotated[Optional[str], typer.Option("--format", "-f", help="cpsv-ap: turtle (default) or jsonld; schema-org: jsonld.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")] = None,
    base_iri: Annotated[str, typer.Option("--base-iri", help="IRI base of the exported records and of the svcstd terms (<base>ns#).")] = "https://svcstd.example.org/",
    default_language: Annotated[Optional[str], typer.Option("--default-language", help="Language of plain-string texts when neither the file nor the registry says (e.g. zh).")] = None,
    config_file: Annotated[Optional[str], typer.Option("--config", help="Configuration file (svcstd.toml or pyproject.toml).")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Language of messages: en or zh.")] = None,
    force_exclude: Annotated[bool, typer.Option(help="Apply `exclude` to files named on the command line too.")] = False,
) -> None:
    """Export definitions and their offices as CPSV-AP 3.2.0 RDF or schema.org JSON-LD."""
    config = _config(config_file, lang)
    say = config.lang
    if to not in TARGETS:
        _fail([text("unknown_target", say, name=to, choices=", ".join(TARGETS))])
    formats = ("turtle", "jsonld") if to == "cpsv-ap" else ("jsonld",)
    chosen = output_format or formats[0]
    if chosen not in formats:
        _fail([text("unknown_format", say, name=chosen, target=to, choices=", ".join(formats))])
    base = _check_base(base_iri, say)
    language = _check_language(default_language, say)
    found = _sources(paths, config, force_exclude, say)

    from .export import ExportError

    try:
        if to == "cpsv-ap":
            try:
                from .export import cpsv_ap
            except ImportError:
                _fail([text("rdf_missing", say)])
            graph = cpsv_ap.build_graph(found, base=base, default_language=language)
            content = cpsv_ap.serialize(graph, chosen, base=base)
            services, offices = cpsv_ap.count(graph)
        else:
            from .export import schema_org

            content = schema_org.export(found, base=base, default_language=language)
            services, offices = sum(1 for s in found if s.data is not None), 0
    except ExportError as refused:
        _fail([problem.message(say) for problem in refused.problems]
              + [text("export_failed", say, count=len(refused.problems))])
    _write(content, output)
    if output not in (None, "-"):
        sys.stderr.write(text("exported", say, services=services, offices=offices, target=output) + "\n")


def register(app: typer.Typer) -> None:
    """Add the publishing commands to svcstd's app."""
    app.command()(export)
