"""Cold start of a one-line `termkit check`, as a ratio to the interpreter's own start-up in the same run.

    python bench/startup.py            # 15 rounds
    python bench/startup.py --runs 31

Each round starts, in turn, fresh processes of ``python -c pass``, ``termkit check
ONE-LINE-FILE`` with the bundled termbase (7,500 concepts) and with a small one
(tests/fixtures/mini.yaml), and ``termkit lookup``; the medians (and fastest) of
wall time are printed, with each as a multiple of ``python -c pass``. The
termkit cache is warmed first (termbase, the index of its forms and pieces by
first character that a short text is checked through, character table), as on
every run after the first; byte-code files are written
(``PYTHONDONTWRITEBYTECODE`` is unset for the children), as an installed package
has them. Interleaving the commands spreads the machine's load over all of them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import termkit_cmd  # noqa: E402


def wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("TERMKIT_CACHE_DIR", str(Path(tempfile.gettempdir()) / "termkit-bench-startup"))
    one = Path(tempfile.mkdtemp()) / "one.txt"
    one.write_text("《巴塞公约》秘书处在会上发言。\n", encoding="utf-8")
    tk = termkit_cmd()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "termkit check ONE (bundled termbase)": tk + ["check", "--isolated", str(one)],
        "termkit check ONE (tests/fixtures/mini.yaml)": tk + ["check", "--isolated", "-t",
                                                              str(ROOT / "tests/fixtures/mini.yaml"), str(one)],
        "termkit lookup 巴塞尔公约": tk + ["lookup", "巴塞尔公约"],
    }
    for cmd in commands.values():  # warm the caches and the byte code
        wall(cmd, env)
        wall(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    base = statistics.median(times["python -c pass"])
    print(f"# {args.runs} rounds; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs\n")
    print("| command | median ms | fastest ms | × python -c pass (median) |")
    print("|---|---|---|---|")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"| {name} | {med * 1000:.0f} | {min(values) * 1000:.0f} | {med / base:.1f} |")


if __name__ == "__main__":
    main()
