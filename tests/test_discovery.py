"""File discovery: git ignores, exclude globs, symlinks, explicit files and names."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd import discovery
from svcstd.config import Config, load_config


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def names(paths, config=None, **kwargs):
    config = config or load_config()
    return [t.display for t in discovery.discover(paths, config, **kwargs)]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A folder with a configuration file, as cwd; no registry (discovery only)."""
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_git_cache():
    discovery.git_toplevel.cache_clear()
    yield
    discovery.git_toplevel.cache_clear()


# ---------------------------------------------------------------------------------------
# git


def test_gitignored_files_and_folders_are_skipped_in_a_repository(tree):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n*.draft.yaml\n")
    for name in ("a.yaml", "b.draft.yaml", "build/c.yaml", "sub/d.yml", "sub/e.draft.yaml", "notes.txt"):
        write(tree, name, "x: 1\n")
    assert names(["."]) == ["a.yaml", "sub/d.yml"]


def test_nested_gitignore_applies_below_its_folder(tree):
    git(tree, "init", "-q")
    write(tree, "sub/.gitignore", "local.yaml\n")
    write(tree, "local.yaml", "x: 1\n")
    write(tree, "sub/local.yaml", "x: 1\n")
    assert names(["."]) == ["local.yaml"]


def test_tracked_files_are_not_treated_as_ignored(tree):
    git(tree, "init", "-q")
    write(tree, "kept.yaml", "x: 1\n")
    git(tree, "add", "kept.yaml")
    write(tree, ".gitignore", "kept.yaml\n")
    assert names(["."]) == ["kept.yaml"]


def test_without_a_repository_nothing_is_ignored(tree):
    write(tree, ".gitignore", "build/\n")
    write(tree, "build/c.yaml", "x: 1\n")
    assert names(["."]) == ["build/c.yaml"]


def test_a_run_without_the_cache_walks_the_same_files(tree):
    # Without the cache a walk of "." records most files by their relative path alone
    # (no stat, no `./` path); files under a linked folder keep a full record. The same
    # ignores apply, and the targets are the same as a stat'ed walk's.
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n*.draft.yaml\n")
    for name in ("a.yaml", "b.draft.yaml", "build/c.yaml", "sub/d.yml", ".store/shared/e.yaml"):
        write(tree, name, "x: 1\n")
    (tree / "shared").symlink_to(tree / ".store" / "shared", target_is_directory=True)
    stat_free = discovery.discover(["."], load_config(), stat=False)
    stated = discovery.discover(["."], load_config(), stat=True)
    assert [t.display for t in stat_free] == ["a.yaml", "shared/e.yaml", "sub/d.yml"]
    assert [(t.path, t.display) for t in stat_free] == [(t.path, t.display) for t in stated]
    assert all(t.stat is None for t in stat_free) and all(t.stat is not None for t in stated)


def test_without_git_installed_discovery_still_works(tree, monkeypatch):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n")
    write(tree, "build/c.yaml", "x: 1\n")
    write(tree, "a.yaml", "x: 1\n")
    monkeypatch.setenv("PATH", str(tree / "no-programs-here"))
    assert names(["."]) == ["a.yaml", "build/c.yaml"]


def test_a_hooks_git_variables_do_not_confuse_discovery(tree, monkeypatch):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n")
    write(tree, "build/c.yaml", "x: 1\n")
    monkeypatch.setenv("GIT_DIR", str(tree / "elsewhere" / ".git"))
    assert names(["."]) == []


def test_naming_an_ignored_folder_checks_it(tree):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n")
    write(tree, "build/c.yaml", "x: 1\n")
    assert names(["build"]) == ["build/c.yaml"]


def test_explicit_ignored_file_is_checked_unless_force_exclude(tree):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "*.draft.yaml\n")
    write(tree, "b.draft.yaml", "x: 1\n")
    assert names(["b.draft.yaml"]) == ["b.draft.yaml"]
    assert names(["b.draft.yaml"], force_exclude=True) == []


# ---------------------------------------------------------------------------------------
# exclude


def test_exclude_globs_from_configuration(tree):
    (tree / "svcstd.toml").write_text('exclude = ["drafts/", "*.tmpl.yaml", "services/old/*"]\n', "utf-8")
    for name in ("drafts/a.yaml", "x.tmpl.yaml", "services/old/b.yaml", "services/new/c.yaml", "d.yaml"):
        write(tree, name, "x: 1\n")
    assert names(["."]) == ["d.yaml", "services/new/c.yaml"]


def test_exclude_is_relative_to_the_configuration_folder_not_cwd(tree, monkeypatch):
    (tree / "svcstd.toml").write_text('exclude = ["services/old/"]\n', "utf-8")
    write(tree, "services/old/b.yaml", "x: 1\n")
    write(tree, "services/new/c.yaml", "x: 1\n")
    monkeypatch.chdir(tree / "services")
    assert names(["."]) == ["new/c.yaml"]


def test_explicit_files_versus_force_exclude(tree, cli):
    (tree / "svcstd.toml").write_text('exclude = ["drafts/"]\n', "utf-8")
    write(tree, "drafts/a.yaml", "x: [\n")
    assert names(["drafts/a.yaml"]) == ["drafts/a.yaml"]
    assert names(["drafts/a.yaml"], force_exclude=True) == []
    assert names(["drafts"]) == ["drafts/a.yaml"]  # a folder named explicitly is meant
    assert names(["drafts"], force_exclude=True) == []
    assert names(["."]) == []
    code, out = cli("check", "--format", "json", "drafts/a.yaml")
    assert (code, json.loads(out)["findings"][0]["code"]) == (1, "SVC001")
    code, out = cli("check", "--format", "json", "--force-exclude", "drafts/a.yaml")
    assert (code, json.loads(out)["files_checked"]) == (0, 0)


def test_hidden_files_and_folders_are_skipped(tree):
    write(tree, ".pre-commit-config.yaml", "repos: []\n")
    write(tree, ".github/workflows/ci.yml", "on: push\n")
    write(tree, "a.yaml", "x: 1\n")
    assert names(["."]) == ["a.yaml"]
    assert names([".pre-commit-config.yaml"]) == [".pre-commit-config.yaml"]


# ---------------------------------------------------------------------------------------
# symlinks


def test_symlink_cycle_terminates_and_finds_each_file_once(tree):
    write(tree, "a/b/x.yaml", "x: 1\n")
    (tree / "a" / "b" / "loop").symlink_to(tree / "a", target_is_directory=True)
    (tree / "a" / "self").symlink_to(tree / "a", target_is_directory=True)
    assert names(["."]) == ["a/b/x.yaml"]


def test_symlinks_out_of_the_tree_are_not_followed(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    write(outside, "secret.yaml", "x: 1\n")
    tree = tmp_path / "tree"
    write(tree, "svcstd.toml", "")
    write(tree, "a.yaml", "x: 1\n")
    (tree / "out-dir").symlink_to(outside, target_is_directory=True)
    (tree / "out-file.yaml").symlink_to(outside / "secret.yaml")
    monkeypatch.chdir(tree)
    assert names(["."]) == ["a.yaml"]


def test_links_inside_the_tree_add_no_second_copy(tree):
    write(tree, "real/x.yaml", "x: 1\n")
    (tree / "a-link").symlink_to(tree / "real", target_is_directory=True)
    (tree / "b.yaml").symlink_to(tree / "real" / "x.yaml")
    assert names(["."]) == ["real/x.yaml"]


@pytest.mark.parametrize("stat", [True, False], ids=["stat", "no stat"])
@pytest.mark.parametrize("links", ["none", "hard link", "file link", "folder link", "two folders"])
def test_one_walk_without_links_skips_the_grouping_and_finds_what_it_would(tree, monkeypatch, links, stat):
    """A single walk that followed no link cannot name one file twice: discovery then
    only sorts. Every shape gives what grouping by name and by file gives."""
    write(tree, "b/x.yaml", "x: 1\n")
    write(tree, "a-b/y.yaml", "x: 1\n")  # sorts before a/ by name, after it by walk
    write(tree, "a/z.yaml", "x: 1\n")
    paths = ["."]
    if links == "hard link":
        os.link(tree / "b" / "x.yaml", tree / "a" / "hard.yaml")  # two files to git, kept twice
    elif links == "file link":
        (tree / "a" / "soft.yaml").symlink_to(tree / "b" / "x.yaml")
    elif links == "folder link":
        (tree / "c").symlink_to(tree / "b", target_is_directory=True)
    elif links == "two folders":
        paths = [".", "b"]
    grouped = []
    real_unique = discovery._unique
    monkeypatch.setattr(discovery, "_unique", lambda targets, cwd: grouped.append(1) or real_unique(targets, cwd))
    found = discovery.discover(paths, load_config(), stat=stat)
    assert all((t.stat is not None) == stat for t in found)  # a run without the cache stats none
    walked = [t for listed in found.walked.values() for t in listed]
    assert [t.display for t in found] == [t.display for t in real_unique(walked, str(tree))]
    assert bool(grouped) == (links in ("file link", "folder link", "two folders"))
    expected = ["a-b/y.yaml", "a/z.yaml", "b/x.yaml"]
    if links == "hard link":
        expected = ["a-b/y.yaml", "a/hard.yaml", "a/z.yaml", "b/x.yaml"]
    assert [t.display for t in found] == expected


def test_dangling_links_are_skipped_in_folders(tree):
    (tree / "gone.yaml").symlink_to(tree / "nowhere.yaml")
    write(tree, "a.yaml", "x: 1\n")
    assert names(["."]) == ["a.yaml"]


# ---------------------------------------------------------------------------------------
# names


def test_names_are_relative_to_cwd_with_slashes_sorted_and_stable(tree, monkeypatch):
    for name in ("b/z.yaml", "a/y.yaml", "a/B.yaml", "c.yml"):
        write(tree, name, "x: 1\n")
    first = names(["."])
    assert first == ["a/B.yaml", "a/y.yaml", "b/z.yaml", "c.yml"]
    assert names([str(tree)]) == first  # an absolute path gives the same names
    assert names(["./a", "a/y.yaml", "."]) == first  # repeats collapse
    monkeypatch.chdir(tree / "b")
    assert names([".."]) == ["../a/B.yaml", "../a/y.yaml", "../c.yml", "z.yaml"]


def test_missing_path_is_a_usage_error(tree):
    with pytest.raises(discovery.DiscoveryError, match="nowhere.yaml: no such file or folder"):
        names(["nowhere.yaml"])


def test_glob_matches_from_a_default_config():
    config = Config(root=os.getcwd())
    assert discovery.glob_matches(Path("examples/invalid/x.yaml"), "examples/invalid/", config)
    assert discovery.glob_matches(Path("a/b/c.tmpl.yaml"), "*.tmpl.yaml", config)
    assert not discovery.glob_matches(Path("a/examples/invalid/x.yaml"), "examples/invalid/", config)


def test_check_in_a_subprocess_skips_ignored_files(tree):
    git(tree, "init", "-q")
    write(tree, ".gitignore", "build/\n")
    write(tree, "build/broken.yaml", "x: [\n")
    write(tree, "offices.yaml", "svcstd: \"1\"\noffices:\n  - {id: test-office, name: Test}\n")
    write(tree, "a.yaml", MINIMAL)
    done = run_svcstd("check", "--format", "json", ".", cwd=tree)
    data = json.loads(done.stdout)
    assert (done.returncode, data["findings"], data["files_checked"]) == (0, [], 2), done.stderr


def test_a_walked_target_is_the_target_its_constructor_makes():
    """The walk builds its targets with positional arguments: same fields, same values,
    equal and hashed alike (a field added to Target must be placed there too)."""
    import dataclasses

    info = os.stat(__file__)
    stat = discovery.file_stat(info)
    fast = discovery.walked_target("a/b.yaml", "b.yaml", stat)
    made = discovery.Target("a/b.yaml", "b.yaml", stat=stat)
    assert dataclasses.astuple(fast) == dataclasses.astuple(made)
    assert fast == made and hash(fast) == hash(made)
    assert fast.identity == (info.st_dev, info.st_ino)
    assert fast.signature == (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def test_a_target_keeps_any_stat_the_system_gives_packed():
    # Device numbers and inodes are unsigned 64-bit values; times before 1970 are negative.
    import sys

    class Info:
        st_mtime_ns, st_ctime_ns, st_size = -1_000_000_000, 2**62, 0
        st_ino, st_dev = 2**64 - 1, 2**63 + 5

    target = discovery.Target("a.yaml", "a.yaml", stat=discovery.file_stat(Info()))
    assert target.identity == (2**63 + 5, 2**64 - 1)
    assert target.signature == (-1_000_000_000, 2**62, 0, 2**64 - 1)
    assert discovery.Target("b.yaml", "b.yaml").identity is None
    assert sys.getsizeof(target.stat) < 80  # the five integers as a tuple took 240 bytes


def test_a_walk_leaves_no_cycle_behind(tmp_path):
    """A run collects cycles rarely and freezes what is alive: a walk that left its list
    of found files in a reference cycle kept it (a tuple per file) to the end of the run."""
    import gc

    for number in range(20):
        write(tmp_path, f"services/{number:02}.yaml", MINIMAL)
    config = Config(root=str(tmp_path))
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        found = discovery.walk(tmp_path, config, use_git=False)
        assert len(found) == 20
        assert gc.collect() == 0  # nothing was left for the collector to find
    finally:
        if enabled:
            gc.enable()


def test_a_walk_keeps_one_string_for_path_and_name_where_they_agree(tmp_path, monkeypatch):
    # `./a/b.yaml` beside `a/b.yaml` was a second string per file, kept to the end of a run.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text("svcstd: '1'\n", "utf-8")
    (tmp_path / "c.yaml").write_text("svcstd: '1'\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    targets = discovery.walk(".", load_config())
    assert [t.display for t in targets] == ["a/b.yaml", "c.yaml"]
    assert all(t.path is t.display and os.path.isfile(t.path) for t in targets)
    # A folder named by a relative path: the path as reached is the display name too.
    (deeper,) = discovery.walk("a", load_config())
    assert (deeper.path, deeper.display) == ("a/b.yaml", "a/b.yaml") and deeper.path is deeper.display
    # Named otherwise, the path stays as reached.
    (absolute,) = discovery.walk(str(tmp_path / "a"), load_config())
    assert (absolute.path, absolute.display) == (str(tmp_path / "a" / "b.yaml"), "a/b.yaml")


@pytest.mark.parametrize("named", [".", "services"])
@pytest.mark.parametrize("shape", ["plain", "git ignores", "folder link", "file link"])
def test_a_walk_by_column_finds_what_a_walk_by_list_finds(tree, named, shape):
    """Without stat, a walk of a folder reached by the names it shows adds them to a
    column as it meets them, git ignores applied to the column; where it follows a link
    it gives its files as any walk. Either way, the same files, in the same order."""
    for name in ("services/a.yaml", "services/a-b/c.yaml", "services/a/b.yaml", "services/服务.yaml",
                 "services/build/d.yaml", "services/e.draft.yaml", "services/.hidden/f.yaml"):
        write(tree, name, "x: 1\n")
    if shape == "git ignores":
        git(tree, "init", "-q")
        write(tree, ".gitignore", "build/\n*.draft.yaml\n")
    elif shape == "folder link":  # its files are found only through the link
        (tree / "services" / "linked").symlink_to(tree / "services" / ".hidden", target_is_directory=True)
    elif shape == "file link":
        (tree / "services" / "z.yaml").symlink_to(tree / "services" / ".hidden" / "f.yaml")
    by_column = discovery.walk(named, load_config(), stat=False, by_column=True)
    by_list = discovery.walk(named, load_config(), stat=False)
    assert isinstance(by_column, discovery.NamedTargets) == (shape in ("plain", "git ignores", "file link"))
    assert [(t.path, t.display) for t in by_column] == [(t.path, t.display) for t in by_list]
    assert ("services/linked/f.yaml" in [t.display for t in by_list]) == (shape == "folder link")
    assert by_column.links == by_list.links == (shape in ("folder link", "file link"))
    shown = [t.display for t in by_column]
    assert ("services/build/d.yaml" in shown) == (shape != "git ignores")
    assert (shown == sorted(shown)) == (shape != "folder link")  # (linked folders are walked last)
    found = discovery.discover([named], load_config(), stat=False)
    assert [t.display for t in found] == sorted(shown)
    assert isinstance(found, discovery.NamedTargets) == (shape in ("plain", "git ignores"))
