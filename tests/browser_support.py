"""Chromium for the page tests, found and started as the HTML report's tests do (tests/test_html_report.py).

A test that uses the ``browser`` fixture (import it into the test module) skips, saying why, when
playwright or Chromium is missing or Chromium cannot start here; `.ci/run` installs both.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    for candidate in (os.environ.get("TERMKIT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    exe = chromium()
    if exe is None:
        pytest.skip("no Chromium installed (apt-get install chromium, or set TERMKIT_CHROMIUM); browser tests skipped")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=ARGS)
        except Exception as exc:  # a browser that cannot start here is an environment problem, not a page bug
            pytest.skip(f"Chromium at {exe} did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


class Opened:
    """A page opened from a file, with its console errors, requests and dialogs recorded."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri() + fragment, wait_until="load")

    def close(self) -> None:
        self.page.close()
