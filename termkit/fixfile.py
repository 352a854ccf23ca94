"""Apply safe fixes to files: plan the new content, preview it as a diff, write it atomically.

Guarantees, for every file:
- only findings ``fix.edits_for`` accepts are applied (one safe replacement,
  no normalization seam such as a line break inside the span);
- every other byte stays as it was: the file is re-encoded in the encoding it
  was read in, with its byte-order mark, and line endings are never touched
  (the decoded text keeps ``\\r\\n``); a file whose bytes would not survive
  decoding and re-encoding is left alone with a note;
- a file with nothing to change is not written;
- fixes are applied until none is left (a fix can uncover another, or two
  overlapping ones wait for each other), so a second ``--fix`` changes nothing;
- the write goes to a temporary file in the same directory, is flushed to
  disk, gets the original's permissions and then replaces the original in one
  ``os.replace``: an interrupted write leaves the original intact.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from termkit.document import Document, read_document
from termkit.errors import InputError
from termkit.fix import apply_edits, edits_for
from termkit.model import Finding

#: passes of fix-and-recheck before giving up on reaching a fixed point
MAX_PASSES = 8


@dataclass(frozen=True)
class FilePlan:
    """What fixing one file would do."""

    path: str
    document: Document
    new_text: str
    fixed: int  # findings fixed, over all passes

    @property
    def changed(self) -> bool:
        return self.new_text != self.document.text

    def encoded(self) -> bytes:
        return self.document.bom + self.new_text.encode(self.document.encoding)

    def diff(self) -> str:
        """A unified diff of the decoded text (what a reviewer reads), ``a/`` and ``b/`` prefixed."""
        name = Path(self.path).as_posix()
        lines = difflib.unified_diff(
            self.document.text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}")
        out = []
        for line in lines:
            # a last line without a newline is marked the way diff(1) and git do
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def plan_file(path: str, findings: Iterable[Finding], recheck: Callable[[Document], list[Finding]],
              encoding: str | None = None, rules: Iterable[str] | None = None
              ) -> tuple[FilePlan | None, str | None]:
    """The fix plan of one file, or a note saying why it is left alone.

    ``findings`` are the file's current (already filtered) findings;
    ``recheck`` checks a changed text again, the same way, for the next pass;
    ``rules``, when given, limits the fixes to those rule ids.
    """
    doc = read_document(path, encoding)
    findings = list(findings)
    if any(doc.text[f.start:f.end] != f.text for f in findings):
        # the file changed after it was checked: its offsets no longer point at the findings
        return None, f"{path}: not fixed: the file changed while it was being checked; run again"
    try:
        round_trip = doc.text.encode(doc.encoding) == Path(path).read_bytes()[len(doc.bom):]
    except UnicodeEncodeError:
        round_trip = False
    if not round_trip:
        return None, f"{path}: not fixed: its bytes do not survive decoding and re-encoding as {doc.encoding}"
    text = doc.text
    fixed = 0
    for _ in range(MAX_PASSES):
        edits = edits_for(findings, rules)
        if not edits:
            break
        new_text = apply_edits(text, edits)
        try:
            new_text.encode(doc.encoding)
        except UnicodeEncodeError:
            return None, f"{path}: not fixed: a replacement cannot be written in {doc.encoding}"
        fixed += len(edits)
        text = new_text
        findings = recheck(Document(doc.path, text, doc.encoding, doc.bom))
    else:
        if edits_for(findings, rules):
            return None, f"{path}: not fixed: fixes did not settle after {MAX_PASSES} passes"
    return FilePlan(path, doc, text, fixed), None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same directory.

    The temporary file gets the original's permission bits; a symbolic link is
    followed, so the link stays a link. On any failure the temporary file is
    removed and the original is untouched.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".termkit-tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        _sync_directory(target.parent)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); where a directory cannot be opened, the rename still stands."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_plan(plan: FilePlan) -> bool:
    """Write a planned fix; False (and nothing written) when it changes nothing."""
    if not plan.changed:
        return False
    write_atomic(plan.path, plan.encoded())
    return True


def plan_fixes(findings: Iterable[Finding], termbase, options, baseline=None, unfixable: Iterable[str] = ()
               ) -> tuple[list[FilePlan], list[str]]:
    """Fix plans for every file with a fixable finding, in path order, and notes on files left alone.

    ``findings`` are what the check reported (after suppressions and the
    baseline); later passes re-check each file with the same ``options`` and
    ``baseline``, so a suppressed or baselined finding is never fixed.
    Findings of the ``unfixable`` rules are reported, never fixed.
    """
    from termkit.baseline import TextCache
    from termkit.engine import check_document
    from termkit.rules import RULES

    skip = set(unfixable)
    rules = [r for r in RULES if r not in skip] if skip else None

    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    plans, notes = [], []
    for path in sorted(by_path):
        if not edits_for(by_path[path], rules):
            continue

        def recheck(doc: Document) -> list[Finding]:
            found = check_document(doc, termbase, options)
            if baseline is not None:
                found, _ = baseline.filter(found, TextCache(options.encoding, {doc.path: doc.text}))
            return found

        plan, note = plan_file(path, by_path[path], recheck, options.encoding, rules)
        if note:
            notes.append(note)
        if plan is not None and plan.changed:
            plans.append(plan)
    return plans, notes
