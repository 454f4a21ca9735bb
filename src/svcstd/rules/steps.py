"""The process (办理流程): step ids, visible progress, responsible offices, the step graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ..catalogue import message, rule
from ..findings import Finding
from ..model import Step, nearest
from ._context import service_of

FAMILY = "steps"
LICENSING_STAGES = ("accept", "review", "decide", "conclude", "deliver")

# ---------------------------------------------------------------------------------------
# The step graph. A step with `next` goes to the steps it names; a step without `next` goes
# to the step after it in the list (so a definition without any `next` runs in list order,
# and `next: []` ends the process early). The first step is the entry. Conditional steps
# (`when`) are nodes like any other: the graph is the worst case an applicant can meet.


def successors(steps: Sequence[Step]) -> list[list[int]]:
    """For each step (by position in `steps`), the positions of the steps it leads to."""
    position: dict[str, int] = {}
    for p, step in enumerate(steps):
        if step.id is not None:
            position.setdefault(step.id, p)
    result = []
    for p, step in enumerate(steps):
        if isinstance(step.raw_next, list):
            result.append([position[t] for t in step.raw_next if isinstance(t, str) and t in position])
        else:
            result.append([p + 1] if p + 1 < len(steps) else [])
    return result


def _depth_first(succ: list[list[int]], start: int, state: list[int], on_back_edge=None, on_done=None):
    """Iterative depth-first walk (a long chain of steps must not exhaust the stack).

    `state`: 0 unvisited, 1 on the current path, 2 finished.
    """
    state[start] = 1
    stack = [(start, iter(succ[start]))]
    while stack:
        node, pending = stack[-1]
        for target in pending:
            if state[target] == 0:
                state[target] = 1
                stack.append((target, iter(succ[target])))
                break
            if state[target] == 1 and on_back_edge is not None:
                on_back_edge(node, target, [n for n, _ in stack])
        else:
            stack.pop()
            state[node] = 2
            if on_done is not None:
                on_done(node)


def critical_path(steps: Sequence[Step], weight: Callable[[Step], float]) -> tuple[float, list[Step]]:
    """The heaviest path from the first step (cycles are cut; SVC304 reports them)."""
    if not steps:
        return 0, []
    succ = successors(steps)
    best: list[float | None] = [None] * len(steps)
    choice: list[int | None] = [None] * len(steps)

    def done(node: int) -> None:
        following = [(best[t], t) for t in succ[node] if best[t] is not None]
        top = max(following, key=lambda pair: pair[0], default=(0, None))
        best[node] = weight(steps[node]) + top[0]
        choice[node] = top[1]

    _depth_first(succ, 0, [0] * len(steps), on_done=done)
    path, node = [], 0
    while node is not None:
        path.append(steps[node])
        node = choice[node]
    return best[0] or 0, path


# ---------------------------------------------------------------------------------------


@rule(
    "SVC301", "duplicate-step-id", "error",
    "Two steps share an id.",
    "Steps are named by id in `next` lists, in progress notifications and in statistics; two "
    "steps with one id make every such reference ambiguous.",
    bad="steps:\n  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted}\n"
    "  - {id: accept, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n",
    good="steps:\n  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted}\n"
    "  - {id: decide, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n",
    messages={
        "duplicate": "The step id `{id}` is already used by the step at line {line}. Give "
        "each step its own id.",
    },
    family=FAMILY,
)
def duplicate_step_id(doc, config) -> Iterator[Finding]:
    seen: dict[str, Step] = {}
    for step in service_of(doc, config).steps:
        if step.id is None:
            continue
        if step.id in seen:
            line, _ = doc.locate(seen[step.id].at("id"))
            yield doc.finding("SVC301", "duplicate", step.at("id"), id=step.id, line=line)
        else:
            seen[step.id] = step


@rule(
    "SVC302", "missing-public-status", "error",
    "A step done by an office or a third party has no `public_status`: the applicant could "
    "not see that progress.",
    "Transparency of government services means the applicant can see which stage the "
    "application has reached (办件进度公开); every step in which an office or a third party "
    "works therefore states the status text the applicant is shown while it runs. The "
    "applicant's own steps need none, and a step without its own inherits the status that "
    "the offices registry's `defaults.public_status` gives for its stage.",
    bad="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    office: {ref: test-office}\n    deadline: {value: 1, unit: working_days}\n",
    good="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    office: {ref: test-office}\n    deadline: {value: 1, unit: working_days}\n"
    "    public_status: {zh: 审核中, en: Under review}\n",
    messages={
        "missing": "Step `{step}` is done by {actor} but has no `public_status`, so the "
        "applicant cannot see that the application is at this step. Add the status text shown "
        "to the applicant, e.g. public_status: {{zh: 审核中, en: Under review}}, or give the "
        "stage `{stage}` a default in the offices registry (defaults.public_status).",
        "office": "an office",
        "third_party": "a third party",
    },
    family=FAMILY,
)
def missing_public_status(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    for step in service.steps:
        if not step.is_done_by_office or not step.lacks("public_status"):
            continue
        if service.defaults.status_for(step.stage) is not None:
            continue  # inherited from the registry's defaults for its (last) stage
        yield doc.finding(
            "SVC302", "missing", step.path, step=step.label, stage=step.stage or "other",
            actor=message("SVC302", step.actor, doc.lang),
        )


@rule(
    "SVC303", "office-step-without-office", "error",
    "A step done by an office does not say which office.",
    "Accountability needs a named body for each step: the applicant must know whom to ask "
    "and the catalogue must know whom to hold to the deadline, especially when several "
    "offices share a process.",
    bad="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    deadline: {value: 5, unit: working_days}\n    public_status: Under review\n",
    good="steps:\n  - id: review\n    name: Review\n    stage: review\n    actor: office\n"
    "    office: {ref: test-office}\n"
    "    deadline: {value: 5, unit: working_days}\n    public_status: Under review\n",
    messages={
        "missing": "Step `{step}` is done by an office (`actor: office`) but does not say "
        "which one. Add `office: {{ref: OFFICE_ID}}` with an id from the offices registry.",
    },
    family=FAMILY,
)
def office_step_without_office(doc, config) -> Iterator[Finding]:
    for step in service_of(doc, config).steps:
        if step.actor == "office" and step.lacks("office"):
            yield doc.finding("SVC303", "missing", step.path, step=step.label)


@rule(
    "SVC304", "broken-step-flow", "error",
    "`next` names an unknown step, forms a cycle, or leaves a step unreachable.",
    "The step graph is what the applicant's application actually travels through. A `next` "
    "to nowhere, a loop without an end, or a step no path reaches means the published "
    "process cannot be followed as written.",
    bad="steps:\n  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted, next: [deside]}\n"
    "  - {id: decide, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n",
    good="steps:\n  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted, next: [decide]}\n"
    "  - {id: decide, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n",
    messages={
        "unknown": "`next` names `{target}`, which is not a step of this service.{suggestion} "
        "Known steps: {known}.",
        "suggestion": " Did you mean `{word}`?",
        "cycle": "The steps {cycle} form a cycle: an application could go round forever. "
        "Remove `{target}` from this `next` list, or end the loop with a step that leads out.",
        "unreachable": "No path from the first step `{entry}` reaches step `{step}`. Name "
        "it in the `next` list of the step before it, or remove it.",
    },
    family=FAMILY,
)
def broken_step_flow(doc, config) -> Iterator[Finding]:
    steps = service_of(doc, config).steps
    if not steps:
        return
    known = [step.id for step in steps]
    known_set = {k for k in known if k}
    findings: list[Finding] = []
    for step in steps:
        raw_next = step.raw_next if isinstance(step.raw_next, list) else []
        for position, target in enumerate(raw_next):
            if isinstance(target, str) and target not in known_set:
                close = nearest(target, known_set)
                suggestion = message("SVC304", "suggestion", doc.lang, word=close) if close else ""
                findings.append(
                    doc.finding(
                        "SVC304", "unknown", step.at("next", position),
                        target=target, suggestion=suggestion, known=", ".join(k for k in known if k),
                    )
                )

    # A misspelt target usually is the reason a step is unreachable: one cause, one finding.
    typo = bool(findings)
    succ = successors(steps)
    state = [0] * len(steps)

    def back_edge(source: int, target: int, path: list[int]) -> None:
        loop = path[path.index(target):] + [target]
        names = " → ".join(steps[p].label for p in loop)
        step = steps[source]
        target_id = known[target]
        listed = step.raw_next if isinstance(step.raw_next, list) else []
        where = step.at("next", listed.index(target_id)) if target_id in listed else step.path
        findings.append(doc.finding("SVC304", "cycle", where, cycle=names, target=target_id or ""))

    _depth_first(succ, 0, state, on_back_edge=back_edge)
    reachable = [s == 2 for s in state]
    for position in range(1, len(steps)):
        if state[position] == 0:
            _depth_first(succ, position, state, on_back_edge=back_edge)
    entry = steps[0].label
    for position, step in enumerate(steps):
        if not reachable[position] and not typo:
            where = step.at("id") if step.has_key("id") else step.path
            findings.append(doc.finding("SVC304", "unreachable", where, entry=entry, step=step.label))
    yield from findings


@rule(
    "SVC305", "licensing-missing-stage", "warning",
    "A licensing service lacks one of the stages accept, review, decide, conclude, deliver.",
    "The Administrative Licensing Law sets out application and acceptance, review, decision "
    "and delivery of the licence (Chapter IV); GB/T 39046-2020 records the process by these "
    "stages. A licensing process without one of them usually has a step missing.",
    bad="type: licensing\nsteps:\n"
    "  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted}\n"
    "  - {id: decide, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n",
    good="type: licensing\nsteps:\n"
    "  - {id: accept, name: Acceptance, stage: accept, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Accepted}\n"
    "  - {id: review, name: Review, stage: review, actor: applicant, "
    "deadline: {value: 3, unit: working_days}, public_status: Under review}\n"
    "  - {id: decide, name: Decision, stage: decide, actor: applicant, "
    "deadline: {value: 5, unit: working_days}, public_status: Decided}\n"
    "  - {id: conclude, name: Licence issued, stage: conclude, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Licence issued}\n"
    "  - {id: deliver, name: Delivery, stage: deliver, actor: applicant, "
    "deadline: {value: 1, unit: working_days}, public_status: Delivered}\n",
    messages={
        "missing": "This licensing service has no step with stage {missing}. A licensing "
        "process runs through {stages}: add the missing step(s), or check the `stage` of "
        "the existing ones.",
    },
    family=FAMILY,
)
def licensing_missing_stage(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    if service.type != "licensing" or not service.steps:
        return
    # Every step counts, conditional or not, and a step with a list of stages has each.
    present = {stage for step in service.steps for stage in step.stages}
    missing = [stage for stage in LICENSING_STAGES if stage not in present]
    if missing:
        yield doc.finding(
            "SVC305", "missing", ("steps",), at_key=True,
            missing=", ".join(missing), stages=", ".join(LICENSING_STAGES),
        )

