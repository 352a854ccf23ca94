"""What docs/gen_*.py share: replace a marked block of a page, and write or check the pages."""

from __future__ import annotations

from pathlib import Path


def replace_between(text: str, start: str, end: str, body: str, name: str) -> str:
    """``text`` with what lies between the ``start`` and ``end`` markers replaced by ``body``."""
    if start not in text or end not in text.partition(start)[2]:
        raise SystemExit(f"{name} has no {start} ... {end} markers")
    head, _, rest = text.partition(start)
    return f"{head}{start}\n{body}{end}{rest.partition(end)[2]}"


def write_or_check(wanted: dict[Path, str], root: Path, script: str, check: bool) -> int:
    """Write each page whose text differs from ``wanted``; with ``check``, only name them (exit 1)."""
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        for p in stale:
            print(f"{p.relative_to(root)} is out of date: run python docs/{script}")
        return 1 if stale else 0
    for p in stale:
        p.write_text(wanted[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(root)}")
    return 0
