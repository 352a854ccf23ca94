"""Baselines: record the findings a legacy corpus has today, then report only new ones.

A finding is identified by its path, rule, text and context (the characters
on each side of it on its line, with white space removed), never by its line
or column: inserting, deleting or moving lines leaves the baseline valid.
Identical findings in identical contexts are counted, so a second copy of a baselined sentence is still reported as new.

Paths are stored relative to the baseline file's directory, so the check may
run from any directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from termkit._util.atomic import write_atomic
from termkit.engine.sources import SourceTexts
from termkit.errors import ConfigError, InputError
from termkit.model import Finding
from termkit.text.document import read_bytes, sniff_encoding
from termkit.text.lines import decode_utf8

VERSION = 1
#: characters of context kept on each side of a finding (after removing white space)
CONTEXT = 12


def _squash(text: str) -> str:
    return "".join(text.split())


def context_of(f: Finding, text: str) -> str:
    """The finding's surroundings on its own line(s): up to CONTEXT non-space characters on each side.

    The context stops at the line breaks around the finding, so inserting or
    deleting lines next to it does not change it.
    """
    if not text or f.end <= f.start:
        return ""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    if line_end == -1:
        line_end = len(text)
    before = _squash(text[max(line_start, f.start - 4 * CONTEXT):f.start])[-CONTEXT:]
    after = _squash(text[f.end:min(line_end, f.end + 4 * CONTEXT)])[:CONTEXT]
    return f"{before}\u2038{after}"


def fingerprint(f: Finding, text: str) -> str:
    """A stable hash of rule, text and context (not path or position), for SARIF viewers."""
    key = "\x1f".join((f.rule, _squash(f.text), context_of(f, text)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    rule: str
    text: str
    context: str


def _stored_path(path: str, base_dir: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def entries(findings: Iterable[Finding], base_dir: Path, texts: SourceTexts) -> list[Entry]:
    return [Entry(_stored_path(f.path, base_dir), f.rule, _squash(f.text), context_of(f, texts.get(f.path)))
            for f in findings]


def write_baseline(path: str | Path, findings: Iterable[Finding], texts: SourceTexts) -> int:
    """Write the baseline file; returns the number of findings recorded."""
    path = Path(path)
    counts = Counter(entries(findings, path.parent, texts))
    doc = {
        "version": VERSION,
        "tool": "termkit",
        "findings": [{"path": e.path, "rule": e.rule, "text": e.text, "context": e.context,
                      **({"count": n} if n > 1 else {})}
                     for e, n in sorted(counts.items())],
    }
    data = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, data.encode("utf-8"))
    return sum(counts.values())


@dataclass
class Baseline:
    path: Path
    counts: Counter

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        path = Path(path)
        try:
            data = read_bytes(path, "baseline", binary_ok=True)
        except InputError as exc:
            if exc.message == "no such file":
                raise ConfigError("baseline file not found (create it with --write-baseline)", str(path)) from None
            raise ConfigError(f"cannot read baseline: {exc.message}", str(path)) from None
        sniffed = sniff_encoding(data)
        if sniffed is not None and sniffed[0] != "utf-8":
            raise ConfigError(f"baseline is {sniffed[0].upper()}, not UTF-8 (write it again with --write-baseline)",
                              str(path))
        raw = decode_utf8(data, str(path), "baseline", ConfigError)
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"not valid JSON: {exc.msg}", str(path), exc.lineno, exc.colno) from None
        except RecursionError:  # JSON nested thousands deep: no baseline is
            raise ConfigError("not a termkit baseline: JSON nested too deeply", str(path)) from None
        if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("findings"), list):
            raise ConfigError(f"not a termkit baseline (version {VERSION})", str(path))
        counts: Counter = Counter()
        for i, item in enumerate(doc["findings"]):
            try:
                e = Entry(str(item["path"]), str(item["rule"]), str(item["text"]), str(item.get("context", "")))
                n = int(item.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"baseline entry {i + 1} needs path, rule and text", str(path)) from None
            counts[e] += n
        return cls(path, counts)

    def filter(self, findings: Iterable[Finding], texts: SourceTexts) -> tuple[list[Finding], int]:
        """The findings the baseline does not cover, in their order, and how many it covered."""
        findings = list(findings)
        left = Counter(self.counts)
        out = []
        covered = 0
        for f, e in zip(findings, entries(findings, self.path.parent, texts)):
            if left[e] > 0:
                left[e] -= 1
                covered += 1
            else:
                out.append(f)
        return out, covered
