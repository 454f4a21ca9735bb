"""Oversight of a repository of definitions: where citizens' personal data flows between
offices (`svcstd dataflows`: the register of processing, its flow diagram, and the
SVC606-SVC609 rules), and what a change does to services (`svcstd diff`).

Modules:
- `flows`: the data-flow rules. SVC606-SVC608 compare definitions (they run in the
  repository's cross-file pass, from each file's cached summary); SVC609 needs one file.
- `register`: definitions → the register (a plain data structure); `register_*` render it.
- `diagram`: the register's flows as an inline SVG (grandalf's layered layout).
- `diff`: two git revisions → the changes, per service; `diff_*` render them.
- `texts`: the user-facing strings of these outputs, in English (Chinese in
  locales/zh.json under `_oversight`).
- `commands`: the typer commands, registered onto the CLI by `cli.py`.

May import: loading, model, discovery, config, repository, catalogue, findings, atomic.
Nothing here prints except `commands`.
"""
