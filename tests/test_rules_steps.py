"""SVC301-SVC305: the steps. One line per case: edits of the minimal definition → findings."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from rulecase import edit, findings, positions

DECIDE_STATUS = "    public_status: {zh: 审核中, en: Under review}\n"
ACCEPT_USES = "    uses: [identity-card]\n"
DECIDE_USES = "    uses: [phone-number]\n"


def step(step_id: str, stage: str) -> str:
    return (
        f"  - id: {step_id}\n    name: {step_id}\n    stage: {stage}\n    actor: applicant\n"
        f"    deadline: {{value: 0, unit: working_days}}\n    public_status: {step_id}\n"
    )


ALL_STAGES = (DECIDE_USES, DECIDE_USES + step("review", "review") + step("conclude", "conclude") + step("deliver", "deliver"))

CASES = [
    ("SVC301", [("  - id: decide", "  - id: accept")], [(29, 9)]),
    ("SVC302", [(DECIDE_STATUS, "")], [(29, 5)]),
    # `public_status: null` is the schema's SVC102 ("should be text"): one mistake, one finding.
    ("SVC302", [(DECIDE_STATUS, "    public_status: null\n")], []),
    ("SVC303", [("    office: {ref: test-office}\n    deadline: {value: 5", "    deadline: {value: 5")], [(29, 5)]),
    ("SVC303", [("    actor: office\n    office: {ref: test-office}\n    deadline: {value: 5",
                 "    actor: applicant\n    deadline: {value: 5")], []),
    # SVC304: unknown target, cycle, unreachable; the first step is the entry.
    ("SVC304", [(ACCEPT_USES, ACCEPT_USES + "    next: [decde]\n")], [(29, 12)]),
    ("SVC304", [(ACCEPT_USES, ACCEPT_USES + "    next: [decide]\n"), (DECIDE_USES, DECIDE_USES + "    next: [accept]\n")], [(38, 12)]),
    ("SVC304", [(ACCEPT_USES, ACCEPT_USES + "    next: []\n")], [(30, 9)]),
    ("SVC304", [(ACCEPT_USES, ACCEPT_USES + "    next: [decide]\n"), (DECIDE_USES, DECIDE_USES + "    next: []\n")], []),
    ("SVC305", [("type: benefit", "type: licensing")], [(20, 1)]),
    ("SVC305", [("type: benefit", "type: licensing"), ALL_STAGES], []),
    ("SVC305", [], []),
]


@pytest.mark.parametrize(("code", "edits", "expected"), CASES)
def test_rule(code, edits, expected):
    assert positions(edit(*edits), code) == [(code, line, column) for line, column in expected]


def test_messages_name_steps_and_suggest():
    (unknown,) = findings(edit((ACCEPT_USES, ACCEPT_USES + "    next: [decde]\n")), "SVC304")
    assert "`decde`" in unknown.message and "Did you mean `decide`?" in unknown.message
    cycle_text = edit((ACCEPT_USES, ACCEPT_USES + "    next: [decide]\n"), (DECIDE_USES, DECIDE_USES + "    next: [accept]\n"))
    (cycle,) = findings(cycle_text, "SVC304")
    assert "accept → decide → accept" in cycle.message
    (stage,) = findings(edit(("type: benefit", "type: licensing")), "SVC305")
    assert "review, conclude, deliver" in stage.message


def test_a_long_chain_of_steps_is_handled_without_recursion():
    many = "".join(step(f"s{n}", "other") for n in range(3000))
    text = edit((DECIDE_USES, DECIDE_USES + many))
    assert findings(text, "SVC000") == [] and findings(text, "SVC304") == []


@pytest.mark.parametrize("steps", ["steps: {id: a}", "steps: [1, [2], {id: [x], next: 5}, {next: [3, {a: b}]}]"])
def test_wrong_types_never_crash(steps):
    start, end = MINIMAL.index("steps:"), MINIMAL.index("data_collected:")
    codes = {f.code for f in findings(MINIMAL[:start] + steps + "\n" + MINIMAL[end:])}
    assert "SVC000" not in codes and codes & {"SVC101", "SVC102"}
