"""`svcstd init`: a new definitions repository that checks clean from the first minute.

What it writes (templates under `templates/init/`, as files):

    offices.yaml                       the offices registry (format 1.1, with `defaults`)
    svcstd.toml                        the configuration, every key explained
    .pre-commit-config.yaml            svcstd as a pre-commit hook
    .github/workflows/svcstd.yml       a CI example
    .vscode/settings.json              the editor's schema mapping (completion, hover, errors)
    schemas/...                        the JSON Schemas the editor reads (en and zh)
    services/marriage-registration.yaml  one commented sample definition

It never overwrites: if any of these exists, nothing at all is written.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

from ..catalogue import _locale
from ..records import record

SAMPLE = "services/marriage-registration.yaml"

# target path → template file
FILES = {
    "offices.yaml": "offices.yaml",
    "svcstd.toml": "svcstd.toml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/svcstd.yml": "workflow.yml",
    ".vscode/settings.json": "vscode-settings.json",
    SAMPLE: "sample.yaml",
}

STATUS = {
    "zh": {"accept": "已受理", "review": "审查中", "decide": "已作出决定", "conclude": "已办结", "deliver": "已送达"},
    "en": {"accept": "Accepted", "review": "Under review", "decide": "Decided", "conclude": "Concluded",
           "deliver": "Delivered"},
}

TEXTS_EN = {
    "refused": "svcstd init: nothing written, because these files already exist: {files}. "
    "svcstd init never overwrites; run it in an empty folder, or move those files away.",
    "created": "Created a definitions repository in {folder}:",
    "next": "Next: `svcstd check {folder}` (clean), then `svcstd new ID --type TYPE --office sample-office "
    "-o {services}/ID.yaml` for your first service.",
}


def text(key: str, lang: str, /, **params) -> str:
    template = _locale(lang).get("_authoring", {}).get(f"init.{key}") or TEXTS_EN[key]
    return template.format(**params)


def refusal_text(existing: list[Path], lang: str) -> str:
    return text("refused", lang, files=", ".join(str(p) for p in existing))


@record
class InitRefused(Exception):
    existing: list[Path]

    def message(self, lang: str) -> str:
        return refusal_text(self.existing, lang)


def _template(name: str) -> str:
    return resources.files("svcstd.authoring").joinpath("templates", "init", name).read_text("utf-8")


def _schema_files() -> dict[str, str]:
    """schemas/… files for the editor: the 1.1 schemas in English and Chinese."""
    from ..schema import schema_name, schema_text

    files = {}
    for lang in ("en", "zh"):
        for kind in ("service", "offices"):
            name = schema_name(kind, "1.1", lang)
            try:
                files[f"schemas/{name}"] = schema_text(name)
            except (FileNotFoundError, OSError):
                continue
    return files


def planned_files(lang: str) -> dict[str, str]:
    values = {"lang": lang, "schema_dir": "zh" if lang == "zh" else "."}
    values.update({f"status_{stage}": words for stage, words in STATUS[lang].items()})
    files = {target: Template(_template(source)).substitute(values) for target, source in FILES.items()}
    files[".vscode/settings.json"] = files[".vscode/settings.json"].replace("/./", "/")
    files.update(_schema_files())
    return files


def create_repository(folder: Path, lang: str = "zh") -> list[str]:
    """Write the repository's files into `folder`; returns their relative paths."""
    from ..atomic import write_text_atomically

    files = planned_files(lang)
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing:
        raise InitRefused(existing)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, content)
    return list(files)


def created_message(folder: Path, created: list[str], lang: str) -> str:
    lines = [text("created", lang, folder=folder)]
    lines += [f"  {name}" for name in created if not name.startswith("schemas/")]
    lines.append("  schemas/ (JSON Schemas for the editor)" if lang == "en" else "  schemas/（供编辑器使用的 JSON Schema）")
    lines.append(text("next", lang, folder=folder, services=folder / "services"))
    return "\n".join(lines) + "\n"
