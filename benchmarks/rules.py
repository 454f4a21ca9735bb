#!/usr/bin/env python3
"""Cost of each semantic rule, per definition, on the bundled example definitions.

    python benchmarks/rules.py [--rounds 200] [--languages zh,en]

Prints microseconds per definition for every rule and for the schema check beside them,
so that a slow rule shows up before it shows up in a run over ten thousand files.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from svcstd import catalogue, suppression
from svcstd.config import Config
from svcstd.loading import load_path
from svcstd.schema import schema_findings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "services"


def per_definition(work, docs, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            work(doc)
    return (time.perf_counter() - start) / (rounds * len(docs)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--languages", default="", help="required-languages, e.g. zh,en")
    args = parser.parse_args()
    docs = [r.document for p in sorted(EXAMPLES.rglob("*.yaml")) if (r := load_path(p, str(p))).document]
    config = Config(required_languages=tuple(x for x in args.languages.split(",") if x))
    rules = catalogue.semantic_rules()
    print(f"{len(docs)} definitions, {args.rounds} rounds, required-languages={list(config.required_languages)}")
    total = 0.0
    for rule in rules:
        cost = per_definition(lambda d, r=rule: list(r.check(d, config)), docs, args.rounds)
        total += cost
        print(f"  {rule.code} {rule.name:<36} {cost:8.1f} µs")
    print(f"  {'all semantic rules':<43} {total:8.1f} µs")
    print(f"  {'schema check (for comparison)':<43} {per_definition(schema_findings, docs, max(args.rounds // 10, 1)):8.1f} µs")
    print(f"  {'suppression.parse':<43} {per_definition(lambda d: suppression.parse(d.text), docs, args.rounds):8.1f} µs")


if __name__ == "__main__":
    main()
