#!/usr/bin/env python3
"""Figures for the cross-file pass: what a partial run (pre-commit) pays to keep SVC601 and
SVC602 correct, on a generated definitions repository in a git work tree.

    python benchmarks/repository_scan.py [--count 2000] [--seed 1]

Prints: discovery of the whole repository (walk plus one `git check-ignore`), the quick
read of every other file's id (`loading.peek_top_level`) against a full load, and the
wall time of `svcstd check ONE_FILE` and `svcstd check .` as subprocesses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from svcstd import discovery
    from svcstd.config import load_config
    from svcstd.loading import load_path, peek_top_level

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(root), "--count", str(args.count),
             "--seed", str(args.seed), "--defect-rate", "0"],
            check=True, capture_output=True,
        )
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        (root / "svcstd.toml").write_text("", "utf-8")
        os.chdir(root)
        config = load_config()

        def walk():
            discovery.git_toplevel.cache_clear()
            return discovery.walk(Path("."), config)

        files = [t.path for t in walk() if t.path.name != "offices.yaml"]
        walk_time = timed(walk)
        peek_time = timed(lambda: [peek_top_level(p, ("svcstd", "id")) for p in files])
        sample = files[:200]
        load_time = timed(lambda: [load_path(p, str(p)) for p in sample], repeat=1) / len(sample) * len(files)

        def run(*paths):
            return lambda: subprocess.run(
                [sys.executable, "-m", "svcstd", "check", "--format", "text", *paths],
                capture_output=True, check=False,
            )

        one = files[len(files) // 2]
        partial = timed(run(str(one)), repeat=3)
        full = timed(run("."), repeat=1)

    print(f"definitions:                      {len(files)}")
    print(f"discover repository (walk + git): {walk_time * 1e3:8.1f} ms")
    print(f"peek ids of all definitions:      {peek_time * 1e3:8.1f} ms  ({peek_time / len(files) * 1e3:.3f} ms/file)")
    print(f"full load of all (estimated):     {load_time * 1e3:8.1f} ms  ({load_time / len(files) * 1e3:.3f} ms/file)")
    print(f"svcstd check ONE_FILE (wall):     {partial * 1e3:8.1f} ms")
    print(f"svcstd check . (wall):            {full * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
