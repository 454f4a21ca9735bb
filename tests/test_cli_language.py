"""The command line itself speaks Chinese: `--help` of every command and parameter, click's
own words around it, and usage errors (exit code 2), chosen by `--lang`, the nearest
configuration's `lang`, or LANG / LC_ALL / LC_MESSAGES."""

from __future__ import annotations

import json
import re
import string
import sys
from importlib import resources

import pytest
import typer

from conftest import run_svcstd, write
from svcstd import cli
from svcstd.cli_language import command_tree, display_width, parameter_key, wrap
from svcstd.config import language_of_command_line
from svcstd.usage_messages import USAGE_EN, UsageProblem

ZH = json.loads(resources.files("svcstd").joinpath("locales/zh.json").read_text("utf-8"))
CHINESE_ENV = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "80"}
ENGLISH_ENV = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "80"}

# Names that stay as they are in a Chinese sentence: the program, file formats, tools.
PROPER_NOUNS = ("JSON Schema", "svcstd", "YAML", "JSON", "TOML", "git")


def english_words(text: str) -> list[str]:
    """English words of a Chinese text, outside what may stay English: `code` spans,
    {placeholders}, option names, PATH-style metavars, [默认：...] values, proper nouns."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"(?m)^ +[a-z][\w-]* {2,}", " ", text)  # a command's name in the command list
    text = re.sub(r"用法：svcstd( [a-z][\w-]*)?", " ", text)
    text = " ".join(text.split())  # a proper noun wrapped over two lines
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"\[默认：[^\]]*\]", " ", text)
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)
    for noun in PROPER_NOUNS:
        text = text.replace(noun, " ")
    text = re.sub(r"\b[A-Z]+\b(\.\.\.)?", " ", text)
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def the_tree():
    return command_tree(typer.main.get_command(cli.app))


# ---------------------------------------------------------------------------------------
# The catalogue


def test_the_english_words_check_finds_english():
    assert english_words("只检查这些规则代码（用逗号分隔）。") == []
    assert english_words("可选 `rich` 或 `--format`，路径 PATH...，见 svcstd 和 JSON Schema") == []
    assert english_words("输出格式：rich 或 text") == ["rich", "text"]
    assert english_words("Write the report to this file") == ["Write", "the", "report", "to", "this", "file"]


def test_every_command_and_parameter_has_chinese_help():
    """Walks the click tree as registered (cli.py, authoring, oversight, publish...): a
    command added later fails here until zh.json `_help` has its texts."""
    help_texts = ZH["_help"]
    expected = set()
    for key, command in the_tree():
        expected.add(key)
        expected.update(parameter_key(key, param) for param in command.params)
    missing = sorted(expected - set(help_texts))
    assert not missing, f"no Chinese help for: {missing}"
    stale = sorted(set(help_texts) - expected)
    assert not stale, f"Chinese help for what no longer exists: {stale}"
    assert len(expected) >= 90


@pytest.mark.parametrize("key", sorted(ZH["_help"]))
def test_chinese_help_texts_are_chinese_without_english_fragments(key):
    text = ZH["_help"][key]
    assert has_chinese(text), key
    assert english_words(text) == [], key


def test_every_usage_message_has_chinese_with_the_same_placeholders():
    assert set(ZH["_usage"]) == set(USAGE_EN)
    for key, english in USAGE_EN.items():
        chinese = ZH["_usage"][key]
        assert placeholders(chinese) == placeholders(english), key
        assert english_words(chinese) == [], key
        if english_words(english) and key != "verbatim":
            assert has_chinese(chinese), key


def test_usage_problem_is_english_as_a_string_and_chinese_when_asked():
    problem = UsageProblem("jobs_too_few", jobs=0)
    assert str(problem) == "--jobs must be 1 or more, not 0"
    assert problem.message("zh") == "`--jobs` 必须为 1 或更大，而不是 0"


def test_wrapping_keeps_code_spans_whole_and_lines_within_width():
    text = ZH["_help"]["check.--format"]
    lines = wrap(text, 40)
    assert "".join(lines) == text.replace(" ", "") or " ".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= 40 for line in lines)
    assert all(line.count("`") % 2 == 0 for line in lines)
    assert not any(line.startswith(("，", "。", "、", "）")) for line in lines)


# ---------------------------------------------------------------------------------------
# Which language, before parsing


def test_language_of_command_line(tmp_path, monkeypatch):
    for name in ("LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language_of_command_line(["check", "--lang", "zh"], cwd=tmp_path) == "zh"
    assert language_of_command_line(["check", "--lang=zh"], cwd=tmp_path) == "zh"
    assert language_of_command_line(["check", "--lang", "xx"], cwd=tmp_path) == "en"  # unusable: passed over
    assert language_of_command_line(["check", "--", "--lang", "zh"], cwd=tmp_path) == "en"
    write(tmp_path, "project/svcstd.toml", 'lang = "zh"\nnot-a-key = 1\n')  # broken, but says zh
    write(tmp_path, "project/services/a.yaml", "x: 1\n")
    assert language_of_command_line(["check", "project/services"], cwd=tmp_path) == "zh"
    assert language_of_command_line(["check", "--lang", "en", "project"], cwd=tmp_path) == "en"
    write(tmp_path, "other.toml", 'lang = "zh"\n')
    assert language_of_command_line(["rules", "--config", str(tmp_path / "other.toml")], cwd=tmp_path) == "zh"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language_of_command_line(["check"], cwd=tmp_path) == "zh"
    monkeypatch.setenv("LC_ALL", "C")
    assert language_of_command_line(["check"], cwd=tmp_path) == "en"


# ---------------------------------------------------------------------------------------
# --help as a user runs it


def test_check_help_is_chinese_under_a_chinese_locale(tmp_path):
    done = run_svcstd("check", "--help", cwd=tmp_path, env=CHINESE_ENV)
    out = done.stdout.decode()
    assert done.returncode == 0
    assert out.startswith("用法：svcstd check [选项] [PATH]...")
    assert "检查服务定义，逐条报告每个问题所在的文件、行和列。" in out
    assert "参数：" in out and "选项：" in out and "显示本帮助后退出。" in out
    assert "输出格式：`rich`、`text`" in out and "[默认：no-exit-zero]" in out
    assert "Show this message" not in out and "Options" not in out and "Output format" not in out
    assert english_words(out) == []
    for line in out.splitlines():
        assert display_width(line) <= 80, line
        assert line.count("`") % 2 == 0, line

    english = run_svcstd("check", "--help", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert english.startswith("Usage: svcstd check [OPTIONS] [PATH]...")
    assert "Output format: rich, text" in english and "Show this message and exit." in english


def test_program_help_lists_commands_with_chinese_summaries(tmp_path):
    write(tmp_path, "svcstd.toml", 'lang = "zh"\n')  # the configuration chooses, whatever LANG says
    out = run_svcstd("--help", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert out.startswith("用法：svcstd [选项] 命令 [参数]...")
    assert "命令：" in out
    assert re.search(r"^  check +检查服务定义，逐条报告每个问题所在的文件、行和列$", out, re.MULTILINE)
    assert re.search(r"^  diff +一次改动对服务有何影响", out, re.MULTILINE)
    assert english_words(out) == []
    flag = run_svcstd("rules", "--help", "--lang", "en", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert "List every rule" in flag


def test_every_command_help_is_chinese(monkeypatch, capsys):
    """Every command's --help through the entry point, in this process."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    for key, _ in the_tree():
        args = ["--help"] if key == "svcstd" else [key, "--help"]
        monkeypatch.setattr(sys, "argv", ["svcstd", *args])
        with pytest.raises(SystemExit) as done:
            cli.main()
        out = capsys.readouterr().out
        assert done.value.code == 0, key
        assert out.startswith("用法："), key
        assert english_words(out) == [], (key, english_words(out))


# ---------------------------------------------------------------------------------------
# Usage errors, in both languages


def usage_error(*args, cwd, env=ENGLISH_ENV) -> str:
    done = run_svcstd(*args, cwd=cwd, env=env)
    assert done.returncode == 2, done.stderr
    err = done.stderr.decode()
    assert "Traceback" not in err
    return err


def test_missing_path(tmp_path):
    assert usage_error("check", "nowhere", cwd=tmp_path) == "svcstd: error: nowhere: no such file or folder\n"
    assert usage_error("check", "nowhere", "--lang", "zh", cwd=tmp_path) == "svcstd：错误：nowhere：没有这个文件或文件夹\n"


def test_output_file_of_an_unknown_extension(tmp_path):
    english = usage_error("check", ".", "--output", "x.pdf", cwd=tmp_path)
    assert "x.pdf: svcstd check cannot write .pdf files" in english and "or name the format with --format" in english
    chinese = usage_error("check", ".", "--output", "x.pdf", cwd=tmp_path, env=CHINESE_ENV)
    assert chinese.startswith("svcstd：错误：x.pdf：`svcstd check` 不能写入 `.pdf` 文件。")
    assert "也可以用 `--format` 指定格式" in chinese
    assert not (tmp_path / "x.pdf").exists()
    chinese = usage_error("report", ".", "--output", "r.txt", "--lang", "zh", cwd=tmp_path)
    assert "`.txt` 文件由 `svcstd check` 写入" in chinese


def test_unknown_configuration_key_with_its_suggestion(tmp_path):
    write(tmp_path, "svcstd.toml", 'selct = ["SVC2"]\n')
    english = usage_error("check", ".", cwd=tmp_path)
    assert "unknown configuration key `selct`. Did you mean `select`?" in english
    write(tmp_path, "svcstd.toml", 'lang = "zh"\nselct = ["SVC2"]\n')  # its own `lang` still counts
    chinese = usage_error("check", ".", cwd=tmp_path)
    assert "未知的配置项 `selct`。是否应为 `select`？已知的配置项：`select`、`ignore`" in chinese
    assert english_words(chinese.split("：", 2)[2].split("：", 1)[1]) == []


def test_bad_fail_on_value(tmp_path):
    english = usage_error("check", ".", "--fail-on", "bad", cwd=tmp_path)
    assert "fail-on must be one of error, warning, info, never, not 'bad'" in english
    chinese = usage_error("check", ".", "--fail-on", "bad", "--lang", "zh", cwd=tmp_path)
    assert "`fail-on` 必须是 `error`、`warning`、`info`、`never` 之一，而不是 `bad`" in chinese


def test_unknown_rule_in_explain(tmp_path):
    english = usage_error("explain", "SVC4044", cwd=tmp_path)
    assert "unknown rule 'SVC4044'. Did you mean SVC404?" in english
    chinese = usage_error("explain", "SVC4044", cwd=tmp_path, env=CHINESE_ENV)
    assert chinese == "svcstd：错误：未知的规则 `SVC4044`。是否应为 SVC404？`svcstd rules` 可列出全部规则\n"


def test_diff_outside_git(tmp_path):
    english = usage_error("diff", cwd=tmp_path)
    assert "is not inside a git repository" in english
    chinese = usage_error("diff", cwd=tmp_path, env=CHINESE_ENV)
    assert chinese.startswith("svcstd：错误：") and "不在 git 仓库中" in chinese


def test_option_parser_errors(tmp_path):
    english = usage_error("check", "--jobs", "abc", cwd=tmp_path)
    assert "Usage: svcstd check [OPTIONS]" in english and "'abc' is not a whole number." in english
    chinese = usage_error("check", "--jobs", "abc", "--lang", "zh", cwd=tmp_path)
    assert chinese.startswith("用法：svcstd check [选项] [PATH]...\n运行 `svcstd check --help` 查看帮助。\n")
    assert "svcstd：错误：`--jobs`、`-j` 的值无效：`abc` 不是整数。" in chinese
    chinese = usage_error("chek", cwd=tmp_path, env=CHINESE_ENV)
    assert "svcstd：错误：没有命令 `chek`。是否应为 `check`" in chinese
    chinese = usage_error("check", "--frmat", "json", cwd=tmp_path, env=CHINESE_ENV)
    assert "没有选项 `--frmat`（可能是：`--format`）" in chinese
    chinese = usage_error("new", cwd=tmp_path, env=CHINESE_ENV)
    assert "缺少参数 `ID`。" in chinese
    for text in (chinese,):
        assert english_words(text.split("svcstd：错误：", 1)[1]) == []


def test_unknown_format_and_language(tmp_path):
    chinese = usage_error("rules", "--format", "xml", cwd=tmp_path, env=CHINESE_ENV)
    assert chinese == "svcstd：错误：未知的输出格式 `xml`；可选：`table`、`plain`、`json`\n"
    chinese = usage_error("schema", "--version", "2", cwd=tmp_path, env=CHINESE_ENV)
    assert chinese == "svcstd：错误：未知的格式版本 `2`；可选 1 或 1.1\n"
    english = usage_error("schema", "--version", "2", cwd=tmp_path)
    assert "unknown format version '2'; choose 1 or 1.1" in english


def test_lang_before_the_command(tmp_path):
    """`svcstd --lang zh --help`, and `svcstd --lang zh COMMAND` for the command's language."""
    out = run_svcstd("--lang", "zh", "--help", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert out.startswith("用法：svcstd [选项] 命令 [参数]...") and "本帮助、用法错误及其后命令的语言" in out
    out = run_svcstd("--help", "--lang", "zh", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert out.startswith("用法：")
    out = run_svcstd("--lang", "zh", "explain", "SVC201", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert "承诺办结时限长于法定办结时限" in out
    out = run_svcstd("--lang", "zh", "explain", "SVC201", "--lang", "en", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert "The committed time limit is longer" in out  # the command's own --lang wins


def test_clean_speaks_the_run_language(tmp_path):
    out = run_svcstd("clean", cwd=tmp_path, env=CHINESE_ENV).stdout.decode()
    assert out == f"{tmp_path / '.svcstd_cache'} 处没有 svcstd 缓存\n"
    out = run_svcstd("clean", cwd=tmp_path, env=ENGLISH_ENV).stdout.decode()
    assert out == f"No svcstd cache at {tmp_path / '.svcstd_cache'}\n"


def test_format_and_extension_disagreeing_is_a_warning_in_the_run_language(tmp_path):
    done = run_svcstd("check", ".", "--format", "junit", "--output", "a.txt", "--lang", "zh", cwd=tmp_path)
    err = done.stderr.decode()
    assert "svcstd：警告：按 `--format` 的要求，把 `junit`（XML）写入 a.txt，但其扩展名表明应为 纯文本" in err
    assert (tmp_path / "a.txt").read_text("utf-8").startswith("<?xml")  # still written, as asked
    english = run_svcstd("check", ".", "--format", "junit", "--output", "b.txt", cwd=tmp_path, env=ENGLISH_ENV)
    assert "svcstd: warning: writing junit (XML) into b.txt, whose extension suggests text" in english.stderr.decode()


def test_what_an_english_only_library_says_is_not_pasted_into_chinese(tmp_path):
    """tomllib's and json's reasons are English: Chinese says where, and what kind of error."""
    write(tmp_path, "svcstd.toml", "lang = \"zh\"\n[[[\n")
    chinese = usage_error("check", ".", "--lang", "zh", cwd=tmp_path)
    assert chinese == f"svcstd：错误：{tmp_path / 'svcstd.toml'}：不是有效的 TOML：第 2 行第 3 列有语法错误\n"
    english = usage_error("check", ".", cwd=tmp_path)
    assert "not valid TOML: Invalid initial character for a key part (at line 2, column 3)" in english
    (tmp_path / "svcstd.toml").unlink()
    write(tmp_path, "local.json", '{"type": 5,}')
    chinese = usage_error("check", ".", "--schema", "local.json", "--lang", "zh", cwd=tmp_path)
    assert chinese.endswith("local.json：不是有效的 JSON（第 1 行第 12 列有语法错误）\n")
    chinese = usage_error("check", ".", "--schema", "missing.json", "--lang", "zh", cwd=tmp_path)
    assert chinese.endswith("missing.json：无法读取（文件或文件夹不存在）\n")
    assert english_words(chinese.split("：", 2)[2].split("：", 1)[1]) == []


def test_publishing_commands_speak_chinese_too(tmp_path):
    out = run_svcstd("guide", "--help", cwd=tmp_path, env=CHINESE_ENV).stdout.decode()
    assert out.startswith("用法：svcstd guide [选项] [PATH]...") and "办事指南" in out
    chinese = usage_error("export", "--to", "foo", "--lang", "zh", cwd=tmp_path)
    assert chinese.startswith("svcstd：错误：") and "svcstd: error" not in chinese
