"""A run looks up each folder's offices-registry defaults once, and the next run again."""

from __future__ import annotations

import shutil

from conftest import REPO
from svcstd import context, runner
from svcstd.config import load_config


def _copy_of_examples(tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(REPO / "examples" / "services", folder / "services")
    shutil.copy(REPO / "examples" / "offices.yaml", folder / "offices.yaml")
    (folder / "svcstd.toml").write_text("", "utf-8")
    return folder


def test_a_run_finds_each_folders_defaults_once_and_the_next_run_reads_them_again(tmp_path, monkeypatch):
    folder = _copy_of_examples(tmp_path)
    monkeypatch.chdir(folder)
    config = load_config(cwd=folder)
    files = sorted(p.relative_to(folder).as_posix() for p in (folder / "services").rglob("*.yaml"))
    jobs = [runner.FileJob(name, name) for name in files]
    looked_up = []
    real = context._defaults_for
    monkeypatch.setattr(context, "_defaults_for", lambda file, config: looked_up.append(file) or real(file, config))

    first = runner.check_files(jobs, config, workers=1)
    folders = {name.rsplit("/", 1)[0] for name in files}
    assert len(files) > len(folders) > 1
    assert sorted(name.rsplit("/", 1)[0] for name in looked_up) == sorted(folders)  # once per folder
    assert context._this_run is None  # ended with the run
    statuses = {r.file: r.context for r in first}
    assert all(statuses.values())  # every definition was checked under the registry's defaults

    # Between runs the registry changes: the next run reads it again.
    registry = folder / "offices.yaml"
    registry.write_text(registry.read_text("utf-8").replace("accept: {zh: 已受理", "accept: {zh: 已经受理"), "utf-8")
    looked_up.clear()
    second = runner.check_files(jobs, config, workers=1)
    assert len(looked_up) == len(folders)
    assert all(r.context != statuses[r.file] for r in second)


def test_a_run_inside_a_run_gives_back_what_the_outer_one_found(monkeypatch):
    monkeypatch.setattr(context, "_this_run", None)
    outer = context.run_started()
    assert outer is None
    context._this_run[(1, "x/")] = "kept"
    inner = context.run_started()
    assert context._this_run == {}  # the inner run finds its own
    context.run_ended(inner)
    assert context._this_run == {(1, "x/"): "kept"}
    context.run_ended(outer)
    assert context._this_run is None


def test_starting_a_worker_in_this_process_leaves_no_run_going(monkeypatch):
    # Only a worker process (which serves one run) remembers from its start; the
    # parent, where tests and benchmarks call it too, would keep stale defaults.
    monkeypatch.setattr(context, "_this_run", None)
    runner._start_worker(load_config(), remember=False)
    assert context._this_run is None


def _run_going() -> bool:
    return context._this_run is not None


def test_a_worker_process_remembers_for_its_run():
    from concurrent.futures import ProcessPoolExecutor

    initargs = (load_config(), False, False, True)
    with ProcessPoolExecutor(1, mp_context=runner._pool_context(), initializer=runner._start_worker, initargs=initargs) as pool:
        assert pool.submit(_run_going).result() is True
    assert context._this_run is None  # and this process has none going
