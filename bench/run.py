"""Speed and memory of `termkit check` at corpus scale: prints the table the README's "Performance" section shows.

    python bench/run.py                 # 1, 10 and 100 MB; bundled and 100,000-term termbases
    python bench/run.py --quick         # 1 and 10 MB only
    python bench/run.py --verify        # also compare the findings with bench/reference.py on the largest corpus

Material is built once under bench/out/ (git-ignored): corpora of shuffled
paragraphs of data/ with their PDF line breaks, and a 100,000-term termbase
(the bundled one plus synthetic concepts from jieba's dictionary; see
bench/corpus.py). Then, each in a fresh process so nothing is warm but the OS
file cache:

1. end-to-end `termkit check FILE --format json -o OUT`: wall and CPU time,
   throughput (MB of UTF-8 input per second of wall time) and peak memory
   (the child's maximum resident set, from wait4);
2. the same file through the library, phase by phase (termbase load, decode,
   normalize, match, each rule, findings, JSON report), CPU seconds;
3. `--jobs` scaling over many files;
4. cold start-up of `termkit lookup` and `termkit check` on a one-line file;
5. ripgrep `-F -f` with the same term forms, counting every match, where installed.

Nothing is asserted: the figures are printed (Markdown) and written to
bench/out/results.md. The machine's load average is printed with them,
because other processes on a 2-core machine change every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import MB, OUT, build_corpus, build_large_termbase  # noqa: E402

BUNDLED = ROOT / "glossary"
#: the UN Parallel Corpus test set (4,000 aligned sentences), as copied into the tests' fixtures with its
#: source and checksums (tests/fixtures/external/README.md): a fresh clone measures on the same lines
UNPC_DIR = ROOT / "tests" / "fixtures" / "external" / "unpc-test"


def termkit_cmd() -> list[str]:
    script = Path(sys.executable).with_name("termkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "termkit"]


def run_child(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run a command to the end: wall seconds, CPU seconds and peak RSS (MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "code": proc.returncode, "stderr": err}


def mb(path_or_paths) -> float:
    paths = path_or_paths if isinstance(path_or_paths, list) else [path_or_paths]
    return sum(p.stat().st_size for p in paths) / MB


# The bench process stays small: a child's peak RSS counts the pages it shared
# with this process when it was forked, so nothing large is loaded here.

def report_findings(report: Path) -> int:
    """The number of findings of a JSON report, from its summary at the end (without loading it all)."""
    with open(report, "rb") as fh:
        fh.seek(max(0, report.stat().st_size - 4096))
        tail = fh.read().decode("utf-8", "ignore")
    summary = json.loads(tail[tail.rindex('"summary": ') + len('"summary": '):].rstrip().rstrip("}"))
    return sum(summary.values())


# ---- 1. end to end -----------------------------------------------------------

def end_to_end(files: dict[int, Path], termbases: dict[str, list[Path]]) -> list[dict]:
    rows = []
    for tb_name, tb_paths in termbases.items():
        tb_args = [a for p in tb_paths for a in ("--termbase", str(p))]
        for size, path in files.items():
            out = OUT / f"report-{tb_name}-{size}mb.json"
            r = run_child(termkit_cmd() + ["check", str(path), *tb_args, "--isolated", "--jobs", "1",
                                           "--format", "json", "-o", str(out), "--fail-on", "never"])
            if r["code"] != 0:
                raise SystemExit(f"termkit check failed ({r['code']}): {r['stderr'].strip()}")
            findings = report_findings(out)
            rows.append({"termbase": tb_name, "size": size, "mb": mb(path), "findings": findings,
                         "file_mb": mb(path), **r})
    return rows


# ---- 2. phases ---------------------------------------------------------------

def phases(path: Path, tb_paths: list[Path]) -> list[tuple[str, float, str, float]]:
    """CPU seconds of each step of a check of one file, through the library, in a fresh process,
    with the process's peak resident memory (MB) after each step."""
    code = f"""
import io, json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
t = time.process_time
marks = []
def mark(name, start, note=''):
    marks.append((name, t() - start, note, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
s = t()
from termkit import CheckOptions, load_termbase
from termkit.text.document import read_document
from termkit.engine.pipeline import sort_findings
from termkit.engine.scan import reads_all_matches
from termkit.model import CheckResult
from termkit.rules import DocContext
from termkit.match.chinese import matcher_for
from termkit.text.normalize import normalize
from termkit.report import render
mark('import termkit', s)
import gc
gc.disable()  # as `termkit check` does while it loads the termbase and checks (termkit/gcpause.py)
s = t(); tb = load_termbase({[str(p) for p in tb_paths]!r}); mark('termbase load + validate', s, f'{{sum(1 for _ in tb.terms("zh"))}} Chinese terms')
s = t(); load_termbase({[str(p) for p in tb_paths]!r}, cache=True); mark('termbase load, cached (as termkit check)', s, 'a hit: the cache was filled before')
s = t(); matcher = matcher_for(tb); mark('matcher compile', s, 'cached by the loader\\'s example run' if t() - s < 0.001 else '')
s = t(); doc = read_document({str(path)!r}); mark('read + decode', s)
s = t(); norm = normalize(doc.text); mark('normalize', s, f'{{len(norm.cuts)}} cut points')
active = CheckOptions().active_rules()
s = t(); every = matcher.find(norm); mark('match (every match)', s, f'{{len(every)}} matches')
s = t(); decisive = matcher.find(norm, decisive_only=True); mark('match (decisive only)', s, f'{{len(decisive)}} matches')
ctx = DocContext(doc.path, doc.text, norm, every if reads_all_matches(active) else decisive, tb)
findings = []
for rule, severity in active:
    s = t(); hits = list(rule.check(ctx)); mark('rule ' + rule.id, s, f'{{len(hits)}} hits')
    s = t(); findings.extend(ctx.finding(rule, h, severity) for h in hits); mark('  findings of ' + rule.id, s)
for rule, _ in active:
    findings.extend(rule.finish())
s = t(); result = CheckResult([doc.path], sort_findings(findings)); buf = io.StringIO(); render(result, 'json', buf); mark('sort + JSON report', s, f'{{len(result.findings)}} findings')
print(json.dumps(marks))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return [tuple(x) for x in json.loads(proc.stdout.strip().splitlines()[-1])]


# ---- 3. --jobs -----------------------------------------------------------------

def jobs_scaling(files: list[Path], tb_paths: list[Path], jobs=(1, 2)) -> list[dict]:
    tb_args = [a for p in tb_paths for a in ("--termbase", str(p))]
    rows = []
    for j in jobs:
        out = OUT / f"report-jobs{j}.json"
        r = run_child(termkit_cmd() + ["check", str(files[0].parent), *tb_args, "--isolated", "--jobs", str(j),
                                       "--format", "json", "-o", str(out), "--fail-on", "never"])
        if r["code"] != 0:
            raise SystemExit(f"termkit check --jobs {j} failed: {r['stderr'].strip()}")
        rows.append({"jobs": j, **r, "bytes": out.read_bytes()})
    return rows


# ---- 4. start-up -------------------------------------------------------------

def startup(large: list[Path] | None = None, runs: int = 7) -> list[tuple[str, float, float, float]]:
    tiny = OUT / "tiny.txt"
    tiny.write_text("《巴塞尔公约》秘书处\n", encoding="utf-8")
    check = termkit_cmd() + ["check", str(tiny), "--isolated", "--fail-on", "never"]
    cases = [
        ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
        ("termkit lookup 巴塞尔公约", termkit_cmd() + ["lookup", "巴塞尔公约"]),
        ("termkit check (one-line file)", check),
        ("termkit check (one-line file), TERMKIT_NO_CACHE=1", ["env", "TERMKIT_NO_CACHE=1"] + check),
    ]
    if large:
        cases.append(("termkit check (one-line file), 100,000 terms",
                      check + [a for p in large for a in ("--termbase", str(p))]))
    out = []
    for name, cmd in cases:
        run_child(cmd)  # the first run fills the OS file cache and termkit's own caches
        results = [run_child(cmd) for _ in range(runs)]
        times = sorted(r["wall"] for r in results)
        out.append((name, statistics.median(times), times[0], statistics.median(r["cpu"] for r in results)))
    return out


# ---- 5. ripgrep --------------------------------------------------------------

def ripgrep(files: dict[int, Path], termbases: dict[str, list[Path]]) -> list[dict]:
    rg = shutil.which("rg")
    if rg is None:
        return []
    rows = []
    for tb_name, tb_paths in termbases.items():
        terms = OUT / f"terms-{tb_name}.txt"
        if not terms.exists():
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                            "from pathlib import Path; from bench.corpus import term_list;"
                            "term_list([Path(p) for p in sys.argv[3:]], Path(sys.argv[2]))",
                            str(ROOT), str(terms), *map(str, tb_paths)], check=True)
        for size, path in files.items():
            r = run_child([rg, "-F", "--count-matches", "-f", str(terms), str(path)], stdout=subprocess.PIPE)
            rows.append({"termbase": tb_name, "size": size, "mb": mb(path), **r})
    return rows


# ---- 6. reference ------------------------------------------------------------

def verify(path: Path, tb_paths: list[Path]) -> tuple[bool, float, float]:
    """Same findings, as JSON bytes, from the engine and from bench/reference.py."""
    from bench.reference import findings_json, reference_check
    from termkit import check_paths, load_termbase

    tb = load_termbase(tb_paths)
    s = time.perf_counter()
    fast = findings_json(check_paths([path], tb).findings)
    t_fast = time.perf_counter() - s
    s = time.perf_counter()
    ref = findings_json(reference_check([path], tb).findings)
    return fast == ref, t_fast, time.perf_counter() - s


def verify_in_child(path: Path, tb_paths: list[Path]) -> tuple[bool, float, float]:
    code = ("import sys, json; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
            "from bench.run import verify; print(json.dumps(verify(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])))")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT), str(path), *map(str, tb_paths)],
                          capture_output=True, text=True, check=True)
    same, t_fast, t_ref = json.loads(proc.stdout.strip().splitlines()[-1])
    return same, t_fast, t_ref


# ---- the table -----------------------------------------------------------------

def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs ({cpu or platform.machine()}); "
            f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 and 10 MB only")
    ap.add_argument("--sizes", default=None, help="corpus sizes in MB, comma-separated (default 1,10,100)")
    ap.add_argument("--no-large-termbase", action="store_true", help="skip the 100,000-term termbase")
    ap.add_argument("--verify", action="store_true", help="compare findings with bench/reference.py (slow)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1, 10] if args.quick else [1, 10, 100])

    lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    say(f"Machine: {machine()}")
    # termkit's user cache (the loaded termbase, the lookup index) in bench/out, filled below before
    # anything is timed: the figures are those of a repeated `termkit check`, the usual case
    os.environ.setdefault("TERMKIT_CACHE_DIR", str(OUT / "cache"))
    files = {s: build_corpus(s)[0] for s in sizes}
    termbases = {"bundled": [BUNDLED]}
    if not args.no_large_termbase:
        termbases["100k"] = [BUNDLED, build_large_termbase(100_000, base=[BUNDLED])]
    largest = files[max(sizes)]

    for tb_paths in termbases.values():
        tiny = OUT / "tiny.txt"
        tiny.write_text("《巴塞尔公约》秘书处\n", encoding="utf-8")
        run_child(termkit_cmd() + ["check", str(tiny), "--isolated", "--fail-on", "never",
                                   *[a for p in tb_paths for a in ("--termbase", str(p))]])
    say("\n### End to end: `termkit check FILE --format json -o OUT --jobs 1` (termbase cache filled)\n")
    say("| termbase | corpus | findings | wall s | MB/s | CPU s | peak RSS MB | RSS ÷ file |")
    say("|---|---|---|---|---|---|---|---|")
    for r in end_to_end(files, termbases):
        say(f"| {r['termbase']} | {r['size']} MB | {r['findings']} | {r['wall']:.2f} | {r['mb'] / r['wall']:.1f} | "
            f"{r['cpu']:.2f} | {r['rss_mb']:.0f} | {r['rss_mb'] / r['file_mb']:.1f} |")

    for tb_name, tb_paths in termbases.items():
        say(f"\n### Phases, {tb_name} termbase, {max(sizes)} MB file (CPU seconds, one process)\n")
        say("| phase | CPU s | MB/s | peak RSS MB after | note |")
        say("|---|---|---|---|---|")
        size_mb = mb(largest)
        for name, secs, note, rss in phases(largest, tb_paths):
            rate = f"{size_mb / secs:.0f}" if secs > 0.0005 and not name.startswith(("import", "termbase", "matcher")) else ""
            say(f"| {name} | {secs:.3f} | {rate} | {rss:.0f} | {note} |")

    # per-run costs (start-up, termbase load, report) do not parallelize: measure on the largest size
    many = build_corpus(max(sizes), files=5 * max(sizes))
    say(f"\n### `--jobs` over many files ({len(many)} files, {mb(many):.0f} MB, bundled termbase)\n")
    say("| jobs | wall s | MB/s | speed-up | same output |")
    say("|---|---|---|---|---|")
    rows = jobs_scaling(many, termbases["bundled"])
    for r in rows:
        say(f"| {r['jobs']} | {r['wall']:.2f} | {mb(many) / r['wall']:.1f} | {rows[0]['wall'] / r['wall']:.2f}× | "
            f"{'yes' if r['bytes'] == rows[0]['bytes'] else 'NO'} |")

    say("\n### Cold start-up (fresh process; median and fastest of 7)\n")
    say("| command | wall median ms | wall fastest ms | CPU median ms |")
    say("|---|---|---|---|")
    for name, med, best, cpu in startup(termbases.get("100k")):
        say(f"| `{name}` | {med * 1000:.0f} | {best * 1000:.0f} | {cpu * 1000:.0f} |")

    rg_rows = ripgrep(files, termbases)
    if rg_rows:
        say("\n### ripgrep `-F --count-matches -f TERMS FILE`, same term forms, for comparison\n")
        say("| termbase | corpus | wall s | MB/s |")
        say("|---|---|---|---|")
        for r in rg_rows:
            say(f"| {r['termbase']} | {r['size']} MB | {r['wall']:.2f} | {r['mb'] / r['wall']:.0f} |")
    else:
        say("\nripgrep is not installed: no comparison.")

    if args.verify:
        same, t_fast, t_ref = verify_in_child(largest, termbases["bundled"])
        say(f"\nReference check on {max(sizes)} MB, bundled termbase: findings "
            f"{'identical (same JSON bytes)' if same else 'DIFFERENT'}; engine {t_fast:.1f} s, reference {t_ref:.1f} s")

    say(f"\nDone: {machine()}")
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
