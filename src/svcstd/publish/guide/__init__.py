"""The citizen's service guide (办事指南): one page per service and an index, HTML or Markdown.

`pages.py` turns a definition (read through the shared model, svcstd.model) into a view of
plain strings in the page's language, in the order citizens read a guide; the templates in
`templates/` (Jinja2, autoescaped) lay it out; `flow.py` draws the steps. Nothing here
prints or writes: `build` returns {relative path: content} for the command to write.
"""

from __future__ import annotations

from .pages import build

__all__ = ["build"]
