"""Measure the HTML report on a 1 MB document: build time, page size, and how Chromium copes.

    python bench/html_report.py                 # 1 MB document (bench/out/corpus-1mb), bundled termbase
    python bench/html_report.py --size-mb 5
    python bench/html_report.py --chromium /usr/bin/chromium

1. Python: the check, then render_html (re-read, re-match, lay out), with the page size.
2. Chromium (headless, driven by Playwright), the median of three loads: time to DOMContentLoaded and load,
   elements in the DOM, JS heap; then a scroll through the whole page, one
   viewport per animation frame, with the frame intervals (median, 95th
   percentile, worst) and a jump to the last finding. The same page is then
   measured with the lazy layout switched off (``content-visibility: visible``)
   to show what the chunks buy.

Prints figures; asserts nothing. (Not named html.py: as a script beside its
imports it would shadow the standard library's ``html`` module.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]

_SCROLL = """async () => {
  const frames = [];
  let last = performance.now();
  const end = document.documentElement.scrollHeight;
  for (let y = 0; y < end; y += innerHeight) {
    scrollTo(0, y);
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  frames.sort((a, b) => a - b);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  return {frames: frames.length, median: q(0.5), p95: q(0.95), worst: frames[frames.length - 1],
          height: end};
}"""

_JUMP = """() => {
  const all = document.querySelectorAll('[data-rule]');
  const el = all[all.length - 1];
  const t0 = performance.now();
  el.scrollIntoView({block: 'center'});
  el.getBoundingClientRect();
  return performance.now() - t0;
}"""


def measure_browser(page_path: Path, chromium: str, lazy: bool, runs: int = 3) -> dict:
    """Open the page ``runs`` times in one browser; the median run's figures (by DOMContentLoaded)."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            if not lazy:
                page.add_init_script("document.addEventListener('DOMContentLoaded', () => {"
                                     "const s = document.createElement('style');"
                                     "s.textContent = '.chunk{content-visibility:visible!important}';"
                                     "document.head.appendChild(s);});")
            t0 = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="load")
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            wall = time.perf_counter() - t0
            timing = page.evaluate("""() => {
              const n = performance.getEntriesByType('navigation')[0];
              return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                      elements: document.getElementsByTagName('*').length,
                      heap: performance.memory ? performance.memory.usedJSHeapSize : 0};
            }""")
            scroll = page.evaluate(_SCROLL)
            jump = page.evaluate(_JUMP)
            page.close()
            results.append({"wall": wall, **timing, "scroll": scroll, "jump": jump, "errors": errors})
        browser.close()
    results.sort(key=lambda r: r["dcl"])
    return results[len(results) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()

    from corpus import build_corpus

    from termkit import check_paths, load_termbase
    from termkit.report.html import render_html

    doc = build_corpus(args.size_mb)[0]
    text = doc.read_text(encoding="utf-8")
    print(f"document: {doc} ({doc.stat().st_size / 1e6:.2f} MB, {len(text):,} characters, "
          f"{text.count(chr(10)) + 1:,} lines)")
    tb = load_termbase()
    t0 = time.perf_counter()
    result = check_paths([doc], tb)
    t1 = time.perf_counter()
    page = render_html(result, tb)
    t2 = time.perf_counter()
    print(f"check: {t1 - t0:.2f} s, {len(result.findings):,} findings")
    print(f"render_html: {t2 - t1:.2f} s, page {len(page.encode('utf-8')) / 1e6:.2f} MB")

    if not Path(args.chromium).exists():
        print(f"no Chromium at {args.chromium}: browser figures skipped")
        return
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("playwright is not installed: browser figures skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        path.write_text(page, encoding="utf-8")
        for lazy in (True, False):
            m = measure_browser(path, args.chromium, lazy)
            s = m["scroll"]
            label = "lazy chunks (as shipped)" if lazy else "without content-visibility"
            print(f"chromium, {label}:")
            print(f"  open: DOMContentLoaded {m['dcl']:.0f} ms, load {m['load']:.0f} ms, "
                  f"first frame after {m['wall'] * 1000:.0f} ms wall; {m['elements']:,} elements, "
                  f"JS heap {m['heap'] / 1e6:.1f} MB")
            print(f"  scroll through {s['height']:,} px in {s['frames']} frames: frame median "
                  f"{s['median']:.1f} ms, p95 {s['p95']:.1f} ms, worst {s['worst']:.1f} ms")
            print(f"  jump to the last finding: {m['jump']:.1f} ms; page errors: {len(m['errors'])}")


if __name__ == "__main__":
    main()
