"""What a run keeps alive, and what it leaves to the collector: a large run holds one
result per file until the report, so each byte kept per file counts 100,000 times."""

from __future__ import annotations

import pickle

from conftest import MINIMAL, write
from svcstd import engine
from svcstd.config import load_config
from svcstd.engine import CheckOptions, CleanResult, FileResult, compact
from svcstd.repository import ItemFlow, OfficeRef, ServiceSummary, Share


def test_a_run_ends_without_a_collection_of_what_it_made(repo):
    """With the default thresholds back, the objects a run made would all be young, and
    the next allocation would walk them all (3 ms at the end of a one-file run): they
    go to the oldest generation instead."""
    import gc

    write(repo, "services/benefit.yaml", MINIMAL)
    config = load_config()
    options = CheckOptions(use_cache=False)
    engine.check_paths(["services/benefit.yaml"], config, options)  # imports done
    collections: list[int] = []

    def note(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    try:
        engine.check_paths(["services/benefit.yaml"], config, CheckOptions(use_cache=False))
    finally:
        gc.callbacks.remove(note)
    assert collections == []


def _clean(file: str, service_id: str, offices: list[str]) -> FileResult:
    refs = tuple(OfficeRef(office, f"/steps/{n}/office/ref") for n, office in enumerate(offices))
    summary = ServiceSummary(service_id, refs, responsible=offices[0])
    # As results arrive from a worker: each its own copy of every string and tuple.
    return pickle.loads(pickle.dumps(FileResult(file, (), summary=summary, context="key-of-the-registry")))


def test_reduced_results_share_references_places_and_context():
    shared: dict = {}
    first = compact(_clean("a.yaml", "a", ["office-1", "office-2"]), "a.yaml", shared)
    second = compact(_clean("b.yaml", "b", ["office-1", "office-3"]), "b.yaml", shared)
    assert isinstance(first, CleanResult) and isinstance(second, CleanResult)
    assert first.summary.office_refs[0] is second.summary.office_refs[0]  # same office, same place
    assert first.summary.office_refs[1] == OfficeRef("office-2", "/steps/1/office/ref")
    assert first.summary.responsible is second.summary.responsible
    assert first.context is second.context == "key-of-the-registry"
    assert (second.file, second.summary.id) == ("b.yaml", "b")


def test_a_result_with_findings_stays_whole_with_a_shared_summary():
    """A file with findings keeps its whole result for the report, but its summary, as a
    worker sent it, held its own copy of every reference and legal basis (1.3 kB a file
    with findings): it is made of the run's shared parts, as a clean file's is."""
    from svcstd.findings import Finding

    shared: dict = {}
    clean = compact(_clean("a.yaml", "a", ["office-1", "office-2"]), "a.yaml", shared)
    sent = _clean("b.yaml", "b", ["office-1", "office-3"])
    finding = Finding(code="SVC201", severity="error", message="too long", file="b.yaml", line=3, column=1)
    with_findings = pickle.loads(pickle.dumps(FileResult(
        "b.yaml", (finding,), summary=sent.summary, context="key-of-the-registry",
    )))
    kept = compact(with_findings, "b.yaml", shared)
    assert kept.__class__ is FileResult and kept.findings == (finding,)
    assert kept.summary == sent.summary and kept.summary.__class__ is ServiceSummary
    assert kept.summary.office_refs[0] is clean.summary.office_refs[0]  # same office, same place
    assert kept.summary.responsible is clean.summary.responsible
    assert (kept.file, kept.context) == ("b.yaml", "key-of-the-registry")


def test_a_clean_result_is_one_tuple_that_reads_as_its_summary():
    """A clean file is kept as one tuple, its summary's values with its name and context:
    a result holding a summary was two, 80 bytes a clean file more."""
    shared: dict = {}
    arriving = _clean("a.yaml", "a", ["office-1", "office-2"])
    kept = compact(arriving, "a.yaml", shared)
    assert kept.summary is kept and isinstance(kept.summary, ServiceSummary)
    assert ServiceSummary(*kept[:4]) == arriving.summary
    assert (kept.file, kept.context, kept.findings, kept.is_registry) == ("a.yaml", "key-of-the-registry", (), False)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):  # a worker's answer, the cache
        again = pickle.loads(pickle.dumps(kept, protocol=protocol))
        assert again == kept and again.__class__ is CleanResult and again.summary is again
    without = CleanResult("b.yaml", None, "")
    assert without.summary is None and pickle.loads(pickle.dumps(without)) == without
    assert "summary=ServiceSummary(id='a'" in repr(kept)


def test_a_reduced_result_keeps_nothing_of_the_copy_it_came_in():
    """The shared table holds one copy of each reference and of each list of them; the
    worker's own copies go to the collector. (Keyed by the incoming tuple, the table
    kept every file's references alive: 170 bytes a clean file at the run's peak.)"""
    shared: dict = {}
    compact(_clean("a.yaml", "a", ["office-1", "office-2"]), "a.yaml", shared)
    arriving = _clean("b.yaml", "b", ["office-1", "office-2"])
    again = _clean("c.yaml", "c", ["office-1", "office-3"])
    kept, kept_again = compact(arriving, "b.yaml", shared), compact(again, "c.yaml", shared)
    held = [*shared, *shared.values()]
    for copy in (arriving.summary.office_refs, *arriving.summary.office_refs, again.summary.office_refs, again.summary.office_refs[0]):
        assert not any(item is copy for item in held)
    assert kept.summary.office_refs is not arriving.summary.office_refs
    assert kept.summary.office_refs == arriving.summary.office_refs
    assert kept_again.summary.office_refs[0] is kept.summary.office_refs[0]


def _flowing(file: str, index: int, office: str) -> FileResult:
    basis = "《中华人民共和国个人信息保护法》第三十四条"
    share = Share(office, basis, "api", f"/data_collected/{index}/shared_with/0/office/ref",
                  f"/data_collected/{index}/shared_with/0/legal_basis")
    flow = ItemFlow("id-card", ("identity",), False, "applicant", f"/data_collected/{index}/source", (share,))
    summary = ServiceSummary(file.removesuffix(".yaml"), (), responsible=office, flows=(flow,))
    return pickle.loads(pickle.dumps(FileResult(file, (), summary=summary)))


def test_a_new_data_flow_is_kept_with_the_strings_the_run_already_holds():
    """Two definitions rarely collect an item at the same index, so most flows are new
    to the run; their legal bases, offices and pointers are not, and are kept once."""
    shared: dict = {}
    first = compact(_flowing("a.yaml", 1, "hz.tax"), "a.yaml", shared).summary.flows[0]
    second = compact(_flowing("b.yaml", 4, "hz.tax"), "b.yaml", shared).summary.flows[0]
    assert first != second  # another place: another flow
    assert second.shares[0].legal_basis is first.shares[0].legal_basis
    assert second.shares[0].office is first.shares[0].office
    assert second.categories is first.categories and second.item is first.item
    assert second == _flowing("b.yaml", 4, "hz.tax").summary.flows[0]  # the same values
    assert type(second) is ItemFlow and type(second.shares[0]) is Share
    # A plain tuple equal to a named one (same values) is never given for it, nor it for one.
    plain = engine._shared(tuple(first.shares[0]), shared)
    assert type(plain) is tuple and type(engine._shared(first.shares[0], shared)) is Share


def test_a_worker_keeps_no_shared_references_from_one_task_to_the_next(monkeypatch, repo):
    """Sharing pays within one task's answer (pickle writes a shared object once per
    message); kept across tasks, a worker held the references of every file it checked."""
    from svcstd import runner
    from svcstd.config import load_config

    for name in ("a", "b"):
        write(repo, f"services/{name}.yaml", MINIMAL.replace("id: ", f"id: {name}-", 1))
    runner._start_worker(load_config(), reduce=True)
    jobs = [runner.FileJob(f"services/{name}.yaml", f"services/{name}.yaml") for name in ("a", "b")]
    first = runner._check_chunk(jobs[:1])
    held = dict(runner._worker_shared)
    second = runner._check_chunk(jobs[1:])
    assert isinstance(first[0], CleanResult) and isinstance(second[0], CleanResult)
    first_tuples = [value for value in held.values() if isinstance(value, tuple)]
    assert first_tuples  # the first answer's references were shared
    assert second[0].summary.office_refs == first[0].summary.office_refs  # the same offices, in the same places
    assert not any(value is kept for value in runner._worker_shared.values() for kept in first_tuples)


def test_repeated_ids_are_found_among_many_without_a_table_of_every_id():
    from svcstd.repository import _distinct_ids, _repeated_ids

    class Item:
        def __init__(self, service_id):
            self.summary = ServiceSummary(service_id, ())

    items = [Item(name) for name in ("b", "a", "c", None, "a", "d", "b", "a")]
    assert _repeated_ids(items) == {"a", "b"}
    assert _repeated_ids(items[:4]) == set()
    many = [Item(f"id-{n}") for n in range(100)]
    assert _distinct_ids(many[:3], 32) == ("id-0", "id-1", "id-2")
    assert _distinct_ids(items, 32) == ("a", "b", "c", "d")
    assert _distinct_ids(many, 32) is None  # more ids than a small run has: not listed
    assert len(_distinct_ids(many, None)) == 100



def test_a_file_the_fast_parser_refuses_leaves_no_cycle():
    """The fast parser's verdict kept with its traceback made a cycle through the loading
    frame, and through its callers' frames kept everything they held (a whole cross-file
    pass, measured: 5.8 MB at 10,000 files) until a collection."""
    import gc

    from svcstd.load import load_bytes

    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for raw in (b"id: a\nid: b\n", b"key: [unclosed\n", b"a: 1\n\tb: 2\n"):  # repeated key, syntax, tab
            loaded = load_bytes(raw, "broken.yaml")
            assert loaded.findings  # refused, and reported
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_a_run_freezes_its_results_only_when_no_one_else_froze_objects(monkeypatch):
    """Unfreezing is all or nothing: a run that froze its results unfreezes every frozen
    object at its end. So it freezes only when what is frozen was frozen by svcstd's own
    start (`svcstd.__main__`), never under an application that froze its objects."""
    import gc

    import svcstd

    gc.freeze()
    try:
        monkeypatch.setattr(svcstd, "_frozen_by_the_command", True)
        with engine._fewer_collections():
            assert engine._may_freeze  # the command line's own start: the run may freeze
        assert gc.get_freeze_count() == 0  # the run unfroze everything at its end
        gc.freeze()
        monkeypatch.setattr(svcstd, "_frozen_by_the_command", False)
        with engine._fewer_collections():
            assert not engine._may_freeze  # an application's: left alone
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_report_names_each_file_once_in_order_without_a_set_of_every_name(monkeypatch):
    """The results come sorted (the targets' order): their names are kept as they come.
    Otherwise (a caller's own order, a name twice) they are sorted and made unique."""
    import builtins

    in_order = [CleanResult(name, None, "") for name in ("a.yaml", "b/c.yaml", "b/d.yaml")]
    made_sets = []
    real_set = builtins.set

    class CountingSet(real_set):
        def __init__(self, *args):
            made_sets.append(args)
            super().__init__(*args)

    monkeypatch.setattr(builtins, "set", CountingSet)
    assert engine._sorted_names(in_order) == ("a.yaml", "b/c.yaml", "b/d.yaml")
    assert made_sets == []
    monkeypatch.undo()
    assert engine._sorted_names(in_order[::-1] + in_order[:1]) == ("a.yaml", "b/c.yaml", "b/d.yaml")


def test_a_clean_result_stands_as_its_own_checked_definition(monkeypatch, repo):
    """The cross-file pass reads a clean file walked under its reported name from its
    result itself (a `_Checked` for each was 80 bytes a file of that pass's peak), and
    finds exactly what it finds through `_Checked`s (files reached by another name)."""
    from svcstd import repository
    from svcstd.config import load_config

    write(repo, "services/a.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/b.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/c.yaml", MINIMAL.replace("office: {ref: test-office}", "office: {ref: no-such-office}", 1))
    made: list[str] = []
    original = repository._Checked.of.__func__

    def counted(cls, file, *args, **kwargs):
        made.append(file)
        return original(cls, file, *args, **kwargs)

    monkeypatch.setattr(repository._Checked, "of", classmethod(counted))

    def cross_file(paths):
        report = engine.check_paths(paths, load_config(), CheckOptions(use_cache=False))
        return [(f.code, f.file, f.line, f.column, f.message) for f in report.findings if f.code in ("SVC601", "SVC602")]

    as_walked = cross_file(["."])
    assert made == []  # every definition was clean: none needed a `_Checked`
    assert [(code, file, line) for code, file, line, _, _ in as_walked] == [
        ("SVC602", "services/b.yaml", 2), ("SVC601", "services/c.yaml", 11),  # its responsible office
    ]
    assert cross_file([str(repo)]) == as_walked  # absolute: reached by another name
    assert sorted(made) == ["services/a.yaml", "services/b.yaml", "services/c.yaml"]


def test_a_file_walked_under_its_own_name_is_its_own_target(repo):
    """Without the cache nothing but the name of a walked file is known: the name stands
    as its `Target` (a `Target` a file was 72 bytes of a large run's peak)."""
    import os
    import sys

    from svcstd import discovery
    from svcstd.config import load_config

    write(repo, "services/a.yaml", MINIMAL)
    write(repo, "services/b.yaml", MINIMAL.replace("id: minimal-benefit", "id: other"))
    config = load_config()
    names = [t for t in discovery.discover(["."], config, stat=False) if t.display.startswith("services/")]
    assert names == ["services/a.yaml", "services/b.yaml"]
    for name in names:
        assert name.__class__ is discovery.WalkedName
        assert name.path is name and name.display is name
        assert (name.explicit, name.is_stdin, name.stat, name.identity, name.signature) == (False, False, None, None, None)
        as_target = discovery.Target(str(name), str(name))
        assert sys.getsizeof(name) < sys.getsizeof(str(name)) + sys.getsizeof(as_target)
        sent = pickle.loads(pickle.dumps(name))  # a worker's job: a plain string
        assert sent.__class__ is str and sent == name
    assert [t.display for t in discovery.discover(["services"], config, stat=False)] == names
    assert all(t.__class__ is discovery.WalkedName for t in discovery.discover(["services"], config, stat=False))
    # With a stat, or reached by another name, a file keeps a `Target`.
    with_stat = discovery.discover(["services"], config, stat=True)
    assert all(t.__class__ is discovery.Target and t.identity is not None for t in with_stat)
    assert [t.display for t in with_stat] == names
    absolute = discovery.discover([os.path.abspath("services")], config, stat=False)
    assert all(t.__class__ is discovery.Target and t.path != t.display for t in absolute)
    # The run reports the same findings either way, each clean result named by the target.
    plain = engine.check_paths(["services"], config, CheckOptions(use_cache=False))
    cached = engine.check_paths(["services"], config, CheckOptions(use_cache=True, cache_dir=str(repo / ".c")))
    assert plain.files == cached.files == tuple(names)
    assert plain.findings == cached.findings
