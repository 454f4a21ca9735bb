"""What a change does to services: the definitions at two git revisions, compared.

`changes(root, base, head)`: `base` defaults to the merge base of HEAD with the main
branch; `head` None means the working tree (tracked changes and untracked files that git
does not ignore). Only the files git reports as changed are read, at both revisions, so a
pull request touching a hundred definitions of ten thousand reads two hundred files.
Services are matched by `id`, so a definition moved to another file is a rename, not a
removal and an addition. Formats 1 and 1.1 are read through the shared model.

Each change has a category, for the CI gates of `--fail-on`:
- privacy: personal or sensitive data added or removed, a new sharing or cross-border
  transfer, an item that became sensitive;
- citizen: slower, dearer or harder for the applicant: a time limit raised or removed, a
  fee added or raised, a step added, visits raised, online depth lowered, a channel
  removed, a step's public status removed;
- service: added, retired, removed, other status changes; office: the registry changed;
  other: a definition moved, a step removed.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import field
from typing import Any

from ..model import Definition, Duration, read
from ..records import record
from .register import is_sensitive

REGISTRY_NAMES = ("offices.yaml", "offices.yml")
MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
# Rough calendar days, to tell "raised" across units (a change of unit is itself rare).
DAYS = {"working_days": 7 / 5, "calendar_days": 1.0, "hours": 1 / 24}


class DiffError(Exception):
    """A problem the user must fix (not a git repository, unknown revision): exit 2."""


@record(frozen=True)
class Change:
    """One change a revision makes: its kind, its category, and what its text names."""

    kind: str  # texts key: change.<kind>
    category: str  # privacy, citizen, service, office, other
    params: dict = field(default_factory=dict)


@record
class ServiceChanges:
    """The changes of one service between the two revisions."""

    id: str
    name: Any  # model Text or None
    file: str
    old_file: str | None
    changes: list[Change]


@record
class DiffResult:
    """What a change of the repository does: per service, and to the offices registry."""

    base: str
    head: str | None  # None: the working tree
    services: list[ServiceChanges]
    offices: list[Change]
    skipped: list[str] = field(default_factory=list)

    def all_changes(self) -> list[Change]:
        return [c for s in self.services for c in s.changes] + self.offices

    def categories(self) -> set[str]:
        return {c.category for c in self.all_changes()}


# ---------------------------------------------------------------------------------------
# git


def _git(root: str, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", root, *args], input=data, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise DiffError("git is not installed: `svcstd diff` needs it") from error
    if done.returncode != 0:
        raise DiffError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def repository_root(path: str, lang: str = "en") -> str:
    from .texts import t

    try:
        done = subprocess.run(["git", "-C", path, "rev-parse", "--show-toplevel"], capture_output=True, check=False)
    except FileNotFoundError as error:
        raise DiffError(t("no_git", lang)) from error
    if done.returncode != 0:
        raise DiffError(t("not_git", lang, path=os.path.abspath(path)))
    return done.stdout.decode("utf-8").strip()


def _verify(root: str, revision: str, lang: str = "en") -> str:
    from .texts import t

    try:
        return _git(root, "rev-parse", "--verify", "--quiet", revision + "^{commit}").decode().strip()
    except DiffError as error:
        raise DiffError(t("bad_revision", lang, revision=revision, detail=str(error) or "unknown")) from None


def default_base(root: str, lang: str = "en") -> str:
    from .texts import t

    for branch in MAIN_BRANCHES:
        try:
            _git(root, "rev-parse", "--verify", "--quiet", branch + "^{commit}")
        except DiffError:
            continue
        return _git(root, "merge-base", "HEAD", branch).decode().strip()
    raise DiffError(t("no_main", lang, tried=", ".join(MAIN_BRANCHES)))


def _changed_paths(root: str, base: str, head: str | None) -> list[tuple[str, str | None, str | None]]:
    """(status, old path, new path) of changed YAML files, renames paired by git."""
    args = ["diff", "--name-status", "-z", "-M", "--no-color", base] + ([head] if head else []) + ["--"]
    fields = _git(root, *args).decode("utf-8", "replace").split("\0")
    result = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status[0] in "RC":
            old, new = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old = new = fields[index + 1]
            index += 2
        if status[0] == "A":
            old = None
        elif status[0] == "D":
            new = None
        result.append((status[0], old, new))
    if head is None:
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z").decode("utf-8", "replace")
        result.extend(("A", None, path) for path in untracked.split("\0") if path)
    return [r for r in result if any(p and p.endswith((".yaml", ".yml")) for p in r[1:])]


def _read_blobs(root: str, revision: str, paths: list[str]) -> dict[str, bytes]:
    """The files at a revision, all through one `git cat-file --batch`."""
    if not paths:
        return {}
    request = "".join(f"{revision}:{path}\n" for path in paths).encode("utf-8")
    out = _git(root, "cat-file", "--batch", data=request)
    blobs: dict[str, bytes] = {}
    position = 0
    for path in paths:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[path] = out[position:position + size]
        position += size + 1
    return blobs


# ---------------------------------------------------------------------------------------
# Reading


def _definition(raw: bytes | None, display: str) -> Definition | None:
    from ..load import load_bytes

    if raw is None:
        return None
    loaded = load_bytes(raw, display)
    data = loaded.document.data if loaded.document is not None else None
    if not isinstance(data, dict) or "svcstd" not in data or "offices" in data:
        return None
    return read(data)


def _looks_like_definition(raw: bytes | None) -> bool:
    """A file meant as a definition (discovery's test: its top-level keys), loadable or not."""
    from ..discovery import looks_like_definition

    if raw is None:
        return False
    text = raw.decode("utf-8", "replace")
    return looks_like_definition(text) and not re.search(r"^offices\s*:", text, re.MULTILINE)


def _registry(raw: bytes | None) -> dict[str, Any]:
    from ..load import load_bytes

    if raw is None:
        return {}
    loaded = load_bytes(raw, "offices.yaml")
    data = loaded.document.data if loaded.document is not None else None
    offices = data.get("offices") if isinstance(data, dict) else None
    return {o["id"]: o.get("name") for o in (offices or []) if isinstance(o, dict) and isinstance(o.get("id"), str)}


def changes(
    root: str, base: str | None = None, head: str | None = None, lang: str = "en",
    excluded: Callable[[str], bool] | None = None,
) -> DiffResult:
    """`excluded(path relative to root)`: files the project's configuration excludes."""
    base_commit = _verify(root, base, lang) if base else default_base(root, lang)
    if head:
        _verify(root, head, lang)
    changed = _changed_paths(root, base_commit, head)
    if excluded is not None:
        changed = [c for c in changed if not all(excluded(p) for p in c[1:] if p)]
    olds = [old for _, old, _ in changed if old]
    news = [new for _, _, new in changed if new]
    old_blobs = _read_blobs(root, base_commit, olds)
    if head:
        new_blobs = _read_blobs(root, head, news)
    else:
        new_blobs = {}
        for path in news:
            try:
                with open(os.path.join(root, path), "rb") as handle:
                    new_blobs[path] = handle.read()
            except OSError:
                pass
    office_changes: list[Change] = []
    before: dict[str, tuple[str, Definition]] = {}
    after: dict[str, tuple[str, Definition]] = {}
    skipped: list[str] = []
    for _, old, new in changed:
        if any(p and os.path.basename(p) in REGISTRY_NAMES for p in (old, new)):
            office_changes.extend(_office_changes(_registry(old_blobs.get(old) if old else None),
                                                  _registry(new_blobs.get(new) if new else None)))
            continue
        new_model = _definition(new_blobs.get(new), new) if new else None
        if new and new_model is None and _looks_like_definition(new_blobs.get(new)):
            # Broken at the new revision (`svcstd check` says how): its service is not
            # "removed", and nothing can be said about it until it loads.
            skipped.append(new)
            continue
        if old:
            model = _definition(old_blobs.get(old), old)
            if model is not None and model.id:
                before.setdefault(model.id, (old, model))
        if new_model is not None and new_model.id:
            after.setdefault(new_model.id, (new, new_model))
    services: list[ServiceChanges] = []
    for service_id in sorted(set(before) | set(after)):
        old_file, old = before.get(service_id, (None, None))
        new_file, new = after.get(service_id, (None, None))
        if old is None:
            found = [Change("service_added", "service")]
        elif new is None:
            found = [Change("service_removed", "service")]
        else:
            found = compare(old, new)
            if old_file != new_file:
                found.insert(0, Change("renamed", "other", {"old": old_file, "new": new_file}))
        if found:
            shown = new or old
            services.append(ServiceChanges(service_id, shown.name, new_file or old_file, old_file, found))
    return DiffResult(base_commit, head, services, office_changes, skipped)


# ---------------------------------------------------------------------------------------
# Comparing two versions of one service


def _days(duration: Duration | None) -> float | None:
    return None if duration is None else duration.value * DAYS.get(duration.unit, 1.0)


def _channel_name(channel) -> str:
    return f"{channel.type} #{channel.index + 1}" if channel.type else f"#{channel.index + 1}"


def compare(old: Definition, new: Definition) -> list[Change]:
    found: list[Change] = []
    found += _status(old, new)
    found += _data(old, new)
    found += _limits(old, new)
    found += _fees(old, new)
    found += _steps(old, new)
    found += _channels(old, new)
    return found


def _status(old: Definition, new: Definition) -> list[Change]:
    if old.status == new.status:
        return []
    kind = "service_retired" if new.status == "retired" else "status_changed"
    return [Change(kind, "service", {"old": old.status, "new": new.status})]


def _data(old: Definition, new: Definition) -> list[Change]:
    found: list[Change] = []
    before = {item.id: item for item in old.data_collected if item.id and item.personal}
    after = {item.id: item for item in new.data_collected if item.id and item.personal}
    everything_before = {item.id: item for item in old.data_collected if item.id}
    for item_id, item in after.items():
        categories = ", ".join(item.categories)
        previous = before.get(item_id)
        if previous is None:
            kind = "sensitive_added" if is_sensitive(item) else "data_added"
            found.append(Change(kind, "privacy", {"item": item_id, "categories": categories}))
        elif is_sensitive(item) and not is_sensitive(previous):
            found.append(Change("became_sensitive", "privacy", {"item": item_id, "categories": categories}))
        old_item = everything_before.get(item_id)
        shared_before = {s.office.ref for s in (old_item.shared_with if old_item else ()) if s.office and s.office.ref}
        shared_after = {s.office.ref for s in item.shared_with if s.office and s.office.ref}
        found += [Change("sharing_added", "privacy", {"item": item_id, "office": o}) for o in sorted(shared_after - shared_before)]
        found += [Change("sharing_removed", "privacy", {"item": item_id, "office": o}) for o in sorted(shared_before - shared_after)]
        destination_before = old_item.cross_border.destination if old_item and old_item.cross_border else None
        if item.cross_border is not None and item.cross_border.destination != destination_before:
            found.append(Change("cross_border_added", "privacy", {"item": item_id, "destination": item.cross_border.destination or "?"}))
    for item_id in before.keys() - after.keys():
        found.append(Change("data_removed", "privacy", {"item": item_id}))
    return sorted(found, key=lambda c: (c.params.get("item", ""), c.kind)) if found else found


def _limits(old: Definition, new: Definition) -> list[Change]:
    found: list[Change] = []
    if old.deadlines is None or new.deadlines is None:
        return found
    for limit in ("statutory", "committed"):
        was, now = getattr(old.deadlines, limit), getattr(new.deadlines, limit)
        if was is not None and now is None and limit == "statutory" and new.deadlines.statutory_is_null:
            found.append(Change("limit_removed", "citizen", {"limit": limit, "old": str(was)}))
        elif was is not None and now is not None and _days(now) > _days(was):
            found.append(Change("limit_raised", "citizen", {"limit": limit, "old": str(was), "new": str(now)}))
    return found


def _fee_key(item) -> str:
    return item.name.pick("zh") if item.name is not None else f"#{item.index + 1}"


def _fees(old: Definition, new: Definition) -> list[Change]:
    found: list[Change] = []
    if new.fees is None:
        return found
    if new.fees.charged and not (old.fees and old.fees.charged):
        found.append(Change("now_charged", "citizen"))
    before = {_fee_key(i): i for i in (old.fees.items if old.fees else ())}
    for item in new.fees.items:
        key = _fee_key(item)
        previous = before.get(key)
        amount = f"{item.amount:g} {item.currency or ''}".strip() if item.amount is not None else "?"
        if previous is None:
            found.append(Change("fee_added", "citizen", {"name": key, "amount": amount}))
        elif item.amount is not None and previous.amount is not None and item.amount > previous.amount:
            found.append(Change("fee_raised", "citizen", {"name": key, "old": f"{previous.amount:g}", "new": f"{item.amount:g}"}))
    return found


def _steps(old: Definition, new: Definition) -> list[Change]:
    before = {s.id: s for s in old.steps if s.id}
    after = {s.id: s for s in new.steps if s.id}
    found = [Change("step_added", "citizen", {"step": s}) for s in after if s not in before]
    found += [Change("step_removed", "other", {"step": s}) for s in before if s not in after]
    for step_id, step in after.items():
        previous = before.get(step_id)
        if previous is not None and previous.public_status is not None and not previous.public_status.blank and (
            step.public_status is None or step.public_status.blank
        ):
            found.append(Change("public_status_removed", "citizen", {"step": step_id}))
    return found


def _channels(old: Definition, new: Definition) -> list[Change]:
    found: list[Change] = []
    remaining = list(new.channels)
    for channel in old.channels:
        match = next((c for c in remaining if c.type == channel.type), None)
        if match is None:
            found.append(Change("channel_removed", "citizen", {"channel": _channel_name(channel)}))
            continue
        remaining.remove(match)
        name = _channel_name(match)
        if channel.visits is not None and match.visits is not None and match.visits > channel.visits:
            found.append(Change("visits_raised", "citizen", {"channel": name, "old": f"{channel.visits:g}", "new": f"{match.visits:g}"}))
        if channel.online_depth is not None and match.online_depth is not None and match.online_depth < channel.online_depth:
            found.append(Change("online_depth_lowered", "citizen", {"channel": name, "old": f"{channel.online_depth:g}", "new": f"{match.online_depth:g}"}))
    return found


def _office_changes(before: dict, after: dict) -> list[Change]:
    from .register import _name

    found = [Change("office_added", "office", {"office": o}) for o in sorted(after.keys() - before.keys())]
    found += [Change("office_removed", "office", {"office": o}) for o in sorted(before.keys() - after.keys())]
    for office in sorted(before.keys() & after.keys()):
        if before[office] != after[office]:
            found.append(Change("office_renamed", "office", {"office": office, "old": _name(before[office], "zh"), "new": _name(after[office], "zh")}))
    return found
