"""The user-facing strings of `dataflows` and `diff` (headings, column names, change
descriptions). English here, at the declaration; Chinese in locales/zh.json under
`_oversight`, with the same placeholders (tests/test_dataflows.py compares them)."""

from __future__ import annotations

from ..catalogue import _locale  # the one reader of locales/*.json
from ..code_labels import code_label

EN = {
    # dataflows
    "register_title": "Register of personal-data processing",
    "register_intro": "{offices} offices, {services} services, {flows} flows between offices, {transfers} cross-border transfers.",
    "diagram": "Flows between offices",
    "diagram_note": "Each box is an office; each arrow a flow of personal data from the office that collects it to the office it is shared with. Red arrows carry sensitive data.",
    "offices": "Offices",
    "services": "Services",
    "processing": "Personal data collected",
    "flows": "Flows between offices",
    "cross_border": "Cross-border transfers",
    "none": "None.",
    "office": "Office",
    "service": "Service",
    "status": "Status",
    "item": "Data item",
    "categories": "Categories",
    "sensitive": "Sensitive",
    "source": "Source",
    "purpose": "Purpose",
    "legal_basis": "Legal basis",
    "retention": "Retention",
    "from": "From",
    "to": "To",
    "method": "Method",
    "destination": "Destination",
    "file": "File",
    "yes": "yes",
    "no": "no",
    "not_stated": "not stated",
    "permanent": "permanent",
    "unit.days": "days",
    "unit.months": "months",
    "unit.years": "years",
    "unit.working_days": "working days",
    "unit.calendar_days": "calendar days",
    "unit.hours": "hours",
    "category": "Category",
    "change": "Change",
    "skipped": "Not read (not a loadable definition; run `svcstd check` on them): {files}",
    # diff
    "diff_title": "What this change does to services",
    "diff_range": "Compared {base} with {head}.",
    "diff_none": "No change to any service's personal data, flows, limits, fees, steps, channels or status.",
    "diff_counts": "{services} services changed: {privacy} privacy, {citizen} citizen, {other} other changes.",
    "category.privacy": "privacy",
    "category.citizen": "citizen",
    "category.service": "service",
    "category.office": "offices",
    "category.other": "other",
    "working_tree": "the working tree",
    "change.service_added": "New service.",
    "change.service_removed": "Service removed (its definition is gone).",
    "change.service_retired": "Service retired (status {old} → {new}).",
    "change.status_changed": "Status {old} → {new}.",
    "change.renamed": "Definition moved from {old} to {new}.",
    "change.data_added": "New personal data: `{item}` ({categories}).",
    "change.sensitive_added": "New sensitive personal data: `{item}` ({categories}).",
    "change.data_removed": "Personal data no longer collected: `{item}`.",
    "change.became_sensitive": "`{item}` is now sensitive personal data ({categories}).",
    "change.sharing_added": "`{item}` is now shared with office `{office}`.",
    "change.sharing_removed": "`{item}` is no longer shared with office `{office}`.",
    "change.cross_border_added": "`{item}` is now transferred abroad ({destination}).",
    "change.limit_raised": "The {limit} time limit is raised from {old} to {new}.",
    "change.limit_removed": "The {limit} time limit is removed (was {old}).",
    "change.fee_added": "New fee: {name} ({amount}).",
    "change.fee_raised": "Fee {name} raised from {old} to {new}.",
    "change.now_charged": "The service is now charged.",
    "change.step_added": "New step: `{step}`.",
    "change.step_removed": "Step removed: `{step}`.",
    "change.visits_raised": "Visits to the office on {channel} raised from {old} to {new}.",
    "change.online_depth_lowered": "Online depth of {channel} lowered from {old} to {new}.",
    "change.channel_removed": "Channel removed: {channel}.",
    "change.public_status_removed": "Step `{step}` no longer shows the applicant a public status.",
    "change.office_added": "Office `{office}` added to the registry.",
    "change.office_removed": "Office `{office}` removed from the registry.",
    "change.office_renamed": "Office `{office}` renamed from “{old}” to “{new}”.",
    "limit.statutory": "statutory",
    "limit.committed": "committed",
    "offices_heading": "Offices registry",
    "no_git": "git is not installed: `svcstd diff` needs it.",
    "not_git": "{path} is not inside a git repository: `svcstd diff` compares two git revisions. Run it inside the repository's work tree.",
    "bad_revision": "{revision} is not a revision of this repository ({detail}). Name a branch, tag or commit.",
    "no_main": "No main branch to compare with (tried {tried}). Name the base revision: `svcstd diff BASE`.",
    "diff_skipped": "Not compared, because they do not load at the new revision (run `svcstd check` on them): {files}",
    "services_list": "Services: {services}",
    "services_count": "Services: {count}",
    "filters_list": "Filters: {filters}",
    "truncated": "… and {count} more services (see the JSON output for all).",
}


def t(key: str, lang: str = "en", /, **params) -> str:
    template = (_locale(lang).get("_oversight", {}).get(key) if lang != "en" else None) or EN.get(key, key)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def retention(value, lang: str) -> str:
    if value is None:
        return t("not_stated", lang)
    if value == "permanent":
        return t("permanent", lang)
    if isinstance(value, dict):
        amount = value.get("value")
        shown = int(amount) if isinstance(amount, float) and amount.is_integer() else amount
        return f"{shown} {t('unit.' + str(value.get('unit')), lang)}"
    return str(value)


def categories(values, lang: str) -> str:
    """Categories of personal data as people read them (健康, not `health`)."""
    separator = "、" if lang == "zh" else ", "
    return separator.join(code_label("category", value, lang) for value in values)
