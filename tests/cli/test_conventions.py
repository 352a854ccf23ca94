"""Command-line conventions that golden files cannot pin: what is imported, what is written where."""

from __future__ import annotations

import os
import subprocess
import sys

from termkit._version import __version__


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def test_version_answers_without_importing_the_cli_framework():
    out = _python("import sys\n"
                  "from termkit.cli.entry import main\n"
                  "code = main(['--version'])\n"
                  "heavy = sorted(m for m in ('typer', 'click', 'rich', 'termkit.api', 'termkit.cli.app', 'yaml')"
                  " if m in sys.modules)\n"
                  "print(code, heavy)\n")
    assert out == f"termkit {__version__}\n0 []\n"


def test_version_of_the_typer_app_agrees(cli):
    for flag in ("--version", "-V"):
        r = cli(flag)
        assert (r.code, r.out, r.err) == (0, f"termkit {__version__}\n", "")
