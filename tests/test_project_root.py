"""The project (configuration, registry, cache) is found from the checked files, so a run
gives the same answers from any working folder."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, OFFICES, run_svcstd, write

TYPO = MINIMAL.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: test-ofice}")
# SVC505 (a warning): visits without a reason.
WITH_WARNING = TYPO.replace("    visits: 0\n", "    visits: 2\n").replace("online_depth: 4", "online_depth: 3")


@pytest.fixture
def plain_folder(tmp_path):
    """A definitions folder with neither git nor a configuration file."""
    write(tmp_path, "offices.yaml", OFFICES)
    write(tmp_path, "services/civil-affairs/marriage.yaml", WITH_WARNING)
    return tmp_path


def _findings(result):
    return [(f["file"], f["line"], f["column"], f["code"], f["severity"]) for f in json.loads(result.stdout)["findings"]]


def test_registry_two_folders_up_is_found_from_a_subfolder(plain_folder):
    here = plain_folder / "services/civil-affairs"
    result = run_svcstd("check", "--format", "json", cwd=here)
    assert result.returncode == 1, result.stderr
    findings = _findings(result)
    assert ("marriage.yaml", 11, 27, "SVC601", "error") in findings
    assert ("marriage.yaml", 63, 5, "SVC505", "warning") in findings
    # Every finding names a file that exists from where svcstd ran.
    assert all((here / file).is_file() for file, *_ in findings)
    assert not (here / ".svcstd_cache").exists()
    assert (plain_folder / ".svcstd_cache").is_dir()


def test_the_same_findings_from_any_working_folder(plain_folder):
    from_top = _findings(run_svcstd("check", "--format", "json", "services", cwd=plain_folder))
    from_inside = _findings(run_svcstd("check", "--format", "json", ".", cwd=plain_folder / "services/civil-affairs"))
    from_outside = _findings(run_svcstd("check", "--format", "json", plain_folder.name + "/services", cwd=plain_folder.parent))
    strip = lambda found: sorted((f[0].rsplit("/", 1)[-1], *f[1:]) for f in found)
    assert strip(from_top) == strip(from_inside) == strip(from_outside)
    assert any(code == "SVC601" for _, _, _, code, _ in from_top)


def test_configuration_is_found_from_the_checked_files_not_the_working_folder(plain_folder, tmp_path_factory):
    write(plain_folder, "svcstd.toml", 'ignore = ["SVC505"]\n')
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run_svcstd("check", "--format", "json", str(plain_folder / "services"), cwd=elsewhere)
    codes = {f[3] for f in _findings(result)}
    assert "SVC601" in codes and "SVC505" not in codes
    assert not (elsewhere / ".svcstd_cache").exists()
    assert (plain_folder / ".svcstd_cache").is_dir()


def test_clean_finds_the_project_cache_from_a_subfolder(plain_folder):
    here = plain_folder / "services/civil-affairs"
    run_svcstd("check", cwd=here)
    assert (plain_folder / ".svcstd_cache").is_dir()
    result = run_svcstd("clean", cwd=here)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"Removed {plain_folder / '.svcstd_cache'}"
    assert not (plain_folder / ".svcstd_cache").exists()


def test_git_root_bounds_the_project(tmp_path):
    """Inside a git work tree, the work tree's top is the project root: a registry above
    it belongs to another project."""
    write(tmp_path, "offices.yaml", OFFICES)
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, "services/a.yaml", TYPO)
    result = run_svcstd("check", "--format", "json", ".", cwd=project / "services")
    findings = _findings(result)
    assert [(f[0], f[3], f[4]) for f in findings if f[3] == "SVC601"] == [("../offices.yaml", "SVC601", "warning")]
    assert (project / ".svcstd_cache").is_dir()
