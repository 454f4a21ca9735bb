"""Machine-readable exports of checked definitions: CPSV-AP 3.2.0 (RDF, through rdflib) and
schema.org (JSON-LD, plain JSON). Both read `publish.sources`; neither prints nor writes."""

from __future__ import annotations

import re

from ...records import record
from ..text import text

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@record(frozen=True)
class ExportProblem:
    """Why the export cannot be made (each one in both languages, for the CLI to show)."""

    key: str
    params: dict

    def message(self, lang: str = "en") -> str:
        return text(self.key, lang, **self.params)


class ExportError(Exception):
    """The export was refused: nothing is written. Carries every problem found, not the first."""

    def __init__(self, problems: list[ExportProblem]):
        super().__init__(f"{len(problems)} export problem(s)")
        self.problems = problems
