"""`svcstd export` and `svcstd guide`: options → sources → publication → file(s).

Registered onto the app by `register(app)` (a few lines at the end of cli.py). Exit codes as
for every command: 0 written; 2 usage problem, or a definition that cannot be published
(then nothing is written, and every reason is listed on stderr).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from .text import text

EXIT_OK, EXIT_USAGE = 0, 2
TARGETS = ("cpsv-ap", "schema-org")


class PublishProblem(Exception):
    """One or more lines for stderr, exit 2; nothing has been written."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _fail(lines: list[str], lang: str = "en") -> None:
    from ..usage_messages import usage_text

    for line in lines:
        sys.stderr.write(usage_text("error_line", lang, message=line) + "\n")
    raise typer.Exit(EXIT_USAGE)


def _config(config_file: str | None, lang: str | None):
    from ..config import load_config

    return load_config(config_file, lang=lang)


def _check_base(base: str, lang: str) -> str:
    if not base.startswith(("http://", "https://")) or not base.endswith(("/", "#")) or " " in base:
        _fail([text("bad_base", lang, value=base)], lang)
    return base


def _check_language(value: str | None, lang: str) -> str | None:
    from .export import LANGUAGE_TAG

    if value is not None and not LANGUAGE_TAG.match(value):
        _fail([text("bad_language", lang, value=value)], lang)
    return value


class _Counted:
    """The definitions, read one at a time as the publication consumes them, counted."""

    def __init__(self, paths: list[str], config, force_exclude: bool):
        from . import sources

        self.paths = paths
        self._sources = sources.iterate(paths, config, force_exclude=force_exclude)
        self.count = 0
        self.unreadable: list = []

    def __iter__(self):
        for source in self._sources:
            self.count += 1
            if source.data is None:
                self.unreadable.append(source)
            yield source


def _sources(paths: list[str] | None, config, force_exclude: bool, lang: str) -> _Counted:
    return _Counted(list(paths or ["."]), config, force_exclude)


def _none_found(found: _Counted, lang: str) -> None:
    if found.count == 0:
        _fail([text("no_definitions", lang, paths=", ".join(found.paths))], lang)


def write_text_atomically(path: Path, content: str) -> None:
    from ..atomic import write_text_atomically as write

    write(path, content)


def export(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Files or folders of service definitions.")] = None,
    to: Annotated[str, typer.Option("--to", metavar="TARGET", help="cpsv-ap (EU CPSV-AP 3.2.0 RDF) or schema-org (GovernmentService JSON-LD).")] = "cpsv-ap",
    output_format: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="cpsv-ap: turtle (default) or jsonld; schema-org: jsonld.")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of standard output.")] = None,
    base_iri: Annotated[str, typer.Option("--base-iri", metavar="IRI", help="IRI base of the exported records and of the svcstd terms (<base>ns#).")] = "https://svcstd.example.org/",
    default_language: Annotated[str | None, typer.Option("--default-language", metavar="LANG", help="Language of plain-string texts when neither the file nor the registry says (e.g. zh).")] = None,
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (svcstd.toml or pyproject.toml).")] = None,
    lang: Annotated[str | None, typer.Option(metavar="LANG", help="Language of messages: en or zh.")] = None,
    force_exclude: Annotated[bool, typer.Option(help="Apply `exclude` to files named on the command line too.")] = False,
) -> None:
    """Export definitions and their offices as CPSV-AP 3.2.0 RDF or schema.org JSON-LD."""
    config = _config(config_file, lang)
    say = config.lang
    if to not in TARGETS:
        _fail([text("unknown_target", say, name=to, choices=", ".join(TARGETS))], say)
    formats = ("turtle", "jsonld") if to == "cpsv-ap" else ("jsonld",)
    chosen = output_format or formats[0]
    if chosen not in formats:
        _fail([text("unknown_format", say, name=chosen, target=to, choices=", ".join(formats))], say)
    base = _check_base(base_iri, say)
    language = _check_language(default_language, say)
    found = _sources(paths, config, force_exclude, say)

    from .export import ExportError

    if to == "cpsv-ap":
        try:
            from .export import cpsv_ap
        except ImportError:
            _fail([text("rdf_missing", say)], say)
    try:
        # Into a temporary file (large exports never sit in memory whole), renamed over the
        # output, or copied to standard output, only when the export succeeded.
        with _destination(output) as stream:
            if to == "cpsv-ap":
                services, offices = cpsv_ap.export(found, stream, chosen, base=base, default_language=language)
            else:
                from .export import schema_org

                services, offices = schema_org.export(found, stream, base=base, default_language=language), 0
            _none_found(found, say)
    except ExportError as refused:
        _none_found(found, say)
        _fail([problem.message(say) for problem in refused.problems]
              + [text("export_failed", say, count=len(refused.problems))], say)
    if output not in (None, "-"):
        done = text("exported", say, services=services, offices=offices, target=output) if to == "cpsv-ap" \
            else text("exported_services", say, services=services, target=output)
        sys.stderr.write(done + "\n")


@contextlib.contextmanager
def _destination(output: str | None):
    from ..atomic import open_atomically

    if output not in (None, "-"):
        with open_atomically(Path(output)) as stream:
            yield stream
        return
    import tempfile  # here: every command line imports this module to register `export`

    with tempfile.TemporaryFile("w+", encoding="utf-8") as stream:
        yield stream
        stream.seek(0)
        shutil.copyfileobj(stream, sys.stdout)
        sys.stdout.flush()


def guide(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Files or folders of service definitions.")] = None,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FOLDER", help="Folder to write the pages and index.html into (created if missing).")] = "guide",
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="html (default) or markdown.")] = "html",
    page_lang: Annotated[str, typer.Option("--lang", metavar="LANG", help="Language of the pages: zh (default), en, or both (OUTPUT/zh and OUTPUT/en, linked to each other); a text missing in a language is shown in the one it has.")] = "zh",
    strict: Annotated[bool, typer.Option("--strict", help="Publish nothing while a definition has errors (default: render it with a banner listing them).")] = False,
    base_iri: Annotated[str, typer.Option("--base-iri", metavar="IRI", help="IRI base of the records embedded in the pages (as for export).")] = "https://svcstd.example.org/",
    config_file: Annotated[str | None, typer.Option("--config", metavar="FILE", help="Configuration file (svcstd.toml or pyproject.toml).")] = None,
    force_exclude: Annotated[bool, typer.Option(help="Apply `exclude` to files named on the command line too.")] = False,
) -> None:
    """Write the citizen's service guide (办事指南): one page per service and an index."""
    # --lang is the pages' language; messages here speak the user's (configuration, LANG).
    say = _config(config_file, None).lang
    if page_lang not in ("zh", "en", "both"):
        _fail([text("bad_lang", say, name=page_lang)], say)
    if output_format not in ("html", "markdown"):
        _fail([text("bad_guide_format", say, name=output_format)], say)
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        _fail([text("output_is_file", say, folder=output)], say)
    base = _check_base(base_iri, say)
    try:
        from . import guide as guide_pages
    except ImportError:
        _fail([text("jinja_missing", say)], say)
    languages = ("zh", "en") if page_lang == "both" else (page_lang,)
    targets = list(paths or ["."])
    written = 0
    for language in languages:
        # The banner's findings are in the page's language.
        findings = _findings(targets, _config(config_file, language), force_exclude, strict, say)
        where = folder / language if len(languages) > 1 else folder
        found = _sources(targets, _config(config_file, language), force_exclude, say)
        others = [other for other in languages if other != language]
        for name, content in guide_pages.build(found, findings, lang=language, fmt=output_format,
                                               strict=strict, translations=others, base=base):
            where.mkdir(parents=True, exist_ok=True)
            write_text_atomically(where / name, content)
            written += 1
        _none_found(found, say)
    for source in found.unreadable:
        detail = next((f"{f.code} {f.line}:{f.column}" for f in source.load_findings), "?")
        from ..usage_messages import usage_text

        warning = text("not_rendered", say, file=source.file, detail=detail)
        sys.stderr.write(usage_text("warning_line", say, message=warning) + "\n")
    pages = max(written - len(languages), 0) // len(languages)
    sys.stderr.write(text("guide_written", say, pages=pages, folder=output) + "\n")


def _findings(targets: list[str], config, force_exclude: bool, strict: bool, say: str) -> dict[str, list]:
    """Every finding of a full check, by file (the banners); --strict stops here on an error."""
    from .. import engine
    from ..findings import ERROR

    report = engine.check_paths(targets, config, engine.CheckOptions(force_exclude=force_exclude))
    findings: dict[str, list] = {}
    for finding in report.findings:
        findings.setdefault(finding.file, []).append(finding)
    if strict:
        refused = [
            text("refused_strict", say, file=file, errors=count)
            for file, found_here in findings.items()
            if (count := sum(1 for f in found_here if f.severity == ERROR))
        ]
        if refused:
            from ..usage_messages import usage_text

            for line in refused:
                sys.stderr.write(usage_text("error_line", say, message=line) + "\n")
            raise typer.Exit(1)
    return findings


def register(app: typer.Typer) -> None:
    """Add the publishing commands to svcstd's app."""
    app.command()(export)
    app.command()(guide)
