"""Authoring: `svcstd init`, `new`, `fix` (and `check --fix`), `docs`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINIMAL, OFFICES, REPO, run_svcstd, write
from svcstd import engine
from svcstd.authoring import fixes, init, reference, skeleton
from svcstd.config import Config, load_config

MINIMAL_11 = MINIMAL.replace('svcstd: "1"', 'svcstd: "1.1"')
TYPES = skeleton._known_types()
FILL_IN = {"SVC502", "SVC501"}  # placeholder text; the article of a law still to write


def fix(folder: Path, name: str, text: str, *, unsafe: bool = False, config: Config | None = None):
    path = write(folder, name, text)
    return fixes.fix_file(path, name, config or load_config(None), unsafe=unsafe, write=False)


# ---------------------------------------------------------------------------------------
# init


def test_init_creates_a_repository_that_checks_clean(tmp_path):
    result = run_svcstd("init", "repo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "repo"
    for name in ("offices.yaml", "svcstd.toml", ".pre-commit-config.yaml", ".github/workflows/svcstd.yml",
                 ".vscode/settings.json", init.SAMPLE, "schemas/zh/service-1.1.schema.json"):
        assert (root / name).is_file(), name
    assert "svcstd check" in (root / ".pre-commit-config.yaml").read_text("utf-8")
    assert 'svcstd: "1.1"' in (root / "offices.yaml").read_text("utf-8")
    assert "defaults:" in (root / "offices.yaml").read_text("utf-8")
    settings_ = json.loads((root / ".vscode/settings.json").read_text("utf-8"))
    assert "./schemas/zh/service-1.1.schema.json" in settings_["yaml.schemas"]
    checked = run_svcstd("check", ".", "--format", "json", cwd=root)
    assert checked.returncode == 0, checked.stdout.decode()
    data = json.loads(checked.stdout)
    assert data["findings"] == [] and data["files_checked"] == 2  # the registry and the sample


def test_new_in_an_initialised_repository_uses_its_office_and_schemas(tmp_path):
    assert run_svcstd("init", ".", cwd=tmp_path).returncode == 0
    (tmp_path / "services" / "civil").mkdir()
    made = run_svcstd("new", "benefit-1", "--type", "benefit", "-o", "services/civil/benefit-1.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "services/civil/benefit-1.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/zh/service-1.1.schema.json\n")
    assert (tmp_path / "services/civil" / "../../schemas/zh/service-1.1.schema.json").is_file()
    assert "  ref: sample-office\n" in text and "name: 待定" in text
    checked = run_svcstd("check", ".", "--format", "json", cwd=tmp_path)
    assert {f["code"] for f in json.loads(checked.stdout)["findings"]} == FILL_IN


def test_init_never_overwrites(tmp_path):
    (tmp_path / "offices.yaml").write_text("mine\n", "utf-8")
    result = run_svcstd("init", str(tmp_path), "--lang", "en")
    assert result.returncode == 2
    assert b"offices.yaml" in result.stderr and b"never overwrites" in result.stderr
    assert (tmp_path / "offices.yaml").read_text("utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offices.yaml"]  # nothing else written


# ---------------------------------------------------------------------------------------
# new


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("service_type", TYPES)
def test_new_skeleton_has_only_fill_in_findings(repo, lang, service_type):
    text = skeleton.skeleton("svc-1", service_type=service_type, office="test-office", lang=lang)
    write(repo, "svc.yaml", text)
    report = engine.check_paths(["svc.yaml"], load_config(None))
    codes = {f.code for f in report.findings}
    assert codes and codes <= FILL_IN, [(f.code, f.line, f.message) for f in report.findings if f.code not in FILL_IN]
    placeholder = skeleton.PLACEHOLDER[lang]
    assert sum(1 for f in report.findings if f.code == "SVC502") >= 10
    assert f"type: {service_type}" in text and f"name: {placeholder}" in text


def test_new_comments_are_in_the_chosen_language_and_list_allowed_values():
    zh = skeleton.skeleton("svc-1", service_type="licensing", office="x-office", lang="zh")
    en = skeleton.skeleton("svc-1", service_type="licensing", office="x-office", lang="en")
    assert "# 事项名称。 [必填]" in zh and "# Name of the service. [required]" in en
    assert "    # Who acts in this step. [required] Allowed values: applicant, office, third_party.\n    actor: office\n" in en
    # Chinese descriptions already explain each value; the list is not repeated in English.
    assert "    # 本环节由谁办理：applicant 申请人，office 部门，third_party 第三方。 [必填]\n    actor: office\n" in zh
    assert "[选填]" in zh and "[optional]" in en
    assert "Allowed values" not in zh  # no English sentence inside the Chinese skeleton


def test_new_skeleton_names_every_element_of_the_schema():
    text = skeleton.skeleton("svc-1", office="x-office", lang="en")
    root = skeleton._schema("en")
    for path, _, _ in reference.elements(root, "en"):
        key = path.rsplit(".", 1)[-1].replace("[]", "")
        assert f"{key}:" in text, path


def test_new_command_writes_a_file_once(repo, cli):
    code, out = cli("new", "svc-1", "--type", "benefit", "--office", "test-office", "--lang", "en", "-o", "services/svc-1.yaml")
    assert code == 0 and "services/svc-1.yaml" in out
    before = (repo / "services/svc-1.yaml").read_bytes()
    result = run_svcstd("new", "svc-1", "-o", "services/svc-1.yaml", cwd=repo)
    assert result.returncode == 2 and (repo / "services/svc-1.yaml").read_bytes() == before
    bad = run_svcstd("new", "svc-1", "--type", "licence", cwd=repo)
    assert bad.returncode == 2 and b"licensing" in bad.stderr and b"Traceback" not in bad.stderr


# ---------------------------------------------------------------------------------------
# fix: each fix, before and after, comments kept, idempotent

CASES = {
    "boolean": ("fees: {charged: false}", "fees: {charged: no}   # no fee (不收费)", "fees: {charged: false}   # no fee (不收费)"),
    "unit_zh": ("committed: {value: 10, unit: working_days}", "committed: {value: 10, unit: 工作日}  # 承诺",
                "committed: {value: 10, unit: working_days}  # 承诺"),
    "unit_en": ("committed: {value: 10, unit: working_days}", "committed: {value: 10, unit: Working days}",
                "committed: {value: 10, unit: working_days}"),
    "retention": ("retention: {value: 5, unit: years}", "retention: {value: 5, unit: 年}  # 五年",
                  "retention: {value: 5, unit: years}  # 五年"),
    "tab": ("  kind: commitment", "\tkind: commitment  # kept", "  kind: commitment  # kept"),
    "ideographic_space": ("  kind: commitment", "\u3000kind: commitment", "  kind: commitment"),
    "fullwidth_colon": ("fees: {charged: false}", "fees：{charged: false} # c", "fees: {charged: false} # c"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_safe_fix_before_and_after(repo, name):
    original, broken, fixed = CASES[name]
    assert original in MINIMAL_11
    text = MINIMAL_11.replace(original, broken, 1)
    result = fix(repo, "svc.yaml", text)
    assert result.applied, name
    assert result.fixed == MINIMAL_11.replace(original, fixed, 1)
    assert [f for f in result.remaining if f.code != "SVC602"] == []
    again = fix(repo, "svc.yaml", result.fixed)
    assert not again.applied and again.fixed == result.fixed  # idempotent


def test_missing_version_line_is_added_after_the_leading_comments(repo):
    text = "# Residence permit\n\n" + MINIMAL_11.replace('svcstd: "1.1"\n', "")
    result = fix(repo, "svc.yaml", text)
    assert result.fixed == "# Residence permit\n\n" + MINIMAL_11
    assert [c.code for c in result.applied] == ["SVC005"]


def test_unsafe_fixes_only_with_the_flag(repo):
    text = MINIMAL_11.replace("eligibility:", "eligibilty:  # who").replace(
        "responsible_office: {ref: test-office}", "responsible_office: {ref: 测试局}")
    safe = fix(repo, "svc.yaml", text)
    assert safe.fixed == text and len(safe.unsafe_skipped) == 2
    unsafe = fix(repo, "svc.yaml", text, unsafe=True)
    assert "eligibility:  # who" in unsafe.fixed and "{ref: test-office}" in unsafe.fixed
    assert sorted(c.code for c in unsafe.applied) == ["SVC104", "SVC601"]


def test_an_ambiguous_or_useless_rename_is_not_made(repo):
    # `zzz` suggests nothing: nothing to rename.
    text = MINIMAL_11.replace("fees: {charged: false}", "fees: {charged: false}\nzzz: 1")
    assert fix(repo, "svc.yaml", text, unsafe=True).applied == []


def test_a_file_that_stays_unparseable_is_left_untouched(repo):
    text = MINIMAL_11.replace("deadlines:\n  kind", "deadlines:\n\tkind").replace("name: {zh", "name: [{zh")
    path = write(repo, "svc.yaml", text)
    result = run_svcstd("fix", "svc.yaml", cwd=repo)
    assert path.read_text("utf-8") == text
    assert b"cannot be parsed" in result.stderr and result.returncode == 1


def test_fix_command_writes_atomically_and_reports(repo):
    path = write(repo, "svc.yaml", MINIMAL_11.replace("charged: false", "charged: no"))
    result = run_svcstd("fix", "svc.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert "svc.yaml:60:17: SVC102 fixed: `no` → `false`\nFixed 1 problem in 1 file.\n".encode() in result.stdout
    assert path.read_text("utf-8") == MINIMAL_11
    assert [p.name for p in repo.iterdir() if p.name.startswith(".svc.yaml")] == []


def test_fix_diff_shows_and_writes_nothing(repo):
    text = MINIMAL_11.replace("charged: false", "charged: no")
    path = write(repo, "svc.yaml", text)
    result = run_svcstd("fix", "--diff", "svc.yaml", cwd=repo)
    assert result.returncode == 1
    assert b"-fees: {charged: no}\n+fees: {charged: false}\n" in result.stdout
    assert path.read_text("utf-8") == text
    write(repo, "svc.yaml", MINIMAL_11)
    assert run_svcstd("fix", "--diff", "svc.yaml", cwd=repo).returncode == 0


def test_check_fix_fixes_then_reports_what_remains(repo):
    path = write(repo, "svc.yaml", MINIMAL_11.replace("charged: false", "charged: no").replace("type: benefit", "type: benfit"))
    result = run_svcstd("check", "--fix", "svc.yaml", cwd=repo)
    assert result.returncode == 1
    assert b"SVC102" not in result.stdout and b"SVC103" in result.stdout
    assert "charged: false" in path.read_text("utf-8")


def test_check_marks_and_counts_fixable_findings(repo, cli):
    write(repo, "svc.yaml", MINIMAL_11.replace("charged: false", "charged: no").replace("eligibility:", "eligibilty:"))
    code, out = cli("check", "--format", "text", "svc.yaml")
    assert code == 1
    assert "svc.yaml:60:17: SVC102 [error] [*] `charged`" in out
    assert "1 fixable with `svcstd fix`." in out and "1 more fixable with `svcstd fix --unsafe-fixes`" in out
    code, out = cli("check", "--format", "json", "svc.yaml")
    data = json.loads(out)
    assert {f["code"]: f["fix"] for f in data["findings"]} == {"SVC102": "safe", "SVC104": "unsafe"}
    assert data["summary"]["fixable"] == {"safe": 1, "unsafe": 1}
    code, out = cli("check", "--format", "text", "--lang", "zh", "svc.yaml")
    assert "其中 1 处可由 `svcstd fix` 自动修复。" in out


def test_rich_report_marks_and_counts_fixable_findings(repo):
    from svcstd.reporters import RenderOptions, render

    write(repo, "svc.yaml", MINIMAL_11.replace("charged: false", "charged: no"))
    report = engine.check_paths(["svc.yaml"], load_config(None))
    [finding] = report.findings
    assert (finding.code, finding.line, finding.column, finding.fix) == ("SVC102", 60, 17, "safe")
    out = render("rich", report, RenderOptions(color=False, width=200))
    assert "svc.yaml:60:17 SVC102 error [*] `charged`" in out
    assert "1 fixable with `svcstd fix`." in out
    zh = render("rich", report, RenderOptions(lang="zh", color=False, width=200))
    assert "其中 1 处可由 `svcstd fix` 自动修复。" in zh


def test_every_authoring_text_has_chinese_with_the_same_placeholders():
    import re
    import string

    zh = json.loads((REPO / "src/svcstd/locales/zh.json").read_text("utf-8"))["_authoring"]
    english = {**fixes.TEXTS_EN, **{f"new.{k}": v for k, v in skeleton.TEXTS_EN.items()},
               **{f"init.{k}": v for k, v in init.TEXTS_EN.items()},
               **{f"docs.{k}": v for k, v in reference.TEXTS_EN.items()}}
    from svcstd import catalogue

    for rule in catalogue.all_rules():
        for index, _ in enumerate(rule.fixes):
            english[f"fix.{rule.code}.{index}"] = rule.fixes[index][1]

    def fields(template: str) -> set:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, template in english.items():
        assert key in zh, key
        assert fields(zh[key]) == fields(template), key
        assert not re.search(r"[\u4e00-\u9fff]", template) or key.startswith("fix.SVC103"), key


def test_rules_and_explain_say_what_is_fixable(cli):
    code, out = cli("rules", "--format", "json")
    fixable = {r["code"]: r["fix"] for r in json.loads(out)}
    assert fixable["SVC102"] == "safe" and fixable["SVC601"] == "unsafe" and fixable["SVC201"] is None
    code, out = cli("explain", "SVC103", "--lang", "zh")
    assert "svcstd fix: 用文字写的单位" in out


# ---------------------------------------------------------------------------------------
# Never lose a byte


def _yaml_files() -> list[Path]:
    found = sorted(EXAMPLES.rglob("*.yaml")) + sorted((REPO / "tests").rglob("*.yaml")) + sorted((REPO / "tests").rglob("*.yml"))
    return [p for p in found if "hostile" not in p.parts or p.stat().st_size < 200_000]


def test_fix_leaves_every_file_without_an_applicable_fix_byte_identical(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(EXAMPLES, copy / "examples")
    shutil.copytree(REPO / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")}
    assert len(before) > 30
    config = load_config(None)
    unchanged = 0
    for path, raw in before.items():
        result = fixes.fix_file(path, str(path), config, unsafe=True, write=True)
        if not result.applied:
            assert path.read_bytes() == raw, path
            unchanged += 1
        else:
            assert result.changed and result.remaining is not None
    assert unchanged >= len(before) - 15
    for path in sorted((copy / "examples" / "services").rglob("*.yaml")):
        assert path.read_bytes() == before[path]  # the clean examples: nothing to fix at all


BREAKAGES = {
    "boolean": ("fees: {charged: false}", "fees: {charged: no}"),
    "unit": ("deadline: {value: 5, unit: working_days}", "deadline: {value: 5, unit: 工作日}"),
    "unit_en": ("statutory: {value: 20, unit: working_days}", "statutory: {value: 20, unit: working days}"),
    "retention": ("retention: {value: 2, unit: years}", "retention: {value: 2, unit: 年}"),
    "version": ('svcstd: "1.1"\n', ""),
    "tab": ("\n  kind: commitment", "\n\tkind: commitment"),
    "ideographic": ("\n  committed: {value: 10", "\n\u3000committed: {value: 10"),
    "colon": ("\noutcome: {", "\noutcome：{"),
}


UNSAFE_BREAKAGES = {
    "typo": ("\neligibility:", "\neligibilty:"),
    "office_name": ("responsible_office: {ref: test-office}", "responsible_office: {ref: 测试局}"),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(BREAKAGES) + sorted(UNSAFE_BREAKAGES)), min_size=1), st.booleans())
def test_property_fixing_generated_broken_files_restores_them(tmp_path, chosen, unsafe):
    """Break a clean definition in several ways at once; `fix` must give back exactly the
    clean text (the fixed issues gone, nothing else changed), and a second run nothing."""
    (tmp_path / "offices.yaml").write_text(OFFICES, "utf-8")
    text = MINIMAL_11
    breakages = {**BREAKAGES, **UNSAFE_BREAKAGES}
    for name in sorted(chosen):
        original, broken = breakages[name]
        assert original in text
        text = text.replace(original, broken, 1)
    path = write(tmp_path, "svc.yaml", text)
    result = fixes.fix_file(path, "svc.yaml", Config(), unsafe=unsafe, write=True)
    needs_review = chosen & set(UNSAFE_BREAKAGES)
    if unsafe or not needs_review:
        assert path.read_text("utf-8") == MINIMAL_11, (chosen, result.problem)
        assert engine.check_paths([str(path)], Config()).findings == ()
    else:
        # The safe part is done; what needs review is left exactly as written.
        expected = MINIMAL_11
        for name in sorted(needs_review):
            original, broken = UNSAFE_BREAKAGES[name]
            expected = expected.replace(original, broken, 1)
        assert path.read_text("utf-8") == expected, chosen
        assert len(result.unsafe_skipped) == len(needs_review)
    again = fixes.fix_file(path, "svc.yaml", Config(), unsafe=unsafe, write=False)
    assert not again.changed


def test_exit_non_zero_on_fix(repo):
    write(repo, "svc.yaml", MINIMAL_11.replace("charged: false", "charged: no"))
    assert run_svcstd("fix", "--exit-non-zero-on-fix", "svc.yaml", cwd=repo).returncode == 1
    assert run_svcstd("fix", "--exit-non-zero-on-fix", "svc.yaml", cwd=repo).returncode == 0  # nothing left


# ---------------------------------------------------------------------------------------
# docs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_committed_reference_is_current(lang):
    committed = (REPO / "docs" / f"reference.{lang}.md").read_text("utf-8")
    assert committed == reference.reference(lang), "run: svcstd docs --lang {lang} -o docs/reference.{lang}.md"


def test_reference_lists_elements_types_values_and_rules():
    text = reference.reference("en")
    assert "| `steps[].public_status` | text (string or {language: string}) | no |" in text
    row = next(line for line in text.splitlines() if line.startswith("| `deadlines.committed.unit`"))
    assert "`working_days`, `calendar_days`, `hours`" in row and "SVC103" in row and "| yes |" in row
    assert "**SVC102** `wrong-type`" in text and "fixable by `svcstd fix`" in text


def test_fix_keeps_byte_order_mark_and_crlf_line_endings(repo):
    text = MINIMAL_11.replace("charged: false", "charged: no").replace('svcstd: "1.1"\n', "")
    path = repo / "svc.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run_svcstd("fix", "svc.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert path.read_bytes() == b"\xef\xbb\xbf" + MINIMAL_11.replace("\n", "\r\n").encode("utf-8")


def test_fix_standard_input_prints_the_fixed_text(repo):
    broken = MINIMAL_11.replace("charged: false", "charged: no")
    result = run_svcstd("fix", "-", cwd=repo, input=broken.encode("utf-8"))
    assert result.stdout.decode("utf-8") == MINIMAL_11 and result.returncode == 0
    diff = run_svcstd("fix", "--diff", "-", cwd=repo, input=broken.encode("utf-8"))
    assert diff.returncode == 1 and b"+fees: {charged: false}" in diff.stdout


def test_fix_marks_follow_a_registry_changed_between_two_runs_in_one_process(tmp_path, monkeypatch):
    """The registries read for the fix marks are read again on the next run: a library
    user (or an editor) that checks, edits offices.yaml and checks again must see marks
    made against the new registry (an office reference written as a name becomes fixable
    once the registry has an office of that name)."""
    from svcstd import engine
    from svcstd.config import load_config

    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    registry = tmp_path / "offices.yaml"
    registry.write_text('svcstd: "1.1"\noffices:\n  - {id: test-office, name: 测试机构}\n', "utf-8")
    text = MINIMAL_11.replace("ref: test-office", "ref: 新机构", 1)
    assert text != MINIMAL_11
    (tmp_path / "service.yaml").write_text(text + "x-typo-below: 1\nlanguag: zh\n", "utf-8")
    monkeypatch.chdir(tmp_path)

    def marks():
        report = engine.check_paths(["service.yaml"], load_config(), engine.CheckOptions(jobs=1))
        return {f.code: f.fix for f in report.findings}

    first = marks()
    assert first.get("SVC104") and first.get("SVC601") == ""  # the dry run ran; no office of that name
    registry.write_text(
        'svcstd: "1.1"\noffices:\n  - {id: test-office, name: 测试机构}\n  - {id: new-office, name: 新机构}\n', "utf-8"
    )
    assert marks().get("SVC601")  # the name is now an office's: the reference can be fixed
