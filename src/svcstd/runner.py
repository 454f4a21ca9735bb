"""Checking many files: the cache first, then all cores for what is left.

Each file is checked on its own (load, schema, rules, summary) in a worker process; only
the `FileResult` travels back, and the cross-file pass works from its small summary.
Results come back in the order of the files given (sorted by the engine), so a parallel
run reports exactly what a serial one does.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from .records import record

# Below this many files to check, starting worker processes costs more than it saves
# (fork plus start-up is about 30-60 ms; a definition takes about 1-2 ms). Measured with
# benchmarks/run.py --crossover.
PARALLEL_THRESHOLD = 48
# Files per task sent to a worker: large enough to amortise the round trip, small
# enough that the last tasks do not leave a core idle. `chunks` starts with tasks of up
# to MAX_CHUNK_FILES and shrinks them towards the end of a run, down to MIN_CHUNK_FILES.
MAX_CHUNK_FILES = 128
MIN_CHUNK_FILES = 8
# A task holds at most this share of what is left for each worker.
_SHARE_OF_THE_REST = 4
# Tasks sent ahead to each worker, so that none waits for the parent to send the next.
TASKS_AHEAD = 3
# Files that make a second worker worth its start (`oversight.register`).
CHUNK_FILES = 32
# From this many files on, some are almost surely invalid; what their detailed analysis
# needs is then built before forking instead of in each worker (jsonschema, ~100 ms to
# import, only where jsonschema-rs is missing: `svcstd.schema_rs`).
DETAILED_VALIDATOR_BEFORE_FORK = 200


class FileJob(NamedTuple):
    """One file to check. A named tuple: one is made per file on every run, cached or not,
    and kept during the check; a tuple is built in a fraction of a frozen dataclass's
    time and holds no `__dict__`."""

    path: str
    display: str
    is_registry: bool = False
    # `cache.stat_key` of the file as discovery saw it: spares a second stat per file
    # when the cache is consulted (None: stat it here).
    signature: tuple[int, int, int, int] | None = None
    # Skip the file when it does not look like a service definition (a file found by
    # walking a folder; see `discovery.looks_like_definition`).
    classify: bool = False


@record(frozen=True)
class Checked:
    """A fresh result, with what the cache needs to recognise the same file later."""

    result: object  # engine.FileResult
    stat: tuple[int, int, int, int] | None
    digest: str | None
    read_at_ns: int
    # What `svcstd fix` could repair (`fixes.marks_of_text`), when asked for and the file
    # has a finding of a fixable code; None otherwise.
    marks: tuple | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _no_digest(raw: bytes) -> None:
    return None


def check_job(job: FileJob, config, *, marks: bool = False, remember: bool = True) -> Checked:
    """Read, hash and check one file. Never raises: a crash becomes an SVC000 finding.
    With `marks`, also dry-run `svcstd fix` on a file with a fixable finding. Without
    `remember` (no cache to store the result in) the file is neither hashed nor stat'ed
    again: `Checked.stat` and `digest` are None."""
    from .engine import FileResult, check_loaded, internal_error

    # From the loader's entry module, where the package serves these names from: asked
    # of the package, each name goes through its `__getattr__` (4.4 against 1.4 us a
    # file, measured).
    from .load.entry import decode, load_bytes, read_file

    if remember:
        # Only the cache needs these; importing it loads pickle and OpenSSL's hashlib.
        from .cache import file_digest, stat_key
    else:
        file_digest = _no_digest

    read_at = time.time_ns()
    try:
        info = None
        if remember:
            try:
                info = stat_key(os.stat(job.path))
            except OSError:
                info = None
        raw, problem = read_file(job.path, job.display, config.lang, config.limits)
        if problem is not None:
            return Checked(FileResult(job.display, (problem,)), None, None, read_at)
        # Decoded once, both to tell a definition from other YAML and to load it.
        decoded = decode(raw, job.display, config.lang)
        other_yaml = not job.is_registry and not _looks_like_definition(decoded)
        if other_yaml and job.classify:
            skipped = FileResult(job.display, (), not_definition=True, skipped=True)
            return Checked(skipped, info, file_digest(raw), read_at)
        loaded = load_bytes(raw, job.display, lang=config.lang, limits=config.limits, decoded=decoded)
        result = check_loaded(loaded, job.display, config, is_registry=job.is_registry, path=job.path)
        if other_yaml:
            # Checked because it was named; remembered, so that a later walk skips it.
            result = replace(result, not_definition=True)
        found = _fix_marks(decoded[0], result, job, config) if marks else None
        return Checked(result, info, file_digest(raw), read_at, found)
    except Exception as error:  # noqa: BLE001
        crash = internal_error(job.display, "file loading", error, config.lang)
        return Checked(FileResult(job.display, (crash,)), None, None, read_at)


# The offices registries read for the dry runs of `svcstd fix` during one run (emptied
# when a run starts: a registry may have changed since the last one in this process).
_registries_read: dict = {}


def _fix_marks(body: str | None, result, job: FileJob, config) -> tuple | None:
    if not result.findings:
        return None  # most files: and a clean run never imports the fixers
    from .authoring.fixes import fixable_codes, marks_of_text

    codes = fixable_codes()
    if body is None or not any(finding.code in codes for finding in result.findings):
        return None
    try:
        return marks_of_text(body, job.path, job.display, config, _registries_read)
    except Exception:  # noqa: BLE001 - marking is a courtesy; the parent tries again
        return None


def _looks_like_definition(decoded: tuple) -> bool:
    from .discovery import looks_like_definition

    text, problem = decoded
    return problem is not None or text is None or looks_like_definition(text)


# --------------------------------------------------------------------------------------
# Worker processes

_worker_config = None
_worker_marks = False
_worker_remembers = True
# Whether the worker sends a clean file's result reduced (`engine.compact`), and the
# references it shares between them (`reduce` in `check_in_parallel`).
_worker_reduces = False
_worker_shared: dict = {}


def _start_worker(config, marks: bool = False, remember: bool = True, reduce: bool = False) -> None:
    global _worker_config, _worker_marks, _worker_remembers, _worker_reduces
    import multiprocessing

    from . import context

    _worker_config, _worker_marks, _worker_remembers, _worker_reduces = config, marks, remember, reduce
    _worker_shared.clear()
    if multiprocessing.parent_process() is not None:
        # A worker process serves one run (and is never asked to end it); called in the
        # parent (tests, benchmarks), this must not leave a run going.
        context.run_started()


def _check_chunk(jobs: list[FileJob]) -> list:
    checked = [check_job(job, _worker_config, marks=_worker_marks, remember=_worker_remembers) for job in jobs]
    if not _worker_reduces:
        return checked
    # Sharing pays within one task's answer only (pickle writes a shared object once per
    # message). Kept across tasks, the references of every file a worker checked stayed
    # alive in it: most definitions name their offices in their own order.
    _worker_shared.clear()
    return [as_sent(job, one, _worker_shared) for job, one in zip(jobs, checked)]


def as_sent(job: FileJob, checked: Checked, shared: dict):
    """What a worker without a cache sends back: a clean file's `engine.CleanResult`, made
    of the worker's `shared` references; any other result whole, as its `Checked`. A
    `Checked` pickled with its `FileResult` costs 23 us a file to send and take back, a
    `CleanResult` 8 (measured on the benchmark's corpus): the parent would reduce it to
    that anyway."""
    from .engine import CleanResult, compact

    kept = compact(checked.result, job.display, shared)
    return kept if kept.__class__ is CleanResult else checked


def chunks(items: Sequence, workers: int) -> list[list]:
    """`items` cut into consecutive tasks for `workers` processes: each task a share of
    what is left, so that a large run sends few large tasks (each costs the parent a
    wake-up, a message and its unpickling: 32 files a task cost it 8 us a file more than
    128) and still ends with small ones, which keep every core busy to the end."""
    return [list(items[start:stop]) for start, stop in task_bounds(len(items), workers)]


def task_bounds(total: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each task of `chunks`: a large run slices its jobs only as each
    task is sent, so that they are not all made at once (see `JobsOf`)."""
    bounds, start = [], 0
    while start < total:
        size = (total - start) // (workers * _SHARE_OF_THE_REST)
        size = max(MIN_CHUNK_FILES, min(MAX_CHUNK_FILES, size))
        bounds.append((start, min(total, start + size)))
        start += size
    return bounds


class JobsOf(Sequence):
    """The `FileJob` of each of `items`, made by `make` when asked: the jobs of a large
    run were a tuple a file, held through the whole check (and copied into every worker
    forked then), when only the tasks in flight need them."""

    def __init__(self, items: Sequence, make):
        self._items = items
        self._make = make
        # The items' names by column, when they are kept so (`discovery.NamedTargets`).
        self.names = getattr(items, "names", None)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator:
        return map(self._make, self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(item) for item in self._items[index]]
        return self._make(self._items[index])


def _pool_context():
    """fork where it is safe and cheap (Linux): workers inherit the imported modules and
    the compiled validator instead of importing and compiling them again."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _warm_up(files: int) -> None:
    """Build what every worker needs once, before forking, so they share it."""
    try:
        from . import rules  # noqa: F401 - registers the semantic rules
        from .schema import detail_ready, fast_validator, schema_name
        from .versions import FORMAT_VERSIONS

        for version in FORMAT_VERSIONS:  # definitions of every version may come
            fast_validator(schema_name("service", version))
        if files >= DETAILED_VALIDATOR_BEFORE_FORK:
            detail_ready()  # some of that many files will be invalid
    except Exception:  # noqa: BLE001 - each worker will meet (and report) it itself
        pass


def _in_order(pool, tasks: Iterable[list], ahead: int) -> Iterator[tuple[list, list]]:
    """Each task with what `_check_chunk` makes of it, in order, with at most `ahead`
    tasks sent and not yet taken back. `pool.map` sends every task at once: a task that
    finishes before those in front of it then waits, whole results unreduced, for as long
    as the parent lags (with the parent slowed to 1.5 ms a file, 7 MB more at 10,000
    files). `tasks` may be made as they are taken."""
    waiting: deque = deque()
    upcoming = iter(tasks)
    for task in itertools.islice(upcoming, ahead):
        waiting.append((task, pool.submit(_check_chunk, task)))
    while waiting:
        task, future = waiting.popleft()
        part = future.result()
        following = next(upcoming, None)
        if following is not None:
            waiting.append((following, pool.submit(_check_chunk, following)))
        yield task, part


def check_in_parallel(
    jobs: Sequence[FileJob], config, workers: int, progress=None, *, marks: bool = False,
    keep=None, remember: bool = True, reduce: bool = False, into: list | None = None,
) -> list:
    """`Checked` of each job, in order; or what `keep(job, checked)` makes of it,
    called as each arrives (a large run then never holds every full result at once).
    Without `remember` (no cache), the workers neither stat nor hash the files. With
    `reduce`, a clean file comes back as its `engine.CleanResult` (made of the worker's
    own copies: see `engine.shared_clean`), not as a `Checked`. `into`: where to put
    them (`run_results.RunResults`), else a new list."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    bounds = task_bounds(len(jobs), workers)
    tasks = (jobs[start:stop] for start, stop in bounds)
    workers = min(workers, len(bounds))
    context = _pool_context()
    if context.get_start_method() == "fork":
        _warm_up(len(jobs))
    checked = [] if into is None else into
    try:
        from .engine import keep_out_of_collections

        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(config, marks, remember, reduce)) as pool:
            for task, part in _in_order(pool, tasks, workers * TASKS_AHEAD):
                checked.extend(part if keep is None else map(keep, task, part))
                # The results live until the report: the collector need not walk them.
                keep_out_of_collections()
                if progress is not None:
                    progress.advance(len(part))
    except (BrokenProcessPool, OSError, RuntimeError):
        # A worker died (out of memory, killed) or processes cannot be started here
        # (some sandboxes): finish the remaining files in this process.
        done = len(checked)
        checked.extend(
            _check_serially(jobs[done:], config, progress, marks=marks, remember=remember, keep=keep)
        )
    return checked


def _check_serially(
    jobs: Sequence[FileJob], config, progress=None, *, marks: bool = False, remember: bool = True, keep=None,
    into: list | None = None,
) -> list:
    checked = [] if into is None else into
    for job in jobs:
        one = check_job(job, config, marks=marks, remember=remember)
        checked.append(one if keep is None else keep(job, one))
        if progress is not None:
            progress.advance()
    return checked


def _context_key(path: str, config) -> str:
    from .context import rule_context

    try:
        return rule_context(path, config)[1]
    except Exception:  # noqa: BLE001 - an unknown context is a changed one: check again
        return "?"


def _cached(jobs: Sequence[FileJob], cache, config) -> tuple[list, list[int]]:
    """Each job's result from `cache` where still valid (None elsewhere), and the
    positions of the jobs left to check."""
    results: list = [None] * len(jobs)
    pending: list[int] = []
    # (Each folder's context key is found once: the run remembers it, `context.rule_context`.)
    for index, job in enumerate(jobs):
        info = job.signature
        if info is None:
            try:
                info = os.stat(job.path)
            except OSError:
                info = None
        hit = cache.lookup(job.path, job.display, job.is_registry, info)
        if hit is not None and getattr(hit, "skipped", False) and not job.classify:
            hit = None  # skipped by a walk, now named: check it in full
        if hit is not None and not job.is_registry and getattr(hit, "context", "") != _context_key(job.path, config):
            hit = None  # its offices registry's defaults changed since
            cache.stats.hits -= 1
            cache.stats.misses += 1
        if hit is not None:
            results[index] = hit
        else:
            pending.append(index)
    return results, pending


def check_files(
    jobs: Sequence[FileJob], config, *, workers: int | None = None, cache=None, progress=None, fix_marks: dict | None = None
) -> list:
    """FileResults for `jobs`, in the same order: from `cache` where still valid, the rest
    checked, in parallel when there are enough of them. `progress` (svcstd.progress)
    hears of each file checked. `fix_marks` (a dict) receives display name → what `svcstd
    fix` could repair, for each file checked now that has a fixable finding."""
    from . import context

    enclosing = context.run_started()
    try:
        return _check_files(jobs, config, workers, cache, progress, fix_marks)
    finally:
        context.run_ended(enclosing)


def _check_files(jobs: Sequence[FileJob], config, workers: int | None, cache, progress, fix_marks: dict | None) -> list:
    # Without the cache every job is checked: no list of positions, no copy of the jobs
    # (44 bytes a file of the run's peak).
    results: list | None = None
    pending: Sequence[int] = range(len(jobs))
    todo = jobs
    if cache is not None:
        results, pending = _cached(jobs, cache, config)
        todo = [jobs[i] for i in pending]

    workers = default_jobs() if workers is None or workers < 1 else workers
    _registries_read.clear()
    # Kept until the report: each fresh result goes to the cache as it arrives, and a
    # clean one is then reduced to its name and summary (engine.compact), so that a
    # large run never holds every full result, and memory grows little per clean file.
    from .engine import CleanResult, compact, shared_clean
    from .run_results import RunResults, as_run_results

    # (Results from the cache are left whole: the cache holds them until it is saved.)
    shared: dict = {}

    def keep(job: FileJob, checked):
        if checked.__class__ is CleanResult:  # reduced by a worker (no cache to store in)
            if into is not None:  # which keeps the parts it has not met yet, shared
                return tuple.__new__(CleanResult, (*checked[:4], job.display, checked[5]))
            return shared_clean(job.display, checked.summary, checked.context, shared)
        kept = compact(checked.result, job.display, shared, share_clean=into is None)
        if cache is not None:
            # The reduced form is what a warm run needs too, and unpickles with a few
            # objects instead of eight (references shared within a shard are written once).
            cache.store(job.path, job.display, job.is_registry,
                        checked if kept is checked.result else replace(checked, result=kept))
        if fix_marks is not None and checked.marks is not None:
            fix_marks[job.display] = checked.marks
        return kept

    # Without the cache the results are kept by column as they arrive (`run_results`).
    into = RunResults(names=getattr(jobs, "names", None), shared=shared) if results is None else None
    if progress is not None:
        progress.start(len(todo))
    try:
        if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
            fresh = check_in_parallel(
                todo, config, workers, progress, marks=fix_marks is not None, keep=keep, remember=cache is not None,
                reduce=cache is None, into=into,
            )
        else:
            fresh = _check_serially(
                todo, config, progress, marks=fix_marks is not None, remember=cache is not None, keep=keep, into=into,
            )
    finally:
        if progress is not None:
            progress.finish()

    if results is None:
        return fresh.done()
    for index, result in zip(pending, fresh):
        results[index] = result
    cache.save()
    return as_run_results(results)
