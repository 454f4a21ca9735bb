#!/usr/bin/env python3
"""Benchmark svcstd against check-jsonschema, side by side, on the same files and schema.

    python benchmarks/run.py                 # every figure (10,000 and 100,000 files)
    python benchmarks/run.py --quick         # 1,000 files, no 100,000 run
    python benchmarks/run.py --skip-100k --cj-sample 2000

Prints, with the machine's core count:
- files/s of `svcstd check` on 1,000 and 10,000 files, without cache (cold) and with an
  unchanged cache (warm), every rule on;
- files/s of check-jsonschema (installed as pip installs it) on the same 10,000 files with
  the same schema (`svcstd schema`), schema only, and the ratio;
- one file inside a 2,000-definition repository (a pre-commit run: the other files' ids
  are peeked), without the cache, whole process, median of 10, for both tools;
- peak memory (maximum RSS of any process of the run, from wait4);
- a 100,000-file run generated on the fly (never committed) to show linear cost;
- cold runs of 10,000 and 100,000 definitions without a defect: memory growth with clean
  files alone (the corpus's files with findings are kept whole until the report);
- the slowest imports of a one-file run (`python -X importtime`);
- per-file time of each stage (read, parse, validate, rules, summary, suppression
  comments, transfer between processes; the five costliest rules) on one core;
- the phases of a cold 10,000-file run: what runs on one core alone (start, discovery,
  validators built before forking, cross-file pass, report) beside the checking;
- the cost of the progress line;
- the serial/parallel crossover that sets runner.PARALLEL_THRESHOLD (`--crossover`).

The machine may be shared and noisy: each comparison is made in the same run, and the
ratio between the tools is the figure that carries over to another machine.

check-jsonschema lives in its own virtual environment, never in svcstd's dependencies:
    python -m venv /tmp/cj-venv && /tmp/cj-venv/bin/pip install check-jsonschema
(done automatically when the folder is missing; `--cj-venv` names another one).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SVCSTD = [sys.executable, "-m", "svcstd"]
# An installed package runs from compiled bytecode (pip compiles it; check-jsonschema's
# venv has it). A source checkout under PYTHONDONTWRITEBYTECODE would recompile svcstd on
# every start (~40 ms here), so measured runs keep their bytecode in a folder of their own.
BYTECODE = {"PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "svcstd-bench-pycache")}


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    returncode: int
    stdout: bytes
    # With `measure(..., who=True)`: the peak of the command's own process and of its
    # largest child, as last seen in /proc (VmHWM, every 50 ms), in MB.
    own_peak_mb: float | None = None
    child_peak_mb: float | None = None


def _high_water_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def _children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
            return [int(child) for child in listed.read().split()]
    except (OSError, ValueError):
        return []


def _watch_high_water(launcher: int, seen: dict[int, float], done: threading.Event) -> None:
    """Each process's peak RSS (VmHWM) as last read, the command's under the key 0: the
    peak measured is the largest of a command and the children it waited for, and does
    not say which one it was."""
    while not done.wait(0.05):
        for command in _children_of(launcher):
            for each in (command, *_children_of(command)):
                mb = _high_water_mb(each)
                if mb is not None:
                    key = 0 if each == command else each
                    seen[key] = max(seen.get(key, 0.0), mb)


# Runs the command and reports its own time and resources on standard error. Measured
# from this benchmark's process itself, a command's peak memory started at this process's
# own: Linux counts, for a command started by vfork and exec (as subprocess and
# posix_spawn start it), the peak of the memory it was started from. After the benchmark
# had generated the 100,000-file corpus in this process, `python -c pass` measured 74 MB,
# and two rounds reported svcstd's 100,000-file peak at 146-156 MB for a process of 119.
# The launcher is small, and its own start is not timed.
_LAUNCHER = r"""
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
sys.stderr.write(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                             "peak_kb": usage.ru_maxrss, "status": status}))
os._exit(0)
"""


def measure(command: list[str], cwd: Path | None = None, *, who: bool = False) -> Run:
    """Wall time, CPU time and peak RSS (largest single process, workers included), of
    the command alone (see `_LAUNCHER`). `who`: also which process that was, the
    command's own or a child (Linux's /proc)."""
    env = {**os.environ, "NO_COLOR": "1", **BYTECODE}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    process = subprocess.Popen(
        [sys.executable, "-S", "-c", _LAUNCHER, *command], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    seen: dict[int, float] = {}
    done = threading.Event()
    watcher = None
    if who and Path("/proc/self/status").exists():
        watcher = threading.Thread(target=_watch_high_water, args=(process.pid, seen, done), daemon=True)
        watcher.start()
    out, report = process.communicate()
    done.set()
    if watcher is not None:
        watcher.join()
    try:
        figures = json.loads(report)
    except ValueError as error:
        raise RuntimeError(f"the launcher could not run {command[0]}: {report[-500:]!r}") from error
    children = [mb for key, mb in seen.items() if key != 0]
    return Run(
        figures["seconds"], figures["cpu"], figures["peak_kb"] / 1024, os.waitstatus_to_exitcode(figures["status"]), out,
        seen.get(0), max(children) if children else None,
    )


def generator():
    # Imported by its own name: its worker processes must find its functions.
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    module = importlib.import_module("generate")
    return module


def corpus(folder: Path, count: int, seed: int, defect_rate: float = 0.03) -> list[Path]:
    """The seeded corpus (generated once, reused while its manifest matches)."""
    manifest = folder / "manifest.json"
    fresh = True
    if manifest.is_file():
        try:
            fresh = len(json.loads(manifest.read_text("utf-8"))) != count
        except ValueError:
            pass
    if fresh:
        if folder.exists():
            shutil.rmtree(folder)
        generator().generate(folder, count, seed=seed, defect_rate=defect_rate)
    return sorted(folder / rel for rel in json.loads(manifest.read_text("utf-8")))


def ensure_check_jsonschema(venv: Path) -> Path:
    binary = venv / "bin" / "check-jsonschema"
    if not binary.exists():
        print(f"creating {venv} with check-jsonschema (pip install check-jsonschema) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "check-jsonschema"], check=True)
    return binary


def clear_cache(folder: Path) -> None:
    shutil.rmtree(folder / ".svcstd_cache", ignore_errors=True)


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}", flush=True)


# --------------------------------------------------------------------------------------


def throughput(folder: Path, files: int, jobs: int | None, warm_rounds: int = 1) -> tuple[Run, Run, list[Run]]:
    """A cold run (no cache) on a folder, and `warm_rounds` warm ones (unchanged
    repository, cache filled): the cold run, the warm run of median time, and every warm
    run. A warm run lasts a few tenths of a second, on a machine whose speed drifts by
    20% within minutes: one run of it is a sample of the machine as much as of svcstd."""
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    cold = measure([*SVCSTD, "check", "--no-cache", "--format", "json", *jobs_args, "."], cwd=folder)
    clear_cache(folder)
    measure([*SVCSTD, "check", "--format", "json", *jobs_args, "."], cwd=folder)  # fills the cache
    # Files generated a moment ago are "racily clean" (see cache.py) for 2 s: let the
    # next run trust their metadata, as it would on any real repository.
    time.sleep(2.1)
    measure([*SVCSTD, "check", "--format", "json", *jobs_args, "."], cwd=folder)
    warm_runs = [measure([*SVCSTD, "check", "--format", "json", *jobs_args, "."], cwd=folder) for _ in range(warm_rounds)]
    for warm in warm_runs:
        assert cold.stdout == warm.stdout, "warm run reported something else than the cold run"
    return cold, sorted(warm_runs, key=lambda run: run.seconds)[len(warm_runs) // 2], warm_runs


def cold_start(command: list[str], cwd: Path, repeat: int = 10) -> tuple[float, float, float]:
    (figures,) = cold_starts([command], cwd, repeat)
    return figures


def cold_starts(commands: list[list[str]], cwd: Path, rounds: int = 10) -> list[tuple[float, float, float]]:
    """(median wall ms, median CPU ms, peak MB) of each command, run in turn, round after
    round: a machine whose speed drifts (a shared one does, by 20% within minutes) then
    weighs on every command alike, and the comparisons between them hold."""
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(rounds):
        for index, command in enumerate(commands):
            runs[index].append(measure(command, cwd=cwd))
    return [
        (statistics.median(r.seconds for r in each) * 1000, statistics.median(r.cpu for r in each) * 1000, max(r.peak_mb for r in each))
        for each in runs
    ]


def import_offenders(one_file: Path, cwd: Path, repeat: int = 5, top: int = 12) -> list[tuple[str, float]]:
    """Cumulative import time of each top-level import, the smallest of `repeat` runs.

    `-X importtime` logs only `import` statements: a module loaded through
    `importlib.import_module` (svcstd.load.entry behind `svcstd.load`, and the rule
    declaring modules of `catalogue.all_rules`: svcstd.rules, svcstd.schema,
    svcstd.oversight.flows) is missing, though the imports it makes are listed, under
    whatever import was running then (so svcstd.engine includes yaml)."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "svcstd", "check", "--no-cache", "--format", "text", str(one_file)],
            cwd=cwd, capture_output=True, text=True,
            env={**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_COLOR": "1", **BYTECODE},
        )
        seen: dict[str, float] = {}
        for row in result.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", row)
            if match and len(match.group(3)) <= 2:  # imports made by svcstd or the interpreter
                seen[match.group(4)] = seen.get(match.group(4), 0) + int(match.group(2)) / 1000
        for name, ms in seen.items():
            best[name] = min(best.get(name, ms), ms)
    return sorted(best.items(), key=lambda item: -item[1])[:top]


def stage_costs(files: list[Path], sample: int = 400) -> dict[str, float]:
    """Milliseconds per file of each stage of checking one file, in this process, on one
    core: read, parse (decode, YAML, svcstd's policies), validate (schema), rules (all,
    and each), summary (what the cross-file pass needs: ids, references, pointers; no positions), suppression
    comments, and the transfer of the result from a worker process (pickle both ways)."""
    import pickle

    sys.path.insert(0, str(REPO / "src"))
    from svcstd import catalogue, repository, rules, runner, schema, suppression  # noqa: F401
    from svcstd.config import Config
    from svcstd.loading import load_bytes

    config = Config()
    paths = files[:sample]
    costs: dict[str, float] = {}

    def per_file(started: float, count: int) -> float:
        return (time.perf_counter() - started) / count * 1000

    started = time.perf_counter()
    raws = [p.read_bytes() for p in paths]
    costs["read"] = per_file(started, len(raws))
    # Timed without keeping the documents, as the checker does: holding hundreds of parsed
    # documents makes every garbage collection walk them and triples the apparent cost.
    started = time.perf_counter()
    for raw in raws:
        load_bytes(raw, "f.yaml")
    costs["parse (decode, YAML 1.2, policies)"] = per_file(started, len(raws))
    docs = [load_bytes(raw, "f.yaml").document for raw in raws]
    docs = [d for d in docs if d is not None and isinstance(d.data, dict)]
    # Built before timing, as a large run builds them once before forking its workers.
    runner._warm_up(runner.DETAILED_VALIDATOR_BEFORE_FORK)
    started = time.perf_counter()
    for doc in docs:
        schema.schema_findings(doc)
    costs["validate (schema: fast path, detail for invalid)"] = per_file(started, len(docs))
    # The service model is built once per file and shared by every rule (and the
    # summary): timed on its own, so that the first rule does not appear to cost it.
    from svcstd.rules._context import service_of

    started = time.perf_counter()
    for doc in docs:
        service_of(doc, config)
    costs["model (built once, read by every rule)"] = per_file(started, len(docs))
    each: dict[str, float] = {}
    for rule in catalogue.semantic_rules():
        started = time.perf_counter()
        for doc in docs:
            list(rule.check(doc, config))
        each[f"  rule {rule.code} {rule.name}"] = per_file(started, len(docs))
    costs["rules (all semantic rules)"] = sum(each.values())
    started = time.perf_counter()
    for doc in docs:
        repository.summarize(doc)
    costs["summary (ids, office references, data flows)"] = per_file(started, len(docs))
    started = time.perf_counter()
    for doc in docs:
        suppression.parse(doc.text)
    costs["suppression comments"] = per_file(started, len(docs))
    # What a worker of a run without the cache sends: a clean file reduced, the rest whole
    # (`runner.as_sent`), a task of 64 files at a time, as the pool pickles a task's list.
    jobs = [runner.FileJob(str(p), p.name) for p in paths]
    shared: dict = {}
    sent = [runner.as_sent(job, runner.check_job(job, config, remember=False), shared) for job in jobs]
    tasks = [sent[start:start + 64] for start in range(0, len(sent), 64)]
    started = time.perf_counter()
    for task in tasks:
        pickle.loads(pickle.dumps(task, pickle.HIGHEST_PROTOCOL))
    costs["transfer (results pickled to and from a worker)"] = per_file(started, len(sent))
    for name, ms in sorted(each.items(), key=lambda item: -item[1])[:5]:
        costs[name] = ms
    return costs


# Run in a fresh process inside the corpus: the command itself, with the moments each
# phase starts and ends noted by wrapping the functions that mark them.
_PHASES_SCRIPT = r"""
import json, sys, time
started = time.perf_counter()
marks = {}
def timed(module, name):
    real = getattr(module, name)
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            marks.setdefault(name, (begun - started, time.perf_counter() - started))
    setattr(module, name, wrapper)
import atexit
from svcstd import discovery, engine, repository, runner
for module, name in ((engine, "check_paths"), (discovery, "discover"), (runner, "_warm_up"),
                     (runner, "check_in_parallel"), (repository, "cross_file_findings")):
    timed(module, name)
atexit.register(lambda: sys.stderr.write("PHASES " + json.dumps({**marks, "end": time.perf_counter() - started}) + "\n"))
sys.argv = ["svcstd", "check", "--no-cache", "--format", "json", "."]
from svcstd.__main__ import main
main()
"""


def run_phases(folder: Path, rounds: int = 3) -> dict[str, float]:
    """Seconds of each phase of a cold whole-repository run (`svcstd check --no-cache .`),
    medians of `rounds`: what runs on one core alone (the start, discovery, the validators
    built before forking, the cross-file pass, the report) beside the checking itself."""
    rows: list[dict[str, float]] = []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", _PHASES_SCRIPT], cwd=folder, capture_output=True, text=True, check=False,
            env={**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, **BYTECODE},
        )
        line = next((row for row in done.stderr.splitlines() if row.startswith("PHASES ")), None)
        if line is None:
            raise RuntimeError(f"no phases from the run: {done.stderr[-500:]}")
        marks = json.loads(line[len("PHASES "):])
        warm_up = marks.get("_warm_up", (0.0, 0.0))
        checking = marks["check_in_parallel"]
        cross = marks["cross_file_findings"]
        rows.append({
            "start: imports, options, configuration (one core)": marks["check_paths"][0],
            "discovery (one core)": marks["discover"][1] - marks["discover"][0],
            "validators built before forking (one core)": warm_up[1] - warm_up[0],
            "checking the files (the workers)": (checking[1] - checking[0]) - (warm_up[1] - warm_up[0]),
            "cross-file pass (one core)": cross[1] - cross[0],
            "report: notes, fix marks, output (one core)": marks["end"] - cross[1],
            "whole run, in process": marks["end"],
        })
    return {name: statistics.median(row[name] for row in rows) for name in rows[0]}


def progress_cost(files: list[Path]) -> tuple[float, float]:
    """Seconds to check the files in this process without and with a progress line drawn
    (to a terminal-like sink that discards it, redrawn from the start)."""
    sys.path.insert(0, str(REPO / "src"))
    import io

    from svcstd import progress, runner
    from svcstd.config import Config

    class Sink(io.StringIO):
        def write(self, text):  # discarded, as a terminal shows and forgets
            return len(text)

    config = Config()
    jobs = [runner.FileJob(str(p), p.name) for p in files]
    best = [float("inf"), float("inf")]
    for repeat in range(6):  # alternated, best of each: the machine may be shared
        order = (0, 1) if repeat % 2 == 0 else (1, 0)
        for index in order:
            bar = progress.Progress(Sink(), show_after=0.0) if index else None
            started = time.perf_counter()
            runner.check_files(jobs, config, workers=1, progress=bar)
            best[index] = min(best[index], time.perf_counter() - started)
    return best[0], best[1]


def progress_per_file_us(updates: int = 100_000) -> float:
    """Microseconds a file adds when a progress line is on (its `advance`, drawing
    included at most ten times a second): the figure that noise cannot hide."""
    sys.path.insert(0, str(REPO / "src"))
    import io

    from svcstd import progress

    class Sink(io.StringIO):
        def write(self, text):
            return len(text)

    bar = progress.Progress(Sink(), show_after=0.0)
    bar.start(updates)
    started = time.perf_counter()
    for _ in range(updates):
        bar.advance()
    return (time.perf_counter() - started) / updates * 1e6


def crossover(files: list[Path]) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from svcstd import runner
    from svcstd.config import Config

    config = Config()
    print("\nSerial vs parallel (in process, jobs=%d):" % runner.default_jobs())
    for count in (8, 16, 32, 48, 64, 128, 256):
        jobs = [runner.FileJob(str(p), p.name) for p in files[:count]]
        started = time.perf_counter()
        for job in jobs:
            runner.check_job(job, config)
        serial = time.perf_counter() - started
        started = time.perf_counter()
        runner.check_in_parallel(jobs, config, runner.default_jobs())
        parallel = time.perf_counter() - started
        line(f"{count} files", f"serial {serial * 1000:7.1f} ms   parallel {parallel * 1000:7.1f} ms")


# --------------------------------------------------------------------------------------


def huge_linearity(huge_dir: Path, big_dir: Path, n_big: int, seed: int) -> tuple[Run, float]:
    """The 100,000-file cold run, and the mean of the 10,000-file cold runs made just
    before and just after it: this machine's speed drifts by 1.5x within minutes, so only
    runs of the same minutes tell linear from not. Both corpora are read once first, as
    the runs before read the 10,000 files: a corpus generated minutes ago may have left
    the page cache (measured: 865 MB read from disk, 35.6 s warm against 47.4 s)."""
    print("\n100,000 files (generated now, deleted afterwards):", flush=True)
    huge = corpus(huge_dir, 100_000, seed)
    for path in huge:
        path.read_bytes()
    command = [*SVCSTD, "check", "--no-cache", "--format", "json", "."]
    before = measure(command, cwd=big_dir)
    run = measure(command, cwd=huge_dir, who=True)
    after = measure(command, cwd=big_dir)
    bracket = (before.seconds + after.seconds) / 2
    rate_huge = len(huge) / run.seconds
    whose = ""
    if run.own_peak_mb is not None:
        child = f"{run.child_peak_mb:.0f} MB" if run.child_peak_mb is not None else "none seen"
        whose = f": the command's own process {run.own_peak_mb:.0f} MB, its largest worker {child}, as last read"
    line("100,000 files cold", f"{run.seconds:7.2f} s  {rate_huge:8.0f} files/s  (cpu {run.cpu:.1f} s, peak {run.peak_mb:.0f} MB{whose})")
    line(f"{n_big:,} files cold just before and after", f"{before.seconds:7.2f} s, {after.seconds:.2f} s (cpu {before.cpu:.1f}, {after.cpu:.1f} s)")
    line(f"time per file, 100,000 vs {n_big:,} of the same minutes (1.0 = linear)",
         f"{(run.seconds / len(huge)) / (bracket / n_big):7.2f}")
    shutil.rmtree(huge_dir, ignore_errors=True)
    return run, bracket


def clean_growth(workdir: Path, n_big: int, seed: int) -> tuple[Run, Run]:
    """Cold runs of `n_big` and of 100,000 definitions none of which has a finding: what
    the memory grows by with the number of clean files alone. The benchmark's corpus has
    3% of files with one defect, and a file with findings is kept whole until the report
    (its findings are reported): its growth mixes the two."""
    print(f"\nclean files only ({n_big:,} and 100,000 definitions without a defect, generated now, deleted afterwards):", flush=True)
    command = [*SVCSTD, "check", "--no-cache", "--format", "json", "."]
    runs = []
    for count in (n_big, 100_000):
        folder = workdir / f"clean{count}"
        files = corpus(folder, count, seed, defect_rate=0.0)
        for path in files:
            path.read_bytes()
        run = measure(command, cwd=folder, who=True)
        child = f"{run.child_peak_mb:.0f} MB" if run.child_peak_mb is not None else "none seen"
        line(f"{count:,} clean files cold", f"{run.seconds:7.2f} s  (peak {run.peak_mb:.0f} MB: the command's own process {run.own_peak_mb:.0f} MB, its largest worker {child})")
        runs.append(run)
        shutil.rmtree(folder, ignore_errors=True)
    return runs[0], runs[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "svcstd-bench")
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--cj-venv", type=Path, default=Path(tempfile.gettempdir()) / "cj-venv")
    ap.add_argument("--cj-sample", type=int, default=0, help="run check-jsonschema on only this many of the files (0: all)")
    ap.add_argument("--skip-100k", action="store_true")
    ap.add_argument("--quick", action="store_true", help="1,000 files, no 100,000 run, no check-jsonschema sample limit")
    ap.add_argument("--crossover", action="store_true")
    # Five: on this shared machine one round of the same code gave 43x and another 72x
    # (3 December); the median of three moved by 10x between two runs.
    ap.add_argument("--rounds", type=int, default=5, help="alternated rounds of svcstd's cold run and check-jsonschema's")
    ap.add_argument("--one-file-rounds", type=int, default=20, help="alternated rounds of the one-file commands")
    ap.add_argument("--warm-rounds", type=int, default=7, help="warm runs (unchanged repository, cache filled); the median is reported")
    args = ap.parse_args(argv)
    if args.quick:
        args.count, args.skip_100k = 1000, True

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    version = subprocess.run(
        [sys.executable, "-c", "import svcstd; print(svcstd.__version__)"], capture_output=True, text=True
    ).stdout.strip()
    print(f"svcstd {version} benchmark: {cores} cores, Python {sys.version.split()[0]}")
    try:
        print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()), "(other work on the machine)")
    except OSError:
        pass
    args.workdir.mkdir(parents=True, exist_ok=True)
    schema_file = args.workdir / "service.schema.json"
    schema_file.write_bytes(subprocess.run([*SVCSTD, "schema"], capture_output=True, check=True).stdout)
    cj = ensure_check_jsonschema(args.cj_venv)
    cj_version = subprocess.run([str(cj), "--version"], capture_output=True, text=True).stdout.strip()

    small_dir = args.workdir / "c1000"
    small = corpus(small_dir, 1000, args.seed)
    big_dir = args.workdir / f"c{args.count}"
    big = corpus(big_dir, args.count, args.seed) if args.count != 1000 else small
    size = sum(p.stat().st_size for p in big) / len(big)
    print(f"corpus: {len(big)} definitions (seed {args.seed}, 3% with one defect), {size / 1024:.1f} KB on average\n")

    if args.crossover:
        crossover(small)

    print("svcstd check, every rule on (cold: --no-cache; warm: unchanged repository, cache filled):")
    figures = {}
    datasets = [("1,000", small_dir, small)]
    if big_dir != small_dir:
        datasets.append((f"{len(big):,}", big_dir, big))
    for label, folder, files in datasets:
        cold, warm, warm_runs = throughput(folder, len(files), None, args.warm_rounds)
        figures[label] = (cold, warm, len(files))
        line(f"{label} files cold", f"{cold.seconds:7.2f} s  {len(files) / cold.seconds:8.0f} files/s  (cpu {cold.cpu:.1f} s, peak {cold.peak_mb:.0f} MB)")
        rounds_text = ", ".join(f"{run.seconds:.2f}" for run in warm_runs)
        line(f"{label} files warm (cache), median", f"{warm.seconds:7.2f} s  {len(files) / warm.seconds:8.0f} files/s  (peak {warm.peak_mb:.0f} MB; rounds: {rounds_text} s)  target < 0.5 s at 10,000")
    cold_big, warm_big, n_big = figures[f"{len(big):,}"]
    one_job = measure([*SVCSTD, "check", "--no-cache", "--jobs", "1", "--format", "json", "."], cwd=big_dir)
    line(f"{n_big:,} files cold, --jobs 1", f"{one_job.seconds:7.2f} s  {n_big / one_job.seconds:8.0f} files/s  (peak {one_job.peak_mb:.0f} MB)")

    sample = [p for p in big if p.name != "offices.yaml"]
    if args.cj_sample:
        sample = sample[: args.cj_sample]
    print(f"\ncheck-jsonschema ({cj_version}), schema only, {len(sample):,} of the same files, in turn with svcstd's cold run,"
          f" {args.rounds} rounds:", flush=True)
    cj_command = [str(cj), "--schemafile", str(schema_file), *[str(p.relative_to(big_dir)) for p in sample]]
    svc_command = [*SVCSTD, "check", "--no-cache", "--format", "json", "."]
    cj_runs, svc_runs = [], []
    for _ in range(args.rounds):
        cj_runs.append(measure(cj_command, cwd=big_dir))
        svc_runs.append(measure(svc_command, cwd=big_dir))
    cj_seconds = statistics.median(r.seconds for r in cj_runs)
    svc_seconds = statistics.median(r.seconds for r in svc_runs)
    cj_rate = len(sample) / cj_seconds
    svc_rate = n_big / svc_seconds
    rounds_text = ", ".join(f"{r.seconds:.1f}" for r in cj_runs)
    line("check-jsonschema, median", f"{cj_seconds:7.2f} s  {cj_rate:8.1f} files/s  (rounds: {rounds_text} s; peak {max(r.peak_mb for r in cj_runs):.0f} MB)")
    rounds_text = ", ".join(f"{r.seconds:.2f}" for r in svc_runs)
    line(f"svcstd {n_big:,} files cold, median", f"{svc_seconds:7.2f} s  {svc_rate:8.0f} files/s  (rounds: {rounds_text} s)")
    per_round = ", ".join(f"{(n_big / s.seconds) / (len(sample) / c.seconds):.1f}" for s, c in zip(svc_runs, cj_runs))
    line("ratio svcstd cold / check-jsonschema (files/s)", f"{svc_rate / cj_rate:7.1f} x   (rounds: {per_round}; target >= 60 x)")
    line("ratio svcstd warm / check-jsonschema (files/s)", f"{(n_big / warm_big.seconds) / cj_rate:7.1f} x")

    # A pre-commit run: one file, inside a repository whose other definitions' ids it
    # must peek (SVC602 duplicate ids), without the cache.
    repo_dir = args.workdir / "c2000"
    repo_files = corpus(repo_dir, 2000, args.seed)
    print(f"\ncold start, one file inside a {len(repo_files):,}-definition repository, whole process"
          f" (medians of {args.one_file_rounds} rounds, the commands in turn):")
    one = repo_files[1]
    # A definition that shares personal data with other offices: its run also reads the
    # other definitions that may change its data-flow findings (SVC606-SVC608).
    sharing = next(path for path in repo_files if b"shared_with" in path.read_bytes())
    (s_wall, s_cpu, s_mb), (f_wall, f_cpu, _), (d_wall, d_cpu, _), (e_wall, e_cpu, _), (c_wall, c_cpu, c_mb), (p_wall, p_cpu, _) = cold_starts(
        [
            [*SVCSTD, "check", "--no-cache", "--format", "text", str(one)],
            [*SVCSTD, "check", "--no-cache", "--format", "text", str(sharing)],
            [*SVCSTD, "check", str(one)],
            [*SVCSTD, "check", str(sharing)],
            [str(cj), "--schemafile", str(schema_file), str(one)],
            [sys.executable, "-c", "pass"],
        ],
        repo_dir,
        args.one_file_rounds,
    )
    line("python -c pass (interpreter start on this machine)", f"{p_wall:6.1f} ms  (cpu {p_cpu:.1f} ms)")
    line("svcstd check --no-cache --format text ONE", f"{s_wall:6.1f} ms  (cpu {s_cpu:.1f} ms, peak {s_mb:.0f} MB)  target < 100 ms and < half of check-jsonschema")
    line("the same, ONE sharing data with other offices", f"{f_wall:6.1f} ms  (cpu {f_cpu:.1f} ms; {sharing.name})")
    line("svcstd check ONE (defaults: rich output, cache)", f"{d_wall:6.1f} ms  (cpu {d_cpu:.1f} ms)")
    line("the same, ONE sharing data with other offices", f"{e_wall:6.1f} ms  (cpu {e_cpu:.1f} ms)")
    line("check-jsonschema --schemafile SCHEMA ONE", f"{c_wall:6.1f} ms  (cpu {c_cpu:.1f} ms, peak {c_mb:.0f} MB)")

    print("\npeak memory (largest single process, workers included):")
    peak = max(cold_big.peak_mb, warm_big.peak_mb, one_job.peak_mb)
    line(f"svcstd on {n_big:,} files", f"{peak:6.0f} MB  (target < 100 MB)")

    huge_run = clean_runs = None
    if not args.skip_100k:
        huge_run, bracket = huge_linearity(args.workdir / "c100000", big_dir, n_big, args.seed)
        clean_runs = clean_growth(args.workdir, n_big, args.seed)

    print("\nslowest imports of `svcstd check --no-cache --format text ONE` (ms, cumulative, best of 5):")
    for name, ms in import_offenders(one, repo_dir):
        line(name, f"{ms:6.1f} ms")

    print("\nper-file cost of each stage, one core, in process (ms):")
    sys.path.insert(0, str(REPO / "src"))
    from svcstd import engine

    with engine._fewer_collections():  # as `svcstd check` runs (see engine.FEWER_COLLECTIONS)
        costs = stage_costs(small)
    for name, ms in costs.items():
        line(name, f"{ms:6.3f}")
    line("total (stages, without the per-rule lines)", f"{sum(v for k, v in costs.items() if not k.startswith('  ')):6.3f}")

    phases = run_phases(big_dir)
    print(f"\nphases of a cold {n_big:,}-file run, whole process, in process time (s, medians of 3):")
    for name, seconds in phases.items():
        line(name, f"{seconds:6.3f}")

    without, with_bar = progress_cost(small[:300])
    print("\nprogress line (300 files, one core, best of 6 alternated):")
    line("without / with a progress line drawn", f"{without:6.3f} s / {with_bar:6.3f} s  ({(with_bar / without - 1) * 100:+.1f} %, noise included)")
    line("cost per file of the progress line (its update)", f"{progress_per_file_us():6.2f} us")

    # The targets of issue 12, each with the figure measured above.
    ratio = svc_rate / cj_rate
    rows = [
        (f"{n_big:,} files, no cache, vs check-jsonschema", f"{ratio:.1f}x ({svc_seconds:.2f} s)", ">= 60x", ratio >= 60),
        ("one file in a 2,000-definition repository, no cache", f"{s_wall:.0f}, sharing data {f_wall:.0f} ms (check-jsonschema {c_wall:.0f} ms)",
         "< 100 ms and < half", max(s_wall, f_wall) < 100 and max(s_wall, f_wall) < c_wall / 2),
        (f"{n_big:,} files unchanged, with the cache", f"{warm_big.seconds:.2f} s", "< 0.5 s", warm_big.seconds < 0.5),
        (f"peak memory at {n_big:,} files", f"{peak:.0f} MB", "< 100 MB", peak < 100),
    ]
    if huge_run is not None:
        per_file = (huge_run.seconds / 100_000) / (bracket / n_big)
        rows.append(("100,000 files: time per file vs 10,000", f"{per_file:.2f}", "linear (<= 1.2)", per_file <= 1.2))
        growth = (huge_run.peak_mb - cold_big.peak_mb) / ((100_000 - n_big) / 1000)
        rows.append(("100,000 files, 3% with findings: peak memory", f"{huge_run.peak_mb:.0f} MB (+{growth:.2f} MB per 1,000 files)",
                     "not growing (< 0.1 per 1,000)", growth < 0.1))
    if clean_runs is not None:
        small_clean, huge_clean = clean_runs
        growth = (huge_clean.peak_mb - small_clean.peak_mb) / ((100_000 - n_big) / 1000)
        rows.append(("100,000 clean files: peak memory", f"{huge_clean.peak_mb:.0f} MB (+{growth:.2f} MB per 1,000 files)",
                     "not growing with clean files", growth < 0.1))
    print("\ntargets (issue 12):")
    for figure, measured, target, met in rows:
        print(f"  {figure:<52} {measured:<36} {target:<30} {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
