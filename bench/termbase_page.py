"""Measure the searchable termbase page (`termkit export -o termbase.html`): build time, size, and Chromium.

    python bench/termbase_page.py                       # the bundled termbase, and 5,000 and 20,000 made-up concepts
    python bench/termbase_page.py --sizes 5000 --chromium /usr/bin/chromium

For each page: the time to render it in Python and its size; then in headless Chromium (Playwright),
the median of three loads to the script's ready mark, and for a series of queries (simplified and
traditional Chinese, English, an abbreviation, one character, no match) and filter changes the time
from the input event to the results drawn (the next animation frame), median and worst, with the JS heap.

Prints figures; asserts nothing (tests/test_termbase_page.py checks the behaviour).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from termkit import load_termbase  # noqa: E402
from termkit.interchange.html_write import render_page  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
QUERIES = ["巴塞尔公约", "鹿特丹公約", "大會", "convention", "PFOS", "委", "zzzz"]

# the time from an input event to the frame after the results are drawn
_TIMED = """async ([kind, value]) => {
  const t0 = performance.now();
  if (kind === "q") {
    const q = document.getElementById("q");
    q.value = value;
    q.dispatchEvent(new Event("input"));
    await new Promise((r) => requestAnimationFrame(r));  // the search runs in this frame
  } else {
    const s = document.getElementById(kind);
    s.value = value;
    s.dispatchEvent(new Event("change"));
  }
  await new Promise((r) => requestAnimationFrame(r));  // and is painted by the next
  return performance.now() - t0;
}"""


def synthetic(n: int):
    from test_termbase_page import synthetic as make

    return make(n)


def measure(browser, label: str, termbase) -> None:
    t0 = time.perf_counter()
    page_text = render_page(termbase)
    built = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "termbase.html"
        path.write_text(page_text, encoding="utf-8")
        size = path.stat().st_size
        loads = []
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t1 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_selector("body[data-ready]")
            loads.append(time.perf_counter() - t1)
            if _ < 2:
                page.close()
        times = [page.evaluate(_TIMED, ["q", q]) for q in QUERIES * 3]
        page.evaluate(_TIMED, ["q", ""])
        filters = [page.evaluate(_TIMED, [kind, value]) for kind, value in
                   [("subject", "1"), ("status", "deprecated"), ("status", "unverified"), ("subject", ""),
                    ("status", ""), ("termbase", "0"), ("termbase", "")] * 3]
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
        page.close()
    print(f"{label}: {len(termbase.concepts):,} concepts; rendered in {built:.2f} s; {size / 1e6:.1f} MB; "
          f"load to ready {statistics.median(loads) * 1000:.0f} ms (median of 3); JS heap {heap / 1e6:.0f} MB")
    print(f"  search, input to results painted: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms "
          f"over {len(times)} queries")
    print(f"  filter change to results painted: median {statistics.median(filters):.1f} ms, worst {max(filters):.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[5000, 20000], help="made-up termbases of these sizes")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--headless", *ARGS])
        measure(browser, "bundled", load_termbase(cache=True))
        for n in args.sizes:
            measure(browser, f"made-up {n}", synthetic(n))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
