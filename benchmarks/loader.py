#!/usr/bin/env python3
"""Figures for `loading`: milliseconds per file to load (decode, parse, build data) a
corpus of definitions, through each of the two composers, plus the time to refuse the
hostile inputs that the composer choice is about.

    python benchmarks/loader.py [CORPUS_DIR ...] [--repeat 3]

Without a folder it loads examples/ and tests/data/; give the folder written by
`python benchmarks/generate.py /tmp/corpus --count 2000` for realistic figures.
"Automatic" is what `load_text` does by itself: libyaml's C composer for a file whose
nesting it can bound below what the C stack takes, the event composer otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from svcstd import loading  # noqa: E402


def load(raw: bytes, **options) -> loading.LoadResult:
    """`load_bytes`, with the composer choice that only `load_text` takes."""
    text, problem = loading.decode(raw, "f.yaml")
    if problem is not None:
        return loading.LoadResult(None, [problem])
    return loading.load_text(text, "f.yaml", **options)


def best_per_file(raws: list[bytes], repeat: int, **options) -> float:
    """Best-of-`repeat` milliseconds per file for loading every file of `raws`."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for raw in raws:
            load(raw, **options)
        best = min(best, time.perf_counter() - start)
    return best / len(raws) * 1000


def accepts(raw: bytes) -> bool:
    try:
        load(raw, composer="libyaml")
    except loading.ComposerDeclined:
        return False
    return True


def path_options() -> dict[str, dict]:
    if not hasattr(loading, "COMPOSERS"):  # the loader before there were two composers
        return {"automatic": {}}
    return {"automatic": {}, **{name: {"composer": name} for name in loading.COMPOSERS}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folders = args.folders or [ROOT / "examples", ROOT / "tests" / "data"]
    raws = [p.read_bytes() for folder in folders for p in sorted(folder.rglob("*.y*ml"))]
    size = sum(map(len, raws)) / len(raws)
    print(f"{len(raws)} files, {size / 1024:.1f} KB on average, from {', '.join(map(str, folders))}")
    for name, options in path_options().items():
        if name == "libyaml":
            continue
        print(f"  {name:>10}: {best_per_file(raws, args.repeat, **options):7.3f} ms/file")
    if hasattr(loading, "COMPOSERS"):
        accepted = [raw for raw in raws if accepts(raw)]
        print(f"  the {len(accepted)} files libyaml's composer is trusted with "
              f"({len(raws) - len(accepted)} left to the event composer):")
        for name in loading.COMPOSERS:
            print(f"  {name:>10}: {best_per_file(accepted, args.repeat, composer=name):7.3f} ms/file")

    print("hostile input (best of 3, ms):")
    hostile = {
        "alias bomb (tests/hostile)": (ROOT / "tests/hostile/SVC004-alias-bomb.yaml").read_bytes(),
        "1,000,000 × '['": b"[" * 1_000_000,
        "1,000,000 × '- '": b"- " * 1_000_000,
        "2,999 nested '['": b"[" * 2_999 + b"]" * 2_999,
    }
    for label, raw in hostile.items():
        for name, options in path_options().items():
            try:
                elapsed = best_per_file([raw], 3, **options)
            except loading.ComposerDeclined:
                print(f"  {label:>28} {name:>10}: declined, left to the event composer")
                continue
            codes = [f.code for f in load(raw, **options).findings]
            print(f"  {label:>28} {name:>10}: {elapsed:9.2f}  {codes}")


if __name__ == "__main__":
    main()
