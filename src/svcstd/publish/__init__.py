"""Publishing what is checked: the citizen's guide (办事指南) and machine-readable exports.

Holds `sources` (the definitions and their offices registries, read once for every
publication), `export/` (CPSV-AP 3.2.0 RDF and schema.org JSON-LD), `guide/` (static HTML
and Markdown pages, templates as files) and `commands` (the typer commands, registered onto
the app by cli.py). May import loading, discovery, repository, config, engine and the
shared model; nothing below `commands` prints, and nothing here is imported by `check`
(rdflib and Jinja2 load only when a publication is made).
"""
