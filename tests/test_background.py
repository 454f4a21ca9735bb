"""The other core's work for a small run: the ids of the repository's other definitions
are read in a forked child while the run checks its files (`svcstd.background`,
`repository.start_reading_others`), and the answers are those of reading them after."""

from __future__ import annotations

import json
import os
import sys
import threading

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd import background, engine, repository
from svcstd.config import load_config
from svcstd.engine import CheckOptions
from svcstd.oversight.flows import FlowScreen

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the background child is forked, on Linux only")


def _child_pid() -> int:
    return os.getpid()


def _fails() -> None:
    raise RuntimeError("the child fails")


@linux_only
def test_the_value_is_computed_in_another_process():
    pending = background.start(_child_pid)
    assert pending is not None
    child = pending.result()
    assert isinstance(child, int) and child != os.getpid()
    assert pending.result() == child  # asked again: the same answer, the child already reaped


@linux_only
def test_a_failing_child_answers_none():
    pending = background.start(_fails)
    assert pending is not None and pending.result() is None


@linux_only
def test_a_large_answer_goes_through_the_pipe():
    pending = background.start(list, range(200_000))  # far more than a pipe holds at once
    assert pending.result() == list(range(200_000))


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert background.can_fork() is False
        assert background.start(_child_pid) is None
    finally:
        stop.set()
        other.join()


def _repository(root, copies: int = 40):
    """A repository of distinct definitions, plus one more file using `minimal-benefit`."""
    write(root, "services/benefit.yaml", MINIMAL)
    for number in range(copies):
        write(root, f"services/other-{number:03}.yaml", MINIMAL.replace("id: minimal-benefit", f"id: other-{number:03}"))
    write(root, "services/zz/copy.yaml", MINIMAL)


def _spy_answers(monkeypatch) -> list:
    answers: list = []
    answer = repository.OthersInBackground.answer

    def spy(self, scopes, looking_for):
        records = answer(self, scopes, looking_for)
        answers.append(records)
        return records

    monkeypatch.setattr(repository.OthersInBackground, "answer", spy)
    return answers


def _duplicates(report):
    return [(f.file, f.line, f.column, f.message) for f in report.findings if f.code == "SVC602"]


@linux_only
def test_a_one_file_run_reads_the_others_in_the_background_with_the_same_findings(repo, monkeypatch):
    _repository(repo)
    config = load_config()
    answers = _spy_answers(monkeypatch)
    in_background = _duplicates(engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False)))
    # The background answered: the files that may hold the id (the checked one among
    # them, set aside by the pass), and no other.
    assert [[record[1] for record in records] for records in answers] == [["services/benefit.yaml", "services/zz/copy.yaml"]]

    monkeypatch.setattr(background, "can_fork", lambda: False)
    in_this_process = _duplicates(engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False)))
    assert len(answers) == 1  # nothing started the second time
    assert in_background == in_this_process
    assert in_background == [(
        "services/benefit.yaml", 2, 5,
        (
            "Service id `minimal-benefit` is also used by services/zz/copy.yaml (line 2). "
            "Each service needs its own id across the repository: rename one of them."
        ),
    )]


@linux_only
def test_the_cli_reports_the_duplicate_found_in_the_background(repo):
    _repository(repo)
    result = run_svcstd("check", "--no-cache", "--format", "json", "services/benefit.yaml", cwd=repo)
    assert result.returncode == 1, result.stderr
    found = [(f["file"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("services/benefit.yaml", 2, "SVC602")]
    assert b"Traceback" not in result.stderr


class _Answered:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def test_an_answer_for_other_ids_or_scopes_is_not_used():
    records = [("/r/a.yaml", "a.yaml", (1, 2), "x", 3)]
    answered = (records, None)
    read = repository.OthersInBackground(_Answered(answered), ("/r",), ("x", "y"))
    assert read.answer(["/r"], ("x",)) == records  # ids among those looked for
    assert read.flows(["/r"], FlowScreen(frozenset(), frozenset(), frozenset())) is None  # not read for flows
    assert repository.OthersInBackground(_Answered(answered), ("/r",), ("x",)).answer(["/r"], ("x", "z")) is None
    assert repository.OthersInBackground(_Answered(answered), ("/r",), ("x",)).answer(["/r", "/s"], ("x",)) is None
    assert repository.OthersInBackground(_Answered(None), ("/r",), ("x",)).answer(["/r"], ("x",)) is None


def test_other_flows_are_used_only_when_read_with_a_screen_that_keeps_as_much():
    """The background screened the other files with the offices read from the files'
    data before the check; the pass's screen, from the checked summaries, must keep no
    file that one did not."""
    flows = {"/r": [("/r/b.yaml", "b.yaml", ("b", (), "office-b", ()))]}
    screen = FlowScreen(frozenset({b"tax"}), frozenset({b"fire"}), frozenset({b"fire"}))
    read = repository.OthersInBackground(_Answered(([], flows)), ("/r",), ("x",), screen)
    assert read.flows(["/r"], FlowScreen(frozenset({b"tax"}), frozenset(), frozenset())) == flows
    assert read.flows(["/r"], screen) == flows
    assert read.flows(["/r"], FlowScreen(frozenset({b"tax", b"health"}), frozenset({b"fire"}), frozenset())) is None
    assert read.flows(["/r"], FlowScreen(frozenset(), frozenset({b"police"}), frozenset())) is None
    assert read.flows(["/r"], FlowScreen(frozenset(), frozenset(), frozenset({b"police"}))) is None
    assert read.flows(["/r", "/s"], screen) is None


def test_with_the_cache_the_flows_come_from_their_own_child(tmp_path):
    """With the cache, one child peeks the ids and another reads the flows: the pass has
    the flows with the ids or without them, and reads every file itself when the flows'
    child gave no answer or screened for less."""
    screen = FlowScreen(frozenset({b"tax"}), frozenset(), frozenset())
    ids_child = ([("/r/c.yaml", "c.yaml", (1, 2), "x", 3)], None)
    flows = {"/r": [("/r/a.yaml", "a.yaml", ("a",))]}
    read = repository.OthersInBackground(_Answered(ids_child), ("/r",), ("x",), screen, flow_child=_Answered(flows))
    assert read.flows(["/r"], screen) == flows
    assert read.flows(["/r", "/s"], screen) is None
    assert read.flows(["/r"], FlowScreen(frozenset({b"tax", b"health"}), frozenset(), frozenset())) is None
    assert read.answer(["/r"], ("x",)) == ids_child[0]
    failed = repository.OthersInBackground(_Answered(ids_child), ("/r",), ("x",), screen, flow_child=_Answered(None))
    assert failed.flows(["/r"], screen) is None
    assert failed.answer(["/r"], ("x",)) == ids_child[0]  # the ids stand on their own
    no_ids = repository.OthersInBackground(None, ("/r",), (), screen, flow_child=_Answered(flows))
    assert no_ids.answer(["/r"], ()) is None and no_ids.flows(["/r"], screen) == flows


@linux_only
def test_a_file_whose_checked_id_was_not_peeked_is_compared_in_this_process(repo, monkeypatch):
    """The background looked for the ids the files were peeked to have; when the check
    finds another (here: the peek is made to miss it), its answer is not enough."""
    _repository(repo)
    config = load_config()
    answers = _spy_answers(monkeypatch)
    peek_id = repository.peek_id
    peeked_before_the_check = iter([("not-the-id", 2)])

    def first_peek_wrong(path, config, looking_for=()):
        if os.path.basename(path) == "benefit.yaml" and not looking_for:
            return next(peeked_before_the_check, None) or peek_id(path, config, looking_for)
        return peek_id(path, config, looking_for)

    monkeypatch.setattr(repository, "peek_id", first_peek_wrong)
    report = engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False))
    assert answers == [None]  # the background's answer was refused ...
    assert [f[:3] for f in _duplicates(report)] == [("services/benefit.yaml", 2, 5)]  # ... and the pass read the files


@linux_only
def test_a_link_among_the_other_files_names_the_same_file_either_way(repo, monkeypatch):
    """The background reads only the files whose bytes may hold the id, and tells two
    names of one file apart among those alone: the duplicate found names the file the
    pass reading every file names."""
    import os

    _repository(repo, copies=5)
    os.symlink("zz/copy.yaml", repo / "services" / "aa-link.yaml")
    config = load_config()
    answers = _spy_answers(monkeypatch)
    in_background = _duplicates(engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False)))
    assert answers and answers[0] is not None
    monkeypatch.setattr(background, "can_fork", lambda: False)
    in_this_process = _duplicates(engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False)))
    assert in_background == in_this_process
    assert [message.split(" (line")[0].rsplit(" ", 1)[-1] for *_, message in in_background] == ["services/aa-link.yaml"]


@linux_only
@pytest.mark.parametrize("first_read_here", [True, False], ids=["first copy read here", "first copy read by the child"])
def test_with_flows_the_ids_read_in_two_parts_name_the_first_copy_in_walk_order(tmp_path, monkeypatch, first_read_here):
    """A definition with data flows: the child reads its part of the other files (ids and
    flows), this process the rest. The duplicate named is the first copy in walk order,
    whichever part read it, as when this process reads every file."""
    import shutil

    from conftest import DATA

    root = tmp_path / "flows"
    shutil.copytree(DATA / "dataflows", root)
    monkeypatch.chdir(root)
    copy = (root / "services/tax/deed-tax-filing.yaml").read_text("utf-8")
    assert copy.startswith("svcstd:") and "\nid: deed-tax-filing\n" in copy
    for name in ("services/aa/dup-1.yaml", "services/aa/dup-2.yaml", "services/zz/dup-0.yaml"):
        write(root, name, copy.replace("\nid: deed-tax-filing\n", "\nid: unemployment-benefit\n"))
    mine = repository.own_part(repository.CHILDS_PART)
    # The first copy in walk order falls to one part, the later ones to the other.
    first, later = (max(mine), min(repository.CHILDS_PART)) if first_read_here else (min(repository.CHILDS_PART), max(mine))
    monkeypatch.setattr(repository, "share_of", lambda path: first if path.endswith("dup-1.yaml") else later)
    answers = _spy_answers(monkeypatch)
    config = load_config(cwd=root)
    name = "services/human-resources/unemployment-benefit.yaml"
    in_parts = [f for f in engine.check_paths([name], config, CheckOptions(use_cache=False)).findings if f.code == "SVC602"]
    assert answers and answers[0] is not None  # the background's answer, merged with this process's part
    displays = [record[1] for record in answers[0]]
    assert displays.index("services/aa/dup-1.yaml") < displays.index("services/aa/dup-2.yaml") < displays.index("services/zz/dup-0.yaml")
    monkeypatch.setattr(background, "can_fork", lambda: False)
    in_this_process = [f for f in engine.check_paths([name], config, CheckOptions(use_cache=False)).findings if f.code == "SVC602"]
    assert [(f.file, f.line, f.message) for f in in_parts] == [(f.file, f.line, f.message) for f in in_this_process]
    assert len(in_parts) == 1 and "services/aa/dup-1.yaml" in in_parts[0].message


def test_a_run_of_more_files_than_the_background_helps_never_lists_them(repo, monkeypatch):
    """Counted, not listed: a whole repository's targets are names by column, and listing
    them made an object a file (14 MB at 100,000 files) only to find there were too many."""
    from svcstd import discovery

    for number in range(repository.PEEK_SCREEN_IDS + 1):
        write(repo, f"services/s-{number:03d}.yaml", MINIMAL.replace("id: minimal-benefit", f"id: s-{number:03d}"))
    targets = discovery.discover(["services"], load_config(), stat=False)
    assert isinstance(targets, discovery.NamedTargets) and len(targets) > repository.PEEK_SCREEN_IDS

    def listed(self):
        raise AssertionError("the targets were listed")

    monkeypatch.setattr(discovery.NamedTargets, "__iter__", listed)
    assert repository.start_reading_others(targets, load_config()) is None


# --------------------------------------------------------------------------------------
# A large run without the cache: the data-flow pass on the other core


_REAL_START = background.start


def _flow_run(monkeypatch, from_files: int, cache_dir=None) -> tuple[list, list]:
    """The findings of a whole run of tests/data/dataflows (every field, in order) and
    the functions `background.start` was asked to run, with the data-flow pass handed
    to a child from `from_files` definitions on."""
    from conftest import DATA

    monkeypatch.chdir(DATA / "dataflows")
    monkeypatch.setattr(repository, "FLOWS_ELSEWHERE_FROM", from_files)
    started = []

    def start(function, *args):
        pending = _REAL_START(function, *args)
        started.append((function.__name__, pending))
        return pending

    monkeypatch.setattr(background, "start", start)
    options = CheckOptions(use_cache=cache_dir is not None, cache_dir=cache_dir)
    report = engine.check_paths(["."], load_config(cwd=DATA / "dataflows"), options)
    # What each child answered (asked again once the run took it: its kept answer).
    answers = [(name, None if pending is None else pending.result()) for name, pending in started]
    return [(*f.sort_key(), f.severity, f.source, f.fix) for f in report.findings], answers


@linux_only
def test_the_data_flow_pass_of_a_large_run_gives_the_same_findings_from_a_child(monkeypatch):
    here, started_here = _flow_run(monkeypatch, from_files=10**9)
    elsewhere, started = _flow_run(monkeypatch, from_files=1)
    assert "_flow_findings_as_fields" not in dict(started_here)
    answered = [answer for name, answer in started if name == "_flow_findings_as_fields"]
    assert len(answered) == 1 and sorted(row[0] for row in answered[0]) == ["SVC606", "SVC607", "SVC608"]
    assert {row[3] for row in elsewhere} >= {"SVC606", "SVC607", "SVC608", "SVC609"}
    assert elsewhere == here


@linux_only
def test_a_failing_data_flow_child_leaves_the_pass_to_this_process(monkeypatch):
    here, _ = _flow_run(monkeypatch, from_files=10**9)

    def fails(flow_args):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(repository, "_flow_findings_as_fields", fails)
    elsewhere, started = _flow_run(monkeypatch, from_files=1)
    assert ("fails", None) in started  # started, and answered nothing
    assert elsewhere == here


def test_a_run_with_the_cache_keeps_the_data_flow_pass_in_this_process(monkeypatch, tmp_path):
    # The pass may then read other files through the cache, which is this process's.
    _, started = _flow_run(monkeypatch, from_files=1, cache_dir=str(tmp_path / "cache"))
    assert "_flow_findings_as_fields" not in dict(started)
