"""Cold wall time of `termkit lookup`, compared with the interpreter's own start-up.

Each run is a fresh process (so nothing is warm but the OS file cache), timed
from spawn to exit; the script prints the median, the fastest and the 90th
percentile of several runs for:

- ``python -c pass``: the floor, the interpreter's start-up;
- ``python -m termkit lookup QUERY`` and the ``termkit`` console script, with the
  index in the cache (the normal case: every run after the first);
- the same with ``--no-cache`` (what every run would cost without the cache:
  YAML, validation, the termbase examples, OpenCC's table);
- ``python -c "import termkit.cli"``: what importing the typer application alone costs.

It also checks, with ``-X importtime``, that the cached lookup imports neither
jieba nor typer, OpenCC, YAML or rapidfuzz.

Usage: python bench/lookup.py [--runs N] [--termbase PATH] [QUERY]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HEAVY = ("jieba", "typer", "opencc", "yaml", "rapidfuzz", "ahocorasick_rs", "termkit.engine")


def timed(cmd: list[str], env: dict, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        out.append((time.perf_counter() - start) * 1000)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[:300]}")
    return out


def row(name: str, times: list[float], floor: float | None) -> str:
    times = sorted(times)
    med = statistics.median(times)
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    extra = f"  (+{med - floor:5.1f} ms over start-up)" if floor is not None else ""
    return f"{name:<44} median {med:7.1f} ms   min {times[0]:7.1f}   p90 {p90:7.1f}{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("query", nargs="?", default="巴塞尔公约")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--termbase", help="termbase file or directory (default: bundled)")
    args = parser.parse_args()

    py = sys.executable
    tb = ["--termbase", args.termbase] if args.termbase else []
    lookup = ["-m", "termkit", "lookup", args.query, *tb]
    script = shutil.which("termkit", path=os.path.dirname(py))
    cache = tempfile.mkdtemp(prefix="termkit-bench-cache-")
    env = dict(os.environ, TERMKIT_CACHE_DIR=cache)
    env.pop("TERMKIT_NO_CACHE", None)
    try:
        first = timed([py, *lookup], env, 1)[0]  # builds and stores the index
        floor_times = timed([py, "-c", "pass"], env, args.runs)
        floor = statistics.median(floor_times)
        print(f"termkit lookup {args.query!r}: {args.runs} runs each, fresh process per run, "
              f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(row("python -c pass", floor_times, None))
        print(row("python -m termkit lookup (cached index)", timed([py, *lookup], env, args.runs), floor))
        if script:
            print(row("termkit lookup (console script, cached)",
                      timed([script, "lookup", args.query, *tb], env, args.runs), floor))
        print(row("python -m termkit lookup --no-cache", timed([py, *lookup, "--no-cache"], env,
                                                              max(3, args.runs // 4)), floor))
        print(row('python -c "import termkit.cli" (typer app)',
                  timed([py, "-c", "import termkit.cli"], env, max(3, args.runs // 4)), floor))
        print(f"{'first run (cache miss: load, validate, store)':<44} {first:7.1f} ms")

        proc = subprocess.run([py, "-X", "importtime", *lookup], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
        heavy = sorted(m for m in imported if m.split(".")[0] in HEAVY or m in HEAVY)
        print(f"modules imported by a cached lookup: {len(imported)}; heavy ones: {', '.join(heavy) or 'none'}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
