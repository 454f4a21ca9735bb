"""Cases and choices (1.1): situations that change what is needed (情形, `cases`/`when`),
and materials of which the applicant provides one (其中一项, `one_of`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import message, rule
from ..findings import Finding
from ..model import nearest
from ._context import service_of

FAMILY = "conditions"

_CASES = (
    "svcstd: \"1.1\"\n"
    "cases:\n  - {id: remarriage, name: {zh: 再婚, en: Remarriage}}\n"
)
_CRITERION = (
    "eligibility:\n  - id: resident\n    criterion: {zh: 本地居民, en: Lives in the city}\n"
    "    evidence: [identity-card]\n"
    "  - id: divorced\n    criterion: {zh: 原婚姻已解除, en: The former marriage has ended}\n"
    "    when: [{case}]\n"
)


@rule(
    "SVC410", "unknown-case", "error",
    "`when` names a case that `cases` does not define.",
    "A condition is only meaningful if the applicant can find the situation it names among "
    "the service's cases (情形); a case id that is not defined (often a typo) makes a "
    "material, step or fee apply in a situation nobody can recognise.",
    bad=_CASES + _CRITERION.replace("{case}", "remariage"),
    good=_CASES + _CRITERION.replace("{case}", "remarriage"),
    messages={
        "unknown": "`when` names the case `{case}`, which `cases` does not define.{suggestion} "
        "Defined cases: {known}. Correct the id, or add the case to `cases` with its name.",
        "suggestion": " Did you mean `{word}`?",
        "none": "(none)",
    },
    family=FAMILY,
)
def unknown_case(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    defined = service.case_ids()
    known = ", ".join(c.id for c in service.cases if c.id) or message("SVC410", "none", doc.lang)
    for when in service.whens():
        for ref in when.refs:
            if ref.id in defined:
                continue
            close = nearest(ref.id, defined)
            suggestion = message("SVC410", "suggestion", doc.lang, word=close) if close else ""
            yield doc.finding("SVC410", "unknown", ref.path, case=ref.id, suggestion=suggestion, known=known)


@rule(
    "SVC411", "unused-case", "warning",
    "A case is defined but nothing refers to it in a `when`.",
    "A case (情形) is listed because something differs in it: a material, a step, a fee or "
    "a time limit. A case that no `when` names changes nothing, so either the difference was "
    "left out or the case is not needed.",
    bad=_CASES + "  - {id: by-proxy, name: {zh: 代办, en: By proxy}}\n" + _CRITERION.replace("{case}", "remarriage"),
    good=_CASES + _CRITERION.replace("{case}", "remarriage"),
    messages={
        "unused": "The case `{case}` is defined but no `when` names it, so it changes nothing. "
        "Add `when: [{case}]` to what differs in this case (a material, step, fee or "
        "deadlines.by_case entry), or remove the case.",
    },
    family=FAMILY,
)
def unused_case(doc, config) -> Iterator[Finding]:
    service = service_of(doc, config)
    named = set().union(*(when.case_ids() for when in service.whens()))
    for case in service.cases:
        if case.id is not None and case.id not in named:
            yield doc.finding("SVC411", "unused", case.at("id"), case=case.id)


_ITEM = (
    "  - id: {id}\n    name: {name}\n    form: document\n    category: identity\n"
    "    personal: true\n    sensitive: false\n    required: true\n    source: applicant\n"
    "    purpose: {{zh: 核实身份, en: To verify identity}}\n"
    "    retention: {{value: 5, unit: years}}\n    one_of: identity-document\n"
)
_ONE_OF_GOOD = (
    "svcstd: \"1.1\"\n"
    "data_collected:\n"
    + _ITEM.format(id="identity-card", name="{zh: 居民身份证, en: Identity card}")
    + _ITEM.format(id="passport", name="{zh: 护照, en: Passport}")
    + "  - id: phone-number\n    name: {zh: 联系电话, en: Phone number}\n    form: field\n"
    "    category: contact\n    personal: true\n    sensitive: false\n    required: true\n"
    "    source: applicant\n    purpose: {zh: 通知办理结果, en: To notify the applicant of the decision}\n"
    "    retention: {value: 2, unit: years}\n"
)


@rule(
    "SVC412", "single-choice", "warning",
    "A `one_of` group has only one item: there is nothing to choose between.",
    "`one_of` says the applicant provides one of several alternatives (其中一项). A group "
    "with a single member is usually a misspelt group name on another item, or a leftover; "
    "the guide would offer a choice that does not exist.",
    bad=_ONE_OF_GOOD.replace(_ITEM.format(id="passport", name="{zh: 护照, en: Passport}"), ""),
    good=_ONE_OF_GOOD,
    messages={
        "single": "Data item `{item}` is the only member of the `one_of` group `{group}`, so "
        "there is nothing to choose between.{suggestion} Give the alternatives the same "
        "`one_of` value, or remove `one_of`.",
        "suggestion": " Did you mean the group `{word}`?",
    },
    family=FAMILY,
)
def single_choice(doc, config) -> Iterator[Finding]:
    groups = service_of(doc, config).one_of_groups()
    for group, members in groups.items():
        if len(members) != 1:
            continue
        (item,) = members
        close = nearest(group, [g for g, m in groups.items() if g != group and len(m) > 1])
        suggestion = message("SVC412", "suggestion", doc.lang, word=close) if close else ""
        yield doc.finding("SVC412", "single", item.at("one_of"), item=item.label, group=group, suggestion=suggestion)
