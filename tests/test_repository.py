"""Repository checks: the offices registry (SVC601, SVC603), unique ids (SVC602), credit
codes (SVC105, SVC604), and partial runs as pre-commit makes them."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess

import pytest

from conftest import EXAMPLES, MINIMAL, OFFICES, REPO, real_guides, run_svcstd, write
from svcstd import repository
from svcstd.config import Config, load_config
from svcstd.engine import check_paths
from svcstd.load import load_text, peek_top_level


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} times"
    return hits[occurrence - 1]


def findings_of(cli, *args, input=None):
    code, out = cli("check", "--format", "json", *args, input=input)
    return code, json.loads(out)


def located(data, code):
    return sorted((f["file"], f["line"]) for f in data["findings"] if f["code"] == code)


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """A copy of the examples' definitions repository (registry + services/), as cwd,
    without the real guides: they keep findings of their own (tests/test_examples.py)."""
    shutil.copy(EXAMPLES / "offices.yaml", tmp_path / "offices.yaml")
    real = {path.name for path in real_guides()}
    shutil.copytree(EXAMPLES / "services", tmp_path / "services", ignore=lambda _, names: real & set(names))
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def definitions(root):
    return sorted(p for p in (root / "services").rglob("*.yaml"))


# ---------------------------------------------------------------------------------------
# Credit codes (GB 32100-2015), the examples of the spec


@pytest.mark.parametrize("code", ["91350100M000100Y43", "12100000400000624D", "11100000000000000J"])
def test_valid_credit_codes_pass(code):
    assert repository.wrong_check_character(code) is None


def test_wrong_check_character_names_the_right_one():
    assert repository.wrong_check_character("911100001000026009") == "A"


@pytest.mark.parametrize("shape", ["91350100M000100Y4", "91350100M000100Y4I", 91350100, None])
def test_wrong_shape_is_left_to_the_schema(shape):
    assert repository.wrong_check_character(shape) is None


# ---------------------------------------------------------------------------------------
# The sample repository


def test_examples_repository_is_clean_but_for_the_real_guides(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    code, data = findings_of(cli, "examples/")
    real = {path.relative_to(REPO).as_posix() for path in real_guides()}
    assert {f["file"] for f in data["findings"]} == real
    assert code == 1
    assert data["files_checked"] >= 16


def test_examples_registry_is_read_when_one_definition_is_checked(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    name = definitions(EXAMPLES)[0].relative_to(REPO).as_posix()
    code, data = findings_of(cli, name)
    assert (code, data["findings"]) == (0, [])


def test_sample_copy_is_clean(sample, cli):
    code, data = findings_of(cli, ".")
    assert (code, data["findings"]) == (0, [])


# ---------------------------------------------------------------------------------------
# SVC601


def test_unknown_office_in_every_kind_of_reference(sample, cli):
    path = next(p for p in definitions(sample) if "shared_with" in p.read_text("utf-8"))
    text = path.read_text("utf-8")
    lines = text.splitlines()
    responsible = line_of(text, "responsible_office:")
    step_office = line_of(text, "    office:")
    share_office = line_of(text, "- office:")
    # Rename every office reference on those three lines (or the line after, block style).
    for number in (responsible, step_office, share_office):
        for candidate in (number - 1, number):
            if "ref:" in lines[candidate]:
                lines[candidate] = lines[candidate].replace("ref: ", "ref: nowhere-", 1)
                break
        else:
            raise AssertionError(f"no ref near line {number}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, data = findings_of(cli, ".")
    found = [f for f in data["findings"] if f["code"] == "SVC601"]
    pointers = {f["path"].rsplit("/", 1)[0] for f in found}
    assert code == 1
    assert "/responsible_office" in pointers
    assert any(p.startswith("/steps/") for p in pointers)
    assert any("/shared_with/" in p for p in pointers)
    assert {f["file"] for f in found} == {path.relative_to(sample).as_posix()}
    assert all("not in the offices registry offices.yaml" in f["message"] for f in found)


def test_unknown_office_suggests_the_nearest(repo, cli):
    write(repo, "a.yaml", MINIMAL.replace("responsible_office: {ref: test-office}", "responsible_office: {ref: test-ofice}"))
    code, data = findings_of(cli, "a.yaml")
    [finding] = data["findings"]
    assert finding["code"] == "SVC601"
    assert (finding["line"], finding["column"]) == (line_of(MINIMAL, "responsible_office"), 27)
    assert finding["path"] == "/responsible_office/ref"
    assert "Did you mean `test-office`?" in finding["message"]


def test_no_registry_is_one_warning_for_the_whole_run(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "svcstd.toml").write_text("", "utf-8")
    for n in range(4):
        write(tmp_path, f"s/{n}.yaml", MINIMAL.replace("id: minimal-benefit", f"id: service-{n}"))
    code, data = findings_of(cli, "s")
    assert [(f["code"], f["severity"], f["file"]) for f in data["findings"]] == [("SVC601", "warning", "offices.yaml")]
    assert "No offices registry found" in data["findings"][0]["message"]
    assert code == 0  # a warning does not fail the run by default


def test_configured_registry_is_found_from_a_subfolder(tmp_path, monkeypatch, cli):
    write(tmp_path, "registry/offices-list.yaml", OFFICES)
    write(tmp_path, "svcstd.toml", 'offices = "registry/offices-list.yaml"\n')
    write(tmp_path, "services/deep/a.yaml", MINIMAL.replace("{ref: test-office}", "{ref: other}", 1))
    monkeypatch.chdir(tmp_path / "services" / "deep")
    code, data = findings_of(cli, "a.yaml")
    assert located(data, "SVC601") == [("a.yaml", line_of(MINIMAL, "responsible_office"))]
    assert "../../registry/offices-list.yaml" in data["findings"][0]["message"]


def test_configured_registry_that_does_not_exist(tmp_path, monkeypatch, cli):
    write(tmp_path, "svcstd.toml", 'offices = "nowhere.yaml"\n')
    write(tmp_path, "a.yaml", MINIMAL)
    monkeypatch.chdir(tmp_path)
    code, data = findings_of(cli, "a.yaml")
    assert [(f["code"], f["file"]) for f in data["findings"]] == [("SVC603", "nowhere.yaml")]
    assert code == 1


# ---------------------------------------------------------------------------------------
# SVC602


def test_duplicate_id_reported_on_the_later_file(sample, cli):
    first = definitions(sample)[0]
    text = first.read_text("utf-8")
    copy = write(sample, "services/zz/copy.yaml", text)
    code, data = findings_of(cli, ".")
    first_name = first.relative_to(sample).as_posix()
    assert located(data, "SVC602") == [("services/zz/copy.yaml", line_of(text, "id:"))]
    [finding] = [f for f in data["findings"] if f["code"] == "SVC602"]
    assert f"also used by {first_name} (line {line_of(text, 'id:')})" in finding["message"]
    assert finding["path"] == "/id"
    assert copy.exists() and code == 1


def test_three_files_one_id_two_findings(repo, cli):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        write(repo, name, MINIMAL)
    code, data = findings_of(cli, ".")
    assert located(data, "SVC602") == [("b.yaml", 2), ("c.yaml", 2)]
    assert all("a.yaml (line 2)" in f["message"] for f in data["findings"])


def test_a_link_to_a_definition_is_not_a_duplicate(repo, cli):
    write(repo, "a.yaml", MINIMAL)
    (repo / "alias.yaml").symlink_to(repo / "a.yaml")
    code, data = findings_of(cli, ".")
    assert (code, data["findings"], data["files_checked"]) == (0, [], 2)  # a.yaml + the registry


def test_a_definition_named_by_its_link_is_not_a_duplicate_of_its_own_file(repo, cli):
    """The other definitions of the scope are compared by name first; only a name the
    run did not check makes the pass look at which file each checked name is."""
    write(repo, "a.yaml", MINIMAL)
    write(repo, "b.yaml", MINIMAL.replace("minimal-benefit", "other-benefit"))
    (repo / "alias.yaml").symlink_to(repo / "a.yaml")
    code, data = findings_of(cli, "alias.yaml")
    assert (code, data["findings"]) == (0, [])
    write(repo, "c.yaml", MINIMAL)  # a real second definition with the same id
    code, data = findings_of(cli, "alias.yaml")
    assert [(f["code"], f["file"]) for f in data["findings"]] == [("SVC602", "alias.yaml")]
    assert "c.yaml (line 2)" in data["findings"][0]["message"]


def test_checked_definitions_count_as_seen_by_name_and_by_file(tmp_path, monkeypatch):
    from svcstd.discovery import Target, file_stat
    from svcstd.repository import ServiceSummary, _Absolute, _Checked, _SeenFiles

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("x: 1\n", "utf-8")
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("x: 1\n", "utf-8")
    target = Target("a.yaml", "a.yaml", stat=file_stat(os.stat("a.yaml")))
    item = _Checked.of("a.yaml", "a.yaml", ServiceSummary("x", ()), _Absolute(), target=target)
    assert item.path == str(tmp_path / "a.yaml") and item.identity == target.identity
    seen = _SeenFiles()
    seen.add_checked([item])
    assert Target("a.yaml", "a.yaml") in seen
    assert Target("alias.yaml", "alias.yaml") in seen  # the same file under another name
    assert Target("b.yaml", "b.yaml") not in seen


def test_a_file_the_run_could_not_load_is_not_loaded_again_for_its_summary(repo, monkeypatch):
    """The registry's dependants and the data flows look for definitions the run did not
    check; a file it checked and could not load gives no summary a second time either."""
    from svcstd import engine, repository
    from svcstd.config import load_config
    from svcstd.oversight import flows

    write(repo, "services/a.yaml", MINIMAL)
    write(repo, "services/broken.yaml", "svcstd: \"1\"\nid: broken\nshared_with: [\n")
    asked: list[str] = []
    real = repository._summary_of

    def summary_of(target, config, cache):
        asked.append(target.display)
        return real(target, config, cache)

    monkeypatch.setattr(repository, "_summary_of", summary_of)
    monkeypatch.setattr(flows, "_summary_of", summary_of)
    indexed: list[int] = []
    real_index = repository._SeenFiles._index_checked
    monkeypatch.setattr(repository._SeenFiles, "_index_checked", lambda seen: indexed.append(1) or real_index(seen))
    report = engine.check_paths(["."], load_config(), engine.CheckOptions(use_cache=False))
    assert "services/broken.yaml" not in asked
    assert [(f.code, f.file) for f in report.findings] == [("SVC001", "services/broken.yaml")]
    # Nor does it make the pass index every checked file's inode to be peeked for its id.
    assert indexed == []


# ---------------------------------------------------------------------------------------
# SVC603 / SVC604 / SVC105 in the registry


def test_registry_problems_with_positions(sample, cli):
    registry = sample / "offices.yaml"
    text = registry.read_text("utf-8")
    text = text.replace("  - id: mca\n", "  - id: mca\n    colour: red\n", 1)
    text += (
        "  - id: mps\n    name: Duplicate\n"
        "  - id: orphan\n    name: Orphan\n    parent: bj-pbs\n"
        "  - id: loop-a\n    name: A\n    parent: loop-b\n"
        "  - id: loop-b\n    name: B\n    parent: loop-a\n"
        "  - id: nameless\n"
        "  - id: bad-code\n    name: Bad code\n    credit_code: \"911100001000026009\"\n"
        "  - id: short-code\n    name: Short code\n    credit_code: \"91110000100002600\"\n"
    )
    registry.write_text(text, "utf-8")
    code, data = findings_of(cli, ".")
    got = {(f["code"], f["line"]) for f in data["findings"] if f["file"] == "offices.yaml"}
    assert ("SVC603", line_of(text, "colour: red")) in got  # unknown key
    assert ("SVC603", line_of(text, "name: Duplicate") - 1) in got  # duplicate id
    assert ("SVC603", line_of(text, "parent: bj-pbs")) in got  # unknown parent
    assert ("SVC603", line_of(text, "parent: loop-b")) in got  # parent cycle, reported once
    assert ("SVC603", line_of(text, "- id: nameless")) in got  # missing name
    assert ("SVC604", line_of(text, "911100001000026009")) in got
    assert ("SVC105", line_of(text, "91110000100002600\"")) in got
    assert len([c for c, _ in got if c == "SVC603"]) == 5
    messages = " ".join(f["message"] for f in data["findings"])
    assert "Did you mean `bj-psb`?" in messages
    assert "loop-a → loop-b → loop-a" in messages
    # The definitions still resolve against the offices that are sound.
    assert not any(f["code"] == "SVC601" for f in data["findings"])
    assert code == 1


def test_registry_not_among_the_files_checked_and_unreadable(repo, cli):
    (repo / "offices.yaml").write_text("svcstd: \"1\"\noffices: [\n", "utf-8")
    write(repo, "services/a.yaml", MINIMAL)
    write(repo, "services/b.yaml", MINIMAL.replace("minimal-benefit", "other-benefit"))
    code, data = findings_of(cli, "services")
    assert [(f["code"], f["file"]) for f in data["findings"]] == [("SVC603", "offices.yaml")]
    assert "2 file(s) were not checked" in data["findings"][0]["message"]


def test_credit_code_check_character_in_a_definition(repo, cli):
    text = MINIMAL.replace(
        "responsible_office: {ref: test-office}",
        'responsible_office: {ref: test-office, credit_code: "911100001000026009"}',
    ).replace(
        "    office: {ref: test-office}\n    deadline: {value: 5",
        '    office: {ref: test-office, credit_code: "9111000010000260"}\n    deadline: {value: 5',
    )
    write(repo, "a.yaml", text)
    code, data = findings_of(cli, "a.yaml")
    assert [(f["code"], f["line"], f["path"]) for f in data["findings"]] == [
        ("SVC604", line_of(text, "responsible_office"), "/responsible_office/credit_code"),
        ("SVC105", line_of(text, '"9111000010000260"'), "/steps/1/office/credit_code"),
    ]
    assert "require `A`" in data["findings"][0]["message"]


# ---------------------------------------------------------------------------------------
# Partial runs (pre-commit passes the changed files by name)


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_pre_commit_style_run_reads_registry_and_other_ids(sample):
    """Run as a hook would, in a git repository, naming only the changed file."""
    git(sample, "init", "-q")
    changed = write(sample, "services/new/added.yaml", definitions(sample)[-1].read_text("utf-8"))
    text = changed.read_text("utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "ref:" in line)
    lines[at] = lines[at].replace("ref: ", "ref: typo-", 1)
    changed.write_text("\n".join(lines) + "\n", "utf-8")

    done = run_svcstd("check", "--format", "json", "services/new/added.yaml", cwd=sample)
    data = json.loads(done.stdout)
    assert done.returncode == 1, done.stderr
    assert data["files_checked"] == 1
    other = definitions(sample)[-1]
    assert other.name != "added.yaml"
    codes = sorted((f["code"], f["line"]) for f in data["findings"])
    assert codes == [("SVC601", at + 1), ("SVC602", line_of(text, "id:"))]
    assert other.relative_to(sample).as_posix() in next(f for f in data["findings"] if f["code"] == "SVC602")["message"]


def test_partial_run_reports_a_clash_with_an_unchecked_file_even_when_sorting_first(repo, cli):
    write(repo, "a.yaml", MINIMAL)
    write(repo, "z/b.yaml", MINIMAL)
    code, data = findings_of(cli, "a.yaml")
    assert located(data, "SVC602") == [("a.yaml", 2)]
    assert "z/b.yaml (line 2)" in data["findings"][0]["message"]


def test_partial_run_ignores_excluded_and_git_ignored_files(repo, cli):
    git(repo, "init", "-q")
    (repo / "svcstd.toml").write_text('exclude = ["drafts/"]\n', "utf-8")
    (repo / ".gitignore").write_text("build/\n", "utf-8")
    write(repo, "a.yaml", MINIMAL)
    write(repo, "drafts/a-copy.yaml", MINIMAL)
    write(repo, "build/a-copy.yaml", MINIMAL)
    code, data = findings_of(cli, "a.yaml")
    assert (code, data["findings"]) == (0, [])


def test_partial_run_from_a_subfolder(repo, monkeypatch, cli):
    write(repo, "services/x/a.yaml", MINIMAL.replace("{ref: test-office}", "{ref: test-offic}", 1))
    write(repo, "services/y/b.yaml", MINIMAL)
    monkeypatch.chdir(repo / "services" / "x")
    code, data = findings_of(cli, "a.yaml")
    assert sorted((f["code"], f["file"]) for f in data["findings"]) == [("SVC601", "a.yaml"), ("SVC602", "a.yaml")]
    assert "../y/b.yaml" in next(f["message"] for f in data["findings"] if f["code"] == "SVC602")


def test_ids_of_other_files_are_read_as_the_loader_reads_them(tmp_path):
    """The quick read of other files' ids must agree with a full load."""
    cases = [
        'svcstd: "1"\nid: plain\n',
        'id: "quoted"\nname: {a: [1, 2]}\nsvcstd: "1"\n',
        '{svcstd: "1", id: flow}\n',
        "svcstd: \"1\"\nid: 123\n",  # a number, not an id
        "svcstd: \"1\"\nsteps:\n  - id: nested\n",
        "svcstd: \"1\"\nid: first\nid: second\n",
    ]
    for number, text in enumerate(cases):
        path = write(tmp_path, f"{number}.yaml", text)
        peeked = peek_top_level(path, ("svcstd", "id"))
        loaded = load_text(text, "x").document.data.get("id")
        assert (peeked.get("id", (None,))[0]) == loaded, text


def test_summary_is_small_and_picklable():
    doc = load_text(MINIMAL, "a.yaml").document
    summary = repository.summarize(doc)
    assert summary.id == "minimal-benefit"
    assert [r.ref for r in summary.office_refs] == ["test-office"] * 3
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert len(pickle.dumps(summary)) < 2000


def test_library_use_without_cli(repo):
    write(repo, "a.yaml", MINIMAL.replace("{ref: test-office}", "{ref: nope}", 1))
    report = check_paths(["a.yaml"], load_config())
    assert [(f.code, f.line) for f in report.findings] == [("SVC601", line_of(MINIMAL, "responsible_office"))]
    assert check_paths(["a.yaml"], Config(root=str(repo))).findings[0].code == "SVC601"


def test_stdin_named_after_its_file_is_not_its_own_duplicate(repo, cli):
    write(repo, "services/a.yaml", MINIMAL)
    code, data = findings_of(cli, "-", "--stdin-filename", "services/a.yaml", input=MINIMAL)
    assert (code, data["findings"]) == (0, [])
    changed = MINIMAL.replace("{ref: test-office}", "{ref: test-ofice}", 1)
    code, data = findings_of(cli, "-", "--stdin-filename", "services/b.yaml", input=changed)
    assert sorted((f["code"], f["file"]) for f in data["findings"]) == [
        ("SVC601", "services/b.yaml"), ("SVC602", "services/b.yaml"),
    ]
