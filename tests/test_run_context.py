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


def test_a_run_inside_a_run_keeps_what_the_outer_one_found(monkeypatch):
    monkeypatch.setattr(context, "_this_run", None)
    assert context.run_started() is True
    context._this_run[(1, "x/")] = "kept"
    assert context.run_started() is False  # the outer run goes on
    assert context._this_run == {(1, "x/"): "kept"}
    assert context.run_started(fresh=True) is True  # a worker starts anew
    assert context._this_run == {}
    context.run_ended()
    assert context._this_run is None
