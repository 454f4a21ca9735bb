"""The fast validity check (jsonschema-rs) must never change what svcstd reports.

A document it calls valid skips the detailed jsonschema analysis, so it must never call
valid a document in which jsonschema finds an error. These tests run every definition we
have (examples, test data, hostile files, a generated corpus with defects, and many
deliberately broken variants of valid definitions) through both paths and compare.
"""

from __future__ import annotations

import copy
import importlib
import json
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, clean_examples, run_svcstd
from svcstd import engine, schema
from svcstd.config import Config
from svcstd.loading import load_bytes


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

    step = lambda d: d["steps"][0]  # noqa: E731
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


def test_a_valid_file_is_checked_without_importing_heavy_modules(tmp_path):
    # Cold start: a clean file must not pay for the detailed validator, the round-trip
    # YAML library, pydantic (which recent typer releases use to convert options), nor rich
    # (plain output needs none of it).
    example = clean_examples()[0]
    probe = (
        "import sys\n"
        "from svcstd.cli import main\n"
        "sys.argv = ['svcstd', 'check', '--no-cache', '--format', 'text', sys.argv[1]]\n"
        "try:\n    main()\n"
        "except SystemExit as done:\n"
        "    heavy = [m for m in ('jsonschema', 'ruamel.yaml', 'pydantic', 'rich') if m in sys.modules]\n"
        "    print('exit', done.code, heavy)\n"
    )
    script = tmp_path / "probe.py"
    script.write_text(probe, "utf-8")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(script), str(example)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "exit 0 []", result.stdout + result.stderr


def test_an_invalid_file_still_gets_detailed_findings(repo):
    from conftest import MINIMAL, write

    write(repo, "bad.yaml", MINIMAL.replace("type: benefit", "type: benefitt"))
    result = run_svcstd("check", "--no-cache", "--format", "json", "bad.yaml", cwd=repo)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["SVC103"]
    assert "Did you mean `benefit`?" in findings[0]["message"]
