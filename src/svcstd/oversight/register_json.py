"""The register as JSON (for other tools; the shape is `Register.as_json`)."""

from __future__ import annotations

import json

from .register import Register


def render(register: Register) -> str:
    return json.dumps(register.as_json(), ensure_ascii=False, indent=2) + "\n"
