"""Figures for `termkit check --jobs`: wall time of a serial and a parallel check of many files.

The corpus in data/ is copied COPIES times into a temporary directory (default
100 copies, 500 files, about 8 MB), then checked in-process with the bundled
termbases with jobs=1 and jobs=N for each N given; the outputs are compared
byte for byte. Prints one line per run (wall time, and CPU time of this
process and the pool's workers: on a loaded machine the wall time says little,
the CPU time shows whether the pool adds work); nothing is asserted.

    python bench/parallel.py [COPIES] [JOBS ...]
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from termkit import CheckOptions, check_paths, load_termbase  # noqa: E402
from termkit.engine.parallel import default_jobs  # noqa: E402
from termkit.report import render  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    jobs_list = [int(j) for j in sys.argv[2:]] or sorted({2, default_jobs()})
    tb = load_termbase()
    check_paths([ROOT / "data"], tb, CheckOptions())  # compile and warm the caches outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(copies):
            shutil.copytree(ROOT / "data", Path(tmp) / f"c{i:04d}")
        files = sum(1 for _ in Path(tmp).rglob("*.txt"))
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*.txt"))
        print(f"{files} files, {size / 1e6:.1f} MB, {len(tb)} concepts, {os.cpu_count()} CPUs "
              f"({default_jobs()} usable)")
        reference = None
        for scope in ("document", "corpus"):
            for jobs in [1] + jobs_list:
                c0 = _cpu()
                t0 = time.perf_counter()
                result = check_paths([tmp], tb, CheckOptions(scope=scope, jobs=jobs))
                dt = time.perf_counter() - t0
                cpu = _cpu() - c0
                out = io.StringIO()
                render(result, "json", out)
                if jobs == 1:
                    reference, base = out.getvalue(), dt
                same = "identical" if out.getvalue() == reference else "DIFFERENT"
                print(f"scope={scope:8} jobs={jobs:<3} wall {dt:6.2f} s  {size / 1e6 / dt:6.2f} MB/s  "
                      f"x{base / dt:4.2f}  cpu {cpu:6.2f} s  {len(result.findings)} findings, output {same}")


if __name__ == "__main__":
    main()
