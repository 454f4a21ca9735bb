#!/usr/bin/env python3
"""Figures for hostile input: time and peak memory to refuse each file of the hostile
corpus (tests/hostile/), and how the whole check scales with the size of a definition.

    python benchmarks/hostile.py [--repeat 5]

Prints, per corpus file: the codes found, the best of `--repeat` in-process check times,
and the peak of Python allocations (tracemalloc) during one check. Then checks definitions
with N = 100 ... 1600 steps and data items and prints the time per N: a rule with a
quadratic blow-up shows as a ratio near 4 between successive doublings instead of near 2.
Process-level figures (startup included) come from `/usr/bin/time -v svcstd check FILE`.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from svcstd.config import Config  # noqa: E402
from svcstd.engine import check_text  # noqa: E402

CORPUS = ROOT / "tests" / "hostile"
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text("utf-8")


def best_time(raw: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        check_text(raw, "f.yaml", Config())
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(raw: bytes) -> int:
    tracemalloc.start()
    check_text(raw, "f.yaml", Config())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def big_definition(count: int) -> str:
    """A valid definition with `count` steps and `count` data items, each step using one."""
    head = MINIMAL[: MINIMAL.index("steps:")]
    tail = MINIMAL[MINIMAL.index("fees:"):]
    head = head.replace("statutory: {value: 20,", f"statutory: {{value: {count * 2 + 20},")
    head = head.replace("committed: {value: 10,", f"committed: {{value: {count + 10},")
    steps, items = ["steps:"], ["data_collected:"]
    for i in range(count):
        steps.append(
            f"  - id: step-{i}\n    name: {{zh: 步骤{i}, en: Step {i}}}\n    stage: review\n"
            f"    actor: office\n    office: {{ref: test-office}}\n    deadline: {{value: 1, unit: working_days}}\n"
            f"    public_status: {{zh: 审核{i}, en: Review {i}}}\n    uses: [item-{i}]"
        )
        items.append(
            f"  - id: item-{i}\n    name: {{zh: 材料{i}, en: Item {i}}}\n    form: field\n    category: contact\n"
            f"    personal: true\n    sensitive: false\n    required: true\n    source: applicant\n"
            f"    purpose: {{zh: 联系{i}, en: Contact {i}}}\n    legal_basis: Social Assistance Regulation, Article 9\n"
            f"    retention: {{value: 2, unit: years}}"
        )
    body = head.replace("evidence: [identity-card]", "evidence: [item-0]")
    return body + "\n".join(steps) + "\n" + "\n".join(items) + "\n" + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    check_text(MINIMAL, "warm-up.yaml", Config())
    print(f"{'corpus file':48} {'bytes':>8} {'best ms':>8} {'peak KiB':>9}  codes")
    for path in sorted(CORPUS.glob("*.y*ml")):
        raw = path.read_bytes()
        report = check_text(raw, path.name, Config())
        codes = ",".join(sorted({f.code for f in report.findings})) or "-"
        print(f"{path.name:48} {len(raw):>8} {best_time(raw, args.repeat) * 1000:>8.2f} "
              f"{peak_memory(raw) / 1024:>9.0f}  {codes}")

    print("\nscaling (N steps and N data items in one definition):")
    print(f"{'N':>6} {'bytes':>9} {'best ms':>9} {'ratio to N/2':>13}  findings")
    previous = None
    for count in (100, 200, 400, 800, 1600):
        raw = big_definition(count).encode("utf-8")
        report = check_text(raw, "big.yaml", Config())
        elapsed = best_time(raw, max(1, args.repeat // 2))
        ratio = f"{elapsed / previous:.2f}" if previous else "-"
        codes = ",".join(sorted({f.code for f in report.findings})) or "-"
        print(f"{count:>6} {len(raw):>9} {elapsed * 1000:>9.1f} {ratio:>13}  {codes}")
        previous = elapsed


if __name__ == "__main__":
    main()
