"""The GitHub Action (action.yml), read as GitHub reads it and its shell steps run with bash
as a runner runs them: inputs as environment variables, GITHUB_OUTPUT/GITHUB_ENV files.
svcstd is this checkout (a `python` shim in place of the action's virtual environment)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, OFFICES, REPO, write

ACTION = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
STEPS = {step.get("id") or step.get("name"): step for step in ACTION["runs"]["steps"]}
BASH = shutil.which("bash")

# The shims are POSIX shell scripts; the action itself also runs on Windows (Git Bash).
pytestmark = pytest.mark.skipif(BASH is None or os.name == "nt", reason="needs bash and a POSIX shell")


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines() if "=" in line)


def run_step(step: dict, cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, dict, dict]:
    """Run a step's script as GitHub does (`bash --noprofile --norc -eo pipefail`)."""
    github_output, github_env = cwd / ".github_output", cwd / ".github_env"
    github_output.write_text("", "utf-8")
    github_env.write_text("", "utf-8")
    full_env = {**os.environ, "NO_COLOR": "1", "GITHUB_OUTPUT": str(github_output), "GITHUB_ENV": str(github_env), **env}
    script = cwd / ".step.sh"
    script.write_text(step["run"], "utf-8")
    result = subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd, env=full_env, capture_output=True, timeout=120,
    )
    return result, outputs(github_output), outputs(github_env)


@pytest.fixture
def svcstd_bin(tmp_path):
    """A folder whose `python` is this interpreter (with this checkout's svcstd on its path)."""
    folder = tmp_path / "venv-bin"
    folder.mkdir()
    shim = folder / "python"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    return folder


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "workspace"
    write(folder, "offices.yaml", OFFICES)
    write(folder, "svcstd.toml", "")
    write(folder, "services/civil affairs/good benefit.yaml", MINIMAL)
    write(folder, "services/civil affairs/broken benefit.yaml",
          MINIMAL.replace("minimal-benefit", "broken-benefit").replace("type: benefit", "type: benefitt"))
    write(folder, "other/elsewhere.yaml", MINIMAL.replace("minimal-benefit", "elsewhere").replace("status: active", "status: x"))
    return folder


def check_env(svcstd_bin: Path, **inputs: str) -> dict[str, str]:
    defaults = {"paths": ".", "format": "github", "output": "", "fail-on": "error", "upload-sarif": "false",
                "sarif-file": "svcstd.sarif"}
    merged = {**defaults, **inputs}
    env = {f"INPUT_{key.upper().replace('-', '_')}": value for key, value in merged.items()}
    env["SVCSTD_BIN"] = str(svcstd_bin)
    env.pop("GITHUB_ACTIONS", None)
    return env


def test_paths_with_spaces_one_per_line(workspace, svcstd_bin):
    paths = "services/civil affairs/broken benefit.yaml\n  services/civil affairs/good benefit.yaml  \n\n"
    env = check_env(svcstd_bin, paths=paths, format="json", output="report.json")
    result, out, exported = run_step(STEPS["check"], workspace, env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    report = json.loads((workspace / "report.json").read_text("utf-8"))
    assert report["files_checked"] == 2
    assert {(f["file"], f["code"], f["line"], f["column"]) for f in report["findings"]} == {
        ("services/civil affairs/broken benefit.yaml", "SVC103", 5, 7)
    }
    assert out["exit-code"] == "1" and exported["SVCSTD_EXIT_CODE"] == "1"
    assert "sarif-file" not in out


def test_a_folder_with_spaces_and_a_second_path(workspace, svcstd_bin):
    env = check_env(svcstd_bin, paths="services/civil affairs\nother", format="json", output="report.json")
    result, out, _ = run_step(STEPS["check"], workspace, env)
    report = json.loads((workspace / "report.json").read_text("utf-8"))
    assert report["files_checked"] == 3
    assert {f["file"] for f in report["findings"]} == {"services/civil affairs/broken benefit.yaml", "other/elsewhere.yaml"}


def test_inputs_cannot_inject_commands(workspace, svcstd_bin):
    env = check_env(svcstd_bin, paths='$(touch injected)\n"; touch injected2; "', format="json", output="report.json")
    run_step(STEPS["check"], workspace, env)
    assert not (workspace / "injected").exists() and not (workspace / "injected2").exists()


def test_sarif_is_offered_for_upload_only_when_this_run_wrote_it(workspace, svcstd_bin):
    write(workspace, "svcstd.sarif", "stale")
    result, out, _ = run_step(STEPS["check"], workspace, check_env(svcstd_bin, **{"upload-sarif": "true"}))
    assert out["exit-code"] == "1"
    assert out["sarif-file"] == "svcstd.sarif"
    assert json.loads((workspace / "svcstd.sarif").read_text("utf-8"))["version"] == "2.1.0"
    # A usage error writes no SARIF: nothing to upload, and the stale file is gone.
    write(workspace, "svcstd.sarif", "stale")
    result, out, _ = run_step(STEPS["check"], workspace, check_env(svcstd_bin, **{"upload-sarif": "true", "fail-on": "bogus"}))
    assert out["exit-code"] == "2"
    assert "sarif-file" not in out and not (workspace / "svcstd.sarif").exists()


def test_upload_runs_only_after_the_check_step_wrote_sarif():
    upload = next(s for s in ACTION["runs"]["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    condition = upload["if"].replace(" ", "")
    assert "always()" in condition and "steps.check.outputs.sarif-file!=''" in condition
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"


def test_every_script_step_runs_in_bash_which_every_runner_has():
    scripts = [step for step in ACTION["runs"]["steps"] if "run" in step]
    assert scripts and all(step["shell"] == "bash" for step in scripts)


@pytest.mark.parametrize(("runner_os", "layout"), [("Linux", "bin"), ("macOS", "bin"), ("Windows", "Scripts")])
def test_install_uses_the_virtual_environment_layout_of_the_runner(tmp_path, runner_os, layout):
    """`python -m venv` makes bin/ on Linux and macOS, Scripts/ on Windows; a fake python
    records what the install step runs, and the step exports the right folder."""
    fake = tmp_path / "fake"
    fake.mkdir()
    log = tmp_path / "calls.log"
    (fake / "python").write_text(
        "#!/bin/sh\n"
        f'echo "$0 $*" >> "{log}"\n'
        'if [ "$1 $2" = "-m venv" ]; then\n'
        f'  mkdir -p "$3/{layout}" && cp "$0" "$3/{layout}/python"\n'
        "fi\n",
        "utf-8",
    )
    (fake / "python").chmod(0o755)
    runner_temp = tmp_path / "runner temp"
    runner_temp.mkdir()
    env = {"RUNNER_OS": runner_os, "RUNNER_TEMP": str(runner_temp), "SVCSTD_VERSION": "",
           "GITHUB_ACTION_PATH": str(REPO), "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    result, _, exported = run_step(STEPS["Install svcstd"], tmp_path, env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    expected = runner_temp / "svcstd-venv" / layout
    assert exported["SVCSTD_BIN"] == str(expected)
    calls = log.read_text("utf-8").splitlines()
    assert calls[-1] == f"{expected}/python -m pip install --quiet {REPO}"
