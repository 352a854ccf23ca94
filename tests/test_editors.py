"""The editor integrations in editors/ start the server as it is really started.

The VS Code extension's manifest names an entry file that exists and parses
(``node --check``; skipped without Node.js), activates for the languages the
server checks, and starts by default a command that exists: ``termkit lsp``.
CI packages the extension with vsce (.ci/run); these tests need no npm.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT, run_cli

VSCODE = ROOT / "editors" / "vscode"


def manifest() -> dict:
    return json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))


def test_manifest_entry_languages_and_default_command():
    pkg = manifest()
    assert (VSCODE / pkg["main"]).is_file()
    assert pkg["activationEvents"] == ["onLanguage:markdown", "onLanguage:plaintext", "onLanguage:html"]
    command = pkg["contributes"]["configuration"]["properties"]["termkit.command"]["default"]
    assert command == ["termkit", "lsp"]
    # the command exists, and takes the --stdio the language client adds for a stdio transport
    assert run_cli(*command[1:], "--help").code == 0
    assert "--stdio" in run_cli(*command[1:], "--help").out
    # what vsce needs to package without asking (no prompt in CI): a license and a repository
    assert (VSCODE / "LICENSE").is_file() and pkg["repository"]["url"]
    assert (VSCODE / "package-lock.json").is_file()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_extension_script_parses():
    subprocess.run(["node", "--check", str(VSCODE / manifest()["main"])], check=True)
