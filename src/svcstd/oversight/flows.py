"""The data-flow rules: personal data that moves between offices (PIPL Art. 23 and 34,
GDPR Art. 30) must be accounted for at both ends, with one legal basis per flow, and
sensitive data must say how it travels.

SVC606-SVC608 compare definitions, so they run in the repository's cross-file pass
(`repository.cross_file_findings` calls `flow_findings`) from each definition's summary
(`repository.ServiceSummary.flows`: only the items that come from or go to another
office). A flow has a sender and a receiver: the office that runs a service (its
`responsible_office`) *receives* the items it obtains by `department_sharing`, and *sends*
the items it lists `shared_with` another office.

SVC609 needs nothing but its own file: it is an ordinary per-file rule (cached, and
checked on standard input in an editor).

A run that checks only some files (pre-commit) still judges them against every
definition of their repository: the others' summaries come from the cache, or from
loading them (no rule runs), as the registry's dependants do.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from ..catalogue import declare, rule
from ..config import Config
from ..findings import Finding
from ..load import Document
from ..load.entry import needles_in, peek_bytes
from ..model import SENSITIVE_CATEGORIES, definition
from ..records import record
from ..repository import (
    CheckedDefinitions,
    ItemFlow,
    RegistryLocator,
    RegistrySummary,
    ServiceSummary,
    Share,
    _Absolute,
    _Checked,
    _finding,
    _Later,
    _summary_of,
    checked_folder,
    is_registry_file,
    plain_summary,
    summary_from_plain,
)

FAMILY = "data_flows"

_REGISTRY_TWO = (
    "# file: offices.yaml\nsvcstd: \"1\"\noffices:\n  - {id: test-office, name: 社会救助局}\n"
    "  - {id: civil-affairs, name: 民政局}\n"
)
_ITEM = (
    "  - id: identity-card\n    name: 居民身份证\n    form: document\n    category: identity\n"
    "    personal: true\n    sensitive: false\n    required: true\n"
    "    purpose: 核实身份\n    legal_basis: 社会救助暂行办法 第九条\n    retention: {value: 5, unit: years}\n"
)

declare(
    "SVC606", "inbound-flow-without-sender", "warning",
    "Personal data obtained by `department_sharing` whose category no definition shares towards the receiving office.",
    "Data obtained from another department is a flow between two offices, and the record of "
    "processing (PIPL Art. 23 and 34, GDPR Art. 30) must show it at both ends: the sender "
    "declares `shared_with` towards the office that runs this service, with purpose and legal "
    "basis. An inbound flow that no sender accounts for has no declared basis on the side that "
    "discloses the data, and the privacy officer cannot trace where it comes from.",
    bad=_REGISTRY_TWO + "# file: services/benefit.yaml\nid: minimal-benefit\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: department_sharing\n    purpose:") + _ITEM.replace(
        "identity-card", "phone-number").replace("居民身份证", "联系电话").replace("category: identity", "category: contact"
    ).replace("    purpose:", "    source: applicant\n    purpose:"),
    good=_REGISTRY_TWO + "# file: services/benefit.yaml\nid: minimal-benefit\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: department_sharing\n    purpose:") + _ITEM.replace(
        "identity-card", "phone-number").replace("居民身份证", "联系电话").replace("category: identity", "category: contact"
    ).replace("    purpose:", "    source: applicant\n    purpose:")
    + "# file: services/marriage.yaml\nid: marriage-registration\nresponsible_office: {ref: civil-affairs}\n"
    "data_collected:\n" + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: test-office}, purpose: 核实身份, legal_basis: 社会救助暂行办法 第九条, method: api}\n",
    messages={
        "no_sender": "Item `{item}` is obtained by department sharing, but no definition of this "
        "repository shares `{categories}` data with office `{office}`, which runs this service. "
        "Declare the flow where the sending office collects the data (`shared_with: [{{office: "
        "{{ref: {office}}}, purpose: ..., legal_basis: ...}}]`), or correct `source` if the "
        "applicant provides it.",
    },
    family=FAMILY,
    cross_file=True,
)
declare(
    "SVC607", "flow-to-idle-office", "warning",
    "Personal data shared with an office that collects nothing and runs no service.",
    "A recipient of personal data must be accountable for what it does with it. An office "
    "that no definition names as responsible office or as the office of a step runs no "
    "service in this repository: nothing says why it needs the data, how long it keeps it, or "
    "who it gives it to. Either the definition of the service that uses the data is missing, "
    "or the recipient is wrong.",
    bad="# file: offices.yaml\nsvcstd: \"1\"\noffices:\n  - {id: test-office, name: 社会救助局}\n"
    "  - {id: city-archives, name: 市档案馆}\n# file: services/benefit.yaml\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: city-archives}, purpose: 归档, legal_basis: 档案法 第十条, method: file}\n",
    good=_REGISTRY_TWO + "# file: services/benefit.yaml\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: civil-affairs}, purpose: 核实身份, legal_basis: 社会救助暂行办法 第九条, method: api}\n"
    "# file: services/marriage.yaml\nid: marriage-registration\nresponsible_office: {ref: civil-affairs}\n",
    messages={
        "idle_recipient": "Item `{item}` is shared with office `{office}`, which runs no service "
        "and collects nothing in this repository (no definition names it as responsible office "
        "or as the office of a step), so nothing says what it does with the data. Add the "
        "definition of the service that uses it, or correct the recipient.",
    },
    family=FAMILY,
    cross_file=True,
)
declare(
    "SVC608", "sharing-bases-differ", "warning",
    "The same category of data shared between the same two offices under different legal bases.",
    "A flow of one kind of personal data from one office to another is one processing "
    "activity in the record (GDPR Art. 30, PIPL Art. 23): it has one legal basis. Two "
    "definitions that give different bases for it mean one of them is wrong, or the flow is "
    "two activities that the register cannot tell apart.",
    bad=_REGISTRY_TWO + "# file: services/a.yaml\nid: benefit-a\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: civil-affairs}, purpose: 核实身份, legal_basis: 社会救助暂行办法 第九条, method: api}\n"
    "# file: services/b.yaml\nid: benefit-b\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: civil-affairs}, purpose: 核实身份, legal_basis: 民法典 第一千零三十五条, method: api}\n"
    "# file: services/marriage.yaml\nid: marriage-registration\nresponsible_office: {ref: civil-affairs}\n",
    good=_REGISTRY_TWO + "# file: services/a.yaml\nid: benefit-a\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: civil-affairs}, purpose: 核实身份, legal_basis: 社会救助暂行办法 第九条, method: api}\n"
    "# file: services/b.yaml\nid: benefit-b\ndata_collected:\n"
    + _ITEM.replace("    purpose:", "    source: applicant\n    purpose:")
    + "    shared_with:\n      - {office: {ref: civil-affairs}, purpose: 核实身份, legal_basis: 社会救助暂行办法 第九条, method: api}\n"
    "# file: services/marriage.yaml\nid: marriage-registration\nresponsible_office: {ref: civil-affairs}\n",
    messages={
        "bases_differ": "Data of category `{category}` flows from office `{sender}` to office `{receiver}` "
        "under legal basis “{basis}” here, but under “{other}” in {other_file} (line {line}). "
        "One flow of one kind of data between two offices has one legal basis: align the two.",
    },
    family=FAMILY,
    cross_file=True,
)


@rule(
    "SVC609", "sensitive-sharing-without-method", "warning",
    "Sensitive personal data shared with another office without `method`.",
    "How sensitive data (PIPL Art. 28: health, biometric, financial, a minor's...) travels "
    "decides how it is protected on the way: an interface with access control, a file sent by "
    "some channel, or paper handed over. The privacy officer needs `method` (api, file, "
    "manual) to assess the transfer, and the register shows it for every sensitive flow.",
    bad="data_collected:\n  - id: medical-record\n    name: 病历\n    form: document\n    category: health\n"
    "    personal: true\n    sensitive: true\n    required: true\n    source: applicant\n    purpose: 核实病情\n"
    "    legal_basis: 社会救助暂行办法 第九条\n    necessity: 医疗救助须核实病情\n    retention: {value: 5, unit: years}\n"
    "    shared_with:\n      - {office: {ref: test-office}, purpose: 复核, legal_basis: 社会救助暂行办法 第九条}\n",
    good="data_collected:\n  - id: medical-record\n    name: 病历\n    form: document\n    category: health\n"
    "    personal: true\n    sensitive: true\n    required: true\n    source: applicant\n    purpose: 核实病情\n"
    "    legal_basis: 社会救助暂行办法 第九条\n    necessity: 医疗救助须核实病情\n    retention: {value: 5, unit: years}\n"
    "    shared_with:\n      - {office: {ref: test-office}, purpose: 复核, legal_basis: 社会救助暂行办法 第九条, method: api}\n",
    messages={
        "no_method": "Sensitive item `{item}` is shared with office `{office}` without `method`. "
        "Say how it is transferred: `method: api`, `file` or `manual`.",
    },
    family=FAMILY,
)
def sensitive_sharing_without_method(doc: Document, config: Config) -> Iterator[Finding]:
    service = definition(doc)
    for item in service.data_collected:
        if not (item.sensitive or any(c in SENSITIVE_CATEGORIES for c in item.categories)):
            continue
        for sharing in item.shared_with:
            if sharing.method is None and sharing.lacks("method"):
                office = sharing.office.ref if sharing.office and sharing.office.ref else "?"
                yield doc.finding("SVC609", "no_method", sharing.path, item=item.label, office=office)


# ---------------------------------------------------------------------------------------
# The cross-file part


@record
class _Scope:
    """The definitions of one repository (their flows are compared with each other)."""

    # `repository.CheckedDefinitions`: the checked ones (by position), then the others.
    members: CheckedDefinitions
    # ids (id()) of the members not being checked, which get no findings: none in a full
    # run, which then holds nothing per file here.
    others: set


def flow_findings(
    checked: CheckedDefinitions, config: Config, locator: RegistryLocator, registries: dict, seen, targets, cache, sources,
    in_background=None,
) -> list[Finding]:
    """SVC606-SVC608 for the definitions checked, against every definition of their
    repository. Nothing is computed when none of them takes part in a flow.
    `in_background` (`repository.OthersInBackground`): the other definitions that may
    change a finding, read while the files were checked."""
    if not any(item.summary.flows for item in checked):
        return []
    scopes: dict[Path, _Scope] = {}

    def grouped() -> Iterator[ServiceSummary]:
        # One reading of the definitions, by column for a large run's rows (none made:
        # `CheckedDefinitions`), groups them by scope and gives the screen the flows.
        known = last_folder = None
        for (_, responsible, flows), item, name, index in checked.parts_with_items(refs=False):
            folder = None if item is not None else checked_folder(name)
            if folder is None or folder is not last_folder:  # (a folder's files come together)
                scope = locator.scope_of(item) if item is not None else locator.scope_of_name(name)
                known = scopes.get(scope)
                if known is None:
                    known = scopes[scope] = _Scope(checked.empty_like(), set())
                last_folder = folder
            known.members.add_from(checked, index)
            if flows:
                yield ServiceSummary(None, (), responsible, flows)

    screen = FlowScreen.of(grouped())
    read = in_background.flows(scopes, screen) if in_background is not None else None
    if read is not None:
        _add_others_read(scopes, read, seen)
    else:
        _add_others(scopes, config, seen, targets, cache, screen)
    findings: list[Finding] = []
    for scope in scopes.values():
        findings.extend(_scope_findings(scope, config, locator, registries, sources))
    return findings


class FlowScreen(NamedTuple):
    """Which other definitions can change the flow findings of the checked ones.

    Only three kinds can (`_scope_findings`): one that names a recipient of the checked
    files' data (it may run a service of that office: SVC607); one that shares data with
    an office responsible for a checked file that obtains data by department sharing
    (what that office receives: SVC606); and one that shares data from an office
    responsible for a checked file that shares data, to one of its recipients (the
    bases one sender gives: SVC608). Their bytes say so before any parsing, so a partial
    run in a large repository parses a few files, not all of them. (Any sharing at all
    was the screen before: 384 files parsed of the benchmark's 2,000 for one file's run.)"""

    recipients: frozenset[bytes]
    receivers: frozenset[bytes]  # responsible for a checked file that obtains data by sharing
    senders: frozenset[bytes]  # responsible for a checked file that shares data

    @classmethod
    def of(cls, summaries: Iterable[ServiceSummary]) -> FlowScreen:
        recipients: set[bytes] = set()
        receivers: set[bytes] = set()
        senders: set[bytes] = set()
        for summary in summaries:
            for flow in summary.flows:
                recipients.update(share.office.encode("utf-8") for share in flow.shares if share.office)
                if summary.responsible and flow.source == "department_sharing":
                    receivers.add(summary.responsible.encode("utf-8"))
                if summary.responsible and flow.shares:
                    senders.add(summary.responsible.encode("utf-8"))
        return cls(frozenset(recipients), frozenset(receivers), frozenset(senders))

    def reasons(self, raw: bytes) -> tuple[frozenset[bytes], bool]:
        """Why a file of these bytes may change a finding: the recipients it may name, and
        whether it may share data with a receiver or from a sender to a recipient (an
        escape anywhere: it may)."""
        named = needles_in(raw, self.recipients)
        shares = b"shared_with" in raw and (
            bool(needles_in(raw, self.receivers)) or bool(named and needles_in(raw, self.senders))
        )
        return named, shares

    def covers(self, other: FlowScreen) -> bool:
        return all(mine >= theirs for mine, theirs in zip(self, other))


def _needed(candidates: Iterable[tuple], acting: set[bytes], summary_of) -> Iterator[tuple]:
    """(target, summary) of each of `candidates` ((target, the recipients it may name,
    whether it may share with a party: `FlowScreen.reasons`), files of one scope in walk
    order) that can still change a finding. A recipient acts once one definition of the
    scope runs a service of it (SVC607 asks no more), so a file kept only for recipients
    already known to act (`acting`, updated here) is not loaded: a recipient that is a
    common step office was named by 95 of 2,000 files."""
    for target, named, shares in candidates:
        if not shares and named <= acting:
            continue
        summary = summary_of(target)
        if summary is None:
            continue
        acting.update(office.encode("utf-8") for office in _runs_of(summary))
        yield target, summary


def read_other_flows(candidates: Iterable[tuple], config: Config) -> list[tuple]:
    """(path, display, summary as plain tuples) of each of `candidates` (files of one
    scope, not checked, with what a `FlowScreen` found in them: see `_needed`) that can
    change a finding: the background's part of the data-flow pass
    (`repository.read_others`)."""
    return [
        (target.path, target.display, plain_summary(summary))
        for target, summary in _needed(candidates, set(), lambda target: _summary_of(target, config, None)[0])
    ]


def _add_others_read(scopes: dict[Path, _Scope], read: dict[str, list], seen) -> None:
    """`_add_others`, from what the background read (`read`: scope → `read_other_flows`)."""
    from ..repository import _Listed

    absolute = _Absolute()
    for folder, scope in scopes.items():
        for path, display, plain in read.get(str(folder), ()):
            target = _Listed(path, display, None)
            if seen.could_not_load(target) or target in seen:
                continue
            other = _Checked.of(display, path, summary_from_plain(plain), absolute, target=target)
            scope.members.append(other)
            scope.others.add(id(other))


def _add_others(scopes: dict[Path, _Scope], config: Config, seen, targets, cache, screen: FlowScreen) -> None:
    """The definitions of each scope that are not being checked (none in a full run)
    that may change a finding on a checked one (`FlowScreen`, `_needed`)."""
    from .. import discovery

    walked = getattr(targets, "walked", {})
    absolute = _Absolute()

    def candidates(listed) -> Iterator[tuple]:
        for target in listed:
            if seen.could_not_load(target) or target in seen or is_registry_file(target.path, config, target.identity):
                continue
            raw = peek_bytes(target.path, config.limits)
            if raw is None:
                continue  # unreadable or too large: reported when that file is checked
            named, shares = screen.reasons(raw)
            if named or shares:
                yield target, named, shares

    for folder, scope in scopes.items():
        if seen.saw_all_of(folder):
            continue  # a whole-repository run: no other file
        listed = walked.get(str(folder))
        if listed is None:
            listed = discovery.walk(folder, config)
        found = candidates(listed)
        first = next(found, None)
        if first is None:
            continue  # no other file of the scope can change a finding
        acting = {office.encode("utf-8") for member in scope.members for office in _runs(member)}
        found = chain((first,), found)
        for target, summary in _needed(found, acting, lambda target: _summary_of(target, config, cache)[0]):
            other = _Checked.of(target.display, target.path, summary, absolute, target=target)
            scope.members.append(other)
            scope.others.add(id(other))


def _office_ids(item: _Checked, locator: RegistryLocator, registries: dict) -> frozenset[str] | None:
    registry = locator.registry_of(item)
    if registry is None:
        return None
    known = registries.get(locator.real(registry))
    return known.office_ids if isinstance(known, RegistrySummary) else None


def _runs(item: _Checked) -> set[str]:
    """The offices that act in a definition: its responsible office and its steps' offices."""
    return _runs_of(item.summary)


def _runs_of(summary: ServiceSummary) -> set[str]:
    return _acting_in(summary.office_refs)


def _acting_in(office_refs: tuple) -> set[str]:
    """The offices that act among a definition's office references (`_runs`)."""
    return {ref.ref for ref in office_refs if _acts(ref)}


def _acts(office_ref) -> bool:
    return office_ref.pointer == "/responsible_office/ref" or office_ref.pointer.startswith("/steps/")


def _scope_findings(scope: _Scope, config: Config, locator: RegistryLocator, registries: dict, sources) -> list[Finding]:
    lang = config.lang
    members = scope.members
    members.sort_by_file()
    acting: set[str] = set()
    # (receiver, category) pairs that some definition shares; "" stands for any category.
    inbound: set[tuple[str, str]] = set()
    # (sender, receiver, category) → [(basis, member, share)] in file order: the first
    # share, then only those whose basis differs from its basis (SVC608). Every share was
    # kept, a tuple and a string each, to be skipped at the end when equal to the first.
    # The first alone is kept as its tuple, not in a list (most keys never get another:
    # a list each was a fifth of this pass's memory at 100,000 definitions).
    bases: dict[tuple[str, str, str], tuple | list[tuple[str, _Checked, Share]]] = {}
    # The members judged below: those checked with flows (a few of a large run's rows,
    # which are made again each time they are read).
    judged = array("I")  # (a list of positions was 40 bytes a definition with flows)
    # The office a reference names when it acts, else None, by its code: a row's
    # references come as codes (`CheckedDefinitions.parts_with_items`), each judged once.
    acting_by_code: dict[int, str | None] = {}
    for (refs, sender, flows), item, _, index in members.parts_with_items(refs="codes"):
        # A row is made only when a share keeps it (`_Later`, one for all its shares).
        member = item
        if flows and (item is None or id(item) not in scope.others):
            judged.append(index)
        # Not remembered per tuple of references: few tuples are shared, and a set per
        # definition was most of this pass's peak memory (1.1 MB at 10,000 files), to
        # spare 1.3 us a definition.
        if item is not None:
            acting.update(_acting_in(refs))
        elif refs:
            try:
                acting.update(map(acting_by_code.__getitem__, refs))
            except KeyError:  # a code met for the first time
                for code in refs:
                    if code not in acting_by_code:
                        reference = members.reference(code)
                        acting_by_code[code] = reference.ref if _acts(reference) else None
                acting.update(map(acting_by_code.__getitem__, refs))
        for flow in flows:
            for share in flow.shares:
                if share.office is None:
                    continue
                inbound.add((share.office, ""))
                inbound.update((share.office, category) for category in flow.categories)
                if sender is None or share.legal_basis is None or not share.legal_basis.strip():
                    continue
                basis = None
                for category in flow.categories:
                    entries = bases.get((sender, share.office, category))
                    first = entries[0] if entries.__class__ is list else entries  # (None: none yet)
                    if first is not None and first[0] == share.legal_basis:
                        continue  # written as the first: the same basis, however spaced
                    basis = basis or " ".join(share.legal_basis.split())
                    if member is None:
                        member = _Later(members, index)
                    if entries is None:
                        bases[(sender, share.office, category)] = (basis, member, share)
                    elif basis != first[0]:
                        if entries is first:
                            entries = bases[(sender, share.office, category)] = [first]
                        entries.append((basis, member, share))
    acting.discard(None)  # (a code's that names no acting office)
    findings: list[Finding] = []
    for index in judged:
        member = members[index]
        receiver = member.summary.responsible
        known = _office_ids(member, locator, registries)
        for flow in member.summary.flows:
            if flow.source == "department_sharing" and receiver is not None and not _accounted(flow, receiver, inbound):
                findings.append(_inbound_finding(member, flow, receiver, lang, sources))
            for share in flow.shares:
                if share.office is None or share.office in acting:
                    continue
                if known is not None and share.office not in known:
                    continue  # an office the registry lacks is SVC601's finding
                place = sources.place(member, share.pointer)
                findings.append(
                    _finding(
                        "SVC607", "idle_recipient", member.file, place, lang,
                        source=sources.line(member, place.line), item=flow.item or "?", office=share.office,
                    )
                )
    findings.extend(_basis_findings(bases, scope, lang, sources))
    return findings


def _accounted(flow: ItemFlow, receiver: str, inbound: set[tuple[str, str]]) -> bool:
    if not flow.categories:
        return (receiver, "") in inbound
    return any((receiver, category) in inbound for category in flow.categories)


def _inbound_finding(member: _Checked, flow: ItemFlow, receiver: str, lang: str, sources) -> Finding:
    from ..catalogue import phrase

    categories = "/".join(flow.categories) if flow.categories else phrase("any_category", lang, "any")
    place = sources.place(member, flow.source_pointer)
    return _finding(
        "SVC606", "no_sender", member.file, place, lang,
        source=sources.line(member, place.line),
        item=flow.item or "?", office=receiver, categories=categories,
    )


def _basis_findings(bases: dict, scope: _Scope, lang: str, sources) -> Iterator[Finding]:
    reported: set[tuple[int, int]] = set()  # (member, line): one finding per share
    for (sender, receiver, category), entries in sorted(bases.items()):
        if entries.__class__ is tuple:
            continue  # one basis only
        first_basis, first_member, first_share = entries[0]
        for basis, member, share in entries[1:]:  # (each differs from the first)
            if id(member) in scope.others:
                continue
            # Located only now, for a finding (summaries hold pointers, not positions).
            place = sources.place(member, share.basis_pointer)
            key = (id(member), place.line, place.column)
            if key in reported:
                continue  # an item of two categories: one finding, for its first category
            reported.add(key)
            yield _finding(
                "SVC608", "bases_differ", member.file, place, lang,
                source=sources.line(member, place.line),
                category=category, sender=sender, receiver=receiver, basis=basis, other=first_basis,
                other_file=first_member.file, line=sources.place(first_member, first_share.basis_pointer).line,
            )
