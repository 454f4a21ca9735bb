"""Checking on all cores reports exactly what checking in one process does."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_svcstd
from svcstd import engine, runner
from svcstd.config import load_config


def _generate(folder: Path, count: int, seed: int, defect_rate: float) -> None:
    # Imported by its own name: its worker processes must find its functions.
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    module = importlib.import_module("generate")
    module.generate(folder, count, seed=seed, defect_rate=defect_rate)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parallel")
    _generate(folder, 3 * runner.PARALLEL_THRESHOLD + 17, seed=11, defect_rate=0.3)
    # A repeated id across two files: a cross-file finding that needs every summary.
    first = sorted(folder.rglob("*-000001.yaml"))[0]
    shutil.copy(first, first.with_name("copy-of-" + first.name))
    (folder / "svcstd.toml").write_text("", "utf-8")
    return folder


def _as_rows(report):
    return [(*f.sort_key(), f.severity, f.source) for f in report.findings]


def test_parallel_report_is_identical_to_serial(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    config = load_config()
    serial = engine.check_paths(["."], config, engine.CheckOptions(jobs=1))
    parallel = engine.check_paths(["."], config, engine.CheckOptions(jobs=2))
    assert _as_rows(parallel) == _as_rows(serial)
    assert parallel.files == serial.files
    codes = {f.code for f in serial.findings}
    assert "SVC602" in codes  # the duplicated id, found from per-file summaries
    assert len(codes) >= 5


@pytest.mark.parametrize("count", [1, 7, 50, 1000, 10_000])
def test_tasks_cover_every_file_once_large_first_small_last(count):
    items = list(range(count))
    tasks = runner.chunks(items, 2)
    assert [item for task in tasks for item in task] == items
    sizes = [len(task) for task in tasks]
    assert max(sizes) <= runner.MAX_CHUNK_FILES
    assert all(size >= runner.MIN_CHUNK_FILES for size in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True) or sizes[-1] < runner.MIN_CHUNK_FILES
    if count >= 1000:
        # Few round trips for a large run, and a tail that leaves no core waiting long.
        assert len(tasks) <= count // 32
        assert sizes[-1] <= runner.MIN_CHUNK_FILES
    if count >= 10_000:
        assert sizes[0] == runner.MAX_CHUNK_FILES


def test_tasks_are_sent_a_few_ahead_of_the_results_taken_back():
    """`pool.map` sent every task at once, so results finished early waited whole for a
    lagging parent (7 MB more at 10,000 files with a parent slowed to 1.5 ms a file)."""
    from concurrent.futures import Future

    class CountingPool:
        def __init__(self):
            self.sent = self.taken = self.most_outstanding = 0

        def submit(self, function, task):
            self.sent += 1
            self.most_outstanding = max(self.most_outstanding, self.sent - self.taken)
            pool = self

            class Taken(Future):
                def result(self, timeout=None):
                    pool.taken += 1
                    return super().result(timeout)

            future = Taken()
            future.set_result(function(task))
            return future

    pool = CountingPool()
    made = []

    def tasks():  # made as they are taken, as a large run slices its jobs
        for n in range(40):
            made.append(n)
            assert len(made) - pool.taken <= 6
            yield [runner.FileJob("missing.yaml", f"{n}.yaml")]

    runner._start_worker(load_config(), remember=False)
    names = []
    for task, part in runner._in_order(pool, tasks(), ahead=6):
        assert [job.display for job in task] == [checked.result.file for checked in part]
        names.extend(checked.result.file for checked in part)
    assert names == [f"{n}.yaml" for n in range(40)]
    assert pool.sent == 40 and pool.most_outstanding == 6


def test_a_large_run_makes_each_job_once_and_only_as_its_task_is_sent(corpus):
    # The jobs of a large run were a tuple a file held through the whole check (and
    # copied into every worker); now each is made when its task is sent.
    config = load_config(cwd=corpus)
    files = sorted(corpus.rglob("*.yaml"))
    made, kept = [], []

    def make(path):
        made.append(path)
        return runner.FileJob(str(path), path.relative_to(corpus).as_posix())

    made_when_first_kept = []

    def keep(job, checked):
        if not kept:
            made_when_first_kept.append(len(made))
        kept.append(job.display)
        return checked.result

    jobs = runner.JobsOf(files, make)
    results = runner.check_in_parallel(jobs, config, workers=2, keep=keep, remember=False)
    assert made == files  # each once, in order
    assert kept == [r.file for r in results] == [p.relative_to(corpus).as_posix() for p in files]
    # When the first result was kept, only the tasks sent so far were made: those sent
    # ahead, and the one sent as the first came back.
    bounds = runner.task_bounds(len(files), 2)
    assert len(bounds) > 2 * runner.TASKS_AHEAD + 1
    assert made_when_first_kept == [bounds[2 * runner.TASKS_AHEAD + 1][0]]


def test_worker_results_come_back_in_input_order(corpus):
    config = load_config(cwd=corpus)
    files = sorted(corpus.rglob("*.yaml"))[: 2 * runner.CHUNK_FILES + 5]
    jobs = [runner.FileJob(str(p), p.name) for p in reversed(files)]
    parallel = runner.check_in_parallel(jobs, config, workers=2)
    serial = [runner.check_job(job, config) for job in jobs]
    assert [c.result.file for c in parallel] == [job.display for job in jobs]
    assert [c.result for c in parallel] == [c.result for c in serial]
    assert [c.digest for c in parallel] == [c.digest for c in serial]


def test_workers_without_a_cache_neither_stat_nor_hash(corpus):
    # A --no-cache run has nowhere to keep a file's digest: its workers skip reading it
    # twice (the stat) and hashing it, and report the same results.
    config = load_config(cwd=corpus)
    files = sorted(corpus.rglob("*.yaml"))[: runner.CHUNK_FILES + 5]
    jobs = [runner.FileJob(str(p), p.name) for p in files]
    forgotten = runner.check_in_parallel(jobs, config, workers=2, remember=False)
    remembered = runner.check_in_parallel(jobs, config, workers=2)
    assert [c.result for c in forgotten] == [c.result for c in remembered]
    assert {(c.stat, c.digest) for c in forgotten} == {(None, None)}
    assert all(c.stat is not None and c.digest for c in remembered)


def test_workers_without_a_cache_send_clean_files_reduced(corpus):
    # Without a cache, a worker sends a clean file as the parent keeps it (a CleanResult),
    # not its whole `Checked`; a file with findings still comes whole. What the parent
    # keeps is the same either way, and shares the references between files.
    config = load_config(cwd=corpus)
    files = sorted(corpus.rglob("*.yaml"))[: 2 * runner.CHUNK_FILES]
    jobs = [runner.FileJob(str(p), p.relative_to(corpus).as_posix()) for p in files]
    sent = runner.check_in_parallel(jobs, config, workers=2, remember=False, reduce=True, keep=lambda _, one: one)
    clean = [one for one in sent if one.__class__ is engine.CleanResult]
    whole = [one for one in sent if one.__class__ is runner.Checked]
    assert clean and whole and len(clean) + len(whole) == len(jobs)
    assert all(one.result.findings or one.result.suppressions is not None for one in whole)

    shared: dict = {}
    serial = [engine.compact(runner.check_job(job, config, remember=False).result, job.display, shared) for job in jobs]
    kept = runner.check_files(jobs, config, workers=2)
    assert list(kept) == serial
    # A clean file's name is the job's own string, not a copy that came from the worker.
    reduced = [(r, job) for r, job in zip(kept, jobs) if r.__class__ is engine.CleanResult]
    assert all(r.file is job.display for r, job in reduced)
    refs = [r.summary.office_refs for r, _ in reduced if r.summary.office_refs]
    assert len({id(ref) for places in refs for ref in places}) < sum(map(len, refs))

def test_cli_output_identical_for_any_number_of_jobs(corpus):
    outputs = {}
    for jobs in ("1", "2", "3"):
        result = run_svcstd("check", "--no-cache", "--jobs", jobs, "--format", "json", ".", cwd=corpus)
        assert result.returncode == 1, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"] == outputs["3"]
    assert b'"SVC602"' in outputs["1"]


def test_jobs_must_be_positive(corpus):
    result = run_svcstd("check", "--jobs", "0", ".", cwd=corpus)
    assert result.returncode == 2
    assert b"--jobs must be 1 or more" in result.stderr


def test_jobs_must_be_a_whole_number(cli):
    code, _ = cli("check", "--jobs", "two", ".")
    assert code == 2
    result = run_svcstd("check", "--jobs", "two", ".")
    assert result.returncode == 2
    assert b"'two' is not a whole number" in result.stderr


def test_a_worker_that_cannot_start_falls_back_to_this_process(corpus, monkeypatch):
    import concurrent.futures

    class NoProcesses:
        def __init__(self, *args, **kwargs):
            raise OSError("process creation is not allowed here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoProcesses)
    config = load_config(cwd=corpus)
    files = sorted(corpus.rglob("*.yaml"))[: runner.PARALLEL_THRESHOLD + 1]
    jobs = [runner.FileJob(str(p), p.name) for p in files]
    results = runner.check_files(jobs, config, workers=2)
    assert [r.file for r in results] == [p.name for p in files]
    # Clean results come back reduced to what the report needs (engine.compact), either way.
    assert list(results) == [engine.compact(runner.check_job(job, config).result, job.display, {}) for job in jobs]


def test_workers_find_the_fix_marks_and_the_parent_dry_runs_only_what_they_could_not(corpus, monkeypatch):
    """What `svcstd fix` could repair is found by the process that checked the file, while
    the other files are being checked: the parent then dry-runs only files whose only
    fixable finding comes from the cross-file pass (an unknown office, SVC601)."""
    from svcstd.authoring import fixes

    monkeypatch.chdir(corpus)
    config = load_config()
    in_parent: list[str] = []
    real = fixes._marks_of_file

    def counting(file, *args):
        in_parent.append(file)
        return real(file, *args)

    monkeypatch.setattr(fixes, "_marks_of_file", counting)

    def marks(report):
        return [(f.file, f.code, f.path, f.fix) for f in report.findings if f.fix]

    serial = engine.check_paths(["."], config, engine.CheckOptions(jobs=1))
    parallel = engine.check_paths(["."], config, engine.CheckOptions(jobs=2))
    assert marks(parallel) == marks(serial)
    assert marks(serial)
    for report in (serial, parallel):
        for file in in_parent:
            fixable = {f.code for f in report.findings if f.file == file and f.fix}
            assert fixable <= {"SVC601"}, (file, fixable)
    per_file_fixable = {file for file, code, _, _ in marks(serial) if code != "SVC601"}
    assert per_file_fixable and not per_file_fixable & set(in_parent)



def test_the_benchmark_times_each_phase_of_a_parallel_run(corpus):
    """benchmarks/run.py times a whole run's phases by wrapping the functions that start
    and end them: renaming one must break this test, not leave the table silently empty."""
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    run = importlib.import_module("run")
    phases = run.run_phases(corpus, rounds=1)
    whole = phases.pop("whole run, in process")
    assert set(phases) == {
        "start: imports, options, configuration (one core)", "discovery (one core)",
        "validators built before forking (one core)", "checking the files (the workers)",
        "cross-file pass (one core)", "report: notes, fix marks, output (one core)",
    }
    assert all(0 <= seconds <= whole for seconds in phases.values())
    assert phases["checking the files (the workers)"] > 0 and phases["cross-file pass (one core)"] > 0
    assert sum(phases.values()) <= whole * 1.01


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_the_benchmark_tells_whose_peak_memory_it_was():
    """wait4's peak is the largest of a command and its children: the 100,000-file run's
    figure says which one it was, so that a peak seen once can be traced."""
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    run = importlib.import_module("run")
    # The command stays small; its child holds 60 MB for a moment.
    child_holds = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    block = bytearray(60 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.4); os._exit(0)\n"
        "os.wait()\n"
    )
    measured = run.measure([sys.executable, "-c", child_holds], who=True)
    assert measured.returncode == 0
    assert measured.child_peak_mb is not None and measured.child_peak_mb > 60
    assert measured.own_peak_mb is not None and measured.own_peak_mb < 40
    assert measured.peak_mb >= measured.child_peak_mb - 1
    assert run.measure([sys.executable, "-c", "pass"]).own_peak_mb is None  # only when asked


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_the_benchmark_measures_a_command_without_its_own_memory():
    """Linux gives a command started by vfork and exec the peak memory of the process it
    was started from: measured straight from the benchmark, after it had generated the
    100,000-file corpus, svcstd's 100,000-file run peaked at 146-156 MB for 119."""
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    run = importlib.import_module("run")
    grown = bytearray(120 * 1024 * 1024)
    grown[::4096] = b"x" * len(grown[::4096])  # resident, so this process's peak is above 120 MB
    assert run._high_water_mb(os.getpid()) > 120
    measured = run.measure([sys.executable, "-c", "pass"])
    del grown
    assert measured.returncode == 0 and measured.peak_mb < 40
    assert run.measure([sys.executable, "-c", "import sys; sys.exit(3)"]).returncode == 3
