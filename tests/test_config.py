"""Configuration through the command line: discovery, precedence, validation."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd.config import ConfigError, load_config

UNUSED_PHONE = MINIMAL.replace("    uses: [phone-number]\n", "")  # SVC404 warning at 48:9


def codes(result) -> list[tuple[str, str, int]]:
    report = json.loads(result.stdout)
    return [(f["code"], f["severity"], f["line"]) for f in report["findings"]]


def check(repo, *args, cwd=None, env=None):
    return run_svcstd("check", "--format", "json", "--no-cache", *args, cwd=cwd or repo, env=env)


def test_warning_fails_only_with_fail_on_warning(repo):
    write(repo, "service.yaml", UNUSED_PHONE)
    assert check(repo).returncode == 0
    assert codes(check(repo)) == [("SVC404", "warning", 48)]
    write(repo, "svcstd.toml", 'fail-on = "warning"\n')
    assert check(repo).returncode == 1
    assert check(repo, "--fail-on", "error").returncode == 0  # the flag beats the file


def test_nearest_configuration_wins_and_config_flag_overrides(repo):
    write(repo, "svcstd.toml", 'ignore = ["SVC404"]\n')
    write(repo, "team/pyproject.toml", '[project]\nname = "x"\n\n[tool.svcstd]\nfail-on = "warning"\noffices = "../offices.yaml"\n')
    write(repo, "team/service.yaml", UNUSED_PHONE)
    assert codes(check(repo)) == []  # from the root: the root's svcstd.toml ignores SVC404
    nearest = check(repo, "service.yaml", cwd=repo / "team")
    assert codes(nearest) == [("SVC404", "warning", 48)] and nearest.returncode == 1
    explicit = check(repo, "--config", str(repo / "svcstd.toml"), "service.yaml", cwd=repo / "team")
    assert codes(explicit) == [] and explicit.returncode == 0


def test_pyproject_without_a_svcstd_table_is_passed_by(repo, tmp_path):
    write(repo, "svcstd.toml", 'ignore = ["SVC404"]\n')
    write(repo, "team/pyproject.toml", '[project]\nname = "x"\n')
    write(repo, "team/service.yaml", UNUSED_PHONE)
    assert codes(check(repo, "service.yaml", cwd=repo / "team")) == []


def test_select_ignore_and_severity(repo):
    text = UNUSED_PHONE.replace("committed: {value: 10", "committed: {value: 30")  # + SVC201 at 19
    write(repo, "service.yaml", text)
    write(repo, "svcstd.toml", 'select = ["SVC4"]\nseverity = {SVC404 = "error"}\n')
    assert codes(check(repo)) == [("SVC404", "error", 48)]
    assert codes(check(repo, "--select", "SVC201,unused-data")) == [("SVC201", "error", 19), ("SVC404", "error", 48)]
    assert codes(check(repo, "--select", "SVC2", "--ignore", "SVC201")) == []


def test_per_file_ignores(repo):
    write(repo, "svcstd.toml", '[per-file-ignores]\n"legacy/*.yaml" = ["SVC404"]\n')
    write(repo, "legacy/old.yaml", UNUSED_PHONE.replace("minimal-benefit", "old-benefit"))
    write(repo, "current/new.yaml", UNUSED_PHONE.replace("minimal-benefit", "new-benefit"))
    report = json.loads(check(repo).stdout)
    assert [(f["file"], f["code"]) for f in report["findings"]] == [("current/new.yaml", "SVC404")]


def test_required_languages_and_exclude(repo):
    write(repo, "svcstd.toml", 'required-languages = ["zh", "en"]\nexclude = ["drafts/"]\n')
    write(repo, "service.yaml", MINIMAL.replace("public_status: {zh: 已受理, en: Accepted}", "public_status: Accepted"))
    write(repo, "drafts/draft.yaml", "not: [valid")
    assert codes(check(repo)) == [("SVC701", "warning", 27)]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('selct = ["SVC2"]\n', [b"unknown configuration key `selct`", b"Did you mean `select`?"]),
        ('ignore = ["SVC4O4"]\n', [b"unknown rule 'SVC4O4'", b"SVC404"]),
        ('severity = {SVC404 = "fatal"}\n', [b"severity of SVC404", b"error, warning, info"]),
        ('[per-file-ignores]\n"a/*" = ["SVC999"]\n', [b"SVC999"]),
        ('required-languages = ["Chinese"]\n', [b"not a language tag"]),
        ('fail-on = "sometimes"\n', [b"fail-on must be one of"]),
        ('lang = "fr"\n', [b"language must be one of"]),
        ('select = [\n', [b"not valid TOML"]),
    ],
)
def test_configuration_mistakes_are_usage_errors(repo, content, words):
    write(repo, "svcstd.toml", content)
    write(repo, "service.yaml", MINIMAL)
    result = check(repo)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert all(word in result.stderr for word in words), result.stderr


def test_unknown_code_on_the_command_line(repo):
    write(repo, "service.yaml", MINIMAL)
    result = check(repo, "--ignore", "SVC40x")
    assert result.returncode == 2 and b"unknown rule 'SVC40x'" in result.stderr


def test_missing_config_file_is_a_usage_error(repo):
    result = check(repo, "--config", "nowhere.toml")
    assert result.returncode == 2 and b"does not exist" in result.stderr


def test_load_config_core(tmp_path):
    write(tmp_path, "svcstd.toml", '[tool.svcstd]\nselect = ["SVC2", "SVC404"]\nlang = "zh"\n')
    config = load_config(cwd=tmp_path, ignore=["SVC201"], fail_on="warning")
    assert config.lang == "zh" and config.fail_on == "warning"
    assert "SVC404" in config.enabled_codes() and "SVC201" not in config.enabled_codes()
    assert "SVC301" not in config.enabled_codes()
    with pytest.raises(ConfigError):
        load_config(cwd=tmp_path, select=["nonsense"])
