"""SVC201-SVC205: time limits. One line per case: edits of the minimal definition → findings."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from rulecase import edit, positions

STATUTORY = "statutory: {value: 20, unit: working_days}"
COMMITTED = "committed: {value: 10, unit: working_days}"
BRANCHES = (
    ("    uses: [identity-card]\n", "    uses: [identity-card]\n    next: [decide, check]\n"),
    ("    uses: [phone-number]\n", (
        "    uses: [phone-number]\n    next: []\n"
        "  - id: check\n    name: Check\n    stage: review\n    actor: office\n    office: {ref: test-office}\n"
        "    deadline: {value: 8, unit: working_days}\n    public_status: Checking\n"
    )),
)

CASES = [
    # SVC201 points at the committed limit.
    ("SVC201", [(COMMITTED, "committed: {value: 30, unit: working_days}")], [(19, 14)]),
    ("SVC201", [(COMMITTED, "committed: {value: 20, unit: working_days}")], []),
    ("SVC201", [(COMMITTED, "committed: {value: 30, unit: calendar_days}")], []),
    ("SVC201", [(STATUTORY, "statutory: null")], []),
    # SVC202
    ("SVC202", [("kind: commitment", "kind: immediate")], [(19, 14)]),
    ("SVC202", [("kind: commitment", "kind: immediate"), (COMMITTED, "committed: {value: 0, unit: working_days}")], []),
    ("SVC202", [(COMMITTED, "committed: {value: 0, unit: working_days}")], [(19, 14)]),
    # SVC203: list order (2 + 5 = 7), then the longest branch (2 + 8 = 10, not 2 + 5 + 8).
    ("SVC203", [(COMMITTED, "committed: {value: 6, unit: working_days}")], [(19, 14)]),
    ("SVC203", [(COMMITTED, "committed: {value: 7, unit: working_days}")], []),
    ("SVC203", [*BRANCHES, (COMMITTED, "committed: {value: 9, unit: working_days}")], [(19, 14)]),
    ("SVC203", [*BRANCHES, (COMMITTED, "committed: {value: 10, unit: working_days}")], []),
    ("SVC203", [("value: 5, unit: working_days", "value: 5, unit: hours"),
                (COMMITTED, "committed: {value: 6, unit: working_days}")], []),
    # SVC204: the unit that cannot be compared.
    ("SVC204", [(STATUTORY, "statutory: {value: 20, unit: calendar_days}")], [(18, 32)]),
    ("SVC204", [("value: 5, unit: working_days", "value: 40, unit: hours")], [(34, 33)]),
    ("SVC204", [(STATUTORY, "statutory: null")], []),
    # SVC205
    ("SVC205", [("type: benefit", "type: licensing"), (STATUTORY, "statutory: null")], [(18, 14)]),
    ("SVC205", [("type: benefit", "type: licensing")], []),
    ("SVC205", [(STATUTORY, "statutory: null")], []),
]


@pytest.mark.parametrize(("code", "edits", "expected"), CASES)
def test_rule(code, edits, expected):
    assert positions(edit(*edits), code) == [(code, line, column) for line, column in expected]


def test_minimal_definition_is_clean():
    assert positions(MINIMAL, None) == []


def test_messages_carry_the_actual_values():
    from rulecase import findings

    text = edit((COMMITTED, "committed: {value: 30, unit: working_days}"))
    (finding,) = findings(text, "SVC201")
    assert "30 working_days" in finding.message and "20 working_days" in finding.message
    (path,) = findings(edit(*BRANCHES, (COMMITTED, "committed: {value: 9, unit: working_days}")), "SVC203")
    assert "10 working_days" in path.message and "accept → check" in path.message


@pytest.mark.parametrize(
    "deadlines",
    ["deadlines: []", "deadlines: {kind: 5, statutory: x, committed: [1]}", "deadlines: {committed: {value: '3', unit: 2}}"],
)
def test_wrong_types_never_crash(deadlines):
    text = MINIMAL.replace(
        "deadlines:\n  kind: commitment\n  " + STATUTORY + "\n  " + COMMITTED, deadlines
    )
    codes = {code for code, _, _ in positions(text, None)}
    assert "SVC000" not in codes and codes & {"SVC101", "SVC102", "SVC103"}
