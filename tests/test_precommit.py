"""The pre-commit hook, run by the real `pre-commit try-repo` on a temporary repository.

`try-repo` clones the hook repository at a commit; to test the working tree exactly as it
is (committed or not), the project is first copied into a fresh git repository. pre-commit
then installs svcstd from it into its own environment, as it would for a user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, OFFICES, REPO, write

PROJECT_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE")
PROJECT_FOLDERS = ("src", "schemas")


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=svcstd tests", "-c", "user.email=tests@svcstd.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, capture_output=True, check=True,
    )


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    base = tmp_path_factory.mktemp("pre-commit")
    hook_repo = base / "hook-repo"
    hook_repo.mkdir()
    for name in PROJECT_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, hook_repo / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(REPO / name, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git("init", "-q", cwd=hook_repo)
    git("add", "-A", cwd=hook_repo)
    git("commit", "-q", "-m", "svcstd under test", cwd=hook_repo)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(base / "cache"),  # the installed hook environment, shared by the tests here
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("GITHUB_ACTIONS", None)
    return hook_repo, env


@pytest.fixture
def user_repo(tmp_path):
    git("init", "-q", cwd=tmp_path)
    write(tmp_path, "offices.yaml", OFFICES)
    write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")  # tool YAML, never a definition
    return tmp_path


def try_repo(hook_repo: Path, cwd: Path, env: dict) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "svcstd", "--verbose"],
        cwd=cwd, env=env, capture_output=True, timeout=600,
    )
    return result.returncode, result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")


def test_clean_commit_passes_and_broken_definition_fails_with_its_code(pre_commit_env, user_repo):
    hook_repo, env = pre_commit_env
    write(user_repo, "services/benefit.yaml", MINIMAL)
    git("add", "-A", cwd=user_repo)
    code, output = try_repo(hook_repo, user_repo, env)
    assert code == 0, output
    assert "Passed" in output
    git("commit", "-q", "-m", "a clean definition", cwd=user_repo)

    broken = MINIMAL.replace("id: minimal-benefit", "id: broken-benefit").replace(
        "    public_status: {zh: 审核中, en: Under review}\n", ""
    )
    write(user_repo, "services/broken.yaml", broken)
    git("add", "-A", cwd=user_repo)
    code, output = try_repo(hook_repo, user_repo, env)
    assert code == 1, output
    assert "Failed" in output
    assert "services/broken.yaml:29:5: SVC302" in output
    # Only the changed file was passed: the committed definition is not reported on.
    assert "Files checked" in output and "services/benefit.yaml:" not in output


def test_cross_file_checks_still_see_the_committed_definitions(pre_commit_env, user_repo):
    hook_repo, env = pre_commit_env
    write(user_repo, "services/benefit.yaml", MINIMAL)
    git("add", "-A", cwd=user_repo)
    git("commit", "-q", "-m", "a clean definition", cwd=user_repo)

    # A new definition reusing the committed one's id, and naming an office not in the registry.
    copy = MINIMAL.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: no-such-office}")
    write(user_repo, "services/copy.yaml", copy)
    git("add", "services/copy.yaml", cwd=user_repo)
    code, output = try_repo(hook_repo, user_repo, env)
    assert code == 1, output
    assert "SVC602" in output and "services/benefit.yaml" in output  # names the other file
    assert "SVC601" in output and "no-such-office" in output


def test_a_commit_that_only_changes_the_registry_fails_for_a_broken_dependant(pre_commit_env, user_repo):
    """Removing an office that a committed definition still names must fail the hook, with
    SVC601 at the dependant's reference, although only offices.yaml is staged."""
    hook_repo, env = pre_commit_env
    write(user_repo, "services/benefit.yaml", MINIMAL)
    git("add", "-A", cwd=user_repo)
    git("commit", "-q", "-m", "a clean definition", cwd=user_repo)

    write(user_repo, "offices.yaml", OFFICES.replace("id: test-office", "id: renamed-office"))
    git("add", "offices.yaml", cwd=user_repo)
    code, output = try_repo(hook_repo, user_repo, env)
    assert code == 1, output
    assert "Failed" in output
    assert "services/benefit.yaml:11:27: SVC601 [error] Office `test-office` is not in the offices registry offices.yaml" in output
    assert "Files checked: 1," in output  # only the registry was passed to the hook


def test_the_readme_hook_configuration_passes_the_registry(pre_commit_env, user_repo):
    """The README's `.pre-commit-config.yaml` (with this hook repository and commit): a
    registry-only commit reaches the hook and fails for the broken dependant."""
    import re

    hook_repo, env = pre_commit_env
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.DOTALL).group(1)
    sha = git("rev-parse", "HEAD", cwd=hook_repo).stdout.decode().strip()
    config = re.sub(r"repo: \S+", f"repo: {hook_repo.as_posix()}", block)
    config = re.sub(r"rev: \S+", f"rev: {sha}", config)
    write(user_repo, ".pre-commit-config.yaml", config)
    write(user_repo, "services/benefit.yaml", MINIMAL)
    git("add", "-A", cwd=user_repo)
    git("commit", "-q", "-m", "a clean definition", cwd=user_repo)

    write(user_repo, "offices.yaml", OFFICES.replace("id: test-office", "id: renamed-office"))
    git("add", "offices.yaml", cwd=user_repo)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--verbose"],
        cwd=user_repo, env=env, capture_output=True, timeout=600,
    )
    output = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, output
    assert "services/benefit.yaml:11:27: SVC601" in output
