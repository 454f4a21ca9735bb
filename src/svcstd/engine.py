"""The core: paths in, a `Report` out. Never prints.

    discover ─▶ per file: load ─▶ schema ─▶ semantic rules ─▶ FileResult (findings + summary)
                                                                   │
                            cross-file pass (offices registry, ids) ◀┘ ─▶ policy ─▶ Report

Policy (select/ignore, severity overrides, per-file ignores, inline suppressions) is applied
after every finding exists, in one place, so that each rule stays ignorant of it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, field, replace
from operator import is_, itemgetter
from pathlib import Path

import svcstd

from . import catalogue
from .config import Config
from .findings import Finding, Report
from .load import Document, LoadResult, load_bytes, load_path
from .records import record
from .repository import PEEK_SCREEN_IDS, ServiceSummary, checked_folder, checked_path

STDIN = "-"

catalogue.declare(
    "SVC000", "internal-error", "error",
    "svcstd itself failed while checking this file (a bug in svcstd, not in the file).",
    "An internal failure must never hide the rest of the report: the failing rule is "
    "reported for this file and every other rule and file is still checked.",
    messages={
        "crash": "Internal error in {where}: {error}. The other checks still ran. Please report "
        "this to the svcstd maintainers with the file that caused it.",
    },
    family="engine",
)


@record(frozen=True)
class FileResult:
    """What checking one file yields: its findings, and what the cross-file pass needs."""

    file: str
    findings: tuple[Finding, ...]
    # Everything else by name: merges that add fields must not shift positional ones.
    _: KW_ONLY
    summary: object | None = None
    suppressions: object | None = None
    is_registry: bool = False
    # YAML that does not look like a service definition (`discovery.looks_like_definition`);
    # `skipped`: for that reason not checked at all.
    not_definition: bool = False
    skipped: bool = False
    # `context.context_key` of what the rules read besides the file (its registry's
    # defaults): a cached result is reused only while it is unchanged.
    context: str = ""


class CleanResult(ServiceSummary):
    """A definition checked without a finding nor an inline suppression, as the parent
    keeps it until the report: its name (the target's own string), the registry context
    it was checked in (kept for the cache, which stores this form too) and its summary,
    and nothing else, since a large run holds one per file. Reads as a `FileResult` does.

    One tuple: the summary's own values, then the name and the context. Its `summary` is
    itself (a `ServiceSummary` with the same id, references, responsible office and
    data flows): a result holding a summary was two tuples, 80 bytes a clean file more
    (and a `FileResult` with its `__dict__` about 1 kB)."""

    __slots__ = ()

    findings = ()
    suppressions = None
    is_registry = False
    not_definition = False
    skipped = False

    def __new__(cls, file: str, summary: tuple | None = None, context: str = ""):
        # `summary`: a ServiceSummary, or its four values.
        values = (None, None, None, None) if summary is None else tuple(summary)[:4]
        return tuple.__new__(cls, (*values, file, context))

    file = property(itemgetter(4), doc="The definition's name, as reported.")
    context = property(itemgetter(5), doc="`FileResult.context`.")

    # As the cross-file pass reads a definition (`repository._Checked`), when the run
    # reaches the file by the name it reports (`repository._cross_file_findings` says
    # when): no second object a file for that pass.
    written = file
    from_stdin = False
    target = None
    identity = None  # asked of the file itself, when needed
    folder = property(lambda self: checked_folder(self[4]), doc="`_Checked.folder`.")
    path = property(lambda self: checked_path(self[4]), doc="`_Checked.path`.")

    @property
    def summary(self) -> ServiceSummary | None:
        # A summary always has a tuple of references; None there: checked without one.
        return None if self[1] is None else self

    def __getnewargs__(self):
        # Pickled as the constructor's arguments, the summary as a plain tuple (a
        # worker's answer, the cache: whose reader takes svcstd's classes only).
        return self.file, (None if self[1] is None else self[:4]), self.context

    def __repr__(self) -> str:
        summary = None if self[1] is None else ServiceSummary(*self[:4])
        return f"CleanResult(file={self.file!r}, summary={summary!r}, context={self.context!r})"

    def _replace(self, **changes):
        raise TypeError("a CleanResult is not replaced: make another")


def compact(result, display: str, shared: dict, *, share_clean: bool = True):
    """`result` as the parent keeps it: a `CleanResult` when there is nothing to report
    nor to judge in it (the cache keeps the full result), else unchanged. `shared` (one
    per run) makes the office references that many definitions repeat, the same ones in
    the same places, one tuple. Without `share_clean`, a `CleanResult` keeps the
    result's own values: for whoever shares them itself (`run_results.RunResults`)."""
    if result.__class__ is not FileResult:
        return result
    summary = result.summary
    if summary is not None and summary.__class__ is not ServiceSummary:
        return result
    if (
        result.findings or result.suppressions is not None
        or result.is_registry or result.not_definition or result.file != display
    ):
        if summary is None:
            return result
        # Kept whole, but its summary made of the run's shared parts too: a worker's own
        # copy of each reference and legal basis was 1.3 kB a file with findings.
        return replace(result, summary=ServiceSummary(*_shared_summary(summary, shared)))
    if not share_clean:
        return CleanResult(display, summary, result.context)
    return shared_clean(display, summary, result.context, shared)


def shared_clean(display: str, summary, context: str, shared: dict) -> CleanResult:
    """`CleanResult(display, summary, context)` made of the run's shared copies: a
    worker's reduced result (`runner`) arrives with copies of its own."""
    context = shared.setdefault(context, context)  # one registry's key, for every definition under it
    if summary is None:
        return CleanResult(display, None, context)
    return tuple.__new__(CleanResult, (*_shared_summary(summary, shared), display, context))


def _shared_summary(summary: ServiceSummary, shared: dict) -> tuple:
    """The values of `summary` made of the run's shared copies."""
    refs, responsible, flows = summary.office_refs, summary.responsible, summary.flows
    if refs or flows:
        # Each reference on its own too: two definitions rarely name the same offices
        # at the same places, but each place with its office recurs. The tuples are
        # keyed by their shared form: a key made of the file's own references would keep
        # them all alive (some 250 bytes a clean file).
        refs = _shared_tuple(refs, shared)
        if responsible is not None:
            responsible = shared.setdefault(responsible, responsible)
        flows = _shared_tuple(flows, shared)
    return summary.id, refs, responsible, flows


def _shared_tuple(items: tuple, shared: dict) -> tuple:
    """`items` made of the run's shared copies of each item, itself shared."""
    return _shared(items, shared) if items else ()


def _shared(value, shared: dict):
    """The run's shared copy of `value` (a string, or a tuple of strings, flags and such
    tuples, as references and data flows are), made of shared parts when first met. Items
    differ by their places (a data item's index), but their offices, legal bases and
    pointers recur: kept as they arrived, each new item held strings of its own (a legal
    basis is some 200 bytes), about 100 bytes a clean file of a large run."""
    known = shared.get(value)
    if known is not None:
        # A tuple equals a named tuple of the same values: never one for the other.
        return known if known.__class__ is value.__class__ else value
    value = shared_parts(value, shared)
    shared[value] = value
    return value


def shared_parts(value, shared: dict):
    """`value` made of the run's shared copies of its parts (`_shared`), without keeping
    `value` itself in `shared`: for whoever keeps its own table of such values
    (`run_results`). `value` itself when its parts are already the shared ones."""
    if not isinstance(value, tuple) or not value:
        return value
    parts = [_shared(part, shared) if part.__class__ is str or isinstance(part, tuple) else part for part in value]
    if all(map(is_, parts, value)):
        return value
    return tuple(parts) if value.__class__ is tuple else value.__class__(*parts)


@record
class CheckOptions:
    """How to run (not what to check: that is `Config`)."""

    force_exclude: bool = False
    stdin_filename: str | None = None
    stdin_bytes: bytes | None = None
    jobs: int | None = None
    cache_dir: str | None = None
    use_cache: bool = False
    extra: dict = field(default_factory=dict)


def internal_error(file: str, where: str, error: BaseException, lang: str = "en") -> Finding:
    detail = f"{type(error).__name__}: {error}"
    return Finding(
        code="SVC000",
        severity="error",
        message=catalogue.message("SVC000", "crash", lang, where=where, error=detail),
        file=file,
    )


def run_rules(doc: Document, config: Config, enabled: frozenset[str] | None = None) -> list[Finding]:
    """Schema findings plus every enabled semantic rule, each rule isolated from the others."""
    from .schema import schema_findings

    findings: list[Finding] = []
    try:
        findings.extend(schema_findings(doc))
    except Exception as error:  # noqa: BLE001 - a crash must become a finding, not a traceback
        findings.append(internal_error(doc.file, "the schema check", error, doc.lang))
    if config.schema:
        from .schema import user_schema_findings

        try:
            findings.extend(user_schema_findings(doc, config.schema, already=findings))
        except Exception as error:  # noqa: BLE001
            findings.append(internal_error(doc.file, "the local schema check", error, doc.lang))
    for rule in catalogue.semantic_rules():
        if enabled is not None and rule.code not in enabled:
            continue
        try:
            findings.extend(rule.check(doc, config))
        except Exception as error:  # noqa: BLE001
            findings.append(internal_error(doc.file, f"rule {rule.code} ({rule.name})", error, doc.lang))
    return findings


# id(config) → (config, its select and ignore, the codes they enable): a run checks every
# file under one Config, and expanding its selectors for each file cost more than some rules.
_enabled_memo: dict[int, tuple] = {}


def _enabled_codes(config: Config) -> frozenset[str]:
    selectors = (tuple(config.select), tuple(config.ignore))
    found = _enabled_memo.get(id(config))
    if found is not None and found[0] is config and found[1] == selectors:
        return found[2]
    if len(_enabled_memo) > 8:  # a long-lived process with many configurations
        _enabled_memo.clear()
    codes = config.enabled_codes()
    _enabled_memo[id(config)] = (config, selectors, codes)
    return codes


def check_loaded(
    result: LoadResult, file: str, config: Config, *, is_registry: bool = False, path: str | None = None
) -> FileResult:
    """Everything per-file about an already loaded file. `path` (where the file is, for
    finding its offices registry's defaults) is None for a text without a place."""
    from . import repository, suppression

    enabled = _enabled_codes(config)
    findings = list(result.findings)
    summary = None
    directives = None
    context = ""
    doc = result.document
    if doc is not None and not is_registry and path is not None:
        from .context import rule_context

        try:
            doc.defaults, context = rule_context(path, config)
        except Exception as error:  # noqa: BLE001
            findings.append(internal_error(file, "reading the offices registry's defaults", error, config.lang))
    if doc is not None:
        if is_registry:
            try:
                findings.extend(repository.registry_findings(doc))
                summary = repository.summarize_registry(doc)
            except Exception as error:  # noqa: BLE001
                findings.append(internal_error(file, "the offices registry check", error, config.lang))
        else:
            findings.extend(run_rules(doc, config, enabled))
            try:
                summary = repository.summarize(doc)
            except Exception as error:  # noqa: BLE001
                findings.append(internal_error(file, "the repository summary", error, config.lang))
        directives = suppression.parse(doc.text)
    return FileResult(file, tuple(findings), summary=summary, suppressions=directives, is_registry=is_registry,
                      context=context)


def check_file(path: Path, display: str, config: Config, *, is_registry: bool = False) -> FileResult:
    try:
        loaded = load_path(path, display, lang=config.lang, limits=config.limits)
        return check_loaded(loaded, display, config, is_registry=is_registry, path=str(path))
    except Exception as error:  # noqa: BLE001
        return FileResult(display, (internal_error(display, "file loading", error, config.lang),))


def check_text(
    content: str | bytes, file: str = "<stdin>", config: Config | None = None
) -> Report:
    """Check one definition given as text or bytes (no registry, no other files)."""
    config = config or Config()
    _check_user_schema(config)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    loaded = load_bytes(raw, file, lang=config.lang, limits=config.limits)
    result = check_loaded(loaded, file, config)
    return finish([result], config, cross_file=[])


def _check_user_schema(config: Config) -> None:
    """A broken local schema is a configuration error (exit 2), found before any file."""
    if config.schema:
        from .schema import user_validator

        user_validator(config.schema)


# A run keeps one result per file until the report is made, and the cache loads them all
# at once: with Python's default thresholds the cycle collector walks those thousands of
# live objects again and again (a fifth of a warm 10,000-file run, measured). Collecting
# young objects less often keeps that to a few passes; svcstd's values form no cycles.
FEWER_COLLECTIONS = (100_000, 50, 100)


# Whether `keep_out_of_collections` may freeze: only inside a run, and only when nothing
# but svcstd's own start had frozen objects (the run unfreezes at its end what it froze,
# and unfreezing is all or nothing).
_may_freeze = False


@contextlib.contextmanager
def _fewer_collections():
    global _may_freeze
    before = gc.get_threshold()
    gc.set_threshold(*FEWER_COLLECTIONS)
    # (`gc.get_freeze_count` counts the frozen objects one by one: 1 ms after the command
    # line's start froze its imports, so it is asked only when that did not happen.)
    owns_freezing = not _may_freeze and (svcstd._frozen_by_the_command or gc.get_freeze_count() == 0)
    if owns_freezing:
        _may_freeze = True
    try:
        yield
    finally:
        if owns_freezing:
            _may_freeze = False
            # Everything the run made (the modules it imported among it) goes to the
            # oldest generation, as what it froze does: with the default thresholds back,
            # the next young collection would otherwise walk it all at once (4 ms of a
            # one-file run, for garbage that has no cycles).
            gc.freeze()
            gc.unfreeze()
        gc.set_threshold(*before)


def keep_out_of_collections() -> None:
    """Take every object alive now out of the collector's generations until the run
    ends. For results loaded in bulk that live until the report (cache shards): even
    with fewer collections, each young collection walks them all once (two collections,
    ~45 ms, of a warm 10,000-file run); freezing them costs nothing. Anything else
    alive now (garbage included) is frozen too, and returned to the collector when the
    run ends."""
    if _may_freeze:
        gc.freeze()


def check_paths(
    paths: Sequence[str | Path], config: Config | None = None, options: CheckOptions | None = None
) -> Report:
    """Check files and folders (`-` reads standard input) and return the report."""
    with _fewer_collections():
        return _check_paths(paths, config, options)


def _check_paths(
    paths: Sequence[str | Path], config: Config | None = None, options: CheckOptions | None = None
) -> Report:
    from . import discovery, repository

    options = options or CheckOptions()
    if config is None:
        from .config import project_root, search_start

        start = search_start(paths, options.stdin_filename)
        config = Config(root=str(project_root(start).resolve()))
    _check_user_schema(config)
    targets = discovery.discover(paths, config, force_exclude=options.force_exclude, stat=options.use_cache)
    registry_target = repository.registry_path(config, targets)
    # A small run leaves the other core idle: it reads the rest of the repository there,
    # the ids first (their peeks need no results cache: that takes 15-20 ms to open),
    # then, with the cache open, the data flows.
    peeks = _open_peeks(targets, config, options)
    in_background = repository.start_reading_others(targets, config, peeks)
    cache = _open_cache(targets, config, options)
    if cache is not None:
        if peeks is not None:
            cache.use_peeks(peeks)
        if in_background is not None:
            in_background.read_flows_too(cache, config)

    results = _check_targets(targets, config, options, cache)
    targets, results, not_definitions = _without_other_yaml(targets, results, config, options)
    dependants: list = []
    cross_file = repository.cross_file_findings(
        results, config, registry_target, targets,
        cache=options.extra.get("cache"), stdin_bytes=options.stdin_bytes, dependants=dependants,
        skipped=not_definitions, in_background=in_background,
    )
    report = _with_run_notes(finish(results, config, cross_file=cross_file, dependants=dependants),
                             targets, results, not_definitions, config)
    if not report.findings:
        return report
    # Which findings `svcstd fix` can repair: every format marks and counts them.
    from .authoring.fixes import mark_fixable

    stdin_name = frozenset({options.stdin_filename or repository.STDIN_NAME} if options.stdin_bytes is not None else ())
    return mark_fixable(
        report, config, skip=stdin_name, cache=options.extra.get("cache"), known=options.extra.get("fix_marks")
    )


def _classifies(target, config: Config, options: CheckOptions) -> bool:
    """Whether `target` is skipped when it is not a service definition: files found in a
    folder, and named files under --force-exclude (pre-commit names every staged file)."""
    return config.skip_non_definitions and not target.is_stdin and (not target.explicit or options.force_exclude)


def _without_other_yaml(targets, results, config: Config, options: CheckOptions):
    """The targets and results (`run_results.RunResults`) without the YAML files that are
    not definitions, and the names of those."""
    from array import array

    from .discovery import NamedTargets, Targets
    from .run_results import whole_rows

    dropped = [
        position for position, result in whole_rows(results)
        if result.not_definition and _classifies(targets[position], config, options)
    ]
    if not dropped:
        return targets, results, ()
    others = tuple(results[position].file for position in dropped)
    dropped_set = set(dropped)
    kept = array("I", (position for position in range(len(targets)) if position not in dropped_set))
    kept_results = results.keeping(kept)
    if isinstance(targets, NamedTargets) and results.names is targets.names:
        # Both keep reading their names from one column (the cross-file pass counts on it).
        kept_targets = NamedTargets(kept_results.names, targets.walked)
    else:
        kept_targets = Targets([targets[position] for position in kept], getattr(targets, "walked", {}))
    return kept_targets, kept_results, others


# Files named in the "not a definition" note; the JSON lists them all.
NOTE_FILES = 5


def _with_run_notes(report: Report, targets, results, not_definitions: tuple[str, ...], config: Config) -> Report:
    """Say what the findings cannot: YAML skipped as not a definition, and a run that
    found no definition at all in the folders it was given."""
    from .run_results import whole_rows

    lang = config.lang
    notes = list(report.notes)
    if not_definitions:
        shown = ", ".join(not_definitions[:NOTE_FILES])
        if len(not_definitions) > NOTE_FILES:
            shown += catalogue.ui("and_more", lang, count=len(not_definitions) - NOTE_FILES)
        notes.append(catalogue.ui("not_definitions_note", lang, count=len(not_definitions), files=shown))
    named_others = [r.file for position, r in whole_rows(results) if r.not_definition and targets[position].explicit]
    if named_others:
        notes.append(catalogue.ui("named_not_definitions_note", lang, files=", ".join(named_others[:NOTE_FILES])))
    # Only folders can come up empty: a pre-commit run whose staged YAML is all tool
    # configuration checks nothing, rightly.
    folders_named = bool(getattr(targets, "walked", {}))
    no_definitions = folders_named and not any(not r.is_registry for r in results)
    if no_definitions:
        notes.insert(0, catalogue.ui("no_definitions", lang))
    return replace(report, notes=tuple(notes), not_definitions=not_definitions, no_definitions=no_definitions)


def _open_peeks(targets, config: Config, options: CheckOptions):
    """The cache's peeked ids (`cache.PeekCache`), for a small run with the cache."""
    if not options.use_cache or not targets or len(targets) > PEEK_SCREEN_IDS or any(t.is_stdin for t in targets):
        return None
    from .cache import PeekCache, default_cache_dir

    try:
        return PeekCache.open(options.cache_dir or default_cache_dir(config), config)
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        return None


def _open_cache(targets, config: Config, options: CheckOptions):
    """The run's results cache (`cache.Cache`), or None: with --no-cache, for standard
    input alone, or when it cannot be opened (no cache is slower, never wrong)."""
    if not options.use_cache or all(t.is_stdin for t in targets):
        return None
    from .cache import Cache, default_cache_dir

    try:
        return Cache.open(options.cache_dir or default_cache_dir(config), config)
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        return None


def _check_targets(targets, config: Config, options: CheckOptions, cache=None) -> Sequence[FileResult]:
    """Per-file results in the targets' (sorted) order: standard input here, files through
    the runner (`cache`, then worker processes)."""
    from . import repository, runner
    from .discovery import has_stdin

    # The stat signature serves only the cache: unpacked for each file of a run without
    # it, it was a tuple of four integers a file (180 bytes) held through the whole check.
    signed = options.use_cache

    def job_of(t) -> runner.FileJob:
        return runner.FileJob(
            str(t.path), t.display, repository.is_registry_file(t.path, config, t.identity),
            t.signature if signed else None, _classifies(t, config, options),
        )

    # Each job made as its task is sent (a tuple a file kept through the check was 100
    # bytes a file of the parent, and of every worker forked then).
    files = targets if not has_stdin(targets) else [t for t in targets if not t.is_stdin]
    jobs = runner.JobsOf(files, job_of)
    checked = runner.check_files(
        jobs, config, workers=options.jobs, cache=cache, progress=options.extra.get("progress"),
        fix_marks=options.extra.setdefault("fix_marks", {}),
    )
    if cache is not None:
        options.extra["cache_stats"] = cache.stats
        options.extra["cache"] = cache  # the cross-file pass keeps its peeked ids there
    if files is targets:
        return checked  # (`run_results.RunResults`: by column)

    from .run_results import RunResults

    file_results = iter(checked)
    results = RunResults()
    for target in targets:
        if target.is_stdin:
            display = options.stdin_filename or repository.STDIN_NAME
            raw = options.stdin_bytes if options.stdin_bytes is not None else b""
            loaded = load_bytes(raw, display, lang=config.lang, limits=config.limits)
            # `--stdin-filename offices.yaml` (an editor checking the registry being edited)
            # is the registry, and its dependants are checked against it.
            as_registry = options.stdin_filename is not None and repository.is_registry_file(options.stdin_filename, config)
            results.append(check_loaded(loaded, display, config, is_registry=as_registry, path=display))
        else:
            results.append(next(file_results))
    return results.done()


def finish(results: Sequence[FileResult], config: Config, cross_file: Iterable[Finding], dependants: Sequence = ()) -> Report:
    """Apply the configuration's policy to every finding and sort them into a Report.

    `dependants` (`repository.Dependant`) are files outside the run with findings caused
    by a registry in it: the same policy applies to them, but their suppressions are not
    judged (SVC901), since the files themselves were not checked."""
    from . import suppression
    from .run_results import whole_rows

    enabled = config.enabled_codes()
    by_file: dict[str, list[Finding]] = {}
    judged = [result for _, result in whole_rows(results) if result.findings or result.suppressions is not None]
    for result in judged:
        # Only files with something to judge: a list per clean file would be most of
        # the memory of a large run's last step.
        by_file.setdefault(result.file, []).extend(result.findings)
    for finding in cross_file:
        by_file.setdefault(finding.file, []).append(finding)
    directives = {r.file: r.suppressions for r in judged if r.suppressions is not None}
    outside = {d.file for d in dependants} - set(by_file)
    for dependant in dependants:
        if dependant.file in outside:
            by_file.setdefault(dependant.file, []).extend(dependant.findings)
            if dependant.suppressions is not None:
                directives[dependant.file] = dependant.suppressions

    kept: list[Finding] = []
    for file, findings in by_file.items():
        if not findings and file not in directives:
            continue  # most files of a large run: nothing to filter, nothing suppressed
        findings = [f for f in findings if f.code in enabled or f.code == "SVC000"]
        findings = [f for f in findings if not _ignored_for_file(file, f.code, config)]
        findings = suppression.apply(findings, directives.get(file), file, config)
        if file in outside:
            findings = [f for f in findings if f.code != suppression.UNUSED]
        kept.extend(_with_severity(f, config) for f in findings)
    return Report(findings=tuple(sorted(kept, key=Finding.sort_key)), files=_sorted_names(results))


def _sorted_names(results: Iterable[FileResult]) -> Sequence[str]:
    """The results' names, sorted, each once. They come in the targets' order, sorted
    already: a set of every name, to sort it again, was 5 MB of a 100,000-file run's
    peak."""
    from itertools import pairwise

    from .run_results import names_of

    names = names_of(results)
    if not isinstance(names, (list, tuple)) and (getattr(names, "ordered", False) or names.is_sorted()):
        # Kept by column (`name_column`): the report keeps the column, not a string a file.
        return names
    names = tuple(names)
    if all(earlier < later for earlier, later in pairwise(names)):
        return names
    return tuple(sorted(set(names)))


def _with_severity(finding: Finding, config: Config) -> Finding:
    override = config.severity.get(finding.code)
    return replace(finding, severity=override) if override and override != finding.severity else finding


def _ignored_for_file(file: str, code: str, config: Config) -> bool:
    if not config.per_file_ignores:
        return False
    from .discovery import glob_matches

    for pattern, codes in config.per_file_ignores.items():
        if glob_matches(file, pattern, config) and any(
            code in catalogue.expand_selector(selector) for selector in codes
        ):
            return True
    return False


def exit_code(report: Report, fail_on: str = "error") -> int:
    """0 clean (at the threshold), 1 findings at or above `fail_on`, 2 internal errors."""
    from .findings import fails_run

    if any(f.code == "SVC000" for f in report.findings):
        return 2
    if report.no_definitions and fail_on != "never":
        return 1  # a gate that checked nothing must not pass (see the README)
    return 1 if any(fails_run(f, fail_on) for f in report.findings) else 0
