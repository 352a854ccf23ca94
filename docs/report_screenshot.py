"""Take the README's screenshots of the HTML report (docs/report.png, docs/report-summary.png).

    termkit check data/ --format html -o /tmp/report.html
    python docs/report_screenshot.py /tmp/report.html

Needs Playwright and a Chromium (default /usr/bin/chromium) with CJK fonts (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent


def main(report: str, chromium: str = "/usr/bin/chromium") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.goto(Path(report).resolve().as_uri())
        page.screenshot(path=str(HERE / "report-summary.png"))
        # a stretch of document 001 with an error and an info finding, the tooltip of the error showing
        target = page.locator('section.doc[data-doc="1"] mark[data-rule="deprecated-term"]').nth(3)
        target.evaluate("(el) => { el.scrollIntoView({block: 'center'}); }")
        page.mouse.wheel(0, 160)
        page.wait_for_timeout(100)
        target.hover()
        page.wait_for_timeout(100)
        page.screenshot(path=str(HERE / "report.png"))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
