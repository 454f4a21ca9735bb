"""Chinese: the message catalogue is complete, and --lang, configuration and LANG switch to it."""

from __future__ import annotations

import json
import string
from importlib import resources

import pytest

from conftest import MINIMAL, run_svcstd, write
from svcstd import catalogue

ZH = json.loads(resources.files("svcstd").joinpath("locales/zh.json").read_text("utf-8"))
TOO_LONG = MINIMAL.replace("committed: {value: 10", "committed: {value: 30")  # SVC201


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("rule", catalogue.all_rules(), ids=lambda r: r.code)
def test_every_rule_has_chinese_texts_with_the_same_placeholders(rule):
    entry = ZH[rule.code]
    assert has_chinese(entry["summary"]) and has_chinese(entry["rationale"])
    assert set(entry["messages"]) == set(rule.messages)
    for key, english in rule.messages.items():
        assert placeholders(entry["messages"][key]) == placeholders(english), key


def test_every_report_string_has_chinese():
    assert set(catalogue._UI_EN) <= set(ZH["_ui"])


def test_lang_flag_switches_the_report(repo):
    write(repo, "service.yaml", TOO_LONG)
    out = run_svcstd("check", "--format", "text", "--lang", "zh", "service.yaml", cwd=repo).stdout.decode()
    # Issue 11 item 13: no English unit names inside a Chinese sentence.
    assert "service.yaml:19:14: SVC201 [错误] 承诺时限 30 个工作日 超过了法定时限 20 个工作日" in out and "working_days" not in out
    assert "已检查文件: 1" in out


def test_configuration_and_environment_choose_chinese(repo):
    write(repo, "service.yaml", TOO_LONG)
    english = run_svcstd("check", "--format", "text", "service.yaml", cwd=repo, env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert b"The committed limit 30 working_days exceeds" in english.stdout
    by_env = run_svcstd("check", "--format", "text", "service.yaml", cwd=repo, env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert "承诺时限" in by_env.stdout.decode()
    write(repo, "svcstd.toml", 'lang = "zh"\n')
    by_config = run_svcstd("check", "--format", "text", "service.yaml", cwd=repo, env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert "承诺时限" in by_config.stdout.decode()
    flag_wins = run_svcstd("check", "--format", "text", "--lang", "en", "service.yaml", cwd=repo)
    assert b"The committed limit" in flag_wins.stdout


def test_rules_command(cli):
    code, out = cli("rules")
    assert code == 0 and "SVC201" in out and "committed-exceeds-statutory" in out and "SVC901" in out
    code, out = cli("rules", "--lang", "zh")
    assert code == 0 and "承诺办结时限长于法定办结时限" in out and "代码" in out
    code, out = cli("rules", "--format", "json")
    listed = json.loads(out)
    assert [r["code"] for r in listed] == [r.code for r in catalogue.all_rules()]
    assert {"code", "name", "severity", "summary", "rationale", "bad", "good"} <= set(listed[0])


def test_explain_command(cli):
    code, out = cli("explain", "SVC404")
    assert code == 0 and "unused-data" in out and "minimum necessary" in out
    assert "Example that triggers it" in out and "marital-status" in out
    code, by_name = cli("explain", "unused-data")
    assert by_name == out
    code, out = cli("explain", "svc404", "--lang", "zh")
    assert "最少必要" in out and "触发此规则的示例" in out


def test_explain_unknown_rule_is_a_usage_error():
    result = run_svcstd("explain", "SVC4044")
    assert result.returncode == 2 and b"Did you mean SVC404?" in result.stderr


def test_explain_respects_no_color():
    result = run_svcstd("explain", "SVC201", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert b"\x1b[" in result.stdout
    assert b"\x1b[" not in run_svcstd("explain", "SVC201").stdout


def test_schema_messages_are_chinese_down_to_their_fragments(repo):
    """Type names, "at the top level", "did you mean" and format words are translated too."""
    broken = (
        MINIMAL.replace("type: benefit", "type: benfit")
        .replace("eligibility:", "eligibilty:")
        .replace("name: {zh: 最低测试服务, en: Minimal test service}", "name: 5")
        .replace("status: active", "status: active\neffective: {from: 2026-02-30}")
    )
    write(repo, "bad.yaml", broken)
    zh = run_svcstd("check", "--lang", "zh", "--format", "json", "bad.yaml", cwd=repo)
    messages = {f["code"]: f["message"] for f in json.loads(zh.stdout)["findings"]}
    assert "是否应为 `benefit`" in messages["SVC103"]
    assert "是否应为 `eligibility`" in messages["SVC104"] and "（在顶层）" in messages["SVC104"]
    assert "数字 5" in messages["SVC102"] and "文本" in messages["SVC102"]
    assert "真实存在的日期" in messages["SVC105"]
    for english in ("Did you mean", "at the top level", "the number", "a real date"):
        assert not any(english in message for message in messages.values()), english
