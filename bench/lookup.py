"""Cold wall time of `termkit lookup`, compared with the interpreter's own start-up.

Each run is a fresh process, timed from spawn to exit; the script prints the
median, fastest and 90th-percentile wall time of several runs, and the median
CPU time (user + system: steadier than wall time on a busy machine), for:

- ``python -c pass``: the floor, the interpreter's start-up;
- ``python -m termkit lookup QUERY`` and the ``termkit`` console script, with the
  index in the cache (the normal case: every run after the first);
- the same with ``--no-cache`` (what every run would cost without the cache:
  YAML, validation, the termbase examples, OpenCC's table);
- ``python -c "import termkit.cli.app"``: importing the typer application alone.

Children run as after a normal install: bytecode is cached (in a temporary
``PYTHONPYCACHEPREFIX``, even when the environment sets
``PYTHONDONTWRITEBYTECODE``), and every command runs once before it is timed.
``--as-is`` keeps the environment's bytecode setting instead.

It also checks, with ``-X importtime``, that a cached lookup imports neither
jieba nor typer, OpenCC, YAML, rapidfuzz or the check engine.

With ``--scale K`` it also measures, in-process, an index K times the size of
the bundled one (every concept and form copied K times with a numbered
suffix): the cache entry's size, the time to read it back, and single queries
of each stage.

Usage: python bench/lookup.py [--runs N] [--termbase PATH] [--as-is] [--scale K] [QUERY]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HEAVY = ("jieba", "typer", "click", "opencc", "yaml", "rapidfuzz", "ahocorasick_rs", "termkit.engine.pipeline",
         "termkit.cli.app", "termkit.termbase")


def timed(cmd: list[str], env: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``runs`` fresh processes."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[:300]}")
    return wall, cpu


def row(name: str, times: tuple[list[float], list[float]], floor: float | None) -> str:
    wall, cpu = sorted(times[0]), times[1]
    med = statistics.median(wall)
    p90 = wall[min(len(wall) - 1, int(round(0.9 * (len(wall) - 1))))]
    extra = f"   +{med - floor:6.1f} ms over start-up" if floor is not None else ""
    return (f"{name:<46} wall median {med:7.1f} ms  min {wall[0]:7.1f}  p90 {p90:7.1f}   "
            f"cpu median {statistics.median(cpu):7.1f} ms{extra}")


def scale(factor: int, termbase: str | None) -> None:
    """Load, cache and query an index ``factor`` times the size of the given termbases."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from termkit import load_termbase
    from termkit._util import store as cache
    from termkit.lookup.index import LookupIndex, build_index

    base = build_index(load_termbase([termbase] if termbase else None))
    entries, forms = [], []
    data = base.to_data()
    for k in range(factor):
        offset = k * len(base)
        for entry in base.entries:
            entries.append(dict(entry, id=f"{entry['id']}-{k}"))
        for key, ci, lang, ti in zip(data["keys"], data["concept"], data["lang"], data["term"]):
            forms.append((f"{key}{k}", ci + offset, lang, ti))
    start = time.perf_counter()
    big = LookupIndex.build(entries, forms, data["fold"], data["join"])
    built = time.perf_counter() - start
    scratch = tempfile.mkdtemp(prefix="termkit-bench-scale-")
    os.environ["TERMKIT_CACHE_DIR"] = scratch
    try:
        cache.store("scale", "x", big.to_data())
        size = os.path.getsize(os.path.join(scratch, "scale-x.bin"))
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            index = LookupIndex.from_data(cache.load("scale", "x"))
            loads.append((time.perf_counter() - start) * 1000)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nindex ×{factor}: {len(entries)} concepts, {len(forms)} forms; build {built * 1000:.0f} ms, "
          f"cache entry {size / 1e6:.1f} MB, read back median {statistics.median(loads):.1f} ms")
    for query, what in (("巴塞尔公约0", "exact"), ("巴塞尔公约秘", "prefix"), ("危险化学品和农药", "substring"),
                        ("PIC", "English prefix"), ("巴赛尔公约0", "fuzzy, Chinese"),
                        ("Rotterdm", "fuzzy, English")):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = index.search(query)
            times.append((time.perf_counter() - start) * 1000)
        top = result.hits[0] if result.hits else None
        print(f"  {what:<28} {query!r:<22} median {statistics.median(times):7.1f} ms   "
              f"first hit: {top.concept_id + ' (' + top.match + ')' if top else 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("query", nargs="?", default="巴塞尔公约")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--termbase", help="termbase file or directory (default: bundled)")
    parser.add_argument("--as-is", action="store_true", help="keep the environment's bytecode setting")
    parser.add_argument("--scale", type=int, metavar="K", help="also measure an index K times as large")
    args = parser.parse_args()

    py = sys.executable
    tb = ["--termbase", args.termbase] if args.termbase else []
    lookup = ["-m", "termkit", "lookup", args.query, *tb]
    script = shutil.which("termkit", path=os.path.dirname(py))
    scratch = tempfile.mkdtemp(prefix="termkit-bench-")
    env = dict(os.environ, TERMKIT_CACHE_DIR=os.path.join(scratch, "cache"))
    env.pop("TERMKIT_NO_CACHE", None)
    if not args.as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pycache")
    few = max(3, args.runs // 4)
    cases = [
        ("python -c pass", [py, "-c", "pass"], args.runs),
        ("python -m termkit lookup (cached index)", [py, *lookup], args.runs),
        ("termkit lookup (console script, cached)", [script, "lookup", args.query, *tb] if script else None,
         args.runs),
        ("python -m termkit lookup --no-cache", [py, *lookup, "--no-cache"], few),
        ('python -c "import termkit.cli.app" (typer app)', [py, "-c", "import termkit.cli.app"], few),
    ]
    try:
        first = timed([py, *lookup], env, 1)[0][0]  # builds and stores the index
        for _, cmd, _ in cases:
            if cmd:
                timed(cmd, env, 1)  # bytecode for every module it imports
        print(f"termkit lookup {args.query!r}: fresh process per run, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}, "
              f"bytecode {'as the environment says' if args.as_is else 'cached'}")
        floor = None
        for name, cmd, runs in cases:
            if cmd is None:
                continue
            times = timed(cmd, env, runs)
            print(row(f"{name} ×{runs}", times, floor))
            if floor is None:
                floor = statistics.median(times[0])
        print(f"{'first run (cache miss: load, validate, store)':<46} wall {first:7.1f} ms")

        timed([py, *lookup], env, 1)  # in case a termbase changed meanwhile: the check is about a cached run
        proc = subprocess.run([py, "-X", "importtime", *lookup], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
        heavy = sorted(m for m in imported if any(m == h or m.startswith(h + ".") for h in HEAVY))
        print(f"modules imported by a cached lookup: {len(imported)}; heavy ones: {', '.join(heavy) or 'none'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.scale:
        scale(args.scale, args.termbase)


if __name__ == "__main__":
    main()
