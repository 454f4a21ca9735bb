"""Time limits (办结时限): statutory against committed, kind, step totals, units."""

from __future__ import annotations

from typing import Iterator

from ..catalogue import rule
from ..findings import Finding
from ._access import Duration, duration, entries, mapping, string
from .steps import critical_path

FAMILY = "deadlines"


@rule(
    "SVC201", "committed-exceeds-statutory", "error",
    "The committed time limit is longer than the statutory one.",
    "The statutory time limit (法定办结时限) is the longest the law allows; the committed "
    "limit (承诺办结时限) is the office's public promise to do better. A promise longer than "
    "the law allows is unlawful on its face and misleads applicants (GB/T 39046-2020 "
    "records both limits precisely so they can be compared).",
    bad="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 30, unit: working_days}\n",
    good="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 15, unit: working_days}\n",
    messages={
        "exceeds": "The committed limit {committed} exceeds the statutory limit {statutory}. "
        "Shorten the committed limit to at most {statutory}, or correct the statutory limit.",
    },
    family=FAMILY,
)
def committed_exceeds_statutory(doc, config) -> Iterator[Finding]:
    deadlines = mapping(doc.data.get("deadlines"))
    statutory, committed = duration(deadlines.get("statutory")), duration(deadlines.get("committed"))
    if statutory and committed and statutory.unit == committed.unit and committed.value > statutory.value:
        yield doc.finding(
            "SVC201", "exceeds", ("deadlines", "committed"), committed=committed, statutory=statutory
        )


@rule(
    "SVC202", "kind-contradicts-limit", "error",
    "An `immediate` service promises more than 0 days, or a `commitment` service promises 0.",
    "An immediate item (即办件) is decided on the spot, so its committed limit is 0; a "
    "commitment item (承诺件) takes time and promises a limit above 0. A kind that "
    "contradicts its limit tells applicants two different things.",
    bad="deadlines:\n  kind: immediate\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 10, unit: working_days}\n",
    good="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 10, unit: working_days}\n",
    messages={
        "immediate": "The kind is `immediate` but the committed limit is {committed}. An "
        "immediate item is decided on the spot: set the committed value to 0, or change the "
        "kind to `commitment`.",
        "commitment": "The kind is `commitment` but the committed limit is {committed}. Give "
        "the number of days the office promises, or change the kind to `immediate`.",
    },
    family=FAMILY,
)
def kind_contradicts_limit(doc, config) -> Iterator[Finding]:
    deadlines = mapping(doc.data.get("deadlines"))
    kind, committed = string(deadlines.get("kind")), duration(deadlines.get("committed"))
    if committed is None:
        return
    if kind == "immediate" and committed.value > 0:
        yield doc.finding("SVC202", "immediate", ("deadlines", "committed"), committed=committed)
    elif kind == "commitment" and committed.value == 0:
        yield doc.finding("SVC202", "commitment", ("deadlines", "committed"), committed=committed)


@rule(
    "SVC203", "steps-exceed-committed", "warning",
    "The step deadlines add up to more than the committed limit.",
    "The steps are how the office keeps its promise. If the longest path through them takes "
    "more time than the committed limit, either a step's deadline or the promise is wrong, "
    "and the applicant will be told a date the process cannot meet.",
    bad="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 5, unit: working_days}\n"
    "# the steps take 2 + 5 = 7 working days\n",
    good="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 10, unit: working_days}\n"
    "# the steps take 2 + 5 = 7 working days\n",
    messages={
        "exceeds": "The steps take {total} along {path}, more than the committed limit "
        "{committed}. Shorten the step deadlines or raise the committed limit.",
    },
    family=FAMILY,
)
def steps_exceed_committed(doc, config) -> Iterator[Finding]:
    committed = duration(mapping(doc.data.get("deadlines")).get("committed"))
    if committed is None:
        return
    steps = list(entries(doc.data.get("steps")))

    def weight(step: dict) -> float:
        # Steps in another unit are reported by SVC204; they add nothing here, so a total
        # that still exceeds is a sure finding, never a guess.
        limit = duration(step.get("deadline"))
        return limit.value if limit and limit.unit == committed.unit else 0

    total, path = critical_path(steps, weight)
    if total > committed.value:
        names = " → ".join(str(step.get("id")) for step in path)
        yield doc.finding(
            "SVC203", "exceeds", ("deadlines", "committed"),
            total=Duration(total, committed.unit), path=names, committed=committed,
        )


@rule(
    "SVC204", "incomparable-units", "warning",
    "Time limits are in units that cannot be compared (working vs calendar days, hours vs days).",
    "Working days skip weekends and public holidays, calendar days do not, and hours do not "
    "say which days count: a limit in one cannot be checked against a limit in another, so "
    "SVC201 and SVC203 cannot protect it. Use one unit throughout a definition.",
    bad="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: calendar_days}\n"
    "  committed: {value: 10, unit: working_days}\n",
    good="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 10, unit: working_days}\n",
    messages={
        "limits": "The statutory limit is in {statutory_unit} but the committed limit in "
        "{committed_unit}; they cannot be compared. Give both in the same unit (as the law "
        "states the statutory one).",
        "step": "Step `{step}` has its deadline in {step_unit} but the committed limit is in "
        "{committed_unit}, so the steps cannot be added up against it. Use {committed_unit}.",
    },
    family=FAMILY,
)
def incomparable_units(doc, config) -> Iterator[Finding]:
    deadlines = mapping(doc.data.get("deadlines"))
    statutory, committed = duration(deadlines.get("statutory")), duration(deadlines.get("committed"))
    if statutory and committed and statutory.unit != committed.unit:
        yield doc.finding(
            "SVC204", "limits", ("deadlines", "statutory", "unit"),
            statutory_unit=statutory.unit, committed_unit=committed.unit,
        )
    if committed is None:
        return
    for index, step in entries(doc.data.get("steps")):
        limit = duration(step.get("deadline"))
        if limit and limit.unit != committed.unit:
            yield doc.finding(
                "SVC204", "step", ("steps", index, "deadline", "unit"),
                step=step.get("id", index + 1), step_unit=limit.unit, committed_unit=committed.unit,
            )


@rule(
    "SVC205", "licensing-without-statutory-limit", "warning",
    "A licensing service states no statutory time limit.",
    "Administrative licensing always has a statutory time limit (Administrative Licensing "
    "Law of the PRC, Art. 42: twenty working days unless a law says otherwise). "
    "`statutory: null` on a licensing service is almost always a gap in the research.",
    bad="type: licensing\ndeadlines:\n  kind: commitment\n  statutory: null\n"
    "  committed: {value: 10, unit: working_days}\n",
    good="type: licensing\ndeadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 10, unit: working_days}\n",
    messages={
        "missing": "This is a licensing service but `statutory` is empty. Licensing has a "
        "statutory limit (20 working days by default, Administrative Licensing Law Art. 42); "
        "give it as {{value: N, unit: working_days}}.",
    },
    family=FAMILY,
)
def licensing_without_statutory(doc, config) -> Iterator[Finding]:
    deadlines = doc.data.get("deadlines")
    # A missing `statutory` key is SVC101; this rule speaks only to an explicit null.
    if doc.data.get("type") == "licensing" and isinstance(deadlines, dict):
        if "statutory" in deadlines and deadlines["statutory"] is None:
            yield doc.finding("SVC205", "missing", ("deadlines", "statutory"))
