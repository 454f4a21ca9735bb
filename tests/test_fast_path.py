"""The fast validity check (jsonschema-rs) must never change what svcstd reports.

A document it calls valid skips the detailed jsonschema analysis, so it must never call
valid a document in which jsonschema finds an error. These tests run every definition we
have (examples, test data, hostile files, a generated corpus with defects, and many
deliberately broken variants of valid definitions) through both paths and compare.
"""

from __future__ import annotations

import codecs
import copy
import importlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, REPO, clean_examples, run_svcstd
from svcstd import engine, schema
from svcstd.config import Config
from svcstd.load import load_bytes


def _generator():
    # Imported by its own name: its worker processes must find its functions.
    benchmarks = str(REPO / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    module = importlib.import_module("generate")
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated repository in which a third of the definitions carry a defect."""
    folder = tmp_path_factory.mktemp("corpus")
    _generator().generate(folder, 240, seed=7, defect_rate=0.34)
    return folder


def _documents(folders):
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.y*ml")):
            loaded = load_bytes(path.read_bytes(), str(path))
            if loaded.document is not None and isinstance(loaded.document.data, dict):
                yield path, loaded.document


def _both_paths(doc, name=schema.SERVICE_SCHEMA):
    fast = schema.schema_findings(doc, name, fast=True)
    full = schema.schema_findings(doc, name, fast=False)
    return [(*f.sort_key(), f.severity, f.source) for f in fast], [(*f.sort_key(), f.severity, f.source) for f in full]


def test_fast_validator_is_in_use():
    # Without it every valid file pays the full analysis; the package depends on it.
    assert schema.fast_validator() is not None


def test_fast_and_full_paths_agree_on_every_file_we_have(corpus):
    folders = [EXAMPLES, REPO / "tests", corpus]
    compared = with_findings = 0
    for path, doc in _documents(folders):
        name = schema.OFFICES_SCHEMA if path.name.startswith("offices") else schema.SERVICE_SCHEMA
        fast, full = _both_paths(doc, name)
        assert fast == full, path
        exact = schema.versioned(name, doc.data)  # the file of the version it declares
        if schema.fast_validator(exact).is_valid(doc.data):
            assert not list(schema.validator(exact).iter_errors(doc.data)), path
        compared += 1
        with_findings += bool(full)
    # Not vacuous: both valid and invalid definitions went through.
    assert compared > 250
    assert with_findings >= 20
    assert compared - with_findings >= 150


def _mutations(data: dict):
    """Broken variants of a valid definition: one schema mistake each."""

    def variant(change):
        copied = copy.deepcopy(data)
        change(copied)
        return copied

    step = lambda d: d["steps"][0]
    yield "missing name", variant(lambda d: d.pop("name"))
    yield "missing steps", variant(lambda d: d.pop("steps"))
    yield "empty steps", variant(lambda d: d.update(steps=[]))
    yield "audience not a list", variant(lambda d: d.update(audience="natural_person"))
    yield "unknown type", variant(lambda d: d.update(type="licence"))
    yield "unknown key", variant(lambda d: d.update(eligibilty=[]))
    yield "x- key", variant(lambda d: d.update({"x-local": {"anything": [1, 2]}}))
    yield "id with newline", variant(lambda d: d.update(id=d["id"] + "\n"))
    yield "id too short", variant(lambda d: d.update(id="a"))
    yield "id with unicode digit", variant(lambda d: d.update(id="ab\u0661"))
    yield "empty text", variant(lambda d: d.update(description=""))
    yield "empty text map", variant(lambda d: d.update(description={}))
    yield "bad language tag", variant(lambda d: d.update(name={"Chinese": "x"}))
    yield "language tag with newline", variant(lambda d: d.update(name={"zh\n": "x"}))
    yield "bad date", variant(lambda d: d.update(effective={"from": "2026-02-30", "until": "2027-01-01"}))
    yield "date with time", variant(lambda d: d.update(effective={"from": "2026-02-01T00:00:00", "until": "2027-01-01"}))
    yield "date with newline", variant(lambda d: d.update(effective={"from": "2026-02-01\n", "until": "2027-01-01"}))
    yield "good date", variant(lambda d: d.update(effective={"from": "2026-02-28", "until": "2027-01-01"}))
    yield "bad url", variant(lambda d: d.update(channels=[{"type": "web", "url": "www.gov.cn"}]))
    yield "ftp url", variant(lambda d: d.update(channels=[{"type": "web", "url": "ftp://gov.cn/x"}]))
    yield "url without dot", variant(lambda d: d.update(channels=[{"type": "web", "url": "https://intranet/x"}]))
    yield "url with space", variant(lambda d: d.update(channels=[{"type": "web", "url": "https://a.gov.cn/a b"}]))
    yield "bad port", variant(lambda d: d.update(channels=[{"type": "web", "url": "https://a.gov.cn:99999/"}]))
    yield "good url", variant(lambda d: d.update(channels=[{"type": "web", "url": "https://a.gov.cn/x"}]))
    fee = {"name": "Fee", "amount": 10, "currency": "ABC", "basis": "Rule 1"}
    yield "bad currency", variant(lambda d: d.update(fees={"charged": True, "items": [fee]}))
    yield "good currency", variant(lambda d: d.update(fees={"charged": True, "items": [{**fee, "currency": "CNY"}]}))
    yield "negative amount", variant(lambda d: d.update(fees={"charged": True, "items": [{**fee, "currency": "CNY", "amount": -1}]}))
    yield "amount as text", variant(lambda d: d.update(fees={"charged": True, "items": [{**fee, "currency": "CNY", "amount": "10"}]}))
    yield "float as integer", variant(lambda d: step(d)["deadline"].update(value=2.0))
    yield "fraction as integer", variant(lambda d: step(d)["deadline"].update(value=2.5))
    yield "boolean as integer", variant(lambda d: step(d)["deadline"].update(value=True))
    yield "huge integer", variant(lambda d: step(d)["deadline"].update(value=10**40))
    yield "infinite number", variant(lambda d: step(d)["deadline"].update(value=float("inf")))
    yield "not a number", variant(lambda d: step(d)["deadline"].update(value=float("nan")))
    yield "bad unit", variant(lambda d: step(d)["deadline"].update(unit="weeks"))
    yield "null stage", variant(lambda d: step(d).update(stage=None))
    yield "bad credit code", variant(lambda d: d["responsible_office"].update(credit_code="91350100M000100YI3"))
    yield "credit code with newline", variant(lambda d: d["responsible_office"].update(credit_code="91350100M000100Y43\n"))
    yield "version with newline", variant(lambda d: d.update(version="1.0.0\n"))
    yield "version unicode digits", variant(lambda d: d.update(version="\u0661.0.0"))
    yield "nested unknown key", variant(lambda d: step(d).update(dedline={"value": 1, "unit": "hours"}))


def test_fast_and_full_paths_agree_on_broken_variants():
    sources = clean_examples()[:4]
    assert sources
    broken = 0
    for source in sources:
        base = load_bytes(source.read_bytes(), str(source)).document
        for label, data in _mutations(base.data):
            # Positions come from the original nodes; what matters here is the set of
            # findings each path produces for the same data.
            doc = copy.copy(base)
            doc.data = data
            fast, full = _both_paths(doc)
            assert fast == full, (source.name, label)
            exact = schema.versioned(schema.SERVICE_SCHEMA, data)
            if schema.fast_validator(exact).is_valid(data):
                assert not list(schema.validator(exact).iter_errors(data)), (source.name, label)
            broken += bool(full)
    assert broken >= 4 * 25


def _by_each_engine(doc, name, monkeypatch) -> tuple[list, list]:
    """The detailed findings (`fast=False`) as jsonschema-rs finds them, and as jsonschema does."""

    def listed(findings):
        return [(*f.sort_key(), f.severity, f.source) for f in findings]

    # Not a silent fallback: jsonschema-rs took the data and its errors were read.
    assert schema._rs_errors(doc.data, schema.versioned(name, doc.data)) is not None
    by_rs = listed(schema.schema_findings(doc, name, fast=False))
    with monkeypatch.context() as patched:
        patched.setattr(schema, "_rs_errors", lambda data, name: None)
        by_python = listed(schema.schema_findings(doc, name, fast=False))
    return by_rs, by_python


def test_the_detailed_analysis_is_the_same_with_jsonschema_rs(corpus, monkeypatch):
    """jsonschema-rs finds the errors of an invalid definition (svcstd.schema_rs) where
    jsonschema took 4 ms a file: every finding must stay what jsonschema's errors gave,
    for every file we have, every broken variant above, and random breakages."""
    import random

    compared = with_findings = 0
    documents = list(_documents([EXAMPLES, REPO / "tests", corpus]))
    for path, doc in documents:
        name = schema.OFFICES_SCHEMA if path.name.startswith("offices") else schema.SERVICE_SCHEMA
        by_rs, by_python = _by_each_engine(doc, name, monkeypatch)
        assert by_rs == by_python, path
        compared += 1
        with_findings += bool(by_python)
    for source in clean_examples()[:4]:
        base = load_bytes(source.read_bytes(), str(source)).document
        for label, data in _mutations(base.data):
            doc = copy.copy(base)
            doc.data = data
            by_rs, by_python = _by_each_engine(doc, schema.SERVICE_SCHEMA, monkeypatch)
            assert by_rs == by_python, (source.name, label)
            compared += 1
            with_findings += bool(by_python)
    # Random breakages: a value replaced by one of another type or shape, a key dropped,
    # misspelt or added, in any place of a definition.
    odd = [3, 2.5, True, None, [], {}, "x", "v\n", "\uff11\uff12", [1, "a"], {"zh": 3}, {"ZH!": "x"},
           "2024-13-45", "http://", "EURO", -1, 10**30]
    chance = random.Random(12)
    for path, doc in documents[::3]:
        if path.name.startswith("offices"):
            continue
        for _ in range(3):
            data = copy.deepcopy(doc.data)
            places = []
            pending = [data]
            while pending:
                node = pending.pop()
                members = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
                for key, value in members:
                    places.append((node, key))
                    pending.append(value)
            for _ in range(chance.randint(1, 3)):
                if not places:
                    break
                holder, key = chance.choice(places)
                action = chance.random()
                if action < 0.5 or isinstance(holder, list):
                    holder[key] = copy.deepcopy(chance.choice(odd))
                elif action < 0.7:
                    holder.pop(key, None)
                else:
                    holder[f"{key}_x"] = 1
            broken = copy.copy(doc)
            broken.data = data
            by_rs, by_python = _by_each_engine(broken, schema.SERVICE_SCHEMA, monkeypatch)
            assert by_rs == by_python, path
            compared += 1
            with_findings += bool(by_python)
    assert compared > 700 and with_findings > 400, (compared, with_findings)


def test_whole_pipeline_identical_with_and_without_fast_path(corpus, monkeypatch):
    config = Config(root=str(corpus))
    options = engine.CheckOptions(jobs=1)
    with_fast = engine.check_paths([corpus], config, options)
    monkeypatch.setattr(schema, "fast_validator", lambda name=schema.SERVICE_SCHEMA: None)
    monkeypatch.setattr(schema, "is_valid", lambda data, name=schema.SERVICE_SCHEMA: False)
    without = engine.check_paths([corpus], config, engine.CheckOptions(jobs=1))
    assert [(*f.sort_key(), f.severity, f.source) for f in with_fast.findings] == [
        (*f.sort_key(), f.severity, f.source) for f in without.findings
    ]
    assert with_fast.files == without.files
    assert any(f.code.startswith("SVC1") for f in with_fast.findings)


# Modules a clean one-file run without the cache must not import (a pre-commit run pays
# for every import on every commit): the detailed validator, the round-trip YAML library,
# pydantic (which recent typer releases use to convert options), rich (plain output needs
# none of it); the cache with pickle and OpenSSL's hashlib (--no-cache); the fixers
# (nothing to fix); importlib.resources with tempfile and zipfile (the schemas and
# locales are files of the package). Their cost, measured, is in benchmarks/run.py's
# import list.
NOT_IMPORTED_BY_A_CLEAN_RUN = (
    "jsonschema", "ruamel.yaml", "pydantic", "rich",
    "svcstd.cache", "pickle", "hashlib", "svcstd.authoring.fixes",
    "importlib.resources", "tempfile", "zipfile",
)


def _probe(tmp_path, file, cwd, modules) -> tuple[str, str]:
    """A one-file `check --no-cache --format text` run in a fresh interpreter: its last
    line says the exit code and which of `modules` were imported; and its output."""
    probe = (
        "import sys\n"
        "from svcstd.cli import main\n"
        "sys.argv = ['svcstd', 'check', '--no-cache', '--format', 'text', sys.argv[1]]\n"
        "try:\n    main()\n"
        "except SystemExit as done:\n"
        f"    heavy = [m for m in {tuple(modules)!r} if m in sys.modules]\n"
        "    print('exit', done.code, heavy)\n"
    )
    script = tmp_path / "probe.py"
    script.write_text(probe, "utf-8")
    import subprocess

    result = subprocess.run([sys.executable, str(script), str(file)], capture_output=True, text=True, cwd=cwd, timeout=60)
    return result.stdout.strip().splitlines()[-1], result.stdout + result.stderr


def test_a_valid_file_is_checked_without_importing_heavy_modules(tmp_path):
    example = clean_examples()[0]
    last, output = _probe(tmp_path, example, REPO, NOT_IMPORTED_BY_A_CLEAN_RUN)
    assert last == "exit 0 []", output


@pytest.fixture(scope="module")
def clean_repository(tmp_path_factory) -> Path:
    """A generated repository of clean definitions: a pre-commit run on one of them peeks
    the others' ids."""
    folder = tmp_path_factory.mktemp("clean")
    _generator().generate(folder, 60, seed=3, defect_rate=0.0, jobs=1)
    return folder


def test_a_clean_file_in_a_repository_is_checked_without_pyyaml(tmp_path, clean_repository):
    # PyYAML (8 ms to import, 3 ms more for its reader's pattern) serves only the careful
    # path, node positions and the peek's event fallback: a clean definition, the other
    # files peeked for their ids, needs none of them. (A file with a suppression comment
    # still does: `suppression` finds its strings with PyYAML's scanner.)
    one = min(clean_repository.rglob("*-0000*.yaml"))
    assert "disable" not in one.read_text("utf-8")
    last, output = _probe(tmp_path, one.relative_to(clean_repository), clean_repository, ("yaml", *NOT_IMPORTED_BY_A_CLEAN_RUN))
    assert last == "exit 0 []", output


def test_a_file_that_needs_the_careful_path_still_gets_its_findings_at_their_positions(tmp_path, clean_repository):
    # The same definition with a tag: the careful path imports PyYAML when it is needed,
    # and places the finding where the tag stands.
    one = min(clean_repository.rglob("*-0000*.yaml"))
    lines = one.read_text("utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("type: "))
    lines[row] = lines[row].replace("type: ", "type: !x ", 1)
    identifier = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    lines[identifier] = 'id: "tagged-copy"\n'  # not a duplicate of the original's id
    tagged = clean_repository / "tagged.yaml"
    tagged.write_text("".join(lines), "utf-8")
    try:
        last, output = _probe(tmp_path, "tagged.yaml", clean_repository, ("yaml",))
    finally:
        tagged.unlink()
    assert last == "exit 1 ['yaml']", output
    assert f"tagged.yaml:{row + 1}:7: SVC001 [error] The tag `!x` is not allowed." in output, output
    assert "Files checked: 1, Errors: 1, Warnings: 0" in output, output


def test_an_invalid_file_still_gets_detailed_findings(repo):
    from conftest import MINIMAL, write

    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benefitt"))
    result = run_svcstd("check", "--no-cache", "--format", "json", "bad.yaml", cwd=repo)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["SVC103"]
    assert "Did you mean `benefit`?" in findings[0]["message"]


# --------------------------------------------------------------------------------------
# The loader's fast path (yaml-rs, positions on demand) against its careful path (libyaml's
# composer, every node with its position), and the plain peek against the event peek.


def _yaml_files(corpus):
    hostile = REPO / "tests" / "hostile"
    for folder in (EXAMPLES, REPO / "tests" / "data", hostile, corpus):
        yield from sorted(Path(folder).rglob("*.y*ml"))


# YAML 1.1 (libyaml) and YAML 1.2 differ on purpose here: U+0085 is no line break in 1.2.
_YAML_1_1_ONLY = {"clean-unicode-line-separators.yaml"}


def _every_path(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _every_path(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _every_path(item, (*prefix, index))


def test_fast_yaml_path_reads_and_places_like_the_careful_path(corpus):
    from svcstd import repository
    from svcstd.load import decode, load_text

    fast_documents = compared_paths = 0
    for path in _yaml_files(corpus):
        text, problem = decode(path.read_bytes(), str(path))
        if problem is not None:
            continue
        fast = load_text(text, path.name)
        careful = load_text(text, path.name, composer="events")
        if path.name in _YAML_1_1_ONLY:
            continue
        if careful.findings == [] and careful.document is not None:
            # Same data, no finding, and every value and key at the same place.
            assert fast.findings == [], path
            assert repr(fast.document.data) == repr(careful.document.data), path
            if not fast.document.has_nodes:
                fast_documents += 1
                assert repository.summarize(fast.document) == repository.summarize(careful.document), path
                for value_path in _every_path(careful.document.data):
                    for at_key in (False, True):
                        assert fast.document.locate(value_path, key=at_key) == careful.document.locate(
                            value_path, key=at_key
                        ), (path, value_path, at_key)
                        compared_paths += 1
    assert fast_documents > 150 and compared_paths > 20_000, (fast_documents, compared_paths)


def test_whole_run_identical_with_the_fast_yaml_path_and_without(corpus, monkeypatch):
    # Every finding (code, place, message, source line) of a run over the corpus, with the
    # fast YAML path and with every file forced through libyaml's composer.
    from svcstd.load import entry as loader

    with_fast = engine.check_paths([str(corpus)], Config(), engine.CheckOptions(jobs=1))
    careful = loader._load_careful
    monkeypatch.setattr(loader, "load_text", lambda text, file, **kw: careful(
        text, file, **{k: v for k, v in kw.items() if k not in ("composer", "utf8")}))
    without = engine.check_paths([str(corpus)], Config(), engine.CheckOptions(jobs=1))
    assert with_fast.findings and with_fast.findings == without.findings


def test_plain_peek_agrees_with_the_event_peek(corpus, monkeypatch):
    from svcstd.load import entry as loader

    files = list(_yaml_files(corpus))
    plain = [loader.peek_top_level(path, ("svcstd", "id")) for path in files]
    taken = sum(loader.peek.peek_plain(path.read_bytes(), ("svcstd", "id"), loader._resolve_plain) is not None for path in files)
    monkeypatch.setattr(loader.peek, "peek_plain", lambda *args: None)
    events = [loader.peek_top_level(path, ("svcstd", "id")) for path in files]
    assert plain == events
    assert taken > 200, taken  # the plain reading is the one in use


def test_peek_for_given_ids_reads_only_files_that_may_hold_them(corpus):
    from svcstd.load import entry as loader

    files = list(_yaml_files(corpus))
    full = {path: loader.peek_top_level(path, ("svcstd", "id")) for path in files}
    some_id = next(value["id"][0] for value in full.values() if value and "id" in value)
    for path, peeked in full.items():
        answer = loader.peek_top_level(path, ("svcstd", "id"), unless_absent=(some_id,))
        if peeked and "id" in peeked and peeked["id"][0] == some_id:
            assert answer == peeked, path  # a file holding the id is read in full
        elif answer:
            assert answer == peeked, path
    # and in a run: the one file's duplicate elsewhere is still found without the cache
    twin = next(
        path for path, value in full.items()
        if corpus in path.parents and path.name != "offices.yaml" and value and "id" in value
    )
    copy_path = corpus / "zz-copy.yaml"
    copy_path.write_bytes(twin.read_bytes())
    try:
        report = engine.check_paths([str(copy_path)], Config(), engine.CheckOptions(jobs=1))
        assert any(f.code == "SVC602" and twin.name in f.message for f in report.findings)
    finally:
        copy_path.unlink()


def _screen_texts():
    """Texts to screen: every file we have (examples, hostile inputs, the generated corpus
    is in the other tests), each character YAML forbids or allows near the forbidden ones,
    inside a definition, and the official suite's inputs when ../shared is there."""
    from conftest import SHARED

    texts = [MINIMAL]
    for folder in (EXAMPLES, REPO / "tests" / "hostile", SHARED / "data" / "yaml-test-suite"):
        for path in sorted(Path(folder).rglob("*.y*ml")) if Path(folder).is_dir() else ():
            try:
                texts.append(path.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:
                continue
    near = [*range(0x20), 0x7F, *range(0x80, 0xA1), 0xB7, 0x2028, 0xFEFF, 0xFF0C, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600]
    texts.extend(MINIMAL.replace("name:", f"name: a{chr(code)}b\nx:", 1) for code in near)
    texts.append("a: [" * 300 + "]" * 300)
    texts.append("- " * 40 + "x\n" + "? a\n: b\n" * 200)
    return texts


def test_the_screens_answer_the_same_from_the_bytes_as_from_the_text():
    from conftest import SHARED
    from svcstd.load import policies

    texts = _screen_texts()
    with_suite = (SHARED / "data" / "yaml-test-suite").is_dir()
    assert len(texts) > (550 if with_suite else 170)  # (a checkout without ../shared has no suite)
    flagged = 0
    for text in texts:
        for utf8 in (text.encode("utf-8"), codecs.BOM_UTF8 + text.encode("utf-8")):
            assert policies.needs_careful_path(text, utf8) == policies.needs_careful_path(text), repr(text[:80])
            assert policies.not_printable(text, utf8) == policies.not_printable(text)
            for shallow in (3, 50, 500):
                assert policies.nesting_bound(text, shallow, utf8) == policies.nesting_bound(text, shallow)
        flagged += policies.not_printable(text)
    assert flagged >= 60  # the forbidden characters are among them, and are found


def test_a_file_read_as_utf16_is_screened_from_its_text(tmp_path):
    # Its bytes are not its UTF-8: load_bytes must not hand them to the screens.
    text = MINIMAL.replace("name:", "name: a\x07b\nx:", 1)
    for encoded in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), codecs.BOM_UTF32_BE + text.encode("utf-32-be")):
        assert [f.code for f in load_bytes(encoded, "wide.yaml").findings] == [f.code for f in load_bytes(
            text.encode("utf-8"), "narrow.yaml").findings] == ["SVC001"]


def test_fix_marks_that_need_no_nodes_are_found_without_pyyaml(tmp_path, clean_repository):
    # A reference to an office the registry does not know (SVC601) is one a fix may
    # repair (an office written by its name), so the report dry-runs the fix on its file;
    # the fix reads no node, and PyYAML was 17 ms of a 10,000-file run's report.
    repository = tmp_path / "repository"
    shutil.copytree(clean_repository, repository)
    one = min(repository.rglob("*-0000*.yaml"))
    text = one.read_text("utf-8")
    written = re.sub(r"(responsible_office: \{ref: )\"?[\w.-]+\"?", r'\1"no-such-office"', text, count=1)
    assert written != text
    one.write_text(written, "utf-8")
    last, output = _probe(tmp_path, one.relative_to(repository), repository, ("yaml", "svcstd.authoring.fixes"))
    assert last == "exit 1 ['svcstd.authoring.fixes']", output
    assert "SVC601" in output and "no-such-office" in output
