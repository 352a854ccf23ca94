"""A non-editable install carries the bundled termbases and finds them from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


def test_wheel_carries_the_termbases_and_loads_them_from_anywhere(tmp_path):
    hatchling = pytest.importorskip("hatchling.builders.wheel")
    builder = hatchling.WheelBuilder(str(ROOT))
    wheel = next(iter(builder.build(directory=str(tmp_path / "dist"), versions=["standard"])))
    names = zipfile.ZipFile(wheel).namelist()
    bundled = sorted(n for n in names if n.startswith("termkit/glossary/") and n.endswith(".yaml"))
    expected = sorted(f"termkit/glossary/{p.relative_to(ROOT / 'glossary').as_posix()}"
                      for p in (ROOT / "glossary").rglob("*.yaml"))
    assert bundled == expected and bundled
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import termkit, termkit.termbase as t; tb = termkit.load_termbase(); "
            "print(t.bundled_dir()); print(len(tb.concepts))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, check=True).stdout.split("\n")
    assert out[0] == str(site / "termkit" / "glossary")
    assert int(out[1]) >= 3000
