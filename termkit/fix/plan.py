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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from termkit._util.atomic import write_atomic
from termkit.fix.edits import apply_edits, edits_for
from termkit.model import Finding
from termkit.text.document import Document, decode, read_bytes

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
              encoding: str | None = None, rules: Iterable[str] | None = None,
              given: tuple[Document, bytes] | None = None) -> tuple[FilePlan | None, str | None]:
    """The fix plan of one file, or a note saying why it is left alone.

    ``findings`` are the file's current (already filtered) findings;
    ``recheck`` checks a changed text again, the same way, for the next pass;
    ``rules``, when given, limits the fixes to those rule ids; ``given``, a
    document given by its content and the bytes it stands for, is used instead
    of reading the file.
    """
    if given is None:
        data = read_bytes(path)
        doc = decode(data, path, encoding)
    else:
        doc, data = given
    findings = list(findings)
    if any(doc.text[f.start:f.end] != f.text for f in findings):
        # the file changed after it was checked: its offsets no longer point at the findings
        return None, f"{path}: not fixed: the file changed while it was being checked; run again"
    try:
        round_trip = doc.bom + doc.text.encode(doc.encoding) == data
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


def write_plan(plan: FilePlan) -> bool:
    """Write a planned fix; False (and nothing written) when it changes nothing."""
    if not plan.changed:
        return False
    write_atomic(plan.path, plan.encoded())
    return True


def plan_fixes(findings: Iterable[Finding], recheck: Callable[[Document], list[Finding]],
               encoding: str | None = None, skip_rules: Iterable[str] = (),
               given: Mapping[str, tuple[Document, bytes]] | None = None) -> tuple[list[FilePlan], list[str]]:
    """Fix plans for every file with a fixable finding, in path order, and notes on files left alone.

    ``findings`` are what the check reported (after suppressions and the
    baseline); ``recheck`` checks a changed document again exactly as the
    check did (options, suppressions, baseline), so a suppressed or baselined
    finding is never fixed. Findings of the ``skip_rules`` are reported, never
    fixed. ``given`` holds the documents given by their content (see ``plan_file``).
    """
    given = given or {}
    skip = frozenset(skip_rules)
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule not in skip:
            by_path.setdefault(f.path, []).append(f)
    plans, notes = [], []
    for path in sorted(by_path):
        if not edits_for(by_path[path]):
            continue

        def recheck_kept(doc: Document) -> list[Finding]:
            return [f for f in recheck(doc) if f.rule not in skip]

        plan, note = plan_file(path, by_path[path], recheck_kept, encoding, given=given.get(path))
        if note:
            notes.append(note)
        if plan is not None and plan.changed:
            plans.append(plan)
    return plans, notes
