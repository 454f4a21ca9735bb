"""`svcstd rules`, `svcstd explain` and `--help` as a person and a pipe see them (issue 11,
items 8 and 14): summaries wrap in both languages at any terminal width and are never cut;
piped output is one tab-separated line per rule; `explain SVC4` lists the SVC4xx rules;
help names values (PATH, FILE, CODE), never Python types."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from conftest import run_svcstd
from svcstd import catalogue
from svcstd.catalogue_view import rules_table, wrap_cells

LANGS = ("en", "zh")


def summary_cells(table: str) -> dict[str, str]:
    """Each rule's summary, read back from the box table: its cell's lines joined."""
    found: dict[str, str] = {}
    code = None
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) != 4:
            continue
        code = cells[0].split(" ")[0] or code
        found[code] = (found.get(code, "") + " " + cells[-1]).strip()
    return found


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("width", [40, 60])
@pytest.mark.parametrize("lang", LANGS)
def test_a_narrow_terminal_stacks_each_summary_under_its_rule(lang, width):
    shown = rules_table(lang, width=width)
    assert "…" not in shown and "│" not in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= width
    summaries: dict[str, str] = {}
    code = None
    for line in shown.splitlines():
        if line.startswith("    "):
            summaries[code] = summaries.get(code, "") + line
        elif re.match(r"SVC\d{3}( \[\*\??\])?  ", line):
            code = line.split()[0]
    for rule in catalogue.all_rules():
        assert without_spaces(summaries[rule.code]) == without_spaces(catalogue.text(rule.code, "summary", lang))


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("lang", LANGS)
def test_table_summaries_wrap_and_are_never_cut(lang, width):
    table = rules_table(lang, width=width)
    assert "…" not in table
    assert max(cell_len(line) for line in table.splitlines()) <= width
    shown = summary_cells(table)
    for rule in catalogue.all_rules():
        assert without_spaces(shown[rule.code]) == without_spaces(catalogue.text(rule.code, "summary", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_table_uses_the_terminal_width(lang):
    wide = run_svcstd("rules", "--lang", lang, "--format", "table", env={"COLUMNS": "200"}).stdout.decode("utf-8")
    narrow = run_svcstd("rules", "--lang", lang, "--format", "table", env={"COLUMNS": "80"}).stdout.decode("utf-8")
    assert "…" not in wide and "…" not in narrow
    assert max(cell_len(line) for line in narrow.splitlines()) <= 80
    assert len(wide.splitlines()) < len(narrow.splitlines())


def test_chinese_wraps_between_characters_but_keeps_punctuation_with_its_word():
    text = "文件不是有效的 YAML，或其文档不是映射（键值对）。"
    lines = wrap_cells(text, 14).splitlines()
    assert without_spaces("".join(lines)) == without_spaces(text)
    assert all(cell_len(line) <= 14 for line in lines)
    assert not any(line[0] in "，。）" for line in lines[1:])
    assert not any(line.endswith("（") for line in lines)


@pytest.mark.parametrize("lang", LANGS)
def test_piped_rules_are_one_tab_separated_line_per_rule(lang):
    result = run_svcstd("rules", "--lang", lang)  # stdout is a pipe, as with `| grep`
    assert result.returncode == 0
    lines = result.stdout.decode("utf-8").splitlines()
    rules = catalogue.all_rules()
    assert len(lines) == len(rules)
    for line, rule in zip(lines, rules):
        assert line.split("\t") == [
            rule.code, rule.name, catalogue.ui(rule.severity, lang), catalogue.text(rule.code, "summary", lang)
        ]
    assert not re.search("[│┃━─]", result.stdout.decode("utf-8"))


def test_grep_finds_a_rule_by_its_chinese_summary():
    out = run_svcstd("rules", "--lang", "zh").stdout.decode("utf-8")
    hits = [line for line in out.splitlines() if "统一社会信用代码" in line]
    assert [line.split("\t")[0] for line in hits] == ["SVC604"]


@pytest.mark.parametrize(("prefix", "expected"), [("SVC4", "SVC4"), ("svc60", "SVC60"), ("SVC2", "SVC2")])
def test_explain_a_prefix_lists_the_matching_rules(prefix, expected):
    result = run_svcstd("explain", prefix)
    assert result.returncode == 0, result.stderr
    listed = [line.split("\t")[0] for line in result.stdout.decode("utf-8").splitlines()]
    assert listed == [r.code for r in catalogue.all_rules() if r.code.startswith(expected)]
    assert "SVC604" not in listed or expected == "SVC60"


def test_explain_a_prefix_on_a_terminal_shows_the_table(cli):
    code, out = cli("explain", "SVC4", "--lang", "zh")  # CliRunner's output is not a terminal
    assert code == 0 and out.splitlines()[0].startswith("SVC401\t")
    assert "SVC409" in out and "SVC501" not in out


def test_explain_a_prefix_matching_one_rule_explains_it(cli):
    assert cli("explain", "SVC90")[1] == cli("explain", "SVC901")[1]


def test_explain_an_unknown_code_still_suggests():
    result = run_svcstd("explain", "SVC8")
    assert result.returncode == 2 and b"unknown rule 'SVC8'" in result.stderr


@pytest.mark.parametrize("command", ["check", "report", "rules", "explain", "schema", "clean"])
def test_help_names_values_not_python_types(command):
    result = run_svcstd(command, "--help")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert not re.search(r"<(str|int|bool|list\[\w+\])>", out), out
    expected = {
        "check": ["[PATH]...", "--format FORMAT", "--output FILE", "--config FILE", "--jobs N", "--select CODES",
                  "--fail-on SEVERITY", "--lang LANG", "--schema FILE", "--cache-dir FOLDER", "--stdin-filename NAME"],
        "report": ["[PATH]...", "--format FORMAT", "--output FILE", "--lang LANG"],
        "rules": ["--format FORMAT", "--lang LANG", "--config FILE"],
        "explain": ["CODE", "--lang LANG"],
        "schema": ["[NAME]"],
        "clean": ["--cache-dir FOLDER", "--config FILE"],
    }[command]
    flat = " ".join(out.split())
    for words in expected:
        assert words in flat, f"{words!r} not in {command} --help"
