"""Time limits (办结时限): statutory against committed, kind, step totals, units.

SVC201, SVC202 and SVC204 check `deadlines` and each entry of `deadlines.by_case` (1.1:
a case with its own limits, e.g. 绿色通道), an entry taking the keys it omits from
`deadlines`; an entry that overrides nothing a rule compares says nothing new and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import message, rule
from ..findings import Finding
from ..model import CaseLimits, Duration, Limits
from ._context import service_of, shown_duration, shown_unit
from .steps import critical_path

FAMILY = "deadlines"


def _context(limits: Limits, doc) -> str:
    """"" for the service's own limits; "For the cases `a`, `b`: " for a by_case entry."""
    if not isinstance(limits, CaseLimits):
        return ""
    cases = ", ".join(f"`{' + '.join(group)}`" for group in (limits.when.any_of if limits.when else ()))
    return message("SVC201", "case_context", doc.lang, cases=cases or "?")


def _overrides(limits: Limits, *keys: str) -> bool:
    """Whether a by_case entry writes any of `keys` itself (the service's own limits always do)."""
    return not isinstance(limits, CaseLimits) or any(key not in limits.inherited for key in keys)


def _place(limits: Limits, preferred: str, *others: str) -> tuple:
    """Where a finding about `limits` goes: its own `preferred` key, else another key it
    writes itself (an inherited value's place belongs to the service's limits)."""
    for key in (preferred, *others):
        if not isinstance(limits, CaseLimits) or key not in limits.inherited:
            return limits.at(key)
    return limits.path


def _statutory_and_committed(deadlines):
    """(limits, statutory, committed) of `deadlines` and each `by_case` entry that sets
    either limit, where both limits are given: what SVC201 and SVC204 compare."""
    if deadlines is None:
        return
    for limits in deadlines.all_limits():
        if _overrides(limits, "statutory", "committed") and limits.statutory and limits.committed:
            yield limits, limits.statutory, limits.committed


@rule(
    "SVC201", "committed-exceeds-statutory", "error",
    "The committed time limit is longer than the statutory one.",
    "The statutory time limit (法定办结时限) is the longest the law allows; the committed "
    "limit (承诺办结时限) is the office's public promise to do better. A promise longer than "
    "the law allows is unlawful on its face and misleads applicants (GB/T 39046-2020 "
    "records both limits precisely so they can be compared). Each case with its own limits "
    "(`deadlines.by_case`) is checked the same way.",
    bad="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 30, unit: working_days}\n",
    good="deadlines:\n  kind: commitment\n  statutory: {value: 20, unit: working_days}\n"
    "  committed: {value: 15, unit: working_days}\n",
    messages={
        "exceeds": "{context}The committed limit {committed} exceeds the statutory limit {statutory}. "
        "Shorten the committed limit to at most {statutory}, or correct the statutory limit.",
        "case_context": "For the cases {cases} (deadlines.by_case): ",
    },
    family=FAMILY,
)
def committed_exceeds_statutory(doc, config) -> Iterator[Finding]:
    for limits, statutory, committed in _statutory_and_committed(service_of(doc, config).deadlines):
        if statutory.unit == committed.unit and committed.value > statutory.value:
            yield doc.finding(
                "SVC201", "exceeds", _place(limits, "committed", "statutory"), context=_context(limits, doc),
                committed=shown_duration(committed, doc.lang), statutory=shown_duration(statutory, doc.lang),
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
        "immediate": "{context}The kind is `immediate` but the committed limit is {committed}. An "
        "immediate item is decided on the spot: set the committed value to 0, or change the "
        "kind to `commitment`.",
        "commitment": "{context}The kind is `commitment` but the committed limit is {committed}. Give "
        "the number of days the office promises, or change the kind to `immediate`.",
    },
    family=FAMILY,
)
def kind_contradicts_limit(doc, config) -> Iterator[Finding]:
    deadlines = service_of(doc, config).deadlines
    if deadlines is None:
        return
    for limits in deadlines.all_limits():
        committed = limits.committed
        if committed is None or not _overrides(limits, "kind", "committed"):
            continue
        if limits.kind in ("immediate", "commitment") and (limits.kind == "immediate") == (committed.value > 0):
            yield doc.finding(
                "SVC202", limits.kind, _place(limits, "committed", "kind"), context=_context(limits, doc),
                committed=shown_duration(committed, doc.lang),
            )


@rule(
    "SVC203", "steps-exceed-committed", "warning",
    "The step deadlines add up to more than the committed limit.",
    "The steps are how the office keeps its promise. If the longest path through them takes "
    "more time than the committed limit, either a step's deadline or the promise is wrong, "
    "and the applicant will be told a date the process cannot meet. Conditional steps "
    "(`when`) count too: the longest path is the worst case an applicant can meet.",
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
    service = service_of(doc, config)
    committed = service.deadlines.committed if service.deadlines else None
    if committed is None:
        return

    def weight(step) -> float:
        # Steps in another unit are reported by SVC204; they add nothing here, so a total
        # that still exceeds is a sure finding, never a guess.
        limit = step.deadline
        return limit.value if limit and limit.unit == committed.unit else 0

    if sum(map(weight, service.steps)) <= committed.value:
        return  # no path can take longer than every step together (most definitions)
    total, path = critical_path(service.steps, weight)
    if total > committed.value:
        yield doc.finding(
            "SVC203", "exceeds", committed.path,
            total=shown_duration(Duration(total, committed.unit, ()), doc.lang),
            path=" → ".join(step.label for step in path), committed=shown_duration(committed, doc.lang),
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
        "limits": "{context}The statutory limit is in {statutory_unit} but the committed limit in "
        "{committed_unit}; they cannot be compared. Give both in the same unit (as the law "
        "states the statutory one).",
        "step": "Step `{step}` has its deadline in {step_unit} but the committed limit is in "
        "{committed_unit}, so the steps cannot be added up against it. Use {committed_unit}.",
    },
    family=FAMILY,
)
def incomparable_units(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    deadlines = service.deadlines
    if deadlines is None:
        return
    for limits, statutory, committed in _statutory_and_committed(deadlines):
        if statutory.unit != committed.unit:
            yield doc.finding(
                "SVC204", "limits", _place(limits, "statutory", "committed") + ("unit",), context=_context(limits, doc),
                statutory_unit=shown_unit(statutory.unit, doc.lang), committed_unit=shown_unit(committed.unit, doc.lang),
            )
    committed = deadlines.committed
    if committed is None:
        return
    for step in service.steps:
        limit = step.deadline
        if limit and limit.unit != committed.unit:
            yield doc.finding(
                "SVC204", "step", limit.path + ("unit",), step=step.label,
                step_unit=shown_unit(limit.unit, doc.lang), committed_unit=shown_unit(committed.unit, doc.lang),
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
    service = service_of(doc, config)
    # A missing `statutory` key is SVC101; this rule speaks only to an explicit null.
    if service.type == "licensing" and service.deadlines and service.deadlines.statutory_is_null:
        yield doc.finding("SVC205", "missing", service.deadlines.at("statutory"))


@rule(
    "SVC206", "office-step-without-deadline", "error",
    "An office or third-party step of a `commitment` service has no `deadline`.",
    "A commitment item (承诺件) promises a date, and the office keeps it only if each step "
    "in which it (or a third party) works has its own time limit; without one, nobody is "
    "accountable for the days that step takes. The applicant's own steps and the steps of "
    "an immediate item (即办件) need none.",
    bad="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    office: {ref: test-office}\n    public_status: Under review\n",
    good="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    office: {ref: test-office}\n    deadline: {value: 5, unit: working_days}\n"
    "    public_status: Under review\n",
    messages={
        "missing": "Step `{step}` is done by {actor} in a commitment service but has no "
        "`deadline`. Give the time this step may take, e.g. deadline: {{value: 5, unit: "
        "{unit}}}, so the committed limit can be kept.",
        "office": "an office",
        "third_party": "a third party",
    },
    family=FAMILY,
)
def office_step_without_deadline(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    deadlines = service.deadlines
    if deadlines is None or deadlines.kind != "commitment":
        return
    unit = deadlines.committed.unit if deadlines.committed else "working_days"
    for step in service.steps:
        if step.is_done_by_office and step.lacks("deadline"):
            yield doc.finding(
                "SVC206", "missing", step.path, step=step.label,
                actor=message("SVC206", step.actor, doc.lang), unit=unit,
            )
