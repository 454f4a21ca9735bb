"""The run's results kept by column (`svcstd.run_results`) read back exactly as they were
given, and the cross-file pass reads them without keeping a result per file."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from conftest import MINIMAL, write
from svcstd import engine, repository, run_results
from svcstd.config import load_config
from svcstd.engine import CheckOptions, CleanResult, FileResult
from svcstd.findings import Finding
from svcstd.name_column import NameColumn
from svcstd.repository import (
    CheckedDefinitions,
    ItemFlow,
    OfficeRef,
    ServiceSummary,
    Share,
    _repeated_ids,
)
from svcstd.run_results import RunResults, names_of, whole_rows

REFS = (OfficeRef("hall", "/responsible_office/ref"),)
FLOWS = (ItemFlow("id_card", ("identity",), False, "department_sharing", "/data/0/source",
                  (Share("police", "PRC law", "api", "/data/0/shared_with/0/office/ref", "/data/0/shared_with/0/legal_basis"),)),)


def clean(name: str, service_id: str | None = "svc", refs=REFS, responsible="hall", flows=(), context="ctx"):
    return CleanResult(name, ServiceSummary(service_id, refs, responsible, flows), context)


def varied() -> list:
    return [
        clean("a.yaml"),
        clean("b.yaml", "服务-居住证", flows=FLOWS),  # not ASCII
        clean("c.yaml", None),  # no id: its own marker, not an empty one
        clean("d.yaml", ""),
        clean("e.yaml", "bad-\udcff-surrogate"),  # a lone surrogate from a YAML escape
        CleanResult("f.yaml", None, "ctx"),  # checked without a summary
        FileResult("g.yaml", (Finding("SVC101", "error", "m", "g.yaml", 1, 1),), summary=ServiceSummary("g", REFS)),
        clean("h.yaml", "svc-h", refs=(), responsible=None, context=""),
    ]


def test_every_row_reads_back_as_the_result_it_was_made_from():
    given = varied()
    results = RunResults(given).done()
    assert len(results) == len(given)
    assert list(results) == given
    assert [results[i] for i in range(len(given))] == given
    assert results[-1] == given[-1] and results[2:4] == given[2:4]
    assert [type(r) for r in results] == [type(r) for r in given]
    assert results[6] is given[6]  # a result with findings is kept whole, the very object
    assert results.all_names() == names_of(given) == [r.file for r in given]
    assert [results.id_of(i) for i in range(len(given))] == [getattr(r.summary, "id", None) for r in given]
    assert [p for p, _ in whole_rows(results)] == [6]
    assert [results.clean_with_summary(i) for i in range(len(given))] == [True] * 5 + [False, False, True]


def test_a_row_keeps_the_name_it_was_given_and_one_copy_of_each_reference_and_flow():
    import pickle

    name = "services/x.yaml"
    # The second file's references and flows arrive as copies of the first's (a worker's
    # answer is unpickled): they read back as the first's objects, their parts shared too.
    copies = pickle.loads(pickle.dumps((REFS, FLOWS)))
    assert copies[0][0] is not REFS[0] and copies[1][0].shares[0].legal_basis is not FLOWS[0].shares[0].legal_basis
    more = (OfficeRef(copies[0][0].ref, "/steps/0/office/ref"),)
    results = RunResults([clean(name, flows=FLOWS), clean("y.yaml", refs=copies[0] + more, flows=copies[1])]).done()
    first, second = results
    assert first.file is name and first.summary is first
    assert first.office_refs == REFS and first.flows == FLOWS
    assert first.office_refs[0] is REFS[0] and first.flows[0] is FLOWS[0]
    assert second.office_refs == REFS + more and second.flows == FLOWS
    assert second.office_refs[0] is REFS[0] and second.flows[0] is FLOWS[0]
    assert second.office_refs[1].ref is REFS[0].ref  # a new reference, made of the shared office id


def test_rows_kept_at_some_positions_read_as_those_results():
    given = varied()
    kept = RunResults(given).done().keeping([0, 2, 4, 6, 7])
    assert list(kept) == [given[i] for i in (0, 2, 4, 6, 7)]
    assert kept.id_of(1) is None and kept.id_of(2) == "bad-\udcff-surrogate"


def test_no_row_is_added_after_done():
    results = RunResults([clean("a.yaml")]).done()
    with pytest.raises(RuntimeError):
        results.append(clean("b.yaml"))
    assert list(results) == [clean("a.yaml")]  # refused whole: no column grew


def test_a_clean_row_costs_far_less_than_its_result():
    # What a clean file of a large run costs the process until its report: the row, not
    # a tuple and an id string of its own (about 210 bytes a file before).
    refs, context = REFS, "ctx"
    count = 20_000
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        results = RunResults()
        for n in range(count):
            results.append(tuple.__new__(CleanResult, (f"service-id-{n:06d}", refs, "hall", (), f"f{n}", context)))
        results.done()
        per_row = (tracemalloc.get_traced_memory()[0] - before) / count
    finally:
        tracemalloc.stop()
    # The names (f0..f19999) are made by this test; the row holds the name, its id
    # bytes (17) and four numbers.
    kept_names = sum(len(f"f{n}") + 49 for n in range(count)) / count
    assert per_row - kept_names < 60, per_row


def _bytes_a_row(ids: list[str], names) -> float:
    refs, context = REFS, "ctx"
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        results = RunResults(names=names)
        for service_id, name in zip(ids, names):
            results.append(tuple.__new__(CleanResult, (service_id, refs, "hall", (), name, context)))
        results.done()
        return (tracemalloc.get_traced_memory()[0] - before) / len(ids)
    finally:
        tracemalloc.stop()


def test_an_id_that_ends_with_its_files_stem_is_kept_as_what_comes_before():
    # A whole-repository run: names by column, kept before the rows (not counted here).
    count = 20_000
    names = NameColumn((f"housing/{n // 100:03d}/presale-permit-{n:06d}.yaml" for n in range(count)), ordered=True)
    # Each city's office names its own ids: beside each other, they share no beginning.
    cities = ("hz", "xm", "bj", "sh", "gz")
    by_stem = [f"{cities[n % 5]}.hs.presale-permit-{n:06d}" for n in range(count)]
    whole = [f"{cities[n % 5]}.hs.presale-permit-{n:06d}-a" for n in range(count)]  # not ending with the stem
    kept_by_stem, kept_whole = _bytes_a_row(by_stem, names), _bytes_a_row(whole, names)
    # A row: its id's hash, references, settings (the head is one of them): about 15
    # bytes; its whole id about 20 more.
    assert kept_by_stem < 20 and kept_whole > kept_by_stem + 15, (kept_by_stem, kept_whole)
    results = RunResults(zip_clean(by_stem[:40], names), names=names).done()
    assert [results.id_of(p) for p in range(40)] == by_stem[:40] == [row.summary.id for row in results]


def test_heads_that_do_not_recur_are_kept_as_text_not_as_settings():
    # Ids that end with their file's stem behind a head of their own (a serial number):
    # a setting each would cost far more than the head's text.
    count = 5_000
    names = [f"s/permit-{n:05d}.yaml" for n in range(count)]
    ids = [f"{n * 7919 % 100_003:06d}.permit-{n:05d}" for n in range(count)]
    results = RunResults(zip_clean(ids, names)).done()
    assert results._settings_made <= 256 + count // 16 + 1
    assert [results.id_of(p) for p in range(count)] == ids == [row.summary.id for row in results]
    kept = results.keeping([0, 300, 4_999])
    assert [kept.id_of(p) for p in range(3)] == [ids[0], ids[300], ids[4_999]]


def test_more_distinct_references_than_two_bytes_count_still_read_back():
    # The references' numbers are two bytes each until a run meets its 65,536th value.
    given = [clean(f"s{n}.yaml", f"id-{n}", refs=(OfficeRef(f"office-{n}", "/responsible_office/ref"),)) for n in range(70_000)]
    results = RunResults(given).done()
    assert results[0] == given[0] and results[65_600] == given[65_600] and results[-1] == given[-1]
    assert results._elements.typecode == "I"


def zip_clean(ids, names):
    return (tuple.__new__(CleanResult, (service_id, REFS, "hall", (), name, "ctx")) for service_id, name in zip(ids, names))


def test_checked_definitions_read_rows_and_own_items_in_order():
    results = RunResults([clean("a.yaml", "x"), clean("c.yaml", "y"), clean("e.yaml", "z")]).done()
    checked = CheckedDefinitions(results)
    checked.add_row(2)
    own = repository._Checked.of("d.yaml", "d.yaml", ServiceSummary("w", ()), repository._Absolute())
    checked.add(own)
    checked.add_row(0)
    checked.add_row(1)
    assert [item.file for item in checked] == ["e.yaml", "d.yaml", "a.yaml", "c.yaml"]
    assert checked.names() == ["e.yaml", "d.yaml", "a.yaml", "c.yaml"]
    assert list(checked.ids()) == ["z", "w", "x", "y"]
    checked.sort_by_file()
    assert [item.file for item in checked] == ["a.yaml", "c.yaml", "d.yaml", "e.yaml"]
    assert checked[2] is own and list(checked.ids()) == ["x", "y", "w", "z"]
    assert [(refs == REFS, item is own, name) for (refs, _, _), item, name, _ in checked.parts_with_items()] == [
        (True, False, "a.yaml"), (True, False, "c.yaml"), (False, True, None), (True, False, "e.yaml"),
    ]


def test_repeated_ids_are_exact_even_when_every_hash_collides(monkeypatch):
    class Item:
        def __init__(self, service_id):
            self.summary = ServiceSummary(service_id, ())

    ids = [f"id-{n % 700}" for n in range(1000)] + [None, "", ""]
    items = [Item(i) for i in ids]
    expected = {i for i in ids if i and ids.count(i) > 1}
    assert _repeated_ids(items) == expected
    monkeypatch.setattr(run_results, "id_hash", lambda value: 7)  # one bit for all
    assert _repeated_ids(items) == expected
    assert _repeated_ids([Item("a"), Item("b")]) == set()


@pytest.mark.parametrize("collide", [False, True])
def test_repeated_ids_of_a_runs_rows_are_found_from_their_kept_hashes(monkeypatch, collide):
    if collide:
        monkeypatch.setattr(run_results, "id_hash", lambda value: 7)
    # Ids kept by their file's stem (`x.a-1` in `s/a-1.yaml`) and whole, and one of each
    # repeated by the other kind.
    names_and_ids = [("s/a-1.yaml", "x.a-1"), ("t/a-1.yaml", "x.a-1"), ("s/b.yaml", "b"), ("s/c.yml", "x.a-1"),
                     ("s/d.yaml", "d"), ("u/b", "b"), ("s/e.yaml", None), ("s/f.yaml", "f.yaml")]
    results = RunResults([clean(name, service_id) for name, service_id in names_and_ids]).done()
    assert [results.id_of(p) for p in range(len(results))] == [i for _, i in names_and_ids]
    checked = CheckedDefinitions(results)
    for position in range(len(results)):
        checked.add_row(position)
    checked.add(repository._Checked.of("v/d.yaml", "v/d.yaml", ServiceSummary("d", ()), repository._Absolute()))
    assert _repeated_ids(checked) == {"x.a-1", "b", "d"}
    assert list(checked.id_hashes())[6] is None


def test_a_whole_run_keeps_its_results_by_column_and_reports_as_before(repo, monkeypatch):
    """The engine keeps a run's results as `RunResults`, and the cross-file findings
    through them are those found through whole results (a list, as before)."""
    write(repo, "services/a.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/b.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/c.yaml", MINIMAL.replace("office: {ref: test-office}", "office: {ref: no-such-office}", 1))
    for n in range(5):
        write(repo, f"services/more/m{n}.yaml", MINIMAL.replace("id: minimal-benefit", f"id: more-{n}"))
    kept: list = []
    real = engine._check_targets

    def spy(*args, **kwargs):
        kept.append(real(*args, **kwargs))
        return kept[-1]

    monkeypatch.setattr(engine, "_check_targets", spy)

    def findings():
        report = engine.check_paths(["."], load_config(), CheckOptions(use_cache=False, jobs=1))
        return [(f.code, f.file, f.line, f.column, f.message) for f in report.findings], report.files

    by_column = findings()
    results = kept[-1]
    assert isinstance(results, RunResults)
    assert sum(results.is_clean(i) for i in range(len(results))) >= 7  # a, b, c and the five more
    monkeypatch.setattr(engine, "_check_targets", lambda *a, **k: list(real(*a, **k)))
    assert findings() == by_column
    assert [(code, file) for code, file, *_ in by_column[0] if code in ("SVC601", "SVC602")] == [
        ("SVC602", "services/b.yaml"), ("SVC601", "services/c.yaml"),
    ]


def test_a_whole_repository_run_asks_about_no_file_of_its_own_walk(repo, monkeypatch):
    """Every file the run walked has its result (or was skipped as not a definition):
    the id, data-flow and dependants passes ask nothing about each of them, and find
    what they find when they ask (an unloadable file still lends its id)."""
    write(repo, "services/a.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/b.yaml", MINIMAL.replace("id: minimal-benefit", "id: twice"))
    write(repo, "services/broken.yaml", "id: twice\nname: [unclosed\n")
    write(repo, "services/notes.yaml", "just: a note\n")
    asked: list[str] = []
    real_contains = repository._SeenFiles.__contains__

    def contains(self, target):
        asked.append(target.display)
        return real_contains(self, target)

    monkeypatch.setattr(repository._SeenFiles, "__contains__", contains)

    def findings():
        report = engine.check_paths(["."], load_config(), CheckOptions(use_cache=False, jobs=1))
        return [(f.code, f.file, f.line, f.message) for f in report.findings]

    quick = findings()
    assert asked == []
    assert ("SVC602", "services/b.yaml") in [(code, file) for code, file, *_ in quick]
    monkeypatch.setattr(repository._SeenFiles, "saw_all_of", lambda self, scope: False)
    assert findings() == quick
    assert len(asked) > 4  # asked about each file, in each pass, and found the same
