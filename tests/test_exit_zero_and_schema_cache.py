"""Two guarantees that a mutation run showed no test held (issue 11, item 16):
`--exit-zero` forgives findings but never an internal crash; and the content of a local
`--schema` is part of the cache key, so tightening it shows its findings on a cached re-run."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, write


@pytest.fixture
def crashing_check(monkeypatch):
    """Every file's check raises, as a bug in a rule would: svcstd reports SVC000."""
    from svcstd import engine

    def explode(*args, **kwargs):
        raise RuntimeError("boom in a rule")

    monkeypatch.setattr(engine, "check_loaded", explode)


@pytest.mark.parametrize("command", ["check", "report"])
def test_exit_zero_never_hides_an_internal_error(cli, repo, crashing_check, command):
    write(repo, "service.yaml", MINIMAL)
    args = (command, "service.yaml", "--jobs", "1", "--no-cache") if command == "check" else (command, "service.yaml")
    assert cli(*args)[0] == 2
    code, out = cli(*args, "--exit-zero")
    assert code == 2
    assert "SVC000" in out


def test_exit_zero_still_forgives_ordinary_findings(cli, repo):
    write(repo, "service.yaml", MINIMAL.replace("type: benefit", "type: benefitt"))
    assert cli("check", "service.yaml")[0] == 1
    assert cli("check", "service.yaml", "--exit-zero")[0] == 0


def test_tightening_a_local_schema_shows_its_findings_on_a_cached_rerun(cli, repo):
    write(repo, "service.yaml", MINIMAL)
    schema = repo / "local.schema.json"
    schema.write_text(json.dumps({"type": "object"}), "utf-8")

    def findings():
        code, out = cli("check", "service.yaml", "--schema", str(schema), "--format", "json", "--jobs", "1",
                       "--cache-dir", str(repo / "cache"))
        return code, [(f["code"], f["line"], f["column"]) for f in json.loads(out)["findings"]]

    assert findings() == (0, [])
    assert any((repo / "cache").rglob("*")), "the first run should have filled the cache"
    # Same path, same file, same configuration: only the schema's content changes.
    schema.write_text(json.dumps({"type": "object", "required": ["x-internal-owner"]}), "utf-8")
    code, found = findings()
    assert code == 1
    assert found and {c for c, *_ in found} == {"SVC101"}
    assert found[0][1:] == (1, 1)
