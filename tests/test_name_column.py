"""A whole-repository run keeps its file names by column (`svcstd.name_column`), from
discovery (`discovery.NamedTargets`) to the report, and reads them back exactly."""

from __future__ import annotations

import gc
import tracemalloc
from array import array

import pytest

from conftest import MINIMAL, write
from svcstd import discovery, engine
from svcstd.config import load_config
from svcstd.engine import CheckOptions
from svcstd.name_column import NameColumn, NamesAt

NAMES = ["a.yaml", "b/服务.yaml", "b/c d.yaml", "undecodable-\udcff.yaml", "z/" + "long-" * 40 + ".yaml", ""]


def test_names_read_back_as_they_were_given():
    column = NameColumn(NAMES)
    assert len(column) == len(NAMES)
    assert list(column) == NAMES and [column[i] for i in range(len(NAMES))] == NAMES
    assert column[-1] == NAMES[-1] and column[1:3] == NAMES[1:3]
    assert column == tuple(NAMES) and column == NAMES and column != NAMES[:-1]
    assert hash(column) == hash(tuple(NAMES))
    with pytest.raises(IndexError):
        column[len(NAMES)]
    at = NamesAt(column, array("I", [4, 0, 2]))
    assert list(at) == [NAMES[4], NAMES[0], NAMES[2]] and at[1] == NAMES[0] and len(at) == 3
    assert not at.is_sorted() and NamesAt(column, array("I", [0, 2])).is_sorted()


def test_ordered_is_only_what_the_maker_says_and_positions_keep_it():
    assert not NameColumn(["a", "b"]).ordered
    ordered = NameColumn(["a", "b", "c"], ordered=True)
    assert NamesAt(ordered, array("I", [0, 2])).ordered
    assert not NamesAt(ordered, array("I", [2, 0])).ordered


def test_a_name_costs_what_it_adds_to_its_block_and_an_offset():
    # As a walk gives them: sorted, so that a name shares most of its bytes with the first
    # of its block of 16.
    names = sorted(f"services/department-{n % 40:02d}/service-{n:06d}.yaml" for n in range(20_000))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        column = NameColumn(names)
        per_name = (tracemalloc.get_traced_memory()[0] - before) / len(names)
    finally:
        tracemalloc.stop()
    assert list(column) == names and [column[i] for i in range(len(names))] == names
    whole = len(names[0])  # 41 bytes, where each name was kept whole
    # A block's first name whole (1/16 of 41), then a shared length and the bytes a name
    # adds (its last 8 to 10 here), an offset, and what growing blocks leave spare.
    assert per_name < whole / 16 + 1 + 10 + 4 + 3, per_name


def test_names_that_share_nothing_or_more_than_a_byte_can_count_read_back():
    long = "d/" + "x" * 400
    names = [long + f"{n:03d}.yaml" for n in range(40)] + ["é.yaml", "\udcff.yaml", "", "a", "ab", "a"] * 5
    column = NameColumn(names)
    assert list(column) == names and [column.name(i) for i in range(len(names))] == names


def test_a_plain_walk_without_stat_gives_its_targets_by_column(repo):
    write(repo, "services/b.yaml", MINIMAL)
    write(repo, "services/a-c.yaml", MINIMAL)
    write(repo, "services/a/b.yaml", MINIMAL)
    config = load_config()
    named = discovery.discover(["."], config, stat=False)
    assert isinstance(named, discovery.NamedTargets) and named.names.ordered
    listed = discovery.discover(["."], config, stat=True)  # with stat: the usual targets
    assert not isinstance(listed, discovery.NamedTargets)
    assert [t.display for t in named] == [t.display for t in listed]
    assert all(t.__class__ is discovery.WalkedName and t.path == t.display for t in named)
    # The walk meets the files in the order of their names (a-c.yaml before a/b.yaml,
    # though the folder a sorts before the file a-c.yaml): it is the column itself.
    ((folder, walk),) = named.walked.items()
    ((same_folder, walk_listed),) = listed.walked.items()
    assert folder == same_folder
    assert [t.display for t in walk] == [t.display for t in walk_listed] == [t.display for t in named]
    assert [t.display for t in named] == ["offices.yaml", "services/a-c.yaml", "services/a/b.yaml", "services/b.yaml"]
    assert walk.names is named.names


def test_a_walk_in_another_order_is_kept_as_positions_in_the_sorted_column():
    walk = [discovery.WalkedName(name) for name in ("b.yaml", "a/c.yaml", "a-b.yaml")]
    named = discovery._named_targets(walk, "/repo")
    assert list(named) == ["a-b.yaml", "a/c.yaml", "b.yaml"] and named.names.ordered
    assert list(named.walked["/repo"]) == ["b.yaml", "a/c.yaml", "a-b.yaml"]


def test_a_whole_run_reports_its_files_from_the_column(repo, monkeypatch):
    write(repo, "services/a.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/b.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/notes.yaml", "just: a note\n")  # not a definition: kept out by position
    write(repo, "services/broken.yaml", "id: x\nname: [unclosed\n")

    def run():
        return engine.check_paths(["."], load_config(), CheckOptions(use_cache=False, jobs=1))

    by_column = run()
    assert isinstance(by_column.files, NamesAt)  # what the targets and results read their names from
    assert "services/notes.yaml" not in list(by_column.files)
    # The same run with its targets as a list: the walk gives its files as a list, and
    # they are not put in a column after it.
    walk = discovery.walk
    monkeypatch.setattr(discovery, "walk", lambda *args, by_column=False, **named: walk(*args, **named))
    monkeypatch.setattr(discovery, "_named_targets", lambda walk, folder: discovery.Targets(
        sorted(walk, key=discovery._display_of), {folder: walk}))
    as_list = run()
    assert isinstance(as_list.files, tuple)
    assert by_column == as_list  # every finding, note and name


def test_a_report_counts_clean_files_alike_from_a_column_or_a_tuple():
    from svcstd.findings import Finding, Report

    names = ["a.yaml", "b.yaml", "c/d.yaml", "e.yaml"]
    findings = (
        Finding("SVC101", "error", "m", "b.yaml", 1, 1),
        Finding("SVC101", "error", "m", "b.yaml", 2, 1),
        Finding("SVC603", "error", "m", "offices.yaml", 1, 1),  # a file outside those checked
    )
    column = Report(findings, NameColumn(names, ordered=True))
    assert column.clean_files == Report(findings, tuple(names)).clean_files == 3
    assert Report((), NameColumn(names, ordered=True)).clean_files == 4


def test_a_reader_reads_the_names_a_column_reads_in_any_order():
    names = sorted(f"services/d-{n % 7}/s-{n:05d}.yaml" for n in range(100)) + ["x/é.yaml", "y/\udcff.yaml"]
    column = NameColumn(names)  # the last block not yet full: its names wait whole
    read = column.reader()
    in_order_with_gaps = [i for i in range(len(names)) if i % 5]
    assert [read(i) for i in in_order_with_gaps] == [names[i] for i in in_order_with_gaps]
    backwards = list(range(len(names)))[::-3]
    assert [read(i) for i in backwards] == [names[i] for i in backwards]
    at = NamesAt(column, array("I", backwards))
    assert list(at) == [at[i] for i in range(len(at))] == [names[i] for i in backwards]


def test_a_run_reads_its_rows_names_by_reader_as_one_by_one(repo, monkeypatch):
    from svcstd.run_results import RunResults

    for number in range(40):
        write(repo, f"services/s-{number:02d}.yaml", MINIMAL.replace("id: minimal-benefit", f"id: s-{number:02d}"))
    write(repo, "services/broken.yaml", "id: x\nname: [unclosed\n")
    captured = []
    real = RunResults.done

    def keep(self):
        captured.append(self)
        return real(self)

    monkeypatch.setattr(RunResults, "done", keep)
    engine.check_paths(["."], load_config(), CheckOptions(use_cache=False, jobs=1))
    (results,) = captured
    assert isinstance(results.names, NameColumn)
    read = results.name_reader()
    assert [read(p) for p in range(len(results))] == [results.name_of(p) for p in range(len(results))]
    assert "services/broken.yaml" in [read(p) for p in range(len(results))]
