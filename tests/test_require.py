"""`require`: a missing prerequisite skips a test on a developer's machine and fails it in CI.

Run through a child pytest on a throw-away test file, once as a developer (no CI variable)
and once as CI does (CI=true), reading pytest's own summary line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

PROBE = '''
from conftest import require

require({module_level}, "module prerequisite")


def test_needs_something():
    require(False, "headless Chromium not installed")


def test_has_everything():
    require(True, "never shown")
'''


def run_probe(tmp_path: Path, ci: str | None, module_level: bool = True) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text((TESTS / "conftest.py").read_text("utf-8"), "utf-8")
    (tmp_path / "data").symlink_to(TESTS / "data")
    (tmp_path / "test_probe.py").write_text(PROBE.format(module_level=module_level), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "test_probe.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("ci", [None, "false"])
def test_a_missing_prerequisite_skips_outside_ci(tmp_path, ci):
    result = run_probe(tmp_path, ci)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "headless Chromium not installed" in result.stdout


def test_a_missing_prerequisite_fails_under_ci(tmp_path):
    result = run_probe(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "required in CI but missing: headless Chromium not installed" in result.stdout


def test_a_missing_module_prerequisite_skips_locally_and_breaks_collection_under_ci(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "ci").mkdir()
    local = run_probe(tmp_path / "local", None, module_level=False)
    assert "1 skipped" in local.stdout and "error" not in local.stdout, local.stdout
    ci = run_probe(tmp_path / "ci", "true", module_level=False)
    assert "1 error" in ci.stdout and "required in CI but missing: module prerequisite" in ci.stdout, ci.stdout
    assert ci.returncode not in (0, 5)
