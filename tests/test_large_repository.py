"""What keeps large repositories fast without changing a finding: a whole-repository run
reuses discovery's walk for the unique-id check, a partial run (pre-commit) remembers the
ids it peeked, and summaries no longer carry source lines (read back for a finding)."""

from __future__ import annotations

import os
import time

import pytest

from conftest import DATA, MINIMAL, write
from svcstd import discovery, engine, repository
from svcstd.config import load_config

OLD = time.time() - 3600  # an hour ago: metadata recorded now can be trusted later


def definition(service_id: str, office: str = "test-office") -> str:
    return MINIMAL.replace("id: minimal-benefit", f"id: {service_id}").replace(
        "{ref: test-office}", "{ref: " + office + "}", 1
    )


def backdate(*paths, seconds_ago: float = 3600) -> None:
    moment = time.time() - seconds_ago
    for path in paths:
        os.utime(path, (moment, moment))


class _Peeked:
    """The names of the files peeked at for their id, in this process or in a child of
    the background (`repository.start_reading_others`), in the order they were."""

    def __init__(self, path):
        self._path = path
        path.write_text("", "utf-8")

    def append(self, name: str) -> None:
        with open(self._path, "a", encoding="utf-8") as log:  # one write: whole lines
            log.write(name + "\n")

    def clear(self) -> None:
        self._path.write_text("", "utf-8")

    def _names(self) -> list[str]:
        return self._path.read_text("utf-8").split()

    def __iter__(self):
        return iter(self._names())

    def __eq__(self, other) -> bool:
        return self._names() == list(other)

    def __repr__(self) -> str:
        return repr(self._names())


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Counts of folder walks and of files peeked at for their id."""
    counts = {"walk": 0, "peek": _Peeked(tmp_path / "peeked.txt")}
    real_walk, real_peek = discovery.walk, repository.peek_top_level

    def walk(*args, **kwargs):
        counts["walk"] += 1
        return real_walk(*args, **kwargs)

    def peek(path, *args, **kwargs):
        counts["peek"].append(os.path.basename(path))
        return real_peek(path, *args, **kwargs)

    monkeypatch.setattr(discovery, "walk", walk)
    monkeypatch.setattr(repository, "peek_top_level", peek)
    return counts


def check(paths, cache_dir=None, **option_values):
    options = engine.CheckOptions(jobs=1, use_cache=cache_dir is not None, cache_dir=cache_dir, **option_values)
    return engine.check_paths(paths, load_config(), options)


def rows(report):
    return sorted((f.file, f.code, f.line, f.column, f.path, f.source, f.message) for f in report.findings)


def test_a_whole_repository_run_walks_once_and_peeks_at_nothing(repo, counted):
    write(repo, "services/a.yaml", definition("shared-id"))
    write(repo, "services/b.yaml", definition("shared-id"))
    write(repo, "services/c.yaml", definition("own-id"))
    report = check(["."])
    assert counted["walk"] == 1  # discovery's own; the id check reuses it
    assert counted["peek"] == []
    assert [(f.file, f.code) for f in report.findings] == [("services/b.yaml", "SVC602")]


def test_an_unloadable_file_still_lends_its_id_in_a_whole_repository_run(repo, counted):
    # The id comes before the syntax error: the id check peeks at it (it has no summary),
    # exactly as a partial run would.
    write(repo, "services/a.yaml", definition("shared-id"))
    write(repo, "services/broken.yaml", 'svcstd: "1"\nid: shared-id\nname: [unclosed\n')
    whole = check(["."])
    assert counted["walk"] == 1 and counted["peek"] == ["broken.yaml"]
    assert ("services/a.yaml", "SVC602") in {(f.file, f.code) for f in whole.findings}
    partial = check(["services/a.yaml"])
    assert [f for f in partial.findings if f.code == "SVC602"] == [
        f for f in whole.findings if f.code == "SVC602"
    ]


def test_whole_and_partial_runs_report_the_same_cross_file_findings(repo):
    write(repo, "services/a.yaml", definition("one", office="unknown-office"))
    write(repo, "services/b.yaml", definition("one"))
    whole = check(["."])
    partial = check(["services/b.yaml", "services/a.yaml"])
    assert rows(whole) == rows(partial)
    unknown = next(f for f in whole.findings if f.code == "SVC601")
    # The summary keeps no source line; the finding's is read back from the file.
    assert unknown.source == "responsible_office: {ref: unknown-office}"
    duplicate = next(f for f in whole.findings if f.code == "SVC602")
    assert duplicate.file == "services/b.yaml" and duplicate.source == "id: one"


def test_a_cross_file_finding_on_standard_input_shows_its_own_line(repo):
    write(repo, "services/a.yaml", definition("one"))
    text = definition("one", office="nowhere").replace("id: one", "id:   one")
    report = check(["-"], stdin_bytes=text.encode(), stdin_filename="services/new.yaml")
    sources = {f.code: f.source for f in report.findings}
    assert sources == {"SVC601": "responsible_office: {ref: nowhere}", "SVC602": "id:   one"}


def _numbers_in(value) -> list[int]:
    """Every number in a summary (flags aside): a line or a column would be one."""
    if value is None or isinstance(value, (bool, str)):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, tuple):
        return [number for part in value for number in _numbers_in(part)]
    raise AssertionError(f"a {type(value).__name__} in a summary")


def test_a_workers_summary_holds_no_positions_nor_source_lines():
    """Positions are found in the parent, only for a cross-file finding: locating every
    reference and flow of every file was most of the summary's cost."""
    from svcstd import runner
    from svcstd.config import Config

    flows = DATA / "dataflows"
    jobs = [runner.FileJob(str(path), path.name) for path in sorted(flows.rglob("services/**/*.yaml"))]
    summaries = [c.result.summary for c in runner.check_in_parallel(jobs, Config(root=str(flows)), 2)]
    assert len(summaries) == len(jobs) > 10 and all(isinstance(s, repository.ServiceSummary) for s in summaries)
    assert any(s.flows and any(flow.shares for flow in s.flows) for s in summaries)
    assert {ref.pointer for s in summaries for ref in s.office_refs} >= {"/responsible_office/ref", "/steps/0/office/ref"}
    for summary in summaries:
        assert _numbers_in(summary) == [], summary
        assert all(not line.strip().startswith(("id:", "responsible_office")) for line in _strings_in(summary))


def _strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [text for part in value for text in _strings_in(part)] if isinstance(value, tuple) else []


def test_a_file_changed_before_the_cross_file_pass_is_placed_by_what_is_left(repo, monkeypatch):
    """The finding is decided from the summary; its place is read from the file as it is
    when the finding is made. A reference gone meanwhile is placed at what remains of its
    pointer, a file gone at its first line: never a traceback."""
    write(repo, "services/a.yaml", definition("one", office="nowhere"))
    write(repo, "services/b.yaml", definition("two", office="nowhere"))
    real = repository.cross_file_findings

    def changed_meanwhile(*args, **kwargs):
        write(repo, "services/a.yaml", 'svcstd: "1"\nid: one\n\nresponsible_office: moved\n')
        os.remove(repo / "services/b.yaml")
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "cross_file_findings", changed_meanwhile)
    found = [(f.file, f.code, f.line, f.column, f.path, f.source) for f in check(["services"]).findings]
    assert found == [
        ("services/a.yaml", "SVC601", 4, 21, "/responsible_office/ref", "responsible_office: moved"),
        ("services/b.yaml", "SVC601", 1, 1, "/responsible_office/ref", None),
    ]


def test_a_second_partial_run_reads_no_other_file_until_one_changes(repo, tmp_path, counted):
    cache_dir = str(tmp_path / "cache")
    others = [write(repo, f"services/other{n}.yaml", definition(f"other-{n}")) for n in range(5)]
    changed = write(repo, "services/a.yaml", definition("mine"))
    backdate(changed, *others)

    first = check(["services/a.yaml"], cache_dir)
    # (The file checked is new to the cache: its id is peeked too.)
    assert sorted(name for name in counted["peek"] if name != "a.yaml") == [f"other{n}.yaml" for n in range(5)]
    assert first.findings == ()

    counted["peek"].clear()
    assert check(["services/a.yaml"], cache_dir).findings == ()
    assert counted["peek"] == []  # every id answered from the cache

    write(repo, "services/other3.yaml", definition("mine"))  # now clashes
    backdate(others[3], seconds_ago=1800)
    counted["peek"].clear()
    third = check(["services/a.yaml"], cache_dir)
    assert counted["peek"] == ["other3.yaml"]  # only the changed file is read again
    assert [(f.file, f.code) for f in third.findings] == [("services/a.yaml", "SVC602")]
    assert "services/other3.yaml" in third.findings[0].message


def test_a_file_changed_just_now_is_not_remembered(repo, tmp_path, counted):
    # Its metadata could stay the same through another change (git's racy-clean rule).
    cache_dir = str(tmp_path / "cache")
    write(repo, "services/fresh.yaml", definition("fresh"))
    backdate(write(repo, "services/a.yaml", definition("mine")))
    check(["services/a.yaml"], cache_dir)
    check(["services/a.yaml"], cache_dir)
    assert [name for name in counted["peek"] if name != "a.yaml"] == ["fresh.yaml", "fresh.yaml"]


def test_a_damaged_peek_cache_is_ignored(repo, tmp_path):
    cache_dir = tmp_path / "cache"
    other = write(repo, "services/other.yaml", definition("mine"))
    backdate(other, write(repo, "services/a.yaml", definition("mine")))
    check(["services/a.yaml"], str(cache_dir))
    (peeked,) = cache_dir.rglob("peeked-ids*.bin")
    peeked.write_bytes(peeked.read_bytes()[:-10] + b"0123456789")
    report = check(["services/a.yaml"], str(cache_dir))
    assert [(f.file, f.code) for f in report.findings] == [("services/a.yaml", "SVC602")]


def test_hard_links_stay_two_files_and_symlinks_one(repo):
    write(repo, "services/a.yaml", definition("linked"))
    try:
        os.link(repo / "services/a.yaml", repo / "services/b.yaml")
        os.symlink("a.yaml", repo / "services/c.yaml")
    except (OSError, NotImplementedError):
        pytest.skip("links are not available here")
    report = check(["."])
    assert report.files == ("offices.yaml", "services/a.yaml", "services/b.yaml")
    assert [(f.file, f.code) for f in report.findings] == [("services/b.yaml", "SVC602")]


def test_names_from_a_subfolder_climb_back_the_shortest_way(repo, monkeypatch):
    write(repo, "services/x/a.yaml", definition("a"))
    write(repo, "services/y/b.yaml", definition("b"))
    monkeypatch.chdir(repo / "services" / "x")
    assert sorted(t.display for t in discovery.discover(["../.."], load_config())) == [
        "../../offices.yaml", "../y/b.yaml", "a.yaml",
    ]


def test_many_checked_ids_peek_without_searching_for_each(repo, counted):
    # Past PEEK_SCREEN_IDS ids, a file that must be peeked is read up to its id instead of
    # being searched for every checked id: the same findings either way.
    count = repository.PEEK_SCREEN_IDS + 8
    for index in range(count):
        write(repo, f"services/s{index:02d}.yaml", definition(f"id-{index:02d}"))
    write(repo, "services/broken.yaml", 'svcstd: "1"\nid: id-07\nname: [unclosed\n')
    write(repo, "services/broken-other.yaml", 'svcstd: "1"\nid: nobody-else\nname: [unclosed\n')
    whole = check(["."])
    assert sorted(counted["peek"]) == ["broken-other.yaml", "broken.yaml"]
    duplicates = [(f.file, f.code, f.line) for f in whole.findings if f.code == "SVC602"]
    assert duplicates == [("services/s07.yaml", "SVC602", 2)]
    assert "services/broken.yaml" in next(f.message for f in whole.findings if f.code == "SVC602")
