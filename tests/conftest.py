"""Shared helpers: the bundled fixtures, and two ways to run svcstd as a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
# The project's shared spec and third-party data (SARIF schema, yaml-test-suite) live beside
# the checkout; SVCSTD_SHARED points elsewhere (a git worktree, a CI cache).
SHARED = Path(os.environ.get("SVCSTD_SHARED") or REPO.parent / "shared")
MINIMAL = (DATA / "minimal.yaml").read_text("utf-8")
OFFICES = (DATA / "offices.yaml").read_text("utf-8")


def require(condition: object, reason: str) -> None:
    """Skip a test whose prerequisite (Chromium, ../shared, libyaml) is missing, but only
    on a developer's machine: under CI=true a missing prerequisite FAILS the test, so that
    CI can never go green while the browser, schema or spec checks silently did not run.
    Usable inside a test or fixture and at module level (collection then errors under CI)."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI but missing: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def run_svcstd(*args: str, cwd: Path | None = None, input: bytes | None = None, env: dict | None = None):
    """Run the installed command in a subprocess, exactly as a user (or CI) would."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "svcstd", *args],
        cwd=cwd or REPO,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def cli(monkeypatch):
    """In-process CLI through typer's CliRunner (fast); returns (exit_code, stdout)."""
    from svcstd.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout

    return invoke


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """An empty definitions repository (with the test registry) as the current folder."""
    (tmp_path / "offices.yaml").write_text(OFFICES, "utf-8")
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def real_guides() -> list[Path]:
    """The examples transcribed from real published guides (they carry `provenance`). They
    keep what those guides lack, so they have findings; examples/README.md lists them and
    tests/test_examples.py checks that list. Every other example is clean."""
    import re

    return sorted(
        path for path in (EXAMPLES / "services").rglob("*.yaml")
        if re.search(r"^provenance:", path.read_text("utf-8"), re.MULTILINE)
    )


def clean_examples() -> list[Path]:
    """The example definitions written for svcstd: clean under every rule."""
    real = set(real_guides())
    return sorted(path for path in (EXAMPLES / "services").rglob("*.yaml") if path not in real)
