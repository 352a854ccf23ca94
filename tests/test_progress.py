"""Progress: the library reports it to a callback and never prints; the command draws it on a terminal only.

The bar goes to standard error, only when that is a terminal, never with
--quiet or --no-progress, and never into a report. The end-to-end case runs
`termkit check` under a pseudo-terminal (stderr) with the report on a pipe.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import CORPUS, FIXTURES

from termkit import CheckOptions, load_termbase
from termkit.engine.pipeline import check_paths
from termkit.engine.progress import Progress

MINI = str(FIXTURES / "mini.yaml")


@pytest.fixture(scope="module")
def mini():
    return load_termbase([MINI])


def test_the_library_reports_progress_to_a_callback_and_prints_nothing(mini, tmp_path, capfd):
    for i, path in enumerate(CORPUS * 4):
        (tmp_path / f"{i:02d}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    seen: list[Progress] = []
    result = check_paths([tmp_path], mini, CheckOptions(scope="corpus"), progress=seen.append)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert result.findings
    assert seen[0].done == 0 and seen[0].task == "check"
    assert seen[-1].done == seen[-1].total == 20
    assert seen[-1].done_bytes == seen[-1].total_bytes == sum(p.stat().st_size for p in tmp_path.iterdir())
    assert all(a.done <= b.done and a.done_bytes <= b.done_bytes for a, b in zip(seen, seen[1:]))


def test_a_large_document_reports_its_parts(mini, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("".join(p.read_text(encoding="utf-8") for p in CORPUS) * 20, encoding="utf-8")
    seen: list[Progress] = []
    check_paths([big], mini, CheckOptions(), progress=seen.append, part_chars=20_000)
    inside = [p for p in seen if 0 < p.done_bytes < p.total_bytes]
    assert len(inside) > 10 and all(p.done == 0 for p in inside)
    assert seen[-1].done == 1 and seen[-1].done_bytes == big.stat().st_size


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_on_a_terminal_only():
    from termkit.cli.progress import wanted

    assert wanted(False, False, _Terminal())
    assert not wanted(False, False, io.StringIO())  # a pipe or a file
    assert not wanted(True, False, _Terminal())  # --no-progress
    assert not wanted(False, True, _Terminal())  # --quiet


def test_the_bar_shows_rate_files_and_estimate(monkeypatch):
    from termkit.cli import progress as bar_module

    monkeypatch.setattr(bar_module, "DELAY", 0.0)
    screen = _Terminal()
    with bar_module.progress_callback(stream=screen) as callback:
        assert callback is not None
        for done in range(0, 11):
            callback(Progress("check", done, 20, done * 1_000_000, 20_000_000))
        callback.progress.refresh()  # what the display's own thread does ten times a second
        drawn = screen.getvalue()
    assert "termkit check" in drawn and "/20 files" in drawn and "MB" in drawn and "eta" in drawn


def test_a_short_run_draws_nothing():
    from termkit.cli.progress import progress_callback

    screen = _Terminal()
    with progress_callback(stream=screen) as callback:
        callback(Progress("check", 0, 1, 0, 10))
        callback(Progress("check", 1, 1, 10, 10))
    assert screen.getvalue() == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as on Linux")
def test_a_long_run_on_a_terminal_shows_progress_on_stderr_never_in_the_report(tmp_path):
    import pty

    docs = tmp_path / "docs"
    docs.mkdir()
    lines = CORPUS[0].read_text(encoding="utf-8").splitlines(keepends=True)
    for i in range(3000):
        (docs / f"{i:04d}.txt").write_text("".join(lines[i % 40:i % 40 + 6]), encoding="utf-8")
    env = {**os.environ, "TERMKIT_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "120"}

    def run(*extra: str) -> tuple[str, str]:
        leader, follower = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "termkit", "check", "-t", MINI, "--jobs", "1",
                                 "--format", "json", *extra, str(docs)], stdout=subprocess.PIPE,
                                stderr=follower, env=env)
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        report = proc.stdout.read().decode("utf-8") if proc.stdout else ""
        proc.wait(timeout=600)
        os.close(leader)
        return report, screen.decode("utf-8", "replace")

    report, screen = run()
    assert "files" in screen and "eta" in screen
    assert report.lstrip().startswith("{") and "eta" not in report and "\x1b" not in report
    quiet_report, quiet_screen = run("--no-progress")
    assert "eta" not in quiet_screen and quiet_report == report
