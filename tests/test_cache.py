"""The results cache: reused only when nothing a result depends on has changed, and never
trusted when it is damaged or not ours."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

import svcstd
from conftest import MINIMAL, run_svcstd, write
from svcstd import cache, engine
from svcstd.config import load_config
from svcstd.load import entry as loader  # where the loader looks its names up

OLD = time.time() - 3600  # an hour ago: metadata recorded now can be trusted later


def _definitions(folder: Path, count: int = 4) -> list[Path]:
    paths = []
    for index in range(count):
        text = MINIMAL.replace("id: ", f"id: s{index}-", 1)
        if index == 1:
            text = text.replace("type: benefit", "type: benefitt")  # one schema finding
        path = write(folder, f"services/s{index}.yaml", text)
        os.utime(path, (OLD, OLD))
        paths.append(path)
    return paths


def _run(**option_values):
    options = engine.CheckOptions(use_cache=True, jobs=1, **option_values)
    report = engine.check_paths(["services"], load_config(), options)
    return report, options.extra["cache_stats"]


def _rows(report):
    return [(*f.sort_key(), f.severity, f.source) for f in report.findings]


def test_second_run_is_answered_from_metadata_alone(repo, monkeypatch):
    _definitions(repo)
    first, stats = _run()
    assert (stats.hits, stats.misses) == (0, 4)
    assert any(f.code == "SVC103" for f in first.findings)

    real_read_file = loader.read_file

    def read_file(path, *args, **kwargs):
        # The offices registry is read by the cross-file pass on every run; the
        # definitions themselves must not be.
        assert "services" not in str(path), f"{path} was read although nothing changed"
        return real_read_file(path, *args, **kwargs)

    def no_hashing(raw):
        raise AssertionError("a file was hashed although nothing changed")

    real_peek_bytes = loader._peek_bytes

    def peek_bytes(path, *args, **kwargs):
        # Peeking at ids reads files its own way: it must not read them either.
        assert "services" not in str(path), f"{path} was peeked although nothing changed"
        return real_peek_bytes(path, *args, **kwargs)

    monkeypatch.setattr(loader, "read_file", read_file)
    monkeypatch.setattr(loader, "_peek_bytes", peek_bytes)
    monkeypatch.setattr(cache, "file_digest", no_hashing)
    second, stats = _run()
    assert (stats.hits, stats.stat_hits, stats.misses) == (4, 4, 0)
    assert _rows(second) == _rows(first)
    assert second.files == first.files


def test_a_run_from_the_cache_leaves_the_collector_as_it_found_it(repo, monkeypatch):
    """Loaded shards are frozen out of the collector's generations during the run only:
    a program using svcstd as a library gets every object back, and a freeze of its own
    is left alone (the run then freezes nothing)."""
    import gc

    _definitions(repo)
    first, _ = _run()
    frozen_during_run = []
    real_keep = engine.keep_out_of_collections

    def keep():
        real_keep()
        frozen_during_run.append(gc.get_freeze_count())

    monkeypatch.setattr(engine, "keep_out_of_collections", keep)
    assert gc.get_freeze_count() == 0
    second, stats = _run()
    assert stats.hits == 4 and frozen_during_run and all(count > 0 for count in frozen_during_run)
    assert gc.get_freeze_count() == 0, "the run left objects frozen"
    assert _rows(second) == _rows(first)

    gc.freeze()  # the program's own
    try:
        mine = gc.get_freeze_count()
        frozen_during_run.clear()
        third, _ = _run()
        # The count only drops (frozen objects of the program's that are freed meanwhile):
        # the run froze nothing of its own, and did not unfreeze the program's.
        assert frozen_during_run and all(count <= mine for count in frozen_during_run)
        assert 0 < gc.get_freeze_count() <= mine
        assert _rows(third) == _rows(first)
    finally:
        gc.unfreeze()


def test_cache_folder_ignores_itself_in_git(repo):
    _definitions(repo)
    _run()
    folder = repo / ".svcstd_cache"
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_changed_content_is_checked_again_even_with_the_same_metadata(repo):
    paths = _definitions(repo)
    _run()
    # Same size, same mtime restored: only the content (and ctime) differ.
    original = paths[0].read_text("utf-8")
    changed = original.replace("type: benefit", "type: benefix")
    assert len(changed) == len(original)
    paths[0].write_text(changed, "utf-8")
    os.utime(paths[0], (OLD, OLD))
    report, stats = _run()
    assert (stats.hits, stats.misses) == (3, 1)
    assert any(f.file == "services/s0.yaml" and f.code == "SVC103" for f in report.findings)


def test_touched_but_unchanged_file_is_reused_after_hashing(repo):
    paths = _definitions(repo)
    _run()
    os.utime(paths[2], (OLD + 60, OLD + 60))
    _, stats = _run()
    assert (stats.hits, stats.stat_hits, stats.misses) == (4, 3, 0)


def test_configuration_change_invalidates(repo):
    _definitions(repo)
    _run()
    (repo / "svcstd.toml").write_text('lang = "zh"\n', "utf-8")
    report, stats = _run()
    assert (stats.hits, stats.misses) == (0, 4)
    fresh = engine.check_paths(["services"], load_config(), engine.CheckOptions(jobs=1))
    assert _rows(report) == _rows(fresh)


def test_version_change_invalidates(repo, monkeypatch):
    _definitions(repo)
    _run()
    monkeypatch.setattr(svcstd, "__version__", "99.0.0")
    _, stats = _run()
    assert (stats.hits, stats.misses) == (0, 4)


def test_rule_set_change_invalidates(repo, monkeypatch):
    _definitions(repo)
    _run()
    key_before = cache.run_key(load_config())
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: "edited rules")
    assert cache.run_key(load_config()) != key_before
    _, stats = _run()
    assert stats.hits == 0


def _shards(repo: Path) -> list[Path]:
    return sorted((repo / ".svcstd_cache").rglob("*.bin"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-10] + b"0123456789",
        lambda blob: b"not a cache at all\n" * 3,
        lambda blob: blob.replace(b"svcstd-cache-1", b"svcstd-cache-9", 1),
    ],
    ids=["empty", "truncated", "flipped-bytes", "garbage", "other-format"],
)
def test_corrupt_cache_is_discarded_and_rewritten(repo, damage):
    _definitions(repo)
    first, _ = _run()
    for shard in _shards(repo):
        shard.write_bytes(damage(shard.read_bytes()))
    report, stats = _run()
    assert stats.discarded_shards >= 1 and stats.hits == 0
    assert _rows(report) == _rows(first)
    _, stats = _run()  # rewritten in good order
    assert (stats.hits, stats.discarded_shards) == (4, 0)


def test_foreign_cache_is_never_executed(repo, tmp_path):
    import hashlib

    _definitions(repo)
    _run()
    witness = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {witness}",))

    for shard in _shards(repo):
        blob = shard.read_bytes()
        head = blob[: blob.index(b"\n", len(cache.FORMAT)) + 1]  # format and key lines
        payload = pickle.dumps(Exploit())
        shard.write_bytes(head + hashlib.sha256(payload).hexdigest().encode() + payload)
    report, stats = _run()
    assert not witness.exists()
    assert stats.discarded_shards >= 1 and stats.hits == 0
    assert report.files_checked == 4


def test_unwritable_cache_folder_never_fails_the_run(repo):
    _definitions(repo)
    (repo / "blocked").write_text("a file where the cache folder should be", "utf-8")
    report, stats = _run(cache_dir=str(repo / "blocked"))
    assert report.files_checked == 4 and stats.misses == 4


def test_cross_file_findings_are_recomputed_on_a_warm_run(repo):
    _definitions(repo)
    _run()
    # A new file repeating an id: the cached files' results did not change, yet the
    # duplicate must be found, exactly as a run without the cache finds it.
    duplicate = write(repo, "services/z.yaml", MINIMAL.replace("id: ", "id: s0-", 1))
    os.utime(duplicate, (OLD, OLD))
    report, stats = _run()
    assert (stats.hits, stats.misses) == (4, 1)
    assert any(f.code == "SVC602" for f in report.findings)
    fresh = engine.check_paths(["services"], load_config(), engine.CheckOptions(jobs=1))
    assert _rows(report) == _rows(fresh)


def test_cli_cache_flags(repo):
    _definitions(repo)
    result = run_svcstd("check", "--no-cache", "services", cwd=repo)
    assert result.returncode == 1
    assert not (repo / ".svcstd_cache").exists()
    result = run_svcstd("check", "--cache-dir", "elsewhere", "services", cwd=repo)
    assert result.returncode == 1
    assert (repo / "elsewhere" / ".gitignore").is_file()
    assert not (repo / ".svcstd_cache").exists()
    cold = run_svcstd("check", "--format", "json", "services", cwd=repo)
    warm = run_svcstd("check", "--format", "json", "services", cwd=repo)
    assert (repo / ".svcstd_cache" / ".gitignore").is_file()
    assert cold.stdout == warm.stdout and b'"SVC103"' in warm.stdout


def test_old_buckets_are_pruned_and_the_current_one_kept(repo):
    """Each configuration gets its own bucket; only a few besides the current one stay."""
    _definitions(repo)
    # Six different configurations: six run keys, six buckets made in turn.
    configurations = [(lang, fail_on) for fail_on in ("error", "warning", "info") for lang in ("en", "zh")]
    for lang, fail_on in configurations:
        (repo / "svcstd.toml").write_text(f'lang = "{lang}"\nfail-on = "{fail_on}"\n', "utf-8")
        _run()
        time.sleep(0.01)  # distinct modification times
    # (Beside them, the peeked ids: the same for all six, see `cache.peek_key`.)
    entries = list((repo / ".svcstd_cache" / "v1").iterdir())
    buckets = [entry for entry in entries if not entry.name.startswith(cache.PEEKS_PREFIX)]
    assert len(entries) - len(buckets) == 1
    assert all(bucket.is_dir() for bucket in buckets)
    assert len(buckets) == 1 + cache.KEEP_OTHER_BUCKETS
    current = cache.Cache.open(repo / ".svcstd_cache", load_config()).bucket
    assert current in buckets


def test_clean_removes_only_a_cache_svcstd_made(repo):
    _definitions(repo)
    assert run_svcstd("check", "services", cwd=repo).returncode == 1
    assert (repo / ".svcstd_cache").is_dir()
    result = run_svcstd("clean", cwd=repo)
    assert result.returncode == 0 and b"Removed" in result.stdout
    assert not (repo / ".svcstd_cache").exists()
    precious = write(repo, "notes/keep.txt", "not a cache")
    result = run_svcstd("clean", "--cache-dir", "notes", cwd=repo)
    assert result.returncode == 0 and b"No svcstd cache" in result.stdout
    assert precious.is_file()


def _marks(report):
    return [(f.file, f.code, f.line, f.column, f.fix) for f in report.findings if f.fix]


def test_fix_marks_are_reused_while_the_file_and_its_registry_are_unchanged(repo, monkeypatch):
    from svcstd.authoring import fixes

    paths = _definitions(repo)
    paths[2].write_text(paths[2].read_text("utf-8").replace("charged: false", "charged: no"), "utf-8")
    os.utime(paths[2], (OLD, OLD))
    os.utime(repo / "offices.yaml", (OLD, OLD))
    first, _ = _run()
    assert _marks(first) == [("services/s2.yaml", "SVC102", 60, 17, "safe")]  # `no` → `false`

    # Every dry run of the fixers, in the parent or in a worker, goes through marks_of_text.
    real_marks_of_text = fixes.marks_of_text
    fixed: list[str] = []

    def counting_marks_of_text(body, path, display, *args, **kwargs):
        fixed.append(display)
        return real_marks_of_text(body, path, display, *args, **kwargs)

    monkeypatch.setattr(fixes, "marks_of_text", counting_marks_of_text)
    second, _ = _run()
    assert _marks(second) == _marks(first)
    assert fixed == []  # nothing changed: no file was fixed again to find its marks

    # A changed registry may change what the fixers offer: they run again.
    (repo / "offices.yaml").write_text((repo / "offices.yaml").read_text("utf-8") + "\n", "utf-8")
    os.utime(repo / "offices.yaml", (OLD + 60, OLD + 60))
    third, _ = _run()
    assert _marks(third) == _marks(first)
    assert fixed == ["services/s1.yaml", "services/s2.yaml"]  # s1's SVC103 has a fixer too

    # A changed file is checked again, and its marks found again.
    fixed.clear()
    paths[2].write_text(paths[2].read_text("utf-8").replace("charged: no", "charged: off"), "utf-8")
    os.utime(paths[2], (OLD + 120, OLD + 120))
    fourth, _ = _run()
    assert fixed == ["services/s2.yaml"]
    assert _marks(fourth) == _marks(first)


def test_a_clean_file_is_cached_in_its_reduced_form_and_a_file_with_findings_whole(repo):
    """What a warm run unpickles: the name, summary and registry context of a clean file
    (a few objects), the whole result of one with findings. Both answer the next run."""
    _definitions(repo)
    first, _ = _run()
    store = cache.Cache.open(cache.default_cache_dir(load_config()), load_config())
    results = {}
    for name in ("s0.yaml", "s1.yaml"):
        absolute = os.path.abspath(repo / "services" / name)
        folder, base = os.path.split(absolute)
        results[name] = store._shard(folder).entries[base].result
    assert isinstance(results["s0.yaml"], engine.CleanResult)
    assert results["s0.yaml"].summary.id == "s0-" + MINIMAL.split("id: ", 1)[1].split("\n", 1)[0]
    assert isinstance(results["s1.yaml"], engine.FileResult) and results["s1.yaml"].findings
    second, stats = _run()
    assert stats.hits == 4 and _rows(second) == _rows(first)


@pytest.fixture
def passes(monkeypatch) -> list:
    """One entry for each time a run works the cross-file pass out (not read from the cache)."""
    from svcstd import repository

    calls: list = []
    real = repository._cross_file_findings

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "_cross_file_findings", counted)
    return calls


def _whole_repository_run():
    """A cached run over the whole repository: every scope is walked by the run itself."""
    return engine.check_paths(["."], load_config(), engine.CheckOptions(use_cache=True, jobs=1))


def _without_cache():
    return engine.check_paths(["."], load_config(), engine.CheckOptions(jobs=1))


def _cross_file_repository(repo: Path) -> None:
    _definitions(repo)
    # An id repeated (SVC602) and an office the registry lacks (SVC601): findings the
    # pass must keep right.
    twin = write(repo, "services/twin.yaml", MINIMAL.replace("id: ", "id: s2-", 1))
    stray = write(repo, "services/stray.yaml", MINIMAL.replace("id: ", "id: s9-", 1).replace(
        "responsible_office: {ref: test-office}", "responsible_office: {ref: test-offise}"))
    for path in (twin, stray, repo / "offices.yaml"):
        os.utime(path, (OLD, OLD))


def test_an_unchanged_repository_reuses_its_cross_file_findings(repo, passes):
    _cross_file_repository(repo)
    first = _whole_repository_run()
    assert {"SVC601", "SVC602"} <= {f.code for f in first.findings}
    second = _whole_repository_run()
    assert len(passes) == 1  # the second run read the pass's findings from the cache
    assert _rows(second) == _rows(first) == _rows(_without_cache())
    assert second.files == first.files


def _shift_lines(path: Path) -> None:
    # Same data, other lines: every position below the new comment moves.
    path.write_text("# moved down by a comment\n" + path.read_text("utf-8"), "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda repo: (repo / "offices.yaml").write_text(
            (repo / "offices.yaml").read_text("utf-8").replace("id: test-office", "id: test-offise"), "utf-8"),
            id="registry"),
        pytest.param(lambda repo: _shift_lines(repo / "services/twin.yaml"), id="lines-of-a-file"),
        pytest.param(lambda repo: (repo / "services/twin.yaml").unlink(), id="file-deleted"),
        pytest.param(lambda repo: write(repo, "services/new/z.yaml", MINIMAL.replace("id: ", "id: s0-", 1)),
                     id="file-added"),
    ],
)
def test_reused_cross_file_findings_follow_every_change(repo, passes, change):
    _cross_file_repository(repo)
    before = _whole_repository_run()
    change(repo)
    changed = _whole_repository_run()
    assert len(passes) == 2  # worked out again
    again = _whole_repository_run()
    assert len(passes) == 2  # and kept for the next run
    assert _rows(again) == _rows(changed) == _rows(_without_cache()) != _rows(before)


def test_a_registry_in_a_subfolder_makes_its_scope_worked_out_every_time(repo, passes):
    # The definitions of `services` now resolve against their own registry, whose scope
    # (`services`) is not a folder the run was given: the pass walks it again, so its
    # findings are not kept, and still follow the change.
    _cross_file_repository(repo)
    before = _whole_repository_run()
    write(repo, "services/offices.yaml", (repo / "offices.yaml").read_text("utf-8").replace(
        "id: test-office", "id: test-offise"))
    changed = _whole_repository_run()
    again = _whole_repository_run()
    assert len(passes) == 3
    assert _rows(again) == _rows(changed) == _rows(_without_cache()) != _rows(before)


def test_a_run_that_reads_files_it_does_not_check_works_the_pass_out_every_time(repo, passes):
    # `services` lies in the scope of the registry one folder up: the ids of every other
    # file of that scope count, and their content is not in the cache.
    _cross_file_repository(repo)
    for _ in range(3):
        _run()
    assert len(passes) == 3


def test_a_damaged_cross_file_cache_is_worked_out_again(repo, passes):
    _cross_file_repository(repo)
    first = _whole_repository_run()
    (stored,) = (repo / cache.CACHE_DIR_NAME).rglob("cross-file.bin")
    stored.write_bytes(stored.read_bytes()[:-10])
    again = _whole_repository_run()
    assert len(passes) == 2 and _rows(again) == _rows(first)


def test_a_scope_moved_by_a_new_work_tree_works_the_pass_out_again(repo, passes):
    # No registry anywhere: the definitions' ids are compared within the repository's
    # top, which a `.git` folder decides; making one moves the scope without changing a file.
    (repo / "offices.yaml").unlink()
    twin = MINIMAL.replace("responsible_office: {ref: test-office}\n", "")
    write(repo, "a/one.yaml", twin.replace("id: ", "id: same-", 1))
    write(repo, "b/two.yaml", twin.replace("id: ", "id: same-", 1))
    before = _whole_repository_run()
    (repo / "a" / ".git").mkdir()
    after = _whole_repository_run()
    assert len(passes) == 2
    assert _rows(after) == _rows(_without_cache()) != _rows(before)


def test_the_command_reuses_and_refreshes_the_cross_file_findings(repo):
    # As a user runs it, in both languages: the second run of an unchanged repository
    # answers from the kept findings, the same bytes; a registry edit is seen at once.
    _cross_file_repository(repo)
    for lang in ("en", "zh"):
        first = run_svcstd("--lang", lang, "check", "--format", "json", ".", cwd=repo)
        again = run_svcstd("--lang", lang, "check", "--format", "json", ".", cwd=repo)
        fresh = run_svcstd("--lang", lang, "check", "--no-cache", "--format", "json", ".", cwd=repo)
        assert first.returncode == again.returncode == fresh.returncode == 1, again.stderr
        assert first.stdout == again.stdout == fresh.stdout and b'"SVC601"' in again.stdout
    assert list((repo / cache.CACHE_DIR_NAME).rglob("cross-file.bin"))
    registry = repo / "offices.yaml"
    registry.write_text(registry.read_text("utf-8") + "  - id: test-offise\n    name: {zh: 别局, en: Other}\n", "utf-8")
    edited = run_svcstd("check", "--format", "json", ".", cwd=repo)
    assert edited.stdout == run_svcstd("check", "--no-cache", "--format", "json", ".", cwd=repo).stdout
    assert b'"SVC601"' not in edited.stdout


def test_peeked_ids_are_kept_apart_for_each_code_and_limits_and_pruned(repo):
    """The peeked ids depend on svcstd's code and the file limits only (opened before
    the results cache, without its rule imports): each such key has its own file, and
    only a few besides the one in use stay."""
    (path,) = _definitions(repo, count=1)
    written = []
    for max_depth in range(20, 26):  # six limits: six keys
        (repo / "svcstd.toml").write_text(f"max-depth = {max_depth}\n", "utf-8")
        config = load_config()
        peeks = cache.PeekCache.open(repo / ".svcstd_cache", config)
        assert peeks.key == cache.peek_key(config) and peeks.key not in written
        assert peeks.get_or_peek(str(path), None, lambda _: ("s0-x", 2)) == ("s0-x", 2)
        peeks.save()
        written.append(peeks.key)
        time.sleep(0.01)  # distinct modification times
        # The results cache of the same configuration answers with these very peeks.
        assert cache.Cache.open(repo / ".svcstd_cache", config).peeks().path == peeks.path
    kept = sorted((repo / ".svcstd_cache" / "v1").glob(f"{cache.PEEKS_PREFIX}*.bin"))
    assert len(kept) == 1 + cache.KEEP_OTHER_BUCKETS
    assert peeks.path in kept
    again = cache.PeekCache.open(repo / ".svcstd_cache", load_config())
    assert again.get_or_peek(str(path), None, lambda _: pytest.fail("peeked again")) == ("s0-x", 2)
    # Another svcstd (another code) does not read them.
    assert cache.PeekCache(again.path, "another key").folders == {}
