"""`svcstd dataflows` and the data-flow rules SVC606-SVC609 on tests/data/dataflows:
8 offices, 12 services (one in format 1.1, one retired) whose flows exercise each rule once."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import string

import pytest

from conftest import DATA, run_svcstd
from svcstd import catalogue
from svcstd.config import load_config
from svcstd.engine import check_paths
from svcstd.oversight import texts

FLOWS = DATA / "dataflows"


def test_each_flow_rule_reports_once_at_its_place(monkeypatch):
    monkeypatch.chdir(FLOWS)
    report = check_paths(["."], load_config(cwd=FLOWS))
    found = sorted((f.code, f.file, f.line, f.column) for f in report.findings)
    assert found == [
        ("SVC606", "services/human-resources/unemployment-benefit.yaml", 44, 13),  # its `source`
        ("SVC607", "services/health/birth-medical-certificate.yaml", 51, 24),  # the archives' ref
        ("SVC608", "services/civil-affairs/minimum-living-allowance.yaml", 49, 64),  # its legal_basis
        ("SVC609", "services/health/birth-medical-certificate.yaml", 50, 9),  # the sharing entry
    ]
    by_code = {f.code: f for f in report.findings}
    assert "`unemployment-registration`" in by_code["SVC606"].message and "employment" in by_code["SVC606"].message
    assert "`cd-archives`" in by_code["SVC607"].message
    assert "社会救助暂行办法 第十一条" in by_code["SVC608"].message
    assert "marriage-registration.yaml (line 49)" in by_code["SVC608"].message
    assert "`cd-psb`" in by_code["SVC609"].message
    lines = (FLOWS / "services/human-resources/unemployment-benefit.yaml").read_text("utf-8").splitlines()
    assert lines[43][12:].startswith("department_sharing")


def test_partial_run_judges_a_file_against_the_whole_repository(monkeypatch, tmp_path):
    """pre-commit names one file: its senders are in files it does not name."""
    monkeypatch.chdir(FLOWS)
    report = check_paths(["services/education/school-enrolment.yaml"], load_config(cwd=FLOWS))
    assert [f.code for f in report.findings] == []  # both its inbound items have a sender
    report = check_paths(["services/human-resources/unemployment-benefit.yaml"], load_config(cwd=FLOWS))
    assert [(f.code, f.line) for f in report.findings] == [("SVC606", 44)]


def test_rules_speak_chinese(monkeypatch):
    monkeypatch.chdir(FLOWS)
    report = check_paths(["."], load_config(cwd=FLOWS, lang="zh"))
    for finding in report.findings:
        assert re.search(r"[\u4e00-\u9fff]", finding.message), finding.message
        prose = re.sub(r"`[^`]*`", "", finding.message)  # keys, ids and values stay as written
        assert not re.search(r"\b(the|is|with|office|shared)\b", prose), finding.message


def test_flow_rules_are_declared_with_examples():
    for code in ("SVC606", "SVC607", "SVC608", "SVC609"):
        rule = catalogue.get(code)
        assert rule.bad and rule.good and rule.rationale and rule.messages
        assert rule.cross_file == (code != "SVC609")  # SVC609 needs one file only
        assert catalogue.text(code, "summary", "zh") != rule.summary


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_output_texts_exist_in_chinese_with_the_same_placeholders():
    chinese = catalogue._locale("zh")["_oversight"]
    assert set(chinese) == set(texts.EN)
    for key, english in texts.EN.items():
        assert _fields(chinese[key]) == _fields(english), key


# ---------------------------------------------------------------------------------------
# The register


def dataflows(*args, cwd=FLOWS):
    done = run_svcstd("dataflows", *args, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def register():
    return json.loads(dataflows(".", "--format", "json"))


def test_register_lists_every_office_service_flow_and_transfer(register):
    offices = {o["id"]: o for o in register["offices"]}
    assert sorted(offices) == ["cd-archives", "cd-civil-affairs", "cd-education", "cd-health", "cd-housing",
                               "cd-hrss", "cd-psb", "cd-tax"]
    assert sum(len(o["services"]) for o in register["offices"]) == 12
    assert offices["cd-archives"]["services"] == [] and offices["cd-archives"]["processing"] == []
    retired = next(s for s in offices["cd-housing"]["services"] if s["id"] == "old-building-permit")
    assert retired["status"] == "retired"
    delivery = next(p for p in offices["cd-health"]["processing"] if p["item"] == "delivery-record")
    assert delivery == {
        "service": "birth-medical-certificate", "item": "delivery-record", "name": "Delivery record",
        "categories": ["health"], "sensitive": True, "source": "applicant", "purpose": "To check the delivery record",
        "legal_basis": "母婴保健法 第二十三条", "retention": {"value": 5, "unit": "years"},
    }
    pairs = [(f["from"], f["to"], f["sensitive"], len(f["items"])) for f in register["flows"]]
    assert pairs == [
        ("cd-civil-affairs", "cd-hrss", False, 2),
        ("cd-health", "cd-archives", True, 1),
        ("cd-health", "cd-education", True, 1),
        ("cd-health", "cd-psb", True, 1),
        ("cd-hrss", "cd-civil-affairs", True, 1),
        ("cd-psb", "cd-civil-affairs", False, 1),
        ("cd-psb", "cd-education", False, 1),
        ("cd-psb", "cd-hrss", False, 1),
        ("cd-tax", "cd-housing", False, 1),
    ]
    to_psb = next(f for f in register["flows"] if f["to"] == "cd-psb")["items"][0]
    assert (to_psb["item"], to_psb["method"], to_psb["legal_basis"]) == ("delivery-record", None, "户口登记条例 第七条")
    assert [(x["office"], x["item"], x["destination"], x["sensitive"]) for x in register["cross_border"]] == [
        ("cd-hrss", "identity-card", "HK", False), ("cd-hrss", "bank-account-abroad", "HK", True),
    ]


def test_filters(register):
    only = json.loads(dataflows(".", "--format", "json", "--office", "cd-psb"))
    assert {(f["from"], f["to"]) for f in only["flows"]} == {
        ("cd-health", "cd-psb"), ("cd-psb", "cd-civil-affairs"), ("cd-psb", "cd-education"), ("cd-psb", "cd-hrss")}
    assert next(o for o in only["offices"] if o["id"] == "cd-health")["processing"] == []
    sensitive = json.loads(dataflows(".", "--format", "json", "--sensitive"))
    assert all(f["sensitive"] for f in sensitive["flows"]) and len(sensitive["flows"]) == 4
    assert all(p["sensitive"] for o in sensitive["offices"] for p in o["processing"])
    health = json.loads(dataflows(".", "--format", "json", "--category", "health"))
    assert {p["item"] for o in health["offices"] for p in o["processing"]} == {"delivery-record", "vaccination-record", "birth-medical-certificate"}


def test_csv_has_a_row_per_processing(register):
    rows = list(csv.DictReader(io.StringIO(dataflows(".", "--format", "csv"))))
    kinds = [r["kind"] for r in rows]
    collected = sum(len(o["processing"]) for o in register["offices"])
    assert kinds.count("collected") == collected
    assert kinds.count("shared") == sum(len(f["items"]) for f in register["flows"]) == 10
    assert kinds.count("cross_border") == 2
    assert next(r for r in rows if r["kind"] == "shared" and r["to"] == "cd-archives")["method"] == "file"


def test_markdown_in_chinese():
    text = dataflows(".", "--lang", "zh")
    assert text.startswith("# 个人信息处理活动登记簿")
    assert "共 8 个部门、12 个事项、9 条部门间数据流转、2 项跨境传输。" in text
    assert "| `cd-health` | `cd-psb` | `birth-medical-certificate` | 分娩记录 (`delivery-record`) | 是 |" in text
    assert "未写明" in text


def test_html_file_from_extension(tmp_path):
    page = tmp_path / "out" / "register.html"
    dataflows(".", "--output", str(page))
    html = page.read_text("utf-8")
    assert html.count('<g class="office"') == 8
    assert html.count('<path class="flow') == 9
    assert "<script" not in html


def test_bad_format_is_a_usage_error():
    done = run_svcstd("dataflows", ".", "--format", "pdf", cwd=FLOWS)
    assert done.returncode == 2 and b"Traceback" not in done.stderr and b"pdf" in done.stderr


@pytest.mark.parametrize(("option", "value", "hint"), [("--office", "cd-pbs", "cd-psb"), ("--category", "helth", "health")])
def test_unknown_filter_value_suggests_the_nearest(option, value, hint):
    done = run_svcstd("dataflows", ".", option, value, cwd=FLOWS)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert f"Did you mean '{hint}'?".encode() in done.stderr


def test_worker_processes_read_the_same_records_as_one_process(tmp_path, monkeypatch):
    from svcstd import runner
    from svcstd.oversight import register

    shutil.copy(FLOWS / "offices.yaml", tmp_path / "offices.yaml")
    sources = sorted((FLOWS / "services").rglob("*.yaml"))
    for copy in range(6):  # 72 definitions: above the threshold for worker processes
        for path in sources:
            text = path.read_text("utf-8").replace("\nid: ", f"\nid: c{copy}-", 1)
            (tmp_path / f"c{copy}-{path.name}").write_text(text, "utf-8")
    config = load_config(cwd=tmp_path)
    monkeypatch.setattr(runner, "default_jobs", lambda: 2)
    parallel = register.read_definitions([str(tmp_path)], config)
    monkeypatch.setattr(runner, "default_jobs", lambda: 1)
    serial = register.read_definitions([str(tmp_path)], config)
    assert parallel == serial
    assert len(parallel[0]) == 72 and parallel[2] == []


@pytest.mark.parametrize("output", ["markdown", "html"])
def test_the_chinese_register_shows_codes_as_words(output):
    """A Chinese register says 部门间共享获取 and 医疗健康, not `department_sharing` and `health`."""
    result = run_svcstd("dataflows", str(DATA / "dataflows"), "--lang", "zh", "--format", output)
    assert result.returncode == 0, result.stderr
    page = result.stdout.decode("utf-8")
    assert "部门间共享获取" in page and "医疗健康" in page
    assert output == "html" or "在用" in page  # the Markdown lists each service's status
    words = re.sub(r"`[^`]*`|<code>.*?</code>|<title>.*?</title>|<[^>]+>", "", page, flags=re.DOTALL)
    for code in ("department_sharing", "health", "financial", "active", "applicant"):
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", words), code


def test_a_basis_is_compared_with_the_first_one_written_however_spaced(monkeypatch, tmp_path):
    # SVC608 keeps, per (sender, receiver, category), the first share and only the shares
    # whose basis differs from it: one written like the first but spaced differently is
    # the same basis; one that differs is reported against the first, as the first
    # difference is.
    repository = tmp_path / "flows"
    shutil.copytree(FLOWS, repository)
    original = repository / "services/civil-affairs/minimum-living-allowance.yaml"
    text = original.read_text("utf-8")
    same = text.replace("id: minimum-living-allowance", "id: zz-same-basis").replace(
        "legal_basis: 社会救助暂行办法 第十一条", "legal_basis: 婚姻登记条例   第五条"
    )
    differs = text.replace("id: minimum-living-allowance", "id: zz-other-basis").replace(
        "legal_basis: 社会救助暂行办法 第十一条", "legal_basis: 社会救助暂行办法 第十二条"
    )
    (original.parent / "zz-same-basis.yaml").write_text(same, "utf-8")
    (original.parent / "zz-other-basis.yaml").write_text(differs, "utf-8")
    monkeypatch.chdir(repository)
    report = check_paths(["."], load_config(cwd=repository))
    bases = sorted((f.file, f.line) for f in report.findings if f.code == "SVC608")
    assert bases == [
        ("services/civil-affairs/minimum-living-allowance.yaml", 49),
        ("services/civil-affairs/zz-other-basis.yaml", 49),
    ]
    other = next(f for f in report.findings if f.file.endswith("zz-other-basis.yaml"))
    assert "第十二条" in other.message and "marriage-registration.yaml (line 49)" in other.message


@pytest.mark.parametrize("in_background", [True, False], ids=["others read in the background", "read after the check"])
def test_a_partial_run_finds_what_the_full_run_finds_for_each_file(monkeypatch, in_background):
    """pre-commit names one file: its data-flow findings must be those a run over the
    whole repository gives it, whichever other definitions the partial run reads, and
    wherever it reads them."""
    from svcstd import background

    if not in_background:
        monkeypatch.setattr(background, "can_fork", lambda: False)
    monkeypatch.chdir(FLOWS)
    config = load_config(cwd=FLOWS)
    full = check_paths(["."], config)
    definitions = sorted(str(p.relative_to(FLOWS)) for p in (FLOWS / "services").rglob("*.yaml"))
    assert len(definitions) == 12
    for name in definitions:
        alone = check_paths([name], config)
        assert [f for f in alone.findings if f.code.startswith("SVC60")] == [
            f for f in full.findings if f.file == name and f.code.startswith("SVC60")
        ], name


def _unchanged_copy(folder):
    """A copy of the flows repository whose files were last changed an hour ago, so that
    the cache trusts their metadata."""
    import os
    import time

    shutil.copytree(FLOWS, folder)
    old = time.time() - 3600
    for path in folder.rglob("*"):
        os.utime(path, (old, old))
    return folder


@pytest.mark.parametrize("in_background", [True, False], ids=["others read in the background", "read after the check"])
def test_a_partial_run_with_the_cache_finds_what_the_full_run_finds(monkeypatch, tmp_path, in_background):
    """The hook's default run: the cache knows every file (an earlier full run), and the
    file checked is unchanged, so its data flows and id come from its cached result
    before the check; each file alone must still get its findings of a full run."""
    from svcstd import background
    from svcstd.engine import CheckOptions

    if not in_background:
        monkeypatch.setattr(background, "can_fork", lambda: False)
    root = _unchanged_copy(tmp_path / "flows")
    monkeypatch.chdir(root)
    config = load_config(cwd=root)
    options = {"use_cache": True, "cache_dir": str(tmp_path / "cache")}
    full = check_paths(["."], config, CheckOptions(**options))
    assert check_paths(["."], config, CheckOptions(**options)).findings == full.findings
    definitions = sorted(str(p.relative_to(root)) for p in (root / "services").rglob("*.yaml"))
    for round_ in ("first", "second"):  # the second answered from the cache's peeks too
        for name in definitions:
            run = CheckOptions(**options)
            alone = check_paths([name], config, run)
            assert run.extra["cache_stats"].misses == 0, name  # nothing checked again
            assert [f for f in alone.findings if f.code.startswith("SVC60")] == [
                f for f in full.findings if f.file == name and f.code.startswith("SVC60")
            ], (round_, name)


def test_the_shares_of_the_flow_screen_are_read_without_gap_or_overlap(monkeypatch, tmp_path):
    """The other files' data flows are read in shares, one by a child and one by this
    process once its check is done: together, at least the files one reading of them
    all loads (a few more: one share does not know which recipients the other found
    acting), each once."""
    import os

    from svcstd import discovery, repository
    from svcstd.oversight.flows import FlowScreen

    root = _unchanged_copy(tmp_path / "flows")
    monkeypatch.chdir(root)
    config = load_config(cwd=root)
    scope = os.path.abspath(root)
    # Every office any file names: each file that shares or receives data is kept.
    offices = frozenset(re.findall(rb"ref: ([\w.-]+)", b"".join(p.read_bytes() for p in root.rglob("*.yaml"))))
    screen = FlowScreen(offices, offices, offices)
    checked = frozenset({os.path.join(scope, "services", "human-resources", "unemployment-benefit.yaml")})
    listed = discovery.walk(scope, config)

    alone = sorted(t.display for t, *_ in repository._screened(listed, config, screen, checked, lambda path: True))
    assert len(alone) > 6 and "services/human-resources/unemployment-benefit.yaml" not in alone
    shares = [
        repository.read_other_flows_of([scope], config, screen, checked, part)[scope]
        for part in (repository.CACHED_CHILDS_PART, repository.own_part(repository.CACHED_CHILDS_PART))
    ]
    loaded = sorted(display for share in shares for _, display, _ in share)
    assert len(set(loaded)) == len(loaded)  # no file in two shares
    assert set(loaded) <= set(alone)
    # What one child would load (`read_others` without ids: its screen alone).
    one = {display for _, display, _ in repository.read_others([scope], config, (), screen, checked)[1][scope]}
    assert one <= set(loaded)


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="the background forks: Linux only")
def test_with_the_cache_an_unchanged_file_is_not_read_and_the_others_are_read_in_the_background(monkeypatch, tmp_path):
    """Its flows and id come from the cache, the other definitions are read by the
    background's children, but for this process's share of the data-flow screen."""
    import os

    from svcstd import repository
    from svcstd.engine import CheckOptions
    from svcstd.load import entry as loader
    from svcstd.oversight import flows

    root = _unchanged_copy(tmp_path / "flows")
    monkeypatch.chdir(root)
    config = load_config(cwd=root)
    options = {"use_cache": True, "cache_dir": str(tmp_path / "cache")}
    name = "services/human-resources/unemployment-benefit.yaml"
    check_paths(["."], config, CheckOptions(**options))
    check_paths([name], config, CheckOptions(**options))  # its peeked id kept too

    parent = os.getpid()
    read_here: list[str] = []
    real_peek_bytes, real_read_file = loader._peek_bytes, loader.read_file

    def peek_bytes(path, *args, **kwargs):
        if os.getpid() == parent:
            read_here.append(str(path))
        return real_peek_bytes(path, *args, **kwargs)

    def read_file(path, *args, **kwargs):
        if os.getpid() == parent:
            read_here.append(str(path))
        return real_read_file(path, *args, **kwargs)

    answered: list = []
    real_flows = repository.OthersInBackground.flows

    def spy(self, scopes, screen):
        answered.append(real_flows(self, scopes, screen))
        return answered[-1]

    monkeypatch.setattr(loader, "_peek_bytes", peek_bytes)
    monkeypatch.setattr(loader, "read_file", read_file)
    monkeypatch.setattr(repository.OthersInBackground, "flows", spy)
    real_summary_of = flows._summary_of

    def summary_of(target, *args):
        if os.getpid() == parent:
            read_here.append(target.path)
        return real_summary_of(target, *args)

    monkeypatch.setattr(flows, "_summary_of", summary_of)
    # Two folders to the child, the rest to this process (the children inherit this).
    childs, mine = min(repository.CACHED_CHILDS_PART), max(repository.own_part(repository.CACHED_CHILDS_PART))
    monkeypatch.setattr(repository, "share_of", lambda path: childs if "/tax/" in path or "/health/" in path else mine)
    report = check_paths([name], config, CheckOptions(**options))
    assert [(f.code, f.line) for f in report.findings] == [("SVC606", 44)]
    assert len(answered) == 1 and answered[0]  # the background's answer, with the files it kept
    definitions_read_here = {path for path in read_here if "services/" in path.replace(os.sep, "/")}
    # The file checked is not read; of the others, only this process's share of the
    # data-flow screen, the child having read its own and the ids.
    assert not any(path.endswith(name) for path in definitions_read_here)
    assert not any("/tax/" in path or "/health/" in path for path in definitions_read_here)
    assert definitions_read_here  # (this process's share of the others is read)


def test_a_partial_run_loads_only_the_definitions_that_can_change_its_flow_findings(monkeypatch):
    """Of the other definitions, only those naming a recipient of the file's data (SVC607)
    or sharing data from or to its responsible office (SVC606, SVC608) are loaded: any
    sharing at all made a one-file run in a 2,000-definition repository load 384 of them."""
    from svcstd import background, repository
    from svcstd.oversight import flows

    monkeypatch.chdir(FLOWS)
    loaded: list[str] = []
    paths: list[str] = []
    real = flows._summary_of

    def summary_of(target, *args):
        loaded.append(target.display)
        paths.append(target.path)
        return real(target, *args)

    monkeypatch.setattr(flows, "_summary_of", summary_of)
    # Read while the file is checked, by the background child, but for this process's
    # share of the data-flow screen, read once its check is done.
    report = check_paths(["services/human-resources/unemployment-benefit.yaml"], load_config(cwd=FLOWS))
    assert [(f.code, f.line) for f in report.findings] == [("SVC606", 44)]
    assert all(repository.share_of(path) in repository.own_part(repository.CHILDS_PART) for path in paths)
    loaded.clear()
    monkeypatch.setattr(background, "can_fork", lambda: False)  # all read here, after the check
    report = check_paths(["services/human-resources/unemployment-benefit.yaml"], load_config(cwd=FLOWS))
    assert [(f.code, f.line) for f in report.findings] == [("SVC606", 44)]
    sharing = [
        str(p.relative_to(FLOWS)) for p in sorted((FLOWS / "services").rglob("*.yaml"))
        if b"shared_with" in p.read_bytes() and not p.name.startswith("unemployment-benefit")
    ]
    assert 0 < len(loaded) < len(sharing)  # some, not every file that shares data
    text = (FLOWS / "services/human-resources/unemployment-benefit.yaml").read_text("utf-8")
    for name in loaded:  # each names an office this file's flows are judged by
        other = (FLOWS / name).read_bytes()
        assert any(office.encode() in other for office in re.findall(r"ref: ([\w.-]+)", text))


def test_files_named_only_for_a_recipient_known_to_act_are_not_loaded():
    """SVC607 asks whether one definition runs a service of a recipient: once one does,
    the other files kept only for naming it are passed over; files that share data with
    a checked file's office are still loaded."""
    from svcstd.oversight.flows import _needed
    from svcstd.repository import OfficeRef, ServiceSummary

    def summary(responsible):
        return ServiceSummary(responsible, (OfficeRef(responsible, "/responsible_office/ref"),), responsible)

    runs = {"a": summary("tax"), "b": summary("tax"), "c": summary("fire"), "d": summary("health")}
    candidates = [("a", frozenset({b"tax"}), False), ("b", frozenset({b"tax"}), False),
                  ("c", frozenset({b"tax"}), True), ("d", frozenset({b"police"}), False)]
    loaded: list[str] = []

    def summary_of(target):
        loaded.append(target)
        return runs[target]

    acting: set[bytes] = set()
    assert [target for target, _ in _needed(candidates, acting, summary_of)] == ["a", "c", "d"]
    assert loaded == ["a", "c", "d"]  # "b": only for `tax`, which "a" runs
    assert acting == {b"tax", b"fire", b"health"}
    assert [t for t, _ in _needed(candidates, {b"tax", b"police"}, summary_of)] == ["c"]
